"""Widget wiring without a kernel: setting a widget's value updates the view."""

from __future__ import annotations

import json
import warnings

import polars as pl
import pytest

import toolkit
from toolkit.widgets import BroadcastExplorer, HabitsExplorer, LoadPanel, ResponsivenessExplorer

from .conftest import DATA_SAMPLE

pytestmark = pytest.mark.xdist_group("widgets")


@pytest.fixture(scope="module")
def sample():
    if not (DATA_SAMPLE / "accounts.toml").exists():
        pytest.skip("data/sample is not generated yet")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return toolkit.load(DATA_SAMPLE)


def test_habits_explorer_follows_the_people_picker_and_the_date_slider(sample):
    ex = HabitsExplorer(sample)
    ex.widget()
    everyone = set(ex.view["results"]["person"])
    assert len(everyone) == sample.accounts["person"].n_unique()
    first = ex.people.options[0][1]
    ex.people.value = (first,)
    assert set(ex.view["results"]["person"]) == {first}
    n_all = ex.view["archive"].posts.height
    days = ex.dates.options
    ex.dates.value = (days[0][1], days[2][1])
    assert ex.view["archive"].posts.height < n_all
    assert ex.view["archive"].posts["created_at"].max().date() <= days[2][1]


def test_chart_widgets_are_updated_in_place_when_the_slider_moves(sample):
    ex = HabitsExplorer(sample)
    ex.widget()
    scorecard = ex.chart_views["scorecard"]
    before = json.dumps(scorecard.spec, sort_keys=True)
    days = ex.dates.options
    ex.dates.value = (days[0][1], days[3][1])
    assert ex.chart_views["scorecard"] is scorecard  # same widget, new spec: no new bundle
    assert json.dumps(scorecard.spec, sort_keys=True) != before
    assert scorecard.embed_options == {"renderer": "svg", "actions": False}
    assert "https://" not in scorecard._esm[:2000]  # the offline bundle, not a CDN import


def test_habits_explorer_platform_filter(sample):
    ex = HabitsExplorer(sample)
    ex.widget()
    ex.platforms.value = ("facebook",)
    assert set(ex.view["archive"].posts["platform"].cast(pl.Utf8)) == {"facebook"}
    assert "post_mix" in ex.view["charts"]


def test_responsiveness_window_and_business_hours(sample):
    ex = ResponsivenessExplorer(sample)
    ex.widget()

    def rate(view):
        rows = view["results"].filter(pl.col("metric") == "response_rate").sort("person")
        return rows["value"].to_list()

    week = rate(ex.view)
    ex.window.value = "24 h"
    day = rate(ex.view)
    assert all(d <= w for d, w in zip(day, week, strict=True) if d is not None and w is not None)
    assert day != week
    ex.business_hours.value = True
    assert ex.view["inbound"].height > 0


def test_broadcast_pseudonymise_toggle(sample):
    ex = BroadcastExplorer(sample)
    ex.widget()
    studied = set(sample.accounts["account"])
    authors = set(ex.view["archive"].posts["author"]) - studied
    assert authors and all(a.startswith("person-") for a in authors)
    ex.pseudonymise.value = False
    authors = set(ex.view["archive"].posts["author"]) - studied
    assert not any(a.startswith("person-") for a in authors)


