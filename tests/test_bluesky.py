"""Bluesky: repository exports (CAR) and AppView JSON become canonical rows.

The CAR fixture ``tests/fixtures/bluesky/candidate.repo.car`` is written by
:func:`candidate_repo` below with a real repository layout (commit -> Merkle
Search Tree with layers from key hashes -> DAG-CBOR records), so that its content
reads here as a story. Regenerate it with ``python -m tests.test_bluesky``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import warnings
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import libipld
import polars as pl
import pytest

import toolkit
from toolkit.errors import InputError
from toolkit.sources.bluesky import did_of, read_car, tid_time, walk_mst

from .conftest import FIXTURES

CAR_FIXTURE = FIXTURES / "bluesky" / "candidate.repo.car"
API = FIXTURES / "bluesky-api"

ALICE = "did:plc:q6gjnaw2blty4crticxkmujt"
BOB = "did:plc:44ybard66vv44zksje25o7dz"
CAROL = "did:plc:vpkhqolt662uhesyj6nxm7ys"


# ----------------------------------------------------------------------------- writing CARs

_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def tid(when: str, clock: int = 7) -> str:
    """A record key (TID) for an ISO time: 53 bits of microseconds, 10 bits of clock id."""
    micros = int(datetime.fromisoformat(when).timestamp() * 1_000_000)
    n = (micros << 10) | clock
    out = ""
    for _ in range(13):
        out = _TID_ALPHABET[n & 31] + out
        n >>= 5
    return out


def cid(block: bytes) -> bytes:
    """CIDv1, dag-cbor, sha2-256: the raw bytes libipld uses for links."""
    return b"\x01\x71\x12\x20" + hashlib.sha256(block).digest()


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _layer(key: bytes) -> int:
    """MST layer of a key: leading zero bit pairs of its SHA-256 (fanout 4), as the spec says."""
    digest = hashlib.sha256(key).digest()
    zeros = 0
    for byte in digest:
        for shift in (6, 4, 2, 0):
            if (byte >> shift) & 3:
                return zeros
            zeros += 1
    return zeros


def _mst(
    keys: list[bytes], values: dict[bytes, bytes], layer: int, blocks: list[tuple[bytes, bytes]]
) -> bytes | None:
    """Build the node for ``keys`` at ``layer``; returns its CID (blocks appended)."""
    if not keys:
        return None
    here = [k for k in keys if _layer(k) == layer]
    if not here:
        node = {"e": [], "l": _mst(keys, values, layer - 1, blocks)}
    else:
        segments: list[list[bytes]] = [[]]
        for k in keys:
            if _layer(k) == layer:
                segments.append([])
            else:
                segments[-1].append(k)
        entries = []
        prev = b""
        for k, right in zip(here, segments[1:], strict=True):
            p = 0
            while p < min(len(prev), len(k)) and prev[p] == k[p]:
                p += 1
            entries.append(
                {"k": k[p:], "p": p, "t": _mst(right, values, layer - 1, blocks), "v": values[k]}
            )
            prev = k
        node = {"e": entries, "l": _mst(segments[0], values, layer - 1, blocks)}
    data = libipld.encode_dag_cbor(node)
    blocks.append((cid(data), data))
    return cid(data)


def write_car(
    did: str, records: dict[str, dict], *, rev: str | None = None, drop: set[str] = frozenset()
) -> bytes:
    """A CAR v1 repository export: commit, MST and record blocks (``drop`` leaves record blocks out)."""
    blocks: list[tuple[bytes, bytes]] = []
    values: dict[bytes, bytes] = {}
    for key, rec in records.items():
        data = libipld.encode_dag_cbor(rec)
        values[key.encode()] = cid(data)
        if key not in drop:
            blocks.append((cid(data), data))
    keys = sorted(values)
    top = max(_layer(k) for k in keys)
    root = _mst(keys, values, top, blocks)
    commit = {"did": did, "version": 3, "data": root, "prev": None, "sig": bytes(64)}
    if rev:
        commit["rev"] = rev
    commit_data = libipld.encode_dag_cbor(commit)
    blocks.insert(0, (cid(commit_data), commit_data))
    header = libipld.encode_dag_cbor({"version": 1, "roots": [cid(commit_data)]})
    out = bytearray(_varint(len(header)) + header)
    for c, data in blocks:
        out += _varint(len(c) + len(data)) + c + data
    return bytes(out)


def post(text: str, created: str, **fields) -> dict:
    return {"$type": "app.bsky.feed.post", "text": text, "createdAt": created, **fields}


def ref(uri: str) -> dict:
    return {"uri": uri, "cid": "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm"}


def facet(text: str, span: str, feature: dict) -> dict:
    """A facet over the first occurrence of ``span``, with UTF-8 *byte* offsets."""
    start = text.encode().index(span.encode())
    return {
        "index": {"byteStart": start, "byteEnd": start + len(span.encode())},
        "features": [feature],
    }


P1_TEXT = "Town hall tonight 🎉 @bob.example.com #townhall town.example/hall"


def candidate_records() -> dict[str, dict]:
    """Alice's repository: a root post, a self-thread, a reply to Bob, a quote, a link card, reposts."""
    p1 = f"app.bsky.feed.post/{tid('2024-03-01T18:00:00+00:00')}"
    bob_post = f"at://{BOB}/app.bsky.feed.post/{tid('2024-03-02T08:00:00+00:00', 1)}"
    bob_root = f"at://{BOB}/app.bsky.feed.post/{tid('2024-03-02T07:00:00+00:00', 1)}"
    p1_uri = f"at://{ALICE}/{p1}"
    return {
        p1: post(
            P1_TEXT,
            "2024-03-01T18:00:00.000Z",
            langs=["en"],
            facets=[
                facet(
                    P1_TEXT,
                    "@bob.example.com",
                    {"$type": "app.bsky.richtext.facet#mention", "did": BOB},
                ),
                facet(
                    P1_TEXT,
                    "#townhall",
                    {"$type": "app.bsky.richtext.facet#tag", "tag": "townhall"},
                ),
                facet(
                    P1_TEXT,
                    "town.example/hall",
                    {"$type": "app.bsky.richtext.facet#link", "uri": "https://town.example/hall"},
                ),
            ],
        ),
        f"app.bsky.feed.post/{tid('2024-03-01T18:02:00+00:00')}": post(
            "Doors open at 6:30.",
            "2024-03-01T10:02:00-08:00",
            langs=["en"],
            reply={"root": ref(p1_uri), "parent": ref(p1_uri)},
        ),
        f"app.bsky.feed.post/{tid('2024-03-02T09:15:00+00:00')}": post(
            "Thanks, see you there!",
            "2024-03-02T09:15:00.123456+00:00",
            reply={"root": ref(bob_root), "parent": ref(bob_post)},
        ),
        f"app.bsky.feed.post/{tid('2024-03-03T12:00:00+00:00')}": post(
            "Worth reading @carol.example.org",
            "2024-03-03T12:00:00Z",
            entities=[{"type": "mention", "index": {"start": 14, "end": 32}, "value": CAROL}],
            embed={
                "$type": "app.bsky.embed.record",
                "record": ref(
                    f"at://{CAROL}/app.bsky.feed.post/{tid('2024-03-03T11:00:00+00:00', 2)}"
                ),
            },
        ),
        f"app.bsky.feed.post/{tid('2024-03-04T08:30:00+00:00')}": post(
            "Our roads plan",
            "2024-03-04T08:30:00.5Z",
            tags=["Roads"],
            embed={
                "$type": "app.bsky.embed.external",
                "external": {
                    "uri": "https://casey.example/roads",
                    "title": "Roads",
                    "description": "",
                },
            },
        ),
        f"app.bsky.feed.repost/{tid('2024-03-02T10:00:00+00:00')}": {
            "$type": "app.bsky.feed.repost",
            "subject": ref(bob_post),
            "createdAt": "2024-03-02T10:00:00.000Z",
        },
        f"app.bsky.feed.repost/{tid('2024-03-03T08:00:00+00:00')}": {
            "$type": "app.bsky.feed.repost",
            "subject": ref(p1_uri),
            "createdAt": "2024-03-03T08:00:00.000Z",
        },
        f"app.bsky.feed.like/{tid('2024-03-02T08:05:00+00:00')}": {
            "$type": "app.bsky.feed.like",
            "subject": ref(bob_post),
            "createdAt": "2024-03-02T08:05:00.000Z",
        },
        f"app.bsky.graph.follow/{tid('2024-02-01T00:00:00+00:00')}": {
            "$type": "app.bsky.graph.follow",
            "subject": BOB,
            "createdAt": "2024-02-01T00:00:00.000Z",
        },
        "app.bsky.actor.profile/self": {
            "$type": "app.bsky.actor.profile",
            "displayName": "Alice Example",
        },
    }


