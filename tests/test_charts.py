"""Charts: the theme, the core chart set and export, told on a tiny fictional race.

Three studied people: Alex Rivera (Twitter/X, colour given in the accounts file),
Jordan Lee (Twitter/X and Mastodon, no colour given) and Acme Jobs (LinkedIn,
whose export has no replies from others, so every responsiveness metric is
"not available" for it). The frames below have exactly the columns of
docs/interfaces.md; their values are made up, only their shapes matter here.
"""

from __future__ import annotations

import html
import json
import re
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import altair as alt
import polars as pl
import pytest

from toolkit import charts
from toolkit.charts import theme
from toolkit.charts.comparison import period_start
from toolkit.charts.responsiveness import thin_steps

UTC_DT = pl.Datetime("us", "UTC")
NA = "not available: no replies from others in a LinkedIn export"
CREDIT = charts.credit_line((["twitter", "mastodon", "linkedin"], "2024-09-02", "2024-11-24"))


# ---------------------------------------------------------------- the tiny race
def accounts_frame() -> pl.DataFrame:
    """archive.accounts for the three people (ACCOUNTS_SCHEMA)."""
    rows = [
        (
            "twitter",
            "alexrivera",
            "alex_rivera",
            "Alex Rivera",
            "Prairie",
            "#D55E00",
            "America/Chicago",
        ),
        ("twitter", "jordanlee", "jordan_lee", "Jordan Lee", "Lakes", None, "America/New_York"),
        (
            "mastodon",
            "jordan@social.example",
            "jordan_lee",
            "Jordan Lee",
            "Lakes",
            None,
            "America/New_York",
        ),
        ("linkedin", "acme-jobs", "acme_jobs", "Acme Jobs", "Staffing", None, "Europe/Berlin"),
    ]
    frame = pl.DataFrame(
        rows,
        schema=["platform", "account", "person", "display_name", "group", "colour", "timezone"],
        orient="row",
    )
    return frame.with_columns(
        pl.col("platform").cast(pl.Enum(["twitter", "mastodon", "linkedin", "facebook"])),
        pl.lit(True).alias("studied"),
        pl.lit(datetime(2024, 9, 2, tzinfo=UTC)).cast(UTC_DT).alias("observed_from"),
        pl.lit(datetime(2024, 11, 24, tzinfo=UTC)).cast(UTC_DT).alias("observed_until"),
    )


SERIES = [  # (person, display_name, platform, account)
    ("alex_rivera", "Alex Rivera", "twitter", "alexrivera"),
    ("jordan_lee", "Jordan Lee", "twitter", "jordanlee"),
    ("jordan_lee", "Jordan Lee", "mastodon", "jordan@social.example"),
    ("acme_jobs", "Acme Jobs", "linkedin", "acme-jobs"),
]
IDENT = ["person", "display_name", "platform", "account"]


def catalog_frame() -> pl.DataFrame:
    """A slice of toolkit.metrics.catalog() (its columns, a dozen metrics)."""
    rows = [
        ("reply_share", "Replies to others", "share", "dialogue"),
        ("interlocutors", "People engaged", "people", "dialogue"),
        ("reciprocity", "Two-way exchanges", "share", "dialogue"),
        ("response_rate", "Replies answered within 7 days", "share", "responsiveness"),
        ("first_response_median", "Median time to answer", "hours", "responsiveness"),
        ("post_and_run_rate", "Post and run", "share", "responsiveness"),
        ("posts_per_day", "Posts per day", "posts per day", "broadcasting"),
        ("repost_share", "Reposts", "share", "broadcasting"),
        ("automation_client_share", "Posted by automation", "share", "automation"),
        ("clock_aligned_share", "On the quarter hour", "share", "automation"),
        ("active_days_share", "Active days", "share", "rhythm"),
    ]
    return pl.DataFrame(rows, schema=["name", "title", "unit", "group"], orient="row").with_columns(
        pl.lit("definition").alias("definition"),
        pl.lit("neutral").alias("direction"),
        pl.lit("own posts").alias("needs"),
    )


VALUES = {  # metric -> value per series (None = not available)
    "reply_share": [0.42, 0.10, 0.25, 0.02],
    "interlocutors": [130.0, 12.0, 40.0, 3.0],
    "reciprocity": [0.35, 0.05, 0.20, 0.0],
    "response_rate": [0.40, 0.0, 0.15, None],
    "first_response_median": [3.5, None, 20.0, None],
    "post_and_run_rate": [0.20, 0.90, 0.55, None],
    "posts_per_day": [6.1, 2.3, 1.1, 0.8],
    "repost_share": [0.05, 0.30, 0.12, 0.0],
    "automation_client_share": [0.0, 0.12, 0.0, 0.85],
    "clock_aligned_share": [0.07, 0.10, 0.05, 0.60],
    "active_days_share": [0.9, 0.8, 0.3, 0.7],
}


def results_frame(series=SERIES, period: str | None = None, values=VALUES) -> pl.DataFrame:
    """toolkit.metrics.compute() long form; Alex's first_response is n/a too (no answered items)."""
    rows = []
    for metric, vals in values.items():
        for (person, name, platform, account), v in zip(series, vals, strict=False):
            share = metric.endswith(("share", "rate")) or metric == "reciprocity"
            na_reason = NA if platform == "linkedin" else "not available: no item was answered"
            rows.append(
                {
                    "person": person,
                    "display_name": name,
                    "platform": platform,
                    "account": account,
                    "period": period,
                    "metric": metric,
                    "value": v,
                    "ci_low": None if v is None else max(v * 0.8, 0.0),
                    "ci_high": None if v is None else (min(v * 1.2, 1.0) if share else v * 1.2),
                    "n": 50,
                    "k": None if v is None or not share else round(v * 50),
                    "status": "ok" if v is not None else na_reason,
                }
            )
    return pl.DataFrame(
        rows,
        schema={
            "person": pl.Utf8,
            "display_name": pl.Utf8,
            "platform": pl.Utf8,
            "account": pl.Utf8,
            "period": pl.Utf8,
            "metric": pl.Utf8,
            "value": pl.Float64,
            "ci_low": pl.Float64,
            "ci_high": pl.Float64,
            "n": pl.Int64,
            "k": pl.Int64,
            "status": pl.Utf8,
        },
    )


