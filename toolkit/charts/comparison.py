"""Metric comparisons: the scorecard, post-and-run and a metric week by week.

All three draw the long-form output of ``toolkit.metrics.compute``: a dot for the
estimate and a bar for its 95 % interval, one colour per person. A metric the
data cannot answer is written out as "not available", never drawn at zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

import altair as alt
import polars as pl

from toolkit.charts._frames import (
    IDENTITY,
    ChartInputError,
    Series,
    finish,
    labelled,
    layer,
    na_text,
    not_available_reason,
    require,
    series,
    subtitle_lines,
    vconcat,
)
from toolkit.charts._lean import Axis, Scale, TitleParams, built_unchecked
from toolkit.charts._spec import field_of
from toolkit.charts.theme import FAINT, MUTED

RESULT_COLUMNS = (*IDENTITY, "period", "metric", "value", "ci_low", "ci_high", "n", "k", "status")
CATALOG_COLUMNS = ("name", "title", "unit", "group")
SCORECARD_GROUPS = ("dialogue", "responsiveness", "broadcasting", "automation")

# Width of the left label column in the scorecard, fixed so that every panel's
# plot area starts at the same x and the dots of all metrics line up.
_LABEL_WIDTH = 250
_PLOT_WIDTH = 380


def is_share(unit: str | None) -> bool:
    """Whether a catalog unit is a share (drawn on a fixed 0-100 % axis)."""
    u = (unit or "").strip().lower()
    return u in {"share", "%", "percent", "proportion", "fraction", "rate"} or u.startswith("share")


def _results(results: Any, what: str) -> pl.DataFrame:
    df = require(results, RESULT_COLUMNS, what=what, producer="toolkit.metrics.compute(archive)")
    return df.with_columns(
        (pl.col("status").eq("ok") & pl.col("value").is_not_null() & pl.col("value").is_finite())
        .fill_null(False)
        .alias("ok")
    )


def _one_period(df: pl.DataFrame, what: str) -> pl.DataFrame:
    periods = df["period"].drop_nulls().unique().to_list()
    if len(periods) > 1:
        raise ChartInputError(
            f"{what}: the results hold {len(periods)} periods ({sorted(periods)[:3]}...); "
            "filter one period first (results.filter(pl.col('period') == ...)), "
            "or draw them with metric_over_time_chart"
        )
    return df


def _catalog(catalog: Any, what: str) -> pl.DataFrame:
    if catalog is None:
        try:
            from toolkit.metrics import catalog as make_catalog
        except ImportError as exc:  # pragma: no cover - only before toolkit.metrics exists
            raise ChartInputError(
                f"{what}: pass catalog=toolkit.metrics.catalog() (it names, groups and units the metrics)"
            ) from exc
        catalog = make_catalog()
    return require(catalog, CATALOG_COLUMNS, what=what, producer="toolkit.metrics.catalog()")


_BOUNDS = re.compile(r"(-?\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(-?\d+(?:\.\d+)?)\s*$")


def unit_bounds(unit: str | None) -> tuple[float, float] | None:
    """The fixed range a unit names, e.g. ``"score -1 to 1"`` -> ``(-1, 1)``, ``"index 0-1"`` -> ``(0, 1)``.

    Examples
    --------
    >>> unit_bounds("score -1 to 1"), unit_bounds("index 0-1"), unit_bounds("hours")
    ((-1.0, 1.0), (0.0, 1.0), None)
    """
    m = _BOUNDS.search(unit or "")
    if not m:
        return None
    lo, hi = float(m.group(1)), float(m.group(2))
    return (lo, hi) if lo < hi else None


def _fmt(value: pl.Expr, unit: str | None) -> pl.Expr:
    """A value as text for tooltips and labels (percent for shares)."""
    if is_share(unit):
        return (value * 100).round(0).cast(pl.Int64).cast(pl.Utf8) + pl.lit("%")
    return value.round_sig_figs(3).cast(pl.Utf8)


def _tooltip_frame(df: pl.DataFrame, unit: str | None) -> pl.DataFrame:
    """Add 'estimate' and 'interval' text columns used by the tooltips."""
    interval = pl.when(pl.col("ci_low").is_not_null() & pl.col("ci_high").is_not_null()).then(
        pl.concat_str([_fmt(pl.col("ci_low"), unit), pl.lit(" – "), _fmt(pl.col("ci_high"), unit)])
    )
    estimate = (
        pl.when(pl.col("ok"))
        .then(_fmt(pl.col("value"), unit))
        .otherwise(
            pl.concat_str([pl.lit("not available: "), not_available_reason(pl.col("status"))])
        )
    )
    return df.with_columns(estimate.alias("estimate"), interval.fill_null("none").alias("interval"))


def _layer_frames(
    data: pl.DataFrame, *, keys: list[str], tip_fields: list[str], na_label: str | None
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The rows of the three layers of :func:`_dot_and_interval`: interval, estimate, 'not available'.

    Each layer gets only the columns it draws (``keys``: the y field, ``label``;
    and the tooltip's fields).
    """
    ok = data.filter(pl.col("ok"))
    interval = ok.filter(pl.col("ci_low").is_not_null() & pl.col("ci_high").is_not_null())
    na = data.filter(~pl.col("ok")).with_columns(
        (
            pl.lit(na_label)
            if na_label
            else pl.concat_str([pl.lit("not available: "), pl.col("label")])
        ).alias("na_text")
    )
    return (
        interval.select(*keys, "ci_low", "ci_high"),
        ok.select(list(dict.fromkeys([*keys, "value", *tip_fields]))),
        na.select(list(dict.fromkeys([*keys, "na_text", *tip_fields]))),
    )