def candidate_repo() -> bytes:
    return write_car(ALICE, candidate_records(), rev=tid("2024-03-05T00:00:00+00:00"))


def load(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return toolkit.load(path, **kw)


def rows_by_text(archive) -> dict[str, dict]:
    return {r["text"] or r["post_id"]: r for r in archive.posts.to_dicts()}


def by_id(archive) -> dict[str, dict]:
    return {r["post_id"]: r for r in archive.posts.to_dicts()}


def log_row(archive, fmt: str) -> dict:
    rows = archive.log.filter(pl.col("format") == fmt).to_dicts()
    assert len(rows) == 1, archive.log
    return rows[0]


def skipped(log: dict) -> dict[str, int]:
    return {s["reason"]: s["count"] for s in log["skipped"]}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def at(did: str, key: str) -> str:
    return f"at://{did}/{key}"


def test_docstring_examples_run():
    import doctest

    import toolkit.sources.bluesky as bluesky

    assert doctest.testmod(bluesky, raise_on_error=False).failed == 0


# ----------------------------------------------------------------------------- the CAR writer


def test_the_committed_car_fixture_is_what_the_writer_produces():
    assert CAR_FIXTURE.read_bytes() == candidate_repo()


def test_the_fixture_is_a_real_repository_layout_with_a_layered_tree():
    header, blocks, problems = read_car(CAR_FIXTURE.read_bytes(), "x")
    commit = blocks[header["roots"][0]]
    assert commit["did"] == ALICE and commit["version"] == 3
    nodes = [b for b in blocks.values() if isinstance(b, dict) and "e" in b]
    assert len(nodes) > 1 and any(n["l"] or any(e["t"] for e in n["e"]) for n in nodes)
    entries, missing = walk_mst(blocks, commit["data"])
    assert missing == 0 and not problems
    assert sorted(k for k, _ in entries) == sorted(candidate_records())


# ----------------------------------------------------------------------------- CAR rows

P1 = f"app.bsky.feed.post/{tid('2024-03-01T18:00:00+00:00')}"
P2 = f"app.bsky.feed.post/{tid('2024-03-01T18:02:00+00:00')}"
P3 = f"app.bsky.feed.post/{tid('2024-03-02T09:15:00+00:00')}"
P4 = f"app.bsky.feed.post/{tid('2024-03-03T12:00:00+00:00')}"
P5 = f"app.bsky.feed.post/{tid('2024-03-04T08:30:00+00:00')}"
R1 = f"app.bsky.feed.repost/{tid('2024-03-02T10:00:00+00:00')}"
R2 = f"app.bsky.feed.repost/{tid('2024-03-03T08:00:00+00:00')}"
BOB_POST = f"at://{BOB}/app.bsky.feed.post/{tid('2024-03-02T08:00:00+00:00', 1)}"
BOB_ROOT = f"at://{BOB}/app.bsky.feed.post/{tid('2024-03-02T07:00:00+00:00', 1)}"


def test_the_candidates_repository_becomes_posts_replies_quotes_and_reposts():
    archive = load(CAR_FIXTURE, accounts_file=FIXTURES / "bluesky" / "accounts.toml")
    rows = by_id(archive)
    expected = {
        # key: kind, created_at, reply_to_id, reply_to_author, conversation_id
        P1: ("post", utc(2024, 3, 1, 18, 0), None, None, at(ALICE, P1)),
        P2: ("reply", utc(2024, 3, 1, 18, 2), at(ALICE, P1), "alice.example.com", at(ALICE, P1)),
        P3: ("reply", utc(2024, 3, 2, 9, 15, 0, 123456), BOB_POST, "bob.example.com", BOB_ROOT),
        P4: ("quote", utc(2024, 3, 3, 12, 0), CAROL_POST, "carol.example.org", at(ALICE, P4)),
        P5: ("post", utc(2024, 3, 4, 8, 30, 0, 500000), None, None, at(ALICE, P5)),
        R1: ("repost", utc(2024, 3, 2, 10, 0), BOB_POST, "bob.example.com", at(ALICE, R1)),
        R2: ("repost", utc(2024, 3, 3, 8, 0), at(ALICE, P1), "alice.example.com", at(ALICE, R2)),
    }
    assert set(rows) == {at(ALICE, k) for k in expected}
    for key, (kind, when, parent, parent_author, conv) in expected.items():
        r = rows[at(ALICE, key)]
        assert (r["kind"], r["created_at"], r["reply_to_id"], r["reply_to_author"]) == (
            kind,
            when,
            parent,
            parent_author,
        ), key
        assert r["conversation_id"] == conv, key
        assert (r["account"], r["author"], r["platform"]) == (
            "alice.example.com",
            "alice.example.com",
            "bluesky",
        )
        assert (r["likes"], r["reposts"], r["replies"], r["client"]) == (None, None, None, None)
    p1 = rows[at(ALICE, P1)]
    assert (p1["text"], p1["lang"]) == (P1_TEXT, "en")
    assert (p1["mentions"], p1["hashtags"], p1["urls"]) == (
        ["bob.example.com"],
        ["townhall"],
        ["https://town.example/hall"],
    )
    assert p1["url"] == f"https://bsky.app/profile/alice.example.com/post/{P1.split('/')[1]}"
    # legacy `entities` still give the mention; record-level tags and link cards count too
    assert rows[at(ALICE, P4)]["mentions"] == ["carol.example.org"]
    p5 = rows[at(ALICE, P5)]
    assert (p5["hashtags"], p5["urls"]) == (["Roads"], ["https://casey.example/roads"])
    assert (rows[at(ALICE, R1)]["text"], rows[at(ALICE, R1)]["url"]) == ("", None)


def test_facet_offsets_are_utf8_bytes_not_characters():
    f = candidate_records()[P1]["facets"][0]["index"]
    # the emoji before the mention is one character but four bytes
    assert P1_TEXT[f["byteStart"] : f["byteEnd"]] != "@bob.example.com"
    assert P1_TEXT.encode()[f["byteStart"] : f["byteEnd"]].decode() == "@bob.example.com"
    # and that is how Bob's DID gets his handle in mentions, reply targets and reposts
    rows = by_id(load(CAR_FIXTURE, accounts_file=FIXTURES / "bluesky" / "accounts.toml"))
    assert rows[at(ALICE, P1)]["mentions"] == ["bob.example.com"]


def test_likes_follows_and_the_profile_are_noted_not_counted_as_records():
    archive = load(CAR_FIXTURE, accounts_file=FIXTURES / "bluesky" / "accounts.toml")
    log = log_row(archive, "bluesky")
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (7, 7, 0)
    assert (
        "not posts, so not counted as records: 1 app.bsky.actor.profile, 1 app.bsky.feed.like, 1 app.bsky.graph.follow"
        in log["notes"]
    )
    acc = archive.accounts.to_dicts()[0]
    assert (acc["account"], acc["display_name"], acc["group"]) == (
        "alice.example.com",
        "Alice Example",
        "Town Party",
    )
    # the commit's rev (a TID) says when the export was taken
    assert acc["observed_until"] == utc(2024, 3, 5)


def test_the_handle_comes_from_the_did_document_next_to_the_car(tmp_path):
    car = tmp_path / "alice.repo.car"
    shutil.copy(CAR_FIXTURE, car)
    assert set(load(car).posts["author"]) == {ALICE}  # a CAR alone knows only the DID
    doc = {"id": ALICE, "alsoKnownAs": ["at://Alice.Example.com"], "service": []}
    (tmp_path / "alice.didDoc.json").write_text(json.dumps(doc))
    archive = load(car)
    assert set(archive.posts["author"]) == {"alice.example.com"}
    assert (
        "handle 'alice.example.com' for did:plc:q6gjnaw2blty4crticxkmujt taken from alice.didDoc.json"
        in (log_row(archive, "bluesky")["notes"])
    )
    # loading the folder reads both; the DID document is logged, not mistaken for posts
    folder = load(tmp_path)
    assert folder.posts.height == 7
    assert sorted(folder.log["format"]) == ["bluesky", "bluesky (DID document)"]


def test_a_did_document_of_another_account_is_not_used(tmp_path):
    car = tmp_path / "alice.car"
    shutil.copy(CAR_FIXTURE, car)
    (tmp_path / "alice.didDoc.json").write_text(
        json.dumps({"id": BOB, "alsoKnownAs": ["at://bob.example.com"]})
    )
    archive = load(car)
    assert set(archive.posts["author"]) == {ALICE}
    notes = log_row(archive, "bluesky")["notes"]
    assert any(
        "describes 'did:plc:44ybard66vv44zksje25o7dz', not this repository's" in n for n in notes
    )
    assert any(n.startswith(f"the handle of {ALICE} is unknown") for n in notes)


def test_a_repository_without_posts_loads_with_zero_rows_and_says_why(tmp_path):
    follows = {
        f"app.bsky.graph.follow/{tid('2024-02-01T00:00:00+00:00', n)}": {
            "$type": "app.bsky.graph.follow",
            "subject": BOB,
            "createdAt": "2024-02-01T00:00:00.000Z",
        }
        for n in range(3)
    }
    path = tmp_path / "quiet.car"
    path.write_bytes(write_car(ALICE, follows))
    archive = load(path)
    assert archive.posts.height == 0
    log = log_row(archive, "bluesky")
    assert (log["records_read"], log["rows_skipped"]) == (0, 0)
    assert "not posts, so not counted as records: 3 app.bsky.graph.follow" in log["notes"]
    assert "no posts or reposts in this repository: it loads with zero rows" in log["notes"]


def test_a_partial_repository_loads_what_is_present(tmp_path):
    records = candidate_records()
    path = tmp_path / "partial.car"
    path.write_bytes(write_car(ALICE, records, drop={P2, R2}))  # two record blocks left out
    archive = load(path)
    assert set(archive.posts["post_id"]) == {at(ALICE, k) for k in (P1, P3, P4, P5, R1)}
    log = log_row(archive, "bluesky")
    assert (log["records_read"], log["rows_kept"]) == (7, 5)
    assert skipped(log) == {"record block not in the file (partial repository)": 2}


def test_a_missing_tree_node_hides_its_keys_but_not_its_records(tmp_path):
    header, blocks, _ = read_car(CAR_FIXTURE.read_bytes(), "x")
    commit = blocks[header["roots"][0]]
    full, _ = walk_mst(blocks, commit["data"])
    # drop the first non-root tree node that holds a post or repost entry
    node_cid = next(
        c
        for c, b in blocks.items()
        if isinstance(b, dict)
        and "e" in b
        and c != commit["data"]
        and any(e["k"] and (b"feed.post" in e["k"] or b"feed.repost" in e["k"]) for e in b["e"])
    )
    kept_blocks = {c: b for c, b in blocks.items() if c != node_cid}
    partial, missing = walk_mst(kept_blocks, commit["data"])
    assert missing == 1
    hidden = [
        k
        for k, _ in full
        if k not in dict(partial) and k.startswith(("app.bsky.feed.post/", "app.bsky.feed.repost/"))
    ]
    assert hidden
    path = tmp_path / "slice.car"
    path.write_bytes(_car_from_blocks(header["roots"][0], kept_blocks))
    archive = load(path)
    log = log_row(archive, "bluesky")
    assert archive.posts.height == 7 - len(hidden)
    assert log["records_read"] == 7
    assert skipped(log) == {
        "record not reachable from the repository tree (its key is unknown)": len(hidden)
    }
    assert any(
        n.startswith("partial repository: 1 tree node(s) are not in the file") for n in log["notes"]
    )


def _car_from_blocks(root: bytes, blocks: dict[bytes, object]) -> bytes:
    header = libipld.encode_dag_cbor({"version": 1, "roots": [root]})
    out = bytearray(_varint(len(header)) + header)
    for c, b in blocks.items():
        data = libipld.encode_dag_cbor(b)
        assert cid(data) == c  # DAG-CBOR is canonical: re-encoding gives the same block
        out += _varint(len(c) + len(data)) + c + data
    return bytes(out)


def test_a_truncated_car_is_an_input_error_naming_the_file(tmp_path):
    data = CAR_FIXTURE.read_bytes()
    path = tmp_path / "alice.repo.car"
    path.write_bytes(data[: len(data) - 100])
    with pytest.raises(
        InputError, match=r"alice\.repo\.car: the CAR file ends inside a block .*truncated"
    ):
        load(path)


def test_a_file_that_is_not_a_car_is_an_input_error(tmp_path):
    path = tmp_path / "export.car"
    path.write_text("<html>Rate limit exceeded</html>")
    with pytest.raises(InputError, match=r"export\.car: not a CAR file"):
        load(path)


def test_a_car_cut_before_its_commit_is_an_input_error(tmp_path):
    data = CAR_FIXTURE.read_bytes()
    n = data[0] + 1  # one-byte varint + header
    path = tmp_path / "cut.car"
    path.write_bytes(data[:n])
    with pytest.raises(
        InputError, match=r"cut\.car: the root block \(the repository commit\) is not in the file"
    ):
        load(path)


def test_cars_are_detected_by_content_too(tmp_path):
    from toolkit.sources import Input, detect

    path = tmp_path / "repo.bin"
    shutil.copy(CAR_FIXTURE, path)
    assert detect(Input(path)).name == "bluesky"


def test_json_that_names_roots_and_a_version_is_not_a_car(tmp_path):
    from toolkit.sources import REGISTRY, Input

    # "{" is also a one-byte varint (123): the words alone within that length are not a header
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"version": 1, "roots": ["src"], "about": "at://did:plc:abc"}))
    assert not REGISTRY["bluesky"].detect(Input(path))
    assert REGISTRY["bluesky"].detect(Input(CAR_FIXTURE))


