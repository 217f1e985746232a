"""Row-level features shared by ``compute`` and the chart frames.

Everything here is vectorised Polars: one pass over the posts gives each own
item its flags (reply to others, self-thread, link, press-release score, ...),
and each studied account its inbound items and conversations.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import polars as pl

from toolkit import text as tx
from toolkit.clients import AUTOMATED, category_expr
from toolkit.conversations import _inbound_core, key, studied_accounts, with_parents
from toolkit.metrics import expr as ex

#: Replies scored with VADER in one ``compute``: all of them when there are at most this many,
#: else a seeded random sample per account (see :func:`sentiment_caps`).
SENTIMENT_BUDGET = 8_000
#: ... but never fewer than this many per account (or all it has).
SENTIMENT_FLOOR = 300


def posts_with_units(posts: pl.DataFrame) -> pl.DataFrame:
    """Posts with ``parent_author``/``parent_missing`` and ``_unit``: an integer id of the conversation.

    ``_unit`` (UInt32, from 1) numbers the conversations in the order of a 64-bit hash
    of platform and conversation id. The order depends only on each conversation's
    own id, so the bootstrap, which draws a group's conversations in ``_unit`` order,
    draws the same ones whatever else the archive holds; small dense numbers make
    the (group, conversation) keys of ``compute`` single integers.
    """
    # (an item without a conversation id, which a validated archive never has, is a
    # conversation of its own)
    conversation = pl.coalesce(key("conversation_id"), key("post_id"))
    return with_parents(posts).with_columns(
        conversation.rank("dense").cast(pl.UInt32).alias("_unit")
    )


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
            # a quote's closing link is the post it quotes, not a headline's story: it is
            # a comment on a post, never "headline plus link"
            pl.when((pl.col("kind") == "quote") & pl.col("link_only").is_not_null())
            .then(False)
            .otherwise(pl.col("link_only"))
            .alias("link_only"),
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


def sentiment_scores(own: pl.DataFrame, *, seed: int = 0) -> pl.DataFrame:
    """``_k`` (post key) and ``sentiment``: VADER compound of the replies to others that are scored.

    All replies with text, or a seeded random sample per account (see
    :func:`sentiment_caps`).
    """
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
    return cand.select(
        key("post_id").alias("_k"), tx.sentiment_series(cand["text"]).alias("sentiment")
    )


def add_sentiment(
    own: pl.DataFrame, *, seed: int = 0, scores: pl.DataFrame | None = None
) -> pl.DataFrame:
    """``sentiment``: VADER compound of replies to others (all, or a seeded sample; see :func:`sentiment_caps`).

    ``scores`` are :func:`sentiment_scores` of the same items, when already computed.
    """
    scored = sentiment_scores(own, seed=seed) if scores is None else scores
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
        # matched on a 64-bit hash of person and text (integers join much faster than long
        # strings); the texts themselves are compared after the join
        slim = base.select(
            "_r",
            "platform",
            "norm",
            "created_at",
            pl.struct("person", "norm").hash(seed=0).alias("_nk"),
        ).sort("created_at")
        for q in slim["platform"].unique().to_list():
            right = slim.filter(pl.col("platform") == q).select(
                "_nk", pl.col("norm").alias("_norm"), pl.col("created_at").alias("_t"), "created_at"
            )
            left = slim.filter(pl.col("platform") != q)
            if left.is_empty() or right.is_empty():
                continue
            hit = left.join_asof(
                right,
                on="created_at",
                by="_nk",
                strategy="nearest",
                tolerance=within,
                check_sortedness=False,
            ).filter(pl.col("_t").is_not_null() & (pl.col("_norm") == pl.col("norm")))
            matched = pl.concat([matched, hit["_r"]])
    own = own.with_row_index("_r").with_columns(
        pl.when(pl.col("_n_platforms") >= 2)
        .then(pl.col("_r").is_in(matched.implode()) & pl.col("has_norm"))
        .alias("crosspost")
    )
    return own.drop("_r", "_n_platforms")


# --------------------------------------------------------------------------- shared per archive

#: derived frames kept per archive (the report asks for the same features in several
#: computations: by person, by account, week by week, and for each chart)
_CACHE_SIZE = 24
_STORE_LOCK = threading.Lock()


def derived(archive, name: str, params: tuple, build):
    """``build()`` once per archive and ``params``; later calls return the same frame.

    The result is kept on the archive object, tied to the very frames it was
    built from: assigning new ``posts``, ``accounts`` or ``people`` to the archive
    makes every kept result stale (checked by identity, so it costs nothing).
    Frames are immutable in Polars, so sharing them is safe. Threads may ask at
    once (``compute`` builds some frames side by side): the store is changed under a
    lock, while ``build`` runs outside it (it may ask for other derived frames).
    """
    source = (archive.posts, archive.accounts, archive.people)
    with _STORE_LOCK:
        store = archive.__dict__.setdefault("_derived", {})
        hit = store.get((name, params))
    if hit is not None and all(a is b for a, b in zip(hit[0], source, strict=True)):
        return hit[1]
    value = build()
    with _STORE_LOCK:
        if len(store) >= _CACHE_SIZE:
            store.pop(next(iter(store)))
        store[(name, params)] = (source, value)
    return value


def ident_of(archive):
    """The studied accounts of ``archive`` (:func:`toolkit.conversations.studied_accounts`), shared."""
    return derived(archive, "ident", (), lambda: studied_accounts(archive))


def posts_of(archive) -> pl.DataFrame:
    """:func:`posts_with_units` of the archive's posts, shared."""
    return derived(archive, "posts", (), lambda: posts_with_units(archive.posts))


