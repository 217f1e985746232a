"""Twitter API JSON lines: conversations collected around a candidate with twarc2 or twarc 1.x.

Fixtures (tests/fixtures/twitter-api/) follow Alex Rivera (@AlexRivera, the studied
account listed in accounts.toml) through voters' replies: two twarc2 search pages,
a flattened conversation, v1.1 statuses, and a stream with API error lines; quotes and
retweets of Alex's tweets (as twarc2 pages, flattened lines and v1.1 statuses), a tweet
Alex edited, and a page re-serialised with numeric time offsets. The real twarc2 files
in ../shared/samples/twarc2 (DocNow/twarc-csv test data) are checked for accounting
and kinds.
"""

from __future__ import annotations

import os
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

import orjson
import polars as pl
import pytest

import toolkit
from toolkit.cli import main
from toolkit.conversations import inbound, threads
from toolkit.errors import UnknownFormatError
from toolkit.sources import REGISTRY, Input, LoadContext, formats
from toolkit.sources import twitter_api as api

from .conftest import FIXTURES

formats()
API = FIXTURES / "twitter-api"
ACCOUNTS = API / "accounts.toml"


def load(name: str) -> toolkit.Archive:
    return toolkit.load(API / name, accounts_file=ACCOUNTS)


def rows_by_id(archive: toolkit.Archive) -> dict[str, dict]:
    return {r["post_id"][-2:]: r for r in archive.posts.iter_rows(named=True)}


def skipped(log_row: dict) -> dict[str, int]:
    return {s["reason"]: s["count"] for s in log_row["skipped"]}


def short(ids) -> list[str | None]:
    """The last two digits of each id (None stays None)."""
    return [None if i is None else i[-2:] for i in ids]


# ----------------------------------------------------------------------------- fixtures


def test_twarc2_search_pages_give_the_conversation_around_the_candidate():
    a = load("conversation-pages.jsonl")
    p = a.posts.sort("post_id")
    assert [i[-2:] for i in p["post_id"]] == ["01", "10", "11", "12", "13", "14", "15"]
    assert p["author"].to_list() == [
        "alexrivera", "jordan_voter", "alexrivera", "sam_neighbour", "jordan_voter", "city_news", "sam_neighbour",
    ]  # fmt: skip
    assert p["kind"].cast(str).to_list() == [
        "post",
        "reply",
        "reply",
        "reply",
        "reply",
        "quote",
        "repost",
    ]
    # the quote (14) and the retweet (15) name the candidate's tweet they quote or retweet
    assert [None if i is None else i[-2:] for i in p["reply_to_id"]] == [
        None,
        "01",
        "10",
        "01",
        "11",
        "01",
        "01",
    ]
    assert p["reply_to_author"].to_list() == [
        None, "alexrivera", "jordan_voter", "alexrivera", "alexrivera", "alexrivera", "alexrivera",
    ]  # fmt: skip
    assert [i[-2:] for i in p["conversation_id"]] == ["01", "01", "01", "01", "01", "14", "15"]
    assert set(p["account"]) == {"alexrivera"}  # attributed by toolkit.load


def test_the_candidates_own_tweet_comes_from_includes_with_text_and_counts():
    rows = rows_by_id(load("conversation-pages.jsonl"))
    root = rows["01"]
    assert (
        root["text"]
        == "Our transport plan is out today. Questions welcome! https://alexrivera.example/plan"
    )
    assert root["urls"] == ["https://alexrivera.example/plan"]  # the photo link is dropped
    assert (root["likes"], root["reposts"], root["replies"]) == (120, 30, 3)
    assert root["client"] == "Twitter Web App"
    assert root["url"] == "https://twitter.com/alexrivera/status/1600000000000000001"
    assert rows["12"]["text"] == "@AlexRivera & what about cyclists? <3"
    assert rows["11"]["urls"] == ["https://alexrivera.example/plan#buses"]
    assert rows["14"]["mentions"] == ["alexrivera"]
    assert rows["14"]["client"] == "Hootsuite Inc."


def test_referenced_tweets_repeated_in_includes_are_counted_once():
    log = load("conversation-pages.jsonl").log.row(0, named=True)
    # 6 tweets in data + 3 in includes (the root twice, the candidate's answer once)
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (9, 7, 2)
    assert skipped(log) == {api.SKIP_REFERENCED: 2}
    assert log["format"] == "twitter-api (twarc2 pages)"
    assert log["notes"][0].startswith("1 API error entry inside pages that also had tweets")


