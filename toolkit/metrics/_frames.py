"""Tidy frames for the charts: post mix, response curves, rhythm, clients, interlocutors, examples.

Every frame starts with the identity columns ``person, display_name, platform,
account`` (``platform`` and ``account`` null with ``by="person"``), so charts can
colour and name accounts from ``archive.accounts``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

import numpy as np
import polars as pl

from toolkit.archive import Archive
from toolkit.clients import CATEGORIES
from toolkit.metrics import _km
from toolkit.metrics._prepare import (
    add_client_features,
    ident_of,
    inbound_of,
    own_of,
    text_features_of,
)
from toolkit.schema import ACCOUNTS_SCHEMA

By = Literal["account", "person"]
IDENTITY = ("person", "display_name", "platform", "account")
MIX_CATEGORIES = ("original", "reply to others", "self-thread", "repost", "quote")


def _identity(ident: pl.DataFrame, by: By) -> pl.DataFrame:
    if by == "account":
        return ident.select(*IDENTITY, "timezone")
    return (
        ident.group_by("person", maintain_order=True)
        .agg(pl.col("display_name").first(), pl.col("timezone").first())
        .with_columns(
            pl.lit(None, ACCOUNTS_SCHEMA["platform"]).alias("platform"),
            pl.lit(None, pl.Utf8).alias("account"),
        )
        .select(*IDENTITY, "timezone")
    )


def _keys(by: By) -> list[str]:
    return ["platform", "account"] if by == "account" else ["person"]


def _with_person(frame: pl.DataFrame, ident: pl.DataFrame, by: By) -> pl.DataFrame:
    if by == "person" and "person" not in frame.columns:
        return frame.join(
            ident.select("platform", "account", "person"),
            on=["platform", "account"],
            how="left",
            maintain_order="left",
        )
    return frame


def _share_of_total(by: By) -> pl.Expr:
    """``n`` over the account's total: null (not NaN) for an account with no items."""
    total = pl.col("n").sum().over(_keys(by))
    return pl.when(total > 0).then(pl.col("n") / total).alias("share")


def _grid(ident: pl.DataFrame, by: By, name: str, values: list, dtype: pl.DataType) -> pl.DataFrame:
    cats = pl.DataFrame({name: values}, schema={name: dtype})
    return _identity(ident, by).select(*IDENTITY).join(cats, how="cross")


def post_mix(archive: Archive, *, by: By = "account") -> pl.DataFrame:
    """Own items by category: original, reply to others, self-thread, repost, quote.

    Columns: identity, ``category``, ``n``, ``share`` (of the account's own items;
    null when it has none). Every category appears, with ``n = 0`` when absent.
    """
    ident = ident_of(archive)
    own = own_of(archive)
    cat = (
        pl.when(pl.col("repost"))
        .then(pl.lit("repost"))
        .when(pl.col("self_thread"))
        .then(pl.lit("self-thread"))
        .when(pl.col("reply_other"))
        .then(pl.lit("reply to others"))
        .when(pl.col("kind") == "quote")
        .then(pl.lit("quote"))
        .otherwise(pl.lit("original"))
    )
    counts = (
        own.with_columns(cat.alias("category"))
        .group_by(*_keys(by), "category")
        .agg(pl.len().cast(pl.Int64).alias("n"))
    )
    out = (
        _grid(ident, by, "category", list(MIX_CATEGORIES), pl.Utf8)
        .join(counts, on=[*_keys(by), "category"], how="left", maintain_order="left")
        .with_columns(pl.col("n").fill_null(0))
        .with_columns(_share_of_total(by))
    )
    order = {c: i for i, c in enumerate(MIX_CATEGORIES)}
    return out.sort(
        *IDENTITY, pl.col("category").replace_strict(order, return_dtype=pl.Int64), nulls_last=False
    )