def _dot_and_interval(
    data: pl.DataFrame | tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame],
    *,
    props: dict[str, Any] | None = None,
    y: alt.Y,
    y_offset: alt.YOffset | None,
    x_scale: dict,
    x_axis: dict,
    style: Series,
    tooltip: list[Any],
    na_label: str | None,
    legend: Any = alt.Undefined,
) -> alt.LayerChart:
    """Dot (estimate), rule (95 % interval) and 'not available' text on one y scale.

    ``data`` is the frame to draw or, already split, its :func:`_layer_frames`.
    """
    if isinstance(data, pl.DataFrame):
        keys = list(dict.fromkeys([field_of(y), "label"]))
        tip_fields = [field_of(t) for t in tooltip]
        data = _layer_frames(data, keys=keys, tip_fields=tip_fields, na_label=na_label)
    interval, ok, na = data
    enc_common: dict[str, Any] = {"y": y}
    if y_offset is not None:
        enc_common["yOffset"] = y_offset
    x = alt.X("value:Q", scale=x_scale, axis=x_axis)
    layers = [
        alt.Chart(interval)
        .mark_rule(strokeWidth=2.5, opacity=0.55)
        .encode(
            x=alt.X("ci_low:Q", scale=x_scale, axis=x_axis),
            x2=alt.X2("ci_high:Q"),
            color=style.color(legend=legend),
            **enc_common,
        ),
        alt.Chart(ok)
        .mark_point(filled=True, size=70, opacity=1, stroke="white", strokeWidth=0.8)
        .encode(
            x=x,
            color=style.color(legend=legend),
            shape=style.shape(legend=legend),
            tooltip=tooltip,
            **enc_common,
        ),
    ]
    if na.height:
        layers.append(
            alt.Chart(na)
            .mark_text(**na_text(align="left", baseline="middle"))
            .encode(x=alt.XValue(4), text=alt.Text("na_text:N"), tooltip=tooltip, **enc_common)
        )
    return layer(*layers, **(props or {}))


def _tooltips(metric_title: str | None = None) -> list[Any]:
    tips: list[Any] = [alt.Tooltip("label:N", title="account")]
    if metric_title is None:
        tips.append(alt.Tooltip("metric_title:N", title="metric"))
    tips += [
        alt.Tooltip("estimate:N", title="estimate"),
        alt.Tooltip("interval:N", title="95% interval"),
        alt.Tooltip("n:Q", title="n", format=","),
    ]
    return tips


