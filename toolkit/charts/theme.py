"""The publication theme: palette, type, account colours and the credit line.

Every chart function applies :func:`config` to the chart it returns, so charts
look the same whether or not the user enables the registered theme
(``alt.theme.enable("toolkit")``, opt-in: importing the package changes no
global state apart from making the theme available by name).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import altair as alt
import polars as pl

#: Okabe & Ito (2008), the colour-blind-safe qualitative palette. Ordered so the
#: first accounts get the colours that read best as thin lines and small dots on
#: white; yellow, the weakest on white, comes last.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)

#: Greys for everything that is not data.
INK = "#222222"
MUTED = "#555555"
FAINT = "#8a8a8a"
GRID = "#e4e4e4"
NOT_AVAILABLE = "#767676"

#: Fonts present on Debian (Liberation, DejaVu) and in every browser (Arial, Helvetica).
FONT = "Liberation Sans, Arial, Helvetica, DejaVu Sans, sans-serif"

TOOL_NAME = "conversation-habits toolkit"

PLATFORM_NAMES: dict[str, str] = {
    "twitter": "Twitter/X",
    "facebook": "Facebook",
    "linkedin": "LinkedIn",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "blog": "blog",
    "instagram": "Instagram",
    "threads": "Threads",
    "reddit": "Reddit",
}


def config() -> dict[str, Any]:
    """The Vega-Lite ``config`` of the theme: type sizes, greys, palette, layout.

    Sizes are chosen for both a web page (charts about 600 px wide) and print
    (PNG at scale 2 is 300 dpi at about 6.5 cm per 100 px): 12 px labels, 18 px titles.
    """
    return {
        "font": FONT,
        "background": "white",
        "padding": 12,
        "view": {"stroke": None, "continuousWidth": 480, "continuousHeight": 260},
        "title": {
            "anchor": "start",
            "fontSize": 18,
            "fontWeight": "bold",
            "color": INK,
            "subtitleFontSize": 13,
            "subtitleColor": MUTED,
            "subtitlePadding": 6,
            "offset": 14,
        },
        "axis": {
            "labelFontSize": 12,
            "titleFontSize": 12,
            "titleFontWeight": "normal",
            "titleColor": MUTED,
            "labelColor": INK,
            "gridColor": GRID,
            "domainColor": FAINT,
            "tickColor": FAINT,
            "labelLimit": 260,
            "titlePadding": 8,
        },
        "axisBand": {"grid": False, "ticks": False, "domain": False},
        "legend": {
            "labelFontSize": 12,
            "titleFontSize": 12,
            "titleFontWeight": "normal",
            "titleColor": MUTED,
            "labelColor": INK,
            "labelLimit": 260,
            "symbolSize": 110,
            "symbolOpacity": 1,
            "symbolStrokeWidth": 2,
            "orient": "right",
        },
        "header": {
            "labelFontSize": 13,
            "labelFontWeight": "bold",
            "labelColor": INK,
            "titleFontSize": 13,
            "titleFontWeight": "normal",
            "titleColor": MUTED,
        },
        "text": {"fontSize": 12, "color": INK},
        "range": {"category": list(OKABE_ITO)},
        "concat": {"spacing": 18},
        "facet": {"spacing": 14},
    }


def _theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig(config=config())  # type: ignore[typeddict-item]


def register_theme() -> None:
    """Make ``alt.theme.enable("toolkit")`` available; enables nothing."""
    if "toolkit" not in alt.theme.names():
        alt.theme.register("toolkit", enable=False)(_theme)


# ---------------------------------------------------------------- account colours
def _people(accounts: pl.DataFrame | None) -> pl.DataFrame:
    """One row per person: id, display name, given colour (first non-null)."""
    if accounts is None or accounts.is_empty():
        return pl.DataFrame(schema={"pid": pl.Utf8, "name": pl.Utf8, "colour": pl.Utf8})
    cols = accounts.columns
    account = pl.col("account").cast(pl.Utf8) if "account" in cols else pl.lit(None, pl.Utf8)
    person = pl.col("person") if "person" in cols else pl.lit(None, pl.Utf8)
    name = pl.col("display_name") if "display_name" in cols else pl.lit(None, pl.Utf8)
    colour = pl.col("colour") if "colour" in cols else pl.lit(None, pl.Utf8)
    return (
        accounts.select(
            pl.coalesce(person, account).alias("pid"),
            pl.coalesce(name, person, account).alias("name"),
            colour.alias("colour"),
        )
        .filter(pl.col("pid").is_not_null())
        .group_by("pid")
        .agg(pl.col("name").first(), pl.col("colour").drop_nulls().first())
        .sort("pid")
    )


def account_colours(
    accounts: pl.DataFrame | None, names: Iterable[str] | None = None
) -> tuple[list[str], list[str]]:
    """Domain (display names, sorted) and range (colours) for the account colour scale.

    A person keeps the colour given in the accounts file; the others get the
    Okabe-Ito colours nobody claimed, in the order of their person id, so a
    person has the same colour in every chart of an archive whatever subset a
    chart shows. ``names`` (the names a chart draws) restricts the domain to
    them; a name absent from ``accounts`` gets the next free colour.

    Examples
    --------
    >>> acc = pl.DataFrame({"person": ["b", "a", "c"], "display_name": ["Bea", "Al", "Cy"],
    ...                     "colour": [None, "#D55E00", None]})
    >>> account_colours(acc)
    (['Al', 'Bea', 'Cy'], ['#D55E00', '#0072B2', '#E69F00'])
    >>> account_colours(acc, ["Cy"])
    (['Cy'], ['#E69F00'])
    """
    people = _people(accounts)
    given = {c.lower() for c in people["colour"].drop_nulls().to_list()}
    free = [c for c in OKABE_ITO if c.lower() not in given] or list(OKABE_ITO)
    colour_of: dict[str, str] = {}
    i = 0
    for name, colour in people.select("name", "colour").iter_rows():
        if name in colour_of:
            continue  # two ids with one display name: the first (by id) decides
        if colour is None:
            colour = free[i % len(free)]
            i += 1
        colour_of[name] = colour
    wanted = None if names is None else {n for n in names if n is not None}
    for name in sorted((wanted or set()) - colour_of.keys()):
        colour_of[name] = free[i % len(free)]
        i += 1
    domain = sorted(colour_of if wanted is None else wanted)
    return domain, [colour_of[n] for n in domain]


def colour_scale(accounts: pl.DataFrame | None, names: Iterable[str] | None = None) -> alt.Scale:
    """The account colour scale keyed by display name (see :func:`account_colours`)."""
    domain, range_ = account_colours(accounts, names)
    return alt.Scale(domain=domain, range=range_)


#: Marks that tell apart several series of one person (e.g. Twitter and Mastodon):
#: same colour, then these shapes (dots) and dash patterns (lines) in turn.
SHAPES: tuple[str, ...] = ("circle", "square", "diamond", "triangle-up", "triangle-down", "cross")
DASHES: tuple[tuple[float, ...], ...] = ((1, 0), (6, 3), (2, 2), (8, 3, 2, 3), (1, 3))


# ---------------------------------------------------------------- credit line
class Credit(str):
    """The credit line, a plain ``str`` that also remembers its parts.

    Chart functions put the credit under the chart and ``period`` in the subtitle.
    """

    platforms: tuple[str, ...]
    period: str | None

    def __new__(cls, text: str, *, platforms: Sequence[str] = (), period: str | None = None):
        obj = super().__new__(cls, text)
        obj.platforms = tuple(platforms)
        obj.period = period
        return obj


def _as_date(value: date | datetime | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = (
            datetime.fromisoformat(value)
            if ("T" in value or " " in value)
            else date.fromisoformat(value)
        )
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.date()
    return value


def period_label(
    start: date | datetime | str | None, end: date | datetime | str | None
) -> str | None:
    """A compact period for subtitles and credits, dates in UTC.

    Examples
    --------
    >>> period_label("2024-09-01", "2024-11-30")
    '1 Sep – 30 Nov 2024'
    >>> period_label("2023-12-01", "2024-01-31")
    '1 Dec 2023 – 31 Jan 2024'
    >>> period_label("2024-09-03", "2024-09-03")
    '3 Sep 2024'
    """
    a, b = _as_date(start), _as_date(end)
    if a is None and b is None:
        return None
    if a is None or b is None:
        d = a or b
        return f"{'from' if a else 'until'} {d.day} {d:%b %Y}"
    if a == b:
        return f"{a.day} {a:%b %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%b} – {b.day} {b:%b %Y}"
    return f"{a.day} {a:%b %Y} – {b.day} {b:%b %Y}"


def credit_line(source: Any, *, tool: str = TOOL_NAME) -> Credit:
    """The line under every chart: ``"Data: <platforms>, <period>. Chart: <tool>"``.

    Parameters
    ----------
    source
        an Archive (platforms and observation period of its studied accounts,
        else of its posts), or a tuple ``(platforms, start, end)``.

    Examples
    --------
    >>> str(credit_line((["twitter", "mastodon"], "2024-09-01", "2024-11-30")))
    'Data: Mastodon, Twitter/X, 1 Sep – 30 Nov 2024. Chart: conversation-habits toolkit'
    """
    if isinstance(source, tuple | list):
        platforms, start, end = source
        platforms = [platforms] if isinstance(platforms, str) else list(platforms)
    else:
        platforms, start, end = _archive_extent(source)
    names = sorted(
        {PLATFORM_NAMES.get(str(p), str(p)) for p in platforms if p is not None}, key=str.lower
    )
    period = period_label(start, end)
    parts = ", ".join([*names, *([period] if period else [])])
    text = f"Data: {parts}. Chart: {tool}" if parts else f"Chart: {tool}"
    return Credit(text, platforms=names, period=period)


def _archive_extent(archive: Any) -> tuple[list[str], datetime | None, datetime | None]:
    accounts: pl.DataFrame = archive.accounts
    posts: pl.DataFrame = archive.posts
    if "studied" in accounts.columns:
        studied = accounts.filter(pl.col("studied").fill_null(True))
        accounts = studied if studied.height else accounts
    platforms = accounts["platform"].cast(pl.Utf8).unique().to_list() if accounts.height else []
    if not platforms:
        platforms = posts["platform"].cast(pl.Utf8).unique().to_list()
    start = accounts["observed_from"].min() if accounts.height else None
    end = accounts["observed_until"].max() if accounts.height else None
    if start is None and posts.height:
        start = posts["created_at"].min()
    if end is None and posts.height:
        end = posts["created_at"].max()
    return platforms, start, end  # type: ignore[return-value]
