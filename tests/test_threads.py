"""Threads: threads_and_replies.json, in a Threads-only export or on its own.

No real Threads export was available: the shape follows independent
third-party parsers (CODE). ``tests/fixtures/threads/threads_only_export/``
holds a reply cross-posted from Facebook, a post with its text at post level,
a reply naming its parent's author (an UNVERIFIED field) and a broken item.
"""

from __future__ import annotations

import shutil
import warnings
from datetime import UTC, datetime

import pytest

import toolkit
from toolkit.errors import InputError
from toolkit.sources import REGISTRY, Input, detect

from .conftest import FIXTURES, finder_zip

TH = FIXTURES / "threads"
ACCOUNTS = TH / "accounts.toml"


def load(path, accounts=ACCOUNTS):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return toolkit.load(path, accounts_file=accounts)


def rows(archive, *cols):
    return archive.posts.sort("created_at", "post_id").select(cols).rows()


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_threads_only_export_posts_and_replies():
    a = load(TH / "threads_only_export", accounts=None)
    assert rows(
        a, "created_at", "kind", "text", "reply_to_author", "mentions", "hashtags", "client"
    ) == [
        # a reply whose parent the export does not give
        (
            utc(2025, 8, 6, 7, 54, 19),
            "reply",
            "Agreed — let's sync tomorrow with @pine.marten",
            None,
            ["pine.marten"],
            [],
            "cross-post (Facebook)",
        ),
        # text and time at post level, media title empty
        (utc(2025, 8, 6, 17, 6, 40), "post", "Café day 👍 #coffee", None, [], ["coffee"], None),
        # in_reply_to_username naming the owner: a self-thread
        (
            utc(2025, 8, 6, 19, 53, 20),
            "reply",
            "Adding to my own thread",
            "alex.rivera",
            [],
            [],
            None,
        ),
    ]
    posts = a.posts
    assert set(posts["platform"].cast(str)) == {"threads"}
    assert set(posts["account"]) == set(posts["author"]) == {"alex.rivera"}
    assert posts["reply_to_id"].null_count() == posts.height
    assert (posts["conversation_id"] == posts["post_id"]).all()
    log = {r["format"]: r for r in a.log.to_dicts()}
    assert log["threads profile"]["notes"] == [
        "owner 'alex.rivera' (from personal_information.json)"
    ]
    assert (log["threads"]["records_read"], log["threads"]["rows_kept"]) == (4, 3)
    assert {s["reason"]: s["count"] for s in log["threads"]["skipped"]} == {
        "post without a creation_timestamp": 1
    }


def test_a_lone_threads_file_takes_its_owner_from_the_accounts_file():
    a = load(TH / "threads_and_replies.json")
    assert rows(a, "created_at", "account", "kind", "text") == [
        (
            utc(2025, 8, 6, 7, 54, 19),
            "alex.rivera",
            "post",
            "Standalone file, owner from the accounts file",
        )
    ]


def test_a_lone_threads_file_with_no_owner_asks_for_an_accounts_file():
    with pytest.raises(InputError, match=r"(?s)cannot tell whose Threads export.*threads = "):
        load(TH / "threads_and_replies.json", accounts=None)


def test_the_wrong_file_under_the_threads_name_is_an_error():
    with pytest.raises(
        InputError, match=r"threads_and_replies\.json: expected \{\"text_post_app_text_posts\""
    ):
        load(TH / "bad" / "wrong_file")


def test_an_instagram_export_with_threads_belongs_to_the_instagram_source(tmp_path):
    export = tmp_path / "export"
    shutil.copytree(TH / "threads_only_export", export)
    assert detect(Input(export)) is REGISTRY["threads"]
    shutil.copytree(FIXTURES / "instagram" / "export_2024_content" / "content", export / "content")
    assert not REGISTRY["threads"].detect(Input(export))
    assert detect(Input(export)) is REGISTRY["instagram"]


def test_a_zip_recompressed_on_a_mac_reads_like_its_folder(tmp_path):
    z = finder_zip(TH / "threads_only_export", tmp_path / "threads.zip", "threads-alex.rivera-2025")
    assert detect(Input(z)) is REGISTRY["threads"]
    folder = load(TH / "threads_only_export", accounts=None).posts.drop("source_file")
    zipped = load(z, accounts=None)
    assert zipped.posts.drop("source_file").equals(folder)
    assert not zipped.log["source_file"].str.contains("__MACOSX").any()


def test_threads_ids_are_stable_across_loads():
    first = load(TH / "threads_only_export", accounts=None).posts["post_id"].sort()
    again = load(TH / "threads_only_export", accounts=None).posts["post_id"].sort()
    assert first.equals(again)
    assert first.str.contains(r"^th:[0-9a-f]{16}$").all()
