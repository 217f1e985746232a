"""Instagram: the JSON account export, before and after the late-2024 reshuffle.

``tests/fixtures/instagram/``: ``export_2024_content/`` (content/posts_1.json,
comments/post_comments_1.json as a bare list, Messenger, likes),
``export_2025_activity/`` (your_instagram_activity/media|comments, comments
wrapped in ``comments_media_comments``, Dutch and German labels, reels comments)
and ``older_comments_owner_from_accounts/`` (the older ``string_list_data``
comments, no personal information).
"""

from __future__ import annotations

import shutil
import warnings
from datetime import UTC, datetime

import polars as pl
import pytest

import toolkit
from toolkit.errors import InputError
from toolkit.sources import REGISTRY, Input, detect

from .conftest import FIXTURES, finder_zip, zip_folder

IG = FIXTURES / "instagram"
ACCOUNTS = IG / "accounts.toml"


def load(path, accounts=ACCOUNTS):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return toolkit.load(path, accounts_file=accounts)


def rows(archive, *cols):
    return archive.posts.sort("created_at", "post_id").select(cols).rows()


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_2024_export_single_and_carousel_posts_and_comments_to_media_owners():
    a = load(IG / "export_2024_content", accounts=None)
    assert rows(
        a, "created_at", "kind", "text", "reply_to_author", "mentions", "hashtags", "client"
    ) == [
        # single-media post: caption and time on the media item; mojibake emoji repaired
        (
            utc(2024, 5, 1, 21, 46, 40),
            "post",
            "Sunset over the river 😂 #springfield with @sam.lee",
            None,
            ["sam.lee"],
            ["springfield"],
            "cross-post (Facebook)",
        ),
        # carousel: caption and time at post level, media titles empty
        (utc(2024, 5, 2, 21, 46, 40), "post", "Campaign day one — thank you!", None, [], [], None),
        # the owner's comment under someone else's post: a reply to the media owner
        (
            utc(2024, 5, 3, 21, 46, 40),
            "reply",
            "@sam.lee great shot 🙄",
            "sam.lee",
            ["sam.lee"],
            [],
            None,
        ),
        # under their own post: a self-reply
        (utc(2024, 5, 4, 21, 46, 40), "reply", "Thanks everyone!", "alex.rivera", [], [], None),
    ]
    posts = a.posts
    assert set(posts["account"]) == set(posts["author"]) == {"alex.rivera"}
    assert posts["post_id"].str.starts_with("ig:").all()
    assert (posts["conversation_id"] == posts["post_id"]).all()
    assert posts["reply_to_id"].null_count() == posts.height
    log = {r["format"]: r for r in a.log.to_dicts()}
    assert log["instagram profile"]["notes"] == [
        "owner 'alex.rivera' (from personal_information.json)"
    ]
    assert {s["reason"]: s["count"] for s in log["instagram posts"]["skipped"]} == {
        "post without a creation_timestamp": 1
    }
    assert {s["reason"]: s["count"] for s in log["instagram comments"]["skipped"]} == {
        "comment without a timestamp": 1
    }
    # direct messages are never loaded; likes are not posts
    assert log["instagram messages (not loaded)"]["source_file"].endswith(
        "export_2024_content/messages"
    )
    assert not a.posts["text"].str.contains("private").any()
    assert not a.log["source_file"].str.contains("liked_posts").any()


def test_2025_export_wrapped_comments_localised_labels_and_reels_comments():
    a = load(IG / "export_2025_activity", accounts=None)
    assert rows(a, "created_at", "kind", "text", "reply_to_author", "urls") == [
        (
            utc(2025, 1, 1, 12),
            "post",
            "Café time before the debate https://example.com/debate",
            None,
            ["https://example.com/debate"],
        ),
        # media owner handles are normalised (lower case)
        (utc(2025, 1, 2, 12), "reply", "Congrats!", "prairie.party", []),
        # Dutch labels: Opmerking / Media-eigenaar / Tijd
        (utc(2025, 1, 3, 12), "reply", "Goed gedaan", "jan.devries", []),
        # reels_comments.json
        (utc(2025, 1, 5, 12), "reply", "Love this reel", "springfield.news", []),
    ]
    (comments,) = a.log.filter(
        pl.col("source_file").str.ends_with("post_comments_1.json")
    ).to_dicts()
    assert {s["reason"]: s["count"] for s in comments["skipped"]} == {
        "comment fields with unknown labels (export language not supported)": 1
    }
    assert comments["notes"] == [
        "1 comment(s) use field labels this loader does not know (only English and Dutch); "
        "export your data in English to load them"
    ]
    # stories are not posts of the conversation
    assert not a.posts["text"].str.contains("not loaded").any()


