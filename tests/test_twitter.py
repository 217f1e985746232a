"""Twitter/X account archives: a candidate's modern archive, older layouts, legacy exports, bad input.

The modern fixture (tests/fixtures/twitter/modern-archive/) is Alex Rivera's
archive: 3 original tweets, 2 replies to voters, a 3-tweet budget thread, 2
retweets, 1 quote, 1 reply whose ``in_reply_to_screen_name`` is missing, 1 tweet
that starts with a mention but replies to nothing, plus one deleted and one
community tweet, a direct message and a like (neither may be loaded).
"""

from __future__ import annotations

import shutil
import warnings
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

import toolkit
from toolkit.cli import main
from toolkit.errors import InputError, ToolkitError, UnknownFormatError
from toolkit.sources import REGISTRY, Input, LoadContext, formats
from toolkit.sources import twitter as tw
from toolkit.sources._io import FileLog

from .conftest import FIXTURES, zip_folder

formats()
TW = FIXTURES / "twitter"
MODERN = TW / "modern-archive"


def ids(frame: pl.DataFrame, column: str = "post_id") -> list:
    """Last two digits of tweet ids, to keep the expectations readable."""
    return [None if v is None else v[-2:] for v in frame[column].to_list()]


def by_id(frame: pl.DataFrame) -> dict[str, dict]:
    return {r["post_id"][-2:]: r for r in frame.iter_rows(named=True)}


@pytest.fixture(scope="module")
def alex() -> toolkit.Archive:
    return toolkit.load(MODERN)


# ----------------------------------------------------------------------------- modern archive


def test_every_tweet_of_the_candidate_is_one_row_with_its_kind(alex):
    p = alex.posts.sort("post_id")
    assert ids(p) == [f"{i:02d}" for i in range(1, 16)]
    assert p["kind"].cast(str).to_list() == [
        "post", "post", "post",  # town hall, photo, schools
        "reply", "reply",  # to two voters
        "post", "reply", "reply",  # the budget thread
        "repost", "repost",
        "quote",
        "reply",  # in_reply_to_screen_name missing
        "post",  # starts with @sam_neighbour but replies to no tweet
        "post",  # deleted-tweets.js
        "post",  # community-tweet.js
    ]  # fmt: skip
    assert set(p["account"]) == {"alexrivera"} and set(p["author"]) == {"alexrivera"}
    assert set(p["platform"].cast(str)) == {"twitter"}


def test_replies_name_who_they_answer_and_threads_share_a_conversation(alex):
    p = alex.posts.sort("post_id")
    assert ids(p, "reply_to_id") == [
        None,
        None,
        None,
        "50",
        "60",
        None,
        "06",
        "07",
        None,
        None,
        "70",  # a quote names the quoted tweet (from its link)
        "80",
        None,
        None,
        None,
    ]
    assert p["reply_to_author"].to_list() == [
        None, None, None, "jordan_voter", "sam_neighbour",
        None, "alexrivera", "alexrivera",  # self-thread; the 3rd names no screen name, only the owner's id
        "city_news", "jordan_voter", "city_news",  # retweets name the retweeted, a quote the quoted
        "jordan_voter",  # screen name missing: the user id is @Jordan_Voter's in the tweet's mentions
        None, None, None,
    ]  # fmt: skip
    # the thread hangs together; replies to tweets outside the archive are their own conversation
    assert ids(p, "conversation_id") == [
        "01",
        "02",
        "03",
        "04",
        "05",
        "06",
        "06",
        "06",
        "09",
        "10",
        "11",
        "12",
        "13",
        "14",
        "15",
    ]
    assert alex.summary().select(
        "posts", "replies_to_others", "self_thread", "reposts", "quotes"
    ).row(0) == (7, 3, 2, 2, 1)


