"""Seeded bootstrap over resampling units (conversations, people, days), vectorised.

All replicates are drawn at once as a weight matrix ``W`` of shape
``(n_boot, n_units)``: ``W[b, u]`` is how many times unit ``u`` is drawn in
replicate ``b`` (a Poisson(1) bootstrap, see :func:`unit_weights`). A ratio metric is then ``(W @ k) / (W @ n)`` for per-unit
numerators ``k`` and denominators ``n``, and a median is a weighted median
whose weights are the draws of each value's unit.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from toolkit._switch import SharedSwitch


def _release_controlling_thread() -> None:
    # threadpoolctl lets only the thread that first set OpenBLAS's (process-wide) limit
    # change it again, and silently ignores the others; the changes here are made one at a
    # time (SharedSwitch's lock), so any thread may make them
    from threadpoolctl import OpenBLASController

    release = getattr(OpenBLASController, "clear_controlling_thread", None)
    if release is not None:
        release(force=True)


def _one_blas_thread():
    from threadpoolctl import threadpool_limits

    _release_controlling_thread()
    return threadpool_limits(limits=1, user_api="blas")


def _blas_threads_back(limits) -> None:
    _release_controlling_thread()
    limits.restore_original_limits()


#: ``with single_threaded_blas():`` BLAS (OpenBLAS, MKL) uses one thread inside, then its
#: own number again. ``compute`` runs groups in its own threads; each thread's matrix
#: products starting BLAS threads of their own would oversubscribe the cores, and
#: OpenBLAS's idle threads spin while they wait (measured: a third of the CPU time of the
#: group phase on 2 cores). The limit is process-wide: blocks entered from several threads
#: at once share it; the first sets it, the last to leave restores the previous limits.
single_threaded_blas = SharedSwitch(_one_blas_thread, _blas_threads_back)


def rng_for(seed: int, label: str, stream: int = 0) -> np.random.Generator:
    """A generator that depends only on the seed, the group label and the stream number."""
    return np.random.default_rng([int(seed), zlib.crc32(label.encode("utf-8")), int(stream)])


def _poisson_thresholds(bits: int = 16) -> np.ndarray:
    """Thresholds ``T[k]`` such that a uniform ``bits``-bit integer ``x`` gives the Poisson(1)
    draw ``#{k : x >= T[k]}`` (the inverse CDF on a grid of 2**bits points)."""
    size = 1 << bits
    k = np.arange(0, 16)
    cdf = np.cumsum(np.exp(-1.0) / np.array([math.factorial(int(i)) for i in k]))
    # x maps to the smallest k with (x + 0.5) / size <= cdf[k]
    table = np.searchsorted(cdf, (np.arange(size) + 0.5) / size)
    return np.array(
        [np.argmax(table >= j) for j in range(1, int(table.max()) + 1)], dtype=np.uint16
    )


_THRESHOLDS = _poisson_thresholds()
#: the Poisson(1) draw of each 16-bit integer (a 64 KB table: one gather per draw)
_DRAWS = np.searchsorted(_THRESHOLDS, np.arange(1 << 16), side="right").astype(np.uint8)
#: the same table as float32 (256 KB): the gather writes the weights directly
_DRAWS_F32 = _DRAWS.astype(np.float32)


