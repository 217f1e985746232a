"""Blogs: WordPress WXR exports and Blogger backups become posts and their comment threads.

The fixtures are tiny hand-written files in the real layouts; the WordPress
samples in ../shared/samples/wordpress are real files of the official importer's
test suite (their expected counts were verified by reading the XML with lxml,
independently of the loader: see ``_count_wxr`` below).
"""

from __future__ import annotations

import warnings
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from lxml import etree

import toolkit
from toolkit.errors import InputError
from toolkit.sources import Input, detect

from .conftest import FIXTURES, zip_folder

WP = FIXTURES / "wordpress"
BLOGGER = FIXTURES / "blogger"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "wordpress"


def load(*paths, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return toolkit.load(*paths, **options)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def skipped(archive) -> dict[str, int]:
    out: Counter = Counter()
    for row in archive.log.iter_rows(named=True):
        for s in row["skipped"]:
            out[s["reason"]] += s["count"]
    return dict(out)


def notes(archive) -> list[str]:
    return [n for row in archive.log.iter_rows(named=True) for n in row["notes"]]


def rows(archive, *cols):
    return archive.posts.sort("created_at", "post_id").select(cols).rows()


def sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"real WordPress sample not available: {path} is absent")
    return path


# --------------------------------------------------------------------------- WordPress: a campaign blog


def test_campaign_blog_posts_and_comment_threads():
    archive = load(WP / "blog_with_threaded_comments.xml")
    site = "campaign.example.org"
    assert rows(
        archive,
        "account",
        "post_id",
        "author",
        "kind",
        "reply_to_id",
        "reply_to_author",
        "conversation_id",
    ) == [
        ("alex", f"{site}/wp:101", "alex", "post", None, None, f"{site}/wp:101"),
        (
            "alex",
            f"{site}/wp:c201",
            "jordan lee",
            "reply",
            f"{site}/wp:101",
            "alex",
            f"{site}/wp:101",
        ),
        # the candidate answers, logged in: matched by wp:comment_user_id == wp:author_id
        (
            "alex",
            f"{site}/wp:c202",
            "alex",
            "reply",
            f"{site}/wp:c201",
            "jordan lee",
            f"{site}/wp:101",
        ),
        (
            "alex",
            f"{site}/wp:c203",
            "jordan lee",
            "reply",
            f"{site}/wp:c202",
            "alex",
            f"{site}/wp:101",
        ),
        # a colleague from the campaign team, matched by e-mail (case-insensitive)
        ("alex", f"{site}/wp:c207", "sam", "reply", f"{site}/wp:101", "alex", f"{site}/wp:101"),
        # the candidate again, matched by name only (the comment has no e-mail)
        ("alex", f"{site}/wp:c208", "alex", "reply", f"{site}/wp:c207", "sam", f"{site}/wp:101"),
        # the second author's post is the second author's thread
        ("sam", f"{site}/wp:105", "sam", "post", None, None, f"{site}/wp:105"),
        ("sam", f"{site}/wp:c211", "casey", "reply", f"{site}/wp:105", "sam", f"{site}/wp:105"),
    ]
    assert rows(archive, "post_id", "created_at", "text", "urls", "url", "lang")[:2] == [
        (
            f"{site}/wp:101",
            utc(2024, 3, 1, 9),
            "Town hall on Thursday\nJoin us at the library hall & bring questions.",
            ["https://maps.example.com/hall?x=1&y=2"],
            "https://campaign.example.org/2024/03/town-hall/",
            "en-US",
        ),
        (
            f"{site}/wp:c201",
            utc(2024, 3, 1, 10),
            "Will there be parking?",
            [],
            "https://campaign.example.org/2024/03/town-hall/#comment-201",
            None,
        ),
    ]
    texts = dict(rows(archive, "post_id", "text"))
    assert texts[f"{site}/wp:c211"] == "Count me in — Saturday only."
    assert texts[f"{site}/wp:105"] == (
        "Volunteer drive this weekend\nWe need door knockers.\nSign up at the volunteer page."
    )
    # comment 208 has no GMT date: its local 10:15 is converted with the site's offset, +01:00,
    # which the posts' wp:post_date and wp:post_date_gmt show (the log says so)
    assert dict(rows(archive, "post_id", "created_at"))[f"{site}/wp:c208"] == utc(2024, 3, 2, 9, 15)


