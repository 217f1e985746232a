"""LinkedIn exports: shares become posts (or reposts), comments become replies, whatever the era's CSV quirks.

Fixtures (tests/fixtures/linkedin/) copy the real layouts described in
shared/formats (section 5): the 2018 UTF-16 tab-separated Shares.csv, the
2021–2024 Comments.csv whose multi-line messages are not quoted, and the 2025
files with backslash-escaped quotes and ``SharedUrl`` casing;
``export_2025_lone_backslashes/`` holds 2025 comments whose escaped quotes sit
beside backslashes that are plain text (a shrug, a Windows path).
"""

from __future__ import annotations

import shutil
import warnings
from collections import Counter
from datetime import UTC, datetime

import pytest

import toolkit
from toolkit.errors import InputError, UnknownFormatError
from toolkit.sources.linkedin import _parse_comments

from .conftest import FIXTURES, zip_folder

LI = FIXTURES / "linkedin"
ACCOUNTS = LI / "accounts.toml"


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


# --------------------------------------------------------------------------- 2021: unquoted multi-line comments


def test_2021_shares_become_posts_and_reposts():
    archive = load(LI / "export_2021_unquoted_multiline_comments")
    shares = archive.posts.filter(archive.posts["post_id"].str.starts_with("urn:li:"))
    assert shares.sort("created_at").select(
        "post_id", "created_at", "kind", "text", "hashtags", "urls"
    ).rows() == [
        # a photo without a caption stays a post
        ("urn:li:share:6628233232682885121", utc(2020, 1, 29, 10, 32, 29), "post", "", [], []),
        (
            "urn:li:ugcPost:6654886748516040705",
            utc(2020, 4, 11, 23, 44, 2),
            "post",
            "Just finished the course “Statistics Foundations: 1”! #statistics",
            ["statistics"],
            ["https://lnkd.in/dQKSzgA"],
        ),
        (
            "urn:li:ugcPost:6687015666274316288",
            utc(2020, 7, 9, 15, 32, 53),
            "post",
            "\"The problem with using the word 'culture' is that we never got into real issues.\"",
            [],
            [],
        ),
        # no own words, a shared URL: a repost (its second media row is the same share)
        (
            "urn:li:share:6691890005612236800",
            utc(2020, 7, 23, 2, 21, 46),
            "repost",
            "",
            [],
            ["https://dai.example.com/articles/remote-work?utm_source=daidotcom"],
        ),
        # nothing at all in the export: a plain reshare
        ("urn:li:share:6810398388631179264", utc(2021, 6, 15, 2, 51, 47), "repost", "", [], []),
        # the '"\n"' line separator of multi-line commentary is repaired
        (
            "urn:li:share:6810486256754036736",
            utc(2021, 6, 15, 8, 40, 56),
            "post",
            "So I did an exploratory analysis of the Covid-19 data.\n\nAfrica fared best.\n"
            "Code: https://lnkd.in/d-Tza-r\n\n#dataanalytics #powerbi",
            ["dataanalytics", "powerbi"],
            ["https://lnkd.in/d-Tza-r"],
        ),
    ]
    assert set(shares["account"]) == set(shares["author"]) == {"ada okafor"}
    assert shares.filter(shares["kind"] == "post")["url"][0].startswith(
        "https://www.linkedin.com/feed/update/urn%3Ali%3A"
    )
    log = log_of(archive, "Shares.csv")
    assert log["format"] == "linkedin shares (CSV)"
    assert (log["records_read"], log["rows_kept"]) == (8, 6)
    assert skipped(log) == {
        "same share repeated (one row per media file)": 1,
        "unparseable date": 1,
    }
    assert (
        "2 share(s) without own text counted as reposts (1 pointing at a shared URL, 1 with no content in the export)"
        in log["notes"]
    )
    assert (
        "dates carry no time zone; taken as UTC (LinkedIn does not document the zone)"
        in log["notes"]
    )


