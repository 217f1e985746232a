"""What accounts post, with which apps, when: post mix, clients, rhythm, weekly volume."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from toolkit.charts._frames import (
    IDENTITY,
    ChartInputError,
    finish,
    header_colours,
    labelled,
    layer,
    require,
    series,
    subtitle_lines,
)
from toolkit.charts._lean import Axis, Header, Legend, Scale, built_unchecked

#: Post-mix categories, left to right: conversation first, so the bars share a
#: baseline for the share that matters most; broadcasting last.
MIX_CATEGORIES: tuple[str, ...] = ("reply to others", "self-thread", "original", "quote", "repost")
MIX_COLOURS: tuple[str, ...] = ("#009E73", "#8FD3BE", "#56B4E9", "#E69F00", "#BDBDBD")

#: Client categories: people at a device first, then automation, then the rest.
CLIENT_CATEGORIES: tuple[str, ...] = (
    "phone",
    "web",
    "API",
    "scheduler",
    "feed",
    "cross-post",
    "other",
    "unknown",
)
CLIENT_COLOURS: tuple[str, ...] = (
    "#0072B2",
    "#56B4E9",
    "#CC79A7",
    "#E69F00",
    "#D55E00",
    "#F0E442",
    "#9E9E9E",
    "#DDDDDD",
)
# segments this dark get white labels
_DARK = {"#0072B2", "#009E73", "#D55E00", "#CC79A7"}

WEEKDAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EMPTY_CELL = "#f3f3f3"


def _stacked_shares(
    df: pl.DataFrame,
    accounts: pl.DataFrame | None,
    *,
    categories: Sequence[str],
    colours: Sequence[str],
    baseline: Sequence[str],
    legend_title: str,
    x_title: str,
    what: str,
) -> alt.LayerChart:
    """Stacked 100 % bars of ``share`` by ``category``, one bar per account.

    Bars are sorted by the summed share of the ``baseline`` categories (the ones
    drawn from the left edge), largest first; segments of 7 % or more carry
    their percentage.
    """
    unknown = sorted(set(df["category"].drop_nulls().unique().to_list()) - set(categories))
    if unknown:
        raise ChartInputError(
            f"{what}: unknown categor(y/ies) {unknown}; expected {list(categories)}"
        )
    df = labelled(df, accounts).filter(pl.col("share").is_not_null() & (pl.col("share") > 0))
    rank = {c: i for i, c in enumerate(categories)}
    df = df.with_columns(
        pl.col("category").replace_strict(rank, return_dtype=pl.Int64).alias("rank")
    ).sort("label", "rank")
    totals = df.group_by("label").agg(pl.col("share").sum().alias("_total"))
    df = (
        df.join(totals, on="label")
        .with_columns((pl.col("share") / pl.col("_total")).alias("share"))
        .with_columns(
            (pl.col("share").cum_sum().over("label") - pl.col("share") / 2).alias("mid"),
            pl.col("category").is_in(list(baseline)).alias("_base"),
        )
    )
    order = (
        df.group_by("label")
        .agg((pl.col("share") * pl.col("_base")).sum().alias("_b"))
        .sort(["_b", "label"], descending=[True, False])["label"]
        .to_list()
    )
    text_colour = {
        c: ("white" if col in _DARK else "#222222")
        for c, col in zip(categories, colours, strict=True)
    }
    df = df.with_columns(
        pl.when(pl.col("share") >= 0.07)
        .then((pl.col("share") * 100).round(0).cast(pl.Int64).cast(pl.Utf8) + "%")
        .otherwise(pl.lit(""))
        .alias("pct"),
        pl.col("category").replace_strict(text_colour, return_dtype=pl.Utf8).alias("ink"),
    )
    style = series(df, accounts)
    data = df.select("label", "category", "rank", "n", "share", "mid", "pct", "ink")
    y = alt.Y(
        "label:N",
        sort=order,
        scale=Scale(domain=order),
        axis=Axis(title=None, labelPadding=20),
    )
    x_scale = Scale(domain=[0, 1], nice=False)
    bars = (
        alt.Chart(data)
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                "share:Q",
                stack="zero",
                scale=x_scale,
                axis=Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1], title=x_title, grid=False),
            ),
            y=y,
            color=alt.Color(
                "category:N",
                scale=Scale(domain=list(categories), range=list(colours)),
                sort=list(categories),
                legend=Legend(
                    title=legend_title,
                    orient="top",
                    direction="horizontal",
                    columns=len(categories),
                ),
            ),
            order=alt.Order("rank:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("label:N", title="account"),
                alt.Tooltip("category:N"),
                alt.Tooltip("share:Q", format=".1%"),
                alt.Tooltip("n:Q", title="items", format=","),
            ],
        )
    )
    pct = (
        alt.Chart(data.filter(pl.col("pct") != "").select("label", "mid", "pct", "ink"))
        .mark_text(fontSize=11, baseline="middle")
        .encode(
            x=alt.X("mid:Q", scale=x_scale),
            y=y,
            text=alt.Text("pct:N"),
            color=alt.Color("ink:N", scale=None),
        )
    )
    # A dot in the account's colour next to its name ties the bars to the other charts.
    key = (
        alt.Chart(data.unique(subset="label", maintain_order=True).select("label"))
        .mark_point(filled=True, size=90, opacity=1)
        .encode(
            x=alt.XValue(-9),
            y=y,
            fill=style.fill(),
            shape=style.shape(legend=None),
            stroke=alt.StrokeValue("white"),
        )
    )
    return layer(
        bars,
        pct,
        key,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent")),
        width=520,
        height=alt.Step(34),
    )


@built_unchecked
def post_mix_chart(
    mix: pl.DataFrame,
    accounts: pl.DataFrame | None,
    credit: str | None = None,
    *,
    title: str = "What each account posts",
    subtitle: str | Sequence[str] | None = None,
) -> alt.VConcatChart:
    """Stacked 100 % bars: reply to others / self-thread / original / quote / repost per account.

    ``mix`` is ``toolkit.metrics.post_mix(archive)``. Accounts are sorted by
    their share of replies to others (the segment drawn from the left edge).
    """
    what = "post_mix_chart"
    df = require(
        mix,
        (*IDENTITY, "category", "n", "share"),
        what=what,
        producer="toolkit.metrics.post_mix(archive)",
    )
    chart = _stacked_shares(
        df,
        accounts,
        categories=MIX_CATEGORIES,
        colours=MIX_COLOURS,
        baseline=("reply to others",),
        legend_title=None,
        x_title="share of the account's own items",
        what=what,
    )
    hint = "sorted by the share of replies to other people"
    return finish(
        chart, title=title, subtitle=subtitle_lines(credit, hint, subtitle), credit=credit
    )


@built_unchecked
def clients_chart(
    clients: pl.DataFrame,
    accounts: pl.DataFrame | None,
    credit: str | None = None,
    *,
    title: str = "Which apps publish the posts",
    subtitle: str | Sequence[str] | None = None,
) -> alt.VConcatChart:
    """Share of posts by client category (phone, web, API, scheduler, feed, cross-post...) per account.

    ``clients`` is ``toolkit.metrics.clients(archive)``. Accounts are sorted by
    the share posted from a phone or the web, i.e. by a person at a device.
    """
    what = "clients_chart"
    df = require(
        clients,
        (*IDENTITY, "category", "n", "share"),
        what=what,
        producer="toolkit.metrics.clients(archive)",
    )
    chart = _stacked_shares(
        df,
        accounts,
        categories=CLIENT_CATEGORIES,
        colours=CLIENT_COLOURS,
        baseline=("phone", "web"),
        legend_title=None,
        x_title="share of the account's own items",
        what=what,
    )
    hint = "sorted by the share posted from a phone or the web"
    return finish(
        chart, title=title, subtitle=subtitle_lines(credit, hint, subtitle), credit=credit
    )


@built_unchecked
def rhythm_chart(
    rhythm: pl.DataFrame,
    accounts: pl.DataFrame | None,
    credit: str | None = None,
    *,
    columns: int = 2,
    title: str = "When each account posts",
    subtitle: str | Sequence[str] | None = None,
) -> alt.VConcatChart:
    """Hour x weekday heatmap per account, in the account's own time zone.

    ``rhythm`` is ``toolkit.metrics.rhythm(archive)``. Cells show the share of
    the account's items in that hour of the week, so accounts with different
    volumes compare; empty hours are drawn as empty cells.
    """
    what = "rhythm_chart"
    df = require(
        rhythm,
        (*IDENTITY, "weekday", "hour", "n"),
        what=what,
        producer="toolkit.metrics.rhythm(archive)",
    )
    df = labelled(df, accounts)
    if df.is_empty():
        raise ChartInputError(f"{what}: the rhythm frame is empty")
    n_series = df["label"].n_unique()
    if n_series * 7 * 24 > 5000:
        raise ChartInputError(
            f"{what}: {n_series} accounts are too many heatmaps for one chart (at most 29); "
            "draw a few at a time: rhythm.filter(pl.col('account').is_in([...]))"
        )
    tz = _timezones(df, accounts)
    colour_of = series(df, accounts).colour_of()
    grid = (
        df.select("label")
        .unique()
        .join(
            pl.DataFrame({"weekday": list(range(7))}, schema={"weekday": pl.Int64}).join(
                pl.DataFrame({"hour": list(range(24))}, schema={"hour": pl.Int64}), how="cross"
            ),
            how="cross",
        )
    )
    counts = df.group_by(
        "label", pl.col("weekday").cast(pl.Int64), pl.col("hour").cast(pl.Int64)
    ).agg(pl.col("n").sum())
    full = (
        grid.join(counts, on=["label", "weekday", "hour"], how="left")
        .with_columns(pl.col("n").fill_null(0))
        .with_columns((pl.col("n") / pl.col("n").sum().over("label")).fill_nan(0).alias("share"))
        .join(tz, on="label", how="left")
        .with_columns(
            pl.concat_str(
                [pl.col("label"), pl.lit(" · "), pl.col("timezone").fill_null("UTC")]
            ).alias("panel"),
            pl.col("weekday")
            .replace_strict(dict(enumerate(WEEKDAYS)), return_dtype=pl.Utf8)
            .alias("day"),
        )
    )
    panel_colours = {p: colour_of[lbl] for p, lbl in full.select("panel", "label").unique().rows()}
    full = full.select("panel", "day", "hour", "n", "share").sort("panel", "day", "hour")
    panels = sorted(full["panel"].unique().to_list())
    heat = (
        alt.Chart(full)
        .mark_rect(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X(
                "hour:O",
                title="hour of day (account's time zone)",
                axis=Axis(values=list(range(0, 24, 3)), labelAngle=0),
                scale=Scale(domain=list(range(24))),
            ),
            y=alt.Y("day:N", sort=list(WEEKDAYS), scale=Scale(domain=list(WEEKDAYS)), title=None),
            color=alt.when(alt.datum.n == 0)
            .then(alt.value(EMPTY_CELL))
            .otherwise(
                alt.Color(
                    "share:Q",
                    scale=Scale(scheme="blues", type="sqrt", domainMin=0),
                    legend=Legend(
                        title="share of the account's items",
                        format=".0%",
                        orient="right",
                        gradientLength=160,
                    ),
                )
            ),
            tooltip=[
                alt.Tooltip("panel:N", title="account"),
                alt.Tooltip("day:N"),
                alt.Tooltip("hour:O"),
                alt.Tooltip("n:Q", title="items", format=","),
                alt.Tooltip("share:Q", format=".1%"),
            ],
        )
        .properties(width=alt.Step(16), height=alt.Step(16))
    )
    chart = heat.facet(
        facet=alt.Facet(
            "panel:N",
            sort=panels,
            title=None,
            header=Header(
                labelAnchor="start",
                labelLimit=400,
                labelColor=header_colours(panel_colours, "panel"),
            ),
        ),
        columns=min(columns, len(panels)),
    )
    hint = "share of each account's items by hour of the week · grey: no items"
    return finish(
        chart, title=title, subtitle=subtitle_lines(credit, hint, subtitle), credit=credit
    )


def _timezones(df: pl.DataFrame, accounts: pl.DataFrame | None) -> pl.DataFrame:
    """label -> time zone, from the accounts file (UTC when unknown)."""
    if accounts is None or "timezone" not in accounts.columns:
        return df.select("label").unique().with_columns(pl.lit("UTC").alias("timezone"))
    look = accounts.select(
        pl.col("platform").cast(pl.Utf8).alias("_p"),
        pl.col("account").cast(pl.Utf8).alias("_a"),
        "timezone",
    ).unique(subset=["_p", "_a"], keep="first")
    by_person = (
        accounts.filter(pl.col("person").is_not_null())
        .group_by("person")
        .agg(pl.col("timezone").drop_nulls().first().alias("_tzp"))
        if "person" in accounts.columns
        else None
    )
    out = df.select(
        "label",
        pl.col("platform").cast(pl.Utf8).alias("_p"),
        pl.col("account").cast(pl.Utf8).alias("_a"),
        pl.col("person"),
    ).unique(subset="label", keep="first")
    out = out.join(look, on=["_p", "_a"], how="left")
    if by_person is not None:
        out = out.join(by_person, on="person", how="left").with_columns(
            pl.coalesce("timezone", "_tzp").alias("timezone")
        )
    return out.select("label", pl.col("timezone").fill_null("UTC"))


#: Most rows a chart of counts embeds (Altair refuses more than 5000).
ROW_BUDGET = 4000


def _counts(lf: pl.LazyFrame, every: str) -> pl.DataFrame:
    """Items per account, side (own / by others) and period; zeros filled within each account's span."""
    counts = (
        lf.select(
            pl.col("platform").cast(pl.Utf8),
            pl.col("account"),
            pl.when(pl.col("author") == pl.col("account"))
            .then(pl.lit("own items"))
            .otherwise(pl.lit("items by others"))
            .alias("side"),
            pl.col("created_at").dt.truncate(every).alias("week"),
        )
        .group_by("platform", "account", "side", "week")
        .agg(pl.len().cast(pl.Int64).alias("n"))
        .collect()
    )
    if counts.is_empty():
        return counts
    if counts.schema["week"] != pl.Datetime("us", "UTC"):
        counts = counts.with_columns(
            pl.col("week").cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
        )
    # A quiet period is a zero, not a gap; but only within the account's own span,
    # so that two archives years apart do not fill the years between.
    spans = (
        counts.group_by("platform", "account")
        .agg(
            pl.datetime_ranges(pl.col("week").min(), pl.col("week").max(), every, time_zone="UTC")
            .first()
            .alias("week")
        )
        .explode("week")
    )
    sides = pl.DataFrame({"side": ["own items", "items by others"]})
    return (
        spans.join(sides, how="cross")
        .join(counts, on=["platform", "account", "side", "week"], how="left")
        .with_columns(pl.col("n").fill_null(0))
    )


