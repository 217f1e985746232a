"""Facebook: "Download Your Information" JSON of every era, and public-page CSV exports.

The fixtures in ``tests/fixtures/facebook/`` are tiny exports in the real layouts:
``profile_2019_danish/`` (posts/your_posts_1.json, Danish titles, mojibake,
Messenger and reactions beside them), ``activity_across_2023/`` (the 2022-23
folder names, comments as a bare list, no profile), ``activity_2024/``
(your_facebook_activity/..., two posts files, French and German titles),
``owner_from_accounts_file/``, ``shares_of_other_peoples_posts/`` (shares of
other people's items with and without own words, straight and curly
apostrophes in mojibake titles) and a lone ``your_posts_1.json``.
"""

from __future__ import annotations

import re
import shutil
import warnings
from datetime import UTC, datetime

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import toolkit
from toolkit.errors import InputError, UnknownFormatError
from toolkit.sources import REGISTRY, Input, detect
from toolkit.sources._io import fix_mojibake
from toolkit.sources.facebook import parse_comment_title, parse_page_time

from .conftest import FIXTURES, finder_zip, zip_folder

FB = FIXTURES / "facebook"
ACCOUNTS = FB / "accounts.toml"
CSV = FIXTURES / "facebook-page-csv"


def load(path, accounts=ACCOUNTS):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return toolkit.load(path, accounts_file=accounts)


def rows(archive, *cols):
    return archive.posts.sort("created_at", "post_id").select(cols).rows()


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def log_of(archive, fmt):
    return archive.log.filter(pl.col("format") == fmt).to_dicts()


# --------------------------------------------------------------------------- <= 2022 layout


def test_danish_2019_export_posts_and_comments_with_mojibake_repaired():
    a = load(FB / "profile_2019_danish")
    assert rows(a, "created_at", "kind", "text", "reply_to_author") == [
        (utc(2020, 1, 1, 12), "post", "Mobiloverførsler virker igen 😂 #opdatering", None),
        # photo-only post: the media description is its text
        (utc(2020, 1, 2, 12), "post", "Udsigt fra København", None),
        # a shared link stays a post
        (utc(2020, 1, 3, 12), "post", "Læs den her", None),
        # a video with no text at all is kept, with empty text
        (utc(2020, 1, 4, 12, 1, 1), "post", "", None),
        # "har kommenteret Anders Andersens opslag": the Danish genitive s is dropped
        (utc(2020, 1, 5, 12), "reply", "Tillykke!", "anders andersen"),
        # "sit eget opslag": a comment on her own post is a self-reply
        (utc(2020, 1, 6, 12), "reply", "Tak – i lige måde", "mette sørensen"),
        # a sticker comment has no text; an English title in a Danish export still parses
        (utc(2020, 1, 7, 12), "reply", "", "jørgen lund"),
        # a title the loader does not understand: target unknown
        (utc(2020, 1, 8, 12), "reply", "Hvad mener du?", None),
        # group comment (group_comments_v2)
        (utc(2020, 1, 9, 12), "reply", "Godt møde i aftes", "cykelklubben"),
    ]
    posts = a.posts
    # the owner is the profile's full name, repaired and normalised
    assert set(posts["account"]) == set(posts["author"]) == {"mette sørensen"}
    assert a.accounts.select("account", "display_name").rows() == [
        ("mette sørensen", "Mette Sørensen")
    ]
    # no ids in the export: derived ones; comments are their own conversation
    assert posts["post_id"].str.starts_with("fb:").all()
    assert (posts["conversation_id"] == posts["post_id"]).all()
    assert posts["reply_to_id"].null_count() == posts.height
    first = posts.sort("created_at").row(0, named=True)
    assert first["hashtags"] == ["opdatering"]
    link = posts.filter(pl.col("text") == "Læs den her").row(0, named=True)
    assert link["urls"] == ["https://example.org/artikel"]


