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
        P4: ("quote", utc(2024, 3, 3, 12, 0), None, None, at(ALICE, P4)),
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
