"""Mastodon: the account archive and REST API JSON become canonical rows.

Fixtures (``tests/fixtures/``):

- ``mastodon/candidate_archive/``: Casey Candidate's unpacked archive on
  town.example: a post with a link, hashtag and two mentions, a two-step
  self-thread, a reply to Bob elsewhere, boosts of Carol and of Casey's own post,
  a poll, a reply to a Misskey note. ``outbox.json`` has the duplicated
  ``orderedItems`` key of real 2024 exports and a ``totalItems`` that disagrees.
- ``mastodon-api/recorded_thread.json``: recorded API calls (Mastodon.py cassette
  form): Casey's question, its context (a voter replies, Casey answers, a
  neighbour replies, the voter seconds), and an account lookup.
- ``mastodon-api/context_of_a_reply.json``: a bare context whose focal status
  (the voter's reply) is not in the file, so Casey's answer points to a local id.
- ``mastodon-api/home_timeline.json``: a boost, a Buffer-scheduled post with a
  link, and an unrelated post by Bob.
"""

from __future__ import annotations

import doctest
import json
import shutil
import tarfile
import warnings
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

import toolkit
import toolkit.sources.mastodon as mastodon
from toolkit.errors import InputError, UnknownFormatError
from toolkit.sources._io import loads_json

from .conftest import FIXTURES, zip_folder

ARCHIVE = FIXTURES / "mastodon" / "candidate_archive"
API = FIXTURES / "mastodon-api"
API_ACCOUNTS = API / "accounts.toml"
ME = "https://town.example/users/candidate/statuses/"
CASEY = "candidate@town.example"