def test_2021_comments_with_unquoted_multiline_messages():
    archive = load(LI / "export_2021_unquoted_multiline_comments")
    comments = archive.posts.filter(archive.posts["kind"] == "reply")
    assert comments.sort("created_at").select(
        "created_at", "text", "reply_to_id", "reply_to_author", "conversation_id"
    ).rows() == [
        (
            utc(2023, 6, 2, 6, 23, 16),
            "Thanks for the reply, see you there",
            # a reply inside a comment thread: the link names the comment (commentUrn=...)
            "urn:li:comment:(activity:7067961645431492608,7068000000000000000)",
            None,
            "urn:li:activity:7067961645431492608",
        ),
        # the blank line after the message belonged to it and is trimmed
        (
            utc(2023, 6, 21, 8, 49, 40),
            "I'm interested",
            "urn:li:activity:7076908740137938945",
            None,
            "urn:li:activity:7076908740137938945",
        ),
        (
            utc(2023, 11, 3, 15, 35, 22),
            "Interesting, please tell how to apply",
            "urn:li:activity:7124667735074045953",
            None,
            "urn:li:activity:7124667735074045953",
        ),
        # continuation lines without commas are part of the message, not records
        (
            utc(2023, 12, 10, 9, 53, 9),
            "Interested\nMCA (freshers graduate)\nada.okafor@example.com",
            "urn:li:activity:7135822116456718336",
            None,
            "urn:li:activity:7135822116456718336",
        ),
        (
            utc(2024, 3, 17, 18, 3, 34),
            "Congrats Aman",
            "urn:li:ugcPost:7171771292235231232",
            None,
            "urn:li:ugcPost:7171771292235231232",
        ),
    ]
    assert comments["post_id"].str.contains(r"^linkedin-comment:[0-9a-f]{16}$").all()
    assert set(comments["author"]) == {"ada okafor"}
    log = log_of(archive, "Comments.csv")
    assert (log["records_read"], log["rows_kept"], skipped(log)) == (6, 5, {"unparseable date": 1})
    assert (
        "parsed as records split at timestamp lines (unquoted multi-line messages, 2021–2024 exports)"
        in log["notes"]
    )


def test_private_files_are_never_loaded_and_the_log_says_so():
    archive = load(LI / "export_2021_unquoted_multiline_comments")
    assert log_of(archive, "messages.csv")["notes"] == ["private messages are never loaded"]
    assert log_of(archive, "Connections.csv")["notes"] == ["the contact list is never loaded"]
    assert log_of(archive, "messages.csv")["format"] == "linkedin messages (not loaded)"
    everything = " ".join(str(v) for row in archive.posts.rows() for v in row)
    assert "private words" not in everything and "Someone" not in everything


def test_the_owner_is_named_by_profile_csv():
    archive = load(LI / "export_2021_unquoted_multiline_comments")
    assert archive.accounts.select("platform", "account", "display_name").rows() == [
        ("linkedin", "ada okafor", "Ada Okafor")
    ]
    assert (
        "owner 'ada okafor' from Profile.csv (First Name + Last Name)"
        in log_of(archive, "Shares.csv")["notes"]
    )


def test_comment_ids_are_stable_across_loads():
    first = load(LI / "export_2021_unquoted_multiline_comments").posts["post_id"].sort().to_list()
    second = load(LI / "export_2021_unquoted_multiline_comments").posts["post_id"].sort().to_list()
    assert first == second


# --------------------------------------------------------------------------- 2018: UTF-16 tab-separated