def test_text_is_unescaped_and_links_are_expanded(alex):
    rows = by_id(alex.posts)
    assert (
        rows["01"]["text"]
        == "Town hall tonight at 7pm & everyone is welcome! #TownHall https://alexrivera.example/townhall"
    )
    assert rows["01"]["urls"] == ["https://alexrivera.example/townhall"]
    assert rows["01"]["hashtags"] == ["TownHall"]
    assert (
        rows["02"]["text"] == "Thanks for coming, Springfield!"
    )  # the photo's t.co link is dropped
    assert rows["02"]["urls"] == []
    assert rows["03"]["text"] == "Our plan for schools: less <paperwork>, more teaching."
    assert (
        rows["09"]["text"]
        == "RT @city_news: Road closure on Main St this weekend & detours via Elm…"
    )
    assert rows["11"]["text"] == (
        "This is exactly why we need the plan https://twitter.com/city_news/status/1400000000000000070"
    )
    assert rows["10"]["mentions"] == ["jordan_voter", "alexrivera"]
    assert rows["13"]["mentions"] == ["sam_neighbour"]


def test_counts_clients_language_and_permalinks(alex):
    rows = by_id(alex.posts)
    assert (rows["01"]["likes"], rows["01"]["reposts"], rows["01"]["replies"]) == (12, 3, None)
    assert (rows["09"]["likes"], rows["09"]["reposts"]) == (0, 0)  # own retweets show "0"
    assert alex.posts["replies"].null_count() == 15  # archives have no reply counts
    assert alex.posts.group_by("client").len().sort("client").rows() == [
        ("Twitter Web App", 9),
        ("Twitter for iPhone", 6),
    ]
    assert rows["01"]["lang"] == "en"
    assert rows["01"]["url"] == "https://twitter.com/alexrivera/status/1500000000000000001"
    assert rows["01"]["created_at"] == datetime(2022, 3, 1, 9, 0, tzinfo=UTC)


def test_the_owner_comes_from_account_js_and_the_export_date_from_the_manifest(alex):
    acc = alex.accounts.row(0, named=True)
    assert alex.accounts.height == 1
    assert (acc["account"], acc["display_name"]) == ("alexrivera", "Alex Rivera")
    assert acc["observed_until"] == datetime(2022, 6, 30, 12, 0, tzinfo=UTC)


def test_deleted_and_community_tweets_are_loaded_and_flagged_in_the_log(alex):
    log = {Path(r["source_file"]).name: r for r in alex.log.iter_rows(named=True)}
    assert set(log) == {"tweets.js", "deleted-tweets.js", "community-tweet.js"}
    assert [log[n]["format"] for n in ("tweets.js", "deleted-tweets.js", "community-tweet.js")] == [
        "twitter (archive tweets)",
        "twitter (archive deleted tweets)",
        "twitter (archive community tweets)",
    ]
    assert (log["tweets.js"]["records_read"], log["tweets.js"]["rows_kept"]) == (13, 13)
    deleted_note = log["deleted-tweets.js"]["notes"][0]
    assert deleted_note.startswith("deleted tweets:") and "deleted_at" in deleted_note
    assert "2022-03-05" in deleted_note
    assert log["community-tweet.js"]["notes"][0].startswith("community tweets:")


def test_direct_messages_likes_and_the_email_are_never_loaded(alex):
    everything = (
        str(alex.posts.to_dicts()) + str(alex.log.to_dicts()) + str(alex.accounts.to_dicts())
    )
    assert "private: call me" not in everything
    assert "alex@campaign.example" not in everything
    assert "direct-messages" not in everything and "like.js" not in everything


@pytest.mark.parametrize("prefix", ["", "twitter-2022-06-30-abc123/"])
def test_the_zip_reads_the_same_as_the_folder(alex, tmp_path, prefix):
    zipped = zip_folder(MODERN, tmp_path / "twitter-archive.zip", prefix=prefix)
    archive = toolkit.load(zipped)
    cols = [c for c in alex.posts.columns if c != "source_file"]
    assert archive.posts.select(cols).equals(alex.posts.select(cols))
    assert archive.posts["source_file"].str.starts_with(f"{zipped}!{prefix}data/").all()
    assert archive.accounts.row(0, named=True)["observed_until"] == datetime(
        2022, 6, 30, 12, 0, tzinfo=UTC
    )