def test_flattened_lines_carry_authors_and_expanded_parents():
    a = load("flattened-conversation.jsonl")
    p = a.posts.sort("post_id")
    assert [i[-2:] for i in p["post_id"]] == ["20", "21", "22", "23"]
    assert p["author"].to_list() == ["alexrivera", "riley_r", "alexrivera", "riley_r"]
    assert p["kind"].cast(str).to_list() == [
        "post",
        "reply",
        "reply",
        "post",
    ]  # 23 starts with a mention
    assert p["reply_to_author"].to_list() == [None, "alexrivera", "riley_r", None]
    assert p["mentions"].to_list()[3] == ["alexrivera"]
    assert p["text"].to_list()[2] == "@riley_r Look it up at https://vote.example/where"
    log = a.log.row(0, named=True)
    assert (log["format"], log["records_read"], log["rows_kept"]) == (
        "twitter-api (twarc2 flattened tweets)",
        5,
        4,
    )
    assert skipped(log) == {api.SKIP_REFERENCED: 1}


def test_v1_statuses_with_retweeted_and_quoted_status():
    a = load("v1-statuses.jsonl")
    p = a.posts.sort("post_id")
    assert [i[-2:] for i in p["post_id"]] == ["00", "01", "02", "03", "04", "05"]
    assert p["kind"].cast(str).to_list() == ["post", "post", "reply", "repost", "quote", "reply"]
    assert p["author"].to_list() == [
        "alexrivera",
        "alexrivera",
        "jordan_voter",
        "sam_neighbour",
        "city_news",
        "alexrivera",
    ]
    # the retweet (03) and the quote (04) name the candidate's status they retweet or quote
    assert short(p["reply_to_id"]) == [None, None, "01", "01", "00", "02"]
    assert p["reply_to_author"].to_list() == [
        None, None, "alexrivera", "alexrivera", "alexrivera", "jordan_voter",
    ]  # fmt: skip
    assert [i[-2:] for i in p["conversation_id"]] == [
        "00",
        "01",
        "01",
        "03",
        "04",
        "01",
    ]  # followed in the file
    rows = rows_by_id(a)
    assert (
        rows["01"]["text"] == "Debate tonight at 8 & we're ready https://alexrivera.example/debate"
    )
    assert rows["05"]["text"].endswith("so that everyone can check the numbers.")  # extended_tweet
    assert (rows["01"]["likes"], rows["01"]["reposts"], rows["01"]["replies"]) == (30, 4, None)
    assert rows["04"]["urls"] == ["https://twitter.com/AlexRivera/status/1700000000000000000"]
    log = a.log.row(0, named=True)
    assert (log["format"], log["records_read"], log["rows_kept"]) == (
        "twitter-api (v1.1 statuses)",
        7,
        6,
    )
    assert skipped(log) == {
        api.SKIP_REFERENCED: 1
    }  # the retweeted status is tweet 01, already read


def test_a_stream_with_error_lines_lookups_and_a_broken_line_loads_the_rest():
    a = load("stream-with-error-lines.jsonl")
    assert a.posts.sort("post_id")["kind"].cast(str).to_list() == ["post", "reply"]
    log = a.log.row(0, named=True)
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (7, 2, 5)
    assert skipped(log) == {
        api.SKIP_ERROR: 1,
        api.SKIP_LOOKUP: 2,  # a users lookup and a counts page
        api.SKIP_BROKEN: 1,
        api.SKIP_REFERENCED: 1,
    }


def test_quotes_and_retweets_of_the_candidate_name_the_tweet_and_stay_in_the_collection():
    a = load("quotes-and-retweets-pages.jsonl")
    p = a.posts.sort("post_id")
    # 44 quotes someone else's tweet (45) without naming Alex: neither is Alex's conversation
    assert short(p["post_id"]) == ["40", "41", "42", "43", "46"]
    assert p["author"].to_list() == [
        "alexrivera", "city_news", "sam_neighbour", "jordan_voter", "jordan_voter",
    ]  # fmt: skip
    assert p["kind"].cast(str).to_list() == ["post", "quote", "repost", "reply", "reply"]
    # the quote (no @mention) and the retweet name Alex's tweet; 46 replies and quotes: a reply
    assert short(p["reply_to_id"]) == [None, "40", "40", "41", "40"]
    assert p["reply_to_author"].to_list() == [
        None, "alexrivera", "alexrivera", "city_news", "alexrivera",
    ]  # fmt: skip
    # a quote or retweet starts a conversation of its own; a reply to the quote joins it
    assert short(p["conversation_id"]) == ["40", "41", "42", "41", "40"]
    log = a.log.row(0, named=True)
    assert (log["records_read"], log["rows_kept"]) == (8, 5)
    assert skipped(log) == {
        api.SKIP_REFERENCED: 1,
        "not in a conversation with a studied account": 2,
    }


