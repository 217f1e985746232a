"""Twitter API JSON lines: conversations collected around a candidate with twarc2 or twarc 1.x.

Fixtures (tests/fixtures/twitter-api/) follow Alex Rivera (@AlexRivera, the studied
account listed in accounts.toml) through voters' replies: two twarc2 search pages,
a flattened conversation, v1.1 statuses, and a stream with API error lines. The
real twarc2 files in ../shared/samples/twarc2 (DocNow/twarc-csv test data) are
checked for accounting and kinds.
"""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path

import orjson
import polars as pl
import pytest

import toolkit
from toolkit.cli import main
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
    assert [None if i is None else i[-2:] for i in p["reply_to_id"]] == [
        None,
        "01",
        "10",
        "01",
        "11",
        None,
        None,
    ]
    assert p["reply_to_author"].to_list() == [
        None, "alexrivera", "jordan_voter", "alexrivera", "alexrivera", None, None,
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
    assert p["reply_to_author"].to_list() == [None, None, "alexrivera", None, None, "jordan_voter"]
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


def test_the_empty_sample_is_reported_as_not_a_recognised_export(twarc2):
    with pytest.raises(UnknownFormatError, match=r"empty\.json: not a recognised export"):
        toolkit.load(twarc2 / "empty.json")


# ----------------------------------------------------------------------------- big files: several processes


def mixed_file(copies: int = 12, *, crlf: bool = False) -> bytes:
    """Every fixture shape, again and again: pages with API errors, flattened and v1.1 lines,
    lookups, notices, broken and blank lines; each copy with its own ids (copy 0 twice, so
    later lines repeat ids read in other chunks)."""
    fixtures = b"".join(
        (API / name).read_bytes().rstrip(b"\n") + b"\n"
        for name in (
            "conversation-pages.jsonl",
            "stream-with-error-lines.jsonl",
            "flattened-conversation.jsonl",
            "v1-statuses.jsonl",
        )
    )
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