def test_danish_2019_export_counts_every_record_and_explains_what_it_skipped():
    a = load(FB / "profile_2019_danish")
    (posts_log,) = log_of(a, "facebook posts")
    assert (posts_log["records_read"], posts_log["rows_kept"], posts_log["rows_skipped"]) == (
        6,
        4,
        2,
    )
    assert {s["reason"]: s["count"] for s in posts_log["skipped"]} == {
        "not a post object": 1,
        "post without a timestamp": 1,
    }
    (comments_log,) = log_of(a, "facebook comments")
    assert (comments_log["records_read"], comments_log["rows_kept"]) == (5, 5)
    assert comments_log["notes"] == [
        "1 comment title(s) not understood: reply_to_author left null "
        "(e.g. 'Mette Sørensen skrev noget et sted.')"
    ]
    (profile_log,) = log_of(a, "facebook profile")
    assert profile_log["notes"] == ["owner 'Mette Sørensen' (profile_information.json)"]


def test_messenger_and_reactions_are_never_loaded():
    a = load(FB / "profile_2019_danish")
    assert not a.posts["text"].str.contains("Privat besked").any()
    (msg,) = log_of(a, "facebook messenger (not loaded)")
    assert msg["source_file"].endswith("profile_2019_danish/messages")
    assert msg["records_read"] == 0
    # the reactions file is neither read nor logged
    assert not a.log["source_file"].str.contains("likes_and_reactions").any()


# --------------------------------------------------------------------------- 2022-2023 layout


def test_activity_across_facebook_2023_with_bare_list_comments_and_owner_from_comment_author():
    a = load(FB / "activity_across_2023")
    assert rows(a, "created_at", "kind", "text", "reply_to_author", "mentions", "urls") == [
        (
            utc(2023, 1, 1, 12),
            "post",
            "Town hall tonight at 7. Bring your questions! https://example.com/townhall",
            None,
            ["sam lee"],  # tagged friend
            ["https://example.com/townhall"],
        ),
        # "Alex Rivera shared Prairie Party's post." with no own text: a repost of Prairie Party
        (utc(2023, 1, 2, 12), "repost", "", "prairie party", [], []),
        # "wrote on Sam Lee's timeline": addressed to Sam Lee
        (utc(2023, 1, 3, 12), "post", "Thanks for coming — see you soon", None, ["sam lee"], []),
        (utc(2023, 1, 4, 12), "reply", "Good point, thank you!", "jordan smith", [], []),
        # "commented on his own post": self-reply
        (utc(2023, 1, 5, 12), "reply", "Update: the venue changed.", "alex rivera", [], []),
        # "commented on a post": understood, but names nobody
        (utc(2023, 1, 6, 12), "reply", "Count me in", None, [], []),
        # Spanish title, mojibake in the name
        (utc(2023, 1, 7, 12), "reply", "¡Felicidades!", "maría lópez", [], []),
    ]
    assert set(a.posts["account"]) == {"alex rivera"}
    (comments_log,) = log_of(a, "facebook comments")
    assert {s["reason"]: s["count"] for s in comments_log["skipped"]} == {
        "comment without a timestamp": 1
    }
    assert comments_log["notes"] == [
        "1 comment title(s) name no author (e.g. 'commented on a post'): reply_to_author left null"
    ]
    (posts_log,) = log_of(a, "facebook posts")
    assert posts_log["notes"] == ["owner 'Alex Rivera' (comment author)"]


# --------------------------------------------------------------------------- 2024+ layout


def test_your_facebook_activity_2024_two_posts_files_and_localised_titles():
    a = load(FB / "activity_2024")
    assert rows(a, "created_at", "kind", "text", "reply_to_author", "urls") == [
        (utc(2024, 6, 1, 10), "post", "Café stop in Springfield ☕", None, []),
        # "shared a link." with no text stays a post, with the link
        (utc(2024, 6, 2, 10), "post", "", None, ["https://news.example.com/story"]),
        (utc(2024, 6, 3, 10), "post", "Same text twice", None, []),
        (utc(2024, 6, 3, 10), "post", "Same text twice", None, []),
        (utc(2024, 6, 4, 10), "reply", "Merci beaucoup", "claire dubois", []),
        (utc(2024, 6, 5, 10), "reply", "Danke!", "jonas müller", []),
        # "... on Sam Lee's post in Springfield Neighbours." (a group)
        (utc(2024, 6, 6, 10), "reply", "See you there", "sam lee", []),
        (utc(2024, 6, 7, 10), "reply", "No title on this one", None, []),
    ]
    twins = a.posts.filter(pl.col("text") == "Same text twice")["post_id"].sort().to_list()
    assert twins[1] == twins[0] + "-2"
    (comments_log,) = log_of(a, "facebook comments")
    assert comments_log["notes"] == ["1 comment(s) without a title: reply_to_author left null"]
    (profile_log,) = log_of(a, "facebook profile")
    assert profile_log["notes"] == [
        "owner 'Alex Rivera' (profile_information.json, listed in the accounts file as 'Alex Rivera')"
    ]
    # studied account labelled from the accounts file
    assert a.accounts.select("account", "person", "group").rows() == [
        ("alex rivera", "alex_rivera", "Prairie Party")
    ]