def test_campaign_blog_accounts_for_every_record():
    archive = load(WP / "blog_with_threaded_comments.xml")
    (log,) = archive.log.iter_rows(named=True)
    assert log["format"] == "wordpress WXR"
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (
        18,
        8,
        10,
    )  # 6 items + 12 comments
    assert skipped(archive) == {
        "draft": 1,
        "page": 1,
        "attachment": 1,
        "nav_menu_item": 1,
        "comment on a page": 1,
        "pingback": 1,
        "trackback": 1,
        "unapproved comment": 1,
        "spam": 1,
        "trashed comment": 1,
    }
    assert (
        "comments by authors of the blog: 3 (user id: 1, e-mail: 1, name: 1); "
        "2 by the post's own author, 1 by another author of the blog"
    ) in log["notes"]
    assert (
        "1 comment(s) have no wp:comment_date_gmt; their local wp:comment_date was converted to "
        "UTC with the site's UTC offset inferred from the export (+01:00: wp:post_date minus "
        "wp:post_date_gmt of the item nearest in time)"
    ) in log["notes"]


def test_each_post_author_is_an_owner_observed_until_the_export_date():
    archive = load(WP / "blog_with_threaded_comments.xml")
    accounts = archive.accounts.sort("account")
    assert accounts.select("account", "display_name").rows() == [
        ("alex", "Alex Rivera"),
        ("sam", "Sam Staffer"),
    ]
    assert accounts["observed_until"].to_list() == [utc(2024, 3, 10, 12), utc(2024, 3, 10, 12)]


def test_drafts_are_kept_on_request_with_their_local_date():
    archive = load(WP / "blog_with_threaded_comments.xml", include_drafts=True)
    draft = archive.posts.filter(pl.col("post_id") == "campaign.example.org/wp:102")
    # post_date_gmt is 0000-00-00 and pubDate is "-0001": the local post date (18:00) is used,
    # converted with the site's offset (+01:00) shown by the other posts' local and GMT dates
    assert draft.select("kind", "created_at", "text").row(0) == (
        "post",
        utc(2024, 3, 5, 17),
        "Budget ideas (draft)\nNotes for the budget post.",
    )
    assert "draft" not in skipped(archive)
    assert "include_drafts: 1 unpublished post(s) kept" in notes(archive)
    assert (
        "1 post(s) have only a local wp:post_date; it was converted to UTC with the site's UTC "
        "offset inferred from the export (+01:00: wp:post_date minus wp:post_date_gmt of the "
        "item nearest in time)"
    ) in notes(archive)


def test_accounts_file_may_name_the_author_by_display_name(tmp_path):
    accounts = tmp_path / "accounts.toml"
    accounts.write_text('[alex]\nname = "Alex Rivera"\nblog = "Alex Rivera"\n')
    archive = load(WP / "blog_with_threaded_comments.xml", accounts_file=accounts)
    alex = archive.posts.filter(pl.col("post_id").str.ends_with("/wp:101"))
    assert alex.select("account", "author").row(0) == ("alex rivera", "alex rivera")
    own = archive.posts.filter(pl.col("post_id").str.ends_with("/wp:c202"))
    assert own.select("account", "author").row(0) == ("alex rivera", "alex rivera")


