"""The statistics under the metrics, checked against references.

Kaplan-Meier against lifelines' KaplanMeierFitter on random data (hypothesis),
including ties and the all-censored case; the bootstrap replicates against
their one-at-a-time definitions.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.metrics import _km
from toolkit.metrics._bootstrap import percentile_interval, unit_weights, weighted_medians

lifelines = pytest.importorskip("lifelines")

durations = st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=60)


def _lifelines(d, e):
    kmf = lifelines.KaplanMeierFitter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kmf.fit(np.asarray(d, dtype=float), event_observed=np.asarray(e, dtype=bool))
    return kmf


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), d=durations)
def test_kaplan_meier_equals_lifelines_with_ties(data, d):
    e = data.draw(st.lists(st.booleans(), min_size=len(d), max_size=len(d)))
    km = _km.kaplan_meier(np.array(d, float), np.array(e))
    ref = _lifelines(d, e)
    sf = ref.survival_function_.iloc[:, 0]
    for t, s in zip(km.times, km.survival, strict=True):
        assert s == pytest.approx(sf.loc[t], abs=1e-12)
    if not np.isclose(km.survival, 0.5, rtol=0, atol=1e-9).any():
        # (lifelines works in log space, so an exact S(t) = 0.5 can come out as 0.5000000001 and
        # "not reached" there; ours takes S(t) <= 0.5 exactly, as the definition says)
        assert km.median() == ref.median_survival_time_
    lo, hi = km.confidence_interval()
    ci = ref.confidence_interval_
    for t, a, b in zip(km.times, lo, hi, strict=True):
        assert a == pytest.approx(ci.loc[t].iloc[0], abs=1e-9)
        assert b == pytest.approx(ci.loc[t].iloc[1], abs=1e-9)
    table = ref.event_table
    assert km.at_risk.tolist() == pytest.approx(table.loc[km.times, "at_risk"].tolist())
    assert km.censored.tolist() == pytest.approx(table.loc[km.times, "censored"].tolist())


@given(d=durations)
@settings(max_examples=50, deadline=None)
def test_kaplan_meier_all_censored_never_reaches_the_median(d):
    km = _km.kaplan_meier(np.array(d, float), np.zeros(len(d), bool))
    ref = _lifelines(d, [False] * len(d))
    assert (km.survival == 1.0).all()
    assert km.median() == math.inf == ref.median_survival_time_
    assert km.survival_at(100.0) == 1.0


@given(data=st.data(), d=durations)
@settings(max_examples=100, deadline=None)
def test_replicate_curves_equal_weighted_fits(data, d):
    n = len(d)
    e = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    n_units = data.draw(st.integers(1, 8))
    unit = np.array(data.draw(st.lists(st.integers(0, n_units - 1), min_size=n, max_size=n)))
    w = np.random.default_rng(n).poisson(1.0, size=(4, n_units)).astype(np.float32)
    times, surv = _km.replicate_curves(np.array(d, float), e, unit, w)
    for b in range(4):
        item_w = w[b, unit].astype(float)
        if item_w.sum() == 0:
            assert surv.shape[1] == 0 or np.isnan(surv[b]).all()
            continue
        ref = _km.kaplan_meier(np.array(d, float), e, item_w)
        for t in set(d):
            assert _km.survival_at(times, surv[b : b + 1], t)[0] == pytest.approx(
                ref.survival_at(t)
            )
        assert _km.replicate_quantile_times(times, surv[b : b + 1], 0.5)[0] == ref.median()


def test_replicate_median_when_the_curve_lands_exactly_on_one_half():
    # S(2) is exactly 0.5 for these weights; the float32 replicate product gives
    # 0.50000006, which must still count as reaching the median (found by hypothesis)
    d = np.array([5.0, 4, 4, 4, 0, 2, 1, 4, 2, 2, 2])
    e = np.array([0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1], bool)
    unit = np.array([1, 1, 0, 2, 1, 0, 1, 1, 0, 0, 1])
    w = np.array([[1.0, 2.0, 0.0]], np.float32)
    ref = _km.kaplan_meier(d, e, w[0, unit].astype(float))
    assert ref.median() == 2.0
    times, surv = _km.replicate_curves(d, e, unit, w)
    assert _km.replicate_quantile_times(times, surv, 0.5)[0] == 2.0


def test_weighted_kaplan_meier_equals_duplicated_rows():
    d, e, w = (
        np.array([1.0, 2, 3, 3]),
        np.array([True, False, True, True]),
        np.array([2.0, 1, 3, 1]),
    )
    dup = _km.kaplan_meier(np.repeat(d, w.astype(int)), np.repeat(e, w.astype(int)))
    assert _km.kaplan_meier(d, e, w).survival.tolist() == pytest.approx(dup.survival.tolist())


@given(data=st.data())
@settings(max_examples=100, deadline=None)
def test_weighted_medians_match_the_full_definition(data):
    n = data.draw(st.integers(1, 400))
    # few distinct values (summed value by value) or many (the sorted-window method)
    top = data.draw(st.sampled_from([30, 100_000]))
    values = np.array(data.draw(st.lists(st.integers(0, top), min_size=n, max_size=n)), float)
    n_units = data.draw(st.integers(1, 50))
    unit = np.array(data.draw(st.lists(st.integers(0, n_units - 1), min_size=n, max_size=n)))
    w = np.random.default_rng(n).poisson(1.0, size=(6, n_units)).astype(np.float32)
    (got,) = weighted_medians([(values, unit)], w)
    for b in range(6):
        rep = np.repeat(values, w[b, unit].astype(int))
        assert (np.isnan(got[b]) and rep.size == 0) or got[b] == np.median(rep)


@pytest.mark.parametrize("n", [1, 6, 7, 8, 50, 2500])
def test_block_sums_equal_one_reduceat_over_every_block_boundary(monkeypatch, n):
    from toolkit.metrics import _bootstrap

    monkeypatch.setattr(_bootstrap, "_BLOCK_ROWS", 7)  # segments across many block edges
    rng = np.random.default_rng(n)
    wt = rng.poisson(1.0, size=(300, 5)).astype(np.float32)
    rows = rng.integers(0, 300, n)
    for starts in (np.array([0]), np.arange(n), np.unique(np.r_[0, rng.integers(0, n, 9)])):
        got = _bootstrap.block_sums(wt, rows, starts)
        assert np.array_equal(got, np.add.reduceat(wt[rows], starts, axis=0))


def test_weighted_median_with_unit_weights_is_the_ordinary_median():
    v = np.array([5.0, 1, 3, 8])
    (got,) = weighted_medians([(v, np.arange(4))], np.ones((1, 4), np.float32))
    assert got[0] == np.median(v) == 4.0


def test_bootstrap_weights_are_poisson_one_and_seeded():
    from toolkit.metrics._bootstrap import rng_for

    a = unit_weights(50_000, 20, rng_for(0, "x"))
    b = unit_weights(50_000, 20, rng_for(0, "x"))
    assert np.array_equal(a, b)
    assert not np.array_equal(a, unit_weights(50_000, 20, rng_for(1, "x")))
    assert a.mean() == pytest.approx(1.0, abs=0.01) and a.var() == pytest.approx(1.0, abs=0.02)
    assert (a == 0).mean() == pytest.approx(math.exp(-1), abs=0.005)


def test_percentile_interval_caps_and_skips():
    assert percentile_interval(np.array([np.nan])) == (None, None)
    lo, hi = percentile_interval(np.array([1.0, 2.0, np.inf]), cap=10.0)
    assert hi == pytest.approx(np.percentile([1, 2, 10], 97.5))
