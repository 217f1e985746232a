"""Reddit: the user's GDPR export (own comments and posts) and Pushshift/Arctic Shift dumps (whole threads).

Ids are fullnames everywhere (``t1_`` comments, ``t3_`` submissions), so both
sources and all files agree on what a reply points at.
"""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime

import polars as pl
import pytest

import toolkit
from toolkit.errors import InputError, UnknownFormatError
from toolkit.sources import Input, detect

from .conftest import FIXTURES, zip_folder

RD = FIXTURES / "reddit"
DUMP = FIXTURES / "reddit-dump"
ACCOUNTS = RD / "accounts.toml"


def load(*paths, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return toolkit.load(*paths, **options)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def log_of(archive, name: str) -> dict:
    (row,) = [r for r in archive.log.iter_rows(named=True) if r["source_file"].endswith(name)]
    return row


def skipped(row) -> dict[str, int]:
    return {s["reason"]: s["count"] for s in row["skipped"]}


def rows(archive, *cols):
    return archive.posts.sort("created_at", "post_id").select(cols).rows()


# --------------------------------------------------------------------------- GDPR export


def test_export_comments_and_posts():
    archive = load(RD / "export_comments_and_posts", accounts_file=ACCOUNTS)
    assert rows(
        archive,
        "post_id",
        "created_at",
        "kind",
        "reply_to_id",
        "reply_to_author",
        "conversation_id",
    ) == [
        # top-level comment: its parent is the submission named by `link`
        ("t1_ck1bai1", utc(2019, 9, 14, 18, 22, 5), "reply", "t3_d3x9zq", None, "t3_d3x9zq"),
        # a bare parent id that is not the submission is a comment; here the owner's own: a self-reply
        ("t1_ck1bb02", utc(2019, 9, 14, 19), "reply", "t1_ck1bai1", "river_otter", "t3_d3x9zq"),
        ("t3_e5aaa1", utc(2019, 12, 1, 7, 30), "post", None, None, "t3_e5aaa1"),
        # replying to someone else's comment: whose, the export does not say
        ("t1_ck2zz10", utc(2019, 12, 1, 8), "reply", "t1_ck2yy01", None, "t3_e5aaa1"),
        # replying to the owner's own post
        ("t1_ck3aa20", utc(2019, 12, 1, 9), "reply", "t3_e5aaa1", "river_otter", "t3_e5aaa1"),
        # a bare parent id equal to the submission's id is the submission
        ("t1_ck5cc40", utc(2020, 1, 5, 10), "reply", "t3_f6bbb2", None, "t3_f6bbb2"),
        ("t3_g7ccc3", utc(2020, 4, 24, 12), "post", None, None, "t3_g7ccc3"),
    ]
    assert rows(archive, "post_id", "text", "urls", "url")[:3] == [
        (
            "t1_ck1bai1",
            "Great question.\n\nHere is a source: https://example.org/paper.pdf",
            ["https://example.org/paper.pdf"],
            "https://www.reddit.com/r/AskHistorians/comments/d3x9zq/why_did/ck1bai1/",
        ),
        (
            "t1_ck1bb02",
            'Adding to my own comment: see "Chapter 3".',
            [],
            "https://www.reddit.com/r/AskHistorians/comments/d3x9zq/why_did/ck1bb02/",
        ),
        # a self post's url is its own permalink: not an outside link
        (
            "t3_e5aaa1",
            "Polars vs pandas?\nWhich one do you use, and why?",
            [],
            "https://www.reddit.com/r/python/comments/e5aaa1/polars_vs_pandas/",
        ),
    ]
    by_id = {r[0]: r for r in rows(archive, "post_id", "text", "urls")}
    assert by_id["t3_g7ccc3"] == (
        "t3_g7ccc3",
        "[OC] Rainfall in 2019",
        ["https://i.redd.it/rain.png"],
    )
    assert by_id["t1_ck5cc40"] == (
        "t1_ck5cc40",
        "Here's mine",
        ["https://i.redd.it/abc123.jpg"],
    )  # media column
    assert by_id["t1_ck3aa20"][1] == "[deleted]"
    assert set(archive.posts["account"]) == set(archive.posts["author"]) == {"river_otter"}


def test_export_log_counts_and_the_ip_column_never_loaded():
    archive = load(RD / "export_comments_and_posts", accounts_file=ACCOUNTS)
    comments = log_of(archive, "comments.csv")
    assert comments["format"] == "reddit comments.csv"
    assert (comments["records_read"], comments["rows_kept"], skipped(comments)) == (
        6,
        5,
        {"unparseable date": 1},
    )
    assert "1 comments with a [deleted]/[removed] body kept" in comments["notes"]
    assert "owner 'river_otter' from the accounts file ([river])" in comments["notes"]
    posts = log_of(archive, "posts.csv")
    assert (posts["records_read"], posts["rows_kept"]) == (2, 2)
    # comment_headers.csv and ip_logs.csv are not read at all
    assert archive.log.height == 2
    everything = " ".join(str(v) for row in archive.posts.rows() for v in row)
    assert "203.0.113.9" not in everything and "198.51.100.4" not in everything


def test_numbered_parts_and_the_old_header_without_media():
    archive = load(RD / "export_numbered_parts_old_header", reddit_owner="u/River_Otter")
    assert rows(archive, "post_id", "reply_to_id", "reply_to_author", "text") == [
        ("t1_h1aaa01", "t3_h0zzz0", None, "The London. Fight me."),
        # the parent is in the other part: still recognised as the owner's own comment
        ("t1_h1bbb02", "t1_h1aaa01", "river_otter", "(that was a joke)"),
    ]
    assert (
        "owner 'river_otter' given by reddit_owner=" in log_of(archive, "comments_2.csv")["notes"]
    )


def test_a_zipped_export_with_a_bom(tmp_path):
    zipped = zip_folder(
        RD / "export_comments_and_posts", tmp_path / "export_river_otter_20240101.zip"
    )
    a = load(RD / "export_comments_and_posts", accounts_file=ACCOUNTS).posts.drop("source_file")
    b = load(zipped, accounts_file=ACCOUNTS).posts.drop("source_file")
    assert a.equals(b)


def test_the_owner_from_statistics_csv(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "comments.csv").write_bytes(
        (RD / "export_numbered_parts_old_header" / "comments_1.csv").read_bytes()
    )
    (export / "statistics.csv").write_text(
        "statistic,value\naccount name,Some_Redditor\nexport time,2024-01-01\n"
    )
    archive = load(export)
    assert set(archive.posts["account"]) == {"some_redditor"}


def test_an_export_without_an_owner_explains_the_fix():
    with pytest.raises(InputError) as err:
        load(RD / "export_comments_and_posts")
    assert "a Reddit data export does not name its owner" in str(err.value)
    assert 'reddit = "your_username"' in str(err.value) and "reddit_owner=" in str(err.value)


def test_a_comments_file_without_the_expected_columns_is_named():
    with pytest.raises(InputError, match=r"comments\.csv: header lacks link"):
        load(RD / "bad" / "comments_missing_columns", accounts_file=ACCOUNTS)


def test_a_broken_record_among_good_ones_is_counted(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "posts.csv").write_text(
        "id,permalink,date,ip,subreddit,gildings,title,url,body\n"
        "a1,https://www.reddit.com/r/x/comments/a1/t/,2020-01-01 00:00:00 UTC,,x,0,Title one,,body\n"
        "a2,https://www.reddit.com/r/x/comments/a2/t/,2020-01-02 00:00:00 UTC,,x,0\n"
        "a3,https://www.reddit.com/r/x/comments/a3/t/,2020-01-03 00:00:00 UTC,,x,0,Title three,,body\n"
    )
    archive = load(export, reddit_owner="me")
    log = log_of(archive, "posts.csv")
    assert (log["records_read"], log["rows_kept"]) == (3, 2)
    assert skipped(log) == {"broken CSV record (wrong number of fields)": 1}


# --------------------------------------------------------------------------- Pushshift / Arctic Shift dumps


def test_a_comment_dump_is_a_collection_attributed_to_the_studied_account():
    archive = load(DUMP / "RC_2019-12.ndjson", accounts_file=ACCOUNTS)
    # f2 is the studied account's; f3 answers it; f1 (which f2 answers) and f4 are in the same
    # thread (t3_e5aaa1), so they belong to its conversation too. Only the unrelated f5 is not.
    assert rows(
        archive,
        "account",
        "post_id",
        "author",
        "reply_to_id",
        "reply_to_author",
        "conversation_id",
        "likes",
    ) == [
        ("river_otter", "t1_f1", "alice_b", "t3_e5aaa1", None, "t3_e5aaa1", 5),
        ("river_otter", "t1_f2", "river_otter", "t1_f1", "alice_b", "t3_e5aaa1", 2),
        ("river_otter", "t1_f3", "alice_b", "t1_f2", "river_otter", "t3_e5aaa1", 1),
        # a deleted account is an unknown person of its own, named after the item
        ("river_otter", "t1_f4", "[deleted] (t1_f4)", "t3_e5aaa1", None, "t3_e5aaa1", 0),
    ]
    # created_utc as a string and as an int read the same way
    assert rows(archive, "created_at")[1:3] == [(utc(2019, 12, 1, 9),), (utc(2019, 12, 1, 10),)]
    log = log_of(archive, "RC_2019-12.ndjson")
    assert log["format"] == "reddit-dump NDJSON"
    assert (log["records_read"], log["rows_kept"]) == (7, 4)
    assert skipped(log) == {
        "line is not valid JSON": 1,
        "neither a comment nor a submission": 1,
        "not in a conversation with a studied account": 1,
    }
    assert (
        "1 item(s) with a [deleted]/[removed] body kept (their place in threads counts)"
        in log["notes"]
    )


def test_submissions_and_comments_together_make_the_thread():
    archive = load(DUMP / "RS_2019-12.jsonl", DUMP / "RC_2019-12.ndjson", accounts_file=ACCOUNTS)
    assert rows(archive, "post_id", "author", "kind", "reply_to_id", "text") == [
        (
            "t3_e5aaa1",
            "river_otter",
            "post",
            None,
            "Polars vs pandas?\nWhich one do you use, and why?",
        ),
        ("t1_f1", "alice_b", "reply", "t3_e5aaa1", "Polars, for the lazy API."),
        ("t1_f2", "river_otter", "reply", "t1_f1", "Thanks! How big are your files?"),
        ("t1_f3", "alice_b", "reply", "t1_f2", "About 2 GB, see https://example.org/sizes"),
        ("t1_f4", "[deleted] (t1_f4)", "reply", "t3_e5aaa1", "[removed]"),
    ]
    post = archive.posts.filter(pl.col("kind") == "post")
    assert post.select("likes", "replies", "url", "urls").row(0) == (
        12,
        4,
        "https://www.reddit.com/r/python/comments/e5aaa1/polars_vs_pandas/",
        [],
    )
    assert set(archive.posts["account"]) == {"river_otter"}
    assert skipped(log_of(archive, "RS_2019-12.jsonl")) == {
        "not in a conversation with a studied account": 1
    }


def test_a_link_submission_keeps_its_outside_url(tmp_path):
    path = tmp_path / "RS_2019-12.jsonl"
    path.write_bytes((DUMP / "RS_2019-12.jsonl").read_bytes())
    archive = load(path, accounts_file=ACCOUNTS, progress=False)
    assert archive.posts.height == 1  # data_dan's submission is not the studied account's
    raw = toolkit.sources.REGISTRY["reddit-dump"].load(Input(path), toolkit.sources.LoadContext())
    link = raw.posts.filter(pl.col("post_id") == "t3_e5bbb2")
    assert link.select("account", "urls", "created_at").row(0) == (
        None,
        ["https://example.org/bench.html"],
        utc(2019, 12, 1, 8, 46, 40),
    )


def test_a_zstd_dump_without_the_zstandard_module_says_how_to_decompress(tmp_path):
    try:
        import zstandard  # noqa: F401

        pytest.skip("zstandard is installed here: .zst dumps are read directly")
    except ImportError:
        pass
    path = tmp_path / "RC_2019-12.zst"
    path.write_bytes(b"\x28\xb5\x2f\xfd not really")
    assert detect(Input(path)).name == "reddit-dump"
    with pytest.raises(
        InputError, match=r"RC_2019-12\.zst: a zstandard-compressed dump.*zstd -d --long=31"
    ):
        load(path)


def test_other_jsonl_is_not_taken_for_a_reddit_dump(tmp_path):
    path = tmp_path / "tweets.jsonl"
    path.write_text('{"id": "1", "created_at": "2021-05-18T19:24:56.000Z", "text": "hi"}\n')
    source = detect(Input(path))
    assert source is None or source.name != "reddit-dump"


def test_deleted_commenters_are_unknown_people_never_guessed_as_the_studied_account():
    # No accounts file: the studied account is guessed as the most frequent author. Three
    # comments by "[deleted]" outnumber River_Otter's one submission, but a deleted account is
    # nobody we can name: each item keeps a placeholder of its own, and none is ever guessed.
    with pytest.warns(UserWarning, match="assuming 'river_otter' \\(the most frequent author\\)"):
        archive = toolkit.load(
            DUMP / "thread_whose_commenters_deleted_their_accounts.ndjson", progress=False
        )
    assert archive.accounts["account"].to_list() == ["river_otter"]
    assert rows(archive, "account", "post_id", "author", "reply_to_author", "text") == [
        ("river_otter", "t3_s1", "river_otter", None, "Ask me about the town budget"),
        ("river_otter", "t1_d0", "[deleted] (t1_d0)", "river_otter", "[deleted]"),
        ("river_otter", "t1_d1", "[deleted] (t1_d1)", "river_otter", "[removed]"),
        ("river_otter", "t1_d2", "[deleted] (t1_d2)", "river_otter", "Why was the pool closed?"),
    ]
    log = log_of(archive, "thread_whose_commenters_deleted_their_accounts.ndjson")
    assert (
        "3 item(s) by a deleted account (author '[deleted]' or '[removed]'): each is an "
        "unknown person of its own, '[deleted] (<post id>)'"
    ) in log["notes"]


def test_two_deleted_commenters_stay_two_people():
    # River_Otter posts a1; two since-deleted accounts answer it (k1, k2); River_Otter answers k1.
    # That is one exchange in both directions (with k1's author) and one reply heard (from k2's),
    # not one "[deleted]" person who talks both ways.
    archive = load(DUMP / "RC_2020-01_two_deleted_commenters.ndjson", accounts_file=ACCOUNTS)
    assert rows(archive, "post_id", "author", "reply_to_id", "reply_to_author") == [
        ("t1_a1", "river_otter", "t3_s9", None),
        ("t1_k1", "[deleted] (t1_k1)", "t1_a1", "river_otter"),
        ("t1_k2", "[deleted] (t1_k2)", "t1_a1", "river_otter"),
        ("t1_a2", "river_otter", "t1_k1", "[deleted] (t1_k1)"),
    ]
    talk = (
        toolkit.metrics.interlocutors(archive)
        .sort("interlocutor")
        .select("interlocutor", "replies_to", "replies_from", "both_directions")
        .rows()
    )
    assert talk == [("[deleted] (t1_k1)", 1, 1, True), ("[deleted] (t1_k2)", 0, 1, False)]


def test_counts_given_as_strings_are_numbers():
    # Some re-exports write score and num_comments as strings ("4", "-1")
    archive = load(DUMP / "RC_2020-01_two_deleted_commenters.ndjson", accounts_file=ACCOUNTS)
    assert rows(archive, "post_id", "likes") == [
        ("t1_a1", 4),
        ("t1_k1", 2),
        ("t1_k2", 1),
        ("t1_a2", -1),
    ]
    thread = load(
        DUMP / "thread_whose_commenters_deleted_their_accounts.ndjson", accounts_file=ACCOUNTS
    )
    post = thread.posts.filter(pl.col("kind") == "post")
    assert post.select("likes", "replies").row(0) == (7, 3)


def test_a_pushshift_api_response_is_not_a_dump_whatever_its_size(tmp_path):
    # The notes describe dumps as NDJSON, one item per line. A saved API search response
    # {"data": [...]} is one JSON document: small, or longer than the detector's first look
    # (64 KB) on its one line, it gets the same clear error, never an empty load.
    small = DUMP / "bad" / "pushshift_api_search_response.json"
    items = json.loads(small.read_text())["data"]
    big = tmp_path / "search_big.json"
    big.write_text(
        json.dumps(
            {
                "data": [
                    dict(item, id=f"{item['id']}n{i}", body=item["body"] + " " + "x" * 500)
                    for i in range(150)
                    for item in items
                ]
            }
        )
    )
    assert big.stat().st_size > 200_000 and big.read_bytes().count(b"\n") == 0
    for path in (small, big):
        assert detect(Input(path)) is None
        with pytest.raises(UnknownFormatError, match=rf"{path.name}: not a recognised export"):
            load(path)


def test_a_dump_whose_first_item_is_longer_than_the_first_look_is_still_a_dump(tmp_path):
    # Arctic Shift sorts keys, so "subreddit" comes after a long "selftext" (up to 40,000
    # characters, 6 bytes each when escaped): detection reads the first item's keys, however far.
    long_post = {
        "author": "River_Otter",
        "created_utc": 1577872800,
        "id": "e6ccc3",
        "is_self": True,
        "num_comments": 0,
        "score": 1,
        "selftext": "\u00e9t\u00e9 " * 8_000,
        "subreddit": "python",
        "title": "A long one",
    }
    path = tmp_path / "RS_2020-01.ndjson"
    path.write_text(json.dumps(long_post, sort_keys=True) + "\n")
    assert path.read_bytes().index(b'"subreddit"') > 65536
    assert detect(Input(path)).name == "reddit-dump"
    archive = load(path, accounts_file=ACCOUNTS)
    assert rows(archive, "post_id", "author", "created_at") == [
        ("t3_e6ccc3", "river_otter", utc(2020, 1, 1, 10))
    ]
