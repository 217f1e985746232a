"""Explorer widgets of notebooks 2–4: one refresh after a widget change, kernel side.

Loads the committed sample (``data/sample/``), builds each explorer with
``.widget()`` (the first refresh is timed on its own: it builds the archive's
row features), then times ~20 widget changes per explorer: the date slider
moved (whole range, 2012 only, 2023–24 only, narrow windows: selections that
leave some people with no data), the people picker (one person, two, all) and
each explorer's own controls (platforms; window and business hours;
pseudonymise). A change is timed from setting the widget's value to the end of
the explorer's refresh: the view function (metrics, frames, charts) and the
chart widgets' specs (``JupyterChart`` serialises the spec when its ``chart``
is set). The browser's drawing is not included. What IPython would display is
printed to stdout without a kernel; it is discarded here. Figures: median and
maximum wall time per explorer (ms), and the median CPU time of the process
(all threads), which other loads on a shared machine disturb less.

Target (issue 8): every refresh under 300 ms on 2 cores.
Run ``python benchmarks/bench_widgets.py`` on its own, or ``benchmarks/run.py widgets``.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


def _steps(ex: Any) -> list[tuple[Any, Any]]:
    """(widget, value) changes: slider and picker moves, then the explorer's own controls."""
    days = [v for _, v in ex.dates.options]
    last = len(days) - 1
    people = [p for _, p in ex.people.options]
    in_2012 = max(i for i, d in enumerate(days) if d.year <= 2012)
    from_2023 = min(i for i, d in enumerate(days) if d.year >= 2023)
    ranges = [
        (0, in_2012),  # 2012 only: the companies have no data
        (from_2023, last),  # 2023–24 only: the 2012 candidates have no data
        (0, 3),  # a few weeks
        (2, 6),
        (0, last),
        (in_2012 // 2, in_2012),
        (from_2023 + 2, from_2023 + 8),
        (1, in_2012 + 5),
        (in_2012 - 3, from_2023 + 3),  # the gap years: only two people post
        (0, last),
    ]
    picks = [
        (people[0],),
        tuple(people[:2]),
        (people[-1],),
        tuple(people[1:4]),
        (people[2], people[-1]),
        tuple(people[::2]),
        tuple(people),
    ]
    steps: list[tuple[Any, Any]] = []
    for i, (lo, hi) in enumerate(ranges):
        steps.append((ex.dates, (days[lo], days[hi])))
        if i < len(picks):
            steps.append((ex.people, picks[i]))
    return steps


def _own_steps(ex: Any) -> list[tuple[Any, Any]]:
    if hasattr(ex, "platforms"):
        options = list(ex.platforms.options)
        people = [p for _, p in ex.people.options]
        return [
            (ex.platforms, (options[0],)),
            (ex.people, (people[0],)),  # nobody left: that person has no account there
            (ex.platforms, tuple(options)),
            (ex.people, tuple(people)),
        ]
    if hasattr(ex, "window"):
        return [
            (ex.window, "24 h"),
            (ex.business_hours, True),
            (ex.window, "72 h"),
            (ex.business_hours, False),
        ]
    if hasattr(ex, "pseudonymise"):
        return [(ex.pseudonymise, False), (ex.pseudonymise, True)]
    return []


def time_explorer(cls: Any, archive: Any) -> dict[str, Any]:
    """First refresh and the ~20 timed changes of one explorer (ms)."""
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink):
        ex = cls(archive)
        t0 = time.perf_counter()
        ex.widget()
        first = time.perf_counter() - t0
        times, cpu = [], []
        for widget, value in _steps(ex) + _own_steps(ex):
            t0, c0 = time.perf_counter(), time.process_time()
            widget.value = value
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    ms = [round(t * 1000, 1) for t in times]
    return {
        "first_ms": round(first * 1000),
        "changes": len(ms),
        "median_ms": round(statistics.median(ms)),
        "max_ms": round(max(ms)),
        "cpu_median_ms": round(statistics.median(cpu) * 1000),
        "all_ms": ms,
    }


def run(out_dir: Path) -> dict[str, Any]:
    import toolkit
    from toolkit.widgets import BroadcastExplorer, HabitsExplorer, ResponsivenessExplorer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        archive = toolkit.load(SAMPLE, accounts_file=SAMPLE / "accounts.toml", progress=False)
    figures: dict[str, Any] = {"rows": archive.posts.height}
    for name, cls in (
        ("habits", HabitsExplorer),
        ("responsiveness", ResponsivenessExplorer),
        ("broadcast", BroadcastExplorer),
    ):
        r = time_explorer(cls, archive)
        figures[f"{name}_first_ms"] = r["first_ms"]
        figures[f"{name}_changes"] = r["changes"]
        figures[f"{name}_median_ms"] = r["median_ms"]
        figures[f"{name}_max_ms"] = r["max_ms"]
        figures[f"{name}_cpu_median_ms"] = r["cpu_median_ms"]
        figures[f"{name}_all_ms"] = r["all_ms"]
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for k, v in run(ROOT / "benchmarks" / "out" / "widgets").items():
        print(f"{k}: {v}")
