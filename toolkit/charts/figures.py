"""Render every chart of an archive to image files.

Run as ``python -m toolkit.charts.figures data/sample reports/figures`` (the
``make figures`` target): loads the exports, computes the metrics once, and
writes one PNG per chart (``--format svg`` or ``html`` for the others). A chart
the data cannot support (e.g. response curves without any reply from others) is
skipped with the reason, not drawn empty.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import altair as alt
import polars as pl

from toolkit.charts._frames import ChartInputError
from toolkit.charts.comparison import metric_over_time_chart, post_and_run_chart, scorecard_chart
from toolkit.charts.export import save
from toolkit.charts.habits import clients_chart, post_mix_chart, posts_per_week_chart, rhythm_chart
from toolkit.charts.interlocutors import interlocutors_chart, lorenz_chart
from toolkit.charts.responsiveness import response_curves_chart
from toolkit.charts.theme import credit_line

#: Metrics drawn week by week by default.
OVER_TIME = ("reply_share", "response_rate")


def figures(
    archive: Any,
    *,
    window: timedelta = timedelta(days=7),
    n_boot: int = 200,
    seed: int = 0,
    over_time: Sequence[str] = OVER_TIME,
    phases: Sequence[tuple[str, str]] = (),
    pseudonymise: Any = None,
) -> Iterator[tuple[str, Callable[[], alt.TopLevelMixin]]]:
    """``(name, make_chart)`` for every chart of the core set, metrics computed once.

    Each chart is made lazily, so a chart the data cannot support raises
    :class:`~toolkit.charts.ChartInputError` on its own without stopping the others.
    """
    from toolkit import metrics

    credit = credit_line(archive)
    accounts = archive.accounts
    catalog = metrics.catalog()
    results = metrics.compute(archive, window=window, n_boot=n_boot, seed=seed)
    yield "scorecard", lambda: scorecard_chart(results, accounts, credit, catalog=catalog)
    yield "post_mix", lambda: post_mix_chart(metrics.post_mix(archive), accounts, credit)
    yield (
        "response_curves",
        lambda: response_curves_chart(metrics.km_curves(archive, window=window), accounts, credit),
    )
    window_text = f"{window.days} days" if window.days and not window.seconds else str(window)
    yield (
        "post_and_run",
        lambda: post_and_run_chart(results, accounts, credit, window=window_text),
    )
    yield "rhythm", lambda: rhythm_chart(metrics.rhythm(archive), accounts, credit)
    groups = eras(archive)
    weekly = (
        metrics.compute(archive, period="W", window=window, n_boot=n_boot, seed=seed)
        if over_time
        else None
    )
    for label, keys in groups:
        suffix = f"_{label}" if len(groups) > 1 else ""
        part = _only(archive, keys) if len(groups) > 1 else archive
        part_credit = credit_line(part)
        for metric in over_time:
            rows = _keep(weekly, keys) if len(groups) > 1 else weekly
            yield (
                f"{metric}_weekly{suffix}",
                lambda rows=rows, metric=metric, c=part_credit: metric_over_time_chart(
                    rows, accounts, c, metric=metric, catalog=catalog, phases=phases
                ),
            )
        yield (
            f"posts_per_week{suffix}",
            lambda part=part, c=part_credit: posts_per_week_chart(part.posts, accounts, c),
        )
    yield "clients", lambda: clients_chart(metrics.clients(archive), accounts, credit)
    inter = metrics.interlocutors(archive)
    yield (
        "interlocutors",
        lambda: interlocutors_chart(inter, accounts, credit, pseudonymise=pseudonymise),
    )
    yield "lorenz", lambda: lorenz_chart(inter, accounts, credit)


def eras(
    archive: Any, *, gap: timedelta = timedelta(days=180)
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Accounts grouped by overlapping activity: ``[(years label, [(platform, account), ...]), ...]``.

    An archive that holds two stories years apart (the sample: a 2012 Senate
    race and 2023-24 recruiters) gets one time-series chart per story instead of
    one chart that is a decade of empty axis between two clusters.
    """
    spans = (
        archive.posts.filter(pl.col("author") == pl.col("account"))
        .group_by(pl.col("platform").cast(pl.Utf8), "account")
        .agg(pl.col("created_at").min().alias("start"), pl.col("created_at").max().alias("end"))
        .sort("start", "platform", "account")
    )
    groups: list[list[Any]] = []
    for platform, account, start, end in spans.iter_rows():
        if groups and start <= groups[-1][1] + gap:
            groups[-1][1] = max(groups[-1][1], end)
            groups[-1][2].append((platform, account))
        else:
            groups.append([start, end, [(platform, account)]])
    out = []
    for start, end, keys in groups:
        years = str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
        out.append((years, keys))
    return out


def _keep(frame: pl.DataFrame, keys: list[tuple[str, str]]) -> pl.DataFrame:
    """Rows of ``frame`` whose (platform, account) is in ``keys``."""
    wanted = pl.DataFrame(keys, schema={"platform": pl.Utf8, "account": pl.Utf8}, orient="row")
    return frame.join(
        wanted,
        left_on=[pl.col("platform").cast(pl.Utf8), "account"],
        right_on=["platform", "account"],
        how="semi",
    )


def _only(archive: Any, keys: list[tuple[str, str]]) -> Any:
    """The archive restricted to these (platform, account) pairs."""
    from toolkit.archive import Archive

    return Archive(
        posts=_keep(archive.posts, keys),
        accounts=_keep(archive.accounts, keys),
        log=archive.log,
        people=archive.people,
    )


def _phase(text: str) -> tuple[str, str]:
    date, sep, label = text.partition("=")
    if not sep or not date.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected DATE=LABEL, e.g. 2024-10-15='TV debate'"
        )
    return date.strip(), label.strip()


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m toolkit.charts.figures ARCHIVE... OUT_DIR``."""
    parser = argparse.ArgumentParser(
        prog="python -m toolkit.charts.figures",
        description="Render every chart of the archive(s) to image files.",
    )
    parser.add_argument(
        "inputs", nargs="+", type=Path, help="exports to load, then the output folder"
    )
    parser.add_argument(
        "--accounts", type=Path, help="accounts file (TOML); default: the one beside the data"
    )
    parser.add_argument("--format", choices=("png", "svg", "html", "pdf", "json"), default="png")
    parser.add_argument("--scale", type=float, default=2.0, help="PNG scale factor (default 2)")
    parser.add_argument(
        "--n-boot", type=int, default=200, help="bootstrap replicates (default 200)"
    )
    parser.add_argument(
        "--phase",
        type=_phase,
        action="append",
        default=[],
        help="campaign date to mark: DATE=LABEL",
    )
    args = parser.parse_args(argv)
    if len(args.inputs) < 2:
        parser.error("give at least one export and the output folder")
    *paths, out = args.inputs

    import toolkit
    from toolkit.errors import ToolkitError

    started = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            archive = toolkit.load(*paths, accounts_file=args.accounts, progress=False)
    except ToolkitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    written, skipped = 0, 0
    for name, make in figures(archive, n_boot=args.n_boot, phases=args.phase):
        try:
            chart = make()
        except ChartInputError as exc:
            skipped += 1
            print(f"skipped {name}: {exc}", file=sys.stderr)
            continue
        path = save(chart, out / f"{name}.{args.format}", scale=args.scale)
        written += 1
        print(f"wrote {path}", file=sys.stderr)
    print(
        f"{written} figure(s) in {out}, {skipped} skipped, {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