def load(*paths, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return toolkit.load(*paths, **kw)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def by_id(archive) -> dict[str, dict]:
    return {r["post_id"]: r for r in archive.posts.to_dicts()}


def log_row(archive, fmt: str) -> dict:
    rows = archive.log.filter(pl.col("format") == fmt).to_dicts()
    assert len(rows) == 1, archive.log
    return rows[0]


def skipped(log: dict) -> dict[str, int]:
    return {s["reason"]: s["count"] for s in log["skipped"]}


def test_docstring_examples_run():
    assert doctest.testmod(mastodon, raise_on_error=False).failed == 0


# ----------------------------------------------------------------------------- account archive


def test_the_candidates_archive_becomes_one_row_per_activity():
    archive = load(ARCHIVE)
    rows = by_id(archive)
    expected = {
        # post_id suffix: kind, reply_to_id, reply_to_author, conversation suffix, created_at
        "110000000000000001": ("post", None, None, "110000000000000001", utc(2024, 3, 1, 18, 0)),
        "110000000000000002": (
            "reply",
            ME + "110000000000000001",
            CASEY,
            "110000000000000001",
            utc(2024, 3, 1, 18, 2),
        ),
        "110000000000000003": (
            "reply",
            ME + "110000000000000002",
            CASEY,
            "110000000000000001",
            utc(2024, 3, 1, 18, 3, 30),
        ),
        "110000000000000004": (
            "reply",
            "https://other.example/users/bob/statuses/2000",
            "bob@other.example",
            "110000000000000004",
            utc(2024, 3, 2, 9, 15),
        ),
        "110000000000000005/activity": (
            "repost",
            "https://third.example/@carol/3000",
            "carol@third.example",
            "110000000000000005/activity",
            utc(2024, 3, 2, 10, 0),
        ),
        "110000000000000006/activity": (
            "repost",
            ME + "110000000000000001",
            CASEY,
            "110000000000000006/activity",
            utc(2024, 3, 3, 8, 0),
        ),
        "110000000000000007": ("post", None, None, "110000000000000007", utc(2024, 3, 4, 12, 0)),
        "110000000000000008": (
            "reply",
            "https://misskey.example/notes/9a8b7c",
            None,
            "110000000000000008",
            utc(2024, 3, 5, 8, 0),
        ),
    }
    assert set(rows) == {ME + k for k in expected}
    for suffix, (kind, parent, parent_author, conv, when) in expected.items():
        r = rows[ME + suffix]
        assert (r["kind"], r["reply_to_id"], r["reply_to_author"]) == (
            kind,
            parent,
            parent_author,
        ), suffix
        assert r["conversation_id"] == ME + conv, suffix
        assert r["created_at"] == when, suffix
        assert (r["account"], r["author"], r["platform"]) == (CASEY, CASEY, "mastodon")
        assert (r["likes"], r["reposts"], r["replies"], r["client"]) == (None, None, None, None)
    assert archive.posts["source_file"].unique().to_list() == [str(ARCHIVE / "outbox.json")]


def test_post_html_becomes_text_with_its_link_hashtag_and_mentions():
    first = by_id(load(ARCHIVE))[ME + "110000000000000001"]
    # the link's invisible spans are part of the URL; &amp; is decoded
    assert first["text"] == (
        "Town hall tonight at 7! Details: https://town.example/events/town-hall?day=fri&time=7 #TownHall cc @neighbour @Bob"
    )
    assert first["urls"] == ["https://town.example/events/town-hall?day=fri&time=7"]
    assert first["hashtags"] == ["TownHall"]
    # "@neighbour" is local to the owner's server; "@Bob@other.example" is lower-cased
    assert first["mentions"] == ["neighbour@town.example", "bob@other.example"]
    assert first["lang"] == "en"
    assert first["url"] == "https://town.example/@candidate/110000000000000001"


def test_polls_are_posts_and_boosts_have_no_text():
    rows = by_id(load(ARCHIVE))
    poll = rows[ME + "110000000000000007"]
    assert (poll["kind"], poll["text"], poll["lang"]) == ("post", "Which topic first?", None)
    boost = rows[ME + "110000000000000005/activity"]
    assert (boost["text"], boost["url"], boost["mentions"]) == ("", None, [])


def test_owner_comes_from_actor_json_and_the_log_explains_what_was_left_out():
    archive = load(ARCHIVE)
    acc = archive.accounts.to_dicts()
    assert [(a["account"], a["display_name"]) for a in acc] == [(CASEY, "Casey Candidate")]
    log = log_row(archive, "mastodon")
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (8, 8, 0)
    assert log["notes"] == [
        "totalItems says 12 but the outbox holds 8 activities; totalItems is the account's status count "
        "on the server, not the archive's, so it is ignored",
        "likes.json lists 2 status URI(s) without text or time: not posts, not loaded",
    ]


def test_the_duplicated_ordereditems_key_resolves_to_the_last_list():
    # Mastodon's streaming writer leaves `"orderedItems":[]` before the real list
    assert loads_json(b'{"orderedItems":[],"orderedItems":[{"a":1}]}', "x") == {
        "orderedItems": [{"a": 1}]
    }
    assert b'"orderedItems":[],"orderedItems":[' in (ARCHIVE / "outbox.json").read_bytes()
    assert load(ARCHIVE).posts.height == 8


def test_zip_tar_gz_and_a_rezipped_folder_load_the_same_rows(tmp_path):
    expected = load(ARCHIVE).posts.drop("source_file")
    zipped = zip_folder(
        ARCHIVE, tmp_path / "archive-20240306120000-0123456789abcdef0123456789abcdef.zip"
    )
    tgz = tmp_path / "archive-20230101000000-00000000000000000000000000000000.tar.gz"
    with tarfile.open(tgz, "w:gz") as tf:
        for p in sorted(ARCHIVE.iterdir()):
            tf.add(p, arcname=p.name)
    rezipped = zip_folder(ARCHIVE, tmp_path / "my-backup.zip", prefix="archive-unpacked/")
    for path, member in (
        (zipped, "outbox.json"),
        (tgz, "outbox.json"),
        (rezipped, "archive-unpacked/outbox.json"),
    ):
        archive = load(path)
        assert archive.posts.drop("source_file").equals(expected), path.name
        assert archive.posts["source_file"].unique().to_list() == [f"{path}!{member}"]
    # the export time in the zip's name closes the observation window
    assert load(zipped).accounts["observed_until"].to_list() == [utc(2024, 3, 6, 12, 0)]
    assert load(rezipped).accounts["observed_until"].to_list() == [utc(2024, 3, 5, 8, 0)]


def test_a_folder_that_holds_an_archive_is_searched_not_taken_for_one(tmp_path):
    shutil.copytree(ARCHIVE, tmp_path / "exports" / "casey")
    (tmp_path / "exports" / "notes.txt").write_text("my downloads")
    archive = load(tmp_path / "exports")
    assert archive.posts.height == 8
    assert set(archive.log["format"]) == {"mastodon", "unrecognised"}


def test_a_plain_outbox_file_loads_with_the_actor_next_to_it(tmp_path):
    shutil.copy(ARCHIVE / "outbox.json", tmp_path / "outbox.json")
    alone = load(tmp_path / "outbox.json")
    assert alone.posts.height == 8 and set(alone.posts["account"]) == {CASEY}
    assert any(
        "read from the activities' actor URI" in n for n in log_row(alone, "mastodon")["notes"]
    )
    shutil.copy(ARCHIVE / "actor.json", tmp_path / "actor.json")
    with_actor = load(tmp_path / "outbox.json")
    assert with_actor.accounts["display_name"].to_list() == ["Casey Candidate"]


def _outbox(items: list) -> bytes:
    return json.dumps(
        {"id": "outbox.json", "type": "OrderedCollection", "orderedItems": items}
    ).encode()


def _write_archive(folder: Path, items: list, actor: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "outbox.json").write_bytes(_outbox(items))
    actor = actor or json.loads((ARCHIVE / "actor.json").read_text())
    (folder / "actor.json").write_text(json.dumps(actor))
    return folder


def test_broken_activities_are_skipped_and_counted_not_lost(tmp_path):
    good = json.loads((ARCHIVE / "outbox.json").read_text())["orderedItems"][1]  # the self-reply
    no_time = json.loads(json.dumps(good))
    no_time["object"]["id"] = ME + "99"
    no_time["object"]["published"] = no_time["published"] = "yesterday"
    items = [
        good,
        good,  # the same activity twice
        "https://town.example/users/candidate/statuses/5",  # not an object
        {"type": "Create", "actor": good["actor"], "object": None},
        {"type": "Create", "actor": good["actor"], "object": {"type": "Tombstone", "id": ME + "7"}},
        {"type": "Delete", "actor": good["actor"], "object": ME + "8"},
        no_time,
    ]
    archive = load(_write_archive(tmp_path / "arch", items))
    assert archive.posts["post_id"].to_list() == [ME + "110000000000000002"]
    log = log_row(archive, "mastodon")
    assert log["records_read"] == 7 and log["rows_kept"] == 1 and log["rows_skipped"] == 6
    assert skipped(log) == {
        "duplicate of an activity earlier in the file": 1,
        "activity is not a JSON object": 1,
        "Create activity without an embedded post": 1,
        "Create of a Tombstone object (not a post)": 1,
        "Delete activity (not a post or boost)": 1,
        "created time missing or not a date": 1,
    }


def test_a_zip_that_is_not_a_mastodon_archive_is_unknown_and_named(tmp_path):
    path = tmp_path / "holiday-photos.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("README.txt", "just photos")
        zf.writestr("photos/outbox.json", "{}")  # not at the root: not an archive
    with pytest.raises(UnknownFormatError, match="holiday-photos.zip: not a recognised export"):
        load(path)


def test_a_truncated_outbox_is_an_input_error_naming_the_member(tmp_path):
    path = tmp_path / "archive-20240306120000-ab.zip"
    data = (ARCHIVE / "outbox.json").read_bytes()
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("outbox.json", data[: len(data) // 2])
        zf.writestr("actor.json", (ARCHIVE / "actor.json").read_bytes())
    with pytest.raises(
        InputError, match=r"archive-20240306120000-ab\.zip!outbox\.json: not valid JSON"
    ):
        load(path)


def test_an_outbox_that_is_not_a_collection_is_an_input_error(tmp_path):
    folder = _write_archive(tmp_path / "arch", [])
    (folder / "outbox.json").write_text('{"type": "Person"}')
    with pytest.raises(
        InputError, match=r"outbox\.json: expected an ActivityStreams OrderedCollection"
    ):
        load(folder)


def test_an_archive_with_no_owner_anywhere_is_an_input_error(tmp_path):
    folder = tmp_path / "arch"
    folder.mkdir()
    (folder / "outbox.json").write_bytes(
        _outbox([{"type": "Announce", "object": "https://x.example/@a/1"}])
    )
    with pytest.raises(InputError, match="cannot tell whose archive this is"):
        load(folder)


def test_author_from_uri_reads_the_usual_shapes_only():
    assert (
        mastodon.author_from_uri("https://other.example/users/bob/statuses/1/activity")
        == "bob@other.example"
    )
    assert (
        mastodon.author_from_uri("https://localhost:3000/ap/users/117020565966271181/statuses/1")
        is None
    )
    assert mastodon.author_from_uri("https://pleroma.example/objects/6b1f-2c") is None


# ----------------------------------------------------------------------------- REST API JSON


def test_a_recorded_thread_links_replies_by_uri_and_keeps_counts_and_clients():
    archive = load(API / "recorded_thread.json", accounts_file=API_ACCOUNTS)
    rows = by_id(archive)
    root = ME + "110100000000000001"
    voter1 = "https://elsewhere.example/users/voter/statuses/777"
    answer = ME + "110100000000000003"
    neighbour = "https://town.example/users/neighbour/statuses/110100000000000004"
    voter2 = "https://elsewhere.example/users/voter/statuses/790"
    expected = {
        # post_id: author, kind, reply_to_id, reply_to_author, client, (likes, reposts, replies)
        root: (CASEY, "post", None, None, "Web", (4, 1, 3)),
        voter1: ("voter@elsewhere.example", "reply", root, CASEY, None, (1, 0, 1)),
        answer: (CASEY, "reply", voter1, "voter@elsewhere.example", "Tusky", (2, 0, 1)),
        neighbour: ("neighbour@town.example", "reply", root, CASEY, "Web", (0, 0, 0)),
        voter2: (
            "voter@elsewhere.example",
            "reply",
            neighbour,
            "neighbour@town.example",
            None,
            (0, 0, 0),
        ),
    }
    assert set(rows) == set(expected)
    for pid, (author, kind, parent, parent_author, client, counts) in expected.items():
        r = rows[pid]
        assert (r["author"], r["kind"], r["reply_to_id"], r["reply_to_author"], r["client"]) == (
            author,
            kind,
            parent,
            parent_author,
            client,
        ), pid
        assert (r["likes"], r["reposts"], r["replies"]) == counts, pid
        assert r["conversation_id"] == root and r["account"] == CASEY
    assert rows[root]["text"] == "What should the council fix first? #TownHall"
    assert rows[root]["hashtags"] == ["TownHall"]
    assert rows[voter2]["text"] == "@neighbour @candidate Seconded"
    assert rows[voter2]["mentions"] == ["neighbour@town.example", CASEY]
    assert rows[answer]["created_at"] == utc(2024, 3, 6, 18, 5, 30)
    log = log_row(archive, "mastodon-api")
    assert (log["records_read"], log["rows_kept"]) == (6, 5)
    assert skipped(log) == {
        "API response that is not a status (account, list, relationship, ...)": 1
    }


def test_a_context_without_its_focal_status_keeps_the_local_parent_id():
    archive = load(API / "context_of_a_reply.json", accounts_file=API_ACCOUNTS)
    rows = by_id(archive)
    answer = rows[ME + "110100000000000003"]
    # the voter's reply (the focal status) is not in the file: only its local id is known
    assert answer["reply_to_id"] == "local:town.example:110100000000000002"
    assert (
        answer["reply_to_author"] == "voter@elsewhere.example"
    )  # from the mention with that account id
    assert answer["conversation_id"] == answer["post_id"]  # the highest item we have
    thanks = rows["https://elsewhere.example/users/voter/statuses/781"]
    assert (thanks["reply_to_id"], thanks["conversation_id"]) == (
        answer["post_id"],
        answer["post_id"],
    )
    notes = log_row(archive, "mastodon-api")["notes"]
    assert any(n.startswith("1 reply parent(s) are not in this file") for n in notes)


def test_a_timeline_gives_boosts_scheduled_posts_and_leaves_strangers_out():
    archive = load(API / "home_timeline.json", accounts_file=API_ACCOUNTS)
    rows = by_id(archive)
    boost = rows[ME + "110100000000000010/activity"]
    assert (boost["kind"], boost["text"], boost["reply_to_id"], boost["reply_to_author"]) == (
        "repost",
        "",
        "https://other.example/users/bob/statuses/2000",
        "bob@other.example",
    )
    assert boost["conversation_id"] == boost["post_id"]
    plan = rows[ME + "110100000000000011"]
    assert plan["text"] == "Our plan for roads: https://casey.example/roads?from=masto&v=2 #Roads"
    assert plan["urls"] == ["https://casey.example/roads?from=masto&v=2"]
    assert (plan["client"], plan["likes"], plan["reposts"], plan["replies"]) == ("Buffer", 5, 2, 0)
    assert len(rows) == 2
    log = log_row(archive, "mastodon-api")
    assert skipped(log) == {"not in a conversation with a studied account": 1}


def test_notifications_and_mastodon_archive_tool_files_give_their_statuses(tmp_path):
    recorded = json.loads((API / "recorded_thread.json").read_text())
    root = recorded[0]["response"]
    voter_reply, answer = recorded[1]["response"]["descendants"][:2]
    follow = {
        "id": "9",
        "type": "follow",
        "created_at": "2024-03-06T10:00:00.000Z",
        "account": voter_reply["account"],
    }
    mention = {
        "id": "10",
        "type": "mention",
        "created_at": voter_reply["created_at"],
        "account": voter_reply["account"],
    }
    mention["status"] = voter_reply
    # the shape written by the `mastodon-archive` tool: the user's statuses, mentions, favourites
    path = tmp_path / "town.example.user.candidate.json"
    path.write_text(
        json.dumps(
            {
                "account": recorded[2]["response"],
                "statuses": [root, answer],
                "favourites": [root],
                "mentions": [mention, follow],
            }
        )
    )
    archive = load(path, accounts_file=API_ACCOUNTS)
    assert set(by_id(archive)) == {
        ME + "110100000000000001",
        ME + "110100000000000003",
        voter_reply["uri"],
    }
    assert by_id(archive)[ME + "110100000000000003"]["reply_to_id"] == voter_reply["uri"]
    log = log_row(archive, "mastodon-api")
    assert (log["records_read"], log["rows_kept"]) == (4, 3)
    assert skipped(log) == {"not a status object": 1}
    assert "1 favourites (other people's posts the account marked): not loaded" in log["notes"]


def test_statuses_as_json_lines_load_too(tmp_path):
    statuses = json.loads((API / "home_timeline.json").read_text())
    path = tmp_path / "statuses.jsonl"
    path.write_text("\n".join(json.dumps(s) for s in statuses) + "\n{broken\n")
    archive = load(path, accounts_file=API_ACCOUNTS)
    assert archive.posts.height == 2
    log = log_row(archive, "mastodon-api")
    assert skipped(log) == {
        "line is not valid JSON": 1,
        "not in a conversation with a studied account": 1,
    }


def test_a_malformed_status_is_skipped_and_counted(tmp_path):
    statuses = json.loads((API / "home_timeline.json").read_text())
    statuses[1]["mentions"] = 5  # Casey's Buffer post, damaged
    statuses[2]["created_at"] = 1709640000  # the boost, with a number for a time
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps(statuses))
    archive = load(path, accounts_file=API_ACCOUNTS)
    assert archive.posts.height == 0
    assert skipped(log_row(archive, "mastodon-api")) == {
        "malformed status (fields of unexpected types)": 1,
        "created time missing or not a date": 1,
        "not in a conversation with a studied account": 1,
    }


def test_invalid_api_json_is_an_input_error_naming_the_file(tmp_path):
    path = tmp_path / "context.json"
    path.write_bytes((API / "recorded_thread.json").read_bytes()[:3000])
    with pytest.raises(InputError, match=r"context\.json: not valid JSON"):
        load(path)


def test_api_detection_leaves_archives_and_other_json_alone(tmp_path):
    from toolkit.sources import Input, detect

    assert detect(Input(API / "recorded_thread.json")).name == "mastodon-api"
    assert detect(Input(ARCHIVE)).name == "mastodon"
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"account": "x", "favourites": 1}))
    assert detect(Input(other)) is None