@built_unchecked
def posts_per_week_chart(
    posts: pl.DataFrame,
    accounts: pl.DataFrame | None,
    credit: str | None = None,
    *,
    title: str = "How much each account posts, and how much comes back",
    subtitle: str | Sequence[str] | None = None,
) -> alt.VConcatChart:
    """Items per week per account: its own items (top) and others' items in its conversations (bottom).

    Takes ``archive.posts`` (any size): the weekly counts are aggregated in
    Polars first, so the chart embeds one row per account, week and author side,
    never the posts. Shows what the data cover before any metric is read.
    """
    what = "posts_per_week_chart"
    if isinstance(posts, pl.LazyFrame):
        lf = posts
    else:
        lf = require(
            posts,
            ("platform", "account", "author", "created_at"),
            what=what,
            producer="archive.posts",
        ).lazy()
    missing = [
        c
        for c in ("platform", "account", "author", "created_at")
        if c not in lf.collect_schema().names()
    ]
    if missing:
        raise ChartInputError(
            f"{what}: the frame lacks column(s) {missing}; expected archive.posts"
        )
    # Weekly counts, or monthly / yearly when weeks would make too many rows
    # (an archive spanning years): the chart embeds counts, never posts.
    every, weekly = "1w", None
    for every in ("1w", "1mo", "1y"):
        weekly = _counts(lf, every)
        if weekly.is_empty():
            raise ChartInputError(f"{what}: no posts to count")
        if weekly.height <= ROW_BUDGET:
            break
    unit = {"1w": "week", "1mo": "month", "1y": "year"}[every]
    df = labelled(weekly, accounts)
    style = series(df, accounts)
    df = df.select("week", "label", "side", "n").sort("label", "side", "week")
    starts = sorted(set(df["week"].to_list()))
    long_span = (starts[-1] - starts[0]).days > 300
    axis = Axis(
        title=None,
        format="%b %Y" if long_span or every != "1w" else "%-d %b",
        grid=False,
        labelAngle=0,
        labelOverlap=True,
    )
    if every == "1w" and len(starts) <= 30:
        # ticks on the Mondays themselves (Vega's own weeks start on Sunday)
        axis["values"] = [int(w.timestamp() * 1000) for w in starts]
    line = (
        alt.Chart(df)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("week:T", scale=Scale(type="utc"), axis=axis),
            y=alt.Y("n:Q", title=f"items per {unit}", axis=Axis(format="~s", tickCount=4)),
            color=style.color(),
            strokeDash=style.dash(),
            tooltip=[
                alt.Tooltip("label:N", title="account"),
                alt.Tooltip("side:N"),
                alt.Tooltip(
                    "week:T", title=f"{unit} of", format="%-d %b %Y", timeUnit="utcyearmonthdate"
                ),
                alt.Tooltip("n:Q", title="items", format=","),
            ],
        )
        .properties(width=560, height=150)
    )
    chart = line.facet(
        row=alt.Row(
            "side:N",
            sort=["own items", "items by others"],
            title=None,
            header=Header(labelAngle=0, labelOrient="top", labelAnchor="start"),
        )
    ).resolve_scale(y="independent")
    hint = {
        "1w": "weeks start on Monday (UTC)",
        "1mo": "by calendar month (UTC)",
        "1y": "by calendar year (UTC)",
    }[every]
    return finish(
        chart, title=title, subtitle=subtitle_lines(credit, hint, subtitle), credit=credit
    )


__all__ = ["clients_chart", "post_mix_chart", "posts_per_week_chart", "rhythm_chart"]