def test_2018_shares_utf16_tab_separated():
    archive = load(LI / "export_2018_utf16_shares")
    assert rows(archive, "post_id", "created_at", "kind", "text", "urls") == [
        (
            "urn:li:activity:6264000000000000000",
            utc(2017, 4, 30, 7),
            "repost",
            "",
            ["https://blog.example.com/tests"],
        ),
        # no URN in this Share Link: a stable hash is the id (and the log says so)
        (
            archive.posts.filter(archive.posts["text"] == "Hiring two interns this summer.")[
                "post_id"
            ].item(),
            utc(2017, 5, 2, 19, 1, 2),
            "post",
            "Hiring two interns this summer.",
            [],
        ),
        (
            "urn:li:activity:6278851337711837184",
            utc(2017, 6, 8, 8, 15, 44),
            "post",
            "Proud of the team!\nRead the write-up.",
            ["https://blog.example.com/hackathon"],
        ),
    ]
    assert (
        archive.posts.filter(archive.posts["kind"] == "post")["post_id"]
        .str.starts_with("linkedin-share:")
        .sum()
        == 1
    )
    log = log_of(archive, "Shares.csv")
    assert log["format"] == "linkedin shares (2018 UTF-16 tab-separated)"
    assert "1 share(s) without a share URN in ShareLink; their ids are hashes" in log["notes"]
    # 2018 dates say UTC: no note about naive dates
    assert not any("no time zone" in n for n in log["notes"])
    assert set(archive.posts["account"]) == {"abhi mathur"}


# --------------------------------------------------------------------------- 2025: backslash-escaped quotes


def test_2025_escaped_quotes_suffixed_shares_and_owner_from_accounts_file():
    archive = load(LI / "export_2025_escaped_quotes_no_profile", accounts_file=ACCOUNTS)
    assert rows(archive, "created_at", "kind", "text") == [
        (utc(2025, 5, 1, 12, 15, 5), "reply", '"No" 🙂'),
        (utc(2025, 5, 2, 0, 56, 7), "reply", "Paolo Perrone uv in my opinion, followed by DuckDB."),
        (
            utc(2025, 6, 27, 9, 4, 13),
            "reply",
            'Srini Annamaraju Here\'s how I tagged it.\n\nI tell ChatGPT to "Challenge my assumptions" every time.',
        ),
        (utc(2025, 6, 29, 12, 20, 23), "repost", ""),
        (
            utc(2025, 7, 1, 8, 53, 45),
            "post",
            "If someone asked me, \"What's changed this year in LLMs\", here's my list:\n\n"
            "Prompt engineering is out. Evals are in. https://lnkd.in/gfF-6giV\n\nWhat's on your list?",
        ),
        (utc(2025, 7, 13, 8, 15, 21), "reply", "Ayush Mandowara Haven't tried audio calls yet."),
    ]
    repost = archive.posts.filter(archive.posts["kind"] == "repost")
    assert repost["urls"].to_list() == [["https://youtu.be/hPH5_ulHtno"]]  # SharedUrl (2025 casing)
    assert (
        "parsed as CSV with backslash-escaped quotes (2025 exports)"
        in log_of(archive, "Comments.csv")["notes"]
    )
    assert log_of(archive, "Shares_2025.csv")["records_read"] == 2
    assert set(archive.posts["account"]) == {"sanjay rao"}
    assert archive.accounts.select("account", "display_name", "person").rows() == [
        ("sanjay rao", "Sanjay Rao", "sanjay")
    ]


def test_2025_backslashes_that_escape_nothing_are_kept_as_written():
    archive = load(LI / "export_2025_lone_backslashes")
    assert rows(archive, "created_at", "text") == [
        (
            utc(2025, 7, 13, 8, 15, 21),
            'Ravi Kumar I asked it to "just guess" and it shrugged: ¯\\_(ツ)_/¯',
        ),
        (
            utc(2025, 7, 14, 9, 30),
            'Tom Berg the file is in C:\\Users\\me\\exports, next to "Shares.csv"',
        ),
        # an unquoted field: its backslash was never an escape either
        (utc(2025, 7, 15, 10, 45, 10), "Thanks Tom \\o/"),
    ]
    assert (
        "parsed as CSV with backslash-escaped quotes (2025 exports)"
        in log_of(archive, "Comments.csv")["notes"]
    )
    assert set(archive.posts["account"]) == {"maya chen"}


