"""Twitter API JSON lines: twarc2 (API v2) pages and flattened tweets, and v1.1 statuses.

One source, ``twitter-api`` (field notes: ``shared/formats/twitter-facebook-linkedin-instagram.md``
section 3). It reads one plain file (``.jsonl``, ``.json``, ``.ndjson``, ``.txt``)
whose first JSON line is one of:

twarc2 response page
    ``{"data": [tweets] or tweet, "includes": {"users", "tweets", ...}, "meta", "errors",
    "__twarc"}``, as ``twarc2 search/timeline/conversation/stream`` write them.
    Authors come from ``includes.users``.
flattened twarc2 tweet
    one tweet per line with its ``author`` (and ``in_reply_to_user``) inlined and
    ``referenced_tweets`` expanded (``twarc2 flatten``).
v1.1 status
    one status per line (twarc 1.x): ``id_str``, ``full_text``/``text``, ``user``,
    ``in_reply_to_*``, ``retweeted_status``, ``quoted_status``, ``entities``.

What is a record
----------------
Every tweet in a page's ``data`` (or on a flattened/v1.1 line) is one record read.
Every referenced tweet the file gives in full (``includes.tweets``, a flattened
line's expanded ``referenced_tweets``, a v1.1 ``retweeted_status`` or
``quoted_status``) is a record too and becomes a row of its own: these are the
tweets being replied to, quoted or retweeted, often the studied account's.
When that tweet id is already in the file (as a main tweet or an earlier
reference) it is skipped with the reason "referenced tweet already in the file".
A line that carries no tweet at all (an API error, a users or counts lookup, a
broken line) is one record, skipped with its reason; nothing ever stops the load.
An empty file is not recognised (``toolkit.load`` raises ``UnknownFormatError``).

What the rows mean
------------------
``account`` is null: these are collections, and :func:`toolkit.load` attributes
each row to the studied account whose conversation it is. ``kind`` follows
``referenced_tweets`` (``retweeted`` → repost, ``replied_to`` → reply, ``quoted``
→ quote; a retweet wins over a reply, a reply over a quote) or the v1.1 fields.
A v2 tweet with ``in_reply_to_user_id`` but no ``replied_to`` starts with a mention:
it is a post. ``reply_to_author`` is the handle of ``in_reply_to_user_id``
(``includes.users``, or the inlined ``in_reply_to_user``), else the author of the
parent row when the parent is in the file, else the numeric user id.
``conversation_id`` is the API's (v2), or found by following parents in the file
(v1.1). Counts come from ``public_metrics`` (v2: likes, retweets, replies) or
``favorite_count``/``retweet_count`` (v1.1; replies null unless given).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import orjson
import polars as pl

from toolkit.accounts import normalise_handle
from toolkit.sources import FileLog, Input, LoadContext, Loaded, Source, register
from toolkit.sources._io import Rows, client_from_source, iter_jsonl, no_gc
from toolkit.sources._threads import fill_conversation_ids
from toolkit.sources.twitter import _MODERN_TIME, UTC_US

PLATFORM = "twitter"
SUFFIXES = (".jsonl", ".json", ".ndjson", ".txt")
_ISO_TIME = "%Y-%m-%dT%H:%M:%S%.fZ"
#: lines longer than this are judged by their first bytes only when detecting
_DETECT_LINE_LIMIT = 32 * 1024 * 1024

SKIP_BROKEN = "line is not valid JSON (truncated or broken)"
SKIP_ERROR = "API error message, not a tweet"
SKIP_LOOKUP = "response page without tweets (users, counts or another lookup)"
SKIP_OTHER = "line is not a tweet or a twarc2 page"
SKIP_NOTICE = "stream notice (limit, delete, withheld...), not a tweet"
SKIP_ITEM = "item in data is not a tweet"
SKIP_NO_AUTHOR = "tweet without an author"
SKIP_NO_ID = "tweet without an id"
SKIP_NO_TIME = "tweet without a readable created_at"
SKIP_DUPLICATE = "duplicate tweet id in the file"
SKIP_REFERENCED = "referenced tweet already in the file"

# --------------------------------------------------------------------------- shapes


def _is_v2_tweet(t: Any) -> bool:
    return isinstance(t, dict) and "id" in t and "text" in t and "user" not in t


def _is_v1_status(t: Any) -> bool:
    return (
        isinstance(t, dict)
        and "id_str" in t
        and ("text" in t or "full_text" in t or "extended_tweet" in t)
        and isinstance(t.get("user"), dict)
    )


#: v1.1 streaming API messages that are not tweets
_NOTICES = {
    "limit",
    "delete",
    "scrub_geo",
    "status_withheld",
    "user_withheld",
    "disconnect",
    "warning",
}


def _is_notice(obj: Any) -> bool:
    return isinstance(obj, dict) and len(obj) == 1 and next(iter(obj)) in _NOTICES


def _twitter_errors(obj: dict[str, Any]) -> bool:
    errors = obj.get("errors")
    return isinstance(errors, list) and any(
        isinstance(e, dict)
        and str(e.get("type", "")).startswith("https://api.twitter.com/2/problems/")
        for e in errors
    )


def shape(obj: Any) -> str | None:
    """'page', 'flat', 'v1' or None for one parsed JSON line.

    Examples
    --------
    >>> shape({"data": [{"id": "1", "text": "hi", "author_id": "2"}], "includes": {}})
    'page'
    >>> shape({"id": "1", "text": "hi", "author": {"id": "2", "username": "bo"}})
    'flat'
    >>> shape({"id_str": "1", "full_text": "hi", "user": {"screen_name": "bo"}})
    'v1'
    >>> shape({"limit": {"track": 3}}) is None
    True
    """
    if not isinstance(obj, dict):
        return None
    if "data" in obj or "errors" in obj:
        data = obj.get("data")
        items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
        if any(_is_v2_tweet(t) for t in items) or "__twarc" in obj or "includes" in obj:
            return "page"
        if data is None and _twitter_errors(obj):
            return "page"
        return None
    if _is_v1_status(obj):
        return "v1"
    if _is_v2_tweet(obj) and ("author_id" in obj or isinstance(obj.get("author"), dict)):
        return "flat"
    return None


def _first_lines(inp: Input, n: int = 5) -> list[bytes]:
    out: list[bytes] = []
    with open(inp.path, "rb") as f:
        while len(out) < n:
            line = f.readline(_DETECT_LINE_LIMIT)
            if not line:
                break
            if line.strip():
                out.append(line)
    return out


# --------------------------------------------------------------------------- rows


def _unescape(text: str) -> str:
    """Undo Twitter's escaping of ``& < >`` (``&amp;lt;`` becomes ``&lt;``, as typed)."""
    if "&" in text:
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return text


