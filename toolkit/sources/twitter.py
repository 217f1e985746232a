"""Twitter/X account archives: the modern export (2019 on) and the legacy one (2012-2018).

One source, ``twitter`` (field notes: ``shared/formats/twitter-facebook-linkedin-instagram.md``
sections 1, 2 and 7). It reads a zip (also with one top folder inside), a tar,
the unpacked folder (or its ``data/`` folder: the same archive), or a single tweets file:

modern archive
    ``data/tweets.js`` / ``data/tweet.js`` / ``data/tweets-part*.js`` (found
    through ``data/manifest.js`` when present, else by name), plus
    ``deleted-tweets.js`` and ``community-tweet.js``. The owner's handle and id
    come from ``data/account.js`` (``manifest.js`` ``userInfo`` as fallback);
    direct messages and the account e-mail are never read.
legacy archive
    the Grailbird monthly files ``data/js/tweets/YYYY_MM.js`` (owner from
    ``data/js/user_details.js`` or the tweets' ``user``), the root ``tweets.csv``,
    or the early-2013 monthly ``data/csv/YYYY_MM.csv``. An archive that has
    several of them holds the same tweets several times: only one is loaded
    (Grailbird JS, the richest, else tweets.csv, else the monthly CSVs) and the
    log says so.

What the rows mean
------------------
Archives hold the owner's own tweets only (``replies_from_others`` is "no").
``kind`` is ``repost`` for retweets (``RT @`` prefix, or ``retweeted_status``),
else ``reply`` when the tweet replies to a status (a self-thread is a reply to
the owner), else ``quote`` when the last expanded link points to another tweet
(never the tweet's own page) and ends the text (archives have no quote flag),
else ``post``. A reply that also quotes is a ``reply``. A tweet with
``in_reply_to_user_id`` but no status id starts with a mention and replies to
nothing: it is a ``post``, the mention kept. ``reply_to_author`` is the owner's
current handle when ``in_reply_to_user_id`` is the owner's account id (also for
self-replies written under an old handle, which ``in_reply_to_screen_name``
names), else ``in_reply_to_screen_name``; when that is missing, the owner when
the parent tweet is in the archive, else the handle that user id has in the
archive's mentions, else the numeric user id itself. Likewise a mention whose
user id is the owner's names the current handle. A quote's ``reply_to_id`` and
``reply_to_author`` name the quoted tweet and its author (from the link), a
retweet's ``reply_to_author`` the retweeted account (``RT @name:``); neither is a
reply, and each starts a conversation of its own. Text is HTML-unescaped
(``&amp; &lt; &gt;``, the only entities Twitter writes), t.co links are replaced
by their expanded URLs and media t.co links removed (tweets.csv has no media
entities: its photo and video pages, ``.../status/<id>/photo/1``, are the media).
Archives have no reply counts: ``replies`` is null; ``likes`` and ``reposts``
are the counts at export time (Grailbird and CSV have none).

Speed
-----
Twitter writes ``tweets.js`` pretty-printed, one key per line, two spaces per
level. For that exact layout the loader reads the file as lines with Polars and
picks the needed keys by indentation, which is several times faster and lighter
than building a Python object per tweet. Anything else (the 2019-2020
``= [ {`` style, minified files, odd records) goes through the JSON parser, and
both routes give the same frame (tested).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import polars as pl

from toolkit.accounts import normalise_handle
from toolkit.errors import InputError
from toolkit.sources import FileLog, Input, LoadContext, Loaded, Owner, Source, register
from toolkit.sources._io import (
    client_from_source,
    decode_text,
    loads_js,
    no_gc,
    parse_time,
)
from toolkit.sources._threads import fill_conversation_ids

PLATFORM = "twitter"

# member names, matched on the base name
_TWEETS_JS = re.compile(r"tweets?(?:-part\d+)?\.js", re.I)
_DELETED_JS = re.compile(r"deleted-tweets?(?:-part\d+)?\.js", re.I)
_COMMUNITY_JS = re.compile(r"community-tweets?(?:-part\d+)?\.js", re.I)
_MONTH = re.compile(r"\d{4}_\d{2}\.(js|csv)", re.I)
# member paths relative to an archive root ("" or one top folder inside a zip/tar)
_ANCHORED = re.compile(
    r"(?P<root>(?:[^/]+/)?)(?P<rel>data/[^/]+\.js|data/js/tweets/\d{4}_\d{2}\.js|"
    r"data/js/user_details\.js|data/js/payload_details\.js|data/csv/\d{4}_\d{2}\.csv|tweets\.csv)",
    re.I,
)

#: Twitter escapes only these three characters in tweet text.
_ENTITIES = (["&amp;", "&lt;", "&gt;"], ["&", "<", ">"])
#: a link to a tweet; the group is the tweet's id
_STATUS_URL = r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/[A-Za-z0-9_]+/status(?:es)?/(\d+)"
#: the author's handle in such a link (not the "i" of twitter.com/i/web/status/...)
_STATUS_AUTHOR = r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/((?:[A-Za-z0-9_]{2,}|[A-HJ-Za-hj-z0-9_]))/status"
#: the retweeted account at the start of a retweet's text
_RT_NAME = r"^RT @([A-Za-z0-9_]+)"
UTC_US = pl.Datetime("us", "UTC")
_MODERN_TIME = "%a %b %d %H:%M:%S %z %Y"
_LEGACY_TIME = "%Y-%m-%d %H:%M:%S %z"
#: Legacy archives kept only the date of early tweets (VERIFIED in a 2019 archive:
#: every 2009 tweet and most of 2010 are at 00:00:00).
_DATE_ONLY_BEFORE = datetime(2010, 11, 1, tzinfo=UTC)

SKIP_NOT_TWEET = "item is not a tweet object"
SKIP_NO_ID = "tweet without an id"
SKIP_NO_TIME = "tweet without a readable created_at"
SKIP_DUPLICATE = "duplicate tweet id (already loaded from this archive)"
SKIP_CSV_ROW = "CSV row without tweet_id"

# --------------------------------------------------------------------------- raw columns
# Every reader turns its file into these columns; one vectorised pass (finish)
# turns them into canonical rows, so all formats share the same rules.

RAW_SCHEMA: dict[str, pl.DataType] = {
    "_file": pl.Utf8,
    "id": pl.Utf8,
    "created_at": pl.Utf8,
    "text": pl.Utf8,
    "source": pl.Utf8,
    "lang": pl.Utf8,
    "likes": pl.Utf8,
    "reposts": pl.Utf8,
    "irs": pl.Utf8,  # in_reply_to_status_id
    "iru": pl.Utf8,  # in_reply_to_user_id
    "irn": pl.Utf8,  # in_reply_to_screen_name
    "deleted_at": pl.Utf8,
    "rt": pl.Boolean,  # retweeted_status present (legacy, v1.1)
    "m_names": pl.List(pl.Utf8),
    "m_ids": pl.List(pl.Utf8),
    "tags": pl.List(pl.Utf8),
    "u_tco": pl.List(pl.Utf8),
    "u_exp": pl.List(pl.Utf8),
    "media_tco": pl.List(pl.Utf8),
}


def _s(value: Any) -> str | None:
    """A JSON scalar as a string id/count (numbers in old files, strings in new); '' is None."""
    if value is None or value == "" or isinstance(value, (dict, list, bool)):
        return None
    return str(value)


def raw_from_tweets(items: Iterable[Any], label: str, log: FileLog) -> pl.DataFrame:
    """Raw columns from tweet dicts (archive items ``{"tweet": {...}}``, Grailbird or v1.1 objects).

    Counts one record read per item; items that are not objects are skipped here,
    the rest in :func:`finish`.
    """
    cols: dict[str, list[Any]] = {k: [] for k in RAW_SCHEMA}
    with no_gc():
        for el in items:
            log.read += 1
            t = el.get("tweet", el) if isinstance(el, dict) else None
            if not isinstance(t, dict):
                log.skip(SKIP_NOT_TWEET)
                continue
            ents = t.get("entities")
            ents = ents if isinstance(ents, dict) else {}
            names, ids = [], []
            for m in ents.get("user_mentions") or ():
                if isinstance(m, dict) and m.get("screen_name"):
                    names.append(m["screen_name"])
                    ids.append(_s(m.get("id_str") or m.get("id")))
            tco, exp = [], []
            for u in ents.get("urls") or ():
                if isinstance(u, dict) and u.get("url"):
                    tco.append(u["url"])
                    exp.append(u.get("expanded_url") or u["url"])
            media = []
            ext = t.get("extended_entities")
            for group in (ents.get("media"), ext.get("media") if isinstance(ext, dict) else None):
                for m in group or ():
                    if isinstance(m, dict) and m.get("url") and m["url"] not in media:
                        media.append(m["url"])
            cols["_file"].append(label)
            cols["id"].append(_s(t.get("id_str")) or _s(t.get("id")))
            cols["created_at"].append(_s(t.get("created_at")))
            cols["text"].append(t.get("full_text") or t.get("text") or "")
            cols["source"].append(_s(t.get("source")))
            cols["lang"].append(_s(t.get("lang")))
            cols["likes"].append(_s(t.get("favorite_count")))
            cols["reposts"].append(_s(t.get("retweet_count")))
            cols["irs"].append(
                _s(t.get("in_reply_to_status_id_str")) or _s(t.get("in_reply_to_status_id"))
            )
            cols["iru"].append(
                _s(t.get("in_reply_to_user_id_str")) or _s(t.get("in_reply_to_user_id"))
            )
            cols["irn"].append(_s(t.get("in_reply_to_screen_name")))
            cols["deleted_at"].append(_s(t.get("deleted_at")))
            cols["rt"].append(True if isinstance(t.get("retweeted_status"), dict) else None)
            cols["m_names"].append(names)
            cols["m_ids"].append(ids)
            cols["tags"].append(
                [
                    h["text"]
                    for h in ents.get("hashtags") or ()
                    if isinstance(h, dict) and h.get("text")
                ]
            )
            cols["u_tco"].append(tco)
            cols["u_exp"].append(exp)
            cols["media_tco"].append(media)
    return pl.DataFrame(cols, schema=RAW_SCHEMA)


# --------------------------------------------------------------------------- fast path
# Modern tweets.js as Twitter writes it: the prefix line "window.YTD.tweets.part0 = [",
# then two spaces of indentation per level, one key per line ("key" : value), and "]"
# alone on the last line. A key's depth is its indentation / 2: item wrappers
# ("tweet") at depth 2, tweet fields at 3, entity lists at 4, entity fields at 6.

_FAST_FIRST_LINE = re.compile(rb"window\.YTD\.\w+\.part\d+ = \[\n")
_FAST_SCALARS = [
    "id_str", "id", "created_at", "full_text", "source", "lang", "favorite_count", "retweet_count",
    "in_reply_to_status_id_str", "in_reply_to_status_id", "in_reply_to_user_id_str",
    "in_reply_to_user_id", "in_reply_to_screen_name", "deleted_at",
]  # fmt: skip
_FAST_ENTITY_KEYS = ["screen_name", "id_str", "text", "url", "expanded_url"]
_JSON_ESCAPES = (
    ['\\"', "\\\\", "\\/", "\\n", "\\r", "\\t", "\\b", "\\f"],
    ['"', "\\", "/", "\n", "\r", "\t", "\b", "\f"],
)


def _fast_layout(head: bytes, tail: bytes) -> bool:
    return (
        bool(_FAST_FIRST_LINE.match(head)) and b"\r" not in head and tail.rstrip().endswith(b"\n]")
    )


def _decode_json_strings(raw: pl.Series, *, escapes: bool = True) -> pl.Series:
    """JSON scalars as written (``"text"``, ``123``, ``null``) to their values as strings.

    ``escapes=False`` for fields that cannot hold escapes (ids, counts, dates, codes).

    Examples
    --------
    >>> _decode_json_strings(pl.Series(['"say \\"hi\\" \\u00e9"', "12", "null"])).to_list()
    ['say "hi" é', '12', None]
    """
    v = pl.col("v")
    text = v.str.strip_prefix('"').str.strip_suffix('"')
    if escapes:
        text = text.str.replace_many(*_JSON_ESCAPES)
    decoded = pl.when(v.str.starts_with('"')).then(text).when(v != "null").then(v)
    out = raw.to_frame("v").select(decoded.alias(raw.name)).to_series()
    if escapes:
        escaped = raw.str.contains("\\u", literal=True).arg_true()
        if escaped.len():  # \uXXXX escapes (rare: Twitter writes UTF-8): decode those exactly
            out = out.scatter(escaped, raw.gather(escaped).str.json_decode(pl.Utf8))
    return out


#: tweet fields whose text may hold JSON escapes (the others are ids, counts, codes, dates)
_ESCAPED_SCALARS = {"full_text", "source", "in_reply_to_screen_name"}


def _well_formed(frame: pl.DataFrame) -> bool:
    """Every ``v`` is a whole JSON scalar (a damaged line shows up as a cut string)."""
    v = pl.col("v")
    odd = frame.filter(~(v.str.starts_with('"') & v.str.ends_with('"') & (v.str.len_bytes() >= 2)))
    if odd.is_empty():
        return True
    return bool(
        odd.select(
            v.str.contains(r"^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$").all()
        ).item()
    )


_ENTITY_LISTS = ["user_mentions", "hashtags", "urls", "media"]


#: Polars' line reader (unstable API, the fastest); the CSV reader with a separator
#: that cannot occur in JSON text does the same job when it is missing.
USE_SCAN_LINES = hasattr(pl, "scan_lines")


def _scan_lines(source: Path | io.BytesIO) -> pl.LazyFrame:
    """The file as one string column ``l``, one row per line."""
    if USE_SCAN_LINES:
        return pl.scan_lines(source, name="l", glob=False)
    return pl.scan_csv(
        source,
        has_header=False,
        separator="\x1f",  # a raw control character never occurs in JSON text
        glob=False,
        quote_char=None,
        new_columns=["l"],
        schema={"l": pl.Utf8},
    )


def raw_from_pretty_js(source: Path | io.BytesIO, label: str, log: FileLog) -> pl.DataFrame | None:
    """Raw columns of a modern pretty-printed tweets file read as lines, or None when the
    layout is not exactly Twitter's (the caller then parses the JSON)."""
    line = pl.col("l")
    d, k = pl.col("d"), pl.col("k")
    depth = (
        pl.when(line.str.starts_with(" " * 6 + '"')).then(3)
        .when(line.str.starts_with(" " * 12 + '"')).then(6)
        .when(line.str.starts_with(" " * 8 + '"')).then(4)
        .when(line.str.starts_with(" " * 4 + '"')).then(2)
        .cast(pl.Int32)
    )  # fmt: skip
    opens = line.str.ends_with("{") | line.str.ends_with("[")
    try:
        lines = (
            _scan_lines(source)
            .with_columns(depth.alias("d"))
            .filter(d.is_not_null())
            .with_columns(line.str.find('" : ', literal=True).cast(pl.Int32).alias("e"))
            .filter(pl.col("e").is_not_null())
            .with_columns(line.str.slice(d * 2 + 1, pl.col("e") - d * 2 - 1).alias("k"))
            # item wrappers, the tweet fields we use, the lists (depth 4) that hold
            # entities, and the entity fields we use (depth 6)
            .filter(
                (d == 2)
                | ((d == 3) & k.is_in(_FAST_SCALARS))
                | ((d == 4) & opens)
                | ((d == 6) & k.is_in(_FAST_ENTITY_KEYS))
            )
            .select(
                "d",
                k.cast(pl.Categorical),  # cheap to split by
                line.str.slice(pl.col("e") + 4).str.strip_suffix(",").alias("v"),
            )
            .collect(engine="streaming")
        )
    except (pl.exceptions.PolarsError, OSError):
        return None
    # an entity field belongs to the last list opened at depth 4 before it
    lines = lines.with_columns(
        ((d == 2) & (k == "tweet")).cum_sum().alias("tw"),
        pl.when(d == 4).then(k).forward_fill().alias("k4"),
    )
    n_tweets = int(lines["tw"].max() or 0) if lines.height else 0
    if (lines["d"] == 2).sum() != n_tweets:
        return None  # items without the {"tweet": ...} wrapper: let the JSON route judge them
    scalars = lines.filter(d == 3).select("tw", "k", "v")
    entities = (
        lines.filter(d == 6)
        .with_columns(pl.col("k4").cast(pl.Utf8))
        .filter(pl.col("k4").is_in(_ENTITY_LISTS))
        .select("tw", pl.concat_str("k4", k.cast(pl.Utf8), separator=".").alias("k"), "v")
    )
    del lines
    # every value we read must be a whole JSON scalar, else the file is damaged: the
    # JSON route then reports where (a damaged line we do not read does not matter)
    if not (_well_formed(scalars) and _well_formed(entities)):
        return None
    entities = entities.with_columns(_decode_json_strings(entities["v"]))
    tw = pl.DataFrame({"tw": pl.int_range(1, n_tweets + 1, dtype=scalars["tw"].dtype, eager=True)})
    cols: dict[str, pl.Series] = {}
    parts = {
        key: part
        for (key,), part in scalars.partition_by("k", as_dict=True, include_key=False).items()
    }
    for key, part in parts.items():
        # "id" repeats "id_str" (and so on): read it only where its twin is missing
        twin = parts.get(f"{key}_str")
        if twin is not None and twin["tw"].equals(part["tw"]):
            continue
        if key == "source":  # a handful of distinct values: decode each once
            uniq = part["v"].unique()
            mapping = dict(zip(uniq, _decode_json_strings(uniq), strict=True))
            values = part["v"].replace_strict(mapping, return_dtype=pl.Utf8)
        else:
            values = _decode_json_strings(part["v"], escapes=key in _ESCAPED_SCALARS)
        if part.height == n_tweets and (part["tw"].diff().fill_null(1) == 1).all():
            cols[key] = values  # the usual case: every tweet has the key once, in order
        else:
            cols[key] = pl.repeat(None, n_tweets, dtype=pl.Utf8, eager=True).scatter(
                part["tw"] - 1, values
            )
    lists = entities.group_by("tw", "k", maintain_order=True).agg("v")
    for (key,), part in lists.partition_by("k", as_dict=True, include_key=False).items():
        cols[key] = tw.join(part, on="tw", how="left", maintain_order="left")["v"]

    def col(*names: str) -> pl.Expr:
        present = [pl.lit(cols[n]) for n in names if n in cols]
        if not present:
            return pl.lit(None, dtype=pl.Utf8)
        return present[0] if len(present) == 1 else pl.coalesce(present)

    def lst(name: str) -> pl.Expr:
        empty = pl.lit([], dtype=pl.List(pl.Utf8))
        return pl.lit(cols[name]).fill_null(empty) if name in cols else empty

    log.read += n_tweets
    return tw.select(
        pl.lit(label).alias("_file"),
        col("id_str", "id").alias("id"),
        col("created_at").alias("created_at"),
        col("full_text").fill_null("").alias("text"),
        col("source").alias("source"),
        col("lang").alias("lang"),
        col("favorite_count").alias("likes"),
        col("retweet_count").alias("reposts"),
        col("in_reply_to_status_id_str", "in_reply_to_status_id").alias("irs"),
        col("in_reply_to_user_id_str", "in_reply_to_user_id").alias("iru"),
        col("in_reply_to_screen_name").alias("irn"),
        col("deleted_at").alias("deleted_at"),
        pl.lit(None, dtype=pl.Boolean).alias("rt"),
        lst("user_mentions.screen_name").alias("m_names"),
        lst("user_mentions.id_str").alias("m_ids"),
        lst("hashtags.text").alias("tags"),
        lst("urls.url").alias("u_tco"),
        lst("urls.expanded_url").alias("u_exp"),
        lst("media.url")
        .list.unique(maintain_order=True)
        .alias("media_tco"),  # entities + extended_entities
    )