def test_tid_time_and_did_of():
    assert tid_time(tid("2024-03-05T00:00:00+00:00")) == utc(2024, 3, 5)
    assert tid_time("self") is None
    assert did_of("https://bsky.app/profile/x") is None


# ----------------------------------------------------------------------------- AppView JSON

A1 = f"at://{ALICE}/app.bsky.feed.post/3kmnomjue222b"
B1 = f"at://{BOB}/app.bsky.feed.post/3kmrbob000001"
A2 = f"at://{ALICE}/app.bsky.feed.post/3kmralice0002"
C1 = f"at://{CAROL}/app.bsky.feed.post/3kmrcarol0001"
DAVE = "did:plc:z72i7hdynmk6r22z27h6tvur"


def test_a_post_thread_gives_every_reply_and_counts_the_missing_ones():
    archive = load(API / "thread_with_replies.json", accounts_file=API / "accounts.toml")
    rows = by_id(archive)
    expected = {
        # uri: author, kind, reply_to_id, reply_to_author, (likes, reposts, replies), created_at
        A1: ("alice.example.com", "post", None, None, (4, 1, 3), utc(2024, 3, 6, 17, 0)),
        B1: (
            "bob.example.com",
            "reply",
            A1,
            "alice.example.com",
            (1, 0, 1),
            utc(2024, 3, 6, 17, 20),
        ),
        A2: (
            "alice.example.com",
            "reply",
            B1,
            "bob.example.com",
            (2, 0, 0),
            utc(2024, 3, 6, 18, 5, 30),
        ),
        C1: (
            "carol.example.org",
            "reply",
            A1,
            "alice.example.com",
            (0, 0, 0),
            utc(2024, 3, 7, 0, 0),
        ),
    }
    assert set(rows) == set(expected)
    for uri, (author, kind, parent, parent_author, counts, when) in expected.items():
        r = rows[uri]
        assert (r["author"], r["kind"], r["reply_to_id"], r["reply_to_author"]) == (
            author,
            kind,
            parent,
            parent_author,
        )
        assert ((r["likes"], r["reposts"], r["replies"]), r["created_at"]) == (counts, when), uri
        assert (r["conversation_id"], r["account"], r["lang"]) == (A1, "alice.example.com", "en")
    assert rows[C1]["text"] == "Café idea for @alice.example.com: more benches"
    assert rows[C1]["mentions"] == ["alice.example.com"]
    assert rows[C1]["url"] == "https://bsky.app/profile/carol.example.org/post/3kmrcarol0001"
    log = log_row(archive, "bluesky-api")
    assert (log["records_read"], log["rows_kept"]) == (6, 4)
    assert skipped(log) == {
        "post not found (deleted or never indexed)": 1,
        "post blocked (no content in the response)": 1,
    }