def test_a_zip_gives_the_same_rows_and_ids_as_its_folder(tmp_path):
    folder = load(FB / "activity_2024").posts.drop("source_file")
    for prefix in ("", "facebook-alexrivera-2024-06-10-AbCdEf/"):
        z = zip_folder(FB / "activity_2024", tmp_path / f"export{len(prefix)}.zip", prefix=prefix)
        assert detect(Input(z)) is REGISTRY["facebook"]
        zipped = load(z)
        assert zipped.posts.drop("source_file").equals(folder)
        assert zipped.posts["source_file"].str.contains(r"\.zip!").all()


def test_a_zip_recompressed_on_a_mac_reads_like_its_folder(tmp_path):
    z = finder_zip(FB / "activity_2024", tmp_path / "facebook.zip", "facebook-alexrivera-2024")
    assert detect(Input(z)) is REGISTRY["facebook"]
    folder = load(FB / "activity_2024").posts.drop("source_file")
    zipped = load(z)
    assert zipped.posts.drop("source_file").equals(folder)
    assert not zipped.log["source_file"].str.contains("__MACOSX|/\\._").any()


def test_a_folder_holding_several_exports_is_not_taken_for_one(tmp_path):
    root = tmp_path / "exports"
    shutil.copytree(FB / "activity_2024", root / "alex")
    shutil.copytree(FB / "profile_2019_danish", root / "mette")
    assert detect(Input(root)) is None
    a = load(root)
    assert sorted(a.accounts["account"]) == ["alex rivera", "mette sørensen"]
    assert a.posts.height == 8 + 9


def test_a_lone_posts_file_takes_its_owner_from_the_titles():
    a = load(FB / "your_posts_1.json", accounts=None)
    assert rows(a, "created_at", "author", "text") == [
        (utc(2015, 1, 1, 12), "alex rivera", "First post of the year"),
        (utc(2015, 1, 2, 12), "alex rivera", "Door-knocking on Elm Street today"),
    ]
    (log,) = log_of(a, "facebook posts")
    assert log["notes"] == ["owner 'Alex Rivera' (post and comment titles)"]


@pytest.mark.parametrize(
    ("export", "comments"),
    [
        # {"comments_v2": [...]}; the folder's profile and the lone file's comment
        # author name the same owner
        ("profile_2019_danish", "comments/comments.json"),
        # a bare list of comments, owner from the comment author
        (
            "activity_across_2023",
            "your_activity_across_facebook/comments_and_reactions/comments.json",
        ),
    ],
)
def test_a_lone_comments_file_gives_the_same_comments_as_its_export(export, comments):
    lone = load(FB / export / comments, accounts=None)
    whole = load(FB / export, accounts=None)
    assert detect(Input(FB / export / comments)) is REGISTRY["facebook"]
    assert lone.posts.drop("source_file").equals(
        whole.posts.filter(pl.col("kind") == "reply").drop("source_file")
    )
    assert lone.posts["source_file"].str.ends_with("comments.json").all()


def test_a_lone_comments_file_that_names_nobody_asks_for_the_export_or_an_accounts_file(
    tmp_path,
):
    comments = tmp_path / "comments.json"
    comments.write_text(
        '[{"timestamp": 1600001000, "data": [{"comment": {"timestamp": 1600001000, "comment": "Hi"}}],'
        ' "title": "Unclear wording."}]'
    )
    with pytest.raises(InputError) as err:
        load(comments, accounts=None)
    message = str(err.value)
    assert message.startswith(f"{comments}: cannot tell whose Facebook export")
    assert "load the whole export" in message and "accounts file" in message
    # with the owner in an accounts file, the same file loads
    assert load(comments).posts.height == 1