def test_a_quote_that_names_its_tweet_is_still_no_reply_in_threads_and_inbound_items():
    a = load("quotes-and-retweets-pages.jsonl")
    t = threads(a.posts).sort("post_id")
    assert short(t["root_id"]) == ["40", "41", "42", "41", "40"]
    assert t["depth"].to_list() == [0, 0, 0, 1, 1]
    assert not t["parent_missing"].any()
    # Alex was addressed once: by the reply (46); the quote has no @mention, the retweet
    # is a retweet, and the reply to the quote answers City News
    items = inbound(a)
    assert short(items["post_id"]) == ["46"]
    assert items["via"].to_list() == ["reply"]


def test_the_quoted_tweets_author_comes_from_the_file_when_the_quote_does_not_say():
    posts = read_direct(API / "quotes-and-retweets-pages.jsonl").sort("post_id")
    other = posts.filter(pl.col("post_id").str.ends_with("44")).row(0, named=True)
    assert (other["kind"], other["reply_to_id"][-2:], other["reply_to_author"]) == (
        "quote",
        "45",
        "weather_desk",
    )


def test_flattened_quotes_and_retweets_name_the_tweet_expanded_in_place():
    a = load("quotes-and-retweets-flattened.jsonl")
    p = a.posts.sort("post_id")
    assert short(p["post_id"]) == ["47", "48", "49"]
    assert p["kind"].cast(str).to_list() == ["post", "quote", "repost"]
    assert short(p["reply_to_id"]) == [None, "47", "47"]
    assert p["reply_to_author"].to_list() == [None, "alexrivera", "alexrivera"]
    assert short(p["conversation_id"]) == ["47", "48", "49"]
    log = a.log.row(0, named=True)
    assert (log["records_read"], log["rows_kept"]) == (4, 3)
    assert skipped(log) == {api.SKIP_REFERENCED: 1}


def test_v1_quotes_and_retweets_name_the_status_and_a_reply_to_the_quote_stays_in_its_thread():
    a = load("quotes-and-retweets-v1.jsonl")
    p = a.posts.sort("post_id")
    assert short(p["post_id"]) == ["10", "11", "12", "13", "14"]
    assert p["kind"].cast(str).to_list() == ["post", "quote", "repost", "reply", "quote"]
    # 14 gives only quoted_status_id_str: the quoted status, in the file, gives its author
    assert short(p["reply_to_id"]) == [None, "10", "10", "11", "10"]
    assert p["reply_to_author"].to_list() == [
        None, "alexrivera", "alexrivera", "city_news", "alexrivera",
    ]  # fmt: skip
    # followed in the file through replies only: the quote does not join Alex's thread
    assert short(p["conversation_id"]) == ["10", "11", "12", "11", "14"]
    log = a.log.row(0, named=True)
    assert (log["records_read"], log["rows_kept"]) == (7, 5)
    assert skipped(log) == {api.SKIP_REFERENCED: 2}


def test_an_edited_tweet_is_one_post_its_latest_version():
    a = load("edited-tweet.jsonl")
    p = a.posts.sort("post_id")
    assert short(p["post_id"]) == ["52", "53"]
    assert p["text"].to_list()[0] == "Polls open at 7am tomorrow"
    assert p["kind"].cast(str).to_list() == ["post", "reply"]
    log = a.log.row(0, named=True)
    # 3 tweets in data + the first version twice in includes; it was streamed before the
    # edit (its own history then named only itself), so the later lines settle it
    assert (log["records_read"], log["rows_kept"]) == (5, 2)
    assert skipped(log) == {api.SKIP_EDITED: 1, api.SKIP_REFERENCED: 2}
    posts = a.posts.filter(pl.col("author") == "alexrivera")
    assert posts.height == 1


def test_a_reply_to_the_first_version_of_an_edited_tweet_hangs_under_its_latest_version():
    a = load("edited-tweet.jsonl")
    reply = rows_by_id(a)["53"]
    assert (reply["reply_to_id"][-2:], reply["reply_to_author"]) == ("52", "alexrivera")
    assert reply["conversation_id"][-2:] == "52"
    t = threads(a.posts).sort("post_id")
    assert short(t["root_id"]) == ["52", "52"] and not t["parent_missing"].any()
    assert short(inbound(a)["post_id"]) == ["53"]