def test_an_author_feed_gives_posts_their_reply_context_and_reposts():
    archive = load(API / "author_feed_page.json", accounts_file=API / "accounts.toml")
    rows = by_id(archive)
    repost = f"at://{ALICE}/app.bsky.feed.repost/3kmsrepost001"
    old_repost = f"repost:{ALICE}:at://{DAVE}/app.bsky.feed.post/3kmqdave00002"
    assert set(rows) == {
        f"at://{ALICE}/app.bsky.feed.post/3kmsalice0003",
        A2,
        A1,  # the reply's root, carried in the feed item
        B1,  # and its parent
        repost,
        old_repost,
        f"at://{ALICE}/app.bsky.feed.post/3kmaalice0004",  # the pinned post
    }
    r = rows[repost]
    assert (r["author"], r["kind"], r["text"], r["created_at"]) == (
        "alice.example.com",
        "repost",
        "",
        utc(2024, 3, 7, 8),
    )
    assert (r["reply_to_id"], r["reply_to_author"], r["conversation_id"]) == (
        f"at://{DAVE}/app.bsky.feed.post/3kmrdave00001",
        "dave.example.net",
        repost,
    )
    assert rows[old_repost]["created_at"] == utc(2024, 3, 5, 8)
    assert rows[f"at://{ALICE}/app.bsky.feed.post/3kmsalice0003"]["urls"] == [
        "https://town.example/budget"
    ]
    log = log_row(archive, "bluesky-api")
    # 5 feed posts + root and parent of the reply + 2 repost reasons; Dave's own posts are not Alice's
    assert (log["records_read"], log["rows_kept"]) == (9, 7)
    assert skipped(log) == {"not in a conversation with a studied account": 2}
    assert any(n.startswith("1 repost(s) came without their own record URI") for n in log["notes"])