# --------------------------------------------------------------------------- legacy CSV

_CSV_MENTION = re.compile(r"(?<![\w@])@(\w{1,15})")
_CSV_TAG = re.compile(r"(?<![\w&])#(\w+)")
_TCO = re.compile(r"https?://t\.co/\w+")
#: a tweet's photo or video page (``.../status/<id>/photo/1``): how tweets.csv lists media
_MEDIA_PAGE = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status(?:es)?/\d+/(?:photo|video)/\d+/?",
    re.I,
)


def raw_from_csv(data: bytes, label: str, log: FileLog) -> pl.DataFrame:
    """Raw columns from a legacy ``tweets.csv`` or early-2013 ``data/csv/YYYY_MM.csv``.

    Columns are mapped by header name (the two variants order them differently,
    and the monthly rows omit the trailing ``expanded_urls``). ``expanded_urls``
    repeats links (``http://x,http://x``): they are deduplicated keeping order,
    and the text's t.co links are replaced only when they pair one-to-one with them.
    Photo and video pages (``https://twitter.com/<user>/status/<id>/photo/1``) are the
    tweet's media, not links: the text's last t.co link is then the media link (Twitter
    appends it), removed from the text as in tweets.js, and the page is not in ``urls``.
    Mentions and hashtags are read from the text (the CSV has no entities).
    """
    reader = csv.reader(io.StringIO(decode_text(data), newline=""))
    header = next(reader, None)
    if not header or "tweet_id" not in [h.strip().lower() for h in header]:
        raise InputError(
            f"{label}: expected a legacy Twitter tweets.csv whose header starts with "
            f'"tweet_id","in_reply_to_status_id",...; found {str(header)[:120]}'
        )
    index = {h.strip().lower(): i for i, h in enumerate(header)}

    def get(row: list[str], name: str) -> str | None:
        i = index.get(name)
        if i is None or i >= len(row):
            return None
        return row[i].strip() or None

    cols: dict[str, list[Any]] = {k: [] for k in RAW_SCHEMA}
    for row in reader:
        if not any(c.strip() for c in row):
            continue
        log.read += 1
        tid = get(row, "tweet_id")
        if tid is None:
            log.skip(SKIP_CSV_ROW)
            continue
        text = get(row, "text") or ""
        exp = list(
            dict.fromkeys(
                u.strip() for u in (get(row, "expanded_urls") or "").split(",") if u.strip()
            )
        )
        tco = list(dict.fromkeys(_TCO.findall(text)))
        media: list[str] = []
        if exp and any("/photo/" in u or "/video/" in u for u in exp):
            links = [u for u in exp if not _MEDIA_PAGE.fullmatch(u)]
            if len(links) < len(exp) and len(tco) == len(links) + 1:
                media, tco = tco[-1:], tco[:-1]
            exp = links
        cols["_file"].append(label)
        cols["id"].append(tid)
        cols["created_at"].append(get(row, "timestamp"))
        cols["text"].append(text)
        cols["source"].append(get(row, "source"))
        cols["irs"].append(get(row, "in_reply_to_status_id"))
        cols["iru"].append(get(row, "in_reply_to_user_id"))
        cols["rt"].append(True if get(row, "retweeted_status_id") else None)
        cols["m_names"].append(_CSV_MENTION.findall(text))
        cols["m_ids"].append([])
        cols["tags"].append(_CSV_TAG.findall(text))
        cols["u_tco"].append(tco if len(tco) == len(exp) else [])
        cols["u_exp"].append(exp)
        cols["media_tco"].append(media)
        for name in ("lang", "likes", "reposts", "irn", "deleted_at"):
            cols[name].append(None)
    return pl.DataFrame(cols, schema=RAW_SCHEMA)


