"""The main job: a standalone HTML report that a journalist can publish and defend."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime

import polars as pl
import pytest

import toolkit
from toolkit.archive import Archive
from toolkit.cli import main
from toolkit.report import build
from toolkit.schema import ACCOUNTS_SCHEMA, posts_from_rows

from .browser import browser_page
from .conftest import DATA_SAMPLE, ROOT

pytestmark = pytest.mark.xdist_group("report")
ARTIFACTS = ROOT / "tests" / "artifacts"


def load_sample():
    if not (DATA_SAMPLE / "accounts.toml").exists():
        pytest.skip("data/sample is not generated yet (make sample)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return toolkit.load(DATA_SAMPLE, accounts_file=DATA_SAMPLE / "accounts.toml")


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    archive = load_sample()
    out = tmp_path_factory.mktemp("report") / "sample.html"
    build(archive, out=out, inputs=[DATA_SAMPLE], n_boot=100)
    return archive, out


def tiny_archive(rows, accounts, log=None) -> Archive:
    posts = posts_from_rows(rows)
    acc = pl.DataFrame(accounts, schema=ACCOUNTS_SCHEMA)
    return Archive(posts=posts, accounts=acc, log=log)


def t(day, hour=12, minute=0):
    return datetime(2012, 9, day, hour, minute, tzinfo=UTC)


def account_row(handle, name, start=1, end=30):
    return {
        "platform": "twitter",
        "account": handle,
        "person": handle,
        "display_name": name,
        "group": None,
        "colour": None,
        "timezone": "UTC",
        "studied": True,
        "observed_from": t(start, 0),
        "observed_until": t(end, 23),
    }


PAYLOADS = [
    '<script>alert("xss-script")</script>',
    '<img src=x onerror=alert("xss-img")>',
    "<a href=\"javascript:alert('xss-link')\">click me</a>",
]


def hostile_archive() -> Archive:
    """A candidate and citizens whose texts, handles and file names carry markup."""
    src = '<b>evil</b>"file.js'
    citizen = "<img src=y onerror=alert(9)>"

    def row(
        pid, author, created_at, text, kind="reply", parent=None, parent_author=None, conv=None
    ):
        return dict(
            platform="twitter", account="cand", post_id=pid, author=author,
            created_at=created_at, text=text, kind=kind, reply_to_id=parent,
            reply_to_author=parent_author, conversation_id=conv, source_file=src,
        )  # fmt: skip

    rows = []
    for i, payload in enumerate(PAYLOADS):
        pid = str(100 + i)
        rows += [
            row(pid, "cand", t(2 + i), f"Statement {payload} today", "post", conv=pid),
            row(pid + "r", citizen, t(2 + i, 13), f"reply {payload}", parent=pid,
                parent_author="cand", conv=pid),
            row(pid + "a", "cand", t(2 + i, 14), f"answer {payload}", parent=pid + "r",
                parent_author=citizen, conv=pid),
        ]  # fmt: skip
    acc = account_row("cand", '<script>alert("name")</script>Cand')
    log = pl.DataFrame(
        [
            {
                "source_file": src,
                "format": "twitter",
                "records_read": 9,
                "rows_kept": 9,
                "rows_skipped": 0,
                "skipped": [],
                "notes": ["<script>alert('note')</script>"],
            }
        ],
        schema=toolkit.schema.LOG_SCHEMA,
    )
    return tiny_archive(rows, [acc], log)


def own_posts_only() -> Archive:
    rows = [
        dict(
            platform="twitter",
            account="solo",
            post_id=str(i),
            author="solo",
            created_at=t(1 + i),
            text=f"Announcing item {i} https://example.org/{i}",
            kind="post",
            conversation_id=str(i),
            urls=[f"https://example.org/{i}"],
            client="HootSuite",
            source_file="solo.zip!data/tweets.js",
        )
        for i in range(12)
    ]
    return tiny_archive(rows, [account_row("solo", "Solo Sender")])


# ----------------------------------------------------------------------------- content


def test_report_sections_in_order(sample_report):
    _, out = sample_report
    html = out.read_text()
    ids = [m.group(1) for m in re.finditer(r'<section id="([a-z]+)"', html)]
    assert ids == ["findings", "charts", "metrics", "coverage", "methods", "provenance"]
    assert html.count("window.vegaEmbed=") == 1  # the bundle is inlined once
    assert "https://cdn" not in html and "<link " not in html


def test_findings_have_denominators_and_intervals(sample_report):
    archive, out = sample_report
    html = out.read_text()
    assert re.search(
        r"answered [\d,]+ of [\d,]+ replies from others within 7 days \(\d+(\.\d)? %, 95 % CI", html
    )


def test_same_inputs_give_byte_identical_reports(tmp_path):
    arc = hostile_archive()
    a = build(arc, out=tmp_path / "a.html", n_boot=50).read_bytes()
    b = build(arc, out=tmp_path / "b.html", n_boot=50).read_bytes()
    assert a == b
    c = build(arc, out=tmp_path / "c.html", n_boot=50, seed=1).read_text()
    fp = re.compile(r"Fingerprint of inputs and parameters: <code>([0-9a-f]{64})</code>")
    assert fp.search(a.decode()).group(1) != fp.search(c).group(1)


def test_a_changed_input_file_changes_the_fingerprint(tmp_path):
    arc = own_posts_only()
    f = tmp_path / "input.txt"
    f.write_text("one")
    a = build(arc, out=tmp_path / "a.html", inputs=[f], n_boot=20).read_text()
    f.write_text("two")
    b = build(arc, out=tmp_path / "b.html", inputs=[f], n_boot=20).read_text()
    fp = re.compile(r"Fingerprint of inputs and parameters: <code>([0-9a-f]{64})</code>")
    assert fp.search(a).group(1) != fp.search(b).group(1)


def test_report_date_only_when_asked(tmp_path, monkeypatch):
    arc = own_posts_only()
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert "Report date" not in build(arc, out=tmp_path / "a.html", n_boot=20).read_text()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1352246400")
    assert "Report date: 2012-11-07" in build(arc, out=tmp_path / "b.html", n_boot=20).read_text()


def test_own_posts_only_says_responsiveness_is_not_measurable(tmp_path):
    html = build(own_posts_only(), out=tmp_path / "solo.html", n_boot=20).read_text()
    assert "responsiveness (answer rates and times) cannot be measured" in html
    assert "Responsiveness of Solo Sender cannot be measured" in html
    assert "answered 0 of" not in html


def test_pseudonymise_leaves_no_public_handle(tmp_path):
    archive = load_sample()
    studied = set(archive.accounts["account"])
    public = (
        set(archive.posts["author"])
        | set(archive.posts["reply_to_author"].drop_nulls())
        | set(archive.posts["mentions"].explode().drop_nulls())
    ) - studied
    public = {h for h in public if len(h) >= 4}
    assert public
    html = build(archive, out=tmp_path / "p.html", pseudonymise=True, n_boot=20).read_text().lower()
    body = html.split("<script>", 1)[0] + html.rsplit("</script>", 1)[-1]
    specs = "".join(re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S))
    leaked = sorted(
        h for h in public if re.search(r"(?<![\w.-])" + re.escape(h) + r"(?![\w-])", body + specs)
    )
    assert leaked == []


def test_cli_report(tmp_path, capsys):
    if not (DATA_SAMPLE / "accounts.toml").exists():
        pytest.skip("data/sample is not generated yet")
    out = tmp_path / "cli.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rc = main(
            [
                "report",
                str(DATA_SAMPLE),
                "--accounts",
                str(DATA_SAMPLE / "accounts.toml"),
                "--since",
                "2012-08-01",
                "--title",
                "Test <title>",
                "-o",
                str(out),
            ]
        )
    assert rc == 0
    assert capsys.readouterr().out.strip() == str(out)
    html = out.read_text()
    assert "<title>Test &lt;title&gt;</title>" in html
    assert "toolkit report" in html and "--since 2012-08-01" in html


# ----------------------------------------------------------------------------- in a real browser


@pytest.mark.browser
def test_sample_report_renders_in_chromium(sample_report):
    archive, out = sample_report
    names = set(archive.accounts.filter(pl.col("studied"))["display_name"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with browser_page() as (page, log):
        page.goto(out.as_uri())
        page.wait_for_function("document.body.dataset.chartsReady !== undefined", timeout=60_000)
        assert page.evaluate("document.body.dataset.chartsReady") == "true"
        n_targets = page.locator(".chart-target").count()
        assert n_targets >= 6
        assert page.locator(".chart-target svg.marks").count() == n_targets
        texts = " ".join(t for t in page.locator(".chart-target svg text").all_text_contents() if t)
        for name in names:
            # long names are shortened on axes ("Kestrel & Lune Analytics (Maë…"): look for their start
            assert name[:24] in texts, f"{name} not drawn in any chart"
        page.screenshot(path=str(ARTIFACTS / "sample-report.png"), full_page=True)
    assert log.console_errors == [] and log.page_errors == []
    assert log.blocked == []


@pytest.mark.browser
def test_markup_in_archives_stays_inert_text(tmp_path):
    out = build(hostile_archive(), out=tmp_path / "hostile.html", n_boot=20)
    with browser_page() as (page, log):
        page.goto(out.as_uri())
        page.wait_for_function("document.body.dataset.chartsReady !== undefined", timeout=60_000)
        body = page.inner_text("body")
        assert '<script>alert("name")</script>Cand' in body
        assert '<b>evil</b>"file.js' in body
        assert page.locator("img[src=x], img[src=y]").count() == 0
        assert page.locator('a[href^="javascript:"]').count() == 0
    assert log.dialogs == []
    assert not any("xss" in m or "name" == m for m in log.console)
    assert log.page_errors == []


def test_the_vega_bundle_is_kept_in_the_cache_and_rebuilt_when_damaged(tmp_path, monkeypatch):
    import vl_convert as vlc

    from toolkit import report

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    report.vega_bundle.cache_clear()
    try:
        fresh = report.vega_bundle()  # assembled by vl-convert, then kept
        assert fresh == vlc.javascript_bundle(vl_version=report.VEGA_LITE_VERSION).replace(
            "</script", "<\\/script"
        )
        assert "</script" not in fresh
        (kept,) = (tmp_path / "conversation-habits-toolkit").glob("vega-bundle-*.js")
        assert vlc.__version__ in kept.name and report.VEGA_LITE_VERSION in kept.name
        report.vega_bundle.cache_clear()
        assert report.vega_bundle() == fresh  # read back from the cache
        # a damaged file (truncated, or edited) is not used: the bundle is assembled again
        kept.write_bytes(kept.read_bytes()[:-100])
        report.vega_bundle.cache_clear()
        assert report.vega_bundle() == fresh
        kept.write_bytes(kept.read_bytes().replace(b"vega", b"VEGA", 1))
        report.vega_bundle.cache_clear()
        assert report.vega_bundle() == fresh
        assert not list(kept.parent.glob(".tmp-*"))
    finally:
        report.vega_bundle.cache_clear()


def test_an_account_that_never_answers_gets_a_report_without_the_interlocutor_charts(tmp_path):
    # people reply to the candidate, who never replies to or mentions anyone: there is
    # nobody to rank, and the report says so instead of failing
    rows = []
    for i in range(6):
        common = dict(platform="twitter", account="mute", source_file="mute.zip!data/tweets.js")
        rows.append(
            dict(
                common,
                post_id=f"p{i}",
                author="mute",
                created_at=t(1 + i),
                text=f"Statement {i}",
                kind="post",
                conversation_id=f"p{i}",
            )  # fmt: skip
        )
        rows.append(
            dict(
                common,
                post_id=f"r{i}",
                author=f"voter{i}",
                created_at=t(1 + i, 14),
                text="Will you answer?",
                kind="reply",
                reply_to_id=f"p{i}",
                reply_to_author="mute",
                conversation_id=f"p{i}",
            )  # fmt: skip
        )
    html = build(
        tiny_archive(rows, [account_row("mute", "Mute Candidate")]),
        out=tmp_path / "mute.html",
        n_boot=20,
    ).read_text()
    assert "answered 0 of 6" in html
    charts = html[html.index('<section id="charts"') : html.index('<section id="metrics"')]
    assert "No account replied to or mentioned anyone in these data." in charts
    assert "No account replied to anyone in these data." in charts
