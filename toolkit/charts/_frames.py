"""Plumbing shared by the chart functions: input checks, account labels, the frame around a chart."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import polars as pl

from toolkit.charts import _spec
from toolkit.charts._lean import Scale, TitleParams
from toolkit.charts.theme import (
    DASHES,
    FAINT,
    INK,
    MUTED,
    PLATFORM_NAMES,
    SHAPES,
    TOOL_NAME,
    account_colours,
    config,
)
from toolkit.errors import ToolkitError

IDENTITY = ("person", "display_name", "platform", "account")


class ChartInputError(ToolkitError, ValueError):
    """A frame handed to a chart function lacks the columns or values the chart draws."""


def as_frame(frame: Any, *, what: str) -> pl.DataFrame:
    """A Polars DataFrame from a DataFrame, LazyFrame (collected) or pandas frame."""
    if isinstance(frame, pl.LazyFrame):
        return frame.collect()
    if isinstance(frame, pl.DataFrame):
        return frame
    if frame is not None and type(frame).__module__.startswith("pandas"):
        return pl.from_pandas(frame)
    raise ChartInputError(f"{what}: expected a Polars DataFrame, got {type(frame).__name__}")


def require(frame: Any, columns: Sequence[str], *, what: str, producer: str) -> pl.DataFrame:
    """Check ``frame`` has ``columns``; the error names the function that makes such a frame."""
    df = as_frame(frame, what=what)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ChartInputError(
            f"{what}: the frame lacks column(s) {missing}; expected the output of {producer} "
            f"(columns {list(columns)}), got columns {df.columns}"
        )
    return df


def labelled(frame: pl.DataFrame, accounts: pl.DataFrame | None) -> pl.DataFrame:
    """Add ``name`` (display name, the colour key) and ``label`` (one per series drawn).

    ``label`` is the display name, extended with the platform (and then the
    handle) only where one person has several series in ``frame``, e.g. the
    same candidate on Twitter and on Mastodon.
    """
    cols = frame.columns
    platform = pl.col("platform").cast(pl.Utf8) if "platform" in cols else pl.lit(None, pl.Utf8)
    account = pl.col("account").cast(pl.Utf8) if "account" in cols else pl.lit(None, pl.Utf8)
    person = pl.col("person").cast(pl.Utf8) if "person" in cols else pl.lit(None, pl.Utf8)
    given = (
        pl.col("display_name").cast(pl.Utf8) if "display_name" in cols else pl.lit(None, pl.Utf8)
    )
    df = frame.with_columns(platform.alias("_platform"), account.alias("_account"))
    if accounts is not None and {"platform", "account", "display_name"} <= set(accounts.columns):
        lookup = (
            accounts.select(
                pl.col("platform").cast(pl.Utf8).alias("_platform"),
                pl.col("account").cast(pl.Utf8).alias("_account"),
                pl.col("display_name").cast(pl.Utf8).alias("_looked_up"),
            )
            .filter(pl.col("_looked_up").is_not_null())
            .unique(subset=["_platform", "_account"], keep="first")
        )
        df = df.join(lookup, on=["_platform", "_account"], how="left")
    else:
        df = df.with_columns(pl.lit(None, pl.Utf8).alias("_looked_up"))
    df = df.with_columns(
        pl.coalesce(
            given, pl.col("_looked_up"), person, pl.col("_account"), pl.lit("all accounts")
        ).alias("name")
    )
    key = pl.concat_str(
        [pl.col("_platform").fill_null(""), pl.lit("\x00"), pl.col("_account").fill_null("")]
    )
    pretty = pl.col("_platform").replace_strict(PLATFORM_NAMES, default=pl.col("_platform"))
    df = df.with_columns(
        pl.when(key.n_unique().over("name") > 1)
        .then(pl.concat_str([pl.lit(" · "), pretty.fill_null("all platforms")]))
        .otherwise(pl.lit(""))
        .alias("_suffix")
    )
    df = df.with_columns(
        pl.when(key.n_unique().over("name", "_suffix") > 1)
        .then(pl.concat_str([pl.col("_suffix"), pl.lit(" @"), pl.col("_account").fill_null("")]))
        .otherwise(pl.col("_suffix"))
        .alias("_suffix")
    )
    # Shorten the name, never the suffix that tells a person's accounts apart
    # (axis and legend would cut the end of a long label).
    key = pl.concat_str([pl.col("name"), pl.lit("\x00"), pl.col("_suffix")])
    short = {
        f"{n}\x00{sfx}": shorten(n, MAX_LABEL - len(sfx)) + sfx
        for n, sfx in df.select("name", "_suffix").unique().iter_rows()
    }
    df = df.with_columns(key.replace_strict(short, return_dtype=pl.Utf8).alias("label"))
    return df.drop("_platform", "_account", "_looked_up", "_suffix")


#: Longest series label, in characters (about 260 px of 12 px text).
MAX_LABEL = 40


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (at least 12 kept).

    Examples
    --------
    >>> shorten("Kestrel & Lune Analytics (Maëlle Dubois-Kowalczyk)", 30)
    'Kestrel & Lune Analytics (Maë…'
    """
    width = max(width, 12)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@dataclass(frozen=True)