# --------------------------------------------------------------------------- finish


@dataclass
class _Owner:
    handle: str  # normalised
    user_id: str | None = None
    display_name: str | None = None
    observed_until: datetime | None = None
    source_file: str | None = None
    note: str | None = None  # how the owner was found, when the archive does not say


def _expand_links(text: pl.Expr, raw: pl.DataFrame) -> pl.Expr:
    """``text`` with each t.co link replaced by its expansion and media links removed.

    Same as ``for short, long in pairs: text = text.replace(short, long)`` per tweet,
    done one link position at a time over the whole column.

    Examples
    --------
    >>> raw = pl.DataFrame({"text": ["see https://t.co/a https://t.co/m"],
    ...     "u_tco": [["https://t.co/a"]], "u_exp": [["https://x.org/a"]], "media_tco": [["https://t.co/m"]]})
    >>> raw.select(_expand_links(pl.col("text"), raw)).item()
    'see https://x.org/a'
    """
    n_links = int(raw.select(pl.col("u_tco").list.len().max()).item() or 0)
    n_media = int(raw.select(pl.col("media_tco").list.len().max()).item() or 0)
    for j in range(n_links):
        short = pl.col("u_tco").list.get(j, null_on_oob=True)
        long = pl.col("u_exp").list.get(j, null_on_oob=True)
        ok = (short.str.len_bytes() > 0) & long.is_not_null()
        text = pl.when(ok).then(text.str.split(short).list.join(long)).otherwise(text)
    for j in range(n_media):
        short = pl.col("media_tco").list.get(j, null_on_oob=True)
        ok = short.str.len_bytes() > 0
        text = pl.when(ok).then(text.str.split(short).list.join("")).otherwise(text)
    if n_media:
        text = (
            pl.when(pl.col("media_tco").list.len() > 0)
            .then(text.str.strip_chars_end())
            .otherwise(text)
        )
    return text.alias("text")