def test_the_2019_tweet_js_layout_in_two_parts_gives_the_same_rows(alex):
    old = toolkit.load(TW / "old-style-tweet-js")
    assert (
        (TW / "old-style-tweet-js/data/tweet.js")
        .read_text()
        .startswith("window.YTD.tweet.part0 = [ {")
    )
    assert [Path(f).name for f in old.log["source_file"]] == ["tweet.js", "tweet-part1.js"]
    assert old.log["records_read"].to_list() == [8, 5]
    cols = [c for c in alex.posts.columns if c != "source_file"]
    same = alex.posts.filter(pl.col("source_file").str.ends_with("/tweets.js")).select(cols)
    assert old.posts.select(cols).equals(same)


@pytest.mark.parametrize("scan_lines", [True, False], ids=["scan_lines", "scan_csv"])
def test_the_fast_line_route_and_the_json_route_agree(monkeypatch, scan_lines):
    """tweets.js as Twitter writes it is read line by line; both routes must give the same frame."""
    monkeypatch.setattr(tw, "USE_SCAN_LINES", scan_lines and tw.USE_SCAN_LINES)
    owner = tw._Owner("alexrivera", "1111111111")
    path = MODERN / "data/tweets.js"
    fast_log, json_log = FileLog("x", "t"), FileLog("x", "t")
    fast = tw.raw_from_pretty_js(path, "x", fast_log)
    assert fast is not None
    from toolkit.sources._io import loads_js

    slow = tw.raw_from_tweets(loads_js(path.read_bytes(), "x"), "x", json_log)
    assert fast_log.read == json_log.read == 13
    assert tw.finish(fast, owner, {"x": fast_log}).equals(tw.finish(slow, owner, {"x": json_log}))


def test_a_file_not_in_twitters_exact_layout_takes_the_json_route(tmp_path):
    """Minified JSON, CRLF line ends or a damaged value fall back to the JSON parser."""
    data = (MODERN / "data/tweets.js").read_bytes()
    log = FileLog("x", "t")
    crlf = tmp_path / "crlf.js"
    crlf.write_bytes(data.replace(b"\n", b"\r\n"))
    assert not tw._fast_layout(crlf.read_bytes()[:256], crlf.read_bytes()[-64:])
    damaged = tmp_path / "damaged.js"
    damaged.write_bytes(
        data.replace(b'"full_text" : "A thread on the budget (1/3)"', b'"full_text" : "A thread on')
    )
    assert tw.raw_from_pretty_js(damaged, "x", log) is None
    for name in ("crlf", "damaged"):
        folder = tmp_path / name / "data"
        folder.mkdir(parents=True)
        shutil.copy(MODERN / "data/account.js", folder / "account.js")
        shutil.copy(tmp_path / f"{name}.js", folder / "tweets.js")
    assert toolkit.load(tmp_path / "crlf").posts.height == 13
    with pytest.raises(InputError, match=r"damaged/data/tweets\.js: not valid JSON"):
        toolkit.load(tmp_path / "damaged")


def test_the_manifest_names_the_owner_when_account_js_is_missing(tmp_path):
    copy = shutil.copytree(MODERN, tmp_path / "archive")
    (copy / "data/account.js").unlink()
    archive = toolkit.load(copy)
    assert set(archive.posts["account"]) == {"alexrivera"}
    assert archive.accounts["display_name"].to_list() == ["Alex Rivera"]


def test_a_lone_tweets_js_needs_its_account_js_or_an_owner(tmp_path):
    alone = tmp_path / "tweets.js"
    shutil.copy(MODERN / "data/tweets.js", alone)
    with pytest.raises(InputError, match="cannot tell whose tweets these are"):
        toolkit.load(alone)
    given = toolkit.load(alone, owner="AlexRivera")
    assert set(given.posts["author"]) == {"alexrivera"}
    assert given.log["notes"][0].to_list() == ["owner given by the caller (owner=...)"]
    listed = tmp_path / "accounts.toml"
    listed.write_text('[alex]\nname = "Alex Rivera"\ntwitter = "AlexRivera"\n')
    from_file = toolkit.load(alone, accounts_file=listed)
    assert set(from_file.posts["account"]) == {"alexrivera"}
    assert from_file.log["notes"][0].to_list()[0].startswith("owner taken from the accounts file")
    shutil.copy(MODERN / "data/account.js", tmp_path / "account.js")
    loaded = toolkit.load(alone)
    assert loaded.posts.height == 13
    assert loaded.log["format"].to_list() == ["twitter (archive tweets)"]


