"""Bluesky (AT Protocol): repository exports (CAR) and AppView JSON.

Two sources (field notes: ``shared/formats/mastodon-bluesky-blogs-reddit.md`` §2):

``bluesky``
    A repository export (``.car``, CAR v1 of DAG-CBOR blocks, from "Export my
    data" or ``com.atproto.sync.getRepo``). The commit (the CAR's root) names the
    DID and the Merkle Search Tree whose entries map ``<collection>/<rkey>`` to
    record blocks. **Records** here are the entries of ``app.bsky.feed.post`` and
    ``app.bsky.feed.repost``: each becomes a row or is counted as skipped. Likes,
    follows, blocks, the profile and other collections are not posts: they are
    counted in a log note, not as records. A repository with no posts loads with
    zero rows and that note. A partial repository (tree nodes or record blocks
    missing) loads what is present and notes what is not.

``bluesky-api``
    AppView JSON: ``getPostThread`` trees, ``getAuthorFeed``/timeline pages,
    ``getPosts``/``searchPosts`` results, post views, and bare records
    (``{uri, cid, value}``), in one JSON document or as JSON lines. Records are
    post views (plus repost reasons of feed items): each becomes a row or is
    counted as skipped (not found, blocked, duplicate, not a post). ``account``
    is left null for :func:`toolkit.load`. A file is recognised by the shape of
    its start (:func:`appview_shape`), never by an AT-URI somewhere in its text
    (a Mastodon or Reddit post may quote one); a file with nothing of that shape
    in it is an error, not zero rows.

Identifiers and handles
-----------------------
``post_id`` is the record's ``at://<did>/<collection>/<rkey>`` URI. A CAR holds
the DID but not the handle; the handle comes from, in this order, an accounts
file entry that lists the DID among its ``bluesky`` handles (the entry's other,
non-DID handle is used), a DID document next to the CAR (``<stem>.didDoc.json``
whose ``id`` is the repository's DID, ``alsoKnownAs: ["at://<handle>"]``), else
the DID itself (noted in the log). Mentions and reply targets are DIDs in the
records; they are shown as handles when the file tells which handle a DID has
(the owner, API author views, the accounts file, or the ``@handle`` text a
mention facet covers - facet offsets are UTF-8 *byte* offsets), else as DIDs.

``conversation_id`` is the thread root the record names (``reply.root.uri``);
a root post is its own conversation. A repost carries the reposted post's URI
and author in ``reply_to_id`` / ``reply_to_author`` and is its own conversation.
A post embedding a post (``app.bsky.embed.record`` / ``recordWithMedia`` whose
record URI is in ``app.bsky.feed.post``) is a ``quote`` unless it is also a reply,
which wins; like a repost, a quote carries the quoted post's URI and author (the
URI's DID, shown as a handle when known: API views of the quoted post tell it) in
``reply_to_id`` / ``reply_to_author``. An embedded feed generator, list or starter
pack does not make a quote.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import libipld
import orjson

from toolkit.accounts import Accounts, normalise_handle
from toolkit.errors import InputError
from toolkit.schema import conform, empty_posts
from toolkit.sources import FileLog, Input, LoadContext, Loaded, Owner, Source, register
from toolkit.sources._io import Rows, json_lines, loads_json, no_gc

PLATFORM = "bluesky"
POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"
PROFILE_KEY = "app.bsky.actor.profile/self"
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


# --------------------------------------------------------------------------- record fields


def did_of(uri: Any) -> str | None:
    """The DID (authority) of an ``at://`` URI.

    Examples
    --------
    >>> did_of("at://did:plc:abc/app.bsky.feed.post/3jq")
    'did:plc:abc'
    """
    if not isinstance(uri, str) or not uri.startswith("at://"):
        return None
    return uri[5:].split("/", 1)[0] or None


def tid_time(tid: Any) -> datetime | None:
    """The time encoded in a TID (record key or commit ``rev``), or None if it is not a TID.

    Examples
    --------
    >>> tid_time("3k67up3j7hf2x").isoformat(timespec="seconds")
    '2023-08-31T02:18:48+00:00'
    """
    if not isinstance(tid, str) or len(tid) != 13:
        return None
    n = 0
    for ch in tid:
        i = _TID_ALPHABET.find(ch)
        if i < 0:
            return None
        n = n * 32 + i
    try:
        return datetime.fromtimestamp((n >> 10) / 1e6, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _byte_slice(text: str, index: Any, start_key: str, end_key: str) -> str | None:
    if not isinstance(index, dict):
        return None
    s, e = index.get(start_key), index.get(end_key)
    if not isinstance(s, int) or not isinstance(e, int) or not 0 <= s < e:
        return None
    try:
        return text.encode("utf-8")[s:e].decode("utf-8")
    except UnicodeDecodeError:
        return None


def _learn_handle(did: Any, shown: str | None, seen: dict[str, str]) -> None:
    """Remember the handle a mention shows (``@alice.bsky.social``) for its DID."""
    if not isinstance(did, str) or not shown or not shown.startswith("@"):
        return
    h = normalise_handle(shown)
    if h and "." in h and " " not in h:
        seen.setdefault(did, h)


RECORD_EMBED = "app.bsky.embed.record"
RECORD_WITH_MEDIA_EMBED = "app.bsky.embed.recordWithMedia"


def quoted_uri(embed: Any) -> str | None:
    """The URI of the post a record embed quotes, or None (no record embed, or not a post).

    ``app.bsky.embed.record`` holds a strong ref ``{uri, cid}``; ``recordWithMedia``
    holds such an embed under ``record``. The embedded record may also be a feed
    generator, a list or a starter pack: only a post makes a quote.

    Examples
    --------
    >>> quoted_uri({"$type": "app.bsky.embed.record",
    ...             "record": {"uri": "at://did:plc:abc/app.bsky.feed.post/3jq", "cid": "b"}})
    'at://did:plc:abc/app.bsky.feed.post/3jq'
    >>> quoted_uri({"$type": "app.bsky.embed.record",
    ...             "record": {"uri": "at://did:plc:abc/app.bsky.graph.starterpack/3jq"}}) is None
    True
    """
    etype = embed.get("$type") if type(embed) is dict else None
    if etype == RECORD_WITH_MEDIA_EMBED:
        embed = embed.get("record")
        if type(embed) is not dict:
            return None
    elif etype != RECORD_EMBED:
        return None
    ref = embed.get("record")
    uri = ref.get("uri") if type(ref) is dict else None
    if type(uri) is not str or not uri.startswith("at://"):
        return None
    parts = uri[5:].split("/")
    return uri if len(parts) == 3 and parts[0] and parts[1] == POST and parts[2] else None


class _Post:
    """The fields of one ``app.bsky.feed.post`` record that become columns.

    Written for speed (a repository may hold 100k posts): plain ``dict.get`` and
    type checks; a record of the wrong shape raises TypeError/AttributeError,
    which the caller counts as a malformed record. ``reply_to_id`` / ``parent_did``
    name the parent of a reply and the quoted post of a quote.
    """

    __slots__ = (
        "text",
        "kind",
        "reply_to_id",
        "parent_did",
        "conversation_id",
        "mentions",
        "hashtags",
        "urls",
        "lang",
    )

    def __init__(self, uri: str, rec: dict, shown: dict[str, str]):
        get = rec.get
        text = get("text")
        self.text = text = text if type(text) is str else ""
        reply = get("reply")
        parent_uri = root_uri = None
        if reply:
            parent, root = reply.get("parent"), reply.get("root")
            if parent:
                parent_uri = parent.get("uri")
                parent_uri = parent_uri if type(parent_uri) is str else None
            if root:
                root_uri = root.get("uri")
                root_uri = root_uri if type(root_uri) is str else None
        self.conversation_id = (root_uri or parent_uri) if parent_uri else uri
        embed = get("embed")
        etype = embed.get("$type") if embed else None
        if parent_uri:
            self.kind = "reply"
        else:
            # a quote names the quoted post and its author where a reply names its parent
            parent_uri = quoted_uri(embed) if embed else None
            self.kind = "quote" if parent_uri else "post"
        self.reply_to_id = parent_uri
        self.parent_did = did_of(parent_uri) if parent_uri else None
        mentions: list[str] = []
        hashtags: list[str] = []
        urls: list[str] = []
        for facet in get("facets") or ():
            for feat in facet.get("features") or ():
                did = feat.get("did")
                if type(did) is str:
                    mentions.append(did)
                    _learn_handle(
                        did, _byte_slice(text, facet.get("index"), "byteStart", "byteEnd"), shown
                    )
                elif type(feat.get("uri")) is str:
                    urls.append(feat["uri"])
                elif type(feat.get("tag")) is str:
                    hashtags.append(feat["tag"].lstrip("#"))
        for ent in get("entities") or ():  # pre-2023 records: {type, index:{start,end}, value}
            value, etyp = ent.get("value"), ent.get("type")
            if type(value) is not str:
                continue
            if etyp == "mention":
                mentions.append(value)
                _learn_handle(value, _byte_slice(text, ent.get("index"), "start", "end"), shown)
            elif etyp == "link":
                urls.append(value)
            elif etyp == "hashtag":
                hashtags.append(value.lstrip("#"))
        tags = get("tags")
        if tags:
            hashtags += [t.lstrip("#") for t in tags if type(t) is str]
        if embed:
            media = embed.get("media") if etype == RECORD_WITH_MEDIA_EMBED else embed
            external = media.get("external") if media else None
            if external and type(external.get("uri")) is str:
                urls.append(external["uri"])
        self.mentions = list(dict.fromkeys(mentions)) if len(mentions) > 1 else mentions
        self.hashtags = list(dict.fromkeys(h for h in hashtags if h)) if hashtags else hashtags
        self.urls = list(dict.fromkeys(urls)) if len(urls) > 1 else urls
        langs = get("langs")
        self.lang = langs[0] if langs and type(langs[0]) is str else None


def _web_url(handle_or_did: str | None, uri: str) -> str | None:
    if not handle_or_did:
        return None
    return f"https://bsky.app/profile/{handle_or_did}/post/{uri.rsplit('/', 1)[-1]}"


def _accounts_dids(accounts: Accounts) -> dict[str, str]:
    """DID -> handle from accounts-file entries that list both under ``bluesky``."""
    out: dict[str, str] = {}
    for person in accounts.people:
        hs = person.handles.get(PLATFORM, ())
        named = [h for h in hs if not h.startswith("did:")]
        for h in hs:
            if h.startswith("did:"):
                out[h] = named[0] if named else h
    return out


# --------------------------------------------------------------------------- CAR reading


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        if pos >= len(data):
            raise IndexError
        b = data[pos]
        pos += 1
        n |= (b & 0x7F) << shift
        if not b & 0x80:
            return n, pos
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def _scan_car(data: bytes, label: str) -> tuple[dict, dict[bytes, Any], Counter]:
    """Read a CAR block by block: exact errors for damaged files, and non-CBOR blocks set aside."""
    problems: Counter = Counter()
    try:
        n, pos = _varint(data, 0)
        header = libipld.decode_dag_cbor(data[pos : pos + n])
        if pos + n > len(data) or not isinstance(header, dict) or "roots" not in header:
            raise ValueError("no roots")
    except (IndexError, ValueError, RecursionError) as exc:
        raise InputError(
            f"{label}: not a CAR file (no CAR v1 header with roots); expected a Bluesky repository "
            "export (.car) from 'Export my data' or com.atproto.sync.getRepo"
        ) from exc
    pos += n
    blocks: dict[bytes, Any] = {}
    while pos < len(data):
        start = pos
        try:
            size, pos = _varint(data, pos)
        except (IndexError, ValueError) as exc:
            raise _truncated(label, start, len(data)) from exc
        end = pos + size
        if size == 0 or end > len(data):
            raise _truncated(label, start, len(data))
        cid_len, codec = _cid_length(data, pos, end)
        if cid_len is None:
            raise _truncated(label, start, len(data))
        cid, body = bytes(data[pos : pos + cid_len]), data[pos + cid_len : end]
        pos = end
        if codec != 0x71:  # only DAG-CBOR blocks hold commits, tree nodes and records
            problems["block(s) that are not DAG-CBOR (ignored)"] += 1
            continue
        try:
            blocks[cid] = libipld.decode_dag_cbor(body)
        except (ValueError, RecursionError):
            problems["block(s) that could not be decoded (ignored)"] += 1
    return header, blocks, problems


def _cid_length(data: bytes, pos: int, end: int) -> tuple[int | None, int | None]:
    try:
        if data[pos] == 0x12 and data[pos + 1] == 0x20:  # CIDv0: a bare sha2-256 multihash
            return 34, 0x70
        version, p = _varint(data, pos)
        codec, p = _varint(data, p)
        _, p = _varint(data, p)  # multihash code
        digest, p = _varint(data, p)
    except (IndexError, ValueError):
        return None, None
    if version != 1 or p + digest > end:
        return None, None
    return p + digest - pos, codec


def _truncated(label: str, at: int, size: int) -> InputError:
    return InputError(
        f"{label}: the CAR file ends inside a block (block at byte {at} of {size}); "
        "the export is truncated: download the repository again"
    )


def read_car(data: bytes, label: str) -> tuple[dict, dict[bytes, Any], Counter]:
    """``(header, {cid bytes: decoded block}, problems)`` of a CAR v1 file.

    Raises
    ------
    InputError
        naming ``label`` when the file is not a CAR or is truncated.
    """
    try:
        with no_gc():
            header, blocks = libipld.decode_car(data)
        return header, blocks, Counter()
    except (ValueError, RecursionError):
        # libipld stops at the first odd block: read again block by block for a precise message
        with no_gc():
            return _scan_car(data, label)


def walk_mst(blocks: dict[bytes, Any], root: bytes) -> tuple[list[tuple[str, bytes]], int]:
    """``([(key, record cid)], n_missing_nodes)`` of a Merkle Search Tree.

    Node: ``l`` left subtree, ``e`` entries ``{p, k, v, t}``: the key is the previous
    key of the same node cut to ``p`` bytes plus ``k``; ``t`` is the subtree to the
    right of the entry. Missing nodes are counted, not fatal (partial repositories).
    """
    out: list[tuple[str, bytes]] = []
    append = out.append
    missing = 0
    stack = [root]
    visited: set[bytes] = set()
    while stack:
        cid = stack.pop()
        if cid in visited:
            continue
        visited.add(cid)
        node = blocks.get(cid)
        entries = node.get("e") if type(node) is dict else None
        if type(entries) is not list:
            missing += 1
            continue
        if node.get("l"):
            stack.append(node["l"])
        key = b""
        for e in entries:
            k = e.get("k") if type(e) is dict else None
            if type(k) is not bytes:
                continue
            key = key[: e.get("p") or 0] + k
            v = e.get("v")
            if type(v) is bytes:
                append((key.decode("utf-8", errors="replace"), v))
            if e.get("t"):
                stack.append(e["t"])
    return out, missing


def _did_doc(path: Path) -> Path | None:
    stem = path.name
    for suffix in (".car", ".repo"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    for name in (f"{stem}.didDoc.json", f"{path.stem}.didDoc.json"):
        p = path.parent / name
        if p.is_file():
            return p
    return None


# --------------------------------------------------------------------------- CAR source


@register
class BlueskyCar(Source):
    """Bluesky repository export (``.car``)."""

    name = "bluesky"
    platform = PLATFORM
    title = "Bluesky repository export (CAR)"
    inputs = "a .car file (CAR v1, DAG-CBOR); NAME.didDoc.json next to NAME.car gives the handle"
    replies_from_others = "no (own posts only)"

    def detect(self, inp: Input) -> bool:
        if inp.kind != "file":
            return False
        name = inp.path.name.lower()
        if name.endswith(".car"):
            return True
        if name.endswith(".diddoc.json"):  # the handle of the CAR next to it
            stem = inp.path.name[: -len(".didDoc.json")]
            return any(
                p.name.startswith(stem) and p.name.lower().endswith(".car")
                for p in inp.path.parent.iterdir()
            )
        head = inp.head(inp.names()[0], 512)
        try:
            n, pos = _varint(head, 0)
        except (IndexError, ValueError):
            return False
        block = head[pos : pos + n]
        if not (0 < n < 512 and b"roots" in block and b"version" in block):
            return False
        try:  # the words alone could be JSON text: the header must decode as DAG-CBOR
            header = libipld.decode_dag_cbor(block)
        except (ValueError, RecursionError):
            return False
        return isinstance(header, dict) and isinstance(header.get("roots"), list)

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:
        if inp.path.name.lower().endswith(".diddoc.json"):
            return _did_doc_only(inp, self.name)
        # collector off from decoding to freeing the blocks: it would otherwise walk
        # every decoded record, and records cannot form cycles
        with no_gc():
            return self._load(inp, ctx)

    def _load(self, inp: Input, ctx: LoadContext) -> Loaded:
        label = inp.label()
        log = FileLog(label, self.name)
        header, blocks, problems = read_car(inp.read_bytes(inp.names()[0]), label)
        for what, n in problems.items():
            log.note(f"{n} {what}")
        roots = header.get("roots") if isinstance(header, dict) else None
        if not roots or not isinstance(roots, list):
            raise InputError(f"{label}: the CAR header names no root; expected a repository export")
        commit = blocks.get(roots[0])
        if commit is None:
            raise InputError(
                f"{label}: the root block (the repository commit) is not in the file; "
                "the export is truncated or is not a full repository: download it again"
            )
        if (
            not isinstance(commit, dict)
            or not isinstance(commit.get("did"), str)
            or "data" not in commit
        ):
            raise InputError(
                f"{label}: the CAR's root is not a repository commit (no did/data); "
                "expected a Bluesky repository export"
            )
        did = commit["did"]
        known = _accounts_dids(ctx.accounts)
        handle = _owner_handle(inp, did, known, log)
        known[did] = handle

        entries, missing_nodes = walk_mst(blocks, commit["data"])
        shown: dict[str, str] = {}
        rows = Rows()
        others: Counter = Counter()
        display_name = None
        for key, cid in entries:
            collection = key.partition("/")[0]
            if collection != POST and collection != REPOST:
                others[collection] += 1
                if key == PROFILE_KEY and type(blocks.get(cid)) is dict:
                    dn = blocks[cid].get("displayName")
                    display_name = dn if isinstance(dn, str) and dn.strip() else None
                continue
            log.read += 1
            rec = blocks.get(cid)
            if rec is None:
                log.skip("record block not in the file (partial repository)")
                continue
            if type(rec) is not dict:
                log.skip("record is not a map")
                continue
            try:
                _car_row(f"at://{did}/{key}", collection, rec, handle, rows, shown, log)
            except (TypeError, AttributeError, ValueError, KeyError, IndexError):
                log.skip("malformed record (fields of unexpected types)")
        referenced = {cid for _, cid in entries}
        n_stray = sum(
            1
            for c, b in blocks.items()
            if c not in referenced and type(b) is dict and b.get("$type") in (POST, REPOST)
        )
        if missing_nodes:
            log.note(
                f"partial repository: {missing_nodes} tree node(s) are not in the file, "
                "so the records under them are unknown; loaded what is present"
            )
        if n_stray and missing_nodes:
            # in a partial tree these are records whose key sits in a missing node
            log.read += n_stray
            log.skip("record not reachable from the repository tree (its key is unknown)", n_stray)
        elif n_stray:
            log.note(
                f"{n_stray} post/repost block(s) not referenced by the repository tree ignored (old versions)"
            )
        if others:
            listed = ", ".join(
                f"{n} {c}" for c, n in sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))
            )
            log.note(f"not posts, so not counted as records: {listed}")
        if not len(rows):
            log.note("no posts or reposts in this repository: it loads with zero rows")
        posts = (
            # DIDs in mentions and reply targets shown as handles where the file tells them
            rows.frame(account=handle, log=log, platform=PLATFORM, handles={**shown, **known})
            if len(rows)
            else empty_posts()
        )
        owner = Owner(
            platform=PLATFORM,
            handle=handle,
            display_name=display_name,
            observed_until=tid_time(commit.get("rev")),
            source_file=label,
        )
        return Loaded(posts=conform(posts, partial=True), logs=[log], owners=[owner])


def _owner_handle(inp: Input, did: str, known: dict[str, str], log: FileLog) -> str:
    if known.get(did) and known[did] != did:
        log.note(f"handle {known[did]!r} for {did} taken from the accounts file")
        return known[did]
    doc_path = _did_doc(inp.path) if inp.kind == "file" else None
    if doc_path is not None:
        try:
            doc = json.loads(doc_path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError):
            doc = None
            log.note(f"{doc_path.name} is not valid JSON; not used for the handle")
        if isinstance(doc, dict) and doc.get("id") == did:
            aka = [
                a
                for a in doc.get("alsoKnownAs") or []
                if isinstance(a, str) and a.startswith("at://")
            ]
            if aka:
                handle = normalise_handle(aka[0][5:])
                log.note(f"handle {handle!r} for {did} taken from {doc_path.name}")
                return handle
        elif isinstance(doc, dict):
            log.note(
                f"{doc_path.name} describes {doc.get('id')!r}, not this repository's {did}: not used for the handle"
            )
    log.note(
        f"the handle of {did} is unknown (a CAR holds only the DID): the DID is used as the account; "
        f"put the DID document next to the file as <name>.didDoc.json, or list the DID with the handle "
        "under bluesky in the accounts file"
    )
    return did


def _car_row(
    uri: str,
    collection: str,
    rec: dict,
    handle: str,
    rows: Rows,
    shown: dict[str, str],
    log: FileLog,
) -> None:
    if collection == REPOST:
        subject = rec.get("subject")
        target = subject.get("uri") if isinstance(subject, dict) else None
        if not isinstance(target, str):
            log.skip("repost without a subject URI")
            return
        rows.add(
            uri,
            handle,
            rec.get("createdAt"),
            "",
            "repost",
            reply_to_id=target,
            reply_to_author=did_of(target),
            conversation_id=uri,
        )
        return
    if rec.get("$type") not in (None, POST):
        log.skip(f"record in {POST} is a {rec.get('$type')}")
        return
    p = _Post(uri, rec, shown)
    rows.add(
        uri,
        handle,
        rec.get("createdAt"),
        p.text,
        p.kind,
        reply_to_id=p.reply_to_id,
        reply_to_author=p.parent_did,
        conversation_id=p.conversation_id,
        mentions=p.mentions,
        hashtags=p.hashtags,
        urls=p.urls,
        lang=p.lang,
        url=_web_url(handle, uri),
    )


def _did_doc_only(inp: Input, name: str) -> Loaded:
    log = FileLog(inp.label(), f"{name} (DID document)")
    doc = loads_json(inp.read_bytes(inp.names()[0]), log.source_file)
    if isinstance(doc, dict):
        log.note(
            f"DID document of {doc.get('id')!r} (alsoKnownAs {doc.get('alsoKnownAs')}); "
            "read for the handle of the repository export next to it, holds no posts"
        )
    return Loaded(posts=empty_posts(), logs=[log])


# --------------------------------------------------------------------------- AppView JSON


_HEAD = 16384  # bytes of a file that detection looks at
_NOT_APPVIEW = "not a Bluesky post view or record"
# a JSON string (whole), a structural character, or a lone quote (a string cut by the head's end)
_JSON_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\],"]')


def _json_head(head: bytes) -> Any:
    """The whole JSON value if the file fits in ``head``, the first object of JSON lines
    (as a list), else None (see :func:`_json_prefix`)."""
    try:
        return orjson.loads(head)
    except orjson.JSONDecodeError:
        pass
    nl = head.find(b"\n")
    if nl > 0:
        try:
            return [orjson.loads(head[:nl])]
        except orjson.JSONDecodeError:
            pass
    return None


def _json_prefix(head: bytes) -> Any:
    """The JSON value ``head`` starts, cut after its last complete member and closed, or None.

    Examples
    --------
    >>> _json_prefix(b'{"feed": [{"post": {"uri": "at://x", "text": "a {b')
    {'feed': [{'post': {'uri': 'at://x'}}]}
    """
    stack: list[bytes] = []
    cut, closers = 0, b""
    for m in _JSON_TOKENS.finditer(head):
        t = m.group()
        if len(t) > 1:
            continue
        if t == b'"':
            break
        if t == b"{" or t == b"[":
            stack.append(b"}" if t == b"{" else b"]")
            cut = m.end()
        elif t == b",":
            cut = m.start()
        elif not stack or stack.pop() != t:
            return None
        else:
            cut = m.end()
        closers = b"".join(reversed(stack))
        if not stack:
            break
    if not cut:
        return None
    try:
        return orjson.loads(head[:cut] + closers)
    except orjson.JSONDecodeError:
        return None


def _at_uri(v: Any) -> bool:
    return type(v) is str and v.startswith("at://")


def _bsky_type(v: Any) -> bool:
    return type(v) is dict and str(v.get("$type", "")).startswith("app.bsky.")


def _is_post_view(o: Any) -> bool:
    """``{uri: at://..., author: {did, handle}, record: {$type: app.bsky.feed.post}, ...}``
    (either of author and record is enough: the head may end inside the view)."""
    if type(o) is not dict or not _at_uri(o.get("uri")):
        return False
    author = o.get("author")
    return (type(author) is dict and str(author.get("did", "")).startswith("did:")) or _bsky_type(
        o.get("record")
    )


def _is_item(o: Any) -> bool:
    """A feed item (``feedViewPost``) or a thread node (``threadViewPost``): ``{post: <post view>}``."""
    return type(o) is dict and _is_post_view(o.get("post"))


def appview_shape(obj: Any, depth: int = 0) -> bool:
    """Whether a parsed JSON value (or its start) has the shape of an AppView file.

    Recognised: ``{thread: <thread node | notFoundPost | blockedPost>}`` (getPostThread),
    ``{feed: [<feed item>, ...]}`` (getAuthorFeed, timelines), ``{posts: [<post view>, ...]}``
    (getPosts, searchPosts), a feed item, thread node or post view alone, a
    ``{uri: at://..., value: {$type: app.bsky...}}`` record, or a list of any of these.
    Words alone (an AT-URI in another platform's post text) are not enough.

    Examples
    --------
    >>> appview_shape({"thread": {"$type": "app.bsky.feed.defs#notFoundPost",
    ...                           "uri": "at://did:plc:a/app.bsky.feed.post/3k", "notFound": True}})
    True
    >>> appview_shape([{"uri": "https://ex.social/users/bob/statuses/1",
    ...                 "content": "at://did:plc:a/app.bsky.feed.post/3k"}])
    False
    """
    if type(obj) is list:
        return bool(obj) and depth < 2 and appview_shape(obj[0], depth + 1)
    if type(obj) is not dict:
        return False
    if "thread" in obj:
        t = obj["thread"]
        return type(t) is dict and (
            _is_item(t)
            or str(t.get("$type", "")).startswith("app.bsky.feed.defs#")
            or (_at_uri(t.get("uri")) and (t.get("notFound") is True or t.get("blocked") is True))
        )
    feed, posts = obj.get("feed"), obj.get("posts")
    if type(feed) is list:
        return bool(feed) and _is_item(feed[0])
    if type(posts) is list:
        return bool(posts) and _is_post_view(posts[0])
    return (
        _is_item(obj)
        or _is_post_view(obj)
        or (_at_uri(obj.get("uri")) and _bsky_type(obj.get("value")))
    )


@register
class BlueskyApi(Source):
    """Bluesky AppView JSON: post threads, author feeds, post views and records."""

    name = "bluesky-api"
    platform = PLATFORM
    title = "Bluesky AppView JSON (getPostThread, getAuthorFeed, records)"
    inputs = (
        ".json: {thread: ...}, {feed: [...]}, {posts: [...]}, post views, {uri, cid, value} records "
        "(or .jsonl: one of these per line)"
    )
    replies_from_others = "yes (threads, feeds)"

    def detect(self, inp: Input) -> bool:
        # by structure, not by words: another platform's post may quote an AT-URI
        if inp.kind != "file" or inp.path.name.lower().endswith(".diddoc.json"):
            return False
        head = inp.head(inp.names()[0], _HEAD).lstrip(b"\xef\xbb\xbf \t\r\n")
        if head[:1] not in (b"[", b"{") or b'"at://' not in head:
            return False
        whole = _json_head(head)
        if whole is not None:
            return appview_shape(whole)
        # a file longer than the head: its start, closed (the first 2 KB usually tell)
        return appview_shape(_json_prefix(head[:2048])) or appview_shape(_json_prefix(head))

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:
        with no_gc():  # see BlueskyCar.load
            return self._load(inp, ctx)

    def _load(self, inp: Input, ctx: LoadContext) -> Loaded:
        name = inp.names()[0]
        log = FileLog(inp.label(name), self.name)
        data = inp.read_bytes(name)
        try:
            obj = loads_json(data, log.source_file)
        except InputError:
            obj = json_lines(data, log)
            if obj is None:
                raise
        del data
        walker = _ApiWalker(log)
        walker.walk(obj)
        del obj
        if not len(walker.rows) and log.read == log.skipped[_NOT_APPVIEW]:
            raise InputError(
                f"{log.source_file}: no Bluesky post views, thread nodes, feed items or post records "
                "found; expected AppView JSON: a getPostThread {thread: ...}, getAuthorFeed "
                "{feed: [...]} or getPosts/searchPosts {posts: [...]} response, post views, or "
                "{uri, cid, value} records"
            )
        known = _accounts_dids(ctx.accounts)
        if walker.synthesised:
            log.note(
                f"{walker.synthesised} repost(s) came without their own record URI (older API): "
                "their id is 'repost:<reposter DID>:<post URI>'"
            )
        if walker.did_only:
            log.note(
                f"{walker.did_only} bare record(s) carry no author view: their author is the DID of their URI"
            )
        handles = {**walker.shown, **walker.handles, **known}
        posts = (
            walker.rows.frame(account=None, log=log, platform=PLATFORM, handles=handles)
            if len(walker.rows)
            else empty_posts()
        )
        return Loaded(posts=conform(posts, partial=True), logs=[log])


class _ApiWalker:
    """Visits every post view, thread node, feed item and record of an AppView response."""

    def __init__(self, log: FileLog):
        self.log = log
        self.rows = Rows()
        self.seen: set[str] = set()
        self.handles: dict[str, str] = {}  # DID -> handle from author views
        self.shown: dict[str, str] = {}  # DID -> handle shown in mention text
        self.synthesised = 0
        self.did_only = 0

    def skip(self, reason: str) -> None:
        self.log.read += 1
        self.log.skip(reason)

    def guarded(self, fn: Any, *args: Any) -> None:
        """Run a record handler; a record of the wrong shape is counted, not fatal."""
        before = self.log.read
        try:
            fn(*args)
        except (TypeError, AttributeError, ValueError, KeyError, IndexError):
            if self.log.read == before:
                self.log.read += 1
            self.log.skip("malformed post view or record (fields of unexpected types)")

    def walk(self, obj: Any) -> None:
        stack = [obj]
        while stack:
            o = stack.pop()
            if isinstance(o, list):
                stack.extend(reversed(o))
            elif not isinstance(o, dict):
                self.skip(_NOT_APPVIEW)
            elif "thread" in o and isinstance(o["thread"], dict):
                stack.append(o["thread"])
            elif isinstance(o.get("feed"), list):
                stack.extend(reversed([{"_feed_item": it} for it in o["feed"]]))
            elif isinstance(o.get("posts"), list):
                stack.extend(reversed(o["posts"]))
            elif "_feed_item" in o:
                self.feed_item(o["_feed_item"])  # checks its own shapes; its records are guarded
            elif o.get("notFound") or str(o.get("$type", "")).endswith("#notFoundPost"):
                self.skip("post not found (deleted or never indexed)")
            elif o.get("blocked") or str(o.get("$type", "")).endswith("#blockedPost"):
                self.skip("post blocked (no content in the response)")
            elif isinstance(o.get("post"), dict) and (
                "replies" in o or "parent" in o or "threadViewPost" in str(o.get("$type"))
            ):
                self.guarded(self.post_view, o["post"])
                if isinstance(o.get("parent"), dict):
                    stack.append(o["parent"])
                replies = o.get("replies")
                if isinstance(replies, list):
                    stack.extend(reversed(replies))
            elif isinstance(o.get("post"), dict):
                stack.append({"_feed_item": o})
            elif "author" in o and "record" in o:
                self.guarded(self.post_view, o)
            elif "value" in o and "uri" in o:
                self.guarded(self.bare_record, o)
            elif o.get("$type") == POST:
                self.skip("post record without its URI (no id)")
            else:
                self.skip(_NOT_APPVIEW)

    def feed_item(self, item: Any) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("post"), dict):
            self.skip("feed item without a post")
            return
        post = item["post"]
        self.guarded(self.post_view, post)
        reply = item.get("reply")
        if isinstance(reply, dict):
            for k in ("root", "parent"):
                v = reply.get(k)
                if isinstance(v, dict) and "record" in v:
                    self.guarded(self.post_view, v)
                elif isinstance(v, dict):
                    self.walk(v)
        reason = item.get("reason")
        if isinstance(reason, dict) and str(reason.get("$type", "")).endswith("#reasonRepost"):
            self.guarded(self.repost_reason, reason, post)

    def _author(self, author: Any, uri: str) -> str | None:
        did = author.get("did") if isinstance(author, dict) else None
        h = author.get("handle") if isinstance(author, dict) else None
        if isinstance(h, str) and h and h != "handle.invalid":
            h = normalise_handle(h)
            if isinstance(did, str):
                self.handles.setdefault(did, h)
            return h
        return did if isinstance(did, str) else did_of(uri)

    def post_view(self, pv: dict) -> None:
        self.log.read += 1
        uri = pv.get("uri")
        if not isinstance(uri, str) or not uri.startswith("at://"):
            self.log.skip("post view without an at:// URI")
            return
        author = self._author(pv.get("author"), uri)
        rec = pv.get("record")
        if not isinstance(rec, dict) or rec.get("$type", POST) != POST:
            self.log.skip("not a post record")
            return
        if uri in self.seen:
            self.log.skip("duplicate of a post earlier in the file")
            return
        self.seen.add(uri)
        p = _Post(uri, rec, self.shown)
        if p.kind == "quote":
            self.quoted_view(pv.get("embed"), p.reply_to_id)
        self.rows.add(
            uri,
            author,
            rec.get("createdAt") or pv.get("indexedAt"),
            p.text,
            p.kind,
            reply_to_id=p.reply_to_id,
            reply_to_author=p.parent_did,
            conversation_id=p.conversation_id,
            mentions=p.mentions,
            hashtags=p.hashtags,
            urls=p.urls,
            likes=pv.get("likeCount"),
            reposts=pv.get("repostCount"),
            replies=pv.get("replyCount"),
            lang=p.lang,
            url=_web_url(author, uri),
        )

    def quoted_view(self, embed: Any, uri: str | None) -> None:
        """Learn the quoted author's handle from the resolved embed (``#viewRecord``)."""
        view = embed.get("record") if type(embed) is dict else None
        # a recordWithMedia#view nests it one level deeper: {media, record: {record}}
        if type(view) is dict and "uri" not in view:
            view = view.get("record")
        if type(view) is dict and view.get("uri") == uri:
            self._author(view.get("author"), uri)

    def repost_reason(self, reason: dict, post: dict) -> None:
        self.log.read += 1
        target = post.get("uri")
        by = reason.get("by")
        by_did = by.get("did") if isinstance(by, dict) else None
        if not isinstance(target, str) or not isinstance(by_did, str):
            self.log.skip("repost without its reposter or post")
            return
        rid = reason.get("uri")
        if not isinstance(rid, str) or not rid:
            rid = f"repost:{by_did}:{target}"
            self.synthesised += 1
        if rid in self.seen:
            self.log.skip("duplicate of a post earlier in the file")
            return
        self.seen.add(rid)
        self.rows.add(
            rid,
            self._author(by, rid),
            reason.get("indexedAt") or reason.get("createdAt"),
            "",
            "repost",
            reply_to_id=target,
            reply_to_author=did_of(target),
            conversation_id=rid,
        )

    def bare_record(self, o: dict) -> None:
        self.log.read += 1
        uri, rec = o.get("uri"), o.get("value")
        if not isinstance(rec, dict):
            self.log.skip("record without a value")
            return
        rtype = rec.get("$type")
        if rtype != POST:
            self.log.skip(f"record is not a post ({rtype})")
            return
        did = did_of(uri)
        if did is None:
            self.log.skip("post record without an at:// URI")
            return
        if uri in self.seen:
            self.log.skip("duplicate of a post earlier in the file")
            return
        self.seen.add(uri)
        self.did_only += 1
        p = _Post(uri, rec, self.shown)
        self.rows.add(
            uri,
            did,
            rec.get("createdAt"),
            p.text,
            p.kind,
            reply_to_id=p.reply_to_id,
            reply_to_author=p.parent_did,
            conversation_id=p.conversation_id,
            mentions=p.mentions,
            hashtags=p.hashtags,
            urls=p.urls,
            lang=p.lang,
            url=_web_url(did, uri),
        )


__all__ = [
    "BlueskyApi",
    "BlueskyCar",
    "appview_shape",
    "did_of",
    "quoted_uri",
    "read_car",
    "tid_time",
    "walk_mst",
]