def _owner_mentions(raw: pl.DataFrame, owner: _Owner) -> pl.DataFrame:
    """``m_names`` with the owner's current handle wherever the mentioned user id is the owner's.

    Tweets written before a handle change mention the owner by the old handle; the account
    id says who it is (a name alone would not: another account may hold the old handle
    now). Only the few rows that mention the owner's id are rewritten.

    Examples
    --------
    >>> raw = pl.DataFrame(
    ...     {"m_names": [["OldAlice", "Bob"], ["OldAlice"]], "m_ids": [["42", "7"], ["99"]]}
    ... )
    >>> _owner_mentions(raw, _Owner("newalice", "42"))["m_names"].to_list()
    [['newalice', 'Bob'], ['OldAlice']]
    """
    if not owner.user_id:
        return raw
    ids = pl.col("m_ids")
    mentioned = ids.list.contains(pl.lit(owner.user_id)) & (
        ids.list.len() == pl.col("m_names").list.len()
    )
    rows = raw.select(pl.arg_where(mentioned.fill_null(False))).to_series()
    if not rows.len():
        return raw
    fixed = (
        raw[rows]
        .select(pl.int_range(pl.len()).alias("_r"), "m_names", "m_ids")
        .explode(["m_names", "m_ids"])
        .group_by("_r", maintain_order=True)
        .agg(
            pl.when(pl.col("m_ids") == owner.user_id)
            .then(pl.lit(owner.handle))
            .otherwise(pl.col("m_names"))
            .alias("m_names")
        )
    )
    # (lists cannot be scattered: gather from the column followed by the rewritten lists)
    n = raw.height
    where = pl.int_range(n, eager=True, dtype=pl.Int64).scatter(
        rows, pl.int_range(n, n + rows.len(), eager=True, dtype=pl.Int64)
    )
    names = pl.concat([raw["m_names"], fixed["m_names"]]).gather(where)
    return raw.with_columns(names)