def test_an_earlier_version_is_kept_when_its_later_version_is_not_in_the_file(tmp_path):
    # the page of the reply alone: it includes the first version, whose history names a
    # later one that this file does not hold
    path = tmp_path / "reply-only.jsonl"
    path.write_bytes((API / "edited-tweet.jsonl").read_bytes().splitlines()[2] + b"\n")
    a = toolkit.load(path, accounts_file=ACCOUNTS)
    p = a.posts.sort("post_id")
    assert short(p["post_id"]) == ["50", "53"]
    assert short(p["reply_to_id"]) == [None, "50"]
    assert skipped(a.log.row(0, named=True)) == {}


def test_times_written_with_a_numeric_offset_are_read_as_utc():
    a = load("offset-times.jsonl")
    p = a.posts.sort("post_id")
    assert short(p["post_id"]) == ["70", "71", "72"]
    assert p["created_at"].to_list() == [
        datetime(2022, 11, 7, 19, 25, 56, tzinfo=UTC),
        datetime(2022, 11, 7, 19, 40, 0, 123000, tzinfo=UTC),
        datetime(2022, 11, 7, 19, 45, 0, tzinfo=UTC),
    ]
    log = a.log.row(0, named=True)
    assert (log["records_read"], log["rows_kept"]) == (4, 3)
    assert skipped(log) == {api.SKIP_NO_TIME: 1}  # "last Monday" is still no time


def test_rows_of_a_collection_have_no_account_until_toolkit_load_attributes_them():
    loaded = REGISTRY["twitter-api"].load(
        Input(API / "flattened-conversation.jsonl"), LoadContext()
    )
    assert loaded.posts["account"].null_count() == loaded.posts.height == 4
    assert loaded.owners == []


# ----------------------------------------------------------------------------- detection and bad input


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"", "empty.jsonl"),
        (b"\n\n  \n", "blank.jsonl"),
        (b'{"foo": 1}\n', "other.jsonl"),
        (b'{"id": "1", "text": "no author"}\n', "tweetish.jsonl"),
        (b'{"errors": [{"message": "rate limited"}]}\n', "other-api-error.json"),
        (b'{"data": [{"id": "1", "text": "hi", "author_id": "2"}]}\n', "page.csv"),
    ],
)
def test_only_twitter_api_lines_are_detected(tmp_path, content, name):
    path = tmp_path / name
    path.write_bytes(content)
    assert not REGISTRY["twitter-api"].detect(Input(path))


def test_a_file_starting_with_a_twitter_api_error_is_still_recognised(tmp_path):
    error = (
        b'{"errors": [{"title": "Too Many Requests", "detail": "Too Many Requests",'
        b' "type": "https://api.twitter.com/2/problems/usage-capped"}]}\n'
    )
    path = tmp_path / "search.jsonl"
    path.write_bytes(error + (API / "flattened-conversation.jsonl").read_bytes())
    assert REGISTRY["twitter-api"].detect(Input(path))
    log = toolkit.load(path, accounts_file=ACCOUNTS).log.row(0, named=True)
    assert (log["records_read"], log["rows_kept"]) == (6, 4)
    assert skipped(log) == {api.SKIP_ERROR: 1, api.SKIP_REFERENCED: 1}


def test_a_v1_stream_starting_with_a_limit_notice_is_recognised_and_the_notice_counted(tmp_path):
    path = tmp_path / "stream.jsonl"
    notice = b'{"limit":{"track":3,"timestamp_ms":"1345864562500"}}\n'
    path.write_bytes(
        notice
        + (API / "v1-statuses.jsonl").read_bytes()
        + b'{"delete":{"status":{"id_str":"1"}}}\n'
    )
    assert REGISTRY["twitter-api"].detect(Input(path))
    log = toolkit.load(path, accounts_file=ACCOUNTS).log.row(0, named=True)
    assert (log["records_read"], log["rows_kept"]) == (9, 6)
    assert skipped(log) == {api.SKIP_NOTICE: 2, api.SKIP_REFERENCED: 1}


def test_an_empty_jsonl_file_is_not_a_recognised_export(tmp_path, capsys):
    path = tmp_path / "search.jsonl"
    path.write_bytes(b"")
    with pytest.raises(UnknownFormatError, match="search.jsonl: not a recognised export"):
        toolkit.load(path)
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "search.jsonl" in err