def test_older_comment_shape_and_owner_from_the_accounts_file():
    a = load(IG / "older_comments_owner_from_accounts")
    assert rows(a, "created_at", "kind", "text", "reply_to_author") == [
        (utc(2019, 1, 1, 12), "post", "New year, new city", None),
        # {"title": "sam.lee", "string_list_data": [...]}: the title is the media owner
        (utc(2019, 2, 19, 23, 22), "reply", "Nice!", "sam.lee"),
    ]
    assert a.accounts.select("account", "person").rows() == [("alex.rivera", "alex_rivera")]


def test_no_owner_anywhere_asks_for_an_accounts_file():
    with pytest.raises(InputError, match=r"(?s)cannot tell whose Instagram export.*instagram = "):
        load(IG / "older_comments_owner_from_accounts", accounts=None)


def test_zip_with_a_wrapper_folder_gives_the_same_rows(tmp_path):
    folder = load(IG / "export_2024_content", accounts=None).posts.drop("source_file")
    z = zip_folder(
        IG / "export_2024_content", tmp_path / "instagram.zip", prefix="instagram-alex.rivera-2024/"
    )
    assert detect(Input(z)) is REGISTRY["instagram"]
    assert load(z, accounts=None).posts.drop("source_file").equals(folder)


def test_a_zip_recompressed_on_a_mac_reads_like_its_folder(tmp_path):
    z = finder_zip(
        IG / "export_2024_content", tmp_path / "instagram.zip", "instagram-alex.rivera-2024"
    )
    assert detect(Input(z)) is REGISTRY["instagram"]
    folder = load(IG / "export_2024_content", accounts=None).posts.drop("source_file")
    zipped = load(z, accounts=None)
    assert zipped.posts.drop("source_file").equals(folder)
    assert not zipped.log["source_file"].str.contains("__MACOSX").any()


def test_threads_posts_in_an_instagram_export_are_loaded_as_threads(tmp_path):
    export = tmp_path / "instagram-alex.rivera-2025"
    shutil.copytree(IG / "export_2025_activity", export)
    threads = FIXTURES / "threads" / "threads_only_export" / "your_instagram_activity" / "threads"
    shutil.copytree(threads, export / "your_instagram_activity" / "threads")
    assert detect(Input(export)) is REGISTRY["instagram"]
    a = load(export, accounts=None)
    counts = dict(
        a.posts.group_by("platform")
        .len()
        .with_columns(pl.col("platform").cast(pl.Utf8))
        .iter_rows()
    )
    assert counts == {"instagram": 4, "threads": 3}
    th = a.posts.filter(pl.col("platform") == "threads")
    assert set(th["account"]) == {"alex.rivera"}
    assert th["post_id"].str.starts_with("th:").all()
    (log,) = a.log.filter(pl.col("format") == "instagram threads").to_dicts()
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (4, 3, 1)
    assert sorted(a.accounts["platform"].cast(pl.Utf8)) == ["instagram", "threads"]


def test_invalid_json_is_an_error_naming_the_file():
    with pytest.raises(InputError, match=r"invalid_json/content/posts_1\.json: not valid JSON"):
        load(IG / "bad" / "invalid_json")


def test_the_wrong_file_in_the_right_place_is_an_error():
    with pytest.raises(
        InputError, match=r"wrong_file/content/posts_1\.json: expected a list of posts"
    ):
        load(IG / "bad" / "wrong_file")


def test_a_truncated_zip_is_an_error(tmp_path):
    z = zip_folder(IG / "export_2024_content", tmp_path / "full.zip")
    cut = tmp_path / "instagram.zip"
    cut.write_bytes(z.read_bytes()[: z.stat().st_size // 2])
    with pytest.raises(InputError, match="download"):
        load(cut)


def test_a_folder_with_two_instagram_exports_loads_each(tmp_path):
    root = tmp_path / "exports"
    shutil.copytree(IG / "export_2024_content", root / "a")
    shutil.copytree(IG / "export_2025_activity", root / "b")
    assert detect(Input(root)) is None
    assert load(root, accounts=None).posts.height == 4 + 4


def test_an_export_downloaded_as_html_says_to_download_json(tmp_path):
    media = tmp_path / "instagram-alex-html" / "your_instagram_activity" / "media"
    media.mkdir(parents=True)
    (media / "posts_1.html").write_text("<html><body>posts</body></html>")
    with pytest.raises(InputError, match="this Instagram export is the HTML version.*Format: JSON"):
        load(tmp_path / "instagram-alex-html")
