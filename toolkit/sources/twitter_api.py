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
An edited tweet (2022+) is one tweet: a version that comes before another
version in an ``edit_history_tweet_ids`` list (oldest first) of any v2 tweet of
the file is skipped as "earlier version of an edited tweet" when that later
version is in the file too (twarc2 puts the first version in ``includes.tweets``);
the latest version in the file is kept. A line that carries no tweet at all (an
API error, a users or counts lookup, a broken line) is one record, skipped with
its reason; nothing ever stops the load.
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
A retweet or quote names the retweeted or quoted tweet in ``reply_to_id`` (v2
``referenced_tweets``; v1.1 ``retweeted_status``, ``quoted_status`` or
``quoted_status_id_str``) and its author in ``reply_to_author`` (v1.1: the status's
``user``; else the author of that tweet's row when it is in the file), so that
:func:`toolkit.load` keeps quotes of a studied account's tweets; it stays a
``repost`` or ``quote`` (a reply that also quotes is a ``reply`` naming its parent).
``conversation_id`` is the API's (v2), or found by following replies in the file
(v1.1: a retweet or quote starts a conversation of its own). A ``reply_to_id`` or
``conversation_id`` that names an earlier version of an edited tweet names its
latest version in the file instead, so replies to the first version stay in its
thread. ``created_at`` is RFC 3339 (``.000Z`` as twarc2 writes it, or a numeric
offset such as ``+02:00``, read as UTC) or v1.1's ``Wed Oct 10 20:19:24 +0000 2018``.
Counts come from ``public_metrics`` (v2: likes, retweets, replies) or
``favorite_count``/``retweet_count`` (v1.1; replies null unless given).

How a file is read
------------------
Line by line, each tweet straight into a row tuple (no per-row dicts), in
stretches of lines that do not depend on each other; what depends on the whole
file (duplicates, referenced tweets already read, earlier versions of edited
tweets) is settled afterwards in file order, so the rows, their order and the
load log are the same however the file was cut. A file of 16 MB or more is read
in chunks, which this process and forked helpers (one per extra CPU, Linux only)
read at the same time; a helper that fails or hangs only means its chunks are
read here (see "several processes").
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import orjson
import polars as pl

from toolkit.accounts import normalise_handle
from toolkit.schema import LIST_SEP, POSTS_SCHEMA
from toolkit.sources import FileLog, Input, LoadContext, Loaded, Source, register
from toolkit.sources._io import (
    RFC3339,
    Rows,
    _joined,
    client_from_source,
    int_or_none,
    no_gc,
)
from toolkit.sources._threads import fill_conversation_ids
from toolkit.sources.twitter import _MODERN_TIME, UTC_US

PLATFORM = "twitter"
SUFFIXES = (".jsonl", ".json", ".ndjson", ".txt")
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
SKIP_EDITED = "earlier version of an edited tweet (its latest version in the file is kept)"

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
#
# Each tweet becomes one row tuple (the columns of ``Rows``, then ``reply_to_user_id``)
# or the reason it is skipped. Lines are read in stretches (:class:`_Stretch`): each
# stretch turns its lines into rows and skips without looking at the others, so that
# a big file can be read by several processes at once; :func:`_merge` then applies,
# in file order, what depends on the whole file (a tweet id already read, the
# referenced tweets, which come after every tweet of every page).

#: row tuple layout
_COLUMNS = (*Rows.names, "reply_to_user_id")
_MISSING = object()


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


def _count(v: Any) -> int | None:
    """A count as :meth:`Rows.add` keeps it (ints as they are, numeric strings read)."""
    return v if v is None or type(v) is int else int_or_none(v)


class _Cache:
    """Handles and client names already worked out (a file repeats a few thousand of each)."""

    __slots__ = ("clients", "handles")

    def __init__(self) -> None:
        self.handles: dict[str, str | None] = {}
        self.clients: dict[str, str | None] = {}

    def handle(self, name: Any) -> str | None:
        if type(name) is not str:
            return None if name is None else normalise_handle(name)
        h = self.handles.get(name, _MISSING)
        if h is _MISSING:
            h = self.handles[name] = normalise_handle(name)
        return h  # type: ignore[return-value]

    def client(self, source: Any) -> str | None:
        if type(source) is not str:
            c = client_from_source(source)
        else:
            c = self.clients.get(source, _MISSING)
            if c is _MISSING:
                c = self.clients[source] = client_from_source(source)
        return c if type(c) is str else None


def _v2_row(t: dict[str, Any], users: dict[str, str], cache: _Cache) -> tuple | str:
    """The row of one v2 tweet (page item, flattened line or referenced tweet), or why it is skipped."""
    get = t.get
    tid = get("id")
    if not tid:
        return SKIP_NO_ID
    tid = str(tid)
    author_id = get("author_id")
    author = get("author")
    name = (
        (author.get("username") if isinstance(author, dict) else None)
        or users.get(str(author_id))
        or None
    )
    handles = cache.handles  # cache.handle(name), inlined: this runs for every tweet
    if type(name) is str:
        handle = handles.get(name, _MISSING)
        if handle is _MISSING:
            handle = handles[name] = normalise_handle(name)
    else:
        handle = cache.handle(name)
    if handle is None and author_id:
        handle = str(author_id)
    if handle is None:
        return SKIP_NO_AUTHOR
    note = get("note_tweet")
    if isinstance(note, dict):
        text = note.get("text") or get("text") or ""
        entities = note.get("entities") or get("entities") or {}
    else:
        text = get("text") or ""
        entities = get("entities") or {}
    if not isinstance(entities, dict):
        entities = {}
    if "&" in text:
        text = _unescape(text)
    urls = None
    if entities.get("urls"):
        text, links = _v2_links(text, entities)
        urls = _joined(links)
    kind = "post"
    reply_to_id = reply_to_author = reply_user_id = None
    refs_in = get("referenced_tweets")
    if refs_in:
        refs = {
            r.get("type"): (None if r.get("id") is None else str(r.get("id")))
            for r in refs_in
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
        if kind == "reply":
            reply_to_id = refs["replied_to"]
            reply_user = get("in_reply_to_user_id")
            inline = get("in_reply_to_user")
            reply_to_author = cache.handle(
                (inline.get("username") if isinstance(inline, dict) else None)
                or users.get(str(reply_user))
                or None
            )
            if reply_to_author is None and reply_user and str(reply_user) == str(author_id):
                reply_to_author = handle
            if reply_user:
                reply_user_id = str(reply_user)
        elif kind != "post":
            # the retweeted or quoted tweet; its author comes from its row in the file
            # (:func:`_frame`: twarc2 gives it in includes.tweets or expanded in place)
            reply_to_id = refs["retweeted" if kind == "repost" else "quoted"]
    conversation_id = get("conversation_id")
    mentions = entities.get("mentions")
    hashtags = entities.get("hashtags")
    metrics = get("public_metrics")
    created_at = get("created_at")
    lang = get("lang")
    if isinstance(metrics, dict):
        likes = metrics.get("like_count")
        reposts = metrics.get("retweet_count")
        replies = metrics.get("reply_count")
        if type(likes) is not int and likes is not None:
            likes = int_or_none(likes)
        if type(reposts) is not int and reposts is not None:
            reposts = int_or_none(reposts)
        if type(replies) is not int and replies is not None:
            replies = int_or_none(replies)
    else:
        likes = reposts = replies = None
    source = get("source")
    client = cache.clients.get(source, _MISSING) if type(source) is str else _MISSING
    if client is _MISSING:
        client = cache.client(source)
    return (
        tid,
        handle,
        created_at if type(created_at) is str else None,
        text,
        kind,
        reply_to_id,
        reply_to_author,
        str(conversation_id) if conversation_id else None,
        _joined([m["username"] for m in mentions if isinstance(m, dict) and m.get("username")])
        if mentions
        else None,
        _joined([h["tag"] for h in hashtags if isinstance(h, dict) and h.get("tag")])
        if hashtags
        else None,
        urls,
        client,
        likes,
        reposts,
        replies,
        lang if type(lang) is str else None,
        None,
        reply_user_id,
    )


def _v1_row(t: dict[str, Any], cache: _Cache) -> tuple | str:
    """The row of one v1.1 status, or why it is skipped."""
    get = t.get
    tid = get("id_str") or (str(t["id"]) if get("id") is not None else None)
    if not tid:
        return SKIP_NO_ID
    user = get("user")
    if not isinstance(user, dict):
        user = {}
    name = user.get("screen_name") or None
    handles = cache.handles  # cache.handle(name), inlined: this runs for every status
    if type(name) is str:
        handle = handles.get(name, _MISSING)
        if handle is _MISSING:
            handle = handles[name] = normalise_handle(name)
    else:
        handle = cache.handle(name)
    handle = handle or (str(user["id_str"]) if user.get("id_str") else None)
    if handle is None:
        return SKIP_NO_AUTHOR
    ext = get("extended_tweet")
    if isinstance(ext, dict) and ext:
        text = ext.get("full_text") or get("full_text") or get("text") or ""
        entities = ext.get("entities") or get("entities") or {}
        ext_ent = ext.get("extended_entities") or get("extended_entities") or {}
    else:
        text = get("full_text") or get("text") or ""
        entities = get("entities") or {}
        ext_ent = get("extended_entities") or {}
    if not isinstance(entities, dict):
        entities = {}
    if "&" in text:
        text = _unescape(text)
    urls = []
    for u in entities.get("urls") or ():
        if isinstance(u, dict) and u.get("url"):
            long = u.get("expanded_url") or u["url"]
            text = text.replace(u["url"], long)
            if long not in urls:
                urls.append(long)
    for group in (
        entities.get("media"),
        ext_ent.get("media") if isinstance(ext_ent, dict) else None,
    ):
        for m in group or ():
            if isinstance(m, dict) and m.get("url"):
                text = text.replace(m["url"], "").rstrip()
    reply_id = get("in_reply_to_status_id_str") or (
        str(t["in_reply_to_status_id"]) if get("in_reply_to_status_id") else None
    )
    target = get("retweeted_status")
    if isinstance(target, dict):
        kind = "repost"
    elif reply_id:
        kind = "reply"
    elif (
        get("is_quote_status")
        or get("quoted_status_id_str")
        or isinstance(get("quoted_status"), dict)
    ):
        kind = "quote"
        target = get("quoted_status")
    else:
        kind = "post"
    reply_to_author = reply_user = None
    if kind == "reply":
        reply_user = get("in_reply_to_user_id_str") or (
            str(t["in_reply_to_user_id"]) if get("in_reply_to_user_id") else None
        )
        reply_to_author = cache.handle(get("in_reply_to_screen_name") or None)
        if reply_to_author is None and reply_user and reply_user == user.get("id_str"):
            reply_to_author = handle
    else:
        reply_id = None
        if kind != "post":  # the retweeted or quoted status, and its author when given
            reply_id, reply_to_author, reply_user = _v1_target(t, kind, target, cache)
    mentions = entities.get("user_mentions")
    hashtags = entities.get("hashtags")
    created_at = get("created_at")
    lang = get("lang")
    likes = get("favorite_count")
    reposts = get("retweet_count")
    replies = get("reply_count")
    if type(likes) is not int and likes is not None:
        likes = int_or_none(likes)
    if type(reposts) is not int and reposts is not None:
        reposts = int_or_none(reposts)
    if type(replies) is not int and replies is not None:
        replies = int_or_none(replies)
    source = get("source")
    client = cache.clients.get(source, _MISSING) if type(source) is str else _MISSING
    if client is _MISSING:
        client = cache.client(source)
    return (
        str(tid),
        handle,
        created_at if type(created_at) is str else None,
        text,
        kind,
        reply_id if type(reply_id) is str else None,
        reply_to_author,
        None,
        _joined(
            [m["screen_name"] for m in mentions if isinstance(m, dict) and m.get("screen_name")]
        )
        if mentions
        else None,
        _joined([h["text"] for h in hashtags if isinstance(h, dict) and h.get("text")])
        if hashtags
        else None,
        _joined(urls) if urls else None,
        client,
        likes,
        reposts,
        replies,
        lang if type(lang) is str else None,
        None,
        reply_user if type(reply_user) is str else None,
    )


def _v1_target(
    t: dict[str, Any], kind: str, target: Any, cache: _Cache
) -> tuple[str | None, str | None, str | None]:
    """``(id, handle, user id)`` of the status that the v1.1 ``repost`` or ``quote`` ``t``
    names (``target``: its ``retweeted_status`` or ``quoted_status``; a quote may give
    only ``quoted_status_id_str``)."""
    tid = author = user_id = None
    if isinstance(target, dict):
        tid = target.get("id_str") or (str(target["id"]) if target.get("id") is not None else None)
        user = target.get("user")
        if isinstance(user, dict):
            author = cache.handle(user.get("screen_name") or None)
            user_id = user.get("id_str") or (
                str(user["id"]) if user.get("id") is not None else None
            )
    if not tid and kind == "quote":
        tid = t.get("quoted_status_id_str") or (
            str(t["quoted_status_id"]) if t.get("quoted_status_id") is not None else None
        )
    return (
        tid if type(tid) is str and tid else None,
        author,
        user_id if type(user_id) is str else None,
    )


def _users(obj: dict[str, Any]) -> dict[str, str]:
    inc = obj.get("includes") if isinstance(obj.get("includes"), dict) else {}
    return {
        str(u["id"]): u["username"]
        for u in inc.get("users") or ()
        if isinstance(u, dict) and u.get("id") and u.get("username")
    }


# --------------------------------------------------------------------------- reading


class _Stretch:
    """What consecutive lines of a file give before the file-wide rules of :func:`_merge`.

    Main records are the page items that are tweets and the flattened or v1.1
    lines. ``keys[i]`` is the id main record ``i`` is checked against when looking
    for duplicates, ``reasons[i]`` why it is skipped (None: it gave a row). The rows
    are kept as ``columns`` (:data:`_COLUMNS`, once :meth:`close` has run).
    :meth:`to_frame` turns them into ``frame`` (the row ids stay in ``ids``).
    ``refs`` holds the referenced tweets the lines give in full, in file order, as
    ``(main, id, payload)``: ``main`` is the index of the flattened or v1.1 line
    that carries the tweet (it is dropped with that line when the line is a
    duplicate) or -1 for a page's ``includes.tweets``; ``payload`` is ``(version,
    tweet, users)``, or None once the tweet is known to be skipped. ``known_refs``
    counts the page's referenced tweets dropped from ``refs`` for that reason.
    ``edits`` holds the ``edit_history_tweet_ids`` of more than one id that the v2
    tweets of the stretch (main or referenced, kept or not) carry, in file order.
    """

    def __init__(self) -> None:
        self.read = 0
        self.skipped: Counter[str] = Counter()
        self.shapes: dict[str, None] = {}
        self.api_errors = 0
        self.keys: list[str] = []
        self.reasons: list[str | None] = []
        self.rows: list[tuple] = []
        self.columns: list[list[Any]] = []
        self.ids: list[str] = []
        self.frame: pl.DataFrame | None = None
        self.refs: list[tuple[int, str, Any]] = []
        self.known_refs = 0
        self.edits: list[list[str]] = []

    def _main(self, key: str, row: tuple | str) -> None:
        self.keys.append(key)
        if type(row) is str:
            self.reasons.append(row)
        else:
            self.reasons.append(None)
            self.rows.append(row)

    def add_line(self, obj: Any, cache: _Cache) -> None:
        """One parsed JSON line."""
        kind = shape(obj)
        if kind is None:
            self.read += 1
            self.skipped[SKIP_NOTICE if _is_notice(obj) else SKIP_OTHER] += 1
            return
        self.shapes[kind] = None
        refs = self.refs
        if kind == "page":
            data_ = obj.get("data")
            items = data_ if isinstance(data_, list) else [data_] if isinstance(data_, dict) else []
            errors = obj.get("errors") if isinstance(obj.get("errors"), list) else []
            if not any(_is_v2_tweet(t) for t in items):
                self.read += 1
                self.skipped[SKIP_ERROR if errors and not items else SKIP_LOOKUP] += 1
                return
            self.api_errors += len(errors)
            users = _users(obj)
            self.read += len(items)
            keys, reasons, rows, edits = self.keys, self.reasons, self.rows, self.edits
            for t in items:
                if isinstance(t, dict) and "id" in t and "text" in t and "user" not in t:
                    keys.append(str(t.get("id")))  # (_is_v2_tweet and _main, inlined)
                    row = _v2_row(t, users, cache)
                    if type(row) is str:
                        reasons.append(row)
                    else:
                        reasons.append(None)
                        rows.append(row)
                    history = t.get("edit_history_tweet_ids")
                    if type(history) is list and len(history) > 1:
                        edits.append([str(i) for i in history])
                else:
                    self.skipped[SKIP_ITEM] += 1
            inc = obj.get("includes") if isinstance(obj.get("includes"), dict) else {}
            for t in inc.get("tweets") or ():
                if isinstance(t, dict) and "id" in t and "text" in t and "user" not in t:
                    refs.append((-1, str(t.get("id")), ("v2", t, users)))
                    history = t.get("edit_history_tweet_ids")
                    if type(history) is list and len(history) > 1:
                        edits.append([str(i) for i in history])
        elif kind == "flat":
            self.read += 1
            main = len(self.keys)
            self._main(str(obj.get("id")), _v2_row(obj, {}, cache))
            history = obj.get("edit_history_tweet_ids")
            if type(history) is list and len(history) > 1:
                self.edits.append([str(i) for i in history])
            for ref in obj.get("referenced_tweets") or ():
                if _is_v2_tweet(ref):  # expanded in place by `twarc2 flatten`
                    refs.append((main, str(ref.get("id")), ("v2", ref, {})))
                    history = ref.get("edit_history_tweet_ids")
                    if type(history) is list and len(history) > 1:
                        self.edits.append([str(i) for i in history])
        else:
            self.read += 1
            main = len(self.keys)
            self._main(str(obj.get("id_str")), _v1_row(obj, cache))
            for key in ("retweeted_status", "quoted_status"):
                ref = obj.get(key)
                if _is_v1_status(ref):
                    refs.append((main, str(ref.get("id_str")), ("v1", ref, {})))

    def add_lines(self, data: bytes, cache: _Cache) -> _Stretch:
        """The lines of ``data``, then :meth:`close`."""
        loads = orjson.loads
        decode_error = orjson.JSONDecodeError
        # lines end where bytes.splitlines() ends them; without \r, at \n only
        lines = data.splitlines() if b"\r" in data else _lines(data)
        for line in lines:
            try:
                obj = loads(line)
            except decode_error:
                if bytes(line).strip():
                    self.read += 1
                    self.skipped[SKIP_BROKEN] += 1
                continue
            self.add_line(obj, cache)
        return self.close()

    def close(self) -> _Stretch:
        """Rows into columns; referenced tweets that a main tweet of the stretch has the id of
        lose their payload (whatever the other stretches hold, that id is taken before any
        referenced tweet is looked at), and the others keep of their page's users the two
        they look up."""
        rows, self.rows = self.rows, []
        self.columns = [list(map(itemgetter(i), rows)) for i in range(len(_COLUMNS))]
        ids = iter(self.columns[0])
        taken = (
            {
                k
                for k, r in zip(self.keys, self.reasons, strict=True)
                if r is None and next(ids) == k
            }
            if self.refs
            else set()
        )
        refs = []
        for main, key, payload in self.refs:
            if key in taken:
                if main < 0:
                    self.known_refs += 1
                    continue
                payload = None
            elif payload[2]:
                version, t, users = payload
                looked_up = (str(t.get("author_id")), str(t.get("in_reply_to_user_id")))
                payload = (version, t, {u: users[u] for u in looked_up if u in users})
            refs.append((main, key, payload))
        self.refs = refs
        return self

    def state(self) -> tuple:
        """The closed stretch as plain values (for :mod:`marshal`)."""
        return (
            self.read,
            dict(self.skipped),
            self.shapes,
            self.api_errors,
            self.keys,
            self.reasons,
            self.columns,
            self.refs,
            self.known_refs,
            self.edits,
        )

    @classmethod
    def from_state(cls, state: tuple) -> _Stretch:
        s = cls()
        (s.read, skipped, s.shapes, s.api_errors, s.keys, s.reasons, s.columns, s.refs,
         s.known_refs, s.edits) = state  # fmt: skip
        s.skipped = Counter(skipped)
        return s

    def to_frame(self) -> _Stretch:
        """Columns into a frame (in the loading process: helpers run no Polars code)."""
        self.ids = self.columns[0]
        self.frame = _rows_frame(self.columns)
        self.columns = []
        return self


def _lines(data: bytes) -> Iterator[memoryview]:
    """The ``\\n``-separated lines of ``data``, without copying them."""
    view = memoryview(data)
    find = data.find
    pos, stop = 0, len(data)
    while pos < stop:
        end = find(b"\n", pos)
        if end < 0:
            end = stop
        yield view[pos:end]
        pos = end + 1


def _referenced_row(payload: Any, cache: _Cache) -> tuple | str:
    version, t, users = payload
    return _v2_row(t, users, cache) if version == "v2" else _v1_row(t, cache)


def _merge(
    stretches: list[_Stretch], log: FileLog, cache: _Cache
) -> tuple[list[list[bool] | None], list[tuple], dict[str, str]]:
    """The file-wide rules, applied in file order over the stretches (in file order).

    A main record whose id was already taken is a duplicate (and the referenced
    tweets of its line go with it); then the referenced tweets, in file order, are
    skipped when their id was taken, else read like any tweet; last, a row that is
    an earlier version of an edited tweet whose later version has a row is skipped
    (:func:`_latest_versions`). Returns which rows of each stretch are kept (None:
    all), the rows of the referenced tweets, and the latest version in the file of
    each earlier version that the edit histories name.
    """
    seen: set[str] = set()
    masks: list[list[bool] | None] = []
    duplicates: list[set[int]] = []
    for s in stretches:
        log.read += s.read
        log.skipped.update(s.skipped)
        ids = iter(s.ids)
        keep: list[bool] = []
        dups: set[int] = set()
        for i, (key, reason) in enumerate(zip(s.keys, s.reasons, strict=True)):
            if reason is None:
                rid = next(ids)
                if key in seen:
                    dups.add(i)
                    keep.append(False)
                else:
                    keep.append(True)
                    seen.add(rid)
            elif key in seen:
                dups.add(i)
            else:
                log.skip(reason)
        log.skip(SKIP_DUPLICATE, len(dups))
        masks.append(keep if False in keep else None)
        duplicates.append(dups)
    rows: list[tuple] = []
    for s, dups in zip(stretches, duplicates, strict=True):
        log.read += s.known_refs
        log.skip(SKIP_REFERENCED, s.known_refs)
        for main, key, payload in s.refs:
            if dups and main in dups:
                continue
            log.read += 1
            if key in seen:
                log.skip(SKIP_REFERENCED)
                continue
            r = _referenced_row(payload, cache)
            if type(r) is str:
                log.skip(r)
            else:
                rows.append(r)
                seen.add(r[0])
    latest = _latest_versions([h for s in stretches for h in s.edits], seen)
    if latest:
        earlier = 0
        for k, s in enumerate(stretches):
            keep = masks[k] or [True] * len(s.ids)
            for i, rid in enumerate(s.ids):
                if keep[i] and rid in latest:
                    keep[i] = False
                    earlier += 1
            masks[k] = keep if False in keep else None
        n = len(rows)
        rows = [r for r in rows if r[0] not in latest]
        log.skip(SKIP_EDITED, earlier + n - len(rows))
    return masks, rows, latest


def _latest_versions(histories: list[list[str]], present: set[str]) -> dict[str, str]:
    """Earlier version -> latest version in the file, from ``edit_history_tweet_ids`` lists.

    A history names every version of an edited tweet, oldest first, whichever version
    carries it (and a version read before the edit carries only itself). Of each
    history, the last version that has a row (in ``present``) is the tweet; the
    versions before it are earlier ones. Longer histories (later snapshots) come
    first; an earlier version is followed to the version that is not itself earlier
    (contradictory histories that form a loop settle nothing).

    Examples
    --------
    >>> _latest_versions([["1", "2"], ["1", "2", "3"]], {"1", "2"})
    {'1': '2'}
    >>> _latest_versions([["1", "2"], ["2", "3"]], {"1", "2", "3"})
    {'1': '3', '2': '3'}
    """
    found: dict[str, str] = {}
    for h in sorted(histories, key=len, reverse=True):
        last = next((i for i in range(len(h) - 1, 0, -1) if h[i] in present), 0)
        for v in h[:last]:
            if v != h[last]:
                found.setdefault(v, h[last])
    latest = {}
    for v, to in found.items():
        trail = {v}
        while to in found and to not in trail:
            trail.add(to)
            to = found[to]
        if to not in trail:
            latest[v] = to
    return latest


def read_lines(data: bytes, label: str, log: FileLog) -> pl.DataFrame:
    """Canonical rows (``account`` null) from the bytes of one JSON-lines file."""
    with no_gc():
        return _finish([_Stretch().add_lines(data, _Cache()).to_frame()], label, log)


def read_file(path: Path, label: str, log: FileLog, *, helpers: int | None = None) -> pl.DataFrame:
    """:func:`read_lines` of a file on disk. A big one (:data:`_BIG_FILE_BYTES`) is read in
    chunks, by this process and ``helpers`` forked ones at once (by default one per extra
    CPU where processes can be forked, see :func:`_helpers`)."""
    if path.stat().st_size < _BIG_FILE_BYTES:
        return read_lines(path.read_bytes(), label, log)
    with no_gc():
        return _finish(_read_chunks(path, _helpers() if helpers is None else helpers), label, log)


def _finish(stretches: list[_Stretch], label: str, log: FileLog) -> pl.DataFrame:
    """The frame and the log of a file read as ``stretches`` (in file order)."""
    masks, ref_rows, latest = _merge(stretches, log, _Cache())
    names = {"page": "twarc2 pages", "flat": "twarc2 flattened tweets", "v1": "v1.1 statuses"}
    shapes = dict.fromkeys(k for s in stretches for k in s.shapes)
    if shapes:
        log.format = "twitter-api (" + " + ".join(names[s] for s in shapes) + ")"
    api_errors = sum(s.api_errors for s in stretches)
    if api_errors:
        log.note(
            f"{api_errors} API error entr{'y' if api_errors == 1 else 'ies'} inside pages that also had tweets "
            "(e.g. a referenced tweet that was deleted or protected); they are not tweets and are not counted"
        )
    return _frame(_raw(stretches, masks, ref_rows), label, log, latest)


def _rows_frame(columns: list[list[Any]]) -> pl.DataFrame:
    """Row columns (:data:`_COLUMNS`) as :meth:`Rows.raw` gives them: list columns split."""
    lists = ("mentions", "hashtags", "urls")
    frame = pl.DataFrame(
        [
            pl.Series(
                name,
                values,
                dtype=pl.Utf8
                if name in ("created_at", "kind", *lists)
                else POSTS_SCHEMA.get(name, pl.Utf8),
            )
            for name, values in zip(_COLUMNS, columns, strict=True)
        ]
    )
    return frame.with_columns(
        pl.col(n).str.split(LIST_SEP).fill_null(pl.lit([], dtype=pl.List(pl.Utf8))) for n in lists
    )


def _raw(
    stretches: list[_Stretch], masks: list[list[bool] | None], ref_rows: list[tuple]
) -> pl.DataFrame:
    """The kept rows: the stretches' rows, then the referenced tweets'."""
    refs = _rows_frame([list(map(itemgetter(i), ref_rows)) for i in range(len(_COLUMNS))])
    frames = [s.frame for s in stretches if s.frame is not None and s.frame.height]
    frame = pl.concat([*frames, refs], how="vertical") if frames else refs
    if any(m is not None for m in masks):
        mask: list[bool] = []
        for s, m in zip(stretches, masks, strict=True):
            mask += [True] * len(s.ids) if m is None else m
        mask += [True] * len(ref_rows)
        frame = frame.filter(pl.Series(mask, dtype=pl.Boolean))
    return frame


# --------------------------------------------------------------------------- several processes
#
# A big file is cut into chunks of whole lines. This process and forked helper
# processes take the next unread chunk in turn (a shared counter) until none is
# left; each helper marshals the stretch of every chunk it read into a temporary
# file of its own, which this process reads back as it goes (between its own
# chunks, and once it has none left). A chunk a helper did not finish (it failed, or could not be started) is read here, so
# the result never depends on the helpers. Helpers are forked, not spawned:
# they start at once, without importing anything or re-running the user's
# script, and they run only Python and orjson (no Polars), so the idle Polars
# threads of this process do not matter to them. Where fork is not the way to
# start processes (macOS, Windows), this process reads every chunk itself (in
# chunks all the same: the file's bytes and parsed lines are never all in memory).

#: files from this size on are read in chunks (by several processes where possible)
_BIG_FILE_BYTES = 16 * 1024 * 1024
#: a chunk: the lines starting in a sixteenth of the file, at most this many bytes
_CHUNK_BYTES = 8 * 1024 * 1024
#: at most this many helpers, besides this process
_MAX_HELPERS = 3
#: a helper that writes nothing for this long is stopped (a chunk takes well under a second)
_HELPER_STALL_S = 120.0


def _helpers() -> int:
    """How many helper processes to fork (0: read in this process only)."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(0, min(cpus - 1, _MAX_HELPERS))


def _chunks(f: BinaryIO, size: int, step: int) -> list[tuple[int, int]]:
    """``(start, stop)`` byte spans of whole lines, about ``step`` bytes each, covering the file.

    Each span after the first starts just after a ``\\n``, where ``bytes.splitlines``
    also ends a line, so the spans' lines are the file's lines.
    """
    starts = [0]
    for nominal in range(step, size, step):
        if nominal <= starts[-1]:
            continue  # inside a line longer than a chunk
        pos = nominal - 1
        f.seek(pos)
        while True:
            block = f.read(1 << 16)
            if not block:
                pos = size
                break
            i = block.find(b"\n")
            if i >= 0:
                pos += i + 1
                break
            pos += len(block)
        if starts[-1] < pos < size:
            starts.append(pos)
    return list(zip(starts, [*starts[1:], size], strict=True))


def _read_chunk(f: BinaryIO, span: tuple[int, int], cache: _Cache) -> _Stretch:
    start, stop = span
    f.seek(start)
    return _Stretch().add_lines(f.read(stop - start), cache)


def _claims(counter: Any, n: int) -> Iterator[int]:
    """Chunk numbers taken from the shared ``counter``, until all ``n`` are taken."""
    while True:
        with counter.get_lock():
            i = counter.value
            counter.value = i + 1
        if i >= n:
            return
        yield i


def _helper(path: Path, chunks: list[tuple[int, int]], counter: Any, out: int) -> None:
    """In a forked helper: read chunks until none is left, appending their stretches
    (:meth:`_Stretch.state`, marshalled: plain values only, quicker than pickle) preceded by
    their length to the file of descriptor ``out``."""
    try:
        cache = _Cache()
        with open(path, "rb") as f, os.fdopen(os.dup(out), "wb") as dest:
            for i in _claims(counter, len(chunks)):
                record = marshal.dumps((i, _read_chunk(f, chunks[i], cache).state()))
                dest.write(len(record).to_bytes(8, "little") + record)
                dest.flush()
    except BaseException:  # noqa: BLE001 - the loading process reads the chunk again (and fails
        return  # there if the data is at fault); a helper stopped by Ctrl-C ends quietly


class _Helper:
    """A forked helper and what it wrote so far."""

    def __init__(self, proc: Any, out: BinaryIO) -> None:
        self.proc = proc
        self.out = out
        self.pos = 0  # records before this offset are taken
        self.broken = False

    def collect(self, done: dict[int, _Stretch]) -> None:
        """Take the records written so far (``pread``: the helper shares the file offset)."""
        fd = self.out.fileno()
        size = os.fstat(fd).st_size
        while not self.broken and self.pos + 8 <= size:
            n = int.from_bytes(os.pread(fd, 8, self.pos), "little")
            if self.pos + 8 + n > size:
                return
            try:
                i, state = marshal.loads(os.pread(fd, n, self.pos + 8))
                stretch = _Stretch.from_state(state)
            except Exception:  # noqa: BLE001 - damaged: its chunks are read again here
                self.broken = True
                return
            done[i] = stretch.to_frame()
            self.pos += 8 + n

    def wait(self, done: dict[int, _Stretch]) -> None:
        """Take its records until it ends; one that writes nothing for a long while is left
        (and stopped)."""
        since = time.monotonic()
        while True:
            self.proc.join(timeout=0.1)
            pos = self.pos
            self.collect(done)
            if not self.proc.is_alive():
                self.collect(done)
                return
            if self.pos != pos:
                since = time.monotonic()
            elif time.monotonic() - since > _HELPER_STALL_S:
                return

    def close(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.out.close()


def _read_chunks(path: Path, helpers: int, *, here: bool = True) -> list[_Stretch]:
    """The stretches of every chunk of the file, in file order, read by this process and
    ``helpers`` forked ones (``here=False``: by the helpers alone, for the tests)."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        chunks = _chunks(f, size, min(_CHUNK_BYTES, max(size // 16, 1 << 20)))
    done: dict[int, _Stretch] = {}
    cache = _Cache()
    started: list[_Helper] = []
    counter = None
    try:
        try:
            if helpers:
                ctx = multiprocessing.get_context("fork")
                counter = ctx.Value("i", 0)
            for _ in range(helpers):
                out = tempfile.TemporaryFile()
                proc = ctx.Process(
                    target=_helper, args=(path, chunks, counter, out.fileno()), daemon=True
                )
                with warnings.catch_warnings():
                    # Python >= 3.12 warns that forking a process with threads (Polars' idle
                    # pool) may deadlock the child: the helper runs no Polars code (see above)
                    warnings.simplefilter("ignore", DeprecationWarning)
                    try:
                        proc.start()
                    except BaseException:
                        out.close()
                        raise
                started.append(_Helper(proc, out))
        except (OSError, ValueError, AssertionError):  # no fork here (limits, a daemon...)
            pass
        if here or not started:
            with open(path, "rb") as f:
                todo = _claims(counter, len(chunks)) if started else range(len(chunks))
                for i in todo:
                    done[i] = _read_chunk(f, chunks[i], cache).to_frame()
                    for h in started:
                        h.collect(done)
        for h in started:
            if len(done) < len(chunks):  # else the helper has nothing more to give
                h.wait(done)
    finally:
        for h in started:
            h.close()
    missing = [i for i in range(len(chunks)) if i not in done]
    if missing:  # a helper failed or was stopped: read its chunks here
        with open(path, "rb") as f:
            for i in missing:
                done[i] = _read_chunk(f, chunks[i], cache).to_frame()
    return [done[i] for i in range(len(chunks))]


def _frame(
    frame: pl.DataFrame, label: str, log: FileLog, latest: dict[str, str] | None = None
) -> pl.DataFrame:
    ts = pl.coalesce(
        # twarc2 writes ".000Z"; a file that went through other tools may carry "+00:00"
        pl.col("created_at").str.strptime(UTC_US, RFC3339, strict=False),
        pl.col("created_at").str.strptime(UTC_US, _MODERN_TIME, strict=False),
    )
    frame = frame.with_columns(ts.alias("created_at"))
    bad = frame["created_at"].null_count()
    if bad:
        log.skip(SKIP_NO_TIME, bad)
        frame = frame.filter(pl.col("created_at").is_not_null())
    if latest:  # what names an earlier version of an edited tweet names the version kept
        frame = frame.with_columns(pl.col("reply_to_id", "conversation_id").replace(latest))
    # a reply, retweet or quote whose tweet is in the file names that tweet's author when
    # the API did not
    parents = frame.select(
        pl.col("post_id").alias("reply_to_id"), pl.col("author").alias("_parent_author")
    )
    frame = frame.join(parents, on="reply_to_id", how="left", maintain_order="left")
    frame = frame.with_columns(
        pl.when(pl.col("reply_to_id").is_not_null())
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
    if frame["conversation_id"].null_count():  # v1.1: found by following replies in the file
        # (only replies hang in a thread: a retweet or quote that names its tweet starts its own)
        links = frame.select("platform", "post_id", "kind", "reply_to_id", "conversation_id")
        frame = frame.with_columns(fill_conversation_ids(links)["conversation_id"])
    return frame


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
        try:
            posts = read_file(inp.path, label, log)
        except OSError:  # unreadable: the Input says so in its own words
            posts = read_lines(inp.read_bytes(inp.path.name), label, log)
        return Loaded(posts=posts, logs=[log], owners=[])