def finish(raw: pl.DataFrame, owner: _Owner, logs: dict[str, FileLog]) -> pl.DataFrame:
    """Canonical rows (``account`` = owner) from raw columns; skips are counted in ``logs``."""
    raw = raw.with_columns(
        pl.col("created_at").str.strptime(UTC_US, _MODERN_TIME, strict=False).alias("_ts")
    )
    if raw["_ts"].null_count() > raw["created_at"].null_count():
        legacy = pl.col("created_at").str.strptime(UTC_US, _LEGACY_TIME, strict=False)
        raw = raw.with_columns(pl.coalesce("_ts", legacy).alias("_ts"))
    reason = (
        pl.when(pl.col("id").is_null())
        .then(pl.lit(SKIP_NO_ID))
        .when(pl.col("_ts").is_null())
        .then(pl.lit(SKIP_NO_TIME))
    )
    raw = raw.with_columns(reason.alias("_why"))
    raw = raw.with_columns(
        pl.when(pl.col("_why").is_null() & ~pl.col("id").is_first_distinct())
        .then(pl.lit(SKIP_DUPLICATE))
        .otherwise(pl.col("_why"))
        .alias("_why")
    )
    skipped = raw.filter(pl.col("_why").is_not_null())
    if skipped.height:
        for file, why, n in skipped.group_by("_file", "_why").len().iter_rows():
            logs[file].skip(why, n)
        raw = raw.filter(pl.col("_why").is_null())
    raw = raw.drop("_why")

    # text: unescape, then expand t.co links (per tweet, in order) and drop media links
    raw = raw.with_columns(pl.col("text").str.replace_many(*_ENTITIES))
    has_links = (pl.col("u_tco").list.len() > 0) | (pl.col("media_tco").list.len() > 0)
    rows = raw.select(pl.arg_where(has_links)).to_series()
    if rows.len():
        linked = raw[rows]
        expanded = linked.select(_expand_links(pl.col("text"), linked)).to_series()
        raw = raw.with_columns(raw["text"].scatter(rows, expanded))

    raw = _owner_mentions(raw, owner)

    # who a reply answers, when the export does not say by name: the handle that user id
    # has in the archive's mentions (looked up only when some reply needs it)
    unnamed = pl.col("irs").is_not_null() & pl.col("irn").is_null() & pl.col("iru").is_not_null()
    if raw.select(unnamed.any()).item():
        pairs = (
            raw.filter(pl.col("m_ids").list.len() == pl.col("m_names").list.len())
            .select(pl.col("m_ids").alias("iru"), pl.col("m_names").alias("_name"))
            .explode(["iru", "_name"])
            .drop_nulls()
            .unique(subset=["iru"], keep="first", maintain_order=True)
        )
        raw = raw.join(pairs, on="iru", how="left", maintain_order="left")
    else:
        raw = raw.with_columns(pl.lit(None, dtype=pl.Utf8).alias("_name"))
    own_ids = raw["id"]
    owner_lit = pl.lit(owner.handle)
    is_reply = pl.col("irs").is_not_null()
    # the owner's id first: a self-reply written before a handle change names the old handle
    reply_author = pl.coalesce(
        pl.when(pl.col("iru") == pl.lit(owner.user_id, dtype=pl.Utf8)).then(owner_lit),
        pl.when(pl.col("irn").str.strip_chars() != "").then(
            pl.col("irn").str.strip_chars().str.strip_chars_start("@").str.to_lowercase()
        ),
        pl.when(pl.col("irs").is_in(own_ids.implode())).then(owner_lit),
        pl.col("_name").str.to_lowercase(),
        pl.col("iru"),
    )
    is_rt = pl.col("rt").fill_null(False) | pl.col("text").str.starts_with("RT @")
    last_url = pl.col("u_exp").list.last()
    quoted = last_url.str.extract(_STATUS_URL)
    is_quote = (
        quoted.is_not_null()
        & (quoted != pl.col("id"))  # a tweet's link to its own page (a photo) quotes nothing
        & pl.col("text").str.strip_chars_end().str.ends_with(last_url)
    ).fill_null(False)
    kind = (
        pl.when(is_rt)
        .then(pl.lit("repost"))
        .when(is_reply)
        .then(pl.lit("reply"))
        .when(is_quote)
        .then(pl.lit("quote"))
        .otherwise(pl.lit("post"))
    )
    sources = raw["source"].drop_nulls().unique().to_list()
    clients = {s: client_from_source(s) for s in sources}
    posts = raw.select(
        pl.lit(PLATFORM).alias("platform"),
        owner_lit.alias("account"),
        pl.col("id").alias("post_id"),
        owner_lit.alias("author"),
        pl.col("_ts").alias("created_at"),
        pl.col("text"),
        kind.alias("kind"),
        # a reply names its parent; a quote the tweet it quotes (from the link), a retweet the
        # retweeted account ("RT @name:"); readers take only kind == "reply" for a reply
        pl.when(is_rt)
        .then(None)
        .when(is_reply)
        .then(pl.col("irs"))
        .when(is_quote)
        .then(quoted)
        .alias("reply_to_id"),
        pl.when(is_rt)
        .then(pl.col("text").str.extract(_RT_NAME).str.to_lowercase())
        .when(is_reply)
        .then(reply_author)
        .when(is_quote)
        .then(last_url.str.extract(_STATUS_AUTHOR).str.to_lowercase())
        .alias("reply_to_author"),
        pl.lit(None, dtype=pl.Utf8).alias("conversation_id"),
        pl.col("m_names")
        .list.eval(pl.element().str.strip_chars_start("@").str.to_lowercase())
        .alias("mentions"),
        pl.col("tags").alias("hashtags"),
        pl.col("u_exp").alias("urls"),
        pl.col("source")
        .replace_strict(clients, default=None, return_dtype=pl.Utf8)
        .alias("client"),
        pl.col("likes").cast(pl.Int64, strict=False).alias("likes"),
        pl.col("reposts").cast(pl.Int64, strict=False).alias("reposts"),
        pl.lit(None, dtype=pl.Int64).alias("replies"),
        pl.col("lang"),
        pl.concat_str([pl.lit(f"https://twitter.com/{owner.handle}/status/"), pl.col("id")]).alias(
            "url"
        ),
        pl.col("_file").alias("source_file"),
    )
    return posts


