"""Mastodon: the account archive ("Request your archive") and REST API status JSON.

Two sources (field notes: ``shared/formats/mastodon-bluesky-blogs-reddit.md`` §1):

``mastodon``
    The server's account archive: a zip (older servers: tar.gz) or the folder it
    unpacks to, with ``outbox.json`` (an ActivityStreams ``OrderedCollection``)
    and ``actor.json`` at its root. ``Create`` activities are the owner's posts,
    replies and polls (``Question``); ``Announce`` activities are boosts.
    The archive has no counts and no client, so those columns are null.

``mastodon-api``
    JSON written from the REST API: a list of Status objects (a timeline), one
    Status, a ``context`` (``{"ancestors": [...], "descendants": [...]}``),
    notifications or search results carrying statuses, files of the
    ``mastodon-archive`` tool (``{account, statuses, mentions, favourites}``),
    JSON lines of statuses, and request/response recordings (a list of
    ``{method, uri, response}``, as extracted from Mastodon.py's test cassettes).
    These hold other people's posts too, so ``account`` is left null for
    :func:`toolkit.load` to attribute.

Records
-------
Archive: each ``orderedItems`` activity. API: each Status found (a reblog and
the status it wraps are one record), plus each response or list element that is
not a status (counted as skipped). The same status seen twice in a file (a
recording that posts, fetches and deletes it) is kept once.

Identifiers
-----------
``post_id`` is the status URI (ActivityPub id), the one key that is the same
everywhere: an archive's ``object.id`` equals the API's ``uri`` for the same
post, whereas API ``id`` values are local to the server that answered. A boost's
URI is its activity URI (``…/statuses/<id>/activity``), as Mastodon itself
gives it (``uri`` of a reblog status). API ``in_reply_to_id`` values are local
ids: they become the parent's URI when the parent is in the same file, else
``local:<server host>:<id>`` (noted in the load log).

Handles are ``user@host`` (lower case). Reposts carry the boosted post's URI
and author in ``reply_to_id`` / ``reply_to_author`` (the author is read from
the URI when it has the usual ``/users/<name>/statuses/<n>`` or ``/@<name>/<n>``
shape, else left null); they are their own conversation. Conversations follow
reply links inside the file (``toolkit.sources._threads.fill_conversation_ids``):
a self-thread roots at its first post; a reply whose parent is not in the file
is the root of what the file holds of its thread.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import orjson

from toolkit.accounts import normalise_handle
from toolkit.errors import InputError
from toolkit.schema import conform
from toolkit.sources import FileLog, Input, LoadContext, Loaded, Owner, Source, register
from toolkit.sources._io import Rows, html_to_text, loads_json, no_gc
from toolkit.sources._threads import fill_conversation_ids

PLATFORM = "mastodon"
# --------------------------------------------------------------------------- shared parsing

_ANCHOR = re.compile(r"<a\s([^>]*)>", re.I)
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_CLASS = re.compile(r"""class\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
# https://host/users/name/statuses/123[/activity] or https://host/@name/123
_STATUS_URI = re.compile(
    r"^https?://([^/\s]+)/(?:users/([^/\s]+)/statuses|@([^/\s]+))/[^/\s]+(?:/activity)?/?$"
)
_ACTOR_URI = re.compile(r"^https?://([^/\s]+)/(?:users/([^/\s]+)|@([^/\s]+))/?$")


def links_from_html(content: str | None) -> list[str]:
    """Link targets in Mastodon post HTML, without mention and hashtag links.

    Examples
    --------
    >>> links_from_html('<p><a href="https://ex.social/@bob" class="u-url mention">@bob</a> '
    ...     'see <a href="https://example.org/a?x=1&amp;y=2" rel="nofollow">example.org</a></p>')
    ['https://example.org/a?x=1&y=2']
    """
    if not content or "<a" not in content:
        return []
    out: list[str] = []
    for m in _ANCHOR.finditer(content):
        attrs = m.group(1)
        cls = _CLASS.search(attrs)
        if cls and ("mention" in (cls.group(1) or cls.group(2) or "").split()):
            continue
        href = _HREF.search(attrs)
        if href:
            url = html.unescape(
                href.group(1) if href.group(1) is not None else href.group(2)
            ).strip()
            if url and url not in out:
                out.append(url)
    return out