def test_two_blogs_with_the_same_post_ids_do_not_collide(tmp_path):
    other = tmp_path / "other-blog.xml"
    other.write_text(
        (WP / "blog_with_threaded_comments.xml")
        .read_text(encoding="utf-8")
        .replace("https://campaign.example.org", "https://rival.example.net"),
        encoding="utf-8",
    )
    archive = load(WP / "blog_with_threaded_comments.xml", other)
    assert archive.posts.height == 16
    assert archive.posts.filter(pl.col("post_id").str.ends_with("/wp:101"))[
        "post_id"
    ].sort().to_list() == [
        "campaign.example.org/wp:101",
        "rival.example.net/wp:101",
    ]


def test_a_truncated_export_names_the_file_and_line():
    path = WP / "bad" / "truncated_export.xml"
    with pytest.raises(
        InputError, match=r"truncated_export\.xml: not well-formed XML at line 161"
    ) as err:
        load(path)
    assert "Tools › Export" in str(err.value)


def test_a_truncated_export_can_be_salvaged_with_xml_recover():
    archive = load(WP / "bad" / "truncated_export.xml", xml_recover=True)
    assert archive.posts["post_id"].sort().to_list() == [
        "campaign.example.org/wp:101",
        "campaign.example.org/wp:c201",
        "campaign.example.org/wp:c202",
        "campaign.example.org/wp:c203",
        "campaign.example.org/wp:c207",
    ]
    assert any("xml_recover=True" in n and "not counted" in n for n in notes(archive))


def test_an_rss_feed_that_is_not_wordpress_is_not_taken_for_one(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    )
    assert detect(Input(feed)) is None


# --------------------------------------------------------------------------- WordPress: a site in Berlin

BERLIN = WP / "berlin_council_blog_classic_editor.xml"


def test_links_typed_as_plain_text_are_urls():
    # WordPress stores classic-editor bodies and comments as typed, and turns bare URLs into
    # links only when it shows them: a URL on its own line (a YouTube embed) or in a sentence is
    # a link all the same. Order: the href targets, then the bare URLs, each once.
    archive = load(BERLIN)
    site = "council-notes.example.de"
    urls = dict(rows(archive, "post_id", "urls"))
    assert urls == {
        f"{site}/wp:51": [
            "https://news.example.com/story",
            "https://www.youtube.com/watch?v=abc123",
            # &amp; decoded, the full stop ending the sentence is not part of the URL
            "https://example.org/figures?year=2023&part=2",
        ],
        f"{site}/wp:c904": ["https://example.com/report.pdf"],
        # a link whose text is its URL counts once
        f"{site}/wp:c905": ["https://council.example.de/minutes"],
        f"{site}/wp:52": [],
        # the closing bracket around a URL is not part of it
        f"{site}/wp:c906": ["https://example.com/summer"],
    }
    assert dict(rows(archive, "post_id", "text"))[f"{site}/wp:51"] == (
        "Winter budget hearing\nThe hearing, typed in the classic editor.\n"
        "https://www.youtube.com/watch?v=abc123\n"
        "Read the story and the figures at https://example.org/figures?year=2023&part=2."
    )


def test_comment_times_without_gmt_use_the_site_offset_of_the_nearest_post():
    # The site is in Berlin: the winter post shows +01:00 (08:08:31 local, 07:08:31 GMT), the
    # summer post +02:00 (12:00 local, 10:00 GMT). Comments 904 and 906 have only a local time.
    archive = load(BERLIN)
    site = "council-notes.example.de"
    assert rows(archive, "post_id", "author", "created_at", "reply_to_author") == [
        (f"{site}/wp:51", "john", utc(2023, 1, 16, 7, 8, 31), None),
        # 05:00 in January, Berlin: 04:00 UTC
        (f"{site}/wp:c904", "petra", utc(2023, 1, 17, 4), "john"),
        # a GMT date given: used as it is
        (f"{site}/wp:c905", "john", utc(2023, 1, 17, 9, 30), "petra"),
        (f"{site}/wp:52", "john", utc(2023, 7, 1, 10), None),
        # 09:30 in July, Berlin: 07:30 UTC
        (f"{site}/wp:c906", "petra", utc(2023, 7, 2, 7, 30), "john"),
    ]
    assert (
        "2 comment(s) have no wp:comment_date_gmt; their local wp:comment_date was converted to "
        "UTC with the site's UTC offset inferred from the export (+01:00, +02:00: wp:post_date "
        "minus wp:post_date_gmt of the item nearest in time)"
    ) in notes(archive)