def weekly_results() -> pl.DataFrame:
    """compute(period="W") for response_rate: nine weeks; Jordan/Twitter has no inbound item in week 4."""
    frames = []
    for w in range(9):
        monday = (datetime(2024, 9, 2) + timedelta(weeks=w)).date().isoformat()
        vals = {"response_rate": [0.3 + 0.03 * w, None if w == 3 else 0.05, 0.15, None]}
        frames.append(results_frame(period=monday, values=vals))
    return pl.concat(frames)


def _ident(i: int) -> dict:
    return dict(zip(IDENT, SERIES[i], strict=True))


def post_mix_frame(series=range(4)) -> pl.DataFrame:
    mixes = {
        0: [30, 42, 8, 15, 5],
        1: [60, 10, 2, 25, 3],
        2: [50, 25, 5, 12, 8],
        3: [97, 2, 1, 0, 0],
    }
    cats = ["original", "reply to others", "self-thread", "repost", "quote"]
    rows = []
    for i in series:
        total = sum(mixes[i])
        rows += [
            {**_ident(i), "category": c, "n": n, "share": n / total}
            for c, n in zip(cats, mixes[i], strict=True)
        ]
    return pl.DataFrame(rows).with_columns(pl.col("n").cast(pl.Int64))


def clients_frame() -> pl.DataFrame:
    mixes = {
        0: {"phone": 70, "web": 25, "unknown": 5},
        1: {"phone": 20, "web": 30, "scheduler": 40, "API": 10},
        2: {"web": 100},
        3: {"scheduler": 60, "feed": 25, "cross-post": 10, "other": 5},
    }
    rows = []
    for i, mix in mixes.items():
        total = sum(mix.values())
        rows += [{**_ident(i), "category": c, "n": n, "share": n / total} for c, n in mix.items()]
    return pl.DataFrame(rows).with_columns(pl.col("n").cast(pl.Int64))


def km_frame(series=(0, 1, 2)) -> pl.DataFrame:
    """km_curves: Alex answers fast, Jordan/Twitter rarely, Jordan/Mastodon slowly; 168 h window."""
    curves = {
        0: [
            (0.0, 1.0, 0),
            (0.1, 0.8, 0),
            (0.5, 0.6, 1),
            (2.0, 0.45, 0),
            (10.0, 0.4, 2),
            (168.0, 0.4, 5),
        ],
        1: [(0.0, 1.0, 0), (30.0, 0.95, 0), (168.0, 0.95, 10)],
        2: [(0.0, 1.0, 0), (5.0, 0.9, 0), (24.0, 0.7, 1), (72.0, 0.6, 0), (168.0, 0.6, 4)],
    }
    rows = []
    for i in series:
        at_risk = 20
        for t, s, c in curves[i]:
            rows.append(
                {
                    **_ident(i),
                    "t_hours": t,
                    "surviving": s,
                    "ci_low": max(s - 0.15, 0.0) if t > 0 else 1.0,
                    "ci_high": min(s + 0.1, 1.0) if t > 0 else 1.0,
                    "at_risk": at_risk,
                    "censored": c,
                }
            )
            at_risk -= 2
    return pl.DataFrame(rows).with_columns(pl.col("at_risk", "censored").cast(pl.Int64))


def rhythm_frame(series=(0, 1, 3)) -> pl.DataFrame:
    rows = []
    for i in series:
        for wd in range(7):
            for h in range(24):
                if i == 3 and (wd >= 5 or not 8 <= h < 17):
                    continue  # a company posts in office hours; zero cells are absent
                n = (h % 7) + wd + (i * 2) if 7 <= h <= 23 else 0
                if n:
                    rows.append({**_ident(i), "weekday": wd, "hour": h, "n": n})
    return pl.DataFrame(rows).with_columns(
        pl.col("weekday", "hour").cast(pl.Int8), pl.col("n").cast(pl.Int64)
    )


def interlocutors_frame() -> pl.DataFrame:
    rows = []
    for i, people in {
        0: [
            ("sam_voter", 9, 4, 1),
            ("dana_press", 5, 0, 6),
            ("kim", 3, 3, 0),
            ("lee", 1, 0, 0),
            ("pat", 0, 2, 1),
        ],
        1: [("jordan_staff", 2, 0, 8), ("dana_press", 0, 5, 3)],
        2: [("mo@fedi.example", 6, 2, 0), ("ali@fedi.example", 1, 1, 0)],
    }.items():
        rows += [
            {
                **_ident(i),
                "interlocutor": who,
                "replies_to": rt,
                "replies_from": rf,
                "mentions": m,
                "both_directions": rt > 0 and rf > 0,
            }
            for who, rt, rf, m in people
        ]
    return pl.DataFrame(rows).with_columns(
        pl.col("replies_to", "replies_from", "mentions").cast(pl.Int64)
    )


