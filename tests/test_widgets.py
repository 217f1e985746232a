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