@built_unchecked
def scorecard_chart(
    results: pl.DataFrame,
    accounts: pl.DataFrame | None,
    credit: str | None = None,
    *,
    catalog: pl.DataFrame | None = None,
    groups: Sequence[str] = SCORECARD_GROUPS,
    metrics: Iterable[str] | None = None,
    title: str = "Conversation habits compared",
    subtitle: str | Sequence[str] | None = None,
) -> alt.VConcatChart:
    """The metric scorecard: one row per metric, a dot and 95 % interval per account.

    Metrics come in small multiples by catalog group (dialogue, responsiveness,
    broadcasting, automation). Shares share one 0-100 % axis per group; every
    other metric gets its own panel and scale with its unit as the axis title.
    A metric that is not available for an account is written out as such.

    Parameters
    ----------
    results
        ``toolkit.metrics.compute(archive)`` (one period).
    accounts
        ``archive.accounts``: display names and colours.
    credit
        ``credit_line(archive)``; its period goes into the subtitle.
    catalog
        ``toolkit.metrics.catalog()``: titles, units and groups (fetched when omitted).
    groups, metrics
        which catalog groups to show, in this order; optionally only these metrics.
    """
    what = "scorecard_chart"
    df = _one_period(_results(results, what), what)
    cat = _catalog(catalog, what).with_row_index("order")
    cat = cat.filter(pl.col("group").is_in(list(groups)))
    if metrics is not None:
        cat = cat.filter(pl.col("name").is_in(list(metrics)))
    df = df.join(
        cat.select(
            pl.col("name").alias("metric"),
            pl.col("title").alias("metric_title"),
            "unit",
            "group",
            "order",
        ),
        on="metric",
        how="inner",
    )
    if df.is_empty():
        raise ChartInputError(
            f"{what}: none of the results' metrics belongs to the groups {list(groups)} of the catalog"
        )
    df = labelled(df, accounts)
    labels = sorted(df["label"].unique().to_list())
    style = series(df, accounts)
    row_px = 14 * len(labels) + 12

    # One panel per group's shares and per other metric. The frames of all panels
    # are prepared together and then split by panel: a Polars call per panel and
    # layer would cost more than the whole chart.
    per_group = [df.filter(pl.col("group") == g).sort("order") for g in groups]
    cells = pl.concat([g for g in per_group if g.height]).with_columns(
        pl.col("unit").map_elements(is_share, return_dtype=pl.Boolean).alias("_share")
    )
    cells = cells.filter(pl.col("_share").is_not_null()).with_columns(
        pl.when(pl.col("_share"))
        .then(pl.col("group"))
        .otherwise(pl.concat_str([pl.col("group"), pl.lit("\x00"), pl.col("metric")]))
        .alias("_panel")
    )
    columns = ["metric_title", "label", "value", "ci_low", "ci_high", "n", "ok"]
    data = pl.concat(
        [
            _tooltip_frame(cells.filter(pl.col("_share")), "share"),
            _tooltip_frame(cells.filter(~pl.col("_share")), None),
        ]
    ).select(*columns, "estimate", "interval", "_panel")
    tooltip = _tooltips()
    by_panel = _by_panel(data)
    frames = [
        _by_panel(f)
        for f in _layer_frames(
            data,
            keys=["metric_title", "label", "_panel"],
            tip_fields=[field_of(t) for t in tooltip],
            na_label=None,
        )
    ]
    # panels in catalog order, each group's shares first; a panel's metric titles
    titles: dict[str, dict[str, str]] = {}
    order: list[tuple[int, bool, str, str, str | None]] = []
    for group, panel, share, metric, metric_title, unit in cells.select(
        "group", "_panel", "_share", "metric", "metric_title", "unit"
    ).iter_rows():
        if panel not in titles:
            titles[panel] = {}
            order.append((groups.index(group), not share, group, panel, unit))
        titles[panel].setdefault(metric, metric_title)
    blocks: dict[str, list[alt.TopLevelMixin]] = {}
    for _, not_share, group, panel, unit in sorted(order, key=lambda o: o[:2]):
        layers = tuple(f.get(panel, f[None]) for f in frames)
        blocks.setdefault(group, []).append(
            _score_panel(
                by_panel[panel],
                layers,
                list(titles[panel].values()),
                labels,
                style,
                unit=unit if not_share else "share",
                row_px=row_px,
                tooltip=tooltip,
            )
        )
    panels = [
        vconcat(
            *group_blocks,
            spacing=6,
            title=TitleParams(
                group.capitalize(), anchor="start", fontSize=14, color=MUTED, offset=6
            ),
        )
        for group, group_blocks in blocks.items()
    ]
    body = vconcat(
        *panels, spacing=22, resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="shared"))
    )
    hint = "dot: estimate · bar: 95% interval"
    return finish(body, title=title, subtitle=subtitle_lines(credit, hint, subtitle), credit=credit)