def unit_weights(n_units: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Poisson(1) bootstrap weights, shape ``(n_boot, n_units)``, float32.

    Each unit is drawn a Poisson(1) number of times in each replicate (the
    "Poisson bootstrap", which approximates the multinomial one and lets every
    unit be drawn independently). Draws come from 16-bit uniform integers through
    the inverse CDF: probabilities are exact to 1/65536, and generating them
    costs a fraction of ``rng.poisson``.

    The array is the transpose of a C-contiguous ``(n_units, n_boot)`` one, so
    ``w.T`` (rows per unit, which the medians and curves gather) is free and
    matrix products read either layout.
    """
    if n_units == 0 or n_boot == 0:
        return np.zeros((n_units, n_boot), dtype=np.float32).T
    n = n_boot * n_units
    # the bit generator's 64-bit words read as four 16-bit integers each (several times
    # faster than Generator.bytes for the hundreds of MB a large archive needs)
    raw = rng.bit_generator.random_raw(-(-n // 4)).view(np.uint16)[:n]
    return _DRAWS_F32[raw].reshape(n_units, n_boot).T


#: rows gathered at a time by :func:`block_sums` (about 1 MB at 200 replicates: the block
#: stays in cache, and no (items x replicates) array is made)
_BLOCK_ROWS = 1024


def block_sums(wt: np.ndarray, rows: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """``np.add.reduceat(wt[rows], starts, axis=0)``, gathering ``_BLOCK_ROWS`` rows at a time.

    ``starts`` are ascending segment starts, the first 0, none empty: row ``k`` of
    the result is the sum of ``wt[rows[starts[k]:starts[k + 1]]]``.

    >>> wt = np.array([[1, 0], [2, 1], [0, 3]], dtype=np.float32)
    >>> block_sums(wt, np.array([2, 0, 1, 2]), np.array([0, 1])).tolist()
    [[0.0, 3.0], [3.0, 4.0]]
    """
    out = np.zeros((starts.size, wt.shape[1]), dtype=wt.dtype)
    buf = np.empty((min(_BLOCK_ROWS, rows.size), wt.shape[1]), dtype=wt.dtype)
    for s in range(0, rows.size, _BLOCK_ROWS):
        e = min(s + _BLOCK_ROWS, rows.size)
        block = buf[: e - s]
        np.take(wt, rows[s:e], axis=0, out=block)
        # the segments that overlap [s, e): the one s falls in, up to the last starting before e
        k0 = np.searchsorted(starts, s, side="right") - 1
        k1 = np.searchsorted(starts, e, side="left")
        out[k0:k1] += np.add.reduceat(block, np.maximum(starts[k0:k1] - s, 0), axis=0)
    return out


def ratio_replicates(k: np.ndarray, n: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Replicates of sum(k)/sum(n) for each column: ``k``, ``n`` are ``(U, M)``; returns ``(B, M)``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (w @ k) / (w @ n)


#: Value sets with at most this many distinct values are summed value by value (no window).
_FEW_VALUES = 96


def weighted_median_replicates(values: np.ndarray, unit: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted median of ``values`` per replicate, each value weighted by its unit's draw count.

    With all weights 1 this is ``np.median`` (the mean of the two middle values
    for an even count), so point estimates and replicates agree. See
    :func:`weighted_medians` for several sets at once.
    """
    return weighted_medians([(values, unit)], w)[0]


def weighted_medians(
    sets: list[tuple[np.ndarray, np.ndarray]], w: np.ndarray, wt: np.ndarray | None = None
) -> list[np.ndarray]:
    """:func:`weighted_median_replicates` for several (values, unit) sets sharing the weights ``w``.

    Only ranks near the middle can hold a replicate's median, so cumulative
    weights are computed in a window around it; the weight below the window and
    the total come from one matrix product for all sets (``w`` is read once).
    Replicates whose median falls outside the window are recomputed in full.
    ``wt`` is ``w`` transposed and contiguous (row gathers are fast), computed when
    not given.
    """
    nb, n_units = w.shape
    if wt is None:
        wt = np.ascontiguousarray(w.T)
    plans: list[tuple | None] = []
    vectors: list[np.ndarray] = []
    per_values: list[np.ndarray] = []
    for values, unit in sets:
        if values.size == 0:
            plans.append(None)
            continue
        vals = np.asarray(values, dtype=np.float64)
        order = np.argsort(vals, kind="stable")  # ties keep their order
        v = vals[order]
        u = np.asarray(unit)[order]
        first = np.empty(v.size, dtype=bool)
        first[0] = True
        np.not_equal(v[1:], v[:-1], out=first[1:])
        starts = np.flatnonzero(first)  # where each distinct value begins
        if starts.size <= _FEW_VALUES:
            # few distinct values (counts of likes, ...): the weight of each value in each
            # replicate is the sum of its items' rows of wt (no group is empty)
            per_value = block_sums(wt, u, starts)  # (K, B)
            plans.append((v[starts], None, 0, 0, -2 - len(per_values)))
            per_values.append(per_value.T)
            continue
        h = int(max(64, 8 * math.sqrt(v.size)))
        lo_i, hi_i = max(0, v.size // 2 - h), min(v.size, v.size // 2 + h + 1)
        if lo_i == 0 and hi_i == v.size:  # small: the window is everything
            plans.append((v, u, 0, v.size, -1))
            continue
        plans.append((v, u, lo_i, hi_i, len(vectors)))
        vectors.append(np.bincount(u, minlength=n_units))
        vectors.append(np.bincount(u[:lo_i], minlength=n_units))
    # every per-unit vector in one matrix product (w is read once)
    product = w @ np.stack(vectors, axis=1).astype(w.dtype) if vectors else None
    sums = product.astype(np.float64) if vectors else None
    out = []
    for plan in plans:
        if plan is None:
            out.append(np.full(nb, np.nan))
            continue
        v, u, lo_i, hi_i, j = plan
        if j <= -2:
            per_value = per_values[-2 - j]  # (B, K): weight of each distinct value
            cum = np.cumsum(per_value, axis=1)
            total = cum[:, -1].astype(np.float64)
            half = total / 2.0
            lo = np.argmax(cum >= (half - 1e-3)[:, None], axis=1)
            hi = np.argmax(cum > (half + 1e-3)[:, None], axis=1)
            res = (v[lo] + v[hi]) / 2.0
            res[total <= 0] = np.nan
            out.append(res)
            continue
        # cumulative weights down the sorted values, one column per replicate (V, B)
        # (float32: the sums are whole numbers, exact below 2**24, and twice as fast)
        if j < 0:
            cum = np.cumsum(wt[u], axis=0)
            total, below = cum[-1].astype(np.float64), np.zeros(nb)
        else:
            total, below = sums[:, j], sums[:, j + 1]
            cum = np.cumsum(wt[u[lo_i:hi_i]], axis=0)
            cum += below.astype(np.float32)[None, :]
        half = total / 2.0
        lo = np.argmax(cum >= (half - 1e-3)[None, :], axis=0)
        hi = np.argmax(cum > (half + 1e-3)[None, :], axis=0)
        res = (v[lo_i + lo] + v[lo_i + hi]) / 2.0
        outside = ((below >= half - 1e-3) | (cum[-1] <= half + 1e-3)) & (total > 0)
        if outside.any():
            rows = np.nonzero(outside)[0]
            full = np.cumsum(wt[u][:, rows], axis=0)
            lo = np.argmax(full >= (half[rows] - 1e-3)[None, :], axis=0)
            hi = np.argmax(full > (half[rows] + 1e-3)[None, :], axis=0)
            res[rows] = (v[lo] + v[hi]) / 2.0
        res[total <= 0] = np.nan
        out.append(res)
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
