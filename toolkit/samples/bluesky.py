"""Bluesky: the repository export (CAR v1 of DAG-CBOR blocks), its DID document, AppView thread views.

The CAR holds a signed-commit-shaped root (``did``, ``version`` 3, ``data``,
``rev``, ``prev`` null, ``sig`` bytes), a Merkle Search Tree (nodes
``{l, e: [{p, k, v, t}]}``, key layers from SHA-256 leading zeros, two bits
per layer, as the repository spec defines) and one block per record. CIDs are
CIDv1, dag-cbor, sha2-256. ``getPostThread`` views are JSON as the AppView
returns them (``threadViewPost`` with ``post``, ``replies``).
See ``shared/formats/mastodon-bluesky-blogs-reddit.md`` section 2.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import libipld
import orjson

from toolkit.samples._model import Item, User, iso_z

CID_PREFIX = b"\x01\x71\x12\x20"  # CIDv1, dag-cbor, sha2-256, 32 bytes


def cid_of(block: bytes) -> bytes:
    return CID_PREFIX + hashlib.sha256(block).digest()


def cid_str(cid: bytes) -> str:
    return libipld.encode_cid(cid)


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key_layer(key: bytes) -> int:
    """MST layer of a key: leading zero bits of SHA-256(key), counted in pairs (fanout 4)."""
    h = hashlib.sha256(key).digest()
    zeros = 0
    for byte in h:
        if byte == 0:
            zeros += 8
            continue
        zeros += 8 - byte.bit_length()
        break
    return zeros // 2


class Blocks:
    def __init__(self):
        self.order: list[bytes] = []
        self.data: dict[bytes, bytes] = {}

    def put(self, obj) -> bytes:
        block = libipld.encode_dag_cbor(obj)
        cid = cid_of(block)
        if cid not in self.data:
            self.data[cid] = block
            self.order.append(cid)
        return cid


def build_mst(entries: list[tuple[bytes, bytes]], blocks: Blocks) -> bytes:
    """Store the MST of sorted (key, record cid) pairs; return the root node's CID."""
    layered = [(k, v, key_layer(k)) for k, v in entries]
    top = max((lay for _, _, lay in layered), default=0)

    def node(items: list[tuple[bytes, bytes, int]], layer: int) -> bytes | None:
        if not items:
            return None
        if layer < 0:  # pragma: no cover - layers are non-negative
            raise ValueError("negative MST layer")
        here = [i for i, it in enumerate(items) if it[2] == layer]
        segments, start = [], 0
        for i in here:
            segments.append(items[start:i])
            start = i + 1
        segments.append(items[start:])
        left = node(segments[0], layer - 1) if segments[0] else None
        e, prev = [], b""
        for j, i in enumerate(here):
            k, v, _ = items[i]
            p = 0
            while p < min(len(prev), len(k)) and prev[p] == k[p]:
                p += 1
            sub = node(segments[j + 1], layer - 1) if segments[j + 1] else None
            e.append({"p": p, "k": k[p:], "v": v, "t": sub})
            prev = k
        return blocks.put({"l": left, "e": e})

    root = node(layered, top)
    return root if root is not None else blocks.put({"l": None, "e": []})


def facets(text_segs: tuple) -> tuple[str, list[dict]]:
    out, fac, pos = [], [], 0
    for s in text_segs:
        if isinstance(s, str):
            piece = s
        elif s[0] == "@":
            piece = "@" + s[1].handle
            fac.append(
                {
                    "$type": "app.bsky.richtext.facet",
                    "index": {"byteStart": pos, "byteEnd": pos + len(piece.encode())},
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": s[1].uid}],
                }
            )
        elif s[0] == "#":
            piece = "#" + s[1]
            fac.append(
                {
                    "$type": "app.bsky.richtext.facet",
                    "index": {"byteStart": pos, "byteEnd": pos + len(piece.encode())},
                    "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": s[1]}],
                }
            )
        else:
            piece = s[1]
            fac.append(
                {
                    "$type": "app.bsky.richtext.facet",
                    "index": {"byteStart": pos, "byteEnd": pos + len(piece.encode())},
                    "features": [{"$type": "app.bsky.richtext.facet#link", "uri": s[1]}],
                }
            )
        out.append(piece)
        pos += len(piece.encode())
    return "".join(out), fac


def remote_cid(uri: str) -> str:
    return cid_str(CID_PREFIX + hashlib.sha256(uri.encode()).digest())