def test_load_panel_reads_the_paths_box():
    if not (DATA_SAMPLE / "accounts.toml").exists():
        pytest.skip("data/sample is not generated yet")
    panel = LoadPanel([DATA_SAMPLE / "senate-2012"], DATA_SAMPLE / "accounts.toml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        view = panel.refresh()
    assert set(view["formats"]["format"].str.split(" ").list.first()) >= {
        "twitter",
        "twitter-api",
        "facebook",
    }
    assert (
        view["log"]["rows_kept"] + view["log"]["rows_skipped"] == view["log"]["records_read"]
    ).all()


# ----------------------------------------------------------------------------- speed-ups keep the numbers


def _selection(ex):
    days = ex.dates.options
    return {"since": days[1][1], "until": days[len(days) // 3][1]}


def _same_rows(view_results: pl.DataFrame, full: pl.DataFrame) -> None:
    order = ["person", "metric"]
    got = view_results.sort(order)
    want = full.filter(pl.col("metric").is_in(view_results["metric"].unique().implode())).sort(
        order
    )
    assert got.equals(want, null_equal=True)


def test_the_habits_scorecard_shows_the_numbers_of_a_full_compute(sample):
    """The habits view computes only the scorecard's metrics: the same values, intervals and n."""
    from toolkit import metrics
    from toolkit.charts._frames import MAX_LABEL, shorten
    from toolkit.charts.comparison import SCORECARD_GROUPS

    ex = HabitsExplorer(sample)
    ex.widget()
    people = [p for _, p in ex.people.options][:3]
    ex.people.value = tuple(people)
    ex.dates.value = tuple(_selection(ex).values())
    sel = _selection(ex)
    fresh = sample.filter(accounts=people, since=sel["since"], until=sel["until"])
    full = metrics.compute(fresh, by="person", n_boot=100)
    view = ex.view["results"]
    groups = metrics.catalog().filter(pl.col("group").is_in(list(SCORECARD_GROUPS)))
    assert set(view["metric"]) == set(groups["name"]) & set(full["metric"])
    _same_rows(view, full)
    # and the dots of the scorecard are those values
    spec = ex.chart_views["scorecard"].spec
    titles = dict(zip(groups["title"], groups["name"], strict=True))
    names = {shorten(n, MAX_LABEL): p for n, p in full.select("display_name", "person").iter_rows()}
    dots = {
        (names[row["label"]], titles[row["metric_title"]]): row["value"]
        for name, rows in spec["datasets"].items()
        for row in rows
        if "value" in row and "metric_title" in row
    }
    want = {
        (p, m): v
        for p, m, v, status in full.select("person", "metric", "value", "status").iter_rows()
        if status == "ok" and m in set(groups["name"])
    }
    assert dots and dots == {k: v for k, v in want.items() if k in dots}
    assert set(dots) == set(want)


def test_responsiveness_and_broadcast_results_are_those_of_a_full_compute(sample):
    from datetime import timedelta

    from toolkit import metrics

    ex = ResponsivenessExplorer(sample)
    ex.widget()
    ex.window.value = "24 h"
    ex.dates.value = tuple(_selection(ex).values())
    sel = _selection(ex)
    fresh = sample.filter(since=sel["since"], until=sel["until"])
    full = metrics.compute(fresh, by="person", n_boot=100, window=timedelta(hours=24))
    assert set(ex.view["results"]["metric"]) == set(
        metrics.catalog().filter(pl.col("group") == "responsiveness")["name"]
    )
    _same_rows(ex.view["results"], full)

    ex = BroadcastExplorer(sample)
    ex.widget()
    ex.pseudonymise.value = False
    ex.dates.value = tuple(_selection(ex).values())
    full = metrics.compute(fresh, by="person", n_boot=100)
    assert set(ex.view["results"]["metric"]) == set(
        metrics.catalog().filter(pl.col("group").is_in(["broadcasting", "automation"]))["name"]
    )
    _same_rows(ex.view["results"], full)


def test_the_full_slider_range_is_the_whole_archive_with_the_numbers_of_a_report(sample):
    from toolkit import metrics

    ex = ResponsivenessExplorer(sample)
    ex.widget()
    assert ex.selection()["since"] is None and ex.selection()["until"] is None
    assert ex.view["archive"] is sample  # nothing cut: not even the data after the last own day
    full = metrics.compute(sample, by="person", n_boot=100)
    _same_rows(ex.view["results"], full)
    days = ex.dates.options
    ex.dates.value = (days[0][1], days[-2][1])  # the end moved: only that side is cut
    assert ex.selection()["since"] is None and ex.selection()["until"] == days[-2][1]


def test_a_selection_with_nobody_left_draws_no_scorecard_and_says_so(sample, capsys):
    ex = HabitsExplorer(sample)
    ex.widget()
    first = ex.people.options[0][1]
    has = set(sample.accounts.filter(pl.col("person") == first)["platform"].cast(pl.Utf8))
    other = next(p for p in ex.platforms.options if p not in has)
    ex.people.value = (first,)
    capsys.readouterr()
    ex.platforms.value = (other,)
    assert ex.view["results"].is_empty()
    assert "scorecard" not in ex.view["charts"] and "interlocutors" not in ex.view["charts"]
    assert "None of these people has an account on these platforms" in capsys.readouterr().out
    ex.platforms.value = tuple(ex.platforms.options)
    assert "scorecard" in ex.view["charts"]


def test_a_selection_is_filtered_once_and_kept_for_the_next_changes(sample):
    from toolkit.widgets import KEPT_SELECTIONS, select

    people = sample.accounts["person"].unique().sort().to_list()
    sample.__dict__.pop("_derived", None)  # as loaded: the next selection is the first
    first = select(sample, platforms=["twitter"])
    one = select(sample, people=people[:1])
    assert select(sample, people=people[:1]) is one
    assert select(sample) is sample  # nothing left out
    others = [select(sample, people=people[i : i + 1]) for i in range(1, KEPT_SELECTIONS)]
    assert len({id(a) for a in others}) == KEPT_SELECTIONS - 1
    assert select(sample, people=people[:1]) is not one  # the oldest was let go
    assert select(sample, platforms=["twitter"]) is first  # but not the first one

    # a window or toggle change reuses the selection (and the row features built for it)
    ex = ResponsivenessExplorer(sample)
    ex.widget()
    ex.people.value = (people[0],)
    sub = ex.view["archive"]
    ex.window.value = "72 h"
    assert ex.view["archive"] is sub
