"""Reply trees and inbound items: who answered whom, and how fast.

Vocabulary (used in the metric catalog and the report):

own item
    a row written by a studied account (``author == account``).
self-thread
    an own reply whose parent is the account's own item (``reply_to_author == account``):
    it continues a monologue and never counts as engaging with someone.
inbound item
    something addressed to a studied account by someone else:

    * a reply by someone else whose parent is one of the account's items (the
      parent's author is the account: from the parent row when it is in the data,
      else from ``reply_to_author``), including replies to items outside the data;
    * where the data has them (twarc collections, API searches), a post or quote
      by someone else that @mentions the account, and a reply to an unknown author
      that @mentions it. Replies to a third person that carry the account's handle
      (Twitter adds every handle of the thread to a reply) are *not* inbound: they
      answer someone else.

    Reposts are never inbound items.
answer
    the account's first *direct* reply to the item (``reply_to_id`` is the item's id).
    Replying elsewhere in the thread does not answer a particular item.
censoring
    an item that is not answered within the window (default 7 days) is followed
    until ``min(window, observed_until - created_at)``, where ``observed_until``
    (from ``archive.accounts``) is when the data for the account end. An item
    posted one hour before the end of the data is "unanswered for at least one
    hour", not "unanswered for 7 days".

Business hours (``business_hours=True``): delays and censoring times are
counted in elapsed business time, Monday to Friday 9:00-17:00 in the account's
time zone (accounts file; UTC when not given). The clock stops outside those
hours: a question sent on Friday at 16:30 and answered on Monday at 9:15 waited
45 business minutes. Public holidays are not known and count as working days.
Whether an item was answered "within the window" is still decided on the
calendar clock.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from toolkit.archive import Archive
from toolkit.schema import UTC

__all__ = [
    "business_seconds",
    "inbound",
    "studied_accounts",
    "threads",
    "with_parents",
]

BUSINESS_START_H = 9
BUSINESS_END_H = 17
_BH = (BUSINESS_END_H - BUSINESS_START_H) * 3600

INBOUND_COLUMNS = (
    "platform",
    "account",
    "post_id",
    "author",
    "created_at",
    "conversation_id",
    "answered",
    "answer_id",
    "answered_at",
    "delay_s",
    "duration_s",
    "event",
    "via",
)


# --------------------------------------------------------------------------- parents and trees


def with_parents(posts: pl.DataFrame) -> pl.DataFrame:
    """``posts`` plus ``parent_author`` and ``parent_missing`` (one join; all columns kept).

    ``parent_author`` is the author of the parent row when the parent is in the
    data, else the export's ``reply_to_author`` (null when neither is known).
    ``parent_missing`` is True for a reply whose parent is not in the data (reposts and
    quotes may name their target in ``reply_to_*`` too; they are never "missing a parent").

    Examples
    --------
    >>> from toolkit.schema import posts_from_rows
    >>> from datetime import datetime, timezone
    >>> t = datetime(2012, 9, 1, tzinfo=timezone.utc)
    >>> p = posts_from_rows([
    ...     dict(platform="twitter", account="a", post_id="1", author="a", created_at=t,
    ...          text="hi", kind="post", conversation_id="1", source_file="x"),
    ...     dict(platform="twitter", account="a", post_id="2", author="b", created_at=t,
    ...          text="hey", kind="reply", reply_to_id="1", conversation_id="1", source_file="x"),
    ...     dict(platform="twitter", account="a", post_id="3", author="a", created_at=t,
    ...          text="yo", kind="reply", reply_to_id="9", reply_to_author="c",
    ...          conversation_id="9", source_file="x")])
    >>> with_parents(p).select("post_id", "parent_author", "parent_missing").rows()
    [('1', None, False), ('2', 'a', False), ('3', 'c', True)]
    """
    lookup = posts.select(
        key("post_id").alias("_k"), pl.col("post_id").alias("_pid"), pl.col("author").alias("_pa")
    ).unique(subset="_k", keep="any")
    found = posts.select(key("reply_to_id").alias("_k"), "reply_to_id").join(
        lookup, on="_k", how="left", maintain_order="left"
    )
    # hashes only find candidates; the ids themselves must match
    found = found.select(
        (pl.col("_pid") == pl.col("reply_to_id")).fill_null(False).alias("same"),
        pl.when(pl.col("_pid") == pl.col("reply_to_id")).then(pl.col("_pa")).alias("_pa"),
    )
    same = found["same"]
    return posts.with_columns(
        pl.coalesce(pl.lit(found["_pa"]), pl.col("reply_to_author")).alias("parent_author"),
        ((pl.col("kind") == "reply") & pl.col("reply_to_id").is_not_null() & pl.lit(~same)).alias(
            "parent_missing"
        ),
    )


def key(*columns: str | pl.Expr) -> pl.Expr:
    """A 64-bit hash of ``platform`` and the given columns (null when any of them is null).

    Joins and groupings on millions of rows run on these integers instead of
    strings; where a wrong match would matter, the strings are compared after the
    join (a collision among a million ids has a probability near 1e-8).
    """
    exprs = [pl.col(c) if isinstance(c, str) else c for c in columns]
    fields = [pl.col("platform").to_physical().alias("_f0")] + [
        e.alias(f"_f{i + 1}") for i, e in enumerate(exprs)
    ]
    valid = pl.all_horizontal([e.is_not_null() for e in exprs])
    return pl.when(valid).then(pl.struct(fields).hash(seed=0))


def threads(posts: pl.DataFrame, *, max_depth: int = 1024) -> pl.DataFrame:
    """Posts plus ``root_id``, ``depth``, ``parent_author`` and ``parent_missing``.

    ``root_id`` is the topmost ancestor found in the data (the row's own id for a
    root). ``depth`` counts reply hops up to it; when the chain leaves the data
    (the top item is itself a reply whose parent is missing) the missing parent
    counts as one more hop, so ``depth`` is at least 1 for every reply: a lower
    bound. Conversations with missing parents are kept and flagged
    (``parent_missing``), never dropped. Row order is preserved.

    Examples
    --------
    >>> from toolkit.schema import posts_from_rows
    >>> from datetime import datetime, timezone
    >>> t = datetime(2012, 9, 1, tzinfo=timezone.utc)
    >>> rows = [dict(platform="twitter", account="a", post_id=i, author=a, created_at=t, text="",
    ...              kind=k, reply_to_id=r, conversation_id="1", source_file="x")
    ...         for i, a, k, r in [("1", "a", "post", None), ("2", "b", "reply", "1"),
    ...                            ("3", "a", "reply", "2"), ("4", "c", "reply", "77")]]
    >>> threads(posts_from_rows(rows)).select("post_id", "root_id", "depth", "parent_missing").rows()
    [('1', '1', 0, False), ('2', '1', 1, False), ('3', '1', 2, False), ('4', '4', 1, True)]
    """
    base = with_parents(posts).with_row_index("_row")
    known = (
        base.select("platform", pl.col("post_id").alias("reply_to_id"))
        .unique()
        .with_columns(pl.lit(True).alias("_in"))
    )
    # only replies hang in a tree: a repost or quote that names its target starts its own
    ptr = (
        base.select(
            "platform",
            "post_id",
            pl.when(pl.col("kind") == "reply").then(pl.col("reply_to_id")).alias("reply_to_id"),
        )
        .unique(subset=["platform", "post_id"], keep="first")
        .join(known, on=["platform", "reply_to_id"], how="left", maintain_order="left")
        .select(
            "platform",
            "post_id",
            pl.when(pl.col("_in").fill_null(False) & (pl.col("reply_to_id") != pl.col("post_id")))
            .then(pl.col("reply_to_id"))
            .otherwise(pl.col("post_id"))
            .alias("_up"),
            pl.when(pl.col("_in").fill_null(False) & (pl.col("reply_to_id") != pl.col("post_id")))
            .then(pl.lit(1, pl.Int64))
            .otherwise(pl.lit(0, pl.Int64))
            .alias("_d"),
        )
    )
    # pointer jumping: each pass doubles the distance covered, so log2(depth) joins
    for _ in range(max(1, max_depth.bit_length())):
        nxt = ptr.join(
            ptr.rename({"post_id": "_up", "_up": "_up2", "_d": "_d2"}),
            on=["platform", "_up"],
            how="left",
            maintain_order="left",
        ).with_columns(
            pl.coalesce("_up2", "_up").alias("_up2"),
            (pl.col("_d") + pl.col("_d2").fill_null(0)).alias("_d2"),
        )
        done = (nxt["_up2"] == nxt["_up"]).all()
        ptr = nxt.select(
            "platform", "post_id", pl.col("_up2").alias("_up"), pl.col("_d2").alias("_d")
        )
        if done:
            break
    top_missing = base.select(
        "platform", pl.col("post_id").alias("_up"), pl.col("parent_missing").alias("_top_missing")
    ).unique(subset=["platform", "_up"], keep="first")
    ptr = ptr.join(top_missing, on=["platform", "_up"], how="left", maintain_order="left")
    out = (
        base.join(ptr, on=["platform", "post_id"], how="left", maintain_order="left")
        .with_columns(
            pl.col("_up").alias("root_id"),
            (pl.col("_d") + pl.col("_top_missing").fill_null(False).cast(pl.Int64)).alias("depth"),
        )
        .sort("_row")
        .drop("_row", "_up", "_d", "_top_missing")
    )
    return out


# --------------------------------------------------------------------------- studied accounts


def studied_accounts(archive: Archive) -> pl.DataFrame:
    """One row per studied (platform, account) with labels and a complete observation window.

    Rows come from ``archive.accounts`` (``studied`` true or null); accounts that
    appear in ``posts`` but not there are added with default labels. Missing
    ``observed_from`` / ``observed_until`` are filled from the account's rows.
    Columns: platform, account, person, display_name, timezone, observed_from,
    observed_until, first_item, last_item (the account's rows in the data, any
    author), names (the display names the accounts file gives for it).
    """
    posts = archive.posts
    spans = posts.group_by("platform", "account").agg(
        pl.col("created_at").min().alias("_from"), pl.col("created_at").max().alias("_until")
    )
    accs = archive.accounts.filter(pl.col("studied").fill_null(True)).select(
        "platform",
        "account",
        "person",
        "display_name",
        "timezone",
        "observed_from",
        "observed_until",
    )
    missing = spans.join(accs, on=["platform", "account"], how="anti").select(
        "platform",
        "account",
        pl.concat_str([pl.col("platform").cast(pl.Utf8), pl.lit(":"), pl.col("account")]).alias(
            "person"
        ),
        pl.col("account").alias("display_name"),
        pl.lit("UTC").alias("timezone"),
        pl.lit(None, UTC).alias("observed_from"),
        pl.lit(None, UTC).alias("observed_until"),
    )
    out = (
        pl.concat([accs, missing], how="vertical_relaxed")
        .join(spans, on=["platform", "account"], how="left", maintain_order="left")
        .with_columns(
            pl.coalesce("observed_from", "_from").alias("observed_from"),
            pl.coalesce("observed_until", "_until").alias("observed_until"),
            pl.coalesce(
                "person",
                pl.concat_str([pl.col("platform").cast(pl.Utf8), pl.lit(":"), pl.col("account")]),
            ).alias("person"),
            pl.coalesce("display_name", "account").alias("display_name"),
            pl.col("timezone").fill_null("UTC"),
        )
        .rename({"_from": "first_item", "_until": "last_item"})
        .unique(subset=["platform", "account"], keep="first", maintain_order=True)
    )
    people = archive.people
    names = []
    for platform, account, display in out.select(
        pl.col("platform").cast(pl.Utf8), "account", "display_name"
    ).iter_rows():
        person = people.person_for(platform, account) if people else None
        names.append([n for n in dict.fromkeys([display, person.name if person else None]) if n])
    return out.with_columns(pl.Series("names", names, dtype=pl.List(pl.Utf8))).sort(
        "person", "platform", "account"
    )


# --------------------------------------------------------------------------- business time


def _business_clock(local_naive: pl.Expr) -> pl.Expr:
    """Business seconds elapsed since an arbitrary Monday, for a local wall-clock time."""
    s = local_naive.dt.epoch("s")
    days = s.floordiv(86400)
    sec = s - days * 86400
    # 1970-01-01 was a Thursday: shift by 3 so that weeks start on Monday
    weekday = (days + 3).mod(7)
    weeks = (days + 3).floordiv(7)
    in_day = pl.when(weekday < 5).then((sec - BUSINESS_START_H * 3600).clip(0, _BH)).otherwise(0)
    return weeks * (5 * _BH) + pl.min_horizontal(weekday, pl.lit(5)) * _BH + in_day


def business_seconds(start: pl.Expr | str, end: pl.Expr | str, timezone: str = "UTC") -> pl.Expr:
    """Elapsed business time in seconds (Float64) between two UTC datetimes, in ``timezone``.

    Business hours are Monday to Friday, 9:00 to 17:00 local time; the clock stops
    outside them (see the module notes).

    Examples
    --------
    >>> from datetime import datetime, timezone as tz
    >>> f = pl.DataFrame({"a": [datetime(2024, 3, 1, 16, 30, tzinfo=tz.utc)],
    ...                   "b": [datetime(2024, 3, 4, 9, 15, tzinfo=tz.utc)]})
    >>> f.select(business_seconds("a", "b").alias("s"))["s"].to_list()  # Friday 16:30 → Monday 9:15
    [2700.0]
    """
    a = pl.col(start) if isinstance(start, str) else start
    b = pl.col(end) if isinstance(end, str) else end

    def local(x: pl.Expr) -> pl.Expr:
        return x.dt.convert_time_zone(timezone).dt.replace_time_zone(None)

    return (_business_clock(local(b)) - _business_clock(local(a))).cast(pl.Float64)


def _business_seconds_by_tz(
    frame: pl.DataFrame, start: str, end: str, tz_col: str, out: str
) -> pl.DataFrame:
    zones = frame[tz_col].unique().drop_nulls().to_list() or ["UTC"]
    expr = pl.lit(None, pl.Float64)
    for z in sorted(zones):
        expr = (
            pl.when(pl.col(tz_col).fill_null("UTC") == z)
            .then(business_seconds(start, end, z))
            .otherwise(expr)
        )
    return frame.with_columns(expr.alias(out))


# --------------------------------------------------------------------------- inbound items


def _inbound_core(
    posts: pl.DataFrame,
    ident: pl.DataFrame,
    *,
    window: timedelta,
    business_hours: bool,
    keep: tuple[str, ...] = (),
) -> pl.DataFrame:
    """Inbound items of the studied accounts in ``ident`` from posts that carry ``parent_author``."""
    window_s = window.total_seconds()
    studied = ident.select(key("account").alias("_k"))["_k"].implode()
    cols = ["platform", "post_id", "author", "created_at", "conversation_id", *keep]
    others = posts.filter(pl.col("kind") != "repost")
    via_reply = others.filter(
        (pl.col("kind") == "reply")
        & key("parent_author").is_in(studied)
        & (pl.col("author") != pl.col("parent_author"))
    ).select(*cols, pl.col("parent_author").alias("_x"), pl.lit("reply").alias("via"))
    mentioning = posts.filter(
        (pl.col("kind") != "repost")
        & ((pl.col("kind") != "reply") | pl.col("parent_author").is_null())
        & (pl.col("mentions").list.len() > 0)
    )
    via_mention = (
        mentioning.select(*cols, pl.col("mentions").alias("_x"))
        .explode("_x")
        .filter(key("_x").is_in(studied) & (pl.col("author") != pl.col("_x")))
        .unique(subset=["platform", "post_id", "_x"], keep="first", maintain_order=True)
        .with_columns(pl.lit("mention").alias("via"))
    )
    items = pl.concat([via_reply, via_mention], how="vertical_relaxed").rename({"_x": "account"})
    items = items.with_columns(key("post_id", "account").alias("_ak"))

    # the account's first direct answer to each item: keyed by (item id, answering account)
    answers = (
        posts.filter((pl.col("kind") == "reply") & key("author").is_in(studied))
        .select(
            key("reply_to_id", "author").alias("_ak"),
            pl.col("post_id").alias("answer_id"),
            pl.col("created_at").alias("answered_at"),
        )
        .filter(pl.col("_ak").is_not_null())
        .sort("answered_at", "answer_id")
        .group_by("_ak", maintain_order=True)
        .agg(pl.col("answer_id").first(), pl.col("answered_at").first())
    )
    out = (
        items.join(answers, on="_ak", how="left", maintain_order="left")
        .join(
            ident.select("platform", "account", "observed_until", "timezone"),
            on=["platform", "account"],
            how="left",
            maintain_order="left",
        )
        .with_columns(
            (
                (pl.col("answered_at") - pl.col("created_at"))
                .dt.total_microseconds()
                .cast(pl.Float64)
                / 1e6
            )
            .clip(lower_bound=0.0)
            .alias("delay_s"),
            (pl.col("observed_until") - pl.col("created_at"))
            .dt.total_microseconds()
            .cast(pl.Float64)
            .truediv(1e6)
            .clip(lower_bound=0.0)
            .alias("_followed_s"),
        )
        .with_columns((pl.col("delay_s") <= window_s).fill_null(False).alias("answered"))
    )
    if business_hours:
        out = out.with_columns(
            pl.min_horizontal(
                pl.col("created_at") + pl.duration(microseconds=int(window_s * 1e6)),
                pl.max_horizontal("observed_until", "created_at"),
            ).alias("_censor_at")
        )
        out = _business_seconds_by_tz(out, "created_at", "answered_at", "timezone", "delay_s")
        out = _business_seconds_by_tz(out, "created_at", "_censor_at", "timezone", "_censor_s")
        out = out.with_columns(pl.col("delay_s").clip(lower_bound=0.0)).drop("_censor_at")
    else:
        out = out.with_columns(
            pl.min_horizontal(pl.lit(window_s), pl.col("_followed_s")).alias("_censor_s")
        )
    out = out.with_columns(
        pl.when(pl.col("answered"))
        .then(pl.col("delay_s"))
        .otherwise(pl.col("_censor_s"))
        .alias("duration_s"),
        pl.col("answered").alias("event"),
        (pl.col("_followed_s") >= window_s).alias("full_window"),
    )
    return out.select(*INBOUND_COLUMNS, "full_window", *keep)


def inbound(
    archive: Archive, *, window: timedelta = timedelta(days=7), business_hours: bool = False
) -> pl.DataFrame:
    """One row per inbound item of each studied account, with whether and when it was answered.

    Columns: ``platform, account, post_id, author, created_at, conversation_id,
    answered`` (bool: a direct answer within ``window``), ``answer_id, answered_at``
    (the first direct answer, even if late), ``delay_s`` (seconds to it, null if
    none), ``duration_s`` (``delay_s`` when answered within the window, else the
    censoring time ``min(window, observed_until - created_at)``), ``event``
    (answered within the window), ``via`` ("reply" or "mention") and
    ``full_window`` (the data run for the whole window after the item).
    With ``business_hours=True`` the delays and censoring times are business
    seconds (module notes). An item by one studied account addressed to another
    is an inbound item of the other.
    """
    ident = studied_accounts(archive)
    out = _inbound_core(
        with_parents(archive.posts), ident, window=window, business_hours=business_hours
    )
    return out.sort("platform", "account", "created_at", "post_id")