def test_a_json_list_named_comments_json_from_elsewhere_is_not_taken_for_facebook(tmp_path):
    other = tmp_path / "comments.json"
    other.write_text('[{"id": "1", "content": "<p>hi</p>", "account": {"acct": "a@b.social"}}]')
    assert not REGISTRY["facebook"].detect(Input(other))
    with pytest.raises(UnknownFormatError, match="comments.json: not a recognised export"):
        load(other)


def test_an_export_that_names_nobody_takes_the_owner_from_the_accounts_file():
    a = load(FB / "owner_from_accounts_file")
    assert rows(a, "created_at", "account", "text") == [
        (utc(2021, 1, 1, 12), "alex rivera", "Happy new year, Springfield!"),
        (utc(2021, 1, 2, 12), "alex rivera", ""),
    ]


# --------------------------------------------------------------------------- shares


def test_shares_of_other_peoples_items_are_quotes_with_own_words_and_reposts_without():
    a = load(FB / "shares_of_other_peoples_posts", accounts=None)
    assert rows(a, "created_at", "kind", "text", "reply_to_author", "reply_to_id", "urls") == [
        # "Søren Ærø shared Jens Ørsted's post." with own words: a quote of Jens Ørsted's
        # post, whose link the attachment gives
        (
            utc(2020, 9, 13, 12, 28, 20),
            "quote",
            "Se det her! Vigtigt for Aarhus.",
            "jens ørsted",
            None,
            ["https://www.facebook.com/jens.orsted/posts/123"],
        ),
        # the same share without own words: a repost, naming the same author
        (utc(2020, 9, 13, 12, 30), "repost", "", "jens ørsted", None, []),
        # "shared Sam Lee’s post." (curly apostrophe, mojibake in the file) with no words
        (utc(2020, 9, 13, 12, 31, 40), "repost", "", "sam lee", None, []),
        # ... and with own words
        (utc(2020, 9, 13, 12, 33, 20), "quote", "Godt sagt 👍", "sam lee", None, []),
        # no own words: the photo's description is its caption, not the owner's comment
        (
            utc(2020, 9, 13, 12, 35),
            "repost",
            "Sunset over the harbour",
            "anne o'brien",
            None,
            [],
        ),
        # a share of one's own post with new words quotes oneself
        (
            utc(2020, 9, 13, 12, 36, 40),
            "quote",
            "Stadig aktuelt – kom og hør mere",
            "søren ærø",
            None,
            [],
        ),
        # a memory shared with new words: a quote whose author the title does not name
        (utc(2020, 9, 13, 12, 38, 20), "quote", "Ti år siden!", None, None, []),
        # a link is nobody's post: a post, with its link
        (
            utc(2020, 9, 13, 12, 40),
            "post",
            "Læs artiklen",
            None,
            None,
            ["https://news.example.dk/artikel"],
        ),
    ]
    # a share names its author in reply_to_author only: it is no mention and no reply
    assert a.posts["mentions"].to_list() == [[]] * 8
    assert set(a.posts["account"]) == {"søren ærø"}
    assert (a.posts["conversation_id"] == a.posts["post_id"]).all()


def test_a_curly_apostrophe_share_title_is_read_after_its_mojibake_is_repaired(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "your_posts_1.json").write_text(
        '[{"timestamp": 1600000200, "data": [],'
        ' "title": "Alex Rivera shared Sam Lee\\u00e2\\u0080\\u0099s post."},'
        ' {"timestamp": 1600000300, "data": [], "title": "Alex Rivera shared Sam Lee\'s post."}]'
    )
    a = load(tmp_path)
    assert rows(a, "kind", "reply_to_author") == [("repost", "sam lee"), ("repost", "sam lee")]


