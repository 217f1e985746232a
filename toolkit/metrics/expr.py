"""Metric building blocks: plain functions that return ``pl.Expr``.

They take column names (or expressions) and compose into the catalog's
metrics in :mod:`toolkit.metrics._compute`. Each one can be tried on any posts
frame that went through :func:`toolkit.conversations.with_parents`::

    posts.with_columns(reply=expr.reply_to_others()).group_by("account").agg(expr.share("reply"))

Examples
--------
>>> import polars as pl
>>> f = pl.DataFrame({"kind": ["post", "reply", "reply", "repost"],
...                   "account": ["a"] * 4, "parent_author": [None, "b", "a", None]})
>>> f.select(reply_to_others().alias("r"), self_thread().alias("s")).to_dict(as_series=False)
{'r': [False, True, False, False], 's': [False, False, True, False]}
"""

from __future__ import annotations

import polars as pl

IntoExpr = pl.Expr | str


def _c(x: IntoExpr) -> pl.Expr:
    return pl.col(x) if isinstance(x, str) else x


# --------------------------------------------------------------------------- item kinds


def is_own(author: IntoExpr = "author", account: IntoExpr = "account") -> pl.Expr:
    """The row was written by the studied account it belongs to."""
    return _c(author) == _c(account)


def self_thread(
    kind: IntoExpr = "kind",
    parent_author: IntoExpr = "parent_author",
    account: IntoExpr = "account",
) -> pl.Expr:
    """A reply to the account's own item (a thread continuing its own post)."""
    return ((_c(kind) == "reply") & (_c(parent_author) == _c(account))).fill_null(False)


def reply_to_others(
    kind: IntoExpr = "kind",
    parent_author: IntoExpr = "parent_author",
    account: IntoExpr = "account",
) -> pl.Expr:
    """A reply to someone else; a reply whose parent's author is unknown counts as one."""
    return (_c(kind) == "reply") & (
        _c(parent_author).is_null() | (_c(parent_author) != _c(account))
    )


def is_repost(kind: IntoExpr = "kind") -> pl.Expr:
    """A repost (retweet, boost, share) without own text."""
    return _c(kind) == "repost"


def is_root(kind: IntoExpr = "kind") -> pl.Expr:
    """A root item: an original post or a quote (it starts a conversation of its own)."""
    return _c(kind).is_in(["post", "quote"])


def has_link(urls: IntoExpr = "urls", text: IntoExpr = "text") -> pl.Expr:
    """The item carries a link (in the export's url list or in its text)."""
    return (_c(urls).list.len() > 0) | _c(text).str.contains(r"(?i)(?:https?://|www\.)\S")


# --------------------------------------------------------------------------- timing


def clock_aligned(created_at: IntoExpr = "created_at") -> pl.Expr:
    """Published at hh:00, hh:15, hh:30 or hh:45 with seconds 0 (fractions of a second ignored)."""
    t = _c(created_at)
    return ((t.dt.minute() % 15) == 0) & (t.dt.second() == 0)


def clock_aligned_chance(minute_precision: IntoExpr) -> pl.Expr:
    """Chance of :func:`clock_aligned`: 4/60 when times are recorded to the minute, else 4/3600."""
    return pl.when(_c(minute_precision)).then(4 / 60).otherwise(4 / 3600)


def gap_seconds(created_at: IntoExpr = "created_at") -> pl.Expr:
    """Seconds since the previous item (sort first; use ``.over(...)`` per account)."""
    return _c(created_at).diff().dt.total_microseconds().cast(pl.Float64) / 1e6


def burstiness(gaps: IntoExpr) -> pl.Expr:
    """(sigma - mu) / (sigma + mu) of the gaps (population sigma); -1 regular, 0 Poisson, +1 bursty."""
    g = _c(gaps)
    mu, sigma = g.mean(), g.std(ddof=0)
    return (sigma - mu) / (sigma + mu)


def log2_bin(gaps: IntoExpr) -> pl.Expr:
    """Doubling bin of a gap in seconds: 0 for < 2 s, 1 for 2-4 s, 2 for 4-8 s, ..."""
    return _c(gaps).clip(lower_bound=1.0).log(2).floor().cast(pl.Int32)


def entropy_bits(bins: IntoExpr) -> pl.Expr:
    """Shannon entropy (bits) of the distribution of a categorical column (an aggregation)."""
    p = _c(bins).value_counts(normalize=True).struct.field("proportion")
    return -(p * p.log(2)).sum()


# --------------------------------------------------------------------------- aggregations


def share(flag: IntoExpr) -> pl.Expr:
    """Share of non-null rows where ``flag`` is true (an aggregation)."""
    f = _c(flag)
    return f.cast(pl.Float64).sum() / f.count()


def hhi(counts: IntoExpr) -> pl.Expr:
    """Herfindahl-Hirschman index of counts (an aggregation): sum of squared shares."""
    c = _c(counts).cast(pl.Float64)
    return ((c / c.sum()) ** 2).sum()


def seconds_to_hours(x: IntoExpr) -> pl.Expr:
    """Seconds to hours."""
    return _c(x) / 3600.0