def km_curves(
    archive: Archive,
    *,
    window: timedelta = timedelta(days=7),
    business_hours: bool = False,
    by: By = "account",
) -> pl.DataFrame:
    """Kaplan-Meier curves of time to first response, one per account that has inbound items.

    Columns: identity, ``t_hours``, ``surviving`` (share still unanswered after
    ``t_hours``), ``ci_low``, ``ci_high`` (pointwise 95 % exponential-Greenwood
    interval), ``at_risk`` (items still waiting just before ``t_hours``),
    ``censored`` (items whose follow-up ended at ``t_hours`` unanswered). The
    first row of each curve is ``t_hours = 0, surviving = 1``.
    """
    ident = ident_of(archive)
    inb = _with_person(inbound_of(archive, window=window, business_hours=business_hours), ident, by)
    idt = _identity(ident, by).select(*IDENTITY)
    schema = {
        **{k: (ACCOUNTS_SCHEMA["platform"] if k == "platform" else pl.Utf8) for k in _keys(by)},
        "t_hours": pl.Float64,
        "surviving": pl.Float64,
        "ci_low": pl.Float64,
        "ci_high": pl.Float64,
        "at_risk": pl.Int64,
        "censored": pl.Int64,
    }
    parts = []
    for key, part in inb.partition_by(_keys(by), as_dict=True, maintain_order=True).items():
        km = _km.kaplan_meier(part["duration_s"].to_numpy(), part["event"].to_numpy())
        lo, hi = km.confidence_interval()
        one = np.ones(1)
        columns = {
            # the first point of each curve: t = 0, nobody answered yet, everyone waiting
            "t_hours": np.concatenate(([0.0], km.times / 3600.0)),
            "surviving": np.concatenate((one, km.survival)),
            "ci_low": np.concatenate((one, lo)),
            "ci_high": np.concatenate((one, hi)),
            "at_risk": np.concatenate(([part.height], np.round(km.at_risk))).astype(np.int64),
            "censored": np.concatenate(([0], np.round(km.censored))).astype(np.int64),
        }
        n = columns["t_hours"].size
        ids = {
            k: pl.repeat(v, n, eager=True, dtype=schema[k])
            for k, v in zip(_keys(by), key, strict=True)
        }
        parts.append(pl.DataFrame({**ids, **columns}, schema=schema))
    curves = pl.concat(parts) if parts else pl.DataFrame(schema=schema)
    return idt.join(curves, on=_keys(by), how="inner").sort(
        *IDENTITY, "t_hours", nulls_last=False, maintain_order=True
    )


def rhythm(archive: Archive, *, by: By = "account") -> pl.DataFrame:
    """Own items by weekday (0 = Monday) and hour in the account's time zone (all 168 cells)."""
    ident = ident_of(archive)
    own = own_of(archive).join(
        ident.select("platform", "account", "timezone"),
        on=["platform", "account"],
        how="left",
        maintain_order="left",
    )
    parts = []
    for z in own["timezone"].unique().to_list():
        local = own.filter(pl.col("timezone") == z).with_columns(
            pl.col("created_at").dt.convert_time_zone(z or "UTC").alias("_t")
        )
        parts.append(
            local.select(
                *_keys(by),
                (pl.col("_t").dt.weekday() - 1).cast(pl.Int8).alias("weekday"),
                pl.col("_t").dt.hour().cast(pl.Int8).alias("hour"),
            )
        )
    schema = {
        **{k: (ACCOUNTS_SCHEMA["platform"] if k == "platform" else pl.Utf8) for k in _keys(by)},
        "weekday": pl.Int8,
        "hour": pl.Int8,
    }
    cells = pl.concat(parts) if parts else pl.DataFrame(schema=schema)
    counts = cells.group_by(*_keys(by), "weekday", "hour").agg(pl.len().cast(pl.Int64).alias("n"))
    grid = pl.DataFrame(
        {"weekday": np.repeat(np.arange(7), 24), "hour": np.tile(np.arange(24), 7)},
        schema={"weekday": pl.Int8, "hour": pl.Int8},
    )
    return (
        _identity(ident, by)
        .select(*IDENTITY)
        .join(grid, how="cross")
        .join(counts, on=[*_keys(by), "weekday", "hour"], how="left", maintain_order="left")
        .with_columns(pl.col("n").fill_null(0))
        .sort(*IDENTITY, "weekday", "hour", nulls_last=False)
    )


def clients(archive: Archive, *, by: By = "account") -> pl.DataFrame:
    """Own items by publishing-app category (phone, web, scheduler, feed, cross-post, API, other, unknown).

    Columns: identity, ``category``, ``n``, ``share`` (of own items). ``unknown``
    counts items whose export names no app. Categories are listed in
    :mod:`toolkit.clients`.
    """
    ident = ident_of(archive)
    own = add_client_features(own_of(archive))
    counts = own.group_by(*_keys(by), pl.col("client_category").alias("category")).agg(
        pl.len().cast(pl.Int64).alias("n")
    )
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return (
        _grid(ident, by, "category", list(CATEGORIES), pl.Utf8)
        .join(counts, on=[*_keys(by), "category"], how="left", maintain_order="left")
        .with_columns(pl.col("n").fill_null(0))
        .with_columns(_share_of_total(by))
        .sort(
            *IDENTITY,
            pl.col("category").replace_strict(order, return_dtype=pl.Int64),
            nulls_last=False,
        )
    )