# --------------------------------------------------------------------------- comment titles


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Alex Rivera commented on Sam Lee's post.", ("target", "Alex Rivera", "Sam Lee")),
        ("Alex Rivera replied to Sam Lee's comment.", ("target", "Alex Rivera", "Sam Lee")),
        ("Alex Rivera commented on Chris Jones' photo.", ("target", "Alex Rivera", "Chris Jones")),
        ("Alex Rivera commented on Sam Lee’s video.", ("target", "Alex Rivera", "Sam Lee")),
        (
            "Alex Rivera commented on Sam Lee's post in Springfield Neighbours.",
            ("target", "Alex Rivera", "Sam Lee"),
        ),
        ("Alex Rivera commented on her own post.", ("own", "Alex Rivera", None)),
        ("Alex Rivera replied to their own comment.", ("own", "Alex Rivera", None)),
        ("Alex Rivera commented on a post.", ("none", "Alex Rivera", None)),
        ("Alex Rivera replied to a comment.", ("none", "Alex Rivera", None)),
        (
            "PROFILE har kommenteret REDACTED PERSONs opslag.",
            ("target", "PROFILE", "REDACTED PERSON"),
        ),
        ("Mette har kommenteret Jens' opslag.", ("target", "Mette", "Jens")),
        ("Mette har svaret på Jørgen Lunds kommentar.", ("target", "Mette", "Jørgen Lund")),
        ("Mette har kommenteret sit eget opslag.", ("own", "Mette", None)),
        ("Alex hat den Beitrag von Jonas Müller kommentiert.", ("target", "Alex", "Jonas Müller")),
        (
            "Alex hat auf den Kommentar von Jonas Müller geantwortet.",
            ("target", "Alex", "Jonas Müller"),
        ),
        ("Alex comentó la publicación de María López.", ("target", "Alex", "María López")),
        ("Alex respondió al comentario de María López.", ("target", "Alex", "María López")),
        ("Alex a commenté la publication de Claire Dubois.", ("target", "Alex", "Claire Dubois")),
        ("Alex a répondu au commentaire d'Anne Martin.", ("target", "Alex", "Anne Martin")),
        ("Alex reacted to Sam Lee's post.", None),
        ("", None),
    ],
)
def test_comment_titles_name_the_commented_author(title, expected):
    assert parse_comment_title(title) == expected


# --------------------------------------------------------------------------- bad input


def test_invalid_json_in_one_file_is_an_error_naming_that_file():
    with pytest.raises(
        InputError, match=r"bad/invalid_json/posts/your_posts_1\.json: not valid JSON"
    ):
        load(FB / "bad" / "invalid_json")


def test_the_wrong_file_in_the_right_place_is_an_error_that_says_what_was_expected():
    with pytest.raises(
        InputError, match=r"wrong_file/posts/your_posts_1\.json: expected a list of posts"
    ):
        load(FB / "bad" / "wrong_file")


def test_a_list_with_no_post_in_it_is_an_error(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "your_posts_1.json").write_text('["a", "b"]')
    with pytest.raises(InputError, match=r"none of its 2 item\(s\) is a Facebook post"):
        load(tmp_path)