def _fill_conversations(posts: pl.DataFrame) -> pl.DataFrame:
    """``conversation_id``: the topmost ancestor inside the archive, else the tweet itself.

    Only tweets linked to another tweet of the archive need the parent walk
    (:func:`fill_conversation_ids`); it runs on those alone, on a narrow frame.
    """
    linked = pl.col("reply_to_id").is_in(posts["post_id"].implode()) | pl.col("post_id").is_in(
        posts["reply_to_id"].drop_nulls().implode()
    )
    narrow = (
        posts.select("platform", "post_id", "kind", "reply_to_id", "conversation_id")
        .with_row_index("_i")
        .filter(linked)
    )
    conversation = posts["conversation_id"].fill_null(posts["post_id"])
    if narrow.height:
        roots = fill_conversation_ids(narrow).sort("_i")
        conversation = conversation.scatter(roots["_i"], roots["conversation_id"])
    return posts.with_columns(conversation.alias("conversation_id"))


def _date_only_note(posts: pl.DataFrame, logs: dict[str, FileLog]) -> None:
    midnight = posts.filter(
        (pl.col("created_at") < _DATE_ONLY_BEFORE)
        & (pl.col("created_at").dt.time() == pl.time(0, 0, 0))
    )
    for file, n in midnight.group_by("source_file").len().iter_rows():
        logs[file].note(
            f"{n} tweet(s) before November 2010 are stamped 00:00:00: the legacy archive kept only "
            "their date, so their time of day is not real (dates are kept)"
        )


# --------------------------------------------------------------------------- layout


@dataclass
class _Layout:
    """The tweet files of one archive (paths are member names of the Input)."""

    root: str = ""
    #: where the archive's data/ files are: root + "data/", or "" when the input is data/ itself
    data: str = "data/"
    tweets: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    community: list[str] = field(default_factory=list)
    grailbird: list[str] = field(default_factory=list)
    tweets_csv: list[str] = field(default_factory=list)
    month_csv: list[str] = field(default_factory=list)
    manifest: str | None = None
    account: str | None = None
    user_details: str | None = None
    payload: str | None = None
    marker: str | None = None  # a Twitter archive file seen (even without tweets)

    @property
    def has_tweets(self) -> bool:
        return bool(
            self.tweets
            or self.deleted
            or self.community
            or self.grailbird
            or self.tweets_csv
            or self.month_csv
        )


def _file_kind(inp: Input) -> str | None:
    """What a single plain file is: 'tweets', 'grailbird', 'csv', or None."""
    name = inp.path.name
    head = inp.head(name, 512)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    low = name.lower()
    if low.endswith(".js"):
        if head.lstrip().startswith(b"Grailbird.data.tweets_"):
            return "grailbird"
        if re.match(
            rb"\s*window\.YTD\.(tweets?|deleted_tweets?|community_tweets?)\.part\d+\s*=", head
        ):
            return "tweets"
        return None
    if low.endswith(".csv"):
        first = decode_text(head).splitlines()[0] if head else ""
        cells = [c.strip().strip('"').lower() for c in first.split(",")]
        if cells[:1] == ["tweet_id"] and "timestamp" in cells and "text" in cells:
            return "csv"
    return None


def _layouts(inp: Input) -> list[_Layout]:
    """The archives found at the root of ``inp`` (one top folder allowed inside zips and tars).

    A folder whose own files are an archive's ``data/`` files (the unzipped archive's
    ``data/`` folder itself: ``account.js``, ``tweets.js``, ``tweets-part1.js``, or a legacy
    archive's ``js/tweets/YYYY_MM.js``) is that archive, read as from its parent folder.
    """
    if inp.kind == "file":
        kind = _file_kind(inp)
        if kind is None:
            return []
        name = inp.path.name
        lay = _Layout(marker=name)
        if kind == "grailbird":
            lay.grailbird = [name]
        elif kind == "csv":
            (lay.month_csv if _MONTH.fullmatch(name) else lay.tweets_csv).append(name)
        else:
            low = name.lower()
            (
                lay.deleted
                if low.startswith("deleted")
                else lay.community
                if low.startswith("community")
                else lay.tweets
            ).append(name)
        return [lay]
    found = _scan(inp)
    if not found and inp.kind == "dir":
        found = [lay for lay in _scan(inp, data_folder=True) if _written_by_twitter(inp, lay)]
    return found


def _scan(inp: Input, *, data_folder: bool = False) -> list[_Layout]:
    """The layouts that member names show; ``data_folder``: names are relative to ``data/``."""
    by_root: dict[str, _Layout] = {}
    for n in inp.names():
        m = _ANCHORED.fullmatch("data/" + n if data_folder else n)
        if not m:
            continue
        root, rel = m.group("root"), m.group("rel")
        if root and inp.kind == "dir":
            continue  # a folder is an archive only if the files are at its root
        if root.lower() == "data/" and rel.lower() == "tweets.csv":
            continue  # data/tweets.csv is not the legacy archive's root file
        lay = by_root.setdefault(
            root, _Layout(root=root, data="" if data_folder else root + "data/")
        )
        low = rel.lower()
        base = PurePosixPath(low).name
        if low.startswith("data/js/tweets/"):
            lay.grailbird.append(n)
        elif low.startswith("data/csv/"):
            lay.month_csv.append(n)
        elif low == "tweets.csv":
            lay.tweets_csv.append(n)
        elif low == "data/js/user_details.js":
            lay.user_details = n
        elif low == "data/js/payload_details.js":
            lay.payload = n
        elif base == "manifest.js":
            lay.manifest = n
        elif base == "account.js":
            lay.account = n
        elif _TWEETS_JS.fullmatch(base):
            lay.tweets.append(n)
        elif _DELETED_JS.fullmatch(base):
            lay.deleted.append(n)
        elif _COMMUNITY_JS.fullmatch(base):
            lay.community.append(n)
        else:
            continue
        lay.marker = lay.marker or n
    return [lay for lay in by_root.values() if lay.has_tweets or lay.manifest or lay.account]


#: how the files Twitter writes into an archive's data/ folder begin
_ARCHIVE_HEAD = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:window\.(?:YTD\.\w+\.part\d+|__THAR_CONFIG)|"
    rb"Grailbird\.data\.tweets_\d{4}_\d{2}|var\s+(?:user|payload)_details)\s*=|"
    rb'(?:\xef\xbb\xbf)?"?tweet_id"?,'
)