def interlocutors(archive: Archive, *, by: By = "account") -> pl.DataFrame:
    """Who the account talks with: one row per other person it replied to, mentioned or heard from.

    Columns: identity, ``interlocutor`` (handle; with ``by="person"`` prefixed by
    the platform), ``replies_to`` (the account's replies to them), ``replies_from``
    (their inbound items to the account: replies and mentions), ``mentions``
    (the account's items mentioning them), ``both_directions``. Sorted by
    total exchanges, largest first.
    """
    ident = ident_of(archive)
    own = own_of(archive)
    inb = inbound_of(archive, window=timedelta(days=7), business_hours=False)
    to = (
        own.filter(
            pl.col("reply_other")
            & pl.col("parent_author").is_not_null()
            & (pl.col("parent_author") != pl.col("account"))
        )
        .group_by("platform", "account", pl.col("parent_author").alias("interlocutor"))
        .agg(pl.len().cast(pl.Int64).alias("replies_to"))
    )
    men = (
        own.filter(~pl.col("repost"))
        .select("platform", "account", pl.col("mentions").alias("interlocutor"))
        .explode("interlocutor")
        .filter(
            pl.col("interlocutor").is_not_null() & (pl.col("interlocutor") != pl.col("account"))
        )
        .group_by("platform", "account", "interlocutor")
        .agg(pl.len().cast(pl.Int64).alias("mentions"))
    )
    frm = inb.group_by("platform", "account", pl.col("author").alias("interlocutor")).agg(
        pl.len().cast(pl.Int64).alias("replies_from")
    )
    keys = ["platform", "account", "interlocutor"]
    allk = pl.concat([t.select(keys) for t in (to, men, frm)]).unique()
    out = (
        allk.join(to, on=keys, how="left", maintain_order="left")
        .join(frm, on=keys, how="left", maintain_order="left")
        .join(men, on=keys, how="left", maintain_order="left")
        .with_columns(pl.col("replies_to", "replies_from", "mentions").fill_null(0))
    )
    if by == "person":
        out = (
            _with_person(out, ident, by)
            .with_columns(
                pl.concat_str(
                    [pl.col("platform").cast(pl.Utf8), pl.lit(":"), pl.col("interlocutor")]
                ).alias("interlocutor")
            )
            .group_by("person", "interlocutor")
            .agg(pl.col("replies_to", "replies_from", "mentions").sum())
        )
    out = out.with_columns(
        (((pl.col("replies_to") + pl.col("mentions")) > 0) & (pl.col("replies_from") > 0)).alias(
            "both_directions"
        )
    )
    total = pl.col("replies_to") + pl.col("replies_from") + pl.col("mentions")
    return (
        _identity(ident, by)
        .select(*IDENTITY)
        .join(out, on=_keys(by), how="inner")
        .select(
            *IDENTITY, "interlocutor", "replies_to", "replies_from", "mentions", "both_directions"
        )
        .sort(
            [*IDENTITY, total, "interlocutor"],
            descending=[False] * 4 + [True, False],
            nulls_last=False,
        )
    )


def press_release_examples(archive: Archive, n: int = 3, *, by: By = "account") -> pl.DataFrame:
    """The ``n`` own texts with the highest press-release score per account (ties: earliest first).

    Columns: identity, ``post_id``, ``created_at``, ``text``, ``score``. Texts are
    returned as in the data: escape them before putting them in HTML.
    """
    ident = ident_of(archive)
    own = text_features_of(archive)
    # ranked on a narrow frame; only the chosen rows' texts are gathered
    top = (
        own.select(*_keys(by), "post_id", "created_at", "pr_score", "has_text")
        .with_row_index("_r")
        .filter(pl.col("has_text"))
        .sort(["pr_score", "created_at", "post_id"], descending=[True, False, False])
        .group_by(_keys(by), maintain_order=True)
        .head(n)
    )
    top = top.select(
        *_keys(by),
        "post_id",
        "created_at",
        own["text"].gather(top["_r"]).alias("text"),
        pl.col("pr_score").alias("score"),
    )
    return (
        _identity(ident, by)
        .select(*IDENTITY)
        .join(top, on=_keys(by), how="inner")
        .sort(
            [*IDENTITY, "score", "created_at"],
            descending=[False] * 4 + [True, False],
            nulls_last=False,
        )
    )