def test_malformed_records_are_skipped_and_counted(tmp_path):
    thread = json.loads((API / "thread_with_replies.json").read_text())
    thread["thread"]["replies"][1]["post"]["record"]["facets"] = 7  # Carol's reply, damaged
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(thread))
    archive = load(path, accounts_file=API / "accounts.toml")
    assert C1 not in by_id(archive) and archive.posts.height == 3
    log = log_row(archive, "bluesky-api")
    assert log["records_read"] == 6
    assert skipped(log)["malformed post view or record (fields of unexpected types)"] == 1

    records = candidate_records()
    records[P2]["facets"] = "not a list"
    car = tmp_path / "damaged.car"
    car.write_bytes(write_car(ALICE, records))
    log = log_row(load(car), "bluesky")
    assert (log["records_read"], log["rows_kept"]) == (7, 6)
    assert skipped(log) == {"malformed record (fields of unexpected types)": 1}


def test_invalid_appview_json_is_an_input_error(tmp_path):
    path = tmp_path / "thread.json"
    path.write_bytes((API / "thread_with_replies.json").read_bytes()[:500])
    with pytest.raises(InputError, match=r"thread\.json: not valid JSON"):
        load(path)


def test_a_did_document_alone_is_not_an_appview_file(tmp_path):
    from toolkit.sources import Input, detect

    path = tmp_path / "someone.didDoc.json"
    path.write_text(json.dumps({"id": ALICE, "alsoKnownAs": ["at://alice.example.com"]}))
    assert detect(Input(path)) is None


# ----------------------------------------------------------------------------- quotes and embeds

FEED_GEN = f"at://{DAVE}/app.bsky.feed.generator/town-news"
LIST = f"at://{ALICE}/app.bsky.graph.list/3kmlist000001"
STARTER_PACK = f"at://{ALICE}/app.bsky.graph.starterpack/3kmpack000001"
CAROL_POST = f"at://{CAROL}/app.bsky.feed.post/{tid('2024-03-03T11:00:00+00:00', 2)}"


def record_embed(uri: str) -> dict:
    return {"$type": "app.bsky.embed.record", "record": ref(uri)}


def record_with_media_embed(uri: str) -> dict:
    return {
        "$type": "app.bsky.embed.recordWithMedia",
        "media": {"$type": "app.bsky.embed.images", "images": []},
        "record": {"$type": "app.bsky.embed.record", "record": ref(uri)},
    }


def posts_that_embed_records() -> dict[str, dict]:
    """Alice quotes posts, and shares a feed, a list and a starter pack (which are not quotes)."""

    def key(when: str) -> str:
        return f"app.bsky.feed.post/{tid(when)}"

    own = at(ALICE, key("2024-03-01T18:00:00+00:00"))
    return {
        key("2024-03-01T18:00:00+00:00"): post("Town hall tonight", "2024-03-01T18:00:00Z"),
        key("2024-03-02T09:00:00+00:00"): post(
            "Carol is right", "2024-03-02T09:00:00Z", embed=record_embed(CAROL_POST)
        ),
        key("2024-03-02T10:00:00+00:00"): post(
            "Photos from Bob's walk",
            "2024-03-02T10:00:00Z",
            embed=record_with_media_embed(BOB_POST),
        ),
        key("2024-03-02T11:00:00+00:00"): post(
            "Reminder: tonight!", "2024-03-02T11:00:00Z", embed=record_embed(own)
        ),
        key("2024-03-02T12:00:00+00:00"): post(
            "Follow this feed", "2024-03-02T12:00:00Z", embed=record_embed(FEED_GEN)
        ),
        key("2024-03-02T13:00:00+00:00"): post(
            "My list of local reporters", "2024-03-02T13:00:00Z", embed=record_embed(LIST)
        ),
        key("2024-03-02T14:00:00+00:00"): post(
            "Join my starter pack",
            "2024-03-02T14:00:00Z",
            embed=record_with_media_embed(STARTER_PACK),
        ),
        key("2024-03-02T15:00:00+00:00"): post(
            "Agreed, and see Carol's post",
            "2024-03-02T15:00:00Z",
            reply={"root": ref(BOB_ROOT), "parent": ref(BOB_POST)},
            embed=record_embed(CAROL_POST),
        ),
    }


