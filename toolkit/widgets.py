"""Widgets for the notebooks: thin ipywidgets wiring over plain, tested view functions.

Each ``*_view`` function takes an archive and the widget values and returns a
dict of frames and charts; each ``*Explorer`` class lays out the widgets, calls
its view function when a value changes and shows the result. Tests set widget
values without a kernel and look at ``explorer.view``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from toolkit.archive import Archive

WINDOWS = {"24 h": timedelta(hours=24), "72 h": timedelta(hours=72), "7 days": timedelta(days=7)}
INTERACTIVE_BOOTSTRAP = 100
#: selections kept per archive by :func:`select` (their rows and row features)
KEPT_SELECTIONS = 5


# ----------------------------------------------------------------------------- plain view functions


def load_view(
    paths: Sequence[str | Path], accounts_file: str | Path | None = None, *, rows: int = 5
) -> dict[str, Any]:
    """Load exports and return what notebook 1 shows: formats, load log, coverage, sample rows."""
    from toolkit.sources import load

    archive = load(*paths, accounts_file=accounts_file, progress=False)
    return {
        "archive": archive,
        "formats": archive.log.group_by("format")
        .agg(pl.len().alias("files"), pl.col("records_read").sum())
        .sort("format"),
        "log": archive.log.select(
            "source_file", "format", "records_read", "rows_kept", "rows_skipped", "skipped", "notes"
        ),
        "coverage": archive.summary(),
        "sample": archive.posts.sort("created_at")
        .head(rows)
        .select("platform", "account", "author", "created_at", "kind", "text", "reply_to_author"),
    }


def select(
    archive: Archive,
    *,
    people: Sequence[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    platforms: Sequence[str] | None = None,
) -> Archive:
    """The archive restricted to people (person ids or display names), a period and platforms.

    The first selection made on an archive (an explorer's starting view) and the
    last few are kept on it: the same selection again gives the same archive
    object (and a selection that keeps every row gives ``archive`` itself), so
    the row features that ``toolkit.metrics`` keeps per archive are built once,
    not at every change of a widget that does not move the selection (a window,
    a toggle) or that moves it back. Each kept selection holds its rows and
    those features: at most :data:`KEPT_SELECTIONS`.
    """
    key = (
        tuple(people) if people else None,
        since,
        until,
        tuple(platforms) if platforms else None,
    )
    from toolkit.metrics._prepare import derived

    # kept on the archive like its derived frames (dropped when its frames are replaced)
    kept = derived(archive, "selections", (), lambda: {"subs": {}, "first": key})
    subs: dict[tuple, Archive] = kept["subs"]
    sub = subs.pop(key, None)
    if sub is None:
        sub = archive.filter(
            accounts=list(people) if people else None,
            platforms=list(platforms) if platforms else None,
            since=since,
            until=until,
        )
        if sub.posts.height == archive.posts.height and sub.accounts.equals(archive.accounts):
            return archive  # nothing left out: the same rows, the same observation windows
        while len(subs) >= KEPT_SELECTIONS:
            subs.pop(next(k for k in subs if k != kept["first"]))
    subs[key] = sub  # the most recent last
    return sub


def metric_names(groups: Sequence[str]) -> list[str]:
    """The catalog's metrics in these groups (``toolkit.metrics.catalog()``), in catalog order."""
    from toolkit import metrics

    return metrics.catalog().filter(pl.col("group").is_in(list(groups)))["name"].to_list()


def habits_view(
    archive: Archive, *, n_boot: int = INTERACTIVE_BOOTSTRAP, **selection: Any
) -> dict[str, Any]:
    """Notebook 2: post mix, replies to others, interlocutors and the scorecard.

    ``results`` holds the scorecard's metrics (the catalog groups it draws), with
    the values a full ``metrics.compute`` gives. With nobody left in the
    selection there is no scorecard; with no replies or mentions, no interlocutors.
    """
    from toolkit import charts, metrics
    from toolkit.charts.comparison import SCORECARD_GROUPS

    sub = select(archive, **selection)
    results = metrics.compute(
        sub, by="person", n_boot=n_boot, metrics=metric_names(SCORECARD_GROUPS)
    )
    mix = metrics.post_mix(sub)
    people = metrics.interlocutors(sub)
    credit = charts.credit_line(sub)
    out: dict[str, Any] = {
        "archive": sub,
        "results": results,
        "post_mix": mix,
        "interlocutors": people,
        "charts": {},
    }
    out["charts"]["post_mix"] = charts.post_mix_chart(mix, accounts=sub.accounts, credit=credit)
    if results.height:
        out["charts"]["scorecard"] = charts.scorecard_chart(
            results, accounts=sub.accounts, credit=credit
        )
    try:  # (the chart's own check: nobody replied to or mentioned anyone in the selection)
        out["charts"]["interlocutors"] = charts.interlocutors_chart(
            people, accounts=sub.accounts, credit=credit
        )
    except charts.ChartInputError:
        pass
    return out


def responsiveness_view(
    archive: Archive,
    *,
    window: timedelta = timedelta(days=7),
    business_hours: bool = False,
    n_boot: int = INTERACTIVE_BOOTSTRAP,
    **selection: Any,
) -> dict[str, Any]:
    """Notebook 3: inbound items, response rates, Kaplan–Meier curves, post-and-run."""
    from toolkit import charts, conversations, metrics

    sub = select(archive, **selection)
    results = metrics.compute(
        sub,
        by="person",
        window=window,
        business_hours=business_hours,
        n_boot=n_boot,
        metrics=metric_names(["responsiveness"]),
    )
    inbound = conversations.inbound(sub, window=window, business_hours=business_hours)
    km = metrics.km_curves(sub, window=window)
    credit = charts.credit_line(sub)
    out: dict[str, Any] = {
        "archive": sub,
        "results": results,
        "inbound": inbound,
        "km": km,
        "charts": {},
    }
    if km.height:
        out["charts"]["response_curves"] = charts.response_curves_chart(
            km, accounts=sub.accounts, credit=credit
        )
    pr = results.filter((pl.col("metric") == "post_and_run_rate") & pl.col("period").is_null())
    if pr.filter(pl.col("status") == "ok").height:
        out["charts"]["post_and_run"] = charts.post_and_run_chart(
            pr, accounts=sub.accounts, credit=credit
        )
    return out


def broadcast_view(
    archive: Archive,
    *,
    pseudonymise: bool = False,
    examples: int = 3,
    n_boot: int = INTERACTIVE_BOOTSTRAP,
    **selection: Any,
) -> dict[str, Any]:
    """Notebook 4: clients, clock alignment, duplicates, cross-posting, press-release language."""
    from toolkit import charts, metrics

    sub = select(archive, **selection)
    if pseudonymise:
        sub = _pseudonymised(sub)
    results = metrics.compute(
        sub, by="person", n_boot=n_boot, metrics=metric_names(["broadcasting", "automation"])
    )
    clients = metrics.clients(sub)
    credit = charts.credit_line(sub)
    out: dict[str, Any] = {
        "archive": sub,
        "results": results,
        "clients": clients,
        "examples": metrics.press_release_examples(sub, n=examples),
        "charts": {},
    }
    if clients.height:
        out["charts"]["clients"] = charts.clients_chart(
            clients, accounts=sub.accounts, credit=credit
        )
    return out


def _pseudonymised(archive: Archive) -> Archive:
    """``archive`` with people who are not studied pseudonymised (notebook key); kept on it."""
    from toolkit.report._pseudonyms import key_for, pseudonymise

    done = archive.__dict__.get("_pseudonymised")
    source = (archive.posts, archive.accounts, archive.people)
    if done is None or not all(a is b for a, b in zip(done[0], source, strict=True)):
        done = (source, pseudonymise(archive, key_for("notebook"))[0])
        archive.__dict__["_pseudonymised"] = done
    return done[1]


# ----------------------------------------------------------------------------- widgets


def _display(obj: Any) -> None:
    """Display a frame (or anything but a chart) inside a widget's Output area."""
    from IPython.display import display

    display(obj)


def chart_widget(chart: Any, view: Any = None) -> Any:
    """An Altair ``JupyterChart`` widget showing ``chart``, or ``view`` updated to show it.

    The widget renders in the browser with the Vega bundle that vl-convert ships
    (``JupyterChart.enable_offline``: no network), sent once per widget; a new
    chart only sends its spec, so a re-render costs the spec, not an SVG drawn in
    the kernel. (Inline-HTML charts carry the ~0.9 MB bundle in every output, which
    stalls headless notebook runs inside Output areas.)
    """
    import altair as alt

    if view is not None:
        view.chart = chart
        return view
    alt.JupyterChart.enable_offline()  # once per process: later calls return at once
    return alt.JupyterChart(chart, embed_options={"renderer": "svg", "actions": False})


class _Explorer:
    """Common wiring: people picker, date range, an output area and the latest view."""

    view_function: Any = None

    def __init__(self, archive: Archive):
        import ipywidgets as w

        self.archive = archive
        people = (
            archive.accounts.filter(pl.col("studied"))
            .select("person", "display_name")
            .unique()
            .sort("display_name")
        )
        self.people = w.SelectMultiple(
            options=[(n, p) for p, n in people.iter_rows()],
            value=tuple(people["person"]),
            description="People",
            rows=min(8, max(2, people.height)),
        )
        days = self._days()
        self.dates = w.SelectionRangeSlider(
            options=[(d.isoformat(), d) for d in days],
            index=(0, len(days) - 1),
            description="Period",
            continuous_update=False,
            layout=w.Layout(width="95%"),
        )
        self.out = w.Output()
        self.view: dict[str, Any] = {}
        self.chart_views: dict[str, Any] = {}  # one JupyterChart per chart, updated in place
        self.controls: list[Any] = [self.people, self.dates]

    def _days(self) -> list[date]:
        own = self.archive.own
        if own.is_empty():
            return [date(1970, 1, 1)]
        lo, hi = own["created_at"].min().date(), own["created_at"].max().date()
        n = (hi - lo).days
        step = max(1, n // 200)
        days = [lo + timedelta(days=i) for i in range(0, n + 1, step)]
        if days[-1] != hi:
            days.append(hi)
        return days

    def selection(self) -> dict[str, Any]:
        """People and period; a slider handle at its end of the range leaves that side open.

        The range runs from the first to the last day with own items, so "from the
        first day" means "from the beginning" and "to the last day" means "to the end
        of the data": the full range is the whole archive (the numbers of a report on
        it), not the archive cut to those days.
        """
        since, until = self.dates.value
        lo, hi = self.dates.index
        return {
            "people": list(self.people.value),
            "since": None if lo == 0 else since,
            "until": None if hi == len(self.dates.options) - 1 else until,
        }

    def parameters(self) -> dict[str, Any]:
        return {}

    def refresh(self, *_: Any) -> dict[str, Any]:
        self.view = type(self).view_function(self.archive, **self.selection(), **self.parameters())
        from IPython.display import clear_output

        with self.out:
            clear_output(wait=True)
            self.show(self.view)
        return self.view

    def show(self, view: dict[str, Any]) -> None:
        if not view["charts"]:
            print("No data to draw for these people, period and options.")
        for name, chart in view["charts"].items():
            self.show_chart(name, chart)

    def show_chart(self, name: str, chart: Any) -> None:
        """Show ``chart`` in its widget (made the first time, then updated)."""
        self.chart_views[name] = chart_widget(chart, self.chart_views.get(name))
        _display(self.chart_views[name])

    def widget(self):
        import ipywidgets as w

        for c in self.controls:
            c.observe(self.refresh, names="value")
        self.refresh()
        return w.VBox([*self.controls, self.out])


class HabitsExplorer(_Explorer):
    """People, period and platforms → post mix, interlocutors and scorecard."""

    view_function = staticmethod(habits_view)

    def __init__(self, archive: Archive):
        import ipywidgets as w

        super().__init__(archive)
        platforms = sorted(set(archive.accounts["platform"].cast(pl.Utf8)))
        self.platforms = w.SelectMultiple(
            options=platforms, value=tuple(platforms), description="Platforms"
        )
        self.controls.append(self.platforms)

    def selection(self) -> dict[str, Any]:
        return {**super().selection(), "platforms": list(self.platforms.value)}

    def show(self, view: dict[str, Any]) -> None:
        from toolkit import metrics

        cat = metrics.catalog()
        definitions = dict(zip(cat["name"], cat["definition"], strict=True))
        if not view["results"].height:
            print("None of these people has an account on these platforms.")
        for name, chart in view["charts"].items():
            key = {
                "post_mix": "reply_share",
                "interlocutors": "interlocutors",
                "scorecard": "response_rate",
            }.get(name)
            if key in definitions:
                print(f"{name.replace('_', ' ').title()}: {definitions[key]}")
            self.show_chart(name, chart)


class ResponsivenessExplorer(_Explorer):
    """People and period, window (24 h / 72 h / 7 days), business hours → curves and rates."""

    view_function = staticmethod(responsiveness_view)

    def __init__(self, archive: Archive):
        import ipywidgets as w

        super().__init__(archive)
        self.window = w.ToggleButtons(options=list(WINDOWS), value="7 days", description="Window")
        self.business_hours = w.Checkbox(
            value=False, description="Business hours only (Mon–Fri 9–17, local time)"
        )
        self.controls += [self.window, self.business_hours]

    def parameters(self) -> dict[str, Any]:
        return {"window": WINDOWS[self.window.value], "business_hours": self.business_hours.value}

    def show(self, view: dict[str, Any]) -> None:
        _display(
            view["results"].select(
                "display_name", "metric", "value", "ci_low", "ci_high", "n", "status"
            )
        )
        super().show(view)


class BroadcastExplorer(_Explorer):
    """People and period, pseudonymise toggle → clients, automation signals, press-release examples."""

    view_function = staticmethod(broadcast_view)

    def __init__(self, archive: Archive):
        import ipywidgets as w

        super().__init__(archive)
        self.pseudonymise = w.Checkbox(
            value=True, description="Pseudonymise people who are not studied"
        )
        self.controls.append(self.pseudonymise)

    def parameters(self) -> dict[str, Any]:
        return {"pseudonymise": self.pseudonymise.value}

    def show(self, view: dict[str, Any]) -> None:
        _display(
            view["results"].select(
                "display_name", "metric", "value", "ci_low", "ci_high", "n", "status"
            )
        )
        super().show(view)
        _display(view["examples"])


class LoadPanel:
    """A path box and a file picker → formats detected, load log, coverage, sample rows."""

    def __init__(self, paths: Sequence[str | Path] = (), accounts_file: str | Path | None = None):
        import ipywidgets as w

        self.paths = w.Textarea(
            value="\n".join(str(p) for p in paths),
            description="Paths",
            layout=w.Layout(width="95%"),
        )
        self.accounts_file = w.Text(
            value="" if accounts_file is None else str(accounts_file), description="Accounts"
        )
        self.upload = w.FileUpload(multiple=True, description="Or pick files")
        self.button = w.Button(description="Load", button_style="primary")
        self.out = w.Output()
        self.view: dict[str, Any] = {}
        self.button.on_click(self.refresh)

    def uploaded_paths(self) -> list[Path]:
        """Files chosen with the picker, written to a temporary folder (zips stay zips)."""
        if not self.upload.value:
            return []
        folder = Path(tempfile.mkdtemp(prefix="toolkit-upload-"))
        out = []
        for f in self.upload.value:
            p = folder / Path(f["name"]).name
            p.write_bytes(bytes(f["content"]))
            out.append(p)
        return out

    def refresh(self, *_: Any) -> dict[str, Any]:
        from IPython.display import clear_output

        paths = [
            p.strip() for p in self.paths.value.splitlines() if p.strip()
        ] + self.uploaded_paths()
        self.view = load_view(paths, self.accounts_file.value.strip() or None)
        with self.out:
            clear_output(wait=True)
            for key in ("formats", "log", "coverage", "sample"):
                print(key.title())
                _display(self.view[key])
        return self.view

    def widget(self):
        import ipywidgets as w

        return w.VBox([self.paths, self.accounts_file, self.upload, self.button, self.out])