def _v2_links(text: str, entities: dict[str, Any]) -> tuple[str, list[str]]:
    urls = []
    for u in entities.get("urls") or ():
        if not isinstance(u, dict) or not u.get("url"):
            continue
        short = u["url"]
        is_media = "media_key" in u or str(u.get("display_url", "")).startswith(
            ("pic.twitter.com", "pic.x.com")
        )
        if is_media:
            text = text.replace(short, "").rstrip()
            continue
        long = u.get("unwound_url") or u.get("expanded_url") or short
        text = text.replace(short, long)
        if long not in urls:
            urls.append(long)
    return text, urls


def _add_v2(rows: Rows, log: FileLog, t: dict[str, Any], users: dict[str, str]) -> None:
    """One v2 tweet (page item, flattened line or referenced tweet) into ``rows``."""
    tid = t.get("id")
    if not tid:
        log.skip(SKIP_NO_ID)
        return
    tid = str(tid)
    author_id = t.get("author_id")
    author = t.get("author") if isinstance(t.get("author"), dict) else None
    handle = normalise_handle((author or {}).get("username") or users.get(str(author_id)) or None)
    if handle is None and author_id:
        handle = str(author_id)
    if handle is None:
        log.skip(SKIP_NO_AUTHOR)
        return
    note = t.get("note_tweet") if isinstance(t.get("note_tweet"), dict) else None
    text = (note or {}).get("text") or t.get("text") or ""
    entities = (note or {}).get("entities") or t.get("entities") or {}
    entities = entities if isinstance(entities, dict) else {}
    text, urls = _v2_links(_unescape(text), entities)
    refs = {
        r.get("type"): str(r.get("id"))
        for r in t.get("referenced_tweets") or ()
        if isinstance(r, dict)
    }
    kind = (
        "repost"
        if "retweeted" in refs
        else "reply"
        if "replied_to" in refs
        else "quote"
        if "quoted" in refs
        else "post"
    )
    reply_to_author = None
    reply_user = None
    if kind == "reply":
        reply_user = t.get("in_reply_to_user_id")
        inline = t.get("in_reply_to_user") if isinstance(t.get("in_reply_to_user"), dict) else {}
        reply_to_author = normalise_handle(
            inline.get("username") or users.get(str(reply_user)) or None
        )
        if reply_to_author is None and reply_user and str(reply_user) == str(author_id):
            reply_to_author = handle
    metrics = t.get("public_metrics") if isinstance(t.get("public_metrics"), dict) else {}
    rows.add(
        post_id=tid,
        author=handle,
        created_at=t.get("created_at"),
        text=text,
        kind=kind,
        reply_to_id=refs.get("replied_to") if kind == "reply" else None,
        reply_to_author=reply_to_author,
        reply_to_user_id=str(reply_user) if reply_user else None,
        conversation_id=str(t["conversation_id"]) if t.get("conversation_id") else None,
        mentions=[
            m["username"]
            for m in entities.get("mentions") or ()
            if isinstance(m, dict) and m.get("username")
        ],
        hashtags=[
            h["tag"] for h in entities.get("hashtags") or () if isinstance(h, dict) and h.get("tag")
        ],
        urls=urls,
        client=client_from_source(t.get("source")),
        likes=metrics.get("like_count"),
        reposts=metrics.get("retweet_count"),
        replies=metrics.get("reply_count"),
        lang=t.get("lang"),
    )
    rows.seen.add(tid)