def test_comment_times_stay_local_when_no_offset_can_be_derived(tmp_path):
    # Without any wp:post_date next to its wp:post_date_gmt, nothing tells the site's offset:
    # the local time is taken as UTC, and the log says why.
    export = tmp_path / "export.xml"
    export.write_text(
        "".join(
            line
            for line in BERLIN.read_text(encoding="utf-8").splitlines(keepends=True)
            if "<wp:post_date>" not in line
        ),
        encoding="utf-8",
    )
    archive = load(export)
    times = dict(rows(archive, "post_id", "created_at"))
    assert times["council-notes.example.de/wp:c904"] == utc(2023, 1, 17, 5)
    assert times["council-notes.example.de/wp:c906"] == utc(2023, 7, 2, 9, 30)
    assert (
        "2 comment(s) have no wp:comment_date_gmt; their local wp:comment_date was taken as UTC "
        "(no item of the export gives both wp:post_date and wp:post_date_gmt, so the site's UTC "
        "offset is unknown)"
    ) in notes(archive)


# --------------------------------------------------------------------------- WordPress: real samples


def _count_wxr(path: Path) -> tuple[int, Counter]:
    """Independent oracle: read the XML with lxml and classify every item and comment."""
    root = etree.parse(str(path)).getroot()
    wp = root.nsmap["wp"]
    out: Counter = Counter()
    read = 0
    for item in root.iter("item"):
        read += 1
        ptype, status = item.findtext(f"{{{wp}}}post_type"), item.findtext(f"{{{wp}}}status")
        item_kept = ptype == "post" and status == "publish"
        out["post kept" if item_kept else (ptype if ptype != "post" else status)] += 1
        for c in item.findall(f"{{{wp}}}comment"):
            read += 1
            ctype = c.findtext(f"{{{wp}}}comment_type") or ""
            if not item_kept:
                out[f"comment on a {ptype}"] += 1
            elif ctype in ("pingback", "trackback"):
                out[ctype] += 1
            elif c.findtext(f"{{{wp}}}comment_approved") != "1":
                out["unapproved comment"] += 1
            else:
                out["comment kept"] += 1
    return read, out


@pytest.mark.samples
def test_theme_unit_test_data_every_record_is_accounted_for():
    path = sample("theme-unit-test-data.xml")
    archive = load(path)
    (log,) = archive.log.iter_rows(named=True)
    read, oracle = _count_wxr(path)
    # 186 items and 33 comments, as listed by the importer's own documentation
    assert read == 219 == log["records_read"]
    assert log["rows_kept"] + log["rows_skipped"] == log["records_read"]
    assert oracle == Counter(
        {
            "post kept": 56,
            "nav_menu_item": 70,
            "attachment": 37,
            "page": 21,
            "draft": 1,
            "future": 1,
            "comment on a page": 5,
            "pingback": 2,
            "trackback": 2,
            "unapproved comment": 1,
            "comment kept": 23,
        }
    )
    assert skipped(archive) == {k: v for k, v in oracle.items() if "kept" not in k}
    assert archive.posts.group_by("kind").len().sort("kind").rows() == [("post", 56), ("reply", 23)]


