"""Kaplan-Meier estimation, vectorised with NumPy (tested against lifelines).

Time to first response is a survival problem: an inbound item "survives" while
unanswered; items not answered before the window closes or the data end are
*censored* (we know only that no answer came before that time). The
Kaplan-Meier estimator uses censored items for as long as they were observed,
instead of counting them as never answered.

Conventions (the same as ``lifelines.KaplanMeierFitter``):

* at a time with both answers and censorings, answers are counted first (the
  censored items are still at risk at that time);
* the median is the first time at which survival drops to 0.5 or below; if it
  never does, the median is *not reached* (``inf`` here);
* pointwise 95 % intervals use the exponential Greenwood formula (log-log scale).

Bootstrap replicates (:func:`replicate_curves`) reuse the same arithmetic with
one weight per item and replicate (a matrix), so 200 replicates cost a few
matrix operations rather than 200 fits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z95 = 1.959963984540054


@dataclass(frozen=True)
class KaplanMeier:
    """A fitted survival curve at each distinct observed time."""

    times: np.ndarray  #: distinct durations, ascending
    survival: np.ndarray  #: S(t) just after each time
    at_risk: np.ndarray  #: items still unanswered and observed just before each time
    events: np.ndarray  #: answers at each time
    censored: np.ndarray  #: censorings at each time
    greenwood: np.ndarray  #: cumulative sum of d / (n (n - d)) (Greenwood's variance term)

    @property
    def n(self) -> int:
        """Number of items."""
        return int(round(float(self.events.sum() + self.censored.sum())))

    def median(self) -> float:
        """First time with S(t) <= 0.5, or ``inf`` when the curve stays above one half."""
        return quantile_time(self.times, self.survival, 0.5)

    def survival_at(self, t: float) -> float:
        """S(t): the share still unanswered after time ``t`` (1.0 before the first time)."""
        return float(survival_at(self.times, self.survival[None, :], t)[0])

    def confidence_interval(self, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
        """Pointwise exponential-Greenwood interval (lower, upper) at each time, as in lifelines."""
        with np.errstate(divide="ignore", invalid="ignore"):
            v = np.log(self.survival)
            se = np.sqrt(self.greenwood) / v
            lo = np.exp(-np.exp(np.log(-v) - z * se))
            hi = np.exp(-np.exp(np.log(-v) + z * se))
        lo = np.where(np.isnan(lo), 1.0, lo)
        hi = np.where(np.isnan(hi), 1.0, hi)
        return lo, hi


def kaplan_meier(
    durations: np.ndarray, events: np.ndarray, weights: np.ndarray | None = None
) -> KaplanMeier:
    """Fit the Kaplan-Meier curve of ``durations`` (any unit) with ``events`` (True = answered).

    Parameters
    ----------
    durations : array of float
        time to the answer (events) or to censoring; must be >= 0.
    events : array of bool
        True when the answer was observed at that duration.
    weights : array of float, optional
        case weights (integers reproduce duplicated rows).

    Examples
    --------
    >>> km = kaplan_meier(np.array([1.0, 2, 2, 3]), np.array([True, True, False, True]))
    >>> km.times.tolist(), km.survival.round(3).tolist()
    ([1.0, 2.0, 3.0], [0.75, 0.5, 0.0])
    >>> km.median()
    2.0
    """
    d = np.asarray(durations, dtype=np.float64)
    e = np.asarray(events, dtype=bool)
    w = np.ones_like(d) if weights is None else np.asarray(weights, dtype=np.float64)
    if d.size == 0:
        empty = np.array([], dtype=np.float64)
        return KaplanMeier(empty, empty, empty, empty, empty, empty)
    times, inv = np.unique(d, return_inverse=True)
    ev = np.bincount(inv, weights=w * e, minlength=times.size)
    ce = np.bincount(inv, weights=w * ~e, minlength=times.size)
    removed = ev + ce
    at_risk = w.sum() - np.concatenate(([0.0], np.cumsum(removed)[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(at_risk > 0, 1.0 - ev / at_risk, 1.0)
        gw = np.where((at_risk > 0) & (at_risk > ev), ev / (at_risk * (at_risk - ev)), 0.0)
    survival = np.cumprod(factor)
    return KaplanMeier(times, survival, at_risk, ev, ce, np.cumsum(gw))


#: slack when reading quantiles off float32 replicate curves: far above their rounding
#: error (~1e-7 per step), far below any step a real curve takes (1 / number at risk)
REPLICATE_TOLERANCE = 1e-5


def quantile_time(times: np.ndarray, survival: np.ndarray, q: float) -> float:
    """First time at which ``survival`` <= ``q`` (``inf`` if never)."""
    hit = np.nonzero(survival <= q + 1e-9)[0]
    return float(times[hit[0]]) if hit.size else float("inf")


def survival_at(times: np.ndarray, survival: np.ndarray, t: float) -> np.ndarray:
    """S(t) for each row of ``survival`` (shape ``(replicates, len(times))``)."""
    j = np.searchsorted(times, t, side="right") - 1
    if j < 0:
        return (
            np.where(np.isnan(survival).all(axis=1), np.nan, 1.0)
            if survival.size
            else np.ones(survival.shape[0])
        )
    return survival[:, j]


def replicate_curves(
    durations: np.ndarray,
    events: np.ndarray,
    unit: np.ndarray,
    weights: np.ndarray,
    weights_t: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Kaplan-Meier curves for many bootstrap replicates at once.

    Parameters
    ----------
    durations, events : arrays of length V
        the items.
    unit : int array of length V
        index of each item's resampling unit (its conversation).
    weights : array (B, U)
        how often each unit is drawn in each of B replicates.
    weights_t : array (U, B), optional
        ``weights`` transposed and contiguous (gathering rows is much faster than
        gathering columns); computed when not given.

    Returns
    -------
    times : (J,) the distinct durations with at least one answer (S only changes there);
    survival : (B, J) S(t) per replicate at those times (NaN rows for replicates that
    drew none of the items).
    """
    d = np.asarray(durations, dtype=np.float64)
    e = np.asarray(events, dtype=bool)
    u = np.asarray(unit)
    nb, n_units = weights.shape
    if not e.any():
        return np.array([], dtype=np.float64), np.full((nb, 0), np.nan)
    wt = np.ascontiguousarray(weights.T) if weights_t is None else weights_t
    total = (weights @ np.bincount(u, minlength=n_units).astype(weights.dtype)).astype(np.float64)
    ev_times = np.unique(d[e])
    # only items that leave the risk set up to the last answer change any at-risk count:
    # the many items censored at the window's end are counted in the total alone
    keep = d <= ev_times[-1]
    order = np.argsort(d[keep], kind="stable")
    de, ue, ee = d[keep][order], u[keep][order], e[keep][order]
    starts = np.searchsorted(de, ev_times, side="left")
    ends = np.searchsorted(de, ev_times, side="right")
    # running weight in time order (whole numbers: exact in float32)
    csum = np.empty((de.size + 1, nb), dtype=np.float32)
    csum[0] = 0
    np.take(wt, ue, axis=0, out=csum[1:])  # (gathered in place, then summed in place)
    np.cumsum(csum[1:], axis=0, out=csum[1:])
    before = csum[starts]  # (J, B) weight removed strictly before each answer time
    ev = csum[ends]
    ev -= before  # weight removed at that time ...
    censored = np.nonzero(~ee)[0]
    if censored.size:  # ... minus the (rare) items censored at an answer time
        pos = np.searchsorted(ev_times, de[censored])
        hit = (pos < ev_times.size) & (ev_times[np.minimum(pos, ev_times.size - 1)] == de[censored])
        if hit.any():
            np.subtract.at(ev, pos[hit], wt[ue[censored[hit]]])
    # at risk just before each time: the total less what left before (in place, as the
    # arrays are large)
    at_risk = np.subtract(total.astype(np.float32)[None, :], before, out=before)
    # float32 is exact for the counts; the product keeps ~1e-6 relative accuracy, ample for
    # interval end points (point estimates come from kaplan_meier in float64)
    empty = at_risk <= 0
    factor = np.divide(ev, np.maximum(at_risk, np.float32(1e-30), out=at_risk), out=ev)
    np.subtract(np.float32(1.0), factor, out=factor)
    factor[empty] = 1.0
    surv = np.cumprod(factor, axis=0, out=factor).T
    # a replicate that drew none of these items says nothing: NaN, not "never answered"
    surv[total <= 0] = np.nan
    return ev_times, surv


def replicate_quantile_times(times: np.ndarray, survival: np.ndarray, q: float) -> np.ndarray:
    """First time with S(t) <= q in each replicate (``inf`` where never).

    The replicate curves are float32 products (see :func:`replicate_curves`), so an
    S(t) that is exactly ``q`` can come out a few float32 ulps above it; the
    comparison allows ``REPLICATE_TOLERANCE`` for that.
    """
    if survival.shape[1] == 0:
        return np.full(survival.shape[0], np.inf)
    below = survival <= q + REPLICATE_TOLERANCE
    first = np.argmax(below, axis=1)
    out = times[first].astype(np.float64)
    out[~below.any(axis=1)] = np.inf
    out[np.isnan(survival).all(axis=1)] = np.nan
    return out