class Series:
    """How each series (``label``) is drawn: its person's colour, then a shape and a dash.

    The first series of a person is a circle / solid line; a second one of the
    same person (another platform) a square / dashed line, and so on. Colour,
    shape and dash all encode ``label``, so Vega-Lite draws one legend.
    """

    labels: list[str]
    colours: list[str]
    shapes: list[str]
    dashes: list[list[float]]

    def color(self, *, legend: Any = alt.Undefined, field: str = "label") -> alt.Color:
        return alt.Color(
            f"{field}:N",
            scale=Scale(domain=self.labels, range=self.colours),
            title=None,
            legend=legend,
        )

    def fill(self, *, legend: Any = None) -> alt.Fill:
        return alt.Fill(
            "label:N",
            scale=Scale(domain=self.labels, range=self.colours),
            title=None,
            legend=legend,
        )

    def shape(self, *, legend: Any = alt.Undefined) -> alt.Shape:
        return alt.Shape(
            "label:N",
            scale=Scale(domain=self.labels, range=self.shapes),
            title=None,
            legend=legend,
        )

    def dash(self, *, legend: Any = alt.Undefined) -> alt.StrokeDash:
        return alt.StrokeDash(
            "label:N",
            scale=Scale(domain=self.labels, range=self.dashes),
            title=None,
            legend=legend,
        )

    @property
    def several_per_person(self) -> bool:
        return len(set(self.shapes)) > 1

    def colour_of(self) -> dict[str, str]:
        return dict(zip(self.labels, self.colours, strict=True))


def series(df: pl.DataFrame, accounts: pl.DataFrame | None) -> Series:
    """The :class:`Series` of a :func:`labelled` frame; colours from :func:`account_colours`."""
    pairs = df.select("label", "name").unique().sort("label").rows()
    names, colours = account_colours(accounts, [n for _, n in pairs])
    colour_of = dict(zip(names, colours, strict=True))
    seen: dict[str, int] = {}
    out_c, out_s, out_d = [], [], []
    for _, name in pairs:
        k = seen.get(name, 0)
        seen[name] = k + 1
        out_c.append(colour_of[name])
        out_s.append(SHAPES[k % len(SHAPES)])
        out_d.append(list(DASHES[k % len(DASHES)]))
    return Series([lbl for lbl, _ in pairs], out_c, out_s, out_d)


def readable(colour: str) -> str:
    """A colour dark enough for text on white: light ones (yellow, sky blue) are darkened.

    Examples
    --------
    >>> readable("#0072B2"), readable("#F0E442")
    ('#0072B2', '#736e20')
    """
    h = colour.lstrip("#")
    if len(h) != 6:
        return colour
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
    if luminance <= 0.55:
        return colour
    k = 0.55 / luminance * 0.75
    return "#" + "".join(f"{round(c * k):02x}" for c in (r, g, b))


def header_colours(colours: dict[str, str], field: str) -> dict[str, str]:
    """``labelColor`` of a facet header: each panel's title in its account's colour.

    Vega evaluates a header title's colour with the facet group as ``parent``.
    """
    pairs = ", ".join(
        f"{json.dumps(k)}: {json.dumps(readable(v))}" for k, v in sorted(colours.items())
    )
    return {"expr": f"({{{pairs}}})[parent[{json.dumps(field)}]] || {json.dumps(INK)}"}


def subtitle_lines(
    credit: Any, hint: str | None, subtitle: str | Sequence[str] | None
) -> list[str]:
    """The period (from a :class:`~toolkit.charts.theme.Credit`) and a reading hint."""
    if subtitle is not None:
        return [subtitle] if isinstance(subtitle, str) else list(subtitle)
    period = getattr(credit, "period", None)
    first = " · ".join(p for p in (period, hint) if p)
    return [first] if first else []


class _LayerChart(alt.LayerChart):
    """``alt.LayerChart`` minus the defensive copies, for the charts built here.

    Altair deep-copies every sub-chart whenever it layers or concatenates charts
    (to lift selection parameters and shared data), and again each time such a
    chart is copied, which ``properties()`` and ``to_dict()`` do: a nested
    composition costs quadratically (the scorecard took over a second on the
    sample). No chart here has parameters, so the sub-charts are kept as given.
    """

    def __init__(self, data: Any = alt.Undefined, layer: Sequence[Any] = (), **kwargs: Any):
        super(alt.LayerChart, self).__init__(data=data, layer=list(layer), **kwargs)