def test_a_truncated_zip_is_an_error_that_says_download_again(tmp_path):
    z = zip_folder(FB / "activity_2024", tmp_path / "full.zip")
    cut = tmp_path / "facebook-export.zip"
    cut.write_bytes(z.read_bytes()[: z.stat().st_size // 2])
    with pytest.raises(InputError, match="download"):
        load(cut)


def test_an_export_with_no_owner_anywhere_asks_for_an_accounts_file():
    with pytest.raises(InputError, match=r"(?s)cannot tell whose Facebook export.*accounts file"):
        load(FB / "bad" / "no_owner", accounts=None)


# --------------------------------------------------------------------------- public-page CSV


def test_crowdtangle_csv_rows_with_counts_time_zones_and_page_accounts():
    a = load(CSV / "crowdtangle_two_pages.csv", accounts=CSV / "accounts.toml")
    assert rows(
        a, "account", "post_id", "created_at", "text", "likes", "reposts", "replies", "urls"
    ) == [
        # "2021-01-05 14:03:11 EST" is 19:03:11 UTC; "1,234" likes
        (
            "alexriveraforsenate",
            "3456789012345678",
            utc(2021, 1, 5, 19, 3, 11),
            "Town hall tonight!\nAsk me anything #AMA",
            1234,
            7,
            56,
            [],
        ),
        # "08:00:00 PST" is 16:00 UTC; "1,002" shares; photo URL id
        ("prairieparty", "5678901234", utc(2021, 2, 1, 16), "", 89, 1002, 3, []),
        # unknown zone "XYZ": read as UTC, noted
        (
            "alexriveraforsenate",
            "3456789012340000",
            utc(2021, 3, 14, 2, 30),
            "Café stop",
            5,
            0,
            1,
            [],
        ),
        # "09:30:00 EDT" is 13:30 UTC; the final link is the expanded URL
        (
            "alexriveraforsenate",
            "3456789012349999",
            utc(2021, 7, 4, 13, 30),
            "Read our plan",
            0,
            0,
            0,
            ["https://rivera.example.com/plan?utm=fb"],
        ),
    ]
    posts = a.posts
    assert (posts["author"] == posts["account"]).all()
    assert set(posts["kind"]) == {"post"}
    assert posts.filter(pl.col("post_id") == "3456789012345678")["hashtags"].to_list() == [["AMA"]]
    assert posts.filter(pl.col("post_id") == "5678901234")["url"].item() == (
        "https://www.facebook.com/prairieparty/photos/a.1234/5678901234/"
    )
    (log,) = log_of(a, "facebook-page-csv (CrowdTangle)")
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (7, 4, 3)
    assert {s["reason"]: s["count"] for s in log["skipped"]} == {
        "duplicate row (same post)": 1,
        "row has 4 fields, header has 40": 1,
        "unreadable 'Post Created' time": 1,
    }
    assert log["notes"] == ["1 time(s) with unknown zone abbreviation 'XYZ' read as UTC"]
    assert sorted(a.accounts.select("account", "person").rows()) == [
        ("alexriveraforsenate", "alex_rivera"),
        ("prairieparty", "prairie_party"),
    ]


def test_csv_columns_are_found_by_name_not_position(tmp_path):
    import csv

    src = (CSV / "crowdtangle_two_pages.csv").read_text(encoding="utf-8-sig")
    table = list(csv.reader(src.splitlines(keepends=True)))
    good = [r for r in table if len(r) == len(table[0])]
    order = list(reversed(range(len(table[0]))))
    out = tmp_path / "shuffled-export.csv"
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for r in good:
            w.writerow([r[i].upper() if r is table[0] else r[i] for i in order])
    original = load(CSV / "crowdtangle_two_pages.csv", accounts=None).posts.drop("source_file")
    shuffled = load(out, accounts=None).posts.drop("source_file")
    assert shuffled.equals(original)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-01-05 14:03:11 EST", utc(2021, 1, 5, 19, 3, 11)),
        ("2021-07-05 14:03:11 EDT", utc(2021, 7, 5, 18, 3, 11)),
        ("2021-01-05 14:03:11 CST", utc(2021, 1, 5, 20, 3, 11)),
        ("2021-07-05 14:03:11 CDT", utc(2021, 7, 5, 19, 3, 11)),
        ("2021-01-05 14:03:11 MST", utc(2021, 1, 5, 21, 3, 11)),
        ("2021-07-05 14:03:11 MDT", utc(2021, 7, 5, 20, 3, 11)),
        ("2021-01-05 14:03:11 PST", utc(2021, 1, 5, 22, 3, 11)),
        ("2021-07-05 14:03:11 PDT", utc(2021, 7, 5, 21, 3, 11)),
        ("2021-01-05 14:03:11 UTC", utc(2021, 1, 5, 14, 3, 11)),
        ("2021-01-05 14:03:11 GMT", utc(2021, 1, 5, 14, 3, 11)),
        ("2021-01-05T14:03:11+02:00", utc(2021, 1, 5, 12, 3, 11)),
        ("2021-01-05 14:03:11 -0500", utc(2021, 1, 5, 19, 3, 11)),
        ("2021-01-05T14:03:11Z", utc(2021, 1, 5, 14, 3, 11)),
        ("2021-01-05 14:03:11", utc(2021, 1, 5, 14, 3, 11)),
    ],
)
def test_post_created_times_are_converted_to_utc(value, expected):
    assert parse_page_time(value) == (expected, None)