def author_from_uri(uri: str | None) -> str | None:
    """``name@host`` from a status URI of the usual Mastodon shapes, else None.

    Numeric-id URIs (``/ap/users/<id>/…``, newer servers) and other software's
    shapes do not name the account, so they give None.

    Examples
    --------
    >>> author_from_uri("https://other.example/users/Bob/statuses/109440048909776763")
    'bob@other.example'
    >>> author_from_uri("https://other.example/@bob/109440048909776763")
    'bob@other.example'
    >>> author_from_uri("https://misskey.example/notes/9abc") is None
    True
    """
    if not uri or not isinstance(uri, str):
        return None
    m = _STATUS_URI.match(uri)
    if not m:
        return None
    name = m.group(2) or m.group(3)
    return normalise_handle(f"{name}@{m.group(1)}")


def _host(url: str | None) -> str | None:
    if not url or not isinstance(url, str):
        return None
    try:
        return urlsplit(url).netloc.lower() or None
    except ValueError:
        return None


# --------------------------------------------------------------------------- account archive


@register
class MastodonArchive(Source):
    """Mastodon account archive: ``outbox.json`` + ``actor.json`` (zip, tar.gz or folder)."""

    name = "mastodon"
    platform = PLATFORM
    title = "Mastodon account archive"
    inputs = (
        "the archive zip (older servers: tar.gz) or its unpacked folder: outbox.json, actor.json"
    )
    replies_from_others = "no (own posts only)"

    def detect(self, inp: Input) -> bool:
        if inp.kind == "file":
            if not inp.path.name.lower().endswith(".json"):
                return False
            head = inp.head(inp.names()[0], 65536)
            return b'"orderedItems"' in head and (b'"Create"' in head or b'"Announce"' in head)
        return _find_outbox(inp) is not None

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:
        if inp.kind == "file":
            outbox_name, actor_data, actor_label = inp.names()[0], None, None
            sibling = inp.path.parent / "actor.json"
            if sibling.is_file():
                actor_data, actor_label = sibling.read_bytes(), str(sibling)
        else:
            found = _find_outbox(inp)
            if found is None:  # pragma: no cover - detect() said yes
                raise InputError(
                    f"{inp.path}: no outbox.json at the archive root; is this a Mastodon archive?"
                )
            outbox_name, actor_name = found
            actor_data = inp.read_bytes(actor_name) if actor_name else None
            actor_label = inp.label(actor_name) if actor_name else None
        log = FileLog(inp.label(outbox_name), self.name)
        actor = loads_json(actor_data, actor_label) if actor_data is not None else None
        rows = Rows()
        # one collector-free stretch from parsing to freeing the parsed tree: the cyclic GC
        # would otherwise walk millions of JSON objects that cannot form cycles
        with no_gc():
            outbox = loads_json(inp.read_bytes(outbox_name), log.source_file)
            if not isinstance(outbox, dict) or not isinstance(outbox.get("orderedItems"), list):
                raise InputError(
                    f"{log.source_file}: expected an ActivityStreams OrderedCollection with an "
                    "'orderedItems' list (Mastodon's outbox.json); found something else. "
                    "Pass the archive zip or its unpacked folder."
                )
            items: list[Any] = outbox["orderedItems"]
            owner, actor_id = _owner(actor, items, log, outbox_name)
            total = outbox.get("totalItems")
            if isinstance(total, int) and total != len(items):
                log.note(
                    f"totalItems says {total} but the outbox holds {len(items)} activities; "
                    "totalItems is the account's status count on the server, not the archive's, "
                    "so it is ignored"
                )
            _outbox_rows(items, owner.handle, actor_id, rows, log)
            del outbox, items
        posts = conform(
            fill_conversation_ids(rows.frame(account=owner.handle, log=log, platform=PLATFORM)),
            partial=True,
        )
        if inp.kind != "file":
            _note_collections(inp, log)
        owner.source_file = log.source_file
        owner.observed_until = _export_time(inp.path.name)
        return Loaded(posts=posts, logs=[log], owners=[owner])


def _find_outbox(inp: Input) -> tuple[str, str | None] | None:
    """``(outbox member, actor member or None)`` at the archive root.

    A zip or tar may hold everything under one top folder (an unpacked archive
    zipped again); a folder must hold outbox.json itself, so that a folder that
    merely contains several archives is not taken for one.
    """
    names = inp.names()
    prefixes = [""]
    if inp.kind in ("zip", "tar"):
        tops = {n.split("/", 1)[0] for n in names}
        if len(tops) == 1 and all("/" in n for n in names):
            prefixes.append(next(iter(tops)) + "/")
    members = set(names)
    for prefix in prefixes:
        outbox = f"{prefix}outbox.json"
        if outbox in members:
            actor = f"{prefix}actor.json"
            return outbox, (actor if actor in members else None)
    return None