class _FacetChart(alt.FacetChart):
    """``alt.FacetChart`` minus the defensive copies (see :class:`_LayerChart`)."""

    def __init__(self, data: Any = alt.Undefined, spec: Any = alt.Undefined, **kwargs: Any):
        super(alt.FacetChart, self).__init__(data=data, spec=spec, **kwargs)


class _VConcatChart(alt.VConcatChart):
    """``alt.VConcatChart`` minus the defensive copies (see :class:`_LayerChart`).

    Every chart function returns one (:func:`finish`). Its ``to_dict`` does not
    validate the spec against the Vega-Lite schema unless asked
    (``to_dict(validate=True)``): the chart functions are tested to give valid
    specs, and validating costs more than building (~0.3 s for the scorecard, at
    every widget change). ``save`` and the report are unaffected. Without
    validation, the spec is written by :func:`toolkit.charts._spec.chart_dict`
    (Altair's result, in a fraction of the time).
    """

    def __init__(self, data: Any = alt.Undefined, vconcat: Sequence[Any] = (), **kwargs: Any):
        super(alt.VConcatChart, self).__init__(data=data, vconcat=list(vconcat), **kwargs)

    @_spec.same_as_altair
    def to_dict(
        self,
        validate: bool = False,
        *,
        format: str = "vega-lite",
        ignore: list[str] | None = None,
        context: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        if not validate and format == "vega-lite" and not ignore and _spec.enabled():
            return _spec.chart_dict(self, context)
        return super().to_dict(validate, format=format, ignore=ignore, context=context)


def layer(*charts: alt.Chart, **props: Any) -> alt.LayerChart:
    """``alt.layer(*charts).properties(**props)``, without Altair's copies (:class:`_LayerChart`).

    The charts are used as they are, so do not change them afterwards. Unlike
    ``alt.layer``, data shared by every layer is not lifted to the layer chart:
    to facet layers, give them no data and the facet the data (:func:`facet_chart`).
    """
    return _LayerChart(layer=charts, **props)


def facet_chart(
    data: Any, spec: alt.TopLevelMixin, *, row: Any = alt.Undefined, **props: Any
) -> alt.FacetChart:
    """``spec.facet(row=row, data=data)`` with ``props`` (e.g. ``resolve``), without Altair's copies.

    ``spec`` (a chart or :func:`layer` without data) is used as it is. Same spec
    as ``alt.layer(a, b).properties(...).facet(row=...).resolve_scale(...)`` when
    ``a`` and ``b`` share ``data``.
    """
    return _FacetChart(data=data, spec=spec, facet=alt.FacetMapping(row=row), **props)


def vconcat(*charts: alt.TopLevelMixin, **props: Any) -> alt.VConcatChart:
    """``alt.vconcat(*charts, **props)``, without Altair's copies (:class:`_VConcatChart`)."""
    return _VConcatChart(vconcat=charts, **props)


def finish(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    subtitle: list[str],
    credit: Any,
) -> alt.VConcatChart:
    """Title and subtitle above, credit line below, theme config applied locally.

    The credit is the bottom-oriented title of a one-view vertical concatenation,
    so it sits under any chart (single view, layer, facet or concat) without data.
    """
    text = str(credit) if credit else f"Chart: {TOOL_NAME}"
    # the chart is ours, fresh from a chart function: titled in place (a copy would
    # deep-copy every sub-chart)
    chart.title = TitleParams(text=title, subtitle=subtitle or alt.Undefined, anchor="start")
    # Scales (so legends) stay with the chart, not the one-view concat around it:
    # a legend then sits next to the plot, not beyond the end of a long subtitle.
    channels = ("color", "fill", "shape", "strokeDash", "opacity")
    out = vconcat(
        chart,
        title=TitleParams(
            text=text,
            orient="bottom",
            anchor="start",
            fontSize=11,
            fontWeight="normal",
            color=MUTED,
            offset=16,
        ),
        resolve=alt.Resolve(
            scale=alt.ScaleResolveMap(**dict.fromkeys(channels, "independent")),
            legend=alt.LegendResolveMap(**dict.fromkeys(channels, "independent")),
        ),
    )
    out.config = alt.Config(**config())
    return out


def not_available_reason(status: pl.Expr) -> pl.Expr:
    """'not available: no replies from others' -> 'no replies from others' (tooltips)."""
    return status.str.replace(r"^not available:?\s*", "").str.strip_chars()


def na_text(**kwargs: Any) -> dict[str, Any]:
    """Mark properties of a 'not available' text marker."""
    return {"fontStyle": "italic", "color": FAINT, "fontSize": 11, **kwargs}


def unique_sorted(values: Sequence[Any]) -> list[Any]:
    return sorted({v for v in values if v is not None})