def _written_by_twitter(inp: Input, lay: _Layout) -> bool:
    """Whether a folder's loose ``account.js``, ``tweets.js``... are a Twitter data folder.

    Names alone are common in other folders: the first of them must begin as Twitter
    writes it, and the folder's own files must all be Twitter's kinds (``.js``,
    ``README.txt``), so that a folder that also holds other exports is still searched
    for each of them.
    """
    loose = (n for n in inp.names() if "/" not in n and not n.startswith("."))
    if not all(n.lower().endswith((".js", ".txt")) for n in loose):
        return False
    first = lay.account or lay.manifest or lay.user_details
    first = first or next(
        iter(lay.tweets + lay.deleted + lay.community + lay.grailbird + lay.month_csv), None
    )
    return first is not None and bool(_ARCHIVE_HEAD.match(inp.head(first, 256)))


def _part_key(name: str) -> tuple[int, str]:
    m = re.search(r"part(\d+)\.js$", name, re.I)
    return (int(m.group(1)) if m else 0, name)


def _manifest_files(inp: Input, lay: _Layout) -> dict[str, Any]:
    if not lay.manifest:
        return {}
    data = loads_js(inp.read_bytes(lay.manifest), inp.label(lay.manifest))
    return data if isinstance(data, dict) else {}


def _from_manifest(manifest: dict[str, Any], key: str, lay: _Layout, names: set[str]) -> list[str]:
    files = ((manifest.get("dataTypes") or {}).get(key) or {}).get("files") or []
    out = []
    for f in files:
        fname = f.get("fileName") if isinstance(f, dict) else None
        if not isinstance(fname, str):
            continue
        # "data/tweets.js": relative to the archive root, whose data/ folder may be the input
        member = lay.data + fname[5:] if fname.startswith("data/") else lay.root + fname
        if member in names:
            out.append(member)
    return out


# --------------------------------------------------------------------------- owner


def _owner(
    inp: Input, lay: _Layout, ctx: LoadContext, manifest: dict[str, Any], grail_user: dict | None
) -> _Owner:
    until = None
    gen = (manifest.get("archiveInfo") or {}).get("generationDate")
    if gen:
        until = parse_time(gen)
    account_file = lay.account
    sibling = None
    if account_file is None and inp.kind == "file":
        sibling = inp.path.parent / "account.js"
    acc: dict[str, Any] = {}
    if account_file or (sibling is not None and sibling.is_file()):
        data = inp.read_bytes(account_file) if account_file else sibling.read_bytes()
        label = inp.label(account_file) if account_file else str(sibling)
        items = loads_js(data, label)
        if isinstance(items, list) and items and isinstance(items[0], dict):
            acc = items[0].get("account") or {}
        if acc.get("username"):
            return _Owner(
                normalise_handle(acc["username"]),
                _s(acc.get("accountId")),
                acc.get("accountDisplayName"),
                until,
                label,
            )
    info = manifest.get("userInfo") or {}
    if info.get("userName"):
        return _Owner(
            normalise_handle(info["userName"]), _s(info.get("accountId")), info.get("displayName"), until,
            inp.label(lay.manifest),
        )  # fmt: skip
    details: dict[str, Any] = {}
    if lay.user_details:
        d = loads_js(inp.read_bytes(lay.user_details), inp.label(lay.user_details))
        details = d if isinstance(d, dict) else {}
    elif inp.kind == "file":
        for cand in (
            inp.path.parent / "data/js/user_details.js",
            inp.path.parent.parent / "user_details.js",
        ):
            if cand.is_file():
                d = loads_js(cand.read_bytes(), str(cand))
                details = d if isinstance(d, dict) else {}
                break
    if lay.payload:
        p = loads_js(inp.read_bytes(lay.payload), inp.label(lay.payload))
        if isinstance(p, dict):
            until = parse_time(str(p.get("created_at") or ""), _LEGACY_TIME) or until
    if details.get("screen_name"):
        return _Owner(
            normalise_handle(details["screen_name"]), _s(details.get("id")), details.get("full_name"), until,
            inp.label(lay.user_details) if lay.user_details else None,
        )  # fmt: skip
    if grail_user and grail_user.get("screen_name"):
        return _Owner(
            normalise_handle(grail_user["screen_name"]), _s(grail_user.get("id_str") or grail_user.get("id")),
            grail_user.get("name"), until,
        )  # fmt: skip
    given = ctx.options.get("owner")
    studied = sorted(ctx.accounts.studied_handles(PLATFORM))
    if given:
        return _Owner(
            normalise_handle(str(given)),
            None,
            None,
            until,
            note="owner given by the caller (owner=...)",
        )
    if len(studied) == 1:
        note = "owner taken from the accounts file (the only Twitter account it lists): the archive does not say"
        return _Owner(studied[0], None, None, until, note=note)
    where = inp.label(lay.marker)
    raise InputError(
        f"{where}: cannot tell whose tweets these are: no data/account.js, data/manifest.js or "
        "data/js/user_details.js next to them. Load the whole archive, or pass owner='handle' to "
        "toolkit.load, or list exactly one Twitter account in the accounts file."
    )


# --------------------------------------------------------------------------- reading


def _tail(path: Path, n: int = 64) -> bytes:
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        f.seek(max(0, size - n))
        return f.read()


def _read_tweets_js(inp: Input, name: str, log: FileLog) -> pl.DataFrame:
    """Raw columns of one modern tweets file: the line route when the layout allows, else JSON."""
    label = inp.label(name)
    data: bytes | None = None
    source: Path | io.BytesIO
    if inp.kind in ("dir", "file"):  # read from disk by Polars: no copy of the file in memory
        source = inp.path / name if inp.kind == "dir" else inp.path
        head, tail = inp.head(name, 256), _tail(source)
    else:
        data = inp.read_bytes(name)
        source, head, tail = io.BytesIO(data), data[:256], data[-64:]
    if _fast_layout(head, tail):
        frame = raw_from_pretty_js(source, label, log)
        if frame is not None:
            return frame
    if data is None:
        data = inp.read_bytes(name)
    items = loads_js(data, label)
    del data
    if not isinstance(items, list):
        raise InputError(
            f"{label}: expected a JS array of tweets after the `window.YTD... =` prefix"
        )
    return raw_from_tweets(items, label, log)