def test_a_zipped_export_with_a_top_folder_reads_the_same(tmp_path):
    folder = LI / "export_2025_escaped_quotes_no_profile"
    zipped = zip_folder(
        folder,
        tmp_path / "Basic_LinkedInDataExport_07-13-2025.zip",
        prefix="Basic_LinkedInDataExport_07-13-2025/",
    )
    a = load(folder, accounts_file=ACCOUNTS).posts.drop("source_file")
    b = load(zipped, accounts_file=ACCOUNTS).posts
    assert b["source_file"].str.contains(r"\.zip!Basic_LinkedInDataExport_07-13-2025/").all()
    assert a.equals(b.drop("source_file"))


def test_file_names_match_case_insensitively_and_a_bom_is_stripped(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "SHARES.CSV").write_bytes(
        b"\xef\xbb\xbfDate,ShareLink,ShareCommentary,SharedURL,MediaURL,Visibility\r\n"
        b"2024-02-19 10:22:49,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A42,Hello,,,MEMBER_NETWORK\r\n"
    )
    archive = load(export, linkedin_owner="Grace Hopper")
    assert rows(archive, "account", "post_id", "created_at", "text") == [
        ("grace hopper", "urn:li:share:42", utc(2024, 2, 19, 10, 22, 49), "Hello")
    ]


# --------------------------------------------------------------------------- lone files


def test_a_lone_shares_file_gives_the_rows_of_its_export_and_its_owner_from_profile_csv_beside_it():
    export = LI / "export_2021_unquoted_multiline_comments"
    lone = load(export / "Shares.csv")
    whole = load(export)
    assert lone.posts.drop("source_file").equals(
        whole.posts.filter(whole.posts["source_file"].str.ends_with("Shares.csv")).drop(
            "source_file"
        )
    )
    assert lone.accounts.select("account", "display_name").rows() == [("ada okafor", "Ada Okafor")]
    assert (
        "owner 'ada okafor' from Profile.csv (First Name + Last Name)"
        in (log_of(lone, "Shares.csv")["notes"])
    )


def test_a_lone_comments_file_takes_its_owner_from_the_accounts_file():
    export = LI / "export_2025_escaped_quotes_no_profile"
    lone = load(export / "Comments.csv", accounts_file=ACCOUNTS)
    whole = load(export, accounts_file=ACCOUNTS)
    assert lone.posts.drop("source_file").equals(
        whole.posts.filter(whole.posts["kind"] == "reply").drop("source_file")
    )
    assert set(lone.posts["account"]) == {"sanjay rao"}


def test_a_lone_comments_file_with_no_owner_asks_for_the_export_folder_or_the_owner():
    lone = LI / "bad" / "no_profile_no_owner" / "Comments.csv"
    with pytest.raises(InputError) as err:
        load(lone)
    message = str(err.value)
    assert message.startswith(f"{lone}: a lone LinkedIn Comments.csv does not name its owner")
    assert "load the whole export (its folder or zip, with Profile.csv)" in message
    assert 'linkedin = "First Last"' in message and "linkedin_owner=" in message
    assert load(lone, linkedin_owner="Ada Okafor").posts["account"].to_list() == ["ada okafor"]


def test_a_lone_csv_that_is_not_linkedin_is_still_not_recognised():
    with pytest.raises(UnknownFormatError, match=r"Shares\.csv: not a recognised export"):
        load(LI / "bad" / "csv_that_is_not_linkedin" / "Shares.csv")


# --------------------------------------------------------------------------- owners and bad input


def test_no_profile_and_no_accounts_file_explains_how_to_name_the_owner():
    with pytest.raises(InputError) as err:
        load(LI / "bad" / "no_profile_no_owner")
    message = str(err.value)
    assert "no_profile_no_owner: the export has no Profile.csv" in message
    assert 'linkedin = "First Last"' in message and "linkedin_owner=" in message


def test_two_linkedin_people_in_the_accounts_file_are_ambiguous(tmp_path):
    accounts = tmp_path / "accounts.toml"
    accounts.write_text('[a]\nlinkedin = "Ann A"\n[b]\nlinkedin = "Bob B"\n')
    with pytest.raises(
        InputError, match="several people in the accounts file have a linkedin handle"
    ):
        load(LI / "bad" / "no_profile_no_owner", accounts_file=accounts)