def _add_v1(rows: Rows, log: FileLog, t: dict[str, Any]) -> None:
    """One v1.1 status into ``rows``."""
    tid = t.get("id_str") or (str(t["id"]) if t.get("id") is not None else None)
    if not tid:
        log.skip(SKIP_NO_ID)
        return
    user = t.get("user") if isinstance(t.get("user"), dict) else {}
    handle = normalise_handle(user.get("screen_name") or None) or (
        str(user["id_str"]) if user.get("id_str") else None
    )
    if handle is None:
        log.skip(SKIP_NO_AUTHOR)
        return
    ext = t.get("extended_tweet") if isinstance(t.get("extended_tweet"), dict) else {}
    text = ext.get("full_text") or t.get("full_text") or t.get("text") or ""
    entities = ext.get("entities") or t.get("entities") or {}
    entities = entities if isinstance(entities, dict) else {}
    text = _unescape(text)
    urls = []
    for u in entities.get("urls") or ():
        if isinstance(u, dict) and u.get("url"):
            long = u.get("expanded_url") or u["url"]
            text = text.replace(u["url"], long)
            if long not in urls:
                urls.append(long)
    ext_ent = ext.get("extended_entities") or t.get("extended_entities") or {}
    for group in (
        entities.get("media"),
        ext_ent.get("media") if isinstance(ext_ent, dict) else None,
    ):
        for m in group or ():
            if isinstance(m, dict) and m.get("url"):
                text = text.replace(m["url"], "").rstrip()
    reply_id = t.get("in_reply_to_status_id_str") or (
        str(t["in_reply_to_status_id"]) if t.get("in_reply_to_status_id") else None
    )
    reply_user = t.get("in_reply_to_user_id_str") or (
        str(t["in_reply_to_user_id"]) if t.get("in_reply_to_user_id") else None
    )
    if isinstance(t.get("retweeted_status"), dict):
        kind = "repost"
    elif reply_id:
        kind = "reply"
    elif (
        t.get("is_quote_status")
        or t.get("quoted_status_id_str")
        or isinstance(t.get("quoted_status"), dict)
    ):
        kind = "quote"
    else:
        kind = "post"
    reply_to_author = None
    if kind == "reply":
        reply_to_author = normalise_handle(t.get("in_reply_to_screen_name") or None)
        if reply_to_author is None and reply_user and reply_user == user.get("id_str"):
            reply_to_author = handle
    rows.add(
        post_id=str(tid),
        author=handle,
        created_at=t.get("created_at"),
        text=text,
        kind=kind,
        reply_to_id=reply_id if kind == "reply" else None,
        reply_to_author=reply_to_author,
        reply_to_user_id=reply_user if kind == "reply" else None,
        conversation_id=None,
        mentions=[
            m["screen_name"]
            for m in entities.get("user_mentions") or ()
            if isinstance(m, dict) and m.get("screen_name")
        ],
        hashtags=[
            h["text"]
            for h in entities.get("hashtags") or ()
            if isinstance(h, dict) and h.get("text")
        ],
        urls=urls,
        client=client_from_source(t.get("source")),
        likes=t.get("favorite_count"),
        reposts=t.get("retweet_count"),
        replies=t.get("reply_count"),
        lang=t.get("lang"),
    )
    rows.seen.add(str(tid))


