"""Response curves: Kaplan-Meier share of inbound items still unanswered, over time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import altair as alt
import polars as pl

from toolkit.charts._frames import (
    IDENTITY,
    ChartInputError,
    finish,
    labelled,
    layer,
    require,
    series,
    subtitle_lines,
)
from toolkit.charts._lean import Axis, Legend, Scale, built_unchecked
from toolkit.charts.theme import FAINT

KM_COLUMNS = (*IDENTITY, "t_hours", "surviving", "ci_low", "ci_high", "at_risk", "censored")

#: Tick positions (hours) and their labels on the time axis.
_TICKS: dict[float, str] = {
    1 / 60: "1 min",
    0.25: "15 min",
    1: "1 h",
    6: "6 h",
    24: "1 day",
    168: "7 days",
    720: "30 days",
}
#: Reference rules (hours): 1 hour, 1 day, 7 days; the axis labels them.
_RULES: tuple[float, ...] = (1, 24, 168)

#: On a log axis, times below one minute (incl. t = 0) are drawn at one minute.
LOG_FLOOR_HOURS = 1 / 60


def thin_steps(km: pl.DataFrame, *, max_points: int = 400) -> pl.DataFrame:
    """At most about ``max_points`` rows per series, the step function unchanged to the eye.

    A series longer than that is read on a log-spaced grid of times (plus t = 0
    and its last time): the survival value at a grid time is the last one at or
    before it, and censoring counts are summed into the grid interval they fall
    in. The display loses only steps narrower than a pixel.
    """
    parts = []
    for _, g in km.sort("label", "t_hours").group_by("label", maintain_order=True):
        if g.height <= max_points:
            parts.append(g)
            continue
        t = g["t_hours"]
        lo = float(t.filter(t > 0).min() or 1e-3)
        hi = float(t.max())
        n = max_points - 2
        grid = sorted({0.0, hi, *(lo * (hi / lo) ** (i / (n - 1)) for i in range(n))})
        grid_df = pl.DataFrame({"t_hours": grid}, schema={"t_hours": pl.Float64})
        keep = [c for c in g.columns if c not in ("t_hours", "censored")]
        sampled = grid_df.join_asof(g.select("t_hours", *keep), on="t_hours", strategy="backward")
        # each censoring count goes to the first grid time at or after it
        cens = (
            g.select("t_hours", "censored")
            .join_asof(
                grid_df.with_columns(pl.col("t_hours").alias("_g")),
                on="t_hours",
                strategy="forward",
            )
            .group_by(pl.col("_g").alias("t_hours"))
            .agg(pl.col("censored").sum())
        )
        parts.append(
            sampled.join(cens, on="t_hours", how="left")
            .with_columns(pl.col("censored").fill_null(0))
            .select(g.columns)
        )
    return pl.concat(parts, how="vertical_relaxed") if parts else km


@built_unchecked
def response_curves_chart(
    km: pl.DataFrame,
    accounts: pl.DataFrame | None,
    credit: str | None = None,
    *,
    time_scale: Literal["log", "sqrt"] = "log",
    max_points: int = 400,
    title: str = "How long replies to each account wait for an answer",
    subtitle: str | Sequence[str] | None = None,
) -> alt.VConcatChart:
    """Kaplan-Meier "share still unanswered" step lines, one per account.

    ``km`` is ``toolkit.metrics.km_curves(archive)``. Shaded bands are 95 %
    intervals, small vertical ticks mark censored items (unanswered when the
    window or the data ended), dashed rules mark 1 hour, 1 day and 7 days.

    Parameters
    ----------
    time_scale
        ``"log"`` (default; times under a minute are drawn at one minute) or ``"sqrt"``.
    max_points
        series with more steps are read on a log grid of about this many times.
    """
    what = "response_curves_chart"
    df = require(km, KM_COLUMNS, what=what, producer="toolkit.metrics.km_curves(archive)")
    if df.is_empty():
        raise ChartInputError(
            f"{what}: no inbound items to draw; the data hold no replies from others "
            "(response curves need a collection of replies, e.g. twarc or API exports)"
        )
    if time_scale not in ("log", "sqrt"):
        raise ChartInputError(f"{what}: time_scale must be 'log' or 'sqrt', got {time_scale!r}")
    df = labelled(df, accounts).select(
        "label", "name", "t_hours", "surviving", "ci_low", "ci_high", "at_risk", "censored"
    )
    # keep the whole chart under Altair's 5000-row limit whatever the number of series
    n_series = max(df["label"].n_unique(), 1)
    df = thin_steps(df, max_points=max(50, min(max_points, 4000 // n_series)))
    t_max = max(float(df["t_hours"].max() or 1.0), 1.0)
    if time_scale == "log":
        df = df.with_columns(pl.col("t_hours").clip(lower_bound=LOG_FLOOR_HOURS).alias("t"))
        x_scale = Scale(type="log", domain=[LOG_FLOOR_HOURS, t_max], nice=False)
    else:
        df = df.with_columns(pl.col("t_hours").alias("t"))
        x_scale = Scale(type="sqrt", domain=[0, t_max], nice=False)
    ticks = {
        t: s for t, s in _TICKS.items() if t <= t_max * 1.0001 and (time_scale == "log" or t >= 1)
    }
    if time_scale == "sqrt":
        ticks = {0.0: "0", **ticks}
    label_expr = " : ".join(
        f"abs(datum.value - {t!r}) < {t * 1e-3 + 1e-9!r} ? '{s}'" for t, s in ticks.items()
    )
    x = alt.X(
        "t:Q",
        scale=x_scale,
        axis=Axis(
            values=list(ticks),
            labelExpr=f"{label_expr} : ''",
            labelOverlap=False,
            title="time since the inbound item",
            grid=False,
        ),
    )
    y_scale = Scale(domain=[0, 1], nice=False)
    y = alt.Y(
        "surviving:Q",
        scale=y_scale,
        axis=Axis(format="%", title="share still unanswered", tickCount=5),
    )
    style = series(df, accounts)
    legend = Legend(symbolType="stroke", symbolStrokeWidth=3)
    data = df.with_columns(
        pl.col("t_hours").map_elements(_duration_text, return_dtype=pl.Utf8).alias("after")
    ).select("label", "t", "surviving", "ci_low", "ci_high", "at_risk", "censored", "after")
    base = alt.Chart(data)
    rules = pl.DataFrame(
        {"t": [t for t in _RULES if t <= t_max]},
        schema={"t": pl.Float64},
    )
    layers = [
        alt.Chart(rules)
        .mark_rule(strokeDash=[4, 3], color=FAINT)
        .encode(x=alt.X("t:Q", scale=x_scale)),
        base.transform_filter("isValid(datum.ci_low) && isValid(datum.ci_high)")
        .mark_area(interpolate="step-after", opacity=0.13)
        .encode(
            x=x,
            y=alt.Y("ci_low:Q", scale=y_scale),
            y2=alt.Y2("ci_high:Q"),
            color=style.color(legend=legend),
            detail=alt.Detail("label:N"),
        ),
        base.mark_line(interpolate="step-after", strokeWidth=2.2).encode(
            x=x,
            y=y,
            color=style.color(legend=legend),
            strokeDash=style.dash(),
            tooltip=[
                alt.Tooltip("label:N", title="account"),
                alt.Tooltip("after:N", title="after"),
                alt.Tooltip("surviving:Q", title="still unanswered", format=".0%"),
                alt.Tooltip("at_risk:Q", title="items still waiting", format=","),
            ],
        ),
        base.transform_filter("datum.censored > 0")
        .mark_point(shape="M0,-1L0,1", size=90, strokeWidth=1.6, opacity=1)
        .encode(
            x=x,
            y=alt.Y("surviving:Q", scale=y_scale),
            color=style.color(legend=legend),
            tooltip=[
                alt.Tooltip("label:N", title="account"),
                alt.Tooltip("after:N", title="censored after"),
                alt.Tooltip("censored:Q", title="items censored", format=","),
            ],
        ),
    ]
    chart = layer(*layers, width=560, height=300)
    hint = "band: 95% interval · ticks: items still unanswered when the window or the data ended"
    if time_scale == "log":
        hint += " · log time scale"
    return finish(
        chart, title=title, subtitle=subtitle_lines(credit, hint, subtitle), credit=credit
    )


def _duration_text(hours: float | None) -> str | None:
    """3.5 -> '3.5 h'; 0.25 -> '15 min'; 50 -> '2.1 days' (tooltips)."""
    if hours is None:
        return None
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"


__all__ = ["response_curves_chart", "thin_steps"]