def test_a_csv_that_is_not_a_linkedin_export_is_not_recognised():
    with pytest.raises(
        UnknownFormatError, match="csv_that_is_not_linkedin: not a recognised export"
    ):
        load(LI / "bad" / "csv_that_is_not_linkedin")


def test_a_shares_file_with_a_foreign_header_is_named():
    with pytest.raises(
        InputError,
        match=r"Shares\.csv: header \['Datum', 'Link', 'Text'\] is not LinkedIn's Shares\.csv",
    ):
        load(LI / "bad" / "shares_header_wrong")


def test_an_export_without_shares_or_comments_loads_nothing_and_says_why(tmp_path):
    export = tmp_path / "basic"
    shutil.copytree(LI / "export_2021_unquoted_multiline_comments", export)
    (export / "Shares.csv").unlink()
    (export / "Comments.csv").unlink()
    archive = load(export)
    assert archive.posts.height == 0
    notes = [n for r in archive.log.iter_rows(named=True) for n in r["notes"]]
    assert any("no Shares.csv or Comments.csv" in n for n in notes)


# --------------------------------------------------------------------------- the three Comments.csv parses


def test_strict_csv_is_tried_first():
    how, records, stray = _parse_comments(
        'Date,Link,Message\r\n2024-01-15 20:57:34,https://x/urn%3Ali%3Aactivity%3A1,"Where Project= ""P1"""\r\n'
    )
    assert how == "strict RFC-4180 CSV"
    assert records == [
        ["2024-01-15 20:57:34", "https://x/urn%3Ali%3Aactivity%3A1", 'Where Project= "P1"']
    ]
    assert stray == 0


def test_unquoted_parse_counts_lines_before_the_first_record():
    how, records, stray = _parse_comments(
        "Date,Link,Message\nstray line\n2024-01-01 00:00:00,l,first\nsecond line\n"
    )
    assert how.startswith("records split at timestamp lines")
    assert records == [["2024-01-01 00:00:00", "l", "first\nsecond line"]]
    assert stray == 1


def test_only_a_backslash_before_a_quote_is_an_escape():
    how, records, _ = _parse_comments(
        "Date,Link,Message\r\n"
        '2025-07-13 08:15:21,l1,"I said \\"no\\" ok"\r\n'
        '2025-07-14 08:15:21,l2,"¯\\_(ツ)_/¯ fine"\r\n'
        '2025-07-15 08:15:21,l3,"see C:\\Users\\me"\r\n'
    )
    assert how == "CSV with backslash-escaped quotes (2025 exports)"
    assert [r[2] for r in records] == ['I said "no" ok', "¯\\_(ツ)_/¯ fine", "see C:\\Users\\me"]


def test_backslashes_survive_the_timestamp_line_parse_too():
    how, records, _ = _parse_comments(
        "Date,Link,Message\n"
        "2024-01-01 10:00:00,l1,first line\nsecond line\n"
        '2024-01-02 10:00:00,l2,"He said \\"hi\\" ¯\\_(ツ)_/¯"\n'
    )
    assert how.startswith("records split at timestamp lines")
    assert records[1] == ["2024-01-02 10:00:00", "l2", 'He said "hi" ¯\\_(ツ)_/¯']


def test_a_broken_record_among_good_ones_is_counted(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "Comments.csv").write_text(
        "Date,Link,Message\n"
        "2024-01-01 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A1,good one\n"
        "2024-01-01 11:00:00\n"
        "2024-01-01 12:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A2,another good one\n"
    )
    archive = load(export, linkedin_owner="Ada Okafor")
    log = log_of(archive, "Comments.csv")
    assert (log["records_read"], log["rows_kept"]) == (3, 2)
    assert skipped(log) == {"broken CSV record (wrong number of fields)": 1}
    assert Counter(archive.posts["text"]) == Counter(["good one", "another good one"])
