"""The canonical data model, declared once.

Every source's output passes :func:`validate` where it enters the toolkit, so
nothing downstream checks dtypes again. See DESIGN.md section 3.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from toolkit.errors import SchemaError

PLATFORMS: tuple[str, ...] = (
    "twitter",
    "facebook",
    "linkedin",
    "mastodon",
    "bluesky",
    "blog",
    "instagram",
    "threads",
    "reddit",
)
KINDS: tuple[str, ...] = ("post", "reply", "repost", "quote")

Platform = pl.Enum(list(PLATFORMS))
Kind = pl.Enum(list(KINDS))
UTC = pl.Datetime("us", "UTC")

#: The posts frame: one row per item (own post, reply, repost, or someone else's reply).
POSTS_SCHEMA: dict[str, pl.DataType] = {
    "platform": Platform,
    "account": pl.Utf8,
    "post_id": pl.Utf8,
    "author": pl.Utf8,
    "created_at": UTC,
    "text": pl.Utf8,
    "kind": Kind,
    "reply_to_id": pl.Utf8,
    "reply_to_author": pl.Utf8,
    "conversation_id": pl.Utf8,
    "mentions": pl.List(pl.Utf8),
    "hashtags": pl.List(pl.Utf8),
    "urls": pl.List(pl.Utf8),
    "client": pl.Utf8,
    "likes": pl.Int64,
    "reposts": pl.Int64,
    "replies": pl.Int64,
    "lang": pl.Utf8,
    "url": pl.Utf8,
    "source_file": pl.Utf8,
}

#: Columns that may never be null in a validated posts frame.
REQUIRED: tuple[str, ...] = (
    "platform",
    "account",
    "post_id",
    "author",
    "created_at",
    "text",
    "kind",
    "conversation_id",
    "mentions",
    "hashtags",
    "urls",
    "source_file",
)

#: One row per (platform, account): who is studied, labels, and the observation window.
ACCOUNTS_SCHEMA: dict[str, pl.DataType] = {
    "platform": Platform,
    "account": pl.Utf8,
    "person": pl.Utf8,
    "display_name": pl.Utf8,
    "group": pl.Utf8,
    "colour": pl.Utf8,
    "timezone": pl.Utf8,
    "studied": pl.Boolean,
    "observed_from": UTC,
    "observed_until": UTC,
}

#: One row per input file: what was read, kept and skipped (and why).
LOG_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.Utf8,
    "format": pl.Utf8,
    "records_read": pl.Int64,
    "rows_kept": pl.Int64,
    "rows_skipped": pl.Int64,
    "skipped": pl.List(pl.Struct({"reason": pl.Utf8, "count": pl.Int64})),
    "notes": pl.List(pl.Utf8),
}


def empty(schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """An empty frame with the given schema."""
    return pl.DataFrame(schema=dict(schema))


def empty_posts() -> pl.DataFrame:
    """An empty posts frame with the canonical schema."""
    return empty(POSTS_SCHEMA)


def posts_from_rows(rows: Iterable[Mapping[str, Any]], *, partial: bool = False) -> pl.DataFrame:
    """Build a canonical posts frame from row dicts.

    Missing keys become null (lists become empty lists); ``created_at`` may be a
    timezone-aware ``datetime``. Extra keys are an error, so a typo in a loader
    cannot silently drop a field.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> f = posts_from_rows([{"platform": "twitter", "account": "a", "post_id": "1",
    ...     "author": "a", "created_at": datetime(2012, 9, 1, tzinfo=timezone.utc),
    ...     "text": "hi", "kind": "post", "conversation_id": "1", "source_file": "x"}])
    >>> f.select("kind", "mentions").to_dicts()
    [{'kind': 'post', 'mentions': []}]
    """
    rows = list(rows)
    if not rows:
        return empty_posts()
    extra = set().union(*(r.keys() for r in rows)) - POSTS_SCHEMA.keys()
    if extra:
        raise SchemaError(f"unknown posts column(s): {sorted(extra)}")
    columns: dict[str, list[Any]] = {name: [] for name in POSTS_SCHEMA}
    for r in rows:
        for name, values in columns.items():
            values.append(r.get(name))
    frame = pl.DataFrame(
        {
            name: pl.Series(name, values, dtype=_construct_dtype(POSTS_SCHEMA[name]), strict=False)
            for name, values in columns.items()
        }
    )
    return conform(frame, partial=partial)


def _construct_dtype(dtype: pl.DataType) -> pl.DataType:
    # Enums are cast after construction so that an invalid value gives a clear error.
    return pl.Utf8 if isinstance(dtype, pl.Enum) else dtype


def conform(frame: pl.DataFrame, *, partial: bool = False) -> pl.DataFrame:
    """Add missing optional columns, cast to canonical dtypes, order columns, then validate.

    ``partial=True`` allows a null ``account`` (rows of a collection whose studied
    account :func:`toolkit.load` decides after all inputs are read).
    """
    exprs = []
    for name, dtype in POSTS_SCHEMA.items():
        if name in frame.columns:
            col = pl.col(name)
            if isinstance(dtype, pl.List):
                col = col.fill_null(pl.lit([], dtype=dtype))
            if isinstance(dtype, pl.Datetime) and frame.schema[name] == pl.Datetime("us"):
                col = col.dt.replace_time_zone("UTC")
            exprs.append(col.cast(dtype, strict=False).alias(name) if not isinstance(dtype, pl.Enum) else col.alias(name))
        elif isinstance(dtype, pl.List):
            exprs.append(pl.lit([], dtype=dtype).alias(name))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
    frame = frame.select(exprs)
    for name in ("platform", "kind"):
        bad = frame.filter(~pl.col(name).cast(pl.Utf8).is_in(list(POSTS_SCHEMA[name].categories)) & pl.col(name).is_not_null())
        if bad.height:
            raise SchemaError(
                f"column {name!r} has value(s) {sorted(set(bad[name].cast(pl.Utf8).to_list()))[:5]} "
                f"outside {list(POSTS_SCHEMA[name].categories)}"
            )
        frame = frame.with_columns(pl.col(name).cast(POSTS_SCHEMA[name]))
    return validate(frame, partial=partial)


def validate(
    frame: pl.DataFrame,
    schema: Mapping[str, pl.DataType] = POSTS_SCHEMA,
    *,
    partial: bool = False,
) -> pl.DataFrame:
    """Check that ``frame`` has every canonical column with its dtype; return it unchanged.

    Raises
    ------
    SchemaError
        naming each missing or mistyped column, and required columns holding nulls.

    Examples
    --------
    >>> validate(pl.DataFrame({"post_id": [1]}))
    Traceback (most recent call last):
    ...
    toolkit.errors.SchemaError: posts frame does not match the canonical schema: ...
    """
    problems = []
    for name, dtype in schema.items():
        if name not in frame.columns:
            problems.append(f"missing column {name!r} ({dtype})")
        elif frame.schema[name] != dtype:
            problems.append(f"column {name!r} is {frame.schema[name]}, expected {dtype}")
    if schema is POSTS_SCHEMA and not problems:
        required = [c for c in REQUIRED if not (partial and c == "account")]
        nulls = frame.select(pl.col(c).null_count() for c in required).row(0)
        problems += [f"column {c!r} has {n} null(s)" for c, n in zip(required, nulls, strict=True) if n]
    if problems:
        kind = "posts" if schema is POSTS_SCHEMA else "frame"
        raise SchemaError(f"{kind} frame does not match the canonical schema: " + "; ".join(problems))
    return frame
