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

Direct messages (API ``visibility: "direct"``; in the archive, a post whose
``to``/``cc`` name neither the public nor the author's followers, only the people
it mentions) are private correspondence, not public conversation: they are
skipped and counted in the load log (:data:`DIRECT_MESSAGE`). Followers-only
posts (``private``; ``to``/``cc`` name the followers but not the public) are the
account's own posts to its audience and are kept; the load log says how many
(the schema has no visibility column to mark them). A post whose audience the
export does not give is kept. A content warning (``summary`` in ActivityPub,
``spoiler_text`` in the API) leads the text: ``"CW: <warning>\n\n<text>"``
(:func:`with_content_warning`), the same in both sources, so that the archive's
and the API's copies of a status keep the same text.

Identifiers
-----------
``post_id`` is the status URI (ActivityPub id), the one key that is the same
everywhere: an archive's ``object.id`` equals the API's ``uri`` for the same
post, whereas API ``id`` values are local to the server that answered. A boost's
URI is its activity URI (``…/statuses/<id>/activity``), as Mastodon itself
gives it (``uri`` of a reblog status). API ``in_reply_to_id`` values are local
ids: they become the parent's URI when the parent is in the same file, else
``local:<server host>:<id>`` (noted in the load log).

Handles are ``user@host`` (lower case). Reposts and quotes carry the boosted or
quoted post's URI and author in ``reply_to_id`` / ``reply_to_author`` (quotes:
the archive's ``quote`` / ``quoteUri`` / ``quoteUrl`` / ``_misskey_quote``, the
API's ``quote.quoted_status`` or ``quote.quoted_status_id``); both start a
conversation of their own. In the archive, a target's author is read from its URI
when it has the usual ``/users/<name>/statuses/<n>`` or ``/@<name>/<n>`` shape.
Servers with numeric actor ids (``…/ap/users/<id>/statuses/<n>``) do not name
the account in the URI: the actor URI (the part before ``/statuses/``; for a
boost of other software's post, the one actor in the boost's ``cc``) becomes the
handle that a ``Mention`` tag anywhere in the archive gives it, and stands in
for the handle (a stable id of that account, not a handle) when the archive
never names it. Replies to URIs of other shapes (``/notes/<id>``) keep a null
author rather than a guess.