def _read_grailbird(inp: Input, name: str, log: FileLog) -> tuple[pl.DataFrame, dict | None]:
    label = inp.label(name)
    data = inp.read_bytes(name)
    items = loads_js(data, label)
    if not isinstance(items, list):
        raise InputError(f"{label}: expected `Grailbird.data.tweets_YYYY_MM = [ ... ]`")
    user = next(
        (t.get("user") for t in items if isinstance(t, dict) and isinstance(t.get("user"), dict)),
        None,
    )
    return raw_from_tweets(items, label, log), user


def _load_layout(
    inp: Input, lay: _Layout, ctx: LoadContext
) -> tuple[pl.DataFrame, list[FileLog], Owner]:
    names = set(inp.names())
    manifest = _manifest_files(inp, lay)
    tweets = _from_manifest(manifest, "tweets", lay, names)
    tweets += sorted((n for n in lay.tweets if n not in tweets), key=_part_key)
    deleted = _from_manifest(manifest, "deletedTweets", lay, names)
    deleted += sorted((n for n in lay.deleted if n not in deleted), key=_part_key)
    community = _from_manifest(manifest, "communityTweet", lay, names)
    community += sorted((n for n in lay.community if n not in community), key=_part_key)
    modern = bool(tweets or deleted or community)
    notes: list[str] = []
    raws: list[pl.DataFrame] = []
    logs: dict[str, FileLog] = {}
    grail_user = None
    legacy = False
    if modern:
        for group, fmt in ((tweets, "twitter (archive tweets)"), (community, "twitter (archive community tweets)"),
                           (deleted, "twitter (archive deleted tweets)")):  # fmt: skip
            for name in group:
                log = logs[inp.label(name)] = FileLog(inp.label(name), fmt)
                raws.append(_read_tweets_js(inp, name, log))
        if lay.grailbird or lay.tweets_csv or lay.month_csv:
            notes.append(
                "this archive also has legacy tweet files (Grailbird JS or tweets.csv); only the modern tweets files were loaded"
            )
    elif lay.grailbird:
        legacy = True
        for name in sorted(lay.grailbird):
            log = logs[inp.label(name)] = FileLog(inp.label(name), "twitter (legacy Grailbird js)")
            raw, user = _read_grailbird(inp, name, log)
            grail_user = grail_user or user
            raws.append(raw)
        also = [
            what
            for what, present in (("tweets.csv", lay.tweets_csv), ("data/csv/*.csv", lay.month_csv))
            if present
        ]
        if also:
            notes.append(
                f"this archive also has {' and '.join(also)} with the same tweets; only the Grailbird "
                "JS files (data/js/tweets/*.js, the richest copy) were loaded, so nothing is counted twice"
            )
    elif lay.tweets_csv or lay.month_csv:
        legacy = True
        files, fmt = (lay.tweets_csv, "twitter (legacy tweets.csv)") if lay.tweets_csv else (
            sorted(lay.month_csv), "twitter (legacy monthly csv)")  # fmt: skip
        for name in files:
            log = logs[inp.label(name)] = FileLog(inp.label(name), fmt)
            raws.append(raw_from_csv(inp.read_bytes(name), inp.label(name), log))
        if lay.tweets_csv and lay.month_csv:
            notes.append(
                "this archive also has data/csv/*.csv with the same tweets; only tweets.csv was loaded"
            )
    else:
        where = inp.label(lay.marker)
        raise InputError(
            f"{where}: a Twitter archive without tweets: no data/tweets.js, tweet.js or "
            "tweets-part*.js (nor legacy tweets.csv or data/js/tweets/*.js). Was the archive "
            "downloaded completely?"
        )
    owner = _owner(inp, lay, ctx, manifest, grail_user)
    raw = pl.concat(raws, how="vertical") if raws else pl.DataFrame(schema=RAW_SCHEMA)
    posts = finish(raw, owner, logs)
    posts = _fill_conversations(posts)
    log_list = list(logs.values())
    if owner.note:
        notes.append(owner.note)
    for note in notes:
        log_list[0].note(note)
    if legacy:
        _date_only_note(posts, logs)
        csv_replies = posts.filter(
            pl.col("source_file").is_in([lg.source_file for lg in log_list if "csv" in lg.format])
            & pl.col("reply_to_author").str.contains(r"^\d+$")
        )
        if csv_replies.height:
            for file, n in csv_replies.group_by("source_file").len().iter_rows():
                logs[file].note(
                    f"{n} {'reply names' if n == 1 else 'replies name'} the replied-to account only by its "
                    "numeric user id (the CSV has no screen names): reply_to_author is that id"
                )
    for name in deleted:
        log = logs[inp.label(name)]
        when = raw.filter(pl.col("_file") == log.source_file)["deleted_at"].str.strptime(
            UTC_US, _MODERN_TIME, strict=False
        )
        if log.read:
            span = (
                f" between {when.min():%Y-%m-%d} and {when.max():%Y-%m-%d}"
                if when.drop_nulls().len()
                else ""
            )
            log.note(
                f"deleted tweets: the owner deleted these {log.read} tweet(s){span} (deleted_at); "
                "Twitter keeps only recent deletions. They are loaded like the other tweets"
            )
    for name in community:
        if logs[inp.label(name)].read:
            logs[inp.label(name)].note(
                "community tweets: posted to an X Community; loaded like the other tweets"
            )
    if lay.tweets and lay.manifest and not _from_manifest(manifest, "tweets", lay, names):
        log_list[0].note(
            "data/manifest.js lists no tweets files present in the archive; tweets files were found by name"
        )
    who = Owner(
        platform=PLATFORM,
        handle=owner.handle,
        display_name=owner.display_name,
        observed_until=owner.observed_until,
        source_file=owner.source_file,
    )
    return posts, log_list, who


# --------------------------------------------------------------------------- source


@register
class TwitterArchive(Source):
    """Twitter/X account archive: modern (``tweets.js``) or legacy (``tweets.csv``, Grailbird)."""

    name = "twitter"
    platform = PLATFORM
    title = "Twitter/X account archive (2019+ tweets.js; legacy tweets.csv and Grailbird JS)"
    inputs = (
        "the archive zip, its folder or its data/ folder (data/tweets.js, tweet.js, tweets-part*.js, "
        "deleted-tweets.js, community-tweet.js; legacy tweets.csv, data/js/tweets/YYYY_MM.js, "
        "data/csv/YYYY_MM.csv), or one such file"
    )
    replies_from_others = "no (own posts only)"

    def detect(self, inp: Input) -> bool:
        return bool(_layouts(inp))

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:
        layouts = _layouts(inp)
        frames, logs, owners = [], [], []
        for lay in layouts:
            posts, lg, owner = _load_layout(inp, lay, ctx)
            frames.append(posts)
            logs.extend(lg)
            owners.append(owner)
        posts = pl.concat(frames, how="vertical") if frames else pl.DataFrame()
        return Loaded(posts=posts, logs=logs, owners=owners)