def own_of(archive) -> pl.DataFrame:
    """Own items (:func:`own_items`) with ``person``, shared."""
    ident = ident_of(archive)
    return derived(
        archive,
        "own",
        (),
        lambda: own_items(posts_of(archive), ident).join(
            ident.select("platform", "account", "person"),
            on=["platform", "account"],
            how="left",
            maintain_order="left",
        ),
    )


def text_features_of(archive) -> pl.DataFrame:
    """Own items with the text features (:func:`add_text_features`), shared."""
    return derived(
        archive, "text", (), lambda: add_text_features(own_of(archive), ident_of(archive))
    )


def features_of(archive, *, seed: int = 0) -> pl.DataFrame:
    """Own items with every row feature: text, client, timing, sentiment, cross-posting; shared."""

    def build() -> pl.DataFrame:
        # VADER is Python (it holds the GIL), the text features are Polars (which releases
        # it): scoring the replies in a second thread meanwhile hides most of its cost
        with ThreadPoolExecutor(max_workers=1) as pool:
            scores = pool.submit(sentiment_scores, own_of(archive), seed=seed)
            own = add_timing_features(add_client_features(text_features_of(archive)))
            own = add_sentiment(own, scores=scores.result())
        return add_crosspost(own, ident_of(archive))

    return derived(archive, "features", (seed,), build)


def inbound_of(archive, *, window: timedelta, business_hours: bool) -> pl.DataFrame:
    """Inbound items (:func:`toolkit.conversations._inbound_core`) with ``_unit``, shared."""
    return derived(
        archive,
        "inbound",
        (window, business_hours),
        lambda: _inbound_core(
            posts_of(archive),
            ident_of(archive),
            window=window,
            business_hours=business_hours,
            keep=("_unit",),
        ),
    )


def others_present(archive) -> pl.DataFrame:
    """``platform, account, _others``: studied accounts whose own data hold anyone else's rows.

    Whether the data can answer the "replies from others" metrics is a property of the
    account's own data (a page export with comments, a collection of its conversations),
    not of a stray reply found elsewhere: another studied account's archive may hold its
    reply to this account, which alone does not make an own-posts-only archive one with
    the public's replies.
    """

    def build() -> pl.DataFrame:
        return (
            archive.posts.filter(pl.col("author") != pl.col("account"))
            .select("platform", "account")
            .unique()
            .with_columns(pl.lit(True).alias("_others"))
        )

    return derived(archive, "others", (), build)