def test_duplicated_tweets_and_records_without_id_or_date_are_counted_not_lost(tmp_path):
    items = (
        b'window.YTD.tweets.part0 = [ {"tweet": {"id_str": "1", "created_at": "Tue Mar 01 09:00:00 +0000 2022",'
        b' "full_text": "one"}}, {"tweet": {"id_str": "1", "created_at": "Tue Mar 01 09:00:00 +0000 2022",'
        b' "full_text": "one again"}}, {"tweet": {"full_text": "no id"}},'
        b' {"tweet": {"id_str": "3", "created_at": "yesterday", "full_text": "bad date"}}, "not a tweet" ]'
    )
    folder = tmp_path / "a" / "data"
    folder.mkdir(parents=True)
    (folder / "tweets.js").write_bytes(items)
    shutil.copy(MODERN / "data/account.js", folder / "account.js")
    archive = toolkit.load(tmp_path / "a")
    assert archive.posts["text"].to_list() == ["one"]
    row = archive.log.row(0, named=True)
    assert (row["records_read"], row["rows_kept"], row["rows_skipped"]) == (5, 1, 4)
    assert {s["reason"]: s["count"] for s in row["skipped"]} == {
        tw.SKIP_DUPLICATE: 1,
        tw.SKIP_NO_ID: 1,
        tw.SKIP_NO_TIME: 1,
        tw.SKIP_NOT_TWEET: 1,
    }


def test_self_replies_written_before_a_handle_change_are_still_self_replies():
    """Sam Okafor tweeted as @SamForWard3 until January 2022. Tweets from that time name the old
    handle as in_reply_to_screen_name, but the replied-to user id is Sam's account id: they are
    self-replies, and name Sam by the current handle, as the author column does. A mention of
    the old handle after the change is someone else's (another account took the handle over)."""
    sam = toolkit.load(TW / "renamed-account")
    p = sam.posts.sort("post_id")
    assert ids(p) == ["01", "02", "03", "04", "05"]
    assert p["kind"].cast(str).to_list() == ["post", "reply", "reply", "reply", "post"]
    assert set(p["author"]) == {"samokafor"}
    assert p["reply_to_author"].to_list() == [
        None,
        "samokafor",  # 2016 thread: in_reply_to_screen_name "SamForWard3", user id Sam's
        "samokafor",  # answers an own tweet that is no longer in the archive
        "jordan_voter",
        None,
    ]
    assert ids(p, "conversation_id") == ["01", "01", "03", "04", "05"]
    # the 2016 tweet mentions Sam's own account (user id 3030303030) by its old handle;
    # the 2023 one mentions @SamForWard3, by then the ward office's account (another user id)
    assert p["mentions"].to_list() == [[], ["samokafor"], [], ["jordan_voter"], ["samforward3"]]
    assert sam.summary().select(
        "posts", "replies_to_others", "self_thread", "reposts", "quotes"
    ).row(0) == (2, 1, 2, 0, 0)