def _by_panel(frame: pl.DataFrame) -> dict[str | None, pl.DataFrame]:
    """``frame`` split by ``_panel`` (dropped); key None: no rows, the same columns."""
    parts = frame.partition_by("_panel", include_key=False, maintain_order=True, as_dict=True)
    out: dict[str | None, pl.DataFrame] = {key[0]: part for key, part in parts.items()}
    out[None] = frame.clear().drop("_panel")
    return out


def _score_panel(
    data: pl.DataFrame,
    layers: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame],
    rows: list[str],
    labels: list[str],
    style: Series,
    *,
    unit: str | None,
    row_px: int,
    tooltip: list[Any],
) -> alt.LayerChart:
    """One scorecard panel: its metrics (``rows``: titles) by account.

    ``data`` holds the panel's rows, ``layers`` their :func:`_layer_frames`.
    """
    share = is_share(unit)
    if share:
        x_scale = Scale(domain=[0, 1], nice=False, clamp=True)
        x_axis = Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1], title=None, grid=True)
    else:
        bounds = unit_bounds(unit)
        if bounds is not None:
            x_scale = Scale(domain=list(bounds), nice=False, clamp=True)
        else:
            values = pl.concat([data["value"], data["ci_low"], data["ci_high"]]).drop_nulls()
            zero = values.is_empty() or values.min() >= 0
            x_scale = Scale(zero=zero, nice=True)
        x_axis = Axis(title=unit or None, grid=True, tickCount=5, format=",~f")
    y = alt.Y(
        "metric_title:N",
        sort=rows,
        scale=Scale(domain=rows, paddingInner=0.2, paddingOuter=0.1),
        axis=Axis(
            title=None,
            minExtent=_LABEL_WIDTH,
            maxExtent=_LABEL_WIDTH,
            labelLimit=_LABEL_WIDTH - 12,
            labelPadding=10,
        ),
    )
    y_offset = alt.YOffset("label:N", sort=labels, scale=Scale(domain=labels, paddingInner=0.1))
    return _dot_and_interval(
        layers,
        y=y,
        y_offset=y_offset,
        x_scale=x_scale,
        x_axis=x_axis,
        style=style,
        tooltip=tooltip,
        na_label=None,
        props={"width": _PLOT_WIDTH, "height": row_px * len(rows)},
    )