def _users(obj: dict[str, Any]) -> dict[str, str]:
    inc = obj.get("includes") if isinstance(obj.get("includes"), dict) else {}
    return {
        str(u["id"]): u["username"]
        for u in inc.get("users") or ()
        if isinstance(u, dict) and u.get("id") and u.get("username")
    }


def read_lines(data: bytes, label: str, log: FileLog) -> pl.DataFrame:
    """Canonical rows (``account`` null) from the bytes of one JSON-lines file."""
    rows = Rows(extra=("reply_to_user_id",))
    pending: list[tuple[str, dict[str, Any], dict[str, str]]] = []
    seen_shapes: dict[str, None] = {}
    api_errors = 0
    with no_gc():
        for _, obj in iter_jsonl(data, log, reason=SKIP_BROKEN):
            kind = shape(obj)
            if kind is None:
                log.read += 1
                log.skip(SKIP_NOTICE if _is_notice(obj) else SKIP_OTHER)
                continue
            seen_shapes[kind] = None
            if kind == "page":
                data_ = obj.get("data")
                items = (
                    data_ if isinstance(data_, list) else [data_] if isinstance(data_, dict) else []
                )
                tweets = [t for t in items if _is_v2_tweet(t)]
                errors = obj.get("errors") if isinstance(obj.get("errors"), list) else []
                if not tweets:
                    log.read += 1
                    log.skip(SKIP_ERROR if errors and not items else SKIP_LOOKUP)
                    continue
                api_errors += len(errors)
                users = _users(obj)
                for t in items:
                    log.read += 1
                    if not _is_v2_tweet(t):
                        log.skip(SKIP_ITEM)
                    elif str(t.get("id")) in rows.seen:
                        log.skip(SKIP_DUPLICATE)
                    else:
                        _add_v2(rows, log, t, users)
                inc = obj.get("includes") if isinstance(obj.get("includes"), dict) else {}
                pending.extend(("v2", t, users) for t in inc.get("tweets") or () if _is_v2_tweet(t))
            elif kind == "flat":
                log.read += 1
                if str(obj.get("id")) in rows.seen:
                    log.skip(SKIP_DUPLICATE)
                    continue
                _add_v2(rows, log, obj, {})
                for ref in obj.get("referenced_tweets") or ():
                    if _is_v2_tweet(ref):  # expanded in place by `twarc2 flatten`
                        pending.append(("v2", ref, {}))
            else:
                log.read += 1
                if str(obj.get("id_str")) in rows.seen:
                    log.skip(SKIP_DUPLICATE)
                    continue
                _add_v1(rows, log, obj)
                for key in ("retweeted_status", "quoted_status"):
                    if _is_v1_status(obj.get(key)):
                        pending.append(("v1", obj[key], {}))
        for version, t, users in pending:
            log.read += 1
            tid = str(t.get("id") if version == "v2" else t.get("id_str"))
            if tid in rows.seen:
                log.skip(SKIP_REFERENCED)
            elif version == "v2":
                _add_v2(rows, log, t, users)
            else:
                _add_v1(rows, log, t)
    names = {"page": "twarc2 pages", "flat": "twarc2 flattened tweets", "v1": "v1.1 statuses"}
    if seen_shapes:
        log.format = "twitter-api (" + " + ".join(names[s] for s in seen_shapes) + ")"
    if api_errors:
        log.note(
            f"{api_errors} API error entr{'y' if api_errors == 1 else 'ies'} inside pages that also had tweets "
            "(e.g. a referenced tweet that was deleted or protected); they are not tweets and are not counted"
        )
    return _frame(rows, label, log)