@pytest.mark.samples
def test_theme_unit_test_data_threads_and_the_authors_own_replies():
    archive = load(sample("theme-unit-test-data.xml"))
    site = "wpthemetestdata.wordpress.com"
    posts = archive.posts
    # The export has no wp:author_id, so the user-id rule cannot match; e-mail matches 4 comments:
    # three by themedemos on its own post, one by themedemos on themereviewteam's post.
    assert (
        "comments by authors of the blog: 4 (user id: 0, e-mail: 4, name: 0); "
        "3 by the post's own author, 1 by another author of the blog"
    ) in notes(archive)
    own = posts.filter(pl.col("author") == pl.col("account"), pl.col("kind") == "reply")
    assert sorted(own["post_id"].to_list()) == [
        f"{site}/wp:c903",
        f"{site}/wp:c910",
        f"{site}/wp:c915",
    ]
    c910 = posts.filter(pl.col("post_id") == f"{site}/wp:c910")
    assert c910.select("reply_to_id", "reply_to_author", "conversation_id").row(0) == (
        f"{site}/wp:c907",
        "fred bloggs",
        f"{site}/wp:1148",
    )
    c2 = posts.filter(pl.col("post_id") == f"{site}/wp:c2")
    assert c2.select("account", "author").row(0) == ("themereviewteam", "themedemos")
    # comment 920 is "Jane Doe" with a WordPress.com user id no author entry carries: a visitor
    assert posts.filter(pl.col("post_id") == f"{site}/wp:c920")["author"].item() == "jane doe"
    # dc:creator "themereviewteam>" is repaired (and the repair is noted)
    assert set(posts["account"]) == {"themedemos", "themereviewteam"}
    assert any(
        n.startswith("dc:creator") and "read as 'themereviewteam'" in n for n in notes(archive)
    )


@pytest.mark.samples
def test_small_export_three_authors_and_a_private_post():
    path = sample("small-export.xml")
    archive = load(path)
    assert skipped(archive) == {"page": 5, "private": 1}
    assert archive.posts.group_by("account").len().sort("account").rows() == [
        ("admin", 3),
        ("author", 2),
        ("editor", 1),
    ]
    assert archive.accounts.sort("account")["account"].to_list() == ["admin", "author", "editor"]
    with_private = load(path, include_drafts=True)
    assert with_private.posts.height == archive.posts.height + 1
    assert skipped(with_private) == {"page": 5}


@pytest.mark.samples
@pytest.mark.parametrize(
    ("name", "n_rows", "site"),
    [
        ("valid-wxr-1.0.xml", 4, "localhost"),
        ("valid-wxr-1.1.xml", 2, "localhost"),
        ("wxr-comprehensive.xml", 2, "playground.internal/site"),
    ],
)
def test_other_wxr_versions_load(name, n_rows, site):
    archive = load(sample(name))
    assert archive.posts.height == n_rows
    assert archive.posts["post_id"].str.starts_with(f"{site}/wp:").all()
    comment = archive.posts.filter(pl.col("kind") == "reply")
    assert comment.height == 1
    assert (
        comment["reply_to_author"].item()
        == archive.posts.filter(pl.col("kind") == "post")["author"][0]
    )


@pytest.mark.samples
def test_wxr_1_0_has_no_author_list_and_says_so():
    archive = load(sample("valid-wxr-1.0.xml"))
    assert "the export lists no <wp:author> (WXR 1.0): authors are known by login only" in notes(
        archive
    )
    assert set(archive.posts.filter(pl.col("kind") == "post")["author"]) == {"admin"}


@pytest.mark.samples
def test_malformed_sample_is_a_clear_error():
    # Its <notachanneltag> is closed by </channel>: the XML is not well-formed.
    with pytest.raises(InputError, match=r"malformed\.xml: not well-formed XML at line 90"):
        load(sample("malformed.xml"))


@pytest.mark.samples
def test_missing_version_tag_degrades_gracefully():
    # A channel with categories and tags but no items and no wxr_version: nothing to load, said plainly.
    archive = load(sample("missing-version-tag.xml"))
    assert archive.posts.height == 0
    assert "no <wp:wxr_version> in the export; read as WXR by its wp namespace" in notes(archive)
    assert "the export holds no <item> (no posts, pages or comments)" in notes(archive)


# --------------------------------------------------------------------------- Blogger