def test_a_csv_of_another_kind_is_not_taken_for_a_page_export(tmp_path):
    other = tmp_path / "Shares.csv"
    other.write_text("Date,ShareLink,ShareCommentary\n2024-01-01 10:00:00,https://x,hello\n")
    assert not REGISTRY["facebook-page-csv"].detect(Input(other))


# --------------------------------------------------------------------------- mojibake


_MOJIBAKE_HINT = re.compile(r"[\u00c2-\u00f4][\u0080-\u00bf]")


def reference_fix_mojibake(s: str) -> str:
    """The repair with a regex pre-check (the shared function before it dropped the check)."""
    if not s or s.isascii() or not _MOJIBAKE_HINT.search(s):
        return s
    try:
        return s.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


@given(st.text())
def test_the_fast_mojibake_repair_agrees_with_the_pre_checked_one(s):
    assert fix_mojibake(s) == reference_fix_mojibake(s)


@given(st.text())
def test_mojibake_of_any_text_is_repaired_to_that_text(s):
    assert fix_mojibake(s.encode("utf-8").decode("latin-1")) == s


def test_mojibake_in_a_page_csv_is_repaired_too(tmp_path):
    src = (CSV / "crowdtangle_two_pages.csv").read_text(encoding="utf-8-sig")
    broken = "Caf\u00e9 stop".encode().decode("latin-1")  # 'CafÃ© stop'
    out = tmp_path / "export.csv"
    out.write_text(src.replace("Café stop", broken), encoding="utf-8")
    texts = load(out, accounts=None).posts["text"].to_list()
    assert "Café stop" in texts
    assert broken not in texts


def test_an_export_downloaded_as_html_says_to_download_json(tmp_path):
    posts = tmp_path / "facebook-alex-html" / "your_facebook_activity" / "posts"
    posts.mkdir(parents=True)
    (posts / "your_posts__check_ins__photos_and_videos_1.html").write_text(
        "<html><body>posts</body></html>"
    )
    with pytest.raises(InputError, match="this Facebook export is the HTML version.*Format: JSON"):
        load(tmp_path / "facebook-alex-html")


def test_group_posts_are_the_owners_posts(tmp_path):
    export = tmp_path / "export"
    shutil.copytree(FB / "activity_2024", export)
    groups = export / "your_facebook_activity" / "groups"
    groups.mkdir()
    (groups / "group_posts_and_comments.json").write_text(
        """{"group_posts_v2": [
             {"timestamp": 1717840800, "data": [{"post": "Road works on Elm St start Monday"}],
              "title": "Alex Rivera posted in Springfield Neighbours."},
             {"timestamp": 1717927200, "attachments": [{"data": [{"poll": {"question": "Which day?"}}]}],
              "title": "Alex Rivera created a poll in Springfield Neighbours."},
             {"title": "no time"}
           ]}"""
    )
    a = load(export)
    got = a.posts.filter(pl.col("created_at") > utc(2024, 6, 7, 12)).sort("created_at")
    assert got.select("kind", "text", "created_at").rows() == [
        ("post", "Road works on Elm St start Monday", utc(2024, 6, 8, 10)),
        ("post", "", utc(2024, 6, 9, 10)),
    ]
    (log,) = log_of(a, "facebook group posts")
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (3, 2, 1)


def test_a_tar_gz_export_reads_like_its_folder(tmp_path):
    import tarfile

    tgz = tmp_path / "facebook-export.tar.gz"
    with tarfile.open(tgz, "w:gz") as tf:
        tf.add(FB / "activity_across_2023", arcname="facebook-alex")
    folder = load(FB / "activity_across_2023").posts.drop("source_file")
    assert load(tgz).posts.drop("source_file").equals(folder)


def test_a_comments_file_of_another_kind_is_an_error_naming_it(tmp_path):
    export = tmp_path / "export"
    shutil.copytree(FB / "activity_2024", export)
    comments = export / "your_facebook_activity" / "comments_and_reactions" / "comments.json"
    comments.write_text(
        '{"reactions_v2": [{"timestamp": 1717236100, "title": "Alex Rivera likes a post."}]}'
    )
    with pytest.raises(
        InputError, match=r"comments_and_reactions/comments\.json: expected Facebook comments"
    ):
        load(export)