@pytest.mark.parametrize(
    "archive", ["thread-across-parts", "modern-archive", "legacy-monthly-csv-2013"]
)
def test_the_unzipped_data_folder_is_the_same_archive_as_its_parent(archive):
    """People point the toolkit at the unzipped archive's data/ folder itself. It must read as
    the whole archive, with the same rows and log: Pat Mendez's budget thread starts in
    tweets.js and goes on in tweets-part1.js, and account.js, manifest.js and like.js are
    archive files, not unknown exports. (A legacy archive's data/ folder works the same.)"""
    parent = toolkit.load(TW / archive)
    data = toolkit.load(TW / archive / "data")
    assert data.posts.equals(parent.posts)  # source_file too: the same files are read
    assert data.log.equals(parent.log)
    assert data.accounts.equals(parent.accounts)
    assert "unrecognised" not in data.log["format"].to_list()
    if archive == "thread-across-parts":
        p = data.posts.sort("post_id")
        assert [Path(f).name for f in data.log["source_file"]] == ["tweets.js", "tweets-part1.js"]
        assert p["kind"].cast(str).to_list() == ["post", "reply", "post", "reply", "reply", "reply"]
        # (3/4) and (4/4), in tweets-part1.js, belong to the thread that (1/4) starts in tweets.js
        assert ids(p, "conversation_id") == ["01", "01", "03", "01", "01", "06"]
        assert p["reply_to_author"].to_list() == [
            None, "patmendez", None, "patmendez", "patmendez", "jordan_voter",
        ]  # fmt: skip
        assert data.accounts.row(0, named=True)["observed_until"] == datetime(
            2022, 9, 30, 8, 0, tzinfo=UTC
        )  # manifest.js, found in the data folder