@built_unchecked
def post_and_run_chart(
    results: pl.DataFrame,
    accounts: pl.DataFrame | None,
    credit: str | None = None,
    *,
    metric: str = "post_and_run_rate",
    window: str = "7 days",
    title: str = "How often accounts post and run",
    subtitle: str | Sequence[str] | None = None,
) -> alt.VConcatChart:
    """Share of root posts that drew replies the account never answered, per account.

    Accounts are sorted from most to least post-and-run; an account whose data
    cannot tell (no replies from others in the export) is listed last, with
    "not available", not a zero. Each dot is labelled ``"38% (19 of 50)"``.
    """
    what = "post_and_run_chart"
    df = _one_period(_results(results, what), what).filter(pl.col("metric") == metric)
    if df.is_empty():
        raise ChartInputError(f"{what}: the results have no rows for metric {metric!r}")
    df = labelled(df, accounts)
    df = _tooltip_frame(df, "share")
    order = df.sort(["ok", "value", "label"], descending=[True, True, False], nulls_last=True)[
        "label"
    ].to_list()
    df = df.with_columns(
        pl.when(pl.col("ok"))
        .then(
            pl.concat_str(
                [
                    pl.col("estimate"),
                    pl.when(pl.col("k").is_not_null() & pl.col("n").is_not_null())
                    .then(pl.format(" ({} of {})", pl.col("k"), pl.col("n")))
                    .otherwise(pl.lit("")),
                ]
            )
        )
        .alias("value_text"),
        pl.max_horizontal("value", "ci_high").alias("text_at"),
    )
    data = df.select(
        "label",
        "value",
        "ci_low",
        "ci_high",
        "n",
        "ok",
        "estimate",
        "interval",
        "value_text",
        "text_at",
    )
    style = series(df, accounts)
    x_scale = Scale(domain=[0, 1], nice=False, clamp=True)
    x_axis = Axis(
        format="%",
        values=[0, 0.25, 0.5, 0.75, 1],
        title=f"share of root posts with replies, none answered within {window}",
    )
    y = alt.Y("label:N", sort=order, scale=Scale(domain=order), axis=Axis(title=None))
    dots = _dot_and_interval(
        data,
        y=y,
        y_offset=None,
        x_scale=x_scale,
        x_axis=x_axis,
        style=style,
        tooltip=_tooltips(metric_title="post-and-run"),
        na_label="not available",
        legend=None,  # the axis names the accounts
    )
    labels = (
        alt.Chart(data.filter(pl.col("ok")).select("label", "text_at", "value_text"))
        .mark_text(align="left", dx=8, fontSize=12, color=MUTED)
        .encode(x=alt.X("text_at:Q", scale=x_scale), y=y, text=alt.Text("value_text:N"))
    )
    chart = layer(dots, labels, width=460, height=alt.Step(34))
    hint = "dot: estimate · bar: 95% interval"
    return finish(
        chart, title=title, subtitle=subtitle_lines(credit, hint, subtitle), credit=credit
    )


# ------------------------------------------------------------------ over time
_ISO_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})(?:-?(\d))?$")


