"""Row-level features shared by ``compute`` and the chart frames.

Everything here is vectorised Polars: one pass over the posts gives each own
item its flags (reply to others, self-thread, link, press-release score, ...),
and each studied account its inbound items and conversations.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from toolkit import text as tx
from toolkit.clients import AUTOMATED, category_expr
from toolkit.conversations import key, with_parents
from toolkit.metrics import expr as ex

#: Replies scored with VADER in one ``compute``: all of them when there are at most this many,
#: else a seeded random sample per account (see :func:`sentiment_caps`).
SENTIMENT_BUDGET = 8_000
#: ... but never fewer than this many per account (or all it has).
SENTIMENT_FLOOR = 300


def posts_with_units(posts: pl.DataFrame) -> pl.DataFrame:
    """Posts with ``parent_author``/``parent_missing`` and ``_unit``: an integer id of the conversation.

    ``_unit`` is a 64-bit hash of platform and conversation id: it depends only on
    the data, so the bootstrap draws the same conversations whatever else ran before.
    """
    return with_parents(posts).with_columns(key("conversation_id").alias("_unit"))


def own_items(posts: pl.DataFrame, ident: pl.DataFrame) -> pl.DataFrame:
    """Rows written by a studied account, with ``account`` set to that author, and kind flags."""
    studied = ident.select(key("account").alias("_k"))["_k"].implode()
    return (
        posts.filter(key("author").is_in(studied))
        .with_columns(pl.col("author").alias("account"))
        .with_columns(
            ex.reply_to_others().alias("reply_other"),
            ex.self_thread().alias("self_thread"),
            ex.is_repost().alias("repost"),
            ex.is_root().alias("root"),
            (~ex.is_repost() & (pl.col("text").str.strip_chars().str.len_chars() > 0)).alias(
                "has_text"
            ),
        )
    )


def add_text_features(own: pl.DataFrame, ident: pl.DataFrame) -> pl.DataFrame:
    """Conversational-language, link and press-release features of own items with text.

    Only the account's own words are scored: reposts (whose text, "RT @x: ...", is
    someone else's) and empty items get nulls, except ``link``, which counts a
    reposted link too. The shares in ``compute`` are of all own items P, as
    DESIGN.md defines them.
    """
    regexes = []
    for platform, account, names in ident.select("platform", "account", "names").iter_rows():
        rx = tx.self_reference_regex(tx.self_names(*(names or [])))
        regexes.append({"platform": platform, "account": account, "_self_rx": rx})
    rx_frame = pl.DataFrame(
        regexes,
        schema={"platform": ident.schema["platform"], "account": pl.Utf8, "_self_rx": pl.Utf8},
    )
    own = own.join(rx_frame, on=["platform", "account"], how="left", maintain_order="left")
    text = pl.when(pl.col("has_text")).then(pl.col("text")).alias("_text")
    own = tx.add_text_signals(
        own.with_columns(text), text="_text", urls="urls", self_regex="_self_rx"
    )
    return (
        own.rename({"press_release": "pr_score"})
        .with_columns(
            (pl.col("norm").str.len_chars() > 0).fill_null(False).alias("has_norm"),
            ex.has_link().alias("link"),
        )
        .drop("_self_rx", "_text")
    )


def add_client_features(own: pl.DataFrame) -> pl.DataFrame:
    """``client_category`` and ``automated`` (null when the export names no app)."""
    return own.with_columns(category_expr("client").alias("client_category")).with_columns(
        pl.when(pl.col("client").is_not_null())
        .then(pl.col("client_category").is_in(list(AUTOMATED)))
        .alias("automated")
    )


def add_timing_features(own: pl.DataFrame) -> pl.DataFrame:
    """``aligned`` (clock-aligned) and ``minute_precision`` (the account's times are all whole minutes).

    The chance of a clock-aligned time is 4/60 when times are recorded to the minute
    and 4/3600 when to the second (:func:`toolkit.metrics.expr.clock_aligned_chance`).
    """
    t = pl.col("created_at")
    minute_precision = (
        ((t.dt.second() == 0) & (t.dt.microsecond() == 0)).all().over("platform", "account")
    )
    return own.with_columns(
        ex.clock_aligned().alias("aligned"),
        minute_precision.alias("minute_precision"),
    )


def sentiment_caps(
    counts: dict, *, budget: int = SENTIMENT_BUDGET, floor: int = SENTIMENT_FLOOR
) -> dict:
    """How many replies to score per account: all when the total fits the budget, else a fair share.

    Each account gets ``max(floor, budget // number of accounts with replies)``
    replies at most, so a handful of accounts are scored in full while a large
    comparison stays fast (VADER takes tens of microseconds per text).
    """
    total = sum(counts.values())
    if total <= budget:
        return dict(counts)
    share = max(floor, budget // max(len(counts), 1))
    return {k: min(v, share) for k, v in counts.items()}


def add_sentiment(own: pl.DataFrame, *, seed: int = 0) -> pl.DataFrame:
    """``sentiment``: VADER compound of replies to others (all, or a seeded sample; see :func:`sentiment_caps`)."""
    cand = own.filter(pl.col("reply_other") & pl.col("has_text")).select(
        "platform",
        "account",
        "post_id",
        "text",
        pl.struct(pl.col("platform").to_physical(), "post_id").hash(seed=seed).alias("_h"),
    )
    counts = {(p, a): n for p, a, n in cand.group_by("platform", "account").len().iter_rows()}
    caps = sentiment_caps(counts)
    if sum(caps.values()) < cand.height:
        cand = cand.sort("_h").with_columns(
            pl.int_range(pl.len()).over("platform", "account").alias("_rk")
        )
        cap_frame = pl.DataFrame(
            [{"platform": p, "account": a, "_cap": c} for (p, a), c in caps.items()],
            schema={"platform": own.schema["platform"], "account": pl.Utf8, "_cap": pl.Int64},
        )
        cand = cand.join(cap_frame, on=["platform", "account"]).filter(
            pl.col("_rk") < pl.col("_cap")
        )
    scored = cand.select(
        key("post_id").alias("_k"), tx.sentiment_series(cand["text"]).alias("sentiment")
    )
    return (
        own.with_columns(key("post_id").alias("_k"))
        .join(scored, on="_k", how="left", maintain_order="left")
        .drop("_k")
    )


def add_crosspost(
    own: pl.DataFrame, ident: pl.DataFrame, *, within: timedelta = timedelta(hours=24)
) -> pl.DataFrame:
    """``crosspost``: the normalised text appears on another platform of the same person within 24 h.

    Null where the person has a single platform in the data (the metric cannot be measured).
    """
    persons = ident.group_by("person").agg(pl.col("platform").n_unique().alias("_n_platforms"))
    if "person" not in own.columns:
        own = own.join(
            ident.select("platform", "account", "person"),
            on=["platform", "account"],
            how="left",
            maintain_order="left",
        )
    own = own.join(persons, on="person", how="left", maintain_order="left")
    base = own.with_row_index("_r").filter(pl.col("has_norm") & (pl.col("_n_platforms") >= 2))
    matched = pl.Series("_r", [], dtype=pl.UInt32)
    if base.height:
        slim = base.select("_r", "platform", "person", "norm", "created_at").sort("created_at")
        for q in slim["platform"].unique().to_list():
            right = slim.filter(pl.col("platform") == q).select(
                "person", "norm", pl.col("created_at").alias("_t"), "created_at"
            )
            left = slim.filter(pl.col("platform") != q)
            if left.is_empty() or right.is_empty():
                continue
            hit = left.join_asof(
                right,
                on="created_at",
                by=["person", "norm"],
                strategy="nearest",
                tolerance=within,
                check_sortedness=False,
            ).filter(pl.col("_t").is_not_null())
            matched = pl.concat([matched, hit["_r"]])
    own = own.with_row_index("_r").with_columns(
        pl.when(pl.col("_n_platforms") >= 2)
        .then(pl.col("_r").is_in(matched.implode()) & pl.col("has_norm"))
        .alias("crosspost")
    )
    return own.drop("_r", "_n_platforms")