def test_a_folder_of_loose_js_files_is_not_taken_for_an_archive_data_folder(tmp_path):
    """Only a folder of files that Twitter wrote (window.YTD... / window.__THAR_CONFIG) and
    nothing else is an archive's data folder."""
    web = tmp_path / "web-project"
    web.mkdir()
    (web / "account.js").write_text("export function account() { return 1 }\n")
    (web / "tweets.js").write_text("const tweets = []\n")
    assert not REGISTRY["twitter"].detect(Input(web))
    # Twitter's files beside another export: a folder of exports, each loaded on its own
    mixed = tmp_path / "exports"
    mixed.mkdir()
    for name in ("account.js", "tweets.js"):
        shutil.copy(MODERN / "data" / name, mixed / name)
    shutil.copy(FIXTURES / "facebook-page-csv" / "crowdtangle_two_pages.csv", mixed)
    assert not REGISTRY["twitter"].detect(Input(mixed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        both = toolkit.load(mixed)
    assert set(both.posts["platform"].cast(str)) == {"twitter", "facebook"}
    assert both.posts.filter(pl.col("platform") == "twitter").height == 13


def test_a_link_to_the_tweets_own_status_is_not_a_quote_of_itself(tmp_path):
    """A quote is a tweet that ends with a link to *another* tweet; some tweets list their own
    photo page among their links, and a tweet cannot quote itself."""
    folder = tmp_path / "a" / "data"
    folder.mkdir(parents=True)
    shutil.copy(MODERN / "data/account.js", folder / "account.js")
    (folder / "tweets.js").write_text(
        'window.YTD.tweets.part0 = [ {"tweet": {"id_str": "1500000000000000098",'
        ' "created_at": "Tue Mar 01 09:00:00 +0000 2022", "full_text": "New office https://t.co/OwNpic098",'
        ' "entities": {"urls": [{"url": "https://t.co/OwNpic098", "expanded_url":'
        ' "https://twitter.com/AlexRivera/status/1500000000000000098/photo/1"}]}}},'
        ' {"tweet": {"id_str": "1500000000000000099", "created_at": "Tue Mar 01 10:00:00 +0000 2022",'
        ' "full_text": "Come and see it https://t.co/QuOte0099", "entities": {"urls": [{"url":'
        ' "https://t.co/QuOte0099", "expanded_url": "https://twitter.com/AlexRivera/status/1500000000000000098"}]}}} ]'
    )
    p = toolkit.load(tmp_path / "a").posts.sort("post_id")
    assert p["kind"].cast(str).to_list() == ["post", "quote"]  # the second quotes the first
    # the quote names what it quotes, and starts a conversation of its own (it is no reply)
    assert p["reply_to_id"].to_list() == [None, "1500000000000000098"]
    assert p["reply_to_author"].to_list() == [None, "alexrivera"]
    assert p["conversation_id"].to_list() == ["1500000000000000098", "1500000000000000099"]


# ----------------------------------------------------------------------------- legacy archives


def test_grailbird_is_loaded_once_even_with_tweets_csv_beside_it():
    a = toolkit.load(TW / "legacy-grailbird")
    p = a.posts.sort("created_at")
    assert p["post_id"].to_list() == [
        "1607789089", "1674204521", "208194234048716801", "208198299038130100", "208198299038130200",
        "208034535122808833",
    ]  # fmt: skip
    assert p["kind"].cast(str).to_list() == ["post", "post", "repost", "post", "reply", "reply"]
    # (the retweet names the account it retweets)
    assert p["reply_to_author"].to_list() == [
        None,
        None,
        "robin_roe",
        None,
        "pat_legacy",
        "robin_roe",
    ]
    assert p["conversation_id"].to_list() == [
        "1607789089", "1674204521", "208194234048716801", "208198299038130100", "208198299038130100",
        "208034535122808833",
    ]  # fmt: skip
    assert p["client"].to_list() == [
        "web",
        "web",
        "TweetDeck",
        "TweetDeck",
        "Twitter for iPhone",
        "Twitter Web Client",
    ]
    text = dict(zip(p["post_id"], p["text"], strict=True))
    assert (
        text["208198299038130100"]
        == "Town & gown: read the draft #budget http://springfield.example/budget-2012"
    )
    assert text["1607789089"] == 'First day on the council "Twitter" thing'
    assert p["likes"].null_count() == 6  # Grailbird has no counts
    assert [Path(f).name for f in a.log["source_file"]] == ["2009_04.js", "2012_05.js"]
    assert set(a.log["format"]) == {"twitter (legacy Grailbird js)"}
    notes = a.log["notes"][0].to_list()
    assert any("also has tweets.csv" in n and "only the Grailbird" in n for n in notes)
    assert any(n.startswith("2 tweet(s) before November 2010 are stamped 00:00:00") for n in notes)
    acc = a.accounts.row(0, named=True)
    assert (acc["account"], acc["display_name"]) == ("pat_legacy", "Pat Legacy")
    assert acc["observed_until"] == datetime(
        2012, 6, 2, 5, 16, 38, tzinfo=UTC
    )  # payload_details.js


def test_tweets_csv_with_multiline_text_duplicated_links_and_ids_only():
    a = toolkit.load(TW / "legacy-tweets-csv")
    rows = by_id(a.posts)
    assert a.posts.height == 5
    assert rows["80"]["text"] == (
        'Three things from tonight\'s meeting:\n\n1. "Parks" budget passes\n2. Library hours & staffing\n'
        "3. More soon http://shelbyville.example/minutes"
    )
    assert rows["80"]["urls"] == ["http://shelbyville.example/minutes"]  # listed twice in the CSV
    assert rows["99"]["urls"] == [
        "http://shelbyville.example/full",
        "http://shelbyville.example/photos",
    ]
    assert (
        rows["99"]["text"]
        == "Full minutes: http://shelbyville.example/full and photos http://shelbyville.example/photos"
    )
    assert (rows["99"]["kind"], rows["99"]["reply_to_author"]) == (
        "reply",
        "kim_mayor",
    )  # the owner's own id
    assert (rows["01"]["kind"], rows["01"]["reply_to_author"]) == ("reply", "60000006")  # id only
    assert rows["01"]["mentions"] == ["lee_resident"]
    assert (rows["02"]["kind"], rows["02"]["hashtags"], rows["02"]["mentions"]) == (
        "repost",
        ["shelbyville"],
        ["shelby_news"],
    )
    log = a.log.row(0, named=True)
    assert (log["format"], log["records_read"], log["rows_kept"]) == (
        "twitter (legacy tweets.csv)",
        5,
        5,
    )
    assert any(
        "1 reply names the replied-to account only by its numeric user id" in n
        for n in log["notes"]
    )
    assert any(n.startswith("1 tweet(s) before November 2010") for n in log["notes"])


def test_the_early_2013_monthly_csv_maps_columns_by_name_and_tolerates_short_rows():
    a = toolkit.load(TW / "legacy-monthly-csv-2013")
    p = a.posts.sort("created_at")
    assert p["post_id"].to_list() == ["1223115977", "1241930085", "1255336413"]
    assert p["text"].to_list()[1] == "@friend_one No, I do not wish to purchase any of your crazy."
    assert p["kind"].cast(str).to_list() == ["post", "reply", "post"]
    assert p["reply_to_id"].to_list() == [None, "1241000000", None]
    assert p["created_at"].to_list()[2] == datetime(2009, 2, 26, 21, 12, 45, tzinfo=UTC)
    assert p["client"].to_list() == ["web", "web", "web"]
    assert a.log["format"].to_list() == ["twitter (legacy monthly csv)"]
    assert set(a.posts["account"]) == {"early_bird"}


def test_tweets_csv_photo_and_video_links_are_media_not_links_or_quotes():
    """In tweets.csv an own photo tweet lists its own photo page (often twice) in expanded_urls,
    and its text ends with the photo's t.co link. That link is media: it leaves the text (as
    in tweets.js), it is not one of the tweet's links, and the tweet quotes nothing."""
    a = toolkit.load(TW / "legacy-tweets-csv-with-photos")
    rows = by_id(a.posts)
    assert {k: r["kind"] for k, r in rows.items()} == {
        "01": "post",  # a photo
        "02": "post",  # a link and a photo
        "03": "post",  # a video
        "04": "reply",  # a photo answering the owner's own 01
        "05": "quote",  # ends with a link to another account's tweet
        "06": "repost",  # a retweet of another account's photo
    }
    assert rows["01"]["text"] == "Fresh mulch on the Elm St playground"
    assert rows["01"]["urls"] == []
    assert (
        rows["02"]["text"] == "Sign up for Saturday's cleanup: https://riverparks.example/cleanup"
    )
    assert rows["02"]["urls"] == ["https://riverparks.example/cleanup"]
    assert (rows["03"]["text"], rows["03"]["urls"]) == ("Ducklings on the east pond", [])
    assert (rows["04"]["text"], rows["04"]["reply_to_author"]) == (
        "Before and after",
        "river_parks",
    )
    assert rows["04"]["conversation_id"] == "891327558926688201"
    assert rows["05"]["text"] == (
        "Good news for the river https://twitter.com/city_news/status/891000000000000070"
    )
    assert rows["05"]["urls"] == ["https://twitter.com/city_news/status/891000000000000070"]
    assert rows["06"]["text"] == "RT @city_news: The new footbridge opens today"
    assert rows["06"]["urls"] == []
    counts = a.summary().select("posts", "replies_to_others", "self_thread", "reposts", "quotes")
    assert counts.row(0) == (3, 0, 1, 1, 1)


# ----------------------------------------------------------------------------- bad input


def test_an_empty_file_is_not_taken_for_an_archive(tmp_path):
    empty = tmp_path / "tweets.js"
    empty.write_bytes(b"")
    with pytest.raises(UnknownFormatError, match="tweets.js: not a recognised export"):
        toolkit.load(empty)


def test_a_twitter_zip_without_tweets_says_what_is_missing(tmp_path):
    folder = tmp_path / "no-tweets" / "data"
    folder.mkdir(parents=True)
    shutil.copy(MODERN / "data/account.js", folder / "account.js")
    shutil.copy(MODERN / "data/manifest.js", folder / "manifest.js")
    zipped = zip_folder(tmp_path / "no-tweets", tmp_path / "no-tweets.zip")
    with pytest.raises(
        InputError,
        match=r"no-tweets\.zip!data/.*no data/tweets\.js, tweet\.js or tweets-part\*\.js",
    ):
        toolkit.load(zipped)


def test_a_zip_of_something_else_is_an_unknown_format(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("hello")
    with pytest.raises(UnknownFormatError, match="other.zip: not a recognised export"):
        toolkit.load(zip_folder(other, tmp_path / "other.zip"))


def test_a_truncated_zip_asks_for_a_new_download(tmp_path):
    whole = zip_folder(MODERN, tmp_path / "whole.zip").read_bytes()
    cut = tmp_path / "twitter-archive.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match="download"):
        toolkit.load(cut)


def test_a_json_syntax_error_in_tweets_js_names_the_file():
    with pytest.raises(InputError, match=r"broken-json-archive/data/tweets\.js: not valid JSON"):
        toolkit.load(TW / "bad" / "broken-json-archive")


def test_a_file_that_is_not_an_archive_at_all(tmp_path):
    with pytest.raises(UnknownFormatError, match="supported formats"):
        toolkit.load(TW / "bad" / "not-an-archive.txt")


@pytest.mark.parametrize(
    "name",
    ["broken-json-archive", "not-an-archive.txt", "empty-tweets.js", "truncated.zip"],
)
def test_the_cli_says_what_is_wrong_in_one_line(tmp_path, capsys, name):
    if name == "empty-tweets.js":
        path = tmp_path / "tweets.js"
        path.write_bytes(b"")
    elif name == "truncated.zip":
        whole = zip_folder(MODERN, tmp_path / "whole.zip").read_bytes()
        path = tmp_path / "truncated.zip"
        path.write_bytes(whole[:200])
    else:
        path = TW / "bad" / name
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(path.name) in err


def test_detection_is_anchored_at_the_archive_root(tmp_path):
    """A folder that merely contains an archive is not one: toolkit.load descends into it."""
    parent = tmp_path / "exports"
    shutil.copytree(MODERN, parent / "alex")
    assert not REGISTRY["twitter"].detect(Input(parent))
    archive = toolkit.load(parent)
    assert archive.posts.height == 15


def test_loading_is_a_toolkit_error_never_a_traceback_for_random_bytes(tmp_path):
    junk = tmp_path / "tweets.js"
    junk.write_bytes(b"window.YTD.tweets.part0 = [ {\x00\xff garbage")
    folder = tmp_path / "a" / "data"
    folder.mkdir(parents=True)
    shutil.copy(junk, folder / "tweets.js")
    shutil.copy(MODERN / "data/account.js", folder / "account.js")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ToolkitError):
            toolkit.load(tmp_path / "a")
    assert REGISTRY["twitter"].load(Input(MODERN), LoadContext()).posts.height == 15


def test_a_folder_name_with_glob_characters_is_read_as_a_name(tmp_path):
    copy = shutil.copytree(MODERN, tmp_path / "twitter [2022] *")
    assert toolkit.load(copy).posts.height == 15


# ----------------------------------------------------------------------------- the generated sample


def test_the_sample_archives_read_back_as_the_generator_wrote_them():
    """data/sample/ is written from the format notes by toolkit.samples, not by these loaders:
    every studied Twitter account's own items, kinds, clients and inbound items must match
    the generator's TRUTH.json."""
    import json

    from .conftest import DATA_SAMPLE

    truth_file = DATA_SAMPLE / "TRUTH.json"
    if not truth_file.exists():
        pytest.skip("data/sample/TRUTH.json is absent")
    truth = json.loads(truth_file.read_text())
    accounts = {k: v for k, v in truth["accounts"].items() if v["platform"] == "twitter"}
    files = sorted({DATA_SAMPLE / f for a in accounts.values() for f in a["source_files"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        archive = toolkit.load(*files, accounts_file=DATA_SAMPLE / "accounts.toml")
    posts = archive.posts.filter(pl.col("platform") == "twitter")
    for account in accounts.values():
        handle, expected = account["handle"], account["expected"]
        mine = posts.filter(pl.col("account") == handle)
        own = mine.filter(pl.col("author") == handle)
        assert own.height == expected["n_items"], handle
        assert dict(own["kind"].cast(str).value_counts().iter_rows()) == expected["own_by_kind"], (
            handle
        )
        assert dict(own["client"].value_counts().iter_rows()) == expected["clients"], handle
        self_thread = own.filter(
            (pl.col("kind") == "reply") & (pl.col("reply_to_author") == handle)
        ).height
        assert self_thread == round(expected["self_thread_share"] * expected["n_items"]), handle
        assert mine.height - own.height == expected["inbound"]["items"], handle