def test_only_an_embedded_post_makes_a_quote(tmp_path):
    path = tmp_path / "alice.car"
    path.write_bytes(write_car(ALICE, posts_that_embed_records()))
    archive = load(path, accounts_file=FIXTURES / "bluesky" / "accounts.toml")
    kinds = {r["text"]: r["kind"] for r in archive.posts.to_dicts()}
    assert kinds == {
        "Town hall tonight": "post",
        "Carol is right": "quote",
        "Photos from Bob's walk": "quote",
        "Reminder: tonight!": "quote",
        # a feed generator, a list and a starter pack are records, not posts
        "Follow this feed": "post",
        "My list of local reporters": "post",
        "Join my starter pack": "post",
        # a reply that also quotes is a reply
        "Agreed, and see Carol's post": "reply",
    }


def test_a_quote_names_the_post_it_quotes_and_its_author(tmp_path):
    path = tmp_path / "alice.car"
    path.write_bytes(write_car(ALICE, posts_that_embed_records()))
    archive = load(path, accounts_file=FIXTURES / "bluesky" / "accounts.toml")
    rows = rows_by_text(archive)
    own = at(ALICE, f"app.bsky.feed.post/{tid('2024-03-01T18:00:00+00:00')}")

    def target(text: str) -> tuple:
        r = rows[text]
        return r["reply_to_id"], r["reply_to_author"], r["conversation_id"] == r["post_id"]

    # the quoted author is the DID of the quoted URI, shown as a handle when the file tells it
    assert target("Carol is right") == (CAROL_POST, CAROL, True)
    assert target("Photos from Bob's walk") == (BOB_POST, BOB, True)
    assert target("Reminder: tonight!") == (own, "alice.example.com", True)
    assert target("Follow this feed") == (None, None, True)
    assert target("Join my starter pack") == (None, None, True)
    # a reply that also quotes names its parent, as every reply does
    assert target("Agreed, and see Carol's post") == (BOB_POST, BOB, False)


DAVE_POST = f"at://{DAVE}/app.bsky.feed.post/3kmrdave00009"


def author_view(did: str, handle: str) -> dict:
    return {"did": did, "handle": handle, "displayName": handle.split(".")[0].title()}


def post_view(uri: str, did: str, handle: str, record: dict, embed: dict | None = None) -> dict:
    pv = {
        "uri": uri,
        "cid": "bafyreigb666sdjyyaczcahxmf5tzh7dec6bwr3nhdab7llebn7vhsxzgr4",
        "author": author_view(did, handle),
        "record": record,
        "replyCount": 0,
        "repostCount": 0,
        "likeCount": 1,
        "quoteCount": 0,
        "indexedAt": record["createdAt"],
        "labels": [],
    }
    if embed is not None:
        pv["embed"] = embed
    return pv


def view_of_quoted(uri: str, did: str, handle: str, text: str) -> dict:
    """The resolved ``#viewRecord`` of a quoted post (it carries the quoted author's handle)."""
    return {
        "$type": "app.bsky.embed.record#viewRecord",
        "uri": uri,
        "cid": "bafyreier7l7l33k23invvoeth2ed2hkwlxlv3igbhp3536hmmeouob7mzi",
        "author": author_view(did, handle),
        "value": post(text, "2024-03-05T08:00:00.000Z"),
        "indexedAt": "2024-03-05T08:00:00.000Z",
    }


def search_results_quoting_alice() -> dict:
    """A searchPosts page: Carol quotes Alice; Alice quotes Dave (with a photo) and shares a feed."""
    return {
        "hitsTotal": 3,
        "posts": [
            post_view(
                f"at://{CAROL}/app.bsky.feed.post/3kmrcarol0009",
                CAROL,
                "carol.example.org",
                post("This, exactly", "2024-03-06T18:00:00.000Z", embed=record_embed(A1)),
                {
                    "$type": "app.bsky.embed.record#view",
                    "record": view_of_quoted(A1, ALICE, "alice.example.com", "Town hall"),
                },
            ),
            post_view(
                f"at://{ALICE}/app.bsky.feed.post/3kmralice0009",
                ALICE,
                "alice.example.com",
                post(
                    "Dave's photos of the bridge",
                    "2024-03-06T19:00:00.000Z",
                    embed=record_with_media_embed(DAVE_POST),
                ),
                {
                    "$type": "app.bsky.embed.recordWithMedia#view",
                    "media": {"$type": "app.bsky.embed.images#view", "images": []},
                    "record": {
                        "record": view_of_quoted(DAVE_POST, DAVE, "dave.example.net", "Bridge")
                    },
                },
            ),
            post_view(
                f"at://{ALICE}/app.bsky.feed.post/3kmralice0010",
                ALICE,
                "alice.example.com",
                post("Our feed", "2024-03-06T20:00:00.000Z", embed=record_embed(FEED_GEN)),
                {
                    "$type": "app.bsky.embed.record#view",
                    "record": {
                        "$type": "app.bsky.feed.defs#generatorView",
                        "uri": FEED_GEN,
                        "creator": author_view(DAVE, "dave.example.net"),
                    },
                },
            ),
        ],
    }


def test_appview_quotes_name_the_quoted_post_and_a_strangers_quote_is_kept(tmp_path):
    path = tmp_path / "searchPosts.json"
    path.write_text(json.dumps(search_results_quoting_alice()))
    archive = load(path, accounts_file=API / "accounts.toml")
    rows = rows_by_text(archive)
    got = {
        text: (r["author"], r["kind"], r["reply_to_id"], r["reply_to_author"], r["account"])
        for text, r in rows.items()
    }
    assert got == {
        # Carol quoting Alice is about Alice's post: attributed to Alice, not dropped
        "This, exactly": (
            "carol.example.org",
            "quote",
            A1,
            "alice.example.com",
            "alice.example.com",
        ),
        # Dave's handle is only in the quoted post's view
        "Dave's photos of the bridge": (
            "alice.example.com",
            "quote",
            DAVE_POST,
            "dave.example.net",
            "alice.example.com",
        ),
        "Our feed": ("alice.example.com", "post", None, None, "alice.example.com"),
    }
    log = log_row(archive, "bluesky-api")
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (3, 3, 0)


# ----------------------------------------------------------------------------- detection


