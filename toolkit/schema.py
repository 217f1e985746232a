"""The canonical data model, declared once.

Every source's output passes :func:`validate` where it enters the toolkit, so
nothing downstream checks dtypes again. See DESIGN.md section 3.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
    # column-wise: one Series per column (list columns via string_lists, not one Series per row)
    frame = pl.DataFrame(
        [
            string_lists(name, [r.get(name) for r in rows])
            if isinstance(dtype, pl.List)
            else pl.Series(
                name, [r.get(name) for r in rows], dtype=_construct_dtype(dtype), strict=False
            )
            for name, dtype in POSTS_SCHEMA.items()
        ]
    )
    return conform(frame, partial=partial)


#: joins the items of a list value in :func:`string_lists` (never part of a handle, tag or URL)
LIST_SEP = "\x1f"


def string_lists(name: str, values: Sequence[Any]) -> pl.Series:
    """A ``List(Utf8)`` Series from Python values (lists of strings or None), built column-wise.

    Polars builds a List column from Python lists one inner Series at a time (slow
    for 100k rows); here each list is joined with :data:`LIST_SEP` and the column is
    split in one vectorised pass (~20x faster). ``None`` and ``[]`` give an empty list.
    Values the fast path cannot represent exactly (items that are not strings or
    contain the separator, values that are not lists) fall back to Polars' own
    constructor, so the result never depends on the path taken.

    Examples
    --------
    >>> string_lists("tags", [["a", "b"], None, [], [""]]).to_list()
    [['a', 'b'], [], [], ['']]
    """
    joined: list[str | None] = []
    append = joined.append
    join = LIST_SEP.join
    n_items = 0
    try:
        for v in values:
            if v is None:
                append(None)
            elif v.__class__ is list:
                if v:
                    append(join(v))
                    n_items += len(v)
                else:
                    append(None)
            else:
                raise TypeError(type(v))
    except TypeError:
        return _slow_string_lists(name, values)
    out = pl.Series(name, joined, dtype=pl.Utf8).str.split(LIST_SEP)
    # an item holding the separator would have been split in two: count to be sure
    if out.list.len().sum() != n_items:
        return _slow_string_lists(name, values)
    return out.fill_null(pl.lit([], dtype=pl.List(pl.Utf8)))


def _slow_string_lists(name: str, values: Sequence[Any]) -> pl.Series:
    s = pl.Series(name, list(values), dtype=pl.List(pl.Utf8), strict=False)
    return s.fill_null(pl.lit([], dtype=pl.List(pl.Utf8)))


def _construct_dtype(dtype: pl.DataType) -> pl.DataType:
    # Enums are cast after construction so that an invalid value gives a clear error.
    return pl.Utf8 if isinstance(dtype, pl.Enum) else dtype


def conform(frame: pl.DataFrame, *, partial: bool = False) -> pl.DataFrame:
    """Add missing optional columns, cast to canonical dtypes, order columns, then validate.

    ``partial=True`` allows a null ``account`` (rows of a collection whose studied
    account :func:`toolkit.load` decides after all inputs are read).
    """
    schema = frame.schema
    if list(schema.items()) == _POSTS_ITEMS and not any(
        frame[c].null_count() for c in _LIST_COLUMNS
    ):
        # already canonical (a loader's conformed output): casting again would change nothing
        return validate(frame, partial=partial)
    exprs = []
    for name, dtype in POSTS_SCHEMA.items():
        if name in schema:
            col = pl.col(name)
            if isinstance(dtype, pl.List):
                col = col.fill_null(pl.lit([], dtype=dtype))
            if isinstance(dtype, pl.Datetime) and schema[name] == pl.Datetime("us"):
                col = col.dt.replace_time_zone("UTC")
            exprs.append(
                col.cast(dtype, strict=False).alias(name)
                if not isinstance(dtype, pl.Enum)
                else col.alias(name)
            )
        elif isinstance(dtype, pl.List):
            exprs.append(pl.lit([], dtype=dtype).alias(name))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
    frame = frame.select(exprs)
    enums = ("platform", "kind")
    outside = frame.select(
        (
            ~pl.col(name).cast(pl.Utf8).is_in(list(POSTS_SCHEMA[name].categories))
            & pl.col(name).is_not_null()
        )
        .any()
        .alias(name)
        for name in enums
    ).row(0)
    for name, bad_any in zip(enums, outside, strict=True):
        if bad_any:
            bad = frame.filter(
                ~pl.col(name).cast(pl.Utf8).is_in(list(POSTS_SCHEMA[name].categories))
                & pl.col(name).is_not_null()
            )
            raise SchemaError(
                f"column {name!r} has value(s) {sorted(set(bad[name].cast(pl.Utf8).to_list()))[:5]} "
                f"outside {list(POSTS_SCHEMA[name].categories)}"
            )
    frame = frame.with_columns(pl.col(name).cast(POSTS_SCHEMA[name]) for name in enums)
    return validate(frame, partial=partial)


_POSTS_ITEMS = list(POSTS_SCHEMA.items())
_LIST_COLUMNS = [n for n, d in POSTS_SCHEMA.items() if isinstance(d, pl.List)]


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
    have = frame.schema
    for name, dtype in schema.items():
        if name not in have:
            problems.append(f"missing column {name!r} ({dtype})")
        elif have[name] != dtype:
            problems.append(f"column {name!r} is {have[name]}, expected {dtype}")
    if schema is POSTS_SCHEMA and not problems:
        required = [c for c in REQUIRED if not (partial and c == "account")]
        nulls = [frame[c].null_count() for c in required]
        problems += [
            f"column {c!r} has {n} null(s)" for c, n in zip(required, nulls, strict=True) if n
        ]
    if problems:
        kind = "posts" if schema is POSTS_SCHEMA else "frame"
        raise SchemaError(
            f"{kind} frame does not match the canonical schema: " + "; ".join(problems)
        )
    return frame