_EXPORT_NAME = re.compile(r"archive-(\d{14})-")


def _export_time(filename: str) -> datetime | None:
    """When the server wrote the archive, from its file name ``archive-YYYYMMDDHHMMSS-<hex>.zip``."""
    m = _EXPORT_NAME.search(filename)
    if not m:
        return None
    try:
        return datetime.strptime(m.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _owner(actor: Any, items: list[Any], log: FileLog, outbox_name: str) -> tuple[Owner, str]:
    """The archive owner (handle ``preferredUsername@host of the actor id``) and the actor URI."""
    actor_id = None
    handle = None
    display = None
    if isinstance(actor, dict):
        actor_id = actor.get("id") if isinstance(actor.get("id"), str) else None
        user = actor.get("preferredUsername")
        host = _host(actor_id)
        if isinstance(user, str) and user and host:
            handle = normalise_handle(f"{user}@{host}")
        display = actor.get("name") if isinstance(actor.get("name"), str) else None
    if handle is None:
        for it in items:
            if isinstance(it, dict) and isinstance(it.get("actor"), str):
                m = _ACTOR_URI.match(it["actor"])
                if m:
                    actor_id = it["actor"]
                    handle = normalise_handle(f"{m.group(2) or m.group(3)}@{m.group(1)}")
                    log.note(
                        "actor.json missing or without preferredUsername: the owner's handle "
                        f"{handle!r} was read from the activities' actor URI"
                    )
                    break
    if handle is None or actor_id is None:
        raise InputError(
            f"{log.source_file}: cannot tell whose archive this is: actor.json (next to "
            f"{PurePosixPath(outbox_name).name}) is missing or has no id/preferredUsername, "
            "and no activity names its actor. Pass the whole archive zip or folder."
        )
    owner = Owner(
        platform=PLATFORM, handle=handle, display_name=display or None, source_file=log.source_file
    )
    return owner, actor_id


def _outbox_rows(items: list[Any], handle: str, actor_id: str, rows: Rows, log: FileLog) -> None:
    user, owner_host = handle.split("@", 1)
    # the owner's statuses live under the actor URI (…/users/<name>/statuses/<n>), web links under /@<name>/
    own_prefixes = (actor_id.rstrip("/") + "/", f"https://{owner_host}/@{user}/")
    seen: set[str] = set()

    def target_author(uri: str | None) -> str | None:
        if not isinstance(uri, str):
            return None
        if uri.startswith(own_prefixes) or uri.lower().startswith(own_prefixes[1]):
            return handle
        return author_from_uri(uri)

    def one(it: Any) -> None:
        if not isinstance(it, dict):
            log.skip("activity is not a JSON object")
            return
        typ = it.get("type")
        if typ == "Announce":
            obj = it.get("object")
            target = (
                obj if isinstance(obj, str) else (obj.get("id") if isinstance(obj, dict) else None)
            )
            pid = it.get("id")
            if not isinstance(pid, str) or not pid:
                log.skip("activity without an id")
                return
            if pid in seen:
                log.skip("duplicate of an activity earlier in the file")
                return
            seen.add(pid)
            rows.add(
                pid,
                handle,
                it.get("published"),
                "",
                "repost",
                reply_to_id=target if isinstance(target, str) else None,
                reply_to_author=target_author(target),
                conversation_id=pid,
            )
        elif typ == "Create":
            obj = it.get("object")
            if not isinstance(obj, dict):
                log.skip("Create activity without an embedded post")
                return
            otype = obj.get("type")
            if otype not in ("Note", "Question", "Article", "Page"):
                log.skip(f"Create of a {otype or 'typeless'} object (not a post)")
                return
            pid = obj.get("id") or (
                it["id"].removesuffix("/activity") if isinstance(it.get("id"), str) else None
            )
            if not isinstance(pid, str) or not pid:
                log.skip("activity without an id")
                return
            if pid in seen:
                log.skip("duplicate of an activity earlier in the file")
                return
            seen.add(pid)
            content = obj.get("content")
            cmap = obj.get("contentMap")
            lang = None
            if isinstance(cmap, dict) and cmap:
                lang = next(iter(cmap))
                if not isinstance(content, str):
                    content = cmap[lang]
            parent = obj.get("inReplyTo")
            if isinstance(parent, dict):
                parent = parent.get("id")
            if not isinstance(parent, str) or not parent:
                parent = None
            quote = obj.get("quote") or obj.get("quoteUri") or obj.get("_misskey_quote")
            kind = "reply" if parent else ("quote" if isinstance(quote, str) and quote else "post")
            mentions, hashtags = _archive_tags(obj.get("tag"), owner_host)
            url = obj.get("url")
            if isinstance(url, list):  # some servers give several links
                url = next((u.get("href") if isinstance(u, dict) else u for u in url), None)
            rows.add(
                pid,
                handle,
                obj.get("published") or it.get("published"),
                html_to_text(content) if isinstance(content, str) else "",
                kind,
                reply_to_id=parent,
                reply_to_author=target_author(parent),
                mentions=mentions,
                hashtags=hashtags,
                urls=links_from_html(content if isinstance(content, str) else None),
                lang=lang,
                url=url if isinstance(url, str) else None,
            )
        else:
            log.skip(f"{typ or 'typeless'} activity (not a post or boost)")

    for it in items:
        log.read += 1
        try:
            one(it)
        except (TypeError, AttributeError, ValueError, KeyError, IndexError):
            log.skip("malformed activity (fields of unexpected types)")


def _archive_tags(tags: Any, owner_host: str) -> tuple[list[str], list[str]]:
    if isinstance(tags, dict):
        tags = [tags]
    if not isinstance(tags, list):
        return [], []
    mentions: list[str] = []
    hashtags: list[str] = []
    for t in tags:
        if not isinstance(t, dict):
            continue
        name = t.get("name")
        if t.get("type") == "Mention":
            h = None
            if isinstance(name, str) and name.strip("@"):
                bare = name.strip().lstrip("@")
                h = bare if "@" in bare else f"{bare}@{owner_host}"
            else:
                m = _ACTOR_URI.match(t.get("href") or "")
                if m:
                    h = f"{m.group(2) or m.group(3)}@{m.group(1)}"
            h = normalise_handle(h)
            if h and h not in mentions:
                mentions.append(h)
        elif t.get("type") == "Hashtag" and isinstance(name, str):
            tag = name.strip().lstrip("#")
            if tag and tag not in hashtags:
                hashtags.append(tag)
    return mentions, hashtags


def _note_collections(inp: Input, log: FileLog) -> None:
    """Likes and bookmarks are lists of status URIs (no text, no time): noted, not loaded."""
    prefix = (
        log.source_file.rsplit("!", 1)[-1].removesuffix("outbox.json")
        if inp.kind in ("zip", "tar")
        else ""
    )
    names = set(inp.names())
    for what in ("likes", "bookmarks"):
        member = f"{prefix}{what}.json"
        if member not in names:
            continue
        try:
            data = loads_json(inp.read_bytes(member), inp.label(member))
        except InputError:
            log.note(f"{what}.json is not valid JSON; not read")
            continue
        n = len(data.get("orderedItems") or []) if isinstance(data, dict) else 0
        log.note(f"{what}.json lists {n} status URI(s) without text or time: not posts, not loaded")


# --------------------------------------------------------------------------- REST API JSON

_API_MARKERS = (b'"favourites_count"', b'"in_reply_to_account_id"', b'"reblogs_count"')


@register
class MastodonApi(Source):
    """Mastodon REST API JSON: statuses, timelines, contexts, recorded responses."""

    name = "mastodon-api"
    platform = PLATFORM
    title = "Mastodon REST API JSON (statuses, timelines, context)"
    inputs = (
        ".json: Statuses (one or a list), a context {ancestors, descendants}, notifications, "
        "mastodon-archive tool files, recorded {method, uri, response} pairs; .jsonl of Statuses"
    )
    replies_from_others = "yes (context descendants, timelines, notifications)"

    def detect(self, inp: Input) -> bool:
        if inp.kind != "file":
            return False
        head = inp.head(inp.names()[0], 32768).lstrip(b"\xef\xbb\xbf \t\r\n")
        if head[:1] not in (b"[", b"{"):
            return False
        if b'"ancestors"' in head and b'"descendants"' in head:
            return True
        if b'"response"' in head and b"/api/v1/" in head:
            return True
        return any(m in head for m in _API_MARKERS) and b'"account"' in head

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:
        name = inp.names()[0]
        log = FileLog(inp.label(name), self.name)
        data = inp.read_bytes(name)
        statuses: list[dict] = []
        hosts: list[str] = []
        rows = Rows()
        with no_gc():  # see MastodonArchive.load
            try:
                obj = loads_json(data, log.source_file)
            except InputError:
                obj = _maybe_jsonl(data, log)
                if obj is None:
                    raise
            _collect_statuses(obj, statuses, hosts, log)
            _api_rows(statuses, hosts, rows, log)
            # freed while the collector is off, so it never walks the parsed tree
            del obj, statuses, data
        posts = conform(
            fill_conversation_ids(rows.frame(account=None, log=log, platform=PLATFORM)),
            partial=True,
        )
        return Loaded(posts=posts, logs=[log])


def _maybe_jsonl(data: bytes, log: FileLog) -> list[Any] | None:
    """JSON lines of statuses, or None when the file is not JSONL either."""
    lines = [ln for ln in data.splitlines() if ln.strip()]
    if len(lines) < 2:
        return None
    try:
        first = orjson.loads(lines[0])
    except orjson.JSONDecodeError:
        return None
    if not isinstance(first, dict):
        return None
    out: list[Any] = []
    for ln in lines:
        try:
            out.append(orjson.loads(ln))
        except orjson.JSONDecodeError:
            log.read += 1
            log.skip("line is not valid JSON")
    log.note("read as JSON lines (one object per line)")
    return out


def _is_status(d: Any) -> bool:
    return (
        isinstance(d, dict) and "account" in d and "created_at" in d and ("uri" in d or "url" in d)
    )


def _collect_statuses(obj: Any, out: list[dict], hosts: list[str], log: FileLog) -> None:
    """Every Status in a parsed API file, in file order; other responses counted and skipped."""
    if isinstance(obj, list):
        for el in obj:
            _collect_statuses(el, out, hosts, log)
        return
    if not isinstance(obj, dict):
        log.read += 1
        log.skip("not a status object")
        return
    if _is_status(obj):
        out.append(obj)
        return
    if "response" in obj and ("method" in obj or "uri" in obj):  # a recorded request/response
        h = _host(obj.get("uri"))
        if h:
            hosts.append(h)
        resp = obj["response"]
        if resp == []:  # an empty timeline: no statuses, nothing to count
            return
        if isinstance(resp, list) or _is_status(resp) or _holds_statuses(resp):
            _collect_statuses(resp, out, hosts, log)
        else:
            log.read += 1
            log.skip("API response that is not a status (account, list, relationship, ...)")
        return
    if _holds_statuses(obj):
        # context, search results, mastodon-archive files ({account, statuses, mentions, ...})
        for key in ("ancestors", "descendants", "statuses", "mentions"):
            value = obj.get(key)
            if isinstance(value, list):
                _collect_statuses(value, out, hosts, log)
        for key in ("favourites", "bookmarks"):
            value = obj.get(key)
            if isinstance(value, list) and value:
                log.note(
                    f"{len(value)} {key} (other people's posts the account marked): not loaded"
                )
        if _is_status(obj.get("status")):  # a notification
            out.append(obj["status"])
        return
    log.read += 1
    log.skip("not a status object")


def _holds_statuses(obj: Any) -> bool:
    if isinstance(obj, list):
        return bool(obj) and all(_is_status(x) for x in obj)
    return isinstance(obj, dict) and (
        ("ancestors" in obj and "descendants" in obj)
        or isinstance(obj.get("statuses"), list)
        or _is_status(obj.get("status"))
    )


def _acct(account: Any) -> str | None:
    """``user@host`` of an API Account or Mention (local accounts get the host of their URL)."""
    if type(account) is not dict:
        return None
    acct, url, uri = (
        account.get("acct") or account.get("username"),
        account.get("url"),
        account.get("uri"),
    )
    if type(acct) is not str or not acct:
        return None
    return _acct_of(acct, url if type(url) is str else None, uri if type(uri) is str else None)


@lru_cache(maxsize=65536)
def _acct_of(acct: str, url: str | None, uri: str | None) -> str | None:
    # the same few accounts recur on every status of a timeline: cached
    if "@" not in acct.lstrip("@"):
        host = _host(url) or _host(uri)
        if host:
            acct = f"{acct.lstrip('@')}@{host}"
    return normalise_handle(acct)


def _api_rows(statuses: list[dict], hosts: list[str], rows: Rows, log: FileLog) -> None:
    # First pass: local ids -> URIs and account ids -> handles, across everything in the file.
    id_to_uri: dict[str, str] = {}
    id_to_author: dict[str, str] = {}
    account_ids: dict[str, str] = {}

    def learn(s: dict) -> None:
        uri = s.get("uri") or s.get("url")
        if s.get("id") is not None and isinstance(uri, str):
            id_to_uri.setdefault(str(s["id"]), uri)
        a = _acct(s.get("account"))
        if a and isinstance(s.get("account"), dict) and s["account"].get("id") is not None:
            account_ids.setdefault(str(s["account"]["id"]), a)
        if a and s.get("id") is not None:
            id_to_author.setdefault(str(s["id"]), a)
        for m in s.get("mentions") or []:
            ma = _acct(m)
            if ma and isinstance(m, dict) and m.get("id") is not None:
                account_ids.setdefault(str(m["id"]), ma)
        if (
            not hosts
            and isinstance(s.get("account"), dict)
            and "@" not in str(s["account"].get("acct", "@"))
        ):
            h = _host(s["account"].get("url"))
            if h:
                hosts.append(h)

    for s in statuses:
        try:  # best effort: a malformed status is counted when its row is built
            learn(s)
            if isinstance(s.get("reblog"), dict):
                learn(s["reblog"])
        except (TypeError, AttributeError, ValueError, KeyError, IndexError):
            pass
    server = hosts[0] if hosts else None

    seen: set[str] = set()
    unresolved = 0

    def one(s: Any) -> None:
        nonlocal unresolved
        pid = s.get("uri") or s.get("url")
        author = _acct(s.get("account"))
        if not isinstance(pid, str) or not pid:
            log.skip("status without uri")
            return
        if author is None:
            log.skip("status without an account handle")
            return
        if pid in seen:
            log.skip("duplicate of a status earlier in the file")
            return
        seen.add(pid)
        app = s.get("application")
        client = app.get("name") if isinstance(app, dict) else None
        reblog = s.get("reblog")
        if isinstance(reblog, dict):
            target = reblog.get("uri") or reblog.get("url")
            rows.add(
                pid,
                author,
                s.get("created_at"),
                "",
                "repost",
                reply_to_id=target if isinstance(target, str) else None,
                reply_to_author=_acct(reblog.get("account")) or author_from_uri(target),
                conversation_id=pid,
                client=client,
                likes=s.get("favourites_count"),
                reposts=s.get("reblogs_count"),
                replies=s.get("replies_count"),
                lang=s.get("language") if isinstance(s.get("language"), str) else None,
                url=s.get("url") if isinstance(s.get("url"), str) else None,
            )
            return
        parent_id = s.get("in_reply_to_id")
        reply_to_id = reply_to_author = None
        if parent_id is not None:
            parent_id = str(parent_id)
            reply_to_id = id_to_uri.get(parent_id)
            if reply_to_id is None:
                unresolved += 1
                reply_to_id = f"local:{server}:{parent_id}" if server else f"local:{parent_id}"
            reply_to_author = id_to_author.get(parent_id)
            if reply_to_author is None and s.get("in_reply_to_account_id") is not None:
                reply_to_author = account_ids.get(str(s["in_reply_to_account_id"]))
        content = s.get("content")
        text = html_to_text(content) if isinstance(content, str) else str(s.get("text") or "")
        quote = s.get("quote")
        kind = (
            "reply" if reply_to_id else ("quote" if isinstance(quote, dict) and quote else "post")
        )
        mentions = [m for m in (_acct(x) for x in s.get("mentions") or []) if m]
        hashtags = [
            t["name"]
            for t in s.get("tags") or []
            if isinstance(t, dict) and isinstance(t.get("name"), str)
        ]
        rows.add(
            pid,
            author,
            s.get("created_at"),
            text,
            kind,
            reply_to_id=reply_to_id,
            reply_to_author=reply_to_author,
            mentions=list(dict.fromkeys(mentions)),
            hashtags=list(dict.fromkeys(hashtags)),
            urls=links_from_html(content if isinstance(content, str) else None),
            client=client,
            likes=s.get("favourites_count"),
            reposts=s.get("reblogs_count"),
            replies=s.get("replies_count"),
            lang=s.get("language") if isinstance(s.get("language"), str) else None,
            url=s.get("url") if isinstance(s.get("url"), str) else None,
        )

    for s in statuses:
        log.read += 1
        try:
            one(s)
        except (TypeError, AttributeError, ValueError, KeyError, IndexError):
            log.skip("malformed status (fields of unexpected types)")
    if unresolved:
        log.note(
            f"{unresolved} reply parent(s) are not in this file: API in_reply_to_id values are local to "
            "the server that answered, so they are kept as 'local:<server>:<id>' instead of the parent's URI"
        )