def mastodon_status_mentioning_an_at_uri(folder: Path) -> Path:
    status = {
        "id": "200",
        "created_at": "2023-01-01T10:00:00.123Z",
        "uri": "https://other.example/users/bob/statuses/200",
        "url": "https://other.example/@bob/200",
        "content": '<p>also at <a href="at://did:plc:abc/app.bsky.feed.post/3kabc">'
        "at://did:plc:abc/app.bsky.feed.post/3kabc</a></p>",
        "account": {"id": "2", "acct": "bob@other.example", "url": "https://other.example/@bob"},
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "favourites_count": 1,
        "reblogs_count": 0,
        "replies_count": 0,
    }
    path = folder / "statuses.json"
    path.write_text(json.dumps([status]))
    return path


def mastodon_outbox_with_a_post_about_an_at_uri(folder: Path) -> Path:
    actor = "https://ex.social/users/alice"
    note = {
        "id": f"{actor}/statuses/1",
        "type": "Note",
        "published": "2022-11-08T16:33:11Z",
        "content": "<p>me on Bluesky: at://did:plc:abc/app.bsky.actor.profile/self</p>",
    }
    outbox = {
        "type": "OrderedCollection",
        "orderedItems": [
            {
                "id": f"{actor}/statuses/1/activity",
                "type": "Create",
                "actor": actor,
                "published": "2022-11-08T16:33:11Z",
                "object": note,
            }
        ],
    }
    (folder / "actor.json").write_text(json.dumps({"id": actor, "preferredUsername": "alice"}))
    path = folder / "outbox.json"
    path.write_text(json.dumps(outbox))
    return path


def reddit_dump_with_an_at_uri_in_a_comment(folder: Path) -> Path:
    lines = [
        {
            "id": "k1",
            "author": "bob",
            "body": "moved to at://did:plc:abc",
            "parent_id": "t3_s1",
            "link_id": "t3_s1",
            "created_utc": 1577876400,
            "subreddit": "pol",
        },
        {
            "id": "k2",
            "author": "alice",
            "body": "ok",
            "parent_id": "t1_k1",
            "link_id": "t3_s1",
            "created_utc": 1577876500,
            "subreddit": "pol",
        },
    ]
    path = folder / "RC_2020-01.ndjson"
    path.write_text("".join(json.dumps(o) + "\n" for o in lines))
    return path


OTHERS_MENTIONING_AT_URIS = {
    "mastodon-api": (mastodon_status_mentioning_an_at_uri, {}),
    "mastodon": (mastodon_outbox_with_a_post_about_an_at_uri, {}),
    "reddit-dump": (reddit_dump_with_an_at_uri_in_a_comment, {"reddit_owner": "alice"}),
}


@pytest.mark.parametrize("fmt", sorted(OTHERS_MENTIONING_AT_URIS))
def test_another_platforms_json_that_mentions_an_at_uri_is_not_appview_json(tmp_path, fmt):
    from toolkit.sources import REGISTRY, Input

    make, options = OTHERS_MENTIONING_AT_URIS[fmt]
    path = make(tmp_path)
    assert b"at://did:" in path.read_bytes()
    assert not REGISTRY["bluesky-api"].detect(Input(path))
    assert not REGISTRY["bluesky"].detect(Input(path))
    # so the loader of its own format gets it
    archive = load(path, **options)
    assert archive.posts.height > 0
    assert {f.split(" ")[0] for f in archive.log["format"]} == {fmt}


def test_a_file_with_nothing_bluesky_in_it_is_an_input_error_not_zero_rows(tmp_path):
    from toolkit.sources import REGISTRY, Input, LoadContext

    path = mastodon_status_mentioning_an_at_uri(tmp_path)
    with pytest.raises(InputError, match=r"statuses\.json: no Bluesky post views"):
        REGISTRY["bluesky-api"].load(Input(path), LoadContext())


def feed_page(n: int) -> dict:
    """A getAuthorFeed page of ``n`` of Alice's posts."""
    return {
        "feed": [
            {
                "post": post_view(
                    f"at://{ALICE}/app.bsky.feed.post/3kmsalice{i:04d}",
                    ALICE,
                    "alice.example.com",
                    post(f"Update number {i} " + "x" * 200, "2024-03-08T09:00:00.000Z"),
                )
            }
            for i in range(n)
        ],
        "cursor": "2024-03-08T09:00:00.000Z",
    }


def test_appview_files_are_recognised_by_their_shape(tmp_path):
    from toolkit.sources import REGISTRY, Input

    detect = REGISTRY["bluesky-api"].detect
    page = feed_page(80)
    one = page["feed"][0]["post"]
    shapes = {
        "getAuthorFeed.json": page,  # 57 KB on one line: the head ends mid-file
        "getAuthorFeed-pretty.json": json.dumps(page, indent=2),
        "getPosts.json": {"posts": [one]},
        "post-view.json": one,
        "post-views.json": [one, one],
        "feed-item.json": page["feed"][0],
        "record.json": {"uri": one["uri"], "cid": one["cid"], "value": one["record"]},
        "not-found-thread.json": {
            "thread": {
                "$type": "app.bsky.feed.defs#notFoundPost",
                "uri": one["uri"],
                "notFound": True,
            }
        },
        "pages.jsonl": "\n".join(json.dumps(feed_page(2)) for _ in range(3)) + "\n",
    }
    for name, content in shapes.items():
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else json.dumps(content))
        assert detect(Input(path)), name
    for path in API.glob("*.json"):
        assert detect(Input(path)), path.name
    # JSON that merely mentions Bluesky things is not AppView JSON
    others = {
        "notes.json": {"note": f"see {A1}", "type": "app.bsky.feed.post"},
        "links.json": [{"uri": "https://example.com/x", "text": A1}],
        "uris.json": [A1, B1],
        "empty-feed.json": {"feed": [], "cursor": "x"},
    }
    for name, content in others.items():
        path = tmp_path / name
        path.write_text(json.dumps(content))
        assert not detect(Input(path)), name


def test_json_lines_of_feed_pages_load_like_one_feed(tmp_path):
    path = tmp_path / "alice-feed.jsonl"
    pages = [feed_page(3), feed_page(2)]  # the second page repeats two posts
    path.write_text("".join(json.dumps(p) + "\n" for p in pages) + "{not json\n")
    archive = load(path, accounts_file=API / "accounts.toml")
    assert archive.posts.height == 3
    log = log_row(archive, "bluesky-api")
    assert (log["records_read"], log["rows_kept"]) == (6, 3)
    assert skipped(log) == {
        "duplicate of a post earlier in the file": 2,
        "line is not valid JSON": 1,
    }
    assert "read as JSON lines (one object per line)" in log["notes"]