Conversations follow reply links inside the file
(``toolkit.sources._threads.fill_conversation_ids``): a self-thread roots at its
first post; a reply whose parent is not in the file is the root of what the file
holds of its thread. The archive also has each status's ActivityPub
``conversation``: rows whose reply links end outside the file (a deleted middle
post, several answers in someone else's thread) join the root post of their
``conversation`` when the archive has it, else the earliest such row of that
conversation. A thread whose root is in the file is therefore named after the
root's URI by both sources, so when an API file holds the same thread,
:func:`toolkit.load` gives all of it one conversation id whichever copy of a
status it keeps (the API's: it has counts and a client). A thread rooted in
someone else's post that only the archive holds is named after the account's
earliest answer in it; an API file that holds the root names it after the root
(the archive cannot know that post's URI), so a post that only the archive has
stays apart from such a thread when both are loaded.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import polars as pl

from toolkit.accounts import normalise_handle
from toolkit.errors import InputError
from toolkit.schema import conform
from toolkit.sources import FileLog, Input, LoadContext, Loaded, Owner, Source, register
from toolkit.sources._io import Rows, html_to_text, json_lines, loads_json, no_gc
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
# <actor URI>/statuses/<id>: how Mastodon forms every status URI, numeric actor ids included
_STATUS_OF_ACTOR = re.compile(r"^(https?://[^/\s]+/\S+?)/statuses/[^/\s]+(?:/activity)?/?$")
_PUBLIC_URI = "https://www.w3.org/ns/activitystreams#Public"
_PUBLIC = frozenset({_PUBLIC_URI, "as:Public", "Public"})

#: Load-log reason for a direct message (private correspondence, not a public post).
DIRECT_MESSAGE = "direct message (addressed only to the people it mentions; not public)"


def followers_only_note(n: int) -> str:
    """The load-log note for ``n`` followers-only posts (kept, but not public)."""
    return (
        f"{n} followers-only post(s) kept: visible to the account's followers, not to the public "
        "(the rows do not mark them: the schema has no visibility column)"
    )


def with_content_warning(warning: Any, text: str) -> str:
    """The text with its content warning (spoiler text) in front, as ``CW: <warning>``.

    Examples
    --------
    >>> with_content_warning("Film spoilers", "the ending is sad")
    'CW: Film spoilers\\n\\nthe ending is sad'
    >>> with_content_warning("", "no warning")
    'no warning'
    """
    if not isinstance(warning, str) or not warning.strip():
        return text
    cw = f"CW: {warning.strip()}"
    return f"{cw}\n\n{text}" if text else cw


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


def _as_list(value: Any) -> list:
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, str) else []


def _visibility(*holders: dict) -> str | None:
    """``"public"`` (incl. unlisted), ``"followers"`` or ``"direct"`` from ``to``/``cc``.

    The first holder (the Note, then its activity) that has an audience decides;
    None when none has one (the export does not say).
    """
    for h in holders:
        to, cc = h.get("to"), h.get("cc")
        if type(to) is list and _PUBLIC_URI in to:  # most posts: one test
            return "public"
        if to is None and cc is None:
            continue
        audience = [*_as_list(to), *_as_list(cc)]
        if any(a in _PUBLIC for a in audience if isinstance(a, str)):
            return "public"
        if any(isinstance(a, str) and a.rstrip("/").endswith("/followers") for a in audience):
            return "followers"
        return "direct"
    return None


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
        conversations: dict[str, str] = {}  # post id -> ActivityPub conversation
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
            actors = _outbox_rows(items, owner.handle, actor_id, rows, log, conversations)
            del outbox, items
        frame = rows.frame(account=owner.handle, log=log, platform=PLATFORM, handles=actors)
        posts = conform(_link_conversations(frame, conversations), partial=True)
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
    # (a zip made on a Mac also holds __MACOSX/ beside the top folder: Input.names leaves it out)
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


def _outbox_rows(
    items: list[Any],
    handle: str,
    actor_id: str,
    rows: Rows,
    log: FileLog,
    conversations: dict[str, str],
) -> dict[str, str]:
    """Add a row per activity; returns the handles of the actor URIs left in ``reply_to_author``.

    ``conversations`` receives each post's ActivityPub ``conversation``.

    Numeric-id servers' URIs do not name their account: such a target's author is
    kept as its actor URI, and the handle that any ``Mention`` tag in the archive
    gives that actor replaces it once every activity has been read.
    """
    user, owner_host = handle.split("@", 1)
    # the owner's statuses live under the actor URI (…/users/<name>/statuses/<n>), web links under /@<name>/
    own_prefixes = (actor_id.rstrip("/") + "/", f"https://{owner_host}/@{user}/")
    seen: set[str] = set()
    actor_handles: dict[str, str] = {}  # actor URI -> handle, from Mention tags
    stand_ins: set[str] = set()  # actor URIs written as reply_to_author
    followers_only = 0

    def target_author(uri: str | None, audience: list | None = None) -> str | None:
        if not isinstance(uri, str):
            return None
        if uri.startswith(own_prefixes) or uri.lower().startswith(own_prefixes[1]):
            return handle
        named = author_from_uri(uri)
        if named:
            return named
        m = _STATUS_OF_ACTOR.match(uri)
        actor = m.group(1) if m else None
        if actor is None and audience:
            # a boost's cc names the boosted post's author beside the booster's followers
            others = {
                a
                for a in audience
                if isinstance(a, str)
                and a.startswith(("https://", "http://"))
                and a not in _PUBLIC
                and not a.rstrip("/").endswith("/followers")
                and a.rstrip("/") != actor_id.rstrip("/")
            }
            actor = others.pop() if len(others) == 1 else None
        if actor is None:
            return None
        if actor.rstrip("/") == actor_id.rstrip("/"):
            return handle
        stand_ins.add(actor)
        return actor

    def one(it: Any) -> None:
        nonlocal followers_only
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
                reply_to_author=target_author(
                    target, [*_as_list(it.get("cc")), *_as_list(it.get("to"))]
                ),
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
            to = obj.get("to")
            # most posts are public: one test before the full reading of the audience
            visibility = (
                "public" if type(to) is list and _PUBLIC_URI in to else _visibility(obj, it)
            )
            if visibility == "direct":
                log.skip(DIRECT_MESSAGE)
                return
            if visibility == "followers":
                followers_only += 1
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
            quote = (
                obj.get("quote")
                or obj.get("quoteUri")
                or obj.get("quoteUrl")
                or obj.get("_misskey_quote")
            )
            if isinstance(quote, dict):
                quote = quote.get("id")
            if not isinstance(quote, str) or not quote:
                quote = None
            kind = "reply" if parent else ("quote" if quote else "post")
            target = parent or quote
            mentions, hashtags = _archive_tags(obj.get("tag"), owner_host, actor_handles)
            url = obj.get("url")
            if isinstance(url, list):  # some servers give several links
                url = next((u.get("href") if isinstance(u, dict) else u for u in url), None)
            conversation = obj.get("conversation")
            if type(conversation) is str and conversation:
                conversations[pid] = conversation
            text = html_to_text(content) if isinstance(content, str) else ""
            summary = obj.get("summary")
            if summary:
                text = with_content_warning(summary, text)
            rows.add(
                pid,
                handle,
                obj.get("published") or it.get("published"),
                text,
                kind,
                reply_to_id=target,
                reply_to_author=target_author(target),
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
    if followers_only:
        log.note(followers_only_note(followers_only))
    return {a: actor_handles[a] for a in stand_ins if a in actor_handles}


def _link_conversations(
    frame: pl.DataFrame, conversations: dict[str, str] | None = None
) -> pl.DataFrame:
    """``conversation_id`` from reply links in the file, then from the ActivityPub ``conversation``.

    Reposts and quotes start a conversation of their own (their ``reply_to_id``
    names their target, not a parent). With ``conversations`` (the archive: post
    id -> ActivityPub ``conversation``), rows whose reply chain ends at a reply
    (its parent is not in the file) join the root post of their conversation, or,
    when the file has no root of it, the earliest such chain of that conversation.
    """
    f = fill_conversation_ids(frame)  # (which follows replies only)
    if not conversations or f.is_empty():
        return f
    known = pl.DataFrame(
        {"_top": list(conversations), "conversation": list(conversations.values())},
        schema={"_top": pl.Utf8, "conversation": pl.Utf8},
    )
    # the top of each reply chain, with the conversation it belongs to
    tops = (
        f.filter((pl.col("post_id") == pl.col("conversation_id")) & (pl.col("kind") != "repost"))
        .select(
            pl.col("post_id").alias("_top"),
            (pl.col("kind") != "reply").alias("_root"),
            "created_at",
        )
        .join(known, on="_top", how="inner")
        # only conversations split over several chains, one of them not starting at a root
        .filter((pl.len().over("conversation") > 1) & (~pl.col("_root")).any().over("conversation"))
    )
    if tops.is_empty():
        return f
    first = (
        tops.sort(["_root", "created_at", "_top"], descending=[True, False, False])
        .group_by("conversation", maintain_order=True)
        .agg(pl.col("_top").first().alias("_into"))
    )
    moves = (
        tops.filter(~pl.col("_root"))
        .join(first, on="conversation", how="inner")
        .filter(pl.col("_top") != pl.col("_into"))
        .select(pl.col("_top").alias("conversation_id"), "_into")
    )
    if moves.is_empty():
        return f
    return (
        f.join(moves, on="conversation_id", how="left", maintain_order="left")
        .with_columns(pl.coalesce("_into", "conversation_id").alias("conversation_id"))
        .drop("_into")
    )


def _archive_tags(
    tags: Any, owner_host: str, actors: dict[str, str] | None = None
) -> tuple[list[str], list[str]]:
    """Mentions and hashtags of a Note's ``tag`` list; ``actors`` learns each mention's actor URI."""
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
            href = t.get("href")
            if h and actors is not None and isinstance(href, str) and href:
                actors.setdefault(href, h)
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
                obj = json_lines(data, log, min_lines=2)
                if obj is None:
                    raise
            _collect_statuses(obj, statuses, hosts, log)
            _api_rows(statuses, hosts, rows, log)
            # freed while the collector is off, so it never walks the parsed tree
            del obj, statuses, data
        posts = conform(
            _link_conversations(rows.frame(account=None, log=log, platform=PLATFORM)),
            partial=True,
        )
        return Loaded(posts=posts, logs=[log])


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
            quoted = _quoted_status(s.get("quote"))
            if quoted is not None:
                learn(quoted)
        except (TypeError, AttributeError, ValueError, KeyError, IndexError):
            pass
    server = hosts[0] if hosts else None

    seen: set[str] = set()
    unresolved = unresolved_quotes = followers_only = 0

    def local(status_id: str) -> str:
        return f"local:{server}:{status_id}" if server else f"local:{status_id}"

    def one(s: Any) -> None:
        nonlocal unresolved, unresolved_quotes, followers_only
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
        if s.get("visibility") == "direct":
            log.skip(DIRECT_MESSAGE)
            return
        if s.get("visibility") == "private":
            followers_only += 1
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
                reply_to_id = local(parent_id)
            reply_to_author = id_to_author.get(parent_id)
            if reply_to_author is None and s.get("in_reply_to_account_id") is not None:
                reply_to_author = account_ids.get(str(s["in_reply_to_account_id"]))
        content = s.get("content")
        text = with_content_warning(
            s.get("spoiler_text"),
            html_to_text(content) if isinstance(content, str) else str(s.get("text") or ""),
        )
        quote = s.get("quote")
        kind = (
            "reply" if reply_to_id else ("quote" if isinstance(quote, dict) and quote else "post")
        )
        if kind == "quote":
            quoted = _quoted_status(quote)
            if quoted is not None:
                target = quoted.get("uri") or quoted.get("url")
                reply_to_id = target if isinstance(target, str) else None
                reply_to_author = _acct(quoted.get("account")) or author_from_uri(reply_to_id)
            elif quote.get("quoted_status_id") is not None:  # a ShallowQuote: the local id only
                quoted_id = str(quote["quoted_status_id"])
                reply_to_id = id_to_uri.get(quoted_id)
                if reply_to_id is None:
                    unresolved_quotes += 1
                    reply_to_id = local(quoted_id)
                reply_to_author = id_to_author.get(quoted_id)
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
    if unresolved_quotes:
        log.note(
            f"{unresolved_quotes} quoted post(s) are given by their local id only (quoted_status_id) "
            "and are not in this file: kept as 'local:<server>:<id>' instead of the post's URI"
        )
    if followers_only:
        log.note(followers_only_note(followers_only))


def _quoted_status(quote: Any) -> dict | None:
    """The quoted Status of an API ``quote``: a Quote's ``quoted_status``, or the Status itself
    (servers that put the quoted status there directly); None for a ShallowQuote or none."""
    if not isinstance(quote, dict) or not quote:
        return None
    if _is_status(quote):
        return quote
    quoted = quote.get("quoted_status")
    return quoted if _is_status(quoted) else None
