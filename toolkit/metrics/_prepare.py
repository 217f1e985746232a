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
from toolkit.conversations import with_parents
from toolkit.metrics import expr as ex

#: Replies scored with VADER per studied account: all of them up to this number, else a
#: seeded random sample of this size (VADER takes ~80 microseconds a text).
SENTIMENT_MAX_REPLIES = 2000


def posts_with_units(posts: pl.DataFrame) -> pl.DataFrame:
    """Posts with ``parent_author``/``parent_missing`` and ``_unit``: an integer id of the conversation.

    ``_unit`` depends only on the data (a dense rank of platform and conversation id), so
    the bootstrap draws the same conversations whatever else ran before.
    """
    p = with_parents(posts)
    return p.with_columns(
        pl.concat_str([pl.col("platform").cast(pl.Utf8), pl.lit("\x00"), pl.col("conversation_id")])
        .rank("dense")
        .cast(pl.Int64)
        .alias("_unit")
    )


def own_items(posts: pl.DataFrame, ident: pl.DataFrame) -> pl.DataFrame:
    """Rows written by a studied account, with ``account`` set to that author, and kind flags."""
    keys = ident.select("platform", pl.col("account").alias("author"))
    return (
        posts.join(keys, on=["platform", "author"], how="semi")
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

    Rows without text of their own (reposts, empty) get nulls.
    """
    regexes = []
    for platform, account, names in ident.select("platform", "account", "names").iter_rows():
        rx = tx.self_reference_regex(tx.self_names(*(names or [])))
        regexes.append({"platform": platform, "account": account, "_self_rx": rx})
    rx_frame = pl.DataFrame(
        regexes,
        schema={"platform": ident.schema["platform"], "account": pl.Utf8, "_self_rx": pl.Utf8},
    )
    has = pl.col("has_text")
    own = own.join(rx_frame, on=["platform", "account"], how="left").with_columns(
        pl.when(has).then(tx.clean_expr("text")).alias("_clean")
    )
    clean = pl.col("_clean")
    own = own.with_columns(
        tx.second_person_expr(clean).alias("_you"),
        tx.question_expr(clean).alias("_q"),
        tx.announcement_expr(clean).alias("_ann"),
        tx.today_expr(clean).alias("_today"),
        pl.when(pl.col("_self_rx").is_not_null())
        .then(
            clean.str.replace_all(tx._MENTION, " ").str.contains(pl.col("_self_rx").fill_null("^$"))
        )
        .otherwise(pl.lit(False))
        .alias("_self"),
        pl.when(has).then(ex.has_link()).alias("link"),
        pl.when(has).then(tx.link_only_expr("text", "urls")).alias("link_only"),
        pl.when(has).then(tx.normalised_expr("text")).alias("norm"),
    )
    return own.with_columns(
        (pl.col("_you") | pl.col("_q")).alias("conversational"),
        pl.when(has)
        .then(
            tx.press_release_expr(
                third_person_self=pl.col("_self"),
                announcement=pl.col("_ann"),
                today=pl.col("_today"),
                second_person=pl.col("_you"),
                question=pl.col("_q"),
            )
        )
        .alias("pr_score"),
        (pl.col("norm").str.len_chars() > 0).fill_null(False).alias("has_norm"),
    ).drop("_self_rx", "_clean")


def add_client_features(own: pl.DataFrame) -> pl.DataFrame:
    """``client_category`` and ``automated`` (null when the export names no app)."""
    return own.with_columns(category_expr("client").alias("client_category")).with_columns(
        pl.when(pl.col("client").is_not_null())
        .then(pl.col("client_category").is_in(list(AUTOMATED)))
        .alias("automated")
    )


def add_timing_features(own: pl.DataFrame) -> pl.DataFrame:
    """``aligned`` (clock-aligned) and ``aligned_chance`` (4/60 or 4/3600 by the account's time precision)."""
    t = pl.col("created_at")
    minute_precision = (
        ((t.dt.second() == 0) & (t.dt.microsecond() == 0)).all().over("platform", "account")
    )
    return own.with_columns(
        ex.clock_aligned().alias("aligned"),
        ex.clock_aligned_chance(minute_precision).alias("aligned_chance"),
    )


def add_sentiment(
    own: pl.DataFrame, *, seed: int = 0, cap: int = SENTIMENT_MAX_REPLIES
) -> pl.DataFrame:
    """``sentiment``: VADER compound of replies to others (a seeded sample of ``cap`` per account)."""
    cand = pl.col("reply_other") & pl.col("has_text")
    ranked = own.with_columns(
        pl.when(cand)
        .then(pl.concat_str([pl.col("platform").cast(pl.Utf8), pl.col("post_id")]).hash(seed=seed))
        .alias("_h")
    ).with_columns(pl.col("_h").rank("ordinal").over("platform", "account").alias("_rk"))
    pick = ranked.filter(pl.col("_h").is_not_null() & (pl.col("_rk") <= cap))
    scores = tx.sentiment_series(pick["text"])
    scored = pick.select("platform", "post_id").with_columns(scores.alias("sentiment"))
    return ranked.drop("_h", "_rk").join(scored, on=["platform", "post_id"], how="left")


def add_crosspost(
    own: pl.DataFrame, ident: pl.DataFrame, *, within: timedelta = timedelta(hours=24)
) -> pl.DataFrame:
    """``crosspost``: the normalised text appears on another platform of the same person within 24 h.

    Null where the person has a single platform in the data (the metric cannot be measured).
    """
    persons = ident.group_by("person").agg(pl.col("platform").n_unique().alias("_n_platforms"))
    if "person" not in own.columns:
        own = own.join(
            ident.select("platform", "account", "person"), on=["platform", "account"], how="left"
        )
    own = own.join(persons, on="person", how="left")
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
                right, on="created_at", by=["person", "norm"], strategy="nearest", tolerance=within
            ).filter(pl.col("_t").is_not_null())
            matched = pl.concat([matched, hit["_r"]])
    own = own.with_row_index("_r").with_columns(
        pl.when(pl.col("_n_platforms") >= 2)
        .then(pl.col("_r").is_in(matched) & pl.col("has_norm"))
        .alias("crosspost")
    )
    return own.drop("_r", "_n_platforms")