# ----------------------------------------------------------------------------- real samples


def _sample(shared_samples: Path, folder: str, name: str) -> Path:
    path = shared_samples / folder / name
    if not path.exists():
        pytest.skip(f"real sample not available: {path}")
    return path


@pytest.mark.samples
def test_real_staging_repository_has_101_posts_and_15_reposts(shared_samples):
    archive = load(_sample(shared_samples, "bluesky-car", "paul_staging.repo.car"))
    posts = archive.posts
    kinds = dict(
        posts.group_by("kind").len().with_columns(pl.col("kind").cast(pl.Utf8)).iter_rows()
    )
    # 101 posts: 19 replies, 6 quotes (3 record + 3 recordWithMedia embeds, none a reply), 76 plain
    assert kinds == {"post": 76, "reply": 19, "quote": 6, "repost": 15}
    assert set(posts["author"]) == {"paul.staging.bsky.dev"}
    # every quote names the post it quotes: 4 of Paul's own, one each of two others, whose
    # DIDs get handles from the @handle text of mentions elsewhere in the repository
    quotes = posts.filter(pl.col("kind") == "quote")
    assert quotes["reply_to_id"].str.contains("/app.bsky.feed.post/").all()
    assert Counter(quotes["reply_to_author"]) == {
        "paul.staging.bsky.dev": 4,
        "dholms.dev": 1,
        "staging.divy.zone": 1,
    }
    self_replies = posts.filter(
        (pl.col("kind") == "reply") & (pl.col("reply_to_author") == "paul.staging.bsky.dev")
    )
    assert self_replies.height == 11
    log = log_row(archive, "bluesky")
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (116, 116, 0)
    assert (
        "not posts, so not counted as records: 60 app.bsky.feed.like, 8 app.bsky.graph.follow, 1 app.bsky.actor.profile"
        in log["notes"]
    )
    assert archive.accounts["display_name"].to_list() == ["Paul"]
    legacy = posts.filter(
        pl.col("text") == "okay @staging.divy.zone I think I fixe mention"
    ).to_dicts()[0]
    assert legacy["mentions"] == ["staging.divy.zone"]


@pytest.mark.samples
def test_real_generated_repository_has_replies_to_others(shared_samples):
    archive = load(_sample(shared_samples, "bluesky-car", "fakermaker.repo.car"))
    kinds = dict(
        archive.posts.group_by("kind").len().with_columns(pl.col("kind").cast(pl.Utf8)).iter_rows()
    )
    assert kinds == {"post": 3, "reply": 23, "repost": 15}
    assert set(archive.posts["author"]) == {"ebert9014-89.test"}
    replies = archive.posts.filter(pl.col("kind") == "reply")
    assert replies["reply_to_author"].null_count() == 0
    assert "ebert9014-89.test" not in set(replies["reply_to_author"])
    # every post's createdAt ("...-07:00" offsets) parsed
    assert log_row(archive, "bluesky")["rows_skipped"] == 0


@pytest.mark.samples
def test_real_follows_only_repository_loads_empty(shared_samples):
    archive = load(_sample(shared_samples, "bluesky-car", "greenground.repo.car"))
    assert archive.posts.height == 0
    notes = log_row(archive, "bluesky")["notes"]
    # its DID document describes another DID, so it is not trusted for the handle
    assert any(
        "greenground.didDoc.json describes 'did:plc:wqgdnqlv2mwiio6pfchwtrff'" in n for n in notes
    )
    assert "not posts, so not counted as records: 2 app.bsky.graph.follow" in notes


@pytest.mark.samples
def test_real_repository_slice_loads_the_one_post_it_holds(shared_samples):
    archive = load(_sample(shared_samples, "bluesky-car", "repo_slice.car"))
    rows = archive.posts.to_dicts()
    assert [(r["author"], r["created_at"], r["kind"]) for r in rows] == [
        ("did:plc:6evlgoug7wwijzxhzt2riyic", utc(2023, 3, 14, 2, 48, 20), "post")
    ]
    assert rows[0]["mentions"] == ["ledner9213-c6.test"]  # from the legacy entity's text
    log = log_row(archive, "bluesky")
    assert (log["records_read"], log["rows_kept"]) == (4, 1)
    assert skipped(log) == {"record block not in the file (partial repository)": 3}


@pytest.mark.samples
def test_real_appview_samples(shared_samples):
    thread = load(_sample(shared_samples, "bluesky-api", "thread_view_post_with_embed_media.json"))
    r = thread.posts.to_dicts()
    assert [(x["author"], x["kind"], x["text"], x["likes"], x["created_at"]) for x in r] == [
        ("test.marshal.dev", "quote", "", 0, datetime(2023, 9, 28, 12, 49, 36, 735000, tzinfo=UTC))
    ]
    # a recordWithMedia quote of the author's own post
    assert [(x["reply_to_id"], x["reply_to_author"]) for x in r] == [
        (
            "at://did:plc:kvwvcn5iqfooopmyzvb4qzba/app.bsky.feed.post/3kahesw26il2z",
            "test.marshal.dev",
        )
    ]
    record = load(_sample(shared_samples, "bluesky-api", "post_record.json"))
    r = record.posts.to_dicts()
    assert [(x["author"], x["text"], x["created_at"]) for x in r] == [
        (
            "did:plc:kvwvcn5iqfooopmyzvb4qzba",
            "new text114",
            datetime(2024, 2, 22, 19, 58, 13, 903293, tzinfo=UTC),
        )
    ]
    # a createdAt without an offset is taken as UTC
    naive = load(_sample(shared_samples, "bluesky-api", "extended_post_record.json"))
    assert naive.posts["created_at"].to_list() == [
        datetime(2023, 7, 21, 1, 33, 51, 481951, tzinfo=UTC)
    ]
    generator = load(_sample(shared_samples, "bluesky-api", "feed_record.json"))
    assert generator.posts.height == 0
    assert skipped(log_row(generator, "bluesky-api")) == {
        "record is not a post (app.bsky.feed.generator)": 1
    }


if __name__ == "__main__":
    CAR_FIXTURE.write_bytes(candidate_repo())
    print(f"wrote {CAR_FIXTURE} ({CAR_FIXTURE.stat().st_size} bytes)")