def test_a_broken_first_line_does_not_hide_the_tweets_after_it(tmp_path):
    good = (API / "flattened-conversation.jsonl").read_bytes()
    path = tmp_path / "cut.jsonl"
    path.write_bytes(b'{"id": "16000000000000000\n' + good)
    a = toolkit.load(path, accounts_file=ACCOUNTS)
    log = a.log.row(0, named=True)
    assert (log["records_read"], log["rows_kept"]) == (6, 4)
    assert skipped(log) == {api.SKIP_BROKEN: 1, api.SKIP_REFERENCED: 1}


# ----------------------------------------------------------------------------- real twarc2 files


@pytest.fixture
def twarc2(shared_samples) -> Path:
    folder = shared_samples / "twarc2"
    if not folder.is_dir():
        pytest.skip(f"twarc2 samples not available: {folder} is absent")
    return folder


def read_direct(path: Path) -> pl.DataFrame:
    """The source's own rows (before toolkit.load decides whose conversation each is)."""
    return REGISTRY["twitter-api"].load(Input(path), LoadContext()).posts


@pytest.mark.parametrize(
    "name",
    [
        "cotweet.jsonl",
        "edited.jsonl",
        "flat.jsonl",
        "mentions_tweet.jsonl",
        "noflat.jsonl",
        "streaming_output_with_error.jsonl",
        "two_tweets.jsonl",
    ],
)
def test_every_tweet_of_the_real_files_is_accounted_for(twarc2, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no accounts file: the most frequent author is assumed
        archive = toolkit.load(twarc2 / name)
    for row in archive.log.iter_rows(named=True):
        assert row["format"].startswith("twitter-api")
        assert row["rows_kept"] + row["rows_skipped"] == row["records_read"] > 0


def test_flat_jsonl_has_47_retweets_31_replies_and_8_quotes_among_its_100_lines(twarc2):
    path = twarc2 / "flat.jsonl"
    lines = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    assert len(lines) == 100
    posts = read_direct(path)
    own = posts.filter(pl.col("post_id").is_in([t["id"] for t in lines]))
    assert own.height == 100
    assert dict(own.group_by("kind").len().iter_rows()) == {
        "repost": 47,
        "reply": 31,
        "quote": 8,
        "post": 14,
    }
    # kinds follow referenced_tweets exactly
    expected = {}
    for t in lines:
        types = {r["type"] for r in t.get("referenced_tweets", [])}
        expected[t["id"]] = (
            "repost"
            if "retweeted" in types
            else "reply"
            if "replied_to" in types
            else "quote"
            if "quoted" in types
            else "post"
        )
    assert dict(zip(own["post_id"], own["kind"].cast(str), strict=True)) == expected
    # 86 referenced tweets are expanded in place, 22 of them repeat an id already read
    assert posts.height == 164
    # one tweet has in_reply_to_user_id but replies to no tweet: it starts with a mention
    mention_only = [
        t for t in lines if "in_reply_to_user_id" in t and not t.get("referenced_tweets")
    ]
    assert [expected[t["id"]] for t in mention_only] == ["post"]


def test_flat_and_noflat_hold_the_same_tweets_and_give_the_same_rows(twarc2):
    flat = read_direct(twarc2 / "flat.jsonl").drop("source_file").sort("post_id")
    page = read_direct(twarc2 / "noflat.jsonl").drop("source_file").sort("post_id")
    assert flat.equals(page)
    assert flat["author"].null_count() == 0 and flat["conversation_id"].null_count() == 0
    replies = flat.filter(pl.col("kind") == "reply")
    assert replies["reply_to_author"].null_count() == 0


def test_the_stream_with_an_error_line_loads_every_tweet_before_it(twarc2):
    path = twarc2 / "streaming_output_with_error.jsonl"
    log = api.FileLog(str(path), "twitter-api")
    posts = api.read_lines(path.read_bytes(), str(path), log)
    # 7 streamed tweets (data is one tweet per line) + 4 referenced tweets in includes
    assert (log.read, posts.height) == (12, 11)
    assert dict(log.skipped) == {api.SKIP_BROKEN: 1}  # the last line is cut off
    streamed = [orjson.loads(line)["data"]["id"] for line in path.read_bytes().splitlines()[:7]]
    kinds = posts.filter(pl.col("post_id").is_in(streamed)).group_by("kind").len()
    assert dict(kinds.iter_rows()) == {"reply": 3, "post": 3, "quote": 1}


def test_two_tweets_gives_the_retweet_and_the_original_it_includes(twarc2):
    posts = read_direct(twarc2 / "two_tweets.jsonl").sort("created_at")
    assert posts["kind"].cast(str).to_list() == ["post", "repost"]
    assert posts["author"].to_list()[0] == "bibaigna96"
    assert posts["text"].to_list()[1].startswith("RT @bibaigna96:")


def test_every_retweet_quote_and_reply_in_flat_jsonl_names_the_tweet_it_refers_to(twarc2):
    path = twarc2 / "flat.jsonl"
    lines = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    posts = read_direct(path)
    rows = {r["post_id"]: r for r in posts.iter_rows(named=True)}
    kinds = {"repost": "retweeted", "reply": "replied_to", "quote": "quoted"}
    named = 0
    for t in lines:
        row = rows[t["id"]]
        refs = {r["type"]: r for r in t.get("referenced_tweets", [])}
        if row["kind"] == "post":
            assert row["reply_to_id"] is None
            continue
        ref = refs[kinds[row["kind"]]]
        assert row["reply_to_id"] == ref["id"]
        if row["kind"] != "reply":  # the expanded tweet gives its author
            assert row["reply_to_author"] == ref["author"]["username"].lower()
            assert row["conversation_id"] == t["id"]
            named += 1
    assert named == 47 + 8


def test_quotes_of_breaking911_in_flat_jsonl_are_kept_when_breaking911_is_studied(twarc2, tmp_path):
    accounts = tmp_path / "accounts.toml"
    accounts.write_text('[b911]\nname = "Breaking911"\ntwitter = "Breaking911"\n')
    a = toolkit.load(twarc2 / "flat.jsonl", accounts_file=accounts)
    assert "1380226330034372610" in a.posts["post_id"].to_list()
    quoting = pl.col("reply_to_id").eq("1380226330034372610") & pl.col("kind").eq("quote")
    # every quote of the tweet in the file (lines and the quotes they quote or retweet)
    expected = set(read_direct(twarc2 / "flat.jsonl").filter(quoting)["post_id"])
    assert {"1380242403009966082", "1380242265759752195"} <= expected
    quotes = a.posts.filter(quoting)
    assert set(quotes["post_id"]) == expected
    assert set(quotes["reply_to_author"]) == {"breaking911"}
    assert set(quotes["account"]) == {"breaking911"}


def test_the_edited_sample_gives_one_tweet_its_latest_version(twarc2):
    path = twarc2 / "edited.jsonl"
    log = api.FileLog(str(path), "twitter-api")
    posts = api.read_lines(path.read_bytes(), str(path), log)
    assert posts["post_id"].to_list() == ["1576994789110992896"]
    assert posts["text"].to_list()[0].startswith("hey :)")
    # the latest version in data, then includes: the first version and the latest again
    assert log.read == 3
    assert dict(log.skipped) == {api.SKIP_EDITED: 1, api.SKIP_REFERENCED: 1}


def test_the_empty_sample_is_reported_as_not_a_recognised_export(twarc2):
    with pytest.raises(UnknownFormatError, match=r"empty\.json: not a recognised export"):
        toolkit.load(twarc2 / "empty.json")


# ----------------------------------------------------------------------------- big files: several processes


MIXED = (
    "conversation-pages.jsonl",
    "stream-with-error-lines.jsonl",
    "flattened-conversation.jsonl",
    "v1-statuses.jsonl",
)
#: the fixtures of quotes and retweets, an edited tweet and offset times
NAMED = (
    "quotes-and-retweets-pages.jsonl",
    "edited-tweet.jsonl",
    "quotes-and-retweets-flattened.jsonl",
    "offset-times.jsonl",
    "quotes-and-retweets-v1.jsonl",
)


def mixed_file(copies: int = 12, *, crlf: bool = False, names: tuple[str, ...] = MIXED) -> bytes:
    """Every fixture shape, again and again: pages with API errors, flattened and v1.1 lines,
    lookups, notices, broken and blank lines; each copy with its own ids (copy 0 twice, so
    later lines repeat ids read in other chunks)."""
    fixtures = b"".join((API / name).read_bytes().rstrip(b"\n") + b"\n" for name in names)
    out = []
    for k in [*range(copies), 0]:
        block = fixtures.replace(b"16000000000000", b"16%012d" % k).replace(
            b"17000000000000", b"17%012d" % k
        )
        out.append(block + b'{"limit":{"track":3}}\n\n   \n{"id": "16000000000000000\n')
    data = b"".join(out)
    return data.replace(b"\n", b"\r\n") if crlf else data


def direct(data: bytes, path: Path) -> tuple[pl.DataFrame, dict]:
    log = api.FileLog(str(path), "twitter-api")
    return api.read_lines(data, str(path), log), log.row()


def parallel(path: Path, helpers: int, *, here: bool = True) -> tuple[pl.DataFrame, dict]:
    log = api.FileLog(str(path), "twitter-api")
    with api.no_gc():
        posts = api._finish(api._read_chunks(path, helpers, here=here), str(path), log)
    return posts, log.row()


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(api, "_CHUNK_BYTES", 1500)  # a few lines each: every rule crosses chunks


def test_the_mixed_file_is_read_line_by_line_as_documented(tmp_path):
    path = tmp_path / "mixed.jsonl"
    posts, log = direct(mixed_file(), path)
    # 19 rows per copy; the repeated copy 0 gives none: its tweets are duplicates, and so
    # are the referenced tweets of its pages (those of its flattened and v1.1 lines go
    # with their duplicate line)
    assert posts.height == 12 * 19 and posts["post_id"].is_unique().all()
    assert log["format"] == "twitter-api (twarc2 pages + twarc2 flattened tweets + v1.1 statuses)"
    assert skipped(log) == {  # as the line-by-line reading has always counted them
        api.SKIP_REFERENCED: 64,
        api.SKIP_DUPLICATE: 16,
        api.SKIP_ERROR: 13,
        api.SKIP_LOOKUP: 26,
        api.SKIP_BROKEN: 26,
        api.SKIP_NOTICE: 13,
    }
    assert log["records_read"] == posts.height + sum(skipped(log).values())
    assert log["notes"][0].startswith("13 API error entries inside pages")


@pytest.mark.parametrize("crlf", [False, True])
@pytest.mark.parametrize(
    ("helpers", "here"),
    [(1, True), (1, False), (0, True)],
    ids=["with-a-helper", "helper-only", "in-chunks-without-helpers"],
)
def test_a_file_read_by_several_processes_gives_the_rows_and_log_of_one_reading(
    tmp_path, small_chunks, monkeypatch, crlf, helpers, here
):
    data = mixed_file(crlf=crlf)
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(data)
    with api.no_gc(), path.open("rb") as f:
        assert len(api._chunks(f, len(data), api._CHUNK_BYTES)) > 20
    expected_posts, expected_log = direct(data, path)
    if not here:  # every chunk is read by the helper and sent here: none is read again here
        parent = os.getpid()
        read_chunk = api._read_chunk

        def helper_only(*args):
            assert os.getpid() != parent, "a chunk the helper should have sent is read here"
            return read_chunk(*args)

        monkeypatch.setattr(api, "_read_chunk", helper_only)
    posts, log = parallel(path, helpers, here=here)
    assert posts.equals(expected_posts)
    assert log == expected_log


@pytest.mark.parametrize(
    ("helpers", "here"),
    [(1, True), (1, False), (0, True)],
    ids=["with-a-helper", "helper-only", "in-chunks-without-helpers"],
)
def test_quotes_edits_and_offset_times_give_the_same_rows_however_the_file_is_read(
    tmp_path, small_chunks, helpers, here
):
    data = mixed_file(names=NAMED)
    path = tmp_path / "named.jsonl"
    path.write_bytes(data)
    with api.no_gc(), path.open("rb") as f:
        assert len(api._chunks(f, len(data), api._CHUNK_BYTES)) > 20  # a line or two each
    expected_posts, expected_log = direct(data, path)
    # each copy: its edited tweet's first version, streamed in one chunk, is dropped by what
    # later chunks say, and the reply to it hangs under the latest version
    assert skipped(expected_log)[api.SKIP_EDITED] == 12
    assert skipped(expected_log)[api.SKIP_NO_TIME] == 12
    replies = expected_posts.filter(pl.col("post_id").str.ends_with("53"))
    assert replies.height == 12
    assert (replies["reply_to_id"].str.slice(-2) == "52").all()
    quotes = expected_posts.filter(pl.col("kind") == "quote")
    assert quotes.height == 12 * 5 and quotes["reply_to_author"].null_count() == 0
    posts, log = parallel(path, helpers, here=here)
    assert posts.equals(expected_posts)
    assert log == expected_log


def test_chunks_are_whole_lines_even_when_a_line_is_longer_than_a_chunk(tmp_path):
    data = b"a\n" + b"b" * 50 + b"\n\nc\r\nd" + b"e" * 30 + b"\n"
    path = tmp_path / "x.jsonl"
    path.write_bytes(data)
    for step in (1, 2, 7, 40, 1000):
        with path.open("rb") as f:
            spans = api._chunks(f, len(data), step)
        assert spans[0][0] == 0 and spans[-1][1] == len(data)
        assert all(a < b == c for (a, b), (c, _) in zip(spans, spans[1:], strict=False))
        assert [line for a, b in spans for line in data[a:b].splitlines()] == data.splitlines()


def test_chunks_a_helper_did_not_read_are_read_by_the_loading_process(tmp_path, monkeypatch):
    data = mixed_file(4)
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(data)
    expected_posts, expected_log = direct(data, path)
    monkeypatch.setattr(api, "_CHUNK_BYTES", 1500)

    real_read_chunk = api._read_chunk

    def fails_sometimes(f, span, cache):
        if os.getpid() != parent and span[0] % 2:
            raise RuntimeError("helper failed")
        return real_read_chunk(f, span, cache)

    parent = os.getpid()
    monkeypatch.setattr(api, "_read_chunk", fails_sometimes)
    posts, log = parallel(path, 1, here=False)
    assert posts.equals(expected_posts) and log == expected_log

    def dies(path, chunks, counter, out):
        next(api._claims(counter, len(chunks)))  # takes chunk 0, never writes it
        os._exit(3)

    monkeypatch.setattr(api, "_read_chunk", real_read_chunk)
    monkeypatch.setattr(api, "_helper", dies)
    posts, log = parallel(path, 1, here=True)
    assert posts.equals(expected_posts) and log == expected_log


def test_where_no_process_can_be_forked_the_loading_process_reads_every_chunk(
    tmp_path, small_chunks, monkeypatch
):
    data = mixed_file(3)
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(data)
    expected_posts, expected_log = direct(data, path)

    def no_fork(method):
        raise OSError("fork is not allowed here")

    monkeypatch.setattr(api.multiprocessing, "get_context", no_fork)
    posts, log = parallel(path, 1)
    assert posts.equals(expected_posts) and log == expected_log


def test_a_helper_that_hangs_is_stopped_and_its_chunks_read_here(tmp_path, monkeypatch):
    data = mixed_file(2)
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(data)
    expected_posts, expected_log = direct(data, path)
    monkeypatch.setattr(api, "_CHUNK_BYTES", 1500)
    monkeypatch.setattr(api, "_HELPER_STALL_S", 0.5)

    def hangs(path, chunks, counter, out):
        next(api._claims(counter, len(chunks)))
        time.sleep(60)

    monkeypatch.setattr(api, "_helper", hangs)
    t0 = time.monotonic()
    posts, log = parallel(path, 1, here=True)
    assert time.monotonic() - t0 < 30
    assert posts.equals(expected_posts) and log == expected_log


def test_a_helper_that_raises_makes_the_loading_process_raise_the_same_error(tmp_path, monkeypatch):
    path = tmp_path / "odd.jsonl"
    good = (API / "flattened-conversation.jsonl").read_bytes()
    odd = b'{"id": "1", "author_id": "2", "text": 5}\n'  # text that is not a string
    path.write_bytes(good * 30 + odd + good * 30)
    with pytest.raises(TypeError):
        api.read_lines(path.read_bytes(), str(path), api.FileLog(str(path), "twitter-api"))
    monkeypatch.setattr(api, "_CHUNK_BYTES", 2000)
    with pytest.raises(TypeError):
        parallel(path, 1, here=False)


def test_toolkit_load_reads_big_files_with_helpers_and_gives_the_same_archive(
    tmp_path, monkeypatch
):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(mixed_file())
    one = toolkit.load(path, accounts_file=ACCOUNTS)
    calls = []
    real = api._read_chunks

    def spy(path, helpers, **kw):
        calls.append(helpers)
        return real(path, helpers, **kw)

    monkeypatch.setattr(api, "_BIG_FILE_BYTES", 0)
    monkeypatch.setattr(api, "_CHUNK_BYTES", 4000)
    monkeypatch.setattr(api, "_helpers", lambda: 1)
    monkeypatch.setattr(api, "_read_chunks", spy)
    several = toolkit.load(path, accounts_file=ACCOUNTS)
    assert calls == [1]
    assert several.posts.equals(one.posts) and several.log.equals(one.log)