def conversations_of(archive) -> pl.DataFrame:
    """One row per (studied account, conversation it took part in), shared.

    Columns ``platform, account, _xk, _unit``, ``_n_own`` and ``_n_other`` (items
    by the account and by others), ``alts`` (changes of speaker in time order),
    ``_start`` and ``_first_other`` (the first reply by someone else). Reposts
    are not turns.
    """

    def build() -> pl.DataFrame:
        posts, own = posts_of(archive), own_of(archive)
        conv_keys = own.select("platform", "account", "_unit", key("account").alias("_xk")).unique()
        # _unit numbers the conversations: one integer join finds every item, and sorting
        # on integers keeps each account's view of a conversation together
        items = (
            posts.filter(pl.col("kind") != "repost")
            .select("_unit", "author", "created_at", "kind", key("post_id").alias("_id"))
            .join(conv_keys, on="_unit", how="inner")
            .with_columns((pl.col("author") == pl.col("account")).alias("_side"))
            .sort("_unit", "_xk", "created_at", "_id")
        )
        same = (
            (pl.col("_unit") == pl.col("_unit").shift(1))
            & (pl.col("_xk") == pl.col("_xk").shift(1))
        ).fill_null(False)
        items = items.with_columns(
            (same & (pl.col("_side") != pl.col("_side").shift(1))).alias("_change"),
            # a reply by someone else: its time (a column, not a filter inside each group)
            pl.when(~pl.col("_side") & (pl.col("kind") == "reply"))
            .then(pl.col("created_at"))
            .alias("_other_reply"),
        )
        return items.group_by("_xk", "_unit").agg(
            pl.col("platform").first(),
            pl.col("account").first(),
            pl.col("_side").sum().alias("_n_own"),
            (~pl.col("_side")).sum().alias("_n_other"),
            pl.col("_change").sum().alias("alts"),
            pl.col("created_at").min().alias("_start"),
            pl.col("_other_reply").min().alias("_first_other"),
        )

    return derived(archive, "conversations", (), build)


def roots_of(archive, *, window: timedelta) -> pl.DataFrame:
    """Own root posts with whether they drew replies and whether the account answered (post and run).

    ``_drew``: someone else replied; ``_drew_full``: and the first such reply was
    followed for the whole ``window`` before ``observed_until``; ``_par``: drew
    (fully followed) but the account never answered within ``window`` of it;
    ``_total``: likes + reposts + replies where the export has counts.
    """

    def build() -> pl.DataFrame:
        own, conv = own_of(archive), conversations_of(archive)
        ident = ident_of(archive)
        span = pl.duration(microseconds=int(window.total_seconds() * 1e6))
        # conversations are matched on integers: the account's key (a hash of platform and
        # handle, as in conversations_of) and the conversation's
        roots = own.filter(pl.col("root")).select(
            "platform", "account", "_unit", "post_id", "created_at", "likes", "reposts", "replies",
            key("account").alias("_xk"),
        )  # fmt: skip
        first = conv.select("_xk", "_unit", "_first_other")
        answered_conv = (
            own.filter(pl.col("reply_other"))
            .select(key("account").alias("_xk"), "_unit", pl.col("created_at").alias("_t"))
            .join(first, on=["_xk", "_unit"], how="inner")
            .filter(
                (pl.col("_t") >= pl.col("_first_other"))
                & (pl.col("_t") <= pl.col("_first_other") + span)
            )
            .select("_xk", "_unit")
            .unique()
            .with_columns(pl.lit(True).alias("_responded"))
        )
        roots = (
            roots.join(first, on=["_xk", "_unit"], how="left", maintain_order="left")
            .join(answered_conv, on=["_xk", "_unit"], how="left", maintain_order="left")
            .drop("_xk")
            .join(
                ident.select("platform", "account", "observed_until"),
                on=["platform", "account"],
                how="left",
                maintain_order="left",
            )
            .with_columns(
                (
                    pl.col("_first_other").is_not_null()
                    & (pl.col("_first_other") + span <= pl.col("observed_until"))
                ).alias("_drew_full"),
                pl.col("_first_other").is_not_null().alias("_drew"),
                pl.col("_responded").fill_null(False),
            )
            .with_columns((pl.col("_drew_full") & ~pl.col("_responded")).alias("_par"))
        )
        return roots.with_columns(
            pl.when(pl.any_horizontal(pl.col("likes", "reposts", "replies").is_not_null()))
            .then(pl.sum_horizontal(pl.col("likes", "reposts", "replies")))
            .alias("_total")
        )

    return derived(archive, "roots", (window,), build)