class Records:
    """Post records and their CIDs (the same record bytes in the CAR and in the AppView JSON)."""

    def __init__(self):
        self.cids: dict[str, str] = {}
        self.records: dict[str, dict] = {}

    def ref(self, item: Item | None, uri: str | None) -> dict:
        if item is not None:
            return {"uri": item.id, "cid": self.cid(item)}
        return {"uri": uri, "cid": remote_cid(uri)}

    def record(self, it: Item) -> dict:
        if it.id in self.records:
            return self.records[it.id]
        if it.kind == "repost":
            rec = {
                "$type": "app.bsky.feed.repost",
                "subject": self.ref(None, it.repost_of.id),
                "createdAt": iso_z(it.ts),
            }
        else:
            text, fac = facets(it.segs)
            rec = {
                "$type": "app.bsky.feed.post",
                "text": text,
                "createdAt": iso_z(it.ts),
                "langs": [it.lang],
            }
            if fac:
                rec["facets"] = fac
            if it.kind == "reply":
                parent = self.ref(it.parent, None if it.parent is not None else it.parent_id)
                root = (
                    self.ref(it.root, None)
                    if it.root is not None
                    else self.ref(None, it.root_id or parent["uri"])
                )
                rec["reply"] = {"root": root, "parent": parent}
        self.records[it.id] = rec
        return rec

    def cid(self, it: Item) -> str:
        if it.id not in self.cids:
            self.cids[it.id] = cid_str(cid_of(libipld.encode_dag_cbor(self.record(it))))
        return self.cids[it.id]


def write_car(
    path: Path,
    me: User,
    items: list[Item],
    records: Records,
    *,
    likes: list[tuple[int, str, str]],
    follows: list[tuple[int, str, str]],
    rev: str,
) -> Path:
    """The repository CAR (own records) with a valid MST; likes/follows are ``(ts, rkey, subject)``."""
    blocks = Blocks()
    entries: list[tuple[bytes, bytes]] = []
    own = [i for i in items if i.author is me and i.where & 1]
    for it in own:
        coll, rkey = it.id.split("/")[-2:]
        entries.append((f"{coll}/{rkey}".encode(), blocks.put(records.record(it))))
    for ts, rkey, subject in likes:
        rec = {
            "$type": "app.bsky.feed.like",
            "subject": {"uri": subject, "cid": remote_cid(subject)},
            "createdAt": iso_z(ts),
        }
        entries.append((f"app.bsky.feed.like/{rkey}".encode(), blocks.put(rec)))
    for ts, rkey, did in follows:
        rec = {"$type": "app.bsky.graph.follow", "subject": did, "createdAt": iso_z(ts)}
        entries.append((f"app.bsky.graph.follow/{rkey}".encode(), blocks.put(rec)))
    profile = {
        "$type": "app.bsky.actor.profile",
        "displayName": me.name,
        "description": "Recruiting at Kestrel & Lune Analytics, Berlin. I answer every question 🌿",
    }
    entries.append((b"app.bsky.actor.profile/self", blocks.put(profile)))
    entries.sort()
    record_cids = list(blocks.order)
    root = build_mst(entries, blocks)
    is_record = set(record_cids)
    mst_cids = [c for c in blocks.order if c not in is_record]
    sig = b"\x3a" + hashlib.sha512(f"{me.uid}:{rev}".encode()).digest()[:63]
    commit = blocks.put(
        {"did": me.uid, "version": 3, "data": root, "rev": rev, "prev": None, "sig": sig}
    )
    header = libipld.encode_dag_cbor({"version": 1, "roots": [commit]})
    out = bytearray(varint(len(header)) + header)
    for cid in [commit, *reversed(mst_cids), *record_cids]:
        block = blocks.data[cid]
        out += varint(len(cid) + len(block)) + cid + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))
    return path


def write_did_doc(path: Path, me: User) -> Path:
    doc = {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/multikey/v1",
            "https://w3id.org/security/suites/secp256k1-2019/v1",
        ],
        "id": me.uid,
        "alsoKnownAs": [f"at://{me.handle}"],
        "verificationMethod": [
            {
                "id": f"{me.uid}#atproto",
                "type": "Multikey",
                "controller": me.uid,
                "publicKeyMultibase": "zQ3sh" + hashlib.sha256(me.uid.encode()).hexdigest()[:44],
            }
        ],
        "service": [
            {
                "id": "#atproto_pds",
                "type": "AtprotoPersonalDataServer",
                "serviceEndpoint": "https://pds.kestrel-lune.example",
            }
        ],
    }
    path.write_bytes(orjson.dumps(doc))
    return path


def _author(u: User) -> dict:
    return {
        "did": u.uid,
        "handle": u.handle,
        "displayName": u.name,
        "avatar": f"https://cdn.bsky.app/img/avatar/plain/{u.uid}/bafkreiavatar@jpeg",
        "labels": [],
        "createdAt": "2023-04-26T19:05:34.249Z",
    }


def _view(it: Item, records: Records) -> dict:
    return {
        "$type": "app.bsky.feed.defs#threadViewPost",
        "post": {
            "uri": it.id,
            "cid": records.cid(it),
            "author": _author(it.author),
            "record": records.record(it),
            "replyCount": len(it.children),
            "repostCount": it.reposts or 0,
            "likeCount": it.likes or 0,
            "quoteCount": 0,
            "indexedAt": iso_z(it.ts + 1234),
            "labels": [],
        },
        "replies": [_view(c, records) for c in sorted(it.children, key=lambda c: c.ts)],
    }


def write_thread(path: Path, root: Item, records: Records) -> Path:
    view = _view(root, records)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps({"thread": view}, option=orjson.OPT_INDENT_2))
    return path
