"""Seeded bootstrap over resampling units (conversations, people, days), vectorised.

All replicates are drawn at once as a weight matrix ``W`` of shape
``(n_boot, n_units)``: ``W[b, u]`` is how many times unit ``u`` is drawn in
replicate ``b`` (an ordinary multinomial bootstrap: ``n_units`` draws with
replacement). A ratio metric is then ``(W @ k) / (W @ n)`` for per-unit
numerators ``k`` and denominators ``n``, and a median is a weighted median
whose weights are the draws of each value's unit.
"""

from __future__ import annotations

import zlib

import numpy as np

#: Rows of W generated at a time, so memory stays small for large unit counts.
_CHUNK_CELLS = 4_000_000


def rng_for(seed: int, label: str, stream: int = 0) -> np.random.Generator:
    """A generator that depends only on the seed, the group label and the stream number."""
    return np.random.default_rng([int(seed), zlib.crc32(label.encode("utf-8")), int(stream)])


def unit_weights(n_units: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Multinomial bootstrap counts, shape ``(n_boot, n_units)``, float64."""
    if n_units == 0:
        return np.zeros((n_boot, 0))
    out = np.empty((n_boot, n_units))
    rows = max(1, _CHUNK_CELLS // max(n_units, 1))
    for start in range(0, n_boot, rows):
        stop = min(n_boot, start + rows)
        m = stop - start
        idx = rng.integers(0, n_units, size=(m, n_units))
        idx += (np.arange(m) * n_units)[:, None]
        out[start:stop] = np.bincount(idx.ravel(), minlength=m * n_units).reshape(m, n_units)
    return out


def ratio_replicates(k: np.ndarray, n: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Replicates of sum(k)/sum(n) for each column: ``k``, ``n`` are ``(U, M)``; returns ``(B, M)``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (w @ k) / (w @ n)


def weighted_median_replicates(values: np.ndarray, unit: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted median of ``values`` per replicate, each value weighted by its unit's draw count.

    With all weights 1 this is ``np.median`` (the mean of the two middle values
    for an even count), so point estimates and replicates agree.
    """
    if values.size == 0:
        return np.full(w.shape[0], np.nan)
    order = np.argsort(values, kind="stable")
    v = values[order].astype(np.float64)
    wi = w[:, unit[order]]
    cum = np.cumsum(wi, axis=1)
    half = (cum[:, -1] / 2.0)[:, None]
    lo = np.argmax(cum >= half - 1e-9, axis=1)
    hi = np.argmax(cum > half + 1e-9, axis=1)
    out = (v[lo] + v[hi]) / 2.0
    out[cum[:, -1] <= 0] = np.nan
    return out


def percentile_interval(
    replicates: np.ndarray, *, cap: float | None = None
) -> tuple[float | None, float | None]:
    """2.5 % and 97.5 % percentiles of the finite replicates (``None`` when fewer than two).

    ``cap`` replaces infinite replicates (a median not reached) before the percentiles.
    """
    r = np.asarray(replicates, dtype=np.float64)
    if cap is not None:
        r = np.where(np.isposinf(r), cap, r)
    r = r[np.isfinite(r)]
    if r.size < 2:
        return None, None
    lo, hi = np.percentile(r, [2.5, 97.5])
    return float(lo), float(hi)