def _frame(rows: Rows, label: str, log: FileLog) -> pl.DataFrame:
    frame = rows.raw()
    ts = pl.coalesce(
        pl.col("created_at").str.strptime(UTC_US, _ISO_TIME, strict=False),
        pl.col("created_at").str.strptime(UTC_US, _MODERN_TIME, strict=False),
    )
    frame = frame.with_columns(ts.alias("created_at"))
    bad = frame["created_at"].null_count()
    if bad:
        log.skip(SKIP_NO_TIME, bad)
        frame = frame.filter(pl.col("created_at").is_not_null())
    # a reply whose parent is in the file names that parent's author when the API did not
    parents = frame.select(
        pl.col("post_id").alias("reply_to_id"), pl.col("author").alias("_parent_author")
    )
    frame = frame.join(parents, on="reply_to_id", how="left", maintain_order="left")
    frame = frame.with_columns(
        pl.when(pl.col("kind") == "reply")
        .then(pl.coalesce("reply_to_author", "_parent_author", "reply_to_user_id"))
        .alias("reply_to_author")
    ).drop("_parent_author", "reply_to_user_id")
    frame = frame.with_columns(
        pl.lit(PLATFORM).alias("platform"),
        pl.lit(None, dtype=pl.Utf8).alias("account"),
        pl.col("mentions").list.eval(pl.element().str.strip_chars_start("@").str.to_lowercase()),
        pl.concat_str(
            [
                pl.lit("https://twitter.com/"),
                pl.col("author"),
                pl.lit("/status/"),
                pl.col("post_id"),
            ]
        ).alias("url"),
        pl.lit(label).alias("source_file"),
    )
    return fill_conversation_ids(frame)


# --------------------------------------------------------------------------- source


@register
class TwitterAPI(Source):
    """Twitter API JSON lines: twarc2 v2 pages or flattened tweets, v1.1 statuses."""

    name = "twitter-api"
    platform = PLATFORM
    title = "Twitter API JSON lines (twarc2 v2 pages or flattened tweets; v1.1 statuses)"
    inputs = "a .jsonl/.json/.ndjson/.txt file: one API response page or one tweet per line"
    replies_from_others = "yes (collected conversations: replies by anyone)"

    def detect(self, inp: Input) -> bool:
        """A plain file whose first JSON line (notices and broken lines aside) is Twitter's."""
        if inp.kind != "file" or PurePosixPath(inp.path.name.lower()).suffix not in SUFFIXES:
            return False
        for line in _first_lines(inp):
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue  # a broken first line (truncated stream): judge by the next one
            if _is_notice(obj):
                continue  # a v1.1 stream may start with a limit or delete notice
            return shape(obj) is not None
        return False

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:
        label = inp.label()
        log = FileLog(label, "twitter-api")
        posts = read_lines(inp.read_bytes(inp.path.name), label, log)
        return Loaded(posts=posts, logs=[log], owners=[])