# ----------------------------------------------------------------------------- real samples


def _sample(shared_samples: Path, name: str) -> Path:
    path = shared_samples / "mastodon-api" / name
    if not path.exists():
        pytest.skip(f"real sample not available: {path}")
    return path


@pytest.mark.samples
def test_real_cassette_of_one_status_posted_fetched_and_deleted(shared_samples):
    archive = load(_sample(shared_samples, "test_status.json"))
    r = archive.posts.to_dicts()
    assert [(x["author"], x["text"], x["kind"], x["client"]) for x in r] == [
        ("mastodonpy_test@localhost:3000", "Toot!", "post", "Mastodon.py test suite")
    ]
    assert (
        r[0]["post_id"]
        == "http://localhost:3000/ap/users/117020565966271181/statuses/117020583223442465"
    )
    assert r[0]["created_at"] == datetime(2026, 8, 1, 13, 53, 15, 378000, tzinfo=UTC)
    log = log_row(archive, "mastodon-api")
    # POST, GET and DELETE answer with the same status
    assert (log["records_read"], log["rows_kept"]) == (3, 1)
    assert skipped(log) == {"duplicate of a status earlier in the file": 2}


@pytest.mark.samples
def test_real_cassette_of_a_list_timeline(shared_samples):
    archive = load(_sample(shared_samples, "test_list_timeline.json"))
    posts = archive.posts
    assert posts.height == 7
    assert set(posts["author"]) == {"admin@localhost:3000"}
    assert set(posts["kind"]) == {"post"}
    jeep = posts.filter(pl.col("text").str.contains("jeep")).to_dicts()[0]
    assert jeep["text"] == "@mastodonpy_test beep beep I'm a jeep"
    assert jeep["mentions"] == ["mastodonpy_test@localhost:3000"]
    log = log_row(archive, "mastodon-api")
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (15, 7, 8)
    assert skipped(log) == {
        "API response that is not a status (account, list, relationship, ...)": 6,
        "duplicate of a status earlier in the file": 2,
    }


@pytest.mark.samples
def test_real_cassette_with_an_empty_context(shared_samples):
    archive = load(_sample(shared_samples, "test_status_context.json"))
    assert archive.posts.height == 1
    log = log_row(archive, "mastodon-api")
    assert (log["records_read"], log["rows_kept"]) == (2, 1)


def test_a_byte_order_mark_does_not_hide_an_api_file(tmp_path):
    path = tmp_path / "timeline.json"
    path.write_bytes(b"\xef\xbb\xbf" + (API / "home_timeline.json").read_bytes())
    assert load(path, accounts_file=API_ACCOUNTS).posts.height == 2