def test_blogger_classic_backup_posts_and_comments():
    archive = load(BLOGGER / "classic_backup_with_threaded_comment.xml")
    p = "blogger:1234567890:"
    assert rows(
        archive,
        "account",
        "post_id",
        "author",
        "kind",
        "reply_to_id",
        "reply_to_author",
        "conversation_id",
    ) == [
        ("dana ruiz", f"{p}1111", "dana ruiz", "post", None, None, f"{p}1111"),
        # "Unknown" commenters keep their Blogger profile id so that different people stay apart
        (
            "dana ruiz",
            f"{p}c4444",
            "unknown (00000000000000000009)",
            "reply",
            f"{p}1111",
            "dana ruiz",
            f"{p}1111",
        ),
        # same profile URI as the post: the author's own reply, threaded under 4444 by its 'related' link
        (
            "dana ruiz",
            f"{p}c5555",
            "dana ruiz",
            "reply",
            f"{p}c4444",
            "unknown (00000000000000000009)",
            f"{p}1111",
        ),
        ("dana ruiz", f"{p}c6666", "anonymous", "reply", f"{p}1111", "dana ruiz", f"{p}1111"),
    ]
    post = archive.posts.filter(pl.col("post_id") == f"{p}1111")
    assert post.select("created_at", "text", "urls", "url", "replies").row(0) == (
        datetime(2020, 3, 20, 11, 12, 0, 3000, tzinfo=UTC),
        "The bridge reopens\nAfter two years, the bridge is open again.\nWhat do you think?",
        ["https://town.example.gov/bridge"],
        "http://www.riverside-notes.example/2020/03/bridge-reopens.html",
        3,
    )
    # HTML escaped twice in the Atom text: entities decoded once by XML, once by html_to_text
    assert archive.posts.filter(pl.col("post_id") == f"{p}c6666")["text"].item() == (
        'The "experts" said it would take a year & more.'
    )
    (log,) = archive.log.iter_rows(named=True)
    assert log["format"] == "blogger classic backup"
    assert (log["records_read"], log["rows_kept"], log["rows_skipped"]) == (10, 4, 6)
    assert skipped(archive) == {
        "template": 1,
        "settings": 2,
        "draft": 1,
        "page": 1,
        "comment on a post not in the file": 1,
    }
    assert archive.accounts.select("account", "display_name").rows() == [("dana ruiz", "Dana Ruiz")]
    # the backup's own date (feed <updated>) bounds the observation window
    assert archive.accounts["observed_until"].item() == datetime(
        2020, 3, 27, 9, 56, 29, 265000, tzinfo=UTC
    )


def test_blogger_takeout_feed_atom_in_a_takeout_folder_and_zip(tmp_path):
    folder = BLOGGER / "takeout_feed_atom"
    as_zip = zip_folder(folder, tmp_path / "takeout-20240101.zip")
    for path in (folder, as_zip):
        archive = load(path)
        p = "blogger:1234567890:"
        assert rows(archive, "post_id", "author", "kind", "reply_to_id", "reply_to_author") == [
            (f"{p}1111", "dana ruiz", "post", None, None),
            (f"{p}c4444", "rob", "reply", f"{p}1111", "dana ruiz"),
            (f"{p}c5555", "dana ruiz", "reply", f"{p}c4444", "rob"),
        ]
        assert archive.posts.filter(pl.col("kind") == "post")["url"].item() == (
            "https://riverside-notes.blogspot.com/2020/03/bridge-reopens.html"
        )
        (log,) = archive.log.iter_rows(named=True)
        assert log["format"] == "blogger takeout feed.atom"
        assert skipped(archive) == {"draft": 1, "page": 1, "trashed comment": 1}
        assert any("UNVERIFIED" in n for n in log["notes"])