def posts_frame(n: int, *, accounts=("alexrivera", "jordanlee")) -> pl.DataFrame:
    """A synthetic archive.posts slice: n rows over 12 weeks, every 3rd row by someone else."""
    idx = pl.int_range(n, eager=True)
    start = datetime(2024, 9, 2, tzinfo=UTC)
    account = pl.Series([accounts[i % len(accounts)] for i in range(min(n, len(accounts)))])
    return pl.DataFrame({"i": idx}).select(
        pl.lit("twitter").alias("platform"),
        pl.when(pl.col("i") % 2 == 0)
        .then(pl.lit(account[0]))
        .otherwise(pl.lit(account[-1]))
        .alias("account"),
        pl.when(pl.col("i") % 3 == 0)
        .then(pl.lit("someone"))
        .otherwise(
            pl.when(pl.col("i") % 2 == 0).then(pl.lit(account[0])).otherwise(pl.lit(account[-1]))
        )
        .alias("author"),
        (pl.lit(start) + pl.duration(seconds=(pl.col("i") * (84 * 86400 // max(n, 1))))).alias(
            "created_at"
        ),
        pl.format("post {}", pl.col("i")).alias("text"),
    )


# ---------------------------------------------------------------- helpers
def walk(spec):
    """Every dict inside a Vega-Lite spec."""
    if isinstance(spec, dict):
        yield spec
        for v in spec.values():
            yield from walk(v)
    elif isinstance(spec, list):
        for v in spec:
            yield from walk(v)


def marks(spec) -> list[str]:
    out = []
    for d in walk(spec):
        m = d.get("mark")
        if m is not None:
            out.append(m if isinstance(m, str) else m["type"])
    return out


def encodings(spec, channel: str) -> list[dict]:
    return [
        d["encoding"][channel]
        for d in walk(spec)
        if isinstance(d.get("encoding"), dict) and channel in d["encoding"]
    ]


def colour_scales(spec) -> list[dict]:
    return [
        e["scale"]
        for e in encodings(spec, "color") + encodings(spec, "fill")
        if e.get("field") == "name"
    ]


def datasets(spec) -> dict[str, list[dict]]:
    return spec.get("datasets", {})


def all_rows(spec) -> list[dict]:
    return [row for rows in datasets(spec).values() for row in rows]


def credit_of(spec) -> str:
    return spec["title"]["text"]


def main_title(spec) -> dict:
    return spec["vconcat"][0]["title"]


@pytest.fixture
def accounts() -> pl.DataFrame:
    return accounts_frame()


# ---------------------------------------------------------------- the theme
def test_the_theme_is_registered_but_not_enabled():
    assert "toolkit" in alt.theme.names()
    assert alt.theme.active != "toolkit"
    cfg = theme.config()
    assert cfg["range"]["category"] == list(theme.OKABE_ITO)
    assert cfg["axis"]["labelFontSize"] >= 11 and cfg["title"]["fontSize"] >= 16


def test_enabling_the_theme_styles_the_users_own_charts():
    chart = alt.Chart(pl.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    with alt.theme.enable("toolkit"):
        spec = chart.to_dict()
    assert spec["config"]["range"]["category"] == list(theme.OKABE_ITO)
    assert "config" not in chart.to_dict() or chart.to_dict()["config"].get("font") != theme.FONT


def test_each_person_keeps_one_colour_given_or_assigned_by_person_id(accounts):
    domain, colours = charts.account_colours(accounts)
    # display names sorted; Alex has the colour from the file, the others get free
    # Okabe-Ito colours in order of person id (acme_jobs, then jordan_lee)
    assert domain == ["Acme Jobs", "Alex Rivera", "Jordan Lee"]
    assert dict(zip(domain, colours, strict=True)) == {
        "Alex Rivera": "#D55E00",
        "Acme Jobs": "#0072B2",
        "Jordan Lee": "#E69F00",
    }


def test_a_subset_of_people_keeps_the_same_colours(accounts):
    full = dict(zip(*charts.account_colours(accounts), strict=True))
    only_jordan = dict(zip(*charts.account_colours(accounts, ["Jordan Lee"]), strict=True))
    assert only_jordan["Jordan Lee"] == full["Jordan Lee"]


def test_a_name_absent_from_the_accounts_file_gets_the_next_free_colour(accounts):
    domain, colours = charts.account_colours(accounts, ["Zed Unknown"])
    assert dict(zip(domain, colours, strict=True))["Zed Unknown"] == "#009E73"


def test_the_credit_line_names_platforms_and_period():
    assert (
        str(CREDIT)
        == "Data: LinkedIn, Mastodon, Twitter/X, 2 Sep – 24 Nov 2024. Chart: conversation-habits toolkit"
    )
    assert CREDIT.period == "2 Sep – 24 Nov 2024"


def test_the_credit_line_of_an_archive_uses_the_studied_accounts_window(accounts):
    class FakeArchive:
        pass

    a = FakeArchive()
    a.accounts = accounts
    a.posts = posts_frame(10)
    assert str(charts.credit_line(a)).startswith(
        "Data: LinkedIn, Mastodon, Twitter/X, 2 Sep – 24 Nov 2024."
    )


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2024-09-02", datetime(2024, 9, 2, tzinfo=UTC)),
        ("2024-W36", datetime(2024, 9, 2, tzinfo=UTC)),
        ("2024-09-02/2024-09-08", datetime(2024, 9, 2, tzinfo=UTC)),
        ("2024-09", datetime(2024, 9, 1, tzinfo=UTC)),
        ("2024-09-02T00:00:00+00:00", datetime(2024, 9, 2, tzinfo=UTC)),
        ("before", None),
    ],
)
def test_period_labels_become_utc_week_starts(label, expected):
    assert period_start(label) == expected


# ---------------------------------------------------------------- spec helpers
def charts_of_fixture(acc: pl.DataFrame) -> dict[str, alt.TopLevelMixin]:
    """Every chart of the core set, drawn from the tiny race."""
    return {
        "scorecard": charts.scorecard_chart(results_frame(), acc, CREDIT, catalog=catalog_frame()),
        "post_mix": charts.post_mix_chart(post_mix_frame(), acc, CREDIT),
        "response_curves": charts.response_curves_chart(km_frame(), acc, CREDIT),
        "post_and_run": charts.post_and_run_chart(results_frame(), acc, CREDIT),
        "rhythm": charts.rhythm_chart(rhythm_frame(), acc, CREDIT),
        "metric_over_time": charts.metric_over_time_chart(
            weekly_results(),
            acc,
            CREDIT,
            metric="response_rate",
            catalog=catalog_frame(),
            phases=[("2024-10-15", "TV debate")],
        ),
        "clients": charts.clients_chart(clients_frame(), acc, CREDIT),
        "interlocutors": charts.interlocutors_chart(interlocutors_frame(), acc, CREDIT),
        "lorenz": charts.lorenz_chart(interlocutors_frame(), acc, CREDIT),
        "posts_per_week": charts.posts_per_week_chart(posts_frame(3000), acc, CREDIT),
    }


@pytest.fixture(scope="module")
def drawn() -> dict[str, dict]:
    """The specs (to_dict) of every chart of the tiny race, computed once."""
    # validated against the Vega-Lite schema here (the charts' to_dict skips it by default)
    return {
        name: chart.to_dict(validate=True)
        for name, chart in charts_of_fixture(accounts_frame()).items()
    }


def fields_used(spec) -> set[str]:
    """Every field a spec draws, sorts, filters or shows in a tooltip."""
    used: set[str] = set()
    for d in walk(spec):
        if isinstance(d.get("field"), str):
            used.add(d["field"])
        for key in ("filter", "labelExpr", "expr", "test"):
            if isinstance(d.get(key), str):
                used |= set(re.findall(r"datum\.(\w+)", d[key]))
    return used


def layer_data(spec, mark: str) -> list[list[dict]]:
    """The rows behind each view with this mark (named datasets resolved)."""
    out = []
    for d in walk(spec):
        m = d.get("mark")
        if m is not None and (m if isinstance(m, str) else m["type"]) == mark and "data" in d:
            out.append(datasets(spec)[d["data"]["name"]])
    return out


# ---------------------------------------------------------------- every chart
CHART_NAMES = [
    "scorecard",
    "post_mix",
    "response_curves",
    "post_and_run",
    "rhythm",
    "metric_over_time",
    "clients",
    "interlocutors",
    "lorenz",
    "posts_per_week",
]


@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_has_a_title_the_period_and_the_credit_line_under_it(drawn, name):
    spec = drawn[name]
    assert credit_of(spec) == str(CREDIT)
    assert spec["title"]["orient"] == "bottom"
    title = main_title(spec)
    assert title["text"] and title["subtitle"][0].startswith("2 Sep – 24 Nov 2024")


@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_carries_its_theme_and_only_the_columns_it_draws(drawn, name):
    spec = drawn[name]
    assert spec["config"]["range"]["category"] == list(theme.OKABE_ITO)
    assert spec["config"]["font"] == theme.FONT
    columns = {k for row in all_rows(spec) for k in row}
    assert columns <= fields_used(spec), (
        f"{name} embeds columns it does not draw: {columns - fields_used(spec)}"
    )


@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_account_colour_comes_from_the_accounts_frame(drawn, name):
    expected = {
        "Alex Rivera": "#D55E00",
        "Jordan Lee": "#E69F00",
        "Jordan Lee · Twitter/X": "#E69F00",
        "Jordan Lee · Mastodon": "#E69F00",
        "Acme Jobs": "#0072B2",
    }
    spec = drawn[name]
    scales = [
        e["scale"]
        for e in encodings(spec, "color") + encodings(spec, "fill")
        if e.get("field") == "label" and "scale" in e
    ]
    header_colours = [
        d["labelColor"]["expr"] for d in walk(spec) if isinstance(d.get("labelColor"), dict)
    ]
    assert scales or header_colours, f"{name} does not colour accounts"
    for scale in scales:
        for label, colour in zip(scale["domain"], scale["range"], strict=True):
            assert expected[label] == colour
    for expr in header_colours:
        assert '"#0072B2"' in expr or '"#D55E00"' in expr


def test_charts_apply_their_theme_locally_and_leave_altair_global_state_alone(accounts):
    before = alt.theme.active
    spec = charts.post_mix_chart(post_mix_frame(), accounts, CREDIT).to_dict()
    assert alt.theme.active == before
    with alt.theme.enable("toolkit"):
        themed = charts.post_mix_chart(post_mix_frame(), accounts, CREDIT).to_dict()
    assert themed["config"] == spec["config"]
    assert alt.theme.active == before


def _altair_spec(chart) -> dict:
    """The spec as Altair's own code writes it (not toolkit.charts._spec)."""
    from toolkit.charts import _spec

    with _spec.altair_only():
        return chart.to_dict()


@pytest.mark.parametrize("name", CHART_NAMES)
def test_specs_are_written_as_altair_writes_them(accounts, name):
    """The quick spec writer gives Altair's spec: same keys in the same order, same datasets."""
    chart = charts_of_fixture(accounts)[name]
    assert json.dumps(chart.to_dict()) == json.dumps(_altair_spec(chart))


def test_specs_of_the_real_metrics_are_written_as_altair_writes_them():
    from toolkit.charts.figures import figures

    archive = _real_archive(TWITTER_API)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        made = list(figures(archive, n_boot=10, over_time=()))
    compared = 0
    for _, make in made:
        try:
            chart = make()
        except charts.ChartInputError:
            continue
        assert json.dumps(chart.to_dict()) == json.dumps(_altair_spec(chart))
        compared += 1
    assert compared >= 6


def test_the_spec_writer_hands_what_it_does_not_know_to_altair(accounts):
    """Datasets with times, other data transformers and validation go through Altair."""
    from toolkit.charts import _spec

    chart = charts.posts_per_week_chart(posts_frame(300), accounts, CREDIT)  # datetime rows
    assert json.dumps(chart.to_dict()) == json.dumps(_altair_spec(chart))
    with alt.data_transformers.disable_max_rows():
        chart = charts.post_mix_chart(post_mix_frame(), accounts, CREDIT)
        assert json.dumps(chart.to_dict()) == json.dumps(_altair_spec(chart))
    assert chart.to_dict(validate=True) == chart.to_dict()
    with _spec.altair_only():
        assert not _spec.enabled()
    assert _spec.enabled()


def test_the_spec_writer_does_the_usual_charts_by_itself(accounts, monkeypatch):
    """No fallback to Altair's slow path for the widgets' charts (frames of plain columns)."""
    from altair.vegalite.v6 import api

    made = charts_of_fixture(accounts)

    def refuse(*args, **kwargs):
        raise AssertionError("Altair's serialisation was used")

    monkeypatch.setattr(api, "_prepare_data", refuse)
    monkeypatch.setattr(api.TopLevelMixin, "to_dict", refuse)
    for name in (
        "scorecard",
        "post_mix",
        "clients",
        "interlocutors",
        "post_and_run",
        "response_curves",
    ):
        assert made[name].to_dict()["datasets"], name


@pytest.mark.parametrize("debug", [True, False])
def test_chart_functions_build_unchecked_and_leave_altair_debug_mode_as_it_was(accounts, debug):
    from altair.utils import schemapi

    from toolkit.charts._lean import unchecked

    seen = []
    with alt.utils.schemapi.debug_mode(debug):
        with unchecked():
            seen.append(schemapi.DEBUG_MODE)
            with unchecked():
                seen.append(schemapi.DEBUG_MODE)
            seen.append(schemapi.DEBUG_MODE)
        charts.scorecard_chart(results_frame(), accounts, CREDIT, catalog=catalog_frame())
        assert schemapi.DEBUG_MODE is debug
    assert seen == [False, False, False]


# ---------------------------------------------------------------- scorecard
def test_scorecard_has_one_row_per_metric_grouped_in_catalog_order(drawn):
    spec = drawn["scorecard"]
    groups = [c["title"]["text"] for c in spec["vconcat"][0]["vconcat"]]
    assert groups == ["Dialogue", "Responsiveness", "Broadcasting", "Automation"]
    # one sort list per layer (rule, dot, n/a text): keep one per panel
    rows = list(
        dict.fromkeys(
            tuple(e["sort"]) for e in encodings(spec, "y") if e.get("field") == "metric_title"
        )
    )
    # shares of a group share one panel; other units get a panel each
    assert rows == [
        ("Replies to others", "Two-way exchanges"),
        ("People engaged",),
        ("Replies answered within 7 days", "Post and run"),
        ("Median time to answer",),
        ("Reposts",),
        ("Posts per day",),
        ("Posted by automation", "On the quarter hour"),
    ]
    titles = {t for r in rows for t in r}
    assert "Active days" not in titles  # the rhythm group is not on the scorecard
    assert {"Median time to answer", "Posts per day", "On the quarter hour"} <= titles


def test_scorecard_draws_shares_on_a_0_to_100_percent_axis_and_other_units_on_their_own(drawn):
    spec = drawn["scorecard"]
    x = [e for e in encodings(spec, "x") if e.get("field") in ("value", "ci_low")]
    share_axes = [e for e in x if e.get("scale", {}).get("domain") == [0, 1]]
    assert share_axes and all(e["axis"]["format"] == "%" for e in share_axes)
    unit_titles = {e["axis"].get("title") for e in x if e.get("scale", {}).get("domain") != [0, 1]}
    assert unit_titles == {"people", "hours", "posts per day"}


def test_scorecard_writes_not_available_instead_of_drawing_zero(drawn):
    spec = drawn["scorecard"]
    points = [row for rows in layer_data(spec, "point") for row in rows]
    # Acme's responsiveness and Jordan/Twitter's median time are not drawn as dots...
    assert not [
        r for r in points if r["label"] == "Acme Jobs" and r["metric_title"] == "Post and run"
    ]
    assert not [
        r
        for r in points
        if r["label"] == "Jordan Lee · Twitter/X" and r["metric_title"] == "Median time to answer"
    ]
    # ...but written out, at a fixed pixel position rather than at x = 0
    texts = [row for rows in layer_data(spec, "text") for row in rows]
    na = {(r["metric_title"], r["na_text"]) for r in texts}
    assert ("Post and run", "not available: Acme Jobs") in na
    assert ("Median time to answer", "not available: Jordan Lee · Twitter/X") in na
    na_views = [
        d for d in walk(spec) if d.get("encoding", {}).get("text", {}).get("field") == "na_text"
    ]
    assert na_views and all(d["encoding"]["x"] == {"value": 4} for d in na_views)
    # a measured zero stays a dot at zero
    assert [
        r["value"]
        for r in points
        if r["label"] == "Jordan Lee · Twitter/X"
        and r["metric_title"] == "Replies answered within 7 days"
    ] == [0.0]


def test_scorecard_orders_accounts_the_same_in_every_panel_and_in_the_legend(drawn):
    spec = drawn["scorecard"]
    offsets = {json.dumps(e["sort"]) for e in encodings(spec, "yOffset")}
    labels = ["Acme Jobs", "Alex Rivera", "Jordan Lee · Mastodon", "Jordan Lee · Twitter/X"]
    assert offsets == {json.dumps(labels)}
    shapes = [e["scale"] for e in encodings(spec, "shape")]
    # Jordan's two platforms: same colour, circle then square
    assert shapes[0]["domain"] == labels and shapes[0]["range"] == [
        "circle",
        "circle",
        "circle",
        "square",
    ]


def test_scorecard_refuses_several_periods_at_once(accounts):
    two = pl.concat([results_frame(period="2024-09-02"), results_frame(period="2024-09-09")])
    with pytest.raises(charts.ChartInputError, match="metric_over_time_chart"):
        charts.scorecard_chart(two, accounts, CREDIT, catalog=catalog_frame())


def test_a_frame_without_the_expected_columns_names_the_function_that_makes_it(accounts):
    with pytest.raises(charts.ChartInputError, match=r"toolkit\.metrics\.post_mix\(archive\)"):
        charts.post_mix_chart(post_mix_frame().drop("share"), accounts, CREDIT)
    with pytest.raises(charts.ChartInputError, match=r"toolkit\.metrics\.compute"):
        charts.scorecard_chart(
            results_frame().drop("status"), accounts, CREDIT, catalog=catalog_frame()
        )


# ---------------------------------------------------------------- post mix and clients
def test_post_mix_stacks_categories_to_100_percent_sorted_by_replies_to_others(drawn):
    spec = drawn["post_mix"]
    assert "bar" in marks(spec)
    (y,) = {json.dumps(e["sort"]) for e in encodings(spec, "y")}
    assert json.loads(y) == [
        "Alex Rivera",
        "Jordan Lee · Mastodon",
        "Jordan Lee · Twitter/X",
        "Acme Jobs",
    ]
    (bar_x,) = [e for e in encodings(spec, "x") if e.get("field") == "share"]
    assert bar_x["stack"] == "zero" and bar_x["scale"]["domain"] == [0, 1]
    colour = next(e for e in encodings(spec, "color") if e.get("field") == "category")
    assert colour["scale"]["domain"] == [
        "reply to others",
        "self-thread",
        "original",
        "quote",
        "repost",
    ]
    (bars,) = layer_data(spec, "bar")
    totals: dict[str, float] = {}
    for r in bars:
        totals[r["label"]] = totals.get(r["label"], 0) + r["share"]
    assert all(abs(t - 1) < 1e-9 for t in totals.values())
    # Acme has no quotes or reposts: no zero-width segments
    assert {r["category"] for r in bars if r["label"] == "Acme Jobs"} == {
        "original",
        "reply to others",
        "self-thread",
    }


def test_post_mix_labels_only_segments_wide_enough_to_read(drawn):
    texts = [r for rows in layer_data(drawn["post_mix"], "text") for r in rows]
    assert {(r["label"], r["pct"]) for r in texts if r["label"] == "Alex Rivera"} == {
        ("Alex Rivera", "42%"),
        ("Alex Rivera", "8%"),
        ("Alex Rivera", "30%"),
        ("Alex Rivera", "15%"),
    }


def test_clients_sorts_by_the_share_posted_by_a_person_at_a_device(drawn):
    spec = drawn["clients"]
    (y,) = {json.dumps(e["sort"]) for e in encodings(spec, "y")}
    assert json.loads(y) == [
        "Jordan Lee · Mastodon",
        "Alex Rivera",
        "Jordan Lee · Twitter/X",
        "Acme Jobs",
    ]
    colour = next(e for e in encodings(spec, "color") if e.get("field") == "category")
    assert colour["scale"]["domain"][:2] == ["phone", "web"]


def test_clients_rejects_an_unknown_category(accounts):
    bad = clients_frame().with_columns(pl.lit("robot").alias("category"))
    with pytest.raises(charts.ChartInputError, match="robot"):
        charts.clients_chart(bad, accounts, CREDIT)


# ---------------------------------------------------------------- response curves
def test_response_curves_are_step_lines_on_a_log_time_axis_with_reference_rules(drawn):
    spec = drawn["response_curves"]
    lines = [
        d for d in walk(spec) if isinstance(d.get("mark"), dict) and d["mark"]["type"] == "line"
    ]
    assert lines and lines[0]["mark"]["interpolate"] == "step-after"
    x = next(e for e in encodings(spec, "x") if e.get("field") == "t" and "axis" in e)
    assert x["scale"]["type"] == "log"
    assert {"1 h", "1 day", "7 days"} <= set(re.findall(r"'([^']+)'", x["axis"]["labelExpr"]))
    (rules,) = layer_data(spec, "rule")
    assert [r["t"] for r in rules] == [1.0, 24.0, 168.0]
    y = next(e for e in encodings(spec, "y") if e.get("field") == "surviving")
    assert y["scale"]["domain"] == [0, 1] and y["axis"]["format"] == "%"


def test_response_curves_mark_censored_items_with_ticks(drawn):
    spec = drawn["response_curves"]
    ticks = [
        d
        for d in walk(spec)
        if d.get("mark", {})
        and isinstance(d["mark"], dict)
        and d["mark"].get("shape") == "M0,-1L0,1"
    ]
    assert ticks and ticks[0]["transform"] == [{"filter": "datum.censored > 0"}]


def test_response_curves_draw_t_zero_at_one_minute_on_the_log_axis(drawn):
    rows = [r for rows in layer_data(drawn["response_curves"], "line") for r in rows]
    assert min(r["t"] for r in rows) == pytest.approx(1 / 60)


def test_long_survival_curves_are_thinned_before_they_reach_the_chart(accounts):
    n = 50_000
    ident = _ident(0)
    km = pl.DataFrame(
        {
            **{k: [v] * n for k, v in ident.items()},
            "t_hours": [i * 168 / (n - 1) for i in range(n)],
            "surviving": [1 - 0.6 * i / (n - 1) for i in range(n)],
            "ci_low": [None] * n,
            "ci_high": [None] * n,
            "at_risk": list(range(n, 0, -1)),
            "censored": [1] * n,
        },
        schema_overrides={"ci_low": pl.Float64, "ci_high": pl.Float64},
    )
    thin = thin_steps(charts._frames.labelled(km, accounts), max_points=400)
    assert thin.height <= 400
    assert thin["censored"].sum() == n  # every censored item still counted
    spec = charts.response_curves_chart(km, accounts, CREDIT).to_dict()
    assert len(json.dumps(spec)) < 300_000


# ---------------------------------------------------------------- post and run
def test_post_and_run_sorts_accounts_and_lists_not_available_last(drawn):
    spec = drawn["post_and_run"]
    (y,) = {json.dumps(e["sort"]) for e in encodings(spec, "y")}
    assert json.loads(y) == [
        "Jordan Lee · Twitter/X",
        "Jordan Lee · Mastodon",
        "Alex Rivera",
        "Acme Jobs",
    ]
    points = [r for rows in layer_data(spec, "point") for r in rows]
    assert "Acme Jobs" not in {r["label"] for r in points}
    texts = [r for rows in layer_data(spec, "text") for r in rows]
    assert {r.get("na_text") for r in texts if r["label"] == "Acme Jobs"} == {"not available"}
    assert {r.get("value_text") for r in texts if r["label"] == "Alex Rivera"} == {"20% (10 of 50)"}
    x = next(e for e in encodings(spec, "x") if e.get("field") == "value")
    assert x["scale"]["domain"] == [0, 1]


# ---------------------------------------------------------------- rhythm
def test_rhythm_is_a_full_hour_by_weekday_grid_per_account_in_its_time_zone(drawn):
    spec = drawn["rhythm"]
    assert "rect" in marks(spec)
    (cells,) = layer_data(spec, "rect") or [all_rows(spec)]
    panels = {r["panel"] for r in cells}
    assert panels == {
        "Alex Rivera · America/Chicago",
        "Jordan Lee · America/New_York",
        "Acme Jobs · Europe/Berlin",
    }
    assert len(cells) == 3 * 7 * 24
    acme = [r for r in cells if r["panel"].startswith("Acme")]
    assert sum(r["n"] for r in acme if r["day"] in ("Sat", "Sun")) == 0
    assert abs(sum(r["share"] for r in acme) - 1) < 1e-9
    y = next(e for e in encodings(spec, "y") if e.get("field") == "day")
    assert y["sort"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert spec["vconcat"][0]["facet"]["field"] == "panel"


def test_rhythm_draws_empty_hours_grey_not_as_the_lowest_share(drawn):
    colour = encodings(drawn["rhythm"], "color")[0]
    assert colour["condition"] == {"test": "(datum.n === 0)", "value": "#f3f3f3"}
    assert colour["field"] == "share"


# ---------------------------------------------------------------- over time
def test_metric_over_time_plots_weeks_on_utc_time_with_intervals_and_phases(drawn):
    spec = drawn["metric_over_time"]
    x = next(e for e in encodings(spec, "x") if e.get("field") == "week")
    assert x["type"] == "temporal" and x["scale"]["type"] == "utc"
    assert "rule" in marks(spec) and "line" in marks(spec)
    rows = [r for rows in layer_data(spec, "line") for r in rows]
    assert rows[0]["week"].startswith("2024-09-02T00:00:00")
    # Jordan/Twitter had no inbound item in week 4: a gap, not a zero
    gap = [
        r
        for r in rows
        if r["label"] == "Jordan Lee · Twitter/X" and r["week"].startswith("2024-09-23")
    ]
    assert gap and gap[0]["value"] is None
    phase = [r for rows in layer_data(spec, "text") for r in rows if "phase" in r]
    assert [p["phase"] for p in phase] == ["TV debate"]


def test_metric_over_time_names_an_account_never_available_instead_of_drawing_it(drawn):
    spec = drawn["metric_over_time"]
    assert "Acme Jobs" not in {r.get("label") for r in all_rows(spec)}
    assert any(
        "not available for Acme\u00a0Jobs: no replies from others" in line
        for line in main_title(spec)["subtitle"]
    )


# ---------------------------------------------------------------- interlocutors
def test_interlocutors_shows_the_top_people_per_account_ranked(accounts):
    spec = charts.interlocutors_chart(interlocutors_frame(), accounts, CREDIT, top=2).to_dict()
    rows = all_rows(spec)
    alex = sorted({(r["rank"], r["who"]) for r in rows if r["label"] == "Alex Rivera"})
    # dana_press: 5 replies + 6 mentions = 11 > sam_voter: 9 + 1 = 10
    assert alex == [(0, "dana_press"), (1, "sam_voter")]
    assert {r["back"] for r in rows if r["who"] == "sam_voter" and r["back"]} == {"← 4"}
    # each account its own ranking and its own scale: a quiet account's bars stay visible
    assert spec["vconcat"][0]["resolve"]["scale"] == {"x": "independent", "y": "independent"}


def test_interlocutors_can_be_pseudonymised_by_mapping_or_function(accounts):
    mapping = {"sam_voter": "person-1a2b3c", "dana_press": "person-4d5e6f"}
    spec = charts.interlocutors_chart(
        interlocutors_frame(), accounts, CREDIT, pseudonymise=mapping
    ).to_dict()
    text = json.dumps(spec)
    assert "sam_voter" not in text and "person-1a2b3c" in text
    spec = charts.interlocutors_chart(
        interlocutors_frame(), accounts, CREDIT, pseudonymise=lambda h: "p-" + str(len(h))
    ).to_dict()
    assert "kim" not in {r["who"] for r in all_rows(spec)} and "p-3" in {
        r["who"] for r in all_rows(spec)
    }


def test_lorenz_curve_accumulates_replies_from_the_least_to_the_most_answered(drawn):
    rows = [r for rows in layer_data(drawn["lorenz"], "line") for r in rows if "label" in r]
    alex = sorted((r["people"], r["replies"]) for r in rows if r["label"] == "Alex Rivera")
    # Alex replied 1, 3, 5 and 9 times to four people (18 replies); pat got none
    assert [p for p, _ in alex] == [0, 0.25, 0.5, 0.75, 1]
    assert [r for _, r in alex] == pytest.approx([0, 1 / 18, 4 / 18, 9 / 18, 1])
    diagonal = [r for rows in layer_data(drawn["lorenz"], "line") for r in rows if "label" not in r]
    assert diagonal == [{"people": 0.0, "replies": 0.0}, {"people": 1.0, "replies": 1.0}]


# ---------------------------------------------------------------- posts per week: large data
def test_a_million_posts_become_a_few_weekly_rows_not_an_embedded_table(accounts):
    posts = posts_frame(1_000_000)
    spec = charts.posts_per_week_chart(posts, accounts, CREDIT).to_dict()
    rows = all_rows(spec)
    assert len(rows) <= 2 * 2 * 13  # accounts x sides x weeks
    assert sum(r["n"] for r in rows) == 1_000_000
    assert len(json.dumps(spec)) < 100_000
    # a LazyFrame is fine too (collected after aggregation)
    lazy = charts.posts_per_week_chart(posts.lazy(), accounts, CREDIT).to_dict()
    assert sum(r["n"] for r in all_rows(lazy)) == 1_000_000


def test_a_quiet_week_is_a_zero_not_a_gap(accounts):
    posts = posts_frame(40).filter(
        pl.col("created_at") < datetime(2024, 9, 16, tzinfo=UTC) - timedelta(seconds=1)
    )
    posts = pl.concat(
        [posts, posts_frame(40).filter(pl.col("created_at") >= datetime(2024, 9, 30, tzinfo=UTC))]
    )
    rows = all_rows(charts.posts_per_week_chart(posts, accounts, CREDIT).to_dict())
    weeks = {r["week"][:10] for r in rows}
    assert "2024-09-16" in weeks and "2024-09-23" in weeks
    assert {r["n"] for r in rows if r["week"].startswith("2024-09-23")} == {0}


# ---------------------------------------------------------------- a single account
def single(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("account") == "alexrivera")


def test_every_chart_draws_a_single_account_archive(accounts):
    acc = accounts.filter(pl.col("account") == "alexrivera")
    cr = charts.credit_line((["twitter"], "2024-09-02", "2024-11-24"))
    made = {
        "scorecard": charts.scorecard_chart(
            single(results_frame()), acc, cr, catalog=catalog_frame()
        ),
        "post_mix": charts.post_mix_chart(single(post_mix_frame()), acc, cr),
        "response_curves": charts.response_curves_chart(single(km_frame()), acc, cr),
        "post_and_run": charts.post_and_run_chart(single(results_frame()), acc, cr),
        "rhythm": charts.rhythm_chart(single(rhythm_frame()), acc, cr),
        "metric_over_time": charts.metric_over_time_chart(
            single(weekly_results()), acc, cr, metric="response_rate", catalog=catalog_frame()
        ),
        "clients": charts.clients_chart(single(clients_frame()), acc, cr),
        "interlocutors": charts.interlocutors_chart(single(interlocutors_frame()), acc, cr),
        "lorenz": charts.lorenz_chart(single(interlocutors_frame()), acc, cr),
        "posts_per_week": charts.posts_per_week_chart(
            posts_frame(100, accounts=("alexrivera",)), acc, cr
        ),
    }
    for name, chart in made.items():
        spec = chart.to_dict()
        labels = {r["label"] for r in all_rows(spec) if "label" in r} | {
            r["panel"].split(" · ")[0] for r in all_rows(spec) if "panel" in r
        }
        assert labels == {"Alex Rivera"}, name
        assert (
            credit_of(spec)
            == "Data: Twitter/X, 2 Sep – 24 Nov 2024. Chart: conversation-habits toolkit"
        )


def test_accounts_missing_from_the_accounts_frame_still_get_a_name_and_a_colour():
    spec = charts.post_mix_chart(
        post_mix_frame().with_columns(pl.lit(None, pl.Utf8).alias("display_name")), None, None
    ).to_dict()
    labels = {r["label"] for r in all_rows(spec) if "label" in r}
    assert "alex_rivera" in labels  # falls back to the person id
    assert credit_of(spec) == "Chart: conversation-habits toolkit"


# ---------------------------------------------------------------- export
@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, dict[str, object]]:
    """Every chart of the tiny race saved as SVG and PNG (done once: rendering takes ~0.5 s a chart)."""
    out = tmp_path_factory.mktemp("charts")
    files: dict[str, dict[str, object]] = {}
    for name, chart in charts_of_fixture(accounts_frame()).items():
        files[name] = {
            "svg": charts.save(chart, out / f"{name}.svg").read_text(encoding="utf-8"),
            "png": charts.save(chart, out / f"{name}.png").read_bytes(),
        }
    return files


SVG_EXPECTS = {
    "scorecard": [
        "Replies to others",
        "Median time to answer",
        "hours",
        "Acme Jobs",
        "Jordan Lee · Twitter/X",
        "not available: Acme Jobs",
    ],
    "post_mix": [
        "share of the account's own items",
        "Alex Rivera",
        "Acme Jobs",
        "reply to others",
        "42%",
    ],
    "response_curves": [
        "share still unanswered",
        "time since the inbound item",
        "1 day",
        "7 days",
        "Alex Rivera",
    ],
    "post_and_run": [
        "share of root posts with replies, none answered within 7 days",
        "Acme Jobs",
        "not available",
        "20% (10 of 50)",
    ],
    "rhythm": ["hour of day (account's time zone)", "Mon", "Sun", "Alex Rivera · America/Chicago"],
    "metric_over_time": [
        "Replies answered within 7 days, week by week",
        "2 Sep",
        "TV debate",
        "Alex Rivera",
    ],
    "clients": ["phone", "scheduler", "Acme Jobs", "Jordan Lee · Mastodon"],
    "interlocutors": ["replies and mentions by the account", "dana_press", "Alex Rivera", "← 4"],
    "lorenz": ["share of the account's replies", "equal replies to everyone", "Alex Rivera"],
    "posts_per_week": ["items per week", "own items", "items by others", "Alex Rivera"],
}


@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_renders_to_svg_with_its_axis_labels_and_account_names(exported, name):
    svg = exported[name]["svg"]
    assert svg.startswith("<svg")
    texts = {html.unescape(t) for t in re.findall(r">([^<>]+)</text>", svg)}
    for expected in [*SVG_EXPECTS[name], str(CREDIT)]:
        assert expected in texts, f"{name}: {expected!r} not drawn"


@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_chart_renders_to_a_crisp_png(exported, name):
    png = exported[name]["png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width >= 900  # scale 2: at least twice the ~450 px a chart is wide


def test_html_export_is_self_contained(tmp_path, accounts):
    path = charts.save(
        charts.post_mix_chart(post_mix_frame(), accounts, CREDIT), tmp_path / "mix.html"
    )
    page = path.read_text(encoding="utf-8")
    assert "<script src=" not in page and "cdn.jsdelivr" not in page
    assert "vegaEmbed" in page and "Alex Rivera" in page


def test_save_refuses_an_unknown_format(tmp_path, accounts):
    with pytest.raises(charts.ChartInputError, match=r"\.gif"):
        charts.save(charts.post_mix_chart(post_mix_frame(), accounts, CREDIT), tmp_path / "x.gif")


def test_json_export_is_the_vega_lite_spec(tmp_path, accounts):
    chart = charts.post_mix_chart(post_mix_frame(), accounts, CREDIT)
    spec = json.loads(charts.save(chart, tmp_path / "sub" / "mix.json").read_text(encoding="utf-8"))
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")


def test_the_docstring_examples_run():
    import doctest

    from toolkit.charts import _frames, _lean, _spec, comparison, export

    for module in (theme, _frames, _lean, _spec, comparison, export):
        assert doctest.testmod(module, raise_on_error=False).failed == 0, module.__name__


# ---------------------------------------------------------------- real metrics output
ROOT = Path(__file__).resolve().parents[1]
DATA_SAMPLE = ROOT / "data" / "sample"
TWITTER_API = ROOT / "tests" / "fixtures" / "twitter-api"


def _real_archive(path: Path):
    pytest.importorskip("toolkit.metrics", reason="toolkit.metrics is not there yet")
    import toolkit

    if not path.is_dir() or not any(path.iterdir()):
        pytest.skip(f"{path} is empty: the sample generator has not written it yet (make sample)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return toolkit.load(path, progress=False)


def _check_real(archive, tmp_path: Path, **options) -> dict[str, dict]:
    from toolkit.charts.figures import figures

    studied = set(archive.accounts["display_name"].drop_nulls().to_list())
    specs = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        made = list(figures(archive, n_boot=20, **options))
    for name, make in made:
        try:
            spec = make().to_dict()
        except charts.ChartInputError as exc:  # a chart the data cannot support says why
            assert "expected" in str(exc) or "no " in str(exc), exc
            continue
        specs[name] = spec
        assert credit_of(spec).startswith("Data: ") and credit_of(spec).endswith(
            "Chart: conversation-habits toolkit"
        )
        assert len(json.dumps(spec)) < 1_000_000, f"{name} embeds too much"
        columns = {k for row in all_rows(spec) for k in row}
        assert columns <= fields_used(spec), f"{name}: {columns - fields_used(spec)}"
        labels = {r["label"] for r in all_rows(spec) if "label" in r}
        assert all(any(lbl.startswith(s[:20]) for s in studied) for lbl in labels), (name, labels)
    # not-available metrics are never drawn as dots at zero
    points = [r for rows in layer_data(specs["scorecard"], "point") for r in rows]
    assert all(r["value"] is not None for r in points)
    return specs


def test_every_chart_draws_the_real_metrics_of_a_small_collection(tmp_path):
    archive = _real_archive(TWITTER_API)
    specs = _check_real(archive, tmp_path, over_time=())  # the weekly charts: on the sample below
    assert {
        "scorecard",
        "post_mix",
        "response_curves",
        "post_and_run",
        "rhythm",
        "clients",
        "lorenz",
    } <= set(specs)


@pytest.mark.samples
def test_every_chart_draws_the_real_metrics_of_the_sample(tmp_path):
    archive = _real_archive(DATA_SAMPLE)
    specs = _check_real(archive, tmp_path)
    # the sample holds accounts with and without replies from others
    na = [r for rows in layer_data(specs["scorecard"], "text") for r in rows if "na_text" in r]
    assert na, "the sample should show some metric as not available"


def test_the_figures_command_writes_one_file_per_chart(tmp_path):
    _real_archive(TWITTER_API)
    from toolkit.charts.figures import main

    assert (
        main([str(TWITTER_API), str(tmp_path / "fig"), "--format", "json", "--n-boot", "10"]) == 0
    )
    written = sorted(p.stem for p in (tmp_path / "fig").iterdir())
    assert {"scorecard", "post_mix", "response_curves", "rhythm", "posts_per_week"} <= set(written)


def test_every_time_shown_is_in_utc(drawn):
    """Time axes use a UTC scale and tooltips a UTC time unit, or dates shift with the reader's zone."""
    for name in ("metric_over_time", "posts_per_week"):
        spec = drawn[name]
        temporal = [d for d in walk(spec) if d.get("type") == "temporal"]
        assert temporal
        for d in temporal:
            assert d.get("scale", {}).get("type") == "utc" or d.get("timeUnit", "").startswith(
                "utc"
            ), (name, d)