def period_start(label: str | date | datetime | None) -> datetime | None:
    """The UTC start of a period label: ``2024-09-02``, ``2024-W36``, ``2024-09``, an interval ``a/b``...

    Examples
    --------
    >>> period_start("2024-W36")
    datetime.datetime(2024, 9, 2, 0, 0, tzinfo=datetime.timezone.utc)
    >>> period_start("2024-09-02/2024-09-08")
    datetime.datetime(2024, 9, 2, 0, 0, tzinfo=datetime.timezone.utc)
    """
    if label is None:
        return None
    if isinstance(label, datetime):
        return label if label.tzinfo else label.replace(tzinfo=UTC)
    if isinstance(label, date):
        return datetime.combine(label, time.min, tzinfo=UTC)
    text = str(label).strip()
    for sep in ("/", " – ", " - ", "..", "–"):
        if sep in text:
            text = text.split(sep, 1)[0].strip()
            break
    m = _ISO_WEEK.match(text)
    if m:
        d = date.fromisocalendar(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        return datetime.combine(d, time.min, tzinfo=UTC)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def wrap(text: str, width: int = 110) -> list[str]:
    """Subtitle lines of at most about ``width`` characters, broken at spaces."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def week_axis(weeks: Sequence[datetime]) -> dict:
    """A time axis for weekly points: ticks on the weeks themselves when few, the year when long."""
    starts = sorted(set(weeks))
    long_span = len(starts) > 1 and (starts[-1] - starts[0]).days > 300
    axis = Axis(
        title=None,
        format="%b %Y" if long_span else "%-d %b",
        grid=False,
        labelAngle=0,
        labelOverlap=True,
    )
    if len(starts) <= 30:
        # ticks on the period starts themselves (Vega's own weeks start on Sunday)
        axis["values"] = [int(w.timestamp() * 1000) for w in starts]
    return axis


@built_unchecked
def metric_over_time_chart(
    results: pl.DataFrame,
    accounts: pl.DataFrame | None,
    credit: str | None = None,
    *,
    metric: str,
    catalog: pl.DataFrame | None = None,
    phases: Sequence[tuple[date | datetime | str, str]] = (),
    title: str | None = None,
    subtitle: str | Sequence[str] | None = None,
) -> alt.VConcatChart:
    """One metric week by week (``compute(archive, period="W")``), with 95 % intervals.

    Weeks where the metric is not available break the line and carry an "n/a"
    marker along the top (its tooltip says for whom and why). ``phases`` are
    campaign dates drawn as labelled dashed rules, e.g. ``[("2024-10-15", "debate")]``.
    """
    what = "metric_over_time_chart"
    df = _results(results, what).filter(pl.col("metric") == metric)
    if df.is_empty():
        raise ChartInputError(f"{what}: the results have no rows for metric {metric!r}")
    starts = {p: period_start(p) for p in df["period"].unique().to_list()}
    bad = [p for p, s in starts.items() if s is None]
    if bad:
        raise ChartInputError(
            f"{what}: period labels {bad[:3]} are not dates; use compute(archive, period='W') "
            "(labels such as '2024-09-02' or '2024-W36')"
        )
    df = df.with_columns(
        pl.col("period").replace_strict(starts, return_dtype=pl.Datetime("us", "UTC")).alias("week")
    )
    unit, metric_title = None, metric.replace("_", " ")
    try:
        cat = _catalog(catalog, what).filter(pl.col("name") == metric)
    except ChartInputError:
        cat = pl.DataFrame()
    if cat.height:
        unit, metric_title = cat["unit"][0], cat["title"][0]
    df = _tooltip_frame(labelled(df, accounts), unit).with_columns(
        pl.when(pl.col("ok")).then(pl.col("value")).alias("value")
    )
    # An account with no week available at all is named in the subtitle instead
    # of drawing a row of "n/a" along the whole chart.
    never = df.group_by("label").agg(pl.col("ok").any().alias("any_ok")).filter(~pl.col("any_ok"))
    never_lines: list[str] = []
    if never.height:
        reasons = (
            df.filter(pl.col("label").is_in(never["label"].implode()))
            .group_by("label")
            .agg(
                not_available_reason(pl.col("status"))
                .drop_nulls()
                .first()
                .fill_null("")
                .alias("why")
            )
            .group_by("why")
            # non-breaking spaces keep each name on one subtitle line
            .agg(pl.col("label").sort().str.replace_all(" ", "\u00a0").str.join(", "))
            .sort("why")
        )
        for why, who in reasons.rows():
            never_lines += wrap(f"not available for {who}{f': {why}' if why else ''}")
        df = df.filter(~pl.col("label").is_in(never["label"].implode()))
    if df.is_empty():
        raise ChartInputError(f"{what}: {metric!r} is not available in any period ({never_lines})")
    # Weeks before an account's first and after its last available week are
    # outside what its data cover: not drawn, not flagged.
    span = (
        df.filter(pl.col("ok"))
        .group_by("label")
        .agg(pl.col("week").min().alias("_first"), pl.col("week").max().alias("_last"))
    )
    df = (
        df.join(span, on="label")
        .filter(pl.col("week").is_between(pl.col("_first"), pl.col("_last")))
        .drop("_first", "_last")
    )
    style = series(df, accounts)
    share = is_share(unit)
    bounds = unit_bounds(unit)
    if share:
        y_scale = Scale(domain=[0, 1], nice=False)
    elif bounds is not None:
        y_scale = Scale(domain=list(bounds), nice=False)
    else:
        y_scale = Scale(zero=True, nice=True)
    y_axis = Axis(format="%" if share else ",~f", title=(None if share else unit), tickCount=5)
    x = alt.X(
        "week:T",
        scale=Scale(type="utc"),
        axis=week_axis(df["week"].to_list()),
    )
    data = df.select(
        "week", "label", "value", "ci_low", "ci_high", "n", "estimate", "interval"
    ).sort("label", "week")
    tips = [
        alt.Tooltip("label:N", title="account"),
        alt.Tooltip("week:T", title="week of", format="%-d %b %Y", timeUnit="utcyearmonthdate"),
        alt.Tooltip("estimate:N", title="estimate"),
        alt.Tooltip("interval:N", title="95% interval"),
        alt.Tooltip("n:Q", title="n", format=","),
    ]
    base = alt.Chart(data)
    layers = [
        base.transform_filter(
            "isValid(datum.ci_low) && isValid(datum.ci_high) && isValid(datum.value)"
        )
        .mark_rule(strokeWidth=2, opacity=0.45)
        .encode(
            x=x,
            y=alt.Y("ci_low:Q", scale=y_scale, axis=y_axis),
            y2=alt.Y2("ci_high:Q"),
            color=style.color(),
        ),
        base.mark_line(strokeWidth=2, invalid="break-paths-show-domains").encode(
            x=x,
            y=alt.Y("value:Q", scale=y_scale, axis=y_axis),
            color=style.color(),
            strokeDash=style.dash(),
        ),
        base.transform_filter("isValid(datum.value)")
        .mark_point(filled=True, size=45, opacity=1)
        .encode(
            x=x,
            y=alt.Y("value:Q", scale=y_scale),
            color=style.color(),
            shape=style.shape(),
            tooltip=tips,
        ),
    ]
    na = df.filter(~pl.col("ok"))
    if na.height:
        na_weeks = (
            na.group_by("week")
            .agg(
                pl.concat_str(
                    [
                        pl.col("label"),
                        pl.lit(" ("),
                        not_available_reason(pl.col("status")),
                        pl.lit(")"),
                    ]
                )
                .sort()
                .str.join("; ")
                .alias("who")
            )
            .sort("week")
        )
        layers.append(
            alt.Chart(na_weeks)
            .mark_text(**na_text(baseline="top", fontStyle="normal", fontSize=13), text="×")
            .encode(
                x=x,
                y=alt.YValue(4),
                tooltip=[
                    alt.Tooltip(
                        "week:T", title="week of", format="%-d %b %Y", timeUnit="utcyearmonthdate"
                    ),
                    alt.Tooltip("who:N", title="not available"),
                ],
            )
        )
    if phases:
        when = [period_start(d) for d, _ in phases]
        if any(w is None for w in when):
            raise ChartInputError(
                f"{what}: phase dates must be dates, got {[d for d, _ in phases]}"
            )
        lo = min([*df["week"].to_list(), *when])
        hi = max([*df["week"].to_list(), *when])
        # labels right of their rule, except in the last third, where they would leave the plot
        right = [(w - lo) > (hi - lo) * 2 / 3 for w in when]
        ph = pl.DataFrame(
            {"when": when, "phase": [str(lbl) for _, lbl in phases], "side": right},
            schema={"when": pl.Datetime("us", "UTC"), "phase": pl.Utf8, "side": pl.Boolean},
        )
        xp = alt.X("when:T", scale=Scale(type="utc"))
        layers.append(
            alt.Chart(ph.select("when"))
            .mark_rule(strokeDash=[4, 3], color=FAINT, strokeWidth=1.2)
            .encode(x=xp)
        )
        for at_right, align, dx in ((False, "left", 4), (True, "right", -4)):
            part = ph.filter(pl.col("side") == at_right).select("when", "phase")
            if part.height:
                layers.append(
                    alt.Chart(part)
                    .mark_text(align=align, baseline="top", dx=dx, dy=4, fontSize=11, color=MUTED)
                    .encode(x=xp, y=alt.YValue(0), text=alt.Text("phase:N"))
                )
    n_weeks = df["week"].n_unique()
    chart = layer(*layers, width=min(900, max(560, 12 * n_weeks)), height=260)
    hint = "weekly estimate with 95% interval" + (
        " · gaps and × along the top: weeks not available" if na.height else ""
    )
    sub = subtitle_lines(credit, hint, subtitle)
    if subtitle is None:
        sub += never_lines
    return finish(
        chart,
        title=title or f"{metric_title}, week by week",
        subtitle=sub,
        credit=credit,
    )


__all__ = [
    "is_share",
    "metric_over_time_chart",
    "period_start",
    "post_and_run_chart",
    "scorecard_chart",
]