def test_blogger_takeout_post_url_from_another_entrys_link(tmp_path):
    # A feed.atom without the blog's own <link rel='alternate'>: the blog address is read off
    # an entry that gives both its link and its blogger:filename (here the About page), and
    # the post's url is that address + its filename. With no such entry the url stays unknown.
    feed = next((BLOGGER / "takeout_feed_atom").rglob("feed.atom")).read_text(encoding="utf-8")
    feed_link = (
        "  <link rel='alternate' type='text/html' href='https://riverside-notes.blogspot.com/'/>\n"
    )
    assert feed_link in feed
    no_feed_link = feed.replace(feed_link, "")
    page_link = no_feed_link.replace(
        "<blogger:filename>/p/about.html</blogger:filename>",
        "<blogger:filename>/p/about.html</blogger:filename>\n"
        "    <link rel='alternate' type='text/html' "
        "href='https://riverside-notes.blogspot.com/p/about.html'/>",
    )
    for text, url, note in (
        (
            page_link,
            "https://riverside-notes.blogspot.com/2020/03/bridge-reopens.html",
            "1 post url(s) made of the blog address 'https://riverside-notes.blogspot.com' "
            "(read off an entry's link) and their blogger:filename",
        ),
        (
            no_feed_link,
            None,
            "1 post(s) without a url: neither the feed nor any entry gives the blog's address "
            "to put before their blogger:filename",
        ),
    ):
        path = tmp_path / "feed.atom"
        path.write_text(text, encoding="utf-8")
        archive = load(path)
        assert archive.posts.filter(pl.col("kind") == "post")["url"].item() == url
        assert note in notes(archive)


def test_blogger_feed_atom_alone_is_detected():
    feed = next((BLOGGER / "takeout_feed_atom").rglob("feed.atom"))
    assert detect(Input(feed)).name == "blogger"
    assert detect(Input(WP / "blog_with_threaded_comments.xml")).name == "wordpress"
    assert detect(Input(BLOGGER / "classic_backup_with_threaded_comment.xml")).name == "blogger"


def test_a_truncated_blogger_backup_is_a_clear_error(tmp_path):
    cut = tmp_path / "blog-03-27-2020.xml"
    cut.write_bytes((BLOGGER / "classic_backup_with_threaded_comment.xml").read_bytes()[:4000])
    with pytest.raises(InputError, match=r"blog-03-27-2020\.xml: not well-formed XML at line \d+"):
        load(cut)


# --------------------------------------------------------------------------- HTML to text, all rows at once

EDGE_CASES = [
    "",
    "   ",
    "a&nbsp; <br/>b\xa0\n\n c",
    " <p>x</p>\r\n<p>y &amp;amp; z</p> ",
    "&#10;line&#10;",
    '<span class="invisible">https://</span>example.com',
    "\x1ftext\x1f",
    '<!-- wp:image {"id":1,"x":"a>b"} --><figure><img src="x.jpg"/></figure><!-- /wp:image -->caption',
    "<h2>Title</h2><ul><li>one</li><li>two</li></ul>tail",
]


def _both(docs):
    import re

    from toolkit.sources._io import html_to_text
    from toolkit.sources.blog import _html_text

    expected = [html_to_text(re.sub(r"<!--.*?-->", "", d, flags=re.S)) for d in docs]
    got = (
        pl.DataFrame({"d": docs}, schema={"d": pl.Utf8})
        .select(_html_text(pl.col("d")))["d"]
        .to_list()
    )
    return expected, got


def test_vectorised_html_to_text_matches_the_shared_helper_on_edge_cases():
    expected, got = _both(EDGE_CASES)
    assert got == expected


@pytest.mark.samples
def test_vectorised_html_to_text_matches_the_shared_helper_on_real_exports():
    docs = []
    for name in (
        "theme-unit-test-data.xml",
        "small-export.xml",
        "valid-wxr-1.0.xml",
        "wxr-comprehensive.xml",
    ):
        root = etree.parse(str(sample(name))).getroot()
        docs += [
            el.text or ""
            for el in root.iter()
            if isinstance(el.tag, str)
            and el.tag.endswith(("}encoded", "}comment_content", "title"))
        ]
    assert len(docs) > 600
    expected, got = _both(docs)
    assert got == expected
