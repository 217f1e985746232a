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


def test_an_archive_rezipped_on_a_mac_is_read_from_its_one_real_folder(tmp_path):
    # macOS "Compress" puts AppleDouble twins ("._name") under __MACOSX/ beside the top folder
    top = "archive-20240306120000-0123456789abcdef0123456789abcdef"
    path = zip_folder(ARCHIVE, tmp_path / f"{top}.zip", prefix=f"{top}/")
    with zipfile.ZipFile(path, "a") as zf:
        for name in ("outbox.json", "actor.json", "likes.json"):
            zf.writestr(f"__MACOSX/{top}/._{name}", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
        zf.writestr(f"{top}/._outbox.json", b"\x00\x05\x16\x07")
        zf.writestr(".DS_Store", b"\x00\x00\x00\x01Bud1")
    archive = load(path)
    assert archive.posts.drop("source_file").equals(load(ARCHIVE).posts.drop("source_file"))
    assert archive.posts["source_file"].unique().to_list() == [f"{path}!{top}/outbox.json"]
    log = log_row(archive, "mastodon")
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (8, 8, 0)
    assert (
        "likes.json lists 2 status URI(s) without text or time: not posts, not loaded"
        in log["notes"]
    )
    assert archive.accounts["observed_until"].to_list() == [utc(2024, 3, 6, 12, 0)]


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


CASEY_ACTOR = "https://town.example/users/candidate"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
FOLLOWERS = CASEY_ACTOR + "/followers"
BOB = "bob@other.example"


def _create(n: int | str, content: str, when: str, **note) -> dict:
    """A Create of Casey's status ``n``, public unless ``to``/``cc`` say otherwise."""
    obj = {
        "id": ME + str(n),
        "type": "Note",
        "summary": None,
        "inReplyTo": None,
        "published": when,
        "url": f"https://town.example/@candidate/{n}",
        "attributedTo": CASEY_ACTOR,
        "to": [PUBLIC],
        "cc": [FOLLOWERS],
        "content": content,
        "tag": [],
    }
    obj.update(note)
    activity = {"id": obj["id"] + "/activity", "type": "Create", "actor": CASEY_ACTOR}
    activity.update(published=when, object=obj)
    for key in ("to", "cc"):
        if key in obj:
            activity[key] = obj[key]
    return activity


def _announce(n: int | str, target: str, when: str, cc: list[str]) -> dict:
    return {
        "id": f"{ME}{n}/activity",
        "type": "Announce",
        "actor": CASEY_ACTOR,
        "published": when,
        "to": [PUBLIC],
        "cc": cc,
        "object": target,
    }


def _conversation(n: int) -> str:
    return f"tag:town.example,2024-03-10:objectId={n}:objectType=Conversation"


def _api_status(local_id, uri, account, html, when, **kw) -> dict:
    """A REST API Status with the fields the loader reads (public, no counts, no client)."""
    s = {
        "id": local_id,
        "created_at": when,
        "uri": uri,
        "url": uri,
        "content": html,
        "account": account,
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "spoiler_text": "",
        "visibility": "public",
        "language": "en",
        "favourites_count": 0,
        "reblogs_count": 0,
        "replies_count": 0,
        "mentions": [],
        "tags": [],
    }
    s.update(kw)
    return s


API_CASEY = {
    "id": "1001",
    "username": "candidate",
    "acct": "candidate",
    "url": "https://town.example/@candidate",
}
API_BOB = {
    "id": "2002",
    "username": "bob",
    "acct": "bob@other.example",
    "url": "https://other.example/@bob",
}


def test_a_thread_keeps_one_conversation_when_the_archive_lacks_its_root_or_a_middle_post(
    tmp_path,
):
    """Casey's budget thread lost its second post (deleted), and Casey answered twice in Bob's thread.

    The reply links inside the archive cannot join these rows; the ``conversation``
    Mastodon gives every status of a thread can.
    """
    budget, bobs, dans = _conversation(5001), _conversation(7001), _conversation(9001)
    bob = "https://other.example/users/bob/statuses/"
    items = [
        _create(1, "<p>Budget thread 1/4</p>", "2024-03-10T10:00:00Z", conversation=budget),
        # 2/4 was deleted: 3/4 points to a post that is no longer in the archive
        _create(3, "<p>3/4</p>", "2024-03-10T10:05:00Z", inReplyTo=ME + "2", conversation=budget),
        _create(4, "<p>4/4</p>", "2024-03-10T10:06:00Z", inReplyTo=ME + "3", conversation=budget),
        _create(
            11,
            "<p>Good point</p>",
            "2024-03-10T11:00:00Z",
            inReplyTo=bob + "900",
            conversation=bobs,
        ),
        _create(
            12, "<p>Agreed</p>", "2024-03-10T11:30:00Z", inReplyTo=bob + "905", conversation=bobs
        ),
        _create(13, "<p>Also</p>", "2024-03-10T11:31:00Z", inReplyTo=ME + "12", conversation=bobs),
        # a lone reply in a thread of its own
        _create(
            21,
            "<p>Thanks Dan</p>",
            "2024-03-10T12:00:00Z",
            inReplyTo="https://dan.example/users/dan/statuses/50",
            conversation=dans,
        ),
    ]
    rows = by_id(load(_write_archive(tmp_path / "arch", items)))
    conversation = {pid.removeprefix(ME): r["conversation_id"] for pid, r in rows.items()}
    assert conversation == {
        # the root of the budget thread, as if 2/4 were still there
        "1": ME + "1",
        "3": ME + "1",
        "4": ME + "1",
        # no root of Bob's thread in the archive: Casey's earliest answer in it stands for it
        "11": ME + "11",
        "12": ME + "11",
        "13": ME + "11",
        "21": ME + "21",
    }
    # the reply links themselves are what the archive says
    assert rows[ME + "3"]["reply_to_id"] == ME + "2" and rows[ME + "3"]["kind"] == "reply"


def test_the_archive_and_the_api_copy_of_a_thread_agree_on_its_conversation_and_text(tmp_path):
    """Casey's archive and an API timeline of the same thread, loaded together.

    The API copy of a status wins the merge (it has counts and a client); a status only
    the archive holds (3/3, whose parent was deleted) must land in the same conversation.
    """
    thread = _conversation(6001)
    root, reply = ME + "1", ME + "4"
    bob_reply = "https://other.example/users/bob/statuses/880"
    items = [
        _create(
            1,
            "<p>Roads 1/3</p>",
            "2024-03-10T10:00:00Z",
            summary="long thread",
            conversation=thread,
        ),
        _create(
            3, "<p>Roads 3/3</p>", "2024-03-10T10:05:00Z", inReplyTo=ME + "2", conversation=thread
        ),
        _create(
            4, "<p>We will</p>", "2024-03-10T10:30:00Z", inReplyTo=bob_reply, conversation=thread
        ),
    ]
    folder = _write_archive(tmp_path / "arch", items)
    web = {"application": {"name": "Web", "website": None}}
    timeline = [
        _api_status(
            "51",
            root,
            API_CASEY,
            "<p>Roads 1/3</p>",
            "2024-03-10T10:00:00.000Z",
            spoiler_text="long thread",
            **web,
        ),
        _api_status(
            "52",
            bob_reply,
            API_BOB,
            "<p>Will you fix Elm St?</p>",
            "2024-03-10T10:20:00.000Z",
            in_reply_to_id="51",
            in_reply_to_account_id="1001",
            **web,
        ),
        _api_status(
            "53",
            reply,
            API_CASEY,
            "<p>We will</p>",
            "2024-03-10T10:30:00.000Z",
            in_reply_to_id="52",
            in_reply_to_account_id="2002",
            **web,
        ),
    ]
    api = tmp_path / "timeline.json"
    api.write_text(json.dumps(timeline))
    archive = load(folder, api, accounts_file=API_ACCOUNTS)
    rows = by_id(archive)
    assert set(rows) == {root, ME + "3", bob_reply, reply}
    assert {r["conversation_id"] for r in rows.values()} == {root}
    # the API copies were kept, and both inputs read the content warning the same way
    assert (rows[root]["client"], rows[reply]["client"]) == ("Web", "Web")
    assert rows[root]["text"] == "CW: long thread\n\nRoads 1/3"
    assert by_id(load(folder))[root]["text"] == rows[root]["text"]


def test_direct_messages_are_left_out_and_counted_and_followers_only_posts_kept(tmp_path):
    """Visibility is not a field of the archive: the audience (to/cc) tells it."""
    bob_actor = "https://other.example/users/bob"
    mention_bob = {"type": "Mention", "href": bob_actor, "name": "@bob@other.example"}
    dm = _create(
        31,
        '<p><span class="h-card"><a href="https://other.example/@bob" class="u-url mention">@<span>bob</span></a></span> my address is 1 Elm St</p>',
        "2024-03-10T09:00:00Z",
        to=[bob_actor],
        cc=[],
        tag=[mention_bob],
    )
    followers_only = _create(
        32, "<p>Friends: meet at 6</p>", "2024-03-10T09:10:00Z", to=[FOLLOWERS], cc=[]
    )
    unlisted = _create(
        33, "<p>Quiet update</p>", "2024-03-10T09:20:00Z", to=[FOLLOWERS], cc=[PUBLIC]
    )
    public = _create(34, "<p>Town hall at 7</p>", "2024-03-10T09:30:00Z")
    # an audience the export does not give: nothing says it is private
    unknown = _create(35, "<p>Old post</p>", "2024-03-10T09:40:00Z")
    for d in (unknown, unknown["object"]):
        del d["to"], d["cc"]
    archive = load(
        _write_archive(tmp_path / "arch", [dm, followers_only, unlisted, public, unknown])
    )
    rows = by_id(archive)
    assert sorted(pid.removeprefix(ME) for pid in rows) == ["32", "33", "34", "35"]
    assert {r["kind"] for r in rows.values()} == {"post"}
    log = log_row(archive, "mastodon")
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (5, 4, 1)
    assert skipped(log) == {mastodon.DIRECT_MESSAGE: 1}
    assert mastodon.followers_only_note(1) in log["notes"]


def test_a_content_warning_leads_the_text():
    rows = by_id(load(ARCHIVE))
    # "logistics" is the spoiler text Casey put on 3/3 of the town-hall thread
    assert rows[ME + "110000000000000003"]["text"] == "CW: logistics\n\nParking is free after 6."
    assert rows[ME + "110000000000000002"]["text"].startswith("CW:") is False
    assert mastodon.with_content_warning("Film spoilers", "the ending is sad") == (
        "CW: Film spoilers\n\nthe ending is sad"
    )
    assert mastodon.with_content_warning(None, "plain") == "plain"
    assert mastodon.with_content_warning("  ", "plain") == "plain"
    assert mastodon.with_content_warning("just a warning", "") == "CW: just a warning"


def test_boosts_and_replies_on_numeric_id_servers_name_their_author(tmp_path):
    """Newer servers give actors numeric ids (…/ap/users/1234): the URI no longer names the author.

    Dora's handle is in the mention of Casey's reply to her; Finn is never named in
    the archive, so his actor URI (from the boost's cc) stands in for his handle.
    """
    dora_actor = "https://num.example/ap/users/1234"
    finn_actor = "https://far.example/ap/users/42"
    mention_dora = {"type": "Mention", "href": dora_actor, "name": "@dora@num.example"}
    items = [
        _create(
            41,
            "<p>@dora indeed</p>",
            "2024-03-10T08:00:00Z",
            inReplyTo=dora_actor + "/statuses/777",
            cc=[FOLLOWERS, dora_actor],
            tag=[mention_dora],
        ),
        _announce(
            42, dora_actor + "/statuses/778", "2024-03-10T08:10:00Z", [dora_actor, FOLLOWERS]
        ),
        _announce(43, finn_actor + "/statuses/5", "2024-03-10T08:20:00Z", [finn_actor, FOLLOWERS]),
        # other software's URIs: the boost's cc names the one author
        _announce(
            44,
            "https://misskey.example/notes/9zz",
            "2024-03-10T08:30:00Z",
            ["https://misskey.example/users/9abc", FOLLOWERS],
        ),
    ]
    rows = by_id(load(_write_archive(tmp_path / "arch", items)))
    got = {pid.removeprefix(ME): (r["kind"], r["reply_to_author"]) for pid, r in rows.items()}
    assert got == {
        "41": ("reply", "dora@num.example"),
        "42/activity": ("repost", "dora@num.example"),
        "43/activity": ("repost", finn_actor),
        "44/activity": ("repost", "https://misskey.example/users/9abc"),
    }


def test_a_quote_names_the_post_it_quotes_and_starts_its_own_conversation(tmp_path):
    """Casey quotes Bob, quotes an own post, and answers under the quote of Bob."""
    bobs_post = "https://other.example/users/bob/statuses/3100"
    dora_actor = "https://num.example/ap/users/1234"
    items = [
        _create(1, "<p>Town hall at 7</p>", "2024-03-10T07:00:00Z", conversation=_conversation(1)),
        # Mastodon 4.4+ writes the quoted URI under three names
        _create(
            51,
            "<p>Worth reading</p>",
            "2024-03-10T08:00:00Z",
            quote=bobs_post,
            quoteUri=bobs_post,
            _misskey_quote=bobs_post,
            conversation=_conversation(51),
        ),
        _create(
            52,
            "<p>Reminder</p>",
            "2024-03-10T08:10:00Z",
            _misskey_quote=ME + "1",
            conversation=_conversation(52),
        ),
        _create(
            53,
            "<p>See above</p>",
            "2024-03-10T08:20:00Z",
            quoteUrl=dora_actor + "/statuses/9",
            tag=[{"type": "Mention", "href": dora_actor, "name": "@dora@num.example"}],
            conversation=_conversation(53),
        ),
        _create(
            54,
            "<p>More on this</p>",
            "2024-03-10T08:30:00Z",
            inReplyTo=ME + "51",
            conversation=_conversation(51),
        ),
    ]
    rows = by_id(load(_write_archive(tmp_path / "arch", items)))
    got = {
        pid.removeprefix(ME): (
            r["kind"],
            r["reply_to_id"],
            r["reply_to_author"],
            r["conversation_id"],
        )
        for pid, r in rows.items()
    }
    assert got == {
        "1": ("post", None, None, ME + "1"),
        "51": ("quote", bobs_post, BOB, ME + "51"),
        # quoting an own post does not join its conversation
        "52": ("quote", ME + "1", CASEY, ME + "52"),
        "53": ("quote", dora_actor + "/statuses/9", "dora@num.example", ME + "53"),
        "54": ("reply", ME + "51", CASEY, ME + "51"),
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


def test_api_direct_messages_are_skipped_and_content_warnings_lead_the_text(tmp_path):
    statuses = [
        _api_status(
            "61",
            ME + "61",
            API_CASEY,
            "<p>Numbers inside</p>",
            "2024-03-10T09:00:00.000Z",
            spoiler_text="Budget numbers",
        ),
        _api_status(
            "62",
            ME + "62",
            API_CASEY,
            "<p>@bob my address is 1 Elm St</p>",
            "2024-03-10T09:10:00.000Z",
            visibility="direct",
        ),
        _api_status(
            "63",
            ME + "63",
            API_CASEY,
            "<p>Friends: meet at 6</p>",
            "2024-03-10T09:20:00.000Z",
            visibility="private",
        ),
        _api_status(
            "64",
            ME + "64",
            API_CASEY,
            "<p>Quiet update</p>",
            "2024-03-10T09:30:00.000Z",
            visibility="unlisted",
        ),
    ]
    path = tmp_path / "statuses.json"
    path.write_text(json.dumps(statuses))
    archive = load(path, accounts_file=API_ACCOUNTS)
    rows = by_id(archive)
    assert sorted(pid.removeprefix(ME) for pid in rows) == ["61", "63", "64"]
    assert rows[ME + "61"]["text"] == "CW: Budget numbers\n\nNumbers inside"
    assert rows[ME + "63"]["text"] == "Friends: meet at 6"
    log = log_row(archive, "mastodon-api")
    assert (log["records_read"], log["rows_kept"]) == (4, 3)
    assert skipped(log) == {mastodon.DIRECT_MESSAGE: 1}
    assert mastodon.followers_only_note(1) in log["notes"]


def test_a_strangers_quote_of_the_account_is_kept_and_attributed(tmp_path):
    """Carol quotes Casey's post (a full Quote); Dan too, but his status carries only its id."""
    root = _api_status(
        "100", ME + "100", API_CASEY, "<p>Town hall at 7</p>", "2024-03-10T10:00:00.000Z"
    )
    carol = {
        "id": "3003",
        "username": "carol",
        "acct": "carol@third.example",
        "url": "https://third.example/@carol",
    }
    dan = {"id": "4004", "username": "dan", "acct": "dan", "url": "https://town.example/@dan"}
    carol_quote = _api_status(
        "103",
        "https://third.example/users/carol/statuses/103",
        carol,
        "<p>Go, everyone</p>",
        "2024-03-10T10:05:00.000Z",
        quote={"state": "accepted", "quoted_status": root},
    )
    dan_quote = _api_status(
        "104",
        "https://town.example/users/dan/statuses/104",
        dan,
        "<p>Not me</p>",
        "2024-03-10T10:06:00.000Z",
        quote={"state": "accepted", "quoted_status_id": "100"},
    )
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps([root, carol_quote, dan_quote]))
    archive = load(path, accounts_file=API_ACCOUNTS)
    rows = by_id(archive)
    got = {
        pid: (
            r["author"],
            r["kind"],
            r["reply_to_id"],
            r["reply_to_author"],
            r["conversation_id"],
            r["account"],
        )
        for pid, r in rows.items()
    }
    assert got == {
        ME + "100": (CASEY, "post", None, None, ME + "100", CASEY),
        carol_quote["uri"]: (
            "carol@third.example",
            "quote",
            ME + "100",
            CASEY,
            carol_quote["uri"],
            CASEY,
        ),
        dan_quote["uri"]: ("dan@town.example", "quote", ME + "100", CASEY, dan_quote["uri"], CASEY),
    }
    assert skipped(log_row(archive, "mastodon-api")) == {}


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
