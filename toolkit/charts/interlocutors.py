"""Who the accounts talk with: top interlocutors and the Lorenz curve of replies."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import altair as alt
import polars as pl

from toolkit.charts._frames import (
    IDENTITY,
    ChartInputError,
    facet_chart,
    finish,
    header_colours,
    labelled,
    layer,
    require,
    series,
    subtitle_lines,
)
from toolkit.charts._lean import Axis, Header, Legend, Scale, built_unchecked
from toolkit.charts.theme import FAINT, MUTED

INTERLOCUTOR_COLUMNS = (
    *IDENTITY,
    "interlocutor",
    "replies_to",
    "replies_from",
    "mentions",
    "both_directions",
)

Pseudonymiser = Mapping[str, str] | Callable[[str], str]


def _pseudonymise(names: pl.Series, pseudonymise: Pseudonymiser | None) -> pl.Series:
    """Apply a mapping (handles not in it are kept: pass every private person) or a function."""
    if pseudonymise is None:
        return names
    if callable(pseudonymise) and not isinstance(pseudonymise, Mapping):
        return names.map_elements(lambda h: pseudonymise(h), return_dtype=pl.Utf8)
    mapping = dict(pseudonymise)
    return names.replace(mapping)


@built_unchecked
def interlocutors_chart(
    interlocutors: pl.DataFrame,
    accounts: pl.DataFrame | None,
    credit: str | None = None,
    *,
    top: int = 10,
    pseudonymise: Pseudonymiser | None = None,
    title: str = "Who each account talks with",
    subtitle: str | Sequence[str] | None = None,
) -> alt.VConcatChart:
    """The ``top`` people each account engaged most: replies to them and mentions of them.

    ``interlocutors`` is ``toolkit.metrics.interlocutors(archive)``. Bars are the
    account's replies to the person (solid) and mentions of them (light); the
    number after a bar, ``← 4``, counts that person's replies back. Only the top
    rows are embedded in the chart, whatever the size of the frame.

    Parameters
    ----------
    pseudonymise
        a mapping handle -> pseudonym (e.g. from the report's pseudonymiser;
        handles not in it are shown as they are) or a function of the handle.
    """
    what = "interlocutors_chart"
    df = require(
        interlocutors,
        INTERLOCUTOR_COLUMNS,
        what=what,
        producer="toolkit.metrics.interlocutors(archive)",
    )
    if top < 1:
        raise ChartInputError(f"{what}: top must be at least 1, got {top}")
    df = labelled(df, accounts).with_columns(
        pl.col("replies_to", "replies_from", "mentions").fill_null(0).cast(pl.Int64),
    )
    df = df.with_columns((pl.col("replies_to") + pl.col("mentions")).alias("engaged")).filter(
        pl.col("engaged") > 0
    )
    if df.is_empty():
        raise ChartInputError(f"{what}: no account replied to or mentioned anyone in these data")
    df = (
        df.sort(
            ["label", "engaged", "replies_from", "interlocutor"],
            descending=[False, True, True, False],
        )
        .with_columns(pl.int_range(pl.len()).over("label").alias("rank"))
        .filter(pl.col("rank") < top)
    )
    df = df.with_columns(_pseudonymise(df["interlocutor"], pseudonymise).alias("who"))
    style = series(df, accounts)
    # One dataset for both layers (a faceted layer needs it): a row per bar
    # segment; the first segment of each person also carries the "← n" text.
    long = (
        df.select("label", "who", "rank", "replies_to", "mentions", "replies_from", "engaged")
        .unpivot(
            on=["replies_to", "mentions"],
            index=["label", "who", "rank", "replies_from", "engaged"],
            variable_name="kind",
            value_name="count",
        )
        .filter(pl.col("count") > 0)
        .sort("label", "rank", "kind", descending=[False, False, True])
        .with_columns(
            pl.col("kind").replace_strict(
                {"replies_to": "replies to them", "mentions": "mentions of them"}
            ),
            pl.when(
                (pl.int_range(pl.len()).over("label", "who") == 0) & (pl.col("replies_from") > 0)
            )
            .then(pl.format("← {}", pl.col("replies_from")))
            .otherwise(pl.lit(""))
            .alias("back"),
        )
    )
    y = alt.Y(
        "who:N",
        sort=alt.EncodingSortField("rank", op="min", order="ascending"),
        title=None,
        axis=Axis(labelLimit=200),
    )
    x_scale = Scale(zero=True, nice=True)
    # both layers carry the same axis, or Vega-Lite merges them into a default one
    x_axis = Axis(format="~s", tickMinStep=1, title="replies and mentions by the account")
    # the layers have no data of their own: the facet around them carries it
    bars = (
        alt.Chart()
        .mark_bar(height={"band": 0.75})
        .encode(
            x=alt.X(
                "count:Q",
                stack="zero",
                scale=x_scale,
                axis=x_axis,
            ),
            y=y,
            color=style.color(legend=None),
            opacity=alt.Opacity(
                "kind:N",
                scale=Scale(domain=["replies to them", "mentions of them"], range=[1.0, 0.4]),
                title=None,
                legend=Legend(orient="right", symbolType="square", symbolFillColor="#555555"),
            ),
            order=alt.Order("kind:N", sort="descending"),
            tooltip=[
                alt.Tooltip("label:N", title="account"),
                alt.Tooltip("who:N", title="interlocutor"),
                alt.Tooltip("kind:N"),
                alt.Tooltip("count:Q", format=","),
                alt.Tooltip("replies_from:Q", title="their replies to the account", format=","),
            ],
        )
    )
    text = (
        alt.Chart()
        .transform_filter("datum.back != ''")
        .mark_text(align="left", dx=5, fontSize=11, color=MUTED)
        .encode(x=alt.X("engaged:Q", scale=x_scale, axis=x_axis), y=y, text=alt.Text("back:N"))
    )
    panels = sorted(df["label"].unique().to_list())
    # what alt.layer(...).properties(...).facet(...).resolve_scale(...) builds, without its copies
    row = alt.Row(
        "label:N",
        sort=panels,
        title=None,
        header=Header(
            labelAngle=0,
            labelOrient="top",
            labelAnchor="start",
            labelPadding=4,
            labelColor=header_colours(style.colour_of(), "label"),
        ),
    )
    facet = facet_chart(
        long,
        layer(bars, text, width=360, height=alt.Step(20)),
        row=row,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(x="independent", y="independent")),
    )
    hint = f"top {top} by replies and mentions · ← n: their replies to the account"
    if pseudonymise is not None:
        hint += " · private handles pseudonymised"
    return finish(
        facet, title=title, subtitle=subtitle_lines(credit, hint, subtitle), credit=credit
    )


@built_unchecked
def lorenz_chart(
    interlocutors: pl.DataFrame,
    accounts: pl.DataFrame | None,
    credit: str | None = None,
    *,
    max_points: int = 300,
    title: str = "How evenly each account spreads its replies",
    subtitle: str | Sequence[str] | None = None,
) -> alt.VConcatChart:
    """Lorenz curve of each account's replies over the people it replied to.

    People are ordered from fewest to most replies received from the account;
    the curve gives the share of the account's replies (y) that went to the
    bottom x % of them. The diagonal is "the same number of replies to
    everyone"; the further below it, the more replies go to a few people.
    Series are thinned to about ``max_points`` vertices.
    """
    what = "lorenz_chart"
    df = require(
        interlocutors,
        INTERLOCUTOR_COLUMNS,
        what=what,
        producer="toolkit.metrics.interlocutors(archive)",
    )
    df = labelled(df, accounts).filter(pl.col("replies_to").fill_null(0) > 0)
    if df.is_empty():
        raise ChartInputError(f"{what}: no account replied to anyone in these data")
    curves = (
        df.select("label", pl.col("replies_to").cast(pl.Float64))
        .sort("label", "replies_to")
        .with_columns(
            ((pl.int_range(pl.len()).over("label") + 1) / pl.len().over("label")).alias("people"),
            (
                pl.col("replies_to").cum_sum().over("label")
                / pl.col("replies_to").sum().over("label")
            ).alias("replies"),
            pl.len().over("label").alias("interlocutors"),
            pl.int_range(pl.len()).over("label").alias("_i"),
        )
    )
    # thin: keep about max_points vertices per account, always the last one
    curves = curves.filter(
        (pl.col("interlocutors") <= max_points)
        | ((pl.col("_i") * max_points) % pl.col("interlocutors") < max_points)
        | (pl.col("_i") == pl.col("interlocutors") - 1)
    )
    style = series(df, accounts)
    origin = (
        df.select("label")
        .unique()
        .with_columns(
            pl.lit(0.0).alias("people"),
            pl.lit(0.0).alias("replies"),
            pl.lit(None, pl.UInt32).alias("interlocutors"),
        )
    )
    data = (
        pl.concat(
            [
                origin,
                curves.select(
                    "label", "people", "replies", pl.col("interlocutors").cast(pl.UInt32)
                ),
            ],
            how="vertical_relaxed",
        )
        .with_columns(pl.col("interlocutors").max().over("label").cast(pl.Int64))
        .sort("label", "people", "replies")
    )
    scale = Scale(domain=[0, 1], nice=False)
    diagonal = pl.DataFrame({"people": [0.0, 1.0], "replies": [0.0, 1.0]})
    layers = [
        alt.Chart(diagonal)
        .mark_line(strokeDash=[4, 3], color=FAINT, strokeWidth=1.2)
        .encode(x=alt.X("people:Q", scale=scale), y=alt.Y("replies:Q", scale=scale)),
        alt.Chart(
            pl.DataFrame(
                {"people": [0.52], "replies": [0.56], "what": ["equal replies to everyone"]}
            )
        )
        .mark_text(angle=0, align="right", baseline="bottom", fontSize=11, color=MUTED, dx=-6)
        .encode(
            x=alt.X("people:Q", scale=scale),
            y=alt.Y("replies:Q", scale=scale),
            text=alt.Text("what:N"),
        ),
        alt.Chart(data)
        .mark_line(strokeWidth=2.2)
        .encode(
            x=alt.X(
                "people:Q",
                scale=scale,
                axis=Axis(
                    format="%",
                    values=[0, 0.25, 0.5, 0.75, 1],
                    title="share of people replied to (fewest replies first)",
                ),
            ),
            y=alt.Y(
                "replies:Q",
                scale=scale,
                axis=Axis(
                    format="%",
                    values=[0, 0.25, 0.5, 0.75, 1],
                    title="share of the account's replies",
                ),
            ),
            color=style.color(legend=Legend(symbolType="stroke", symbolStrokeWidth=3)),
            strokeDash=style.dash(),
            order=alt.Order("people:Q"),
            tooltip=[
                alt.Tooltip("label:N", title="account"),
                alt.Tooltip("people:Q", title="bottom share of people", format=".0%"),
                alt.Tooltip("replies:Q", title="share of replies", format=".0%"),
                alt.Tooltip("interlocutors:Q", title="people replied to", format=","),
            ],
        ),
    ]
    chart = layer(*layers, width=340, height=340)
    hint = "the further below the diagonal, the more replies go to a few people"
    return finish(
        chart, title=title, subtitle=subtitle_lines(credit, hint, subtitle), credit=credit
    )


__all__ = ["interlocutors_chart", "lorenz_chart"]
