"""The standalone HTML comparison report (`toolkit report`, `make demo`).

:func:`build` writes one self-contained file that renders with no network: the
Vega bundle is inlined once, every chart is a Vega-Lite spec drawn as SVG, all
text from archives is escaped by the template engine. The same inputs and
parameters give a byte-identical file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import polars as pl

from toolkit import __version__
from toolkit.archive import Archive
from toolkit.report import _findings, _provenance, _pseudonyms

__all__ = ["build", "render"]

VEGA_LITE_VERSION = "6.4"


def _cache_dir() -> Path:
    """Where the toolkit keeps files it can rebuild: ``$XDG_CACHE_HOME`` (or ``~/.cache``)/conversation-habits-toolkit."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "conversation-habits-toolkit"


@cache
def vega_bundle() -> str:
    """The Vega + Vega-Lite + vega-embed bundle shipped by vl-convert, safe to inline.

    vl-convert assembles the bundle on each call (1.5-2 s, holding the GIL), and
    it depends only on the vl-convert and Vega-Lite versions: it is kept in the
    user's cache folder under a name carrying both, with a SHA-256 of its text
    that is checked when read. A missing, damaged or unwritable cache only means
    the bundle is assembled again.
    """
    import vl_convert as vlc

    name = f"vega-bundle-vlc{vlc.__version__}-vl{VEGA_LITE_VERSION}.js"
    path = _cache_dir() / name
    try:  # bytes, not text: newlines stay as they are
        digest, _, body = path.read_bytes().partition(b"\n")
        if digest.decode("ascii") == hashlib.sha256(body).hexdigest():
            return body.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    text = vlc.javascript_bundle(vl_version=VEGA_LITE_VERSION).replace("</script", "<\\/script")
    body = text.encode("utf-8")
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as f:
            tmp = f.name
            f.write(hashlib.sha256(body).hexdigest().encode("ascii") + b"\n" + body)
        os.replace(tmp, path)  # atomic: a reader sees the old file or the whole new one
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return text


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("toolkit.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


_AUTO_NAME = re.compile(r'"((?:view|param|concat|layer|facet|data)_\d+)"')


def spec_json(chart: Any) -> str:
    """A chart's Vega-Lite spec as JSON safe inside ``<script type=application/json>``.

    Altair numbers views and params with a process-wide counter; they are renamed
    in order of appearance so that two builds give the same bytes.
    """
    spec = chart.to_dict(validate=False) if hasattr(chart, "to_dict") else chart
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    names: dict[str, str] = {}

    def rename(m: re.Match) -> str:
        old = m.group(1)
        if old not in names:
            prefix = old.rsplit("_", 1)[0]
            names[old] = f"{prefix}_r{len(names) + 1}"
        return f'"{names[old]}"'

    text = _AUTO_NAME.sub(rename, text)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit in ("share", "%"):
        return _findings.pct(value, 1)
    if unit == "hours":
        return _findings.hours(value)
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.2f}"


def _cell(row: dict | None, unit: str) -> dict:
    if row is None:
        return {"text": "—", "cls": "na"}
    if row["status"] != "ok":
        return {"text": row["status"], "cls": "na"}
    text = _fmt_value(row["value"], unit)
    if row.get("ci_low") is not None and row.get("ci_high") is not None:
        text += f" [{_fmt_value(row['ci_low'], unit)}–{_fmt_value(row['ci_high'], unit)}]"
    if row.get("k") is not None and row.get("n") is not None:
        text += f" ({row['k']:,}/{row['n']:,})"
    elif row.get("n") is not None:
        text += f" (n={row['n']:,})"
    return {"text": text, "cls": "num"}


def metric_table(results: pl.DataFrame, catalog: pl.DataFrame, *, key: str, heading: str) -> dict:
    base = results.filter(pl.col("period").is_null())
    cols = base.select(key, "display_name").unique().sort("display_name", key)
    labels = []
    for k, name in cols.iter_rows():
        labels.append(name if key == "person" else f"{name} · {k}")
    index = {(r[key], r["metric"]): r for r in base.iter_rows(named=True)}
    rows = []
    for m in catalog.iter_rows(named=True):
        if not any((k, m["name"]) in index for k in cols[key]):
            continue
        rows.append(
            {
                "title": m["title"],
                "cells": [_cell(index.get((k, m["name"])), m["unit"]) for k in cols[key]],
            }
        )
    return {"heading": heading, "columns": labels, "rows": rows}


def _people(archive: Archive) -> list[dict]:
    from toolkit.charts import account_colours

    colours = dict(zip(*account_colours(archive.accounts), strict=True))
    people = (
        archive.accounts.filter(pl.col("studied"))
        .group_by("person")
        .agg(pl.col("display_name").first(), pl.col("group").first())
        .sort("display_name", "person")
    )
    return [
        {**r, "colour": colours.get(r["display_name"], "#777")}
        for r in people.iter_rows(named=True)
    ]


def _period(archive: Archive) -> tuple[str, str, str]:
    own = archive.own
    if own.is_empty():
        return "no posts", "", ""
    lo = own["created_at"].min().strftime("%Y-%m-%d")
    hi = own["created_at"].max().strftime("%Y-%m-%d")
    return f"{lo} to {hi}", lo, hi


def _summary(archive: Archive, people: list[dict], results: pl.DataFrame, window_label: str) -> str:
    n_people = len(people)
    platforms = sorted(set(archive.accounts["platform"].cast(pl.Utf8)))
    own = archive.own.height
    others = archive.posts.height - own
    rr = results.filter((pl.col("metric") == "response_rate") & pl.col("period").is_null())
    measurable = rr.filter(pl.col("status") == "ok").height
    text = (
        f"This report compares how {n_people} {'account holder' if n_people == 1 else 'account holders'} "
        f"talk with people on {', '.join(platforms) or 'no platform'}: whether they reply to others, answer the "
        f"replies they receive, and how much of what they publish is broadcast or automated. "
        f"It is built from {own:,} of their own items and {others:,} items by other people. "
    )
    if measurable == 0:
        text += (
            "The data hold no replies from others, so responsiveness (answer rates and times) cannot be measured; "
            "only the accounts' own publishing habits are described."
        )
    else:
        text += (
            f"Responsiveness is measured for {measurable} of them, counting an inbound reply as answered when the "
            f"account replied to it directly within {window_label}."
        )
    return text


CHARTS: list[tuple[str, str, str]] = [
    # (id, heading, catalog metric whose definition is shown)
    ("scorecard", "Scorecard: every metric with its 95 % interval", ""),
    ("post-mix", "What the accounts publish: the post mix", "reply_share"),
    ("response-curves", "How fast replies from others are answered", "first_response_median"),
    ("post-and-run", "Post and run: conversations the account never joined", "post_and_run_rate"),
    ("interlocutors", "Who the accounts talk with", "interlocutors"),
    ("lorenz", "How concentrated the replies are", "interlocutor_concentration"),
    ("clients", "Which apps published the posts", "automation_client_share"),
    ("rhythm", "When the accounts post (their local time)", "active_days_share"),
    ("over-time", "Answer rate week by week", "response_rate"),
]


def _examples(archive: Archive) -> list[dict]:
    """Up to two texts per account that score at least 0.5 on the press-release scale."""
    from toolkit import metrics

    ex = metrics.press_release_examples(archive, n=2)
    name = "display_name" if "display_name" in ex.columns else "account"
    ex = (
        ex.filter(pl.col("score") >= 0.5)
        .sort(["score", "created_at", "post_id"], descending=[True, False, False])
        .group_by(name, maintain_order=True)
        .head(2)
        .sort(name, "created_at")
    )
    return [
        {
            "display_name": r.get("display_name") or r.get("account"),
            "created_at": r["created_at"].strftime("%Y-%m-%d %H:%M UTC"),
            "score": f"{r['score']:.2f}",
            "text": r["text"],
        }
        for r in ex.iter_rows(named=True)
    ]


def _charts(
    archive: Archive,
    results: pl.DataFrame,
    weekly: Callable[[], pl.DataFrame | None],
    catalog: pl.DataFrame,
    *,
    window: timedelta,
) -> list[dict]:
    """The report's charts as specs; ``weekly()`` gives the week-by-week results when needed (drawn last)."""
    from toolkit import charts, metrics

    credit = charts.credit_line(archive)
    acc = archive.accounts
    definitions = dict(zip(catalog["name"], catalog["definition"], strict=True))
    base = results.filter(pl.col("period").is_null())
    il = metrics.interlocutors(archive)  # drawn twice: top people and the Lorenz curve

    def one(cid: str) -> tuple[Any, str]:
        """The chart ``cid`` (or None) and the note shown in its place."""
        missing = "Not enough data for this chart."
        if cid == "scorecard":
            return charts.scorecard_chart(base, accounts=acc, catalog=catalog, credit=credit), ""
        if cid == "post-mix":
            mix = metrics.post_mix(archive)
            return charts.post_mix_chart(mix, accounts=acc, credit=credit), ""
        if cid == "response-curves":
            km = metrics.km_curves(archive, window=window)
            if km.height:
                return charts.response_curves_chart(km, accounts=acc, credit=credit), ""
            return None, "No replies from others in the data: response times cannot be measured."
        if cid == "post-and-run":
            pr = base.filter(pl.col("metric") == "post_and_run_rate")
            if pr.filter(pl.col("status") == "ok").height:
                return charts.post_and_run_chart(pr, accounts=acc, credit=credit), ""
            return None, "Post and run needs replies from others in the data."
        if cid == "interlocutors":
            return charts.interlocutors_chart(il, accounts=acc, credit=credit), ""
        if cid == "lorenz":
            return charts.lorenz_chart(il, accounts=acc, credit=credit), ""
        if cid == "clients":
            cl = metrics.clients(archive)
            if cl.height:
                return charts.clients_chart(cl, accounts=acc, credit=credit), ""
            return None, "The exports do not record which app published the posts."
        if cid == "rhythm":
            return charts.rhythm_chart(metrics.rhythm(archive), accounts=acc, credit=credit), ""
        return None, missing

    out = []
    for cid, heading, metric in CHARTS:
        if cid == "over-time":
            for era, part, rows in _eras(archive, weekly()):
                if rows.filter(
                    (pl.col("metric") == "response_rate") & (pl.col("status") == "ok")
                ).height:
                    out.append(
                        {
                            "id": f"over-time-{era}",
                            "heading": f"{heading}, {era}",
                            "definition": definitions.get(metric, ""),
                            "spec": spec_json(
                                charts.metric_over_time_chart(
                                    rows,
                                    metric="response_rate",
                                    accounts=part.accounts,
                                    credit=charts.credit_line(part),
                                )
                            ),
                            "missing": "",
                        }
                    )
            continue
        try:
            chart, missing = one(cid)
        except charts.ChartInputError as exc:  # the chart's own "nothing to draw" check
            chart, missing = None, _sentence(exc)
        out.append(
            {
                "id": cid,
                "heading": heading,
                "definition": definitions.get(
                    metric,
                    "Each metric as defined in the Methods section; dots are values, bars 95 % intervals.",
                ),
                "spec": spec_json(chart) if chart is not None else None,
                "missing": missing,
            }
        )
    return out


def _sentence(exc: Exception) -> str:
    """A chart's input error as a sentence for readers: "lorenz_chart: no account ..." -> "No account ..."."""
    text = str(exc).split(": ", 1)[-1].strip().rstrip(".")
    return text[:1].upper() + text[1:] + "."


def _eras(archive: Archive, weekly: pl.DataFrame | None) -> list[tuple[str, Archive, pl.DataFrame]]:
    """One time series per stretch of activity: stories years apart get their own chart."""
    from toolkit.charts.figures import _only, eras

    if weekly is None:
        return []
    out = []
    for label, keys in eras(archive):
        part = _only(archive, keys)
        people = part.accounts["person"].unique().to_list()
        out.append(
            (
                label,
                part,
                weekly.filter(pl.col("person").is_in(people) & pl.col("period").is_not_null()),
            )
        )
    return out


def _methods(window: timedelta, n_boot: int, seed: int) -> tuple[list[str], list[dict]]:
    from toolkit import metrics

    days = window / timedelta(days=1)
    paras = [
        "Every item in the exports becomes one row of a common table (platform, account, author, time, text, "
        "kind, reply target, conversation). An account's own items are those it wrote; everything else in its "
        "conversations comes from other people ('the public'). Nothing is dropped silently: the load log above "
        "counts every record read, kept and skipped, with the reason.",
        f"An inbound item is a reply by someone else to one of the account's items (or a mention of the account, "
        f"where the collection has them). It counts as answered when the account replied to that item directly "
        f"within {days:g} days. Times to the first answer are summarised with the Kaplan–Meier estimator: an "
        f"item not answered is censored at the shorter of {days:g} days and the end of observation, so an item "
        f"posted one hour before the data end counts as 'not yet answered after one hour', not as 'never answered'.",
        f"Uncertainty: shares and medians carry 95 % intervals from a seeded bootstrap ({n_boot} resamples of "
        f"whole conversations, seed {seed}), so that replies within one busy thread are not treated as independent. "
        f"Two accounts are called different only when their intervals do not overlap.",
        "A metric the data cannot answer is shown as 'not available' with the reason (for example, an archive "
        "holding only the account's own posts cannot tell how many replies the account received), never as zero.",
    ]
    tables = []
    for name in ("method_tables",):
        fn = getattr(metrics, name, None)
        if fn is not None:
            tables.extend(fn())
    return paras, tables


def render(archive: Archive, **kwargs: Any) -> str:
    """The report as an HTML string (see :func:`build` for the parameters).

    Python's cyclic garbage collector is paused while it is built (the charts make
    many short-lived objects and the collector's passes cost about a second on a
    large archive), and BLAS uses one thread: the computations run side by side in
    threads of their own.
    """
    from toolkit._switch import no_gc
    from toolkit.metrics._bootstrap import single_threaded_blas

    with no_gc(), single_threaded_blas():
        return _render(archive, **kwargs)


def _render(
    archive: Archive,
    *,
    since: str | None = None,
    until: str | None = None,
    title: str | None = None,
    pseudonymise: bool = False,
    date: str | None = None,
    inputs: Sequence[str | Path] = (),
    command: Sequence[str] | str | None = None,
    seed: int = 0,
    n_boot: int = 200,
    window: timedelta = timedelta(days=7),
) -> str:
    from toolkit import metrics

    # the Vega bundle (from the cache, or assembled) and the SHA-256 of every input file
    # (hashlib releases the GIL) come while the metrics are computed; pseudonyms need the
    # fingerprint first
    side = ThreadPoolExecutor(max_workers=2)
    bundle = side.submit(vega_bundle)
    hashed = side.submit(_provenance.input_files, inputs)
    side.shutdown(wait=False)
    params = {
        "since": since,
        "until": until,
        "title": title,
        "pseudonymise": pseudonymise,
        "window_days": window / timedelta(days=1),
        "bootstrap_resamples": n_boot,
        "seed": seed,
    }
    if since or until:
        archive = archive.filter(since=since, until=until)
    if pseudonymise:
        files = hashed.result()
        fingerprint = _provenance.fingerprint(files, params)
        archive, _ = _pseudonyms.pseudonymise(archive, _pseudonyms.key_for(fingerprint))

    catalog = metrics.catalog()
    by_person = metrics.compute(archive, by="person", window=window, seed=seed, n_boot=n_boot)

    def by_account_and_weekly() -> tuple[pl.DataFrame, pl.DataFrame]:
        by_account = metrics.compute(archive, by="account", window=window, seed=seed, n_boot=n_boot)
        # the over-time chart draws one metric: the others are not computed week by week
        weekly = metrics.compute(
            archive,
            by="person",
            period="W",
            window=window,
            seed=seed,
            n_boot=n_boot,
            metrics=["response_rate"],
        )
        return by_account, weekly

    # Everything else (charts, sentences, coverage, methods: Python, holding the GIL) is
    # built while these two computations run in NumPy and Polars (which release it); the
    # results are the same either way.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(by_account_and_weekly)
        days = window / timedelta(days=1)
        window_label = f"{days:g} days" if days != 1 else "1 day"
        people = _people(archive)
        period, _, _ = _period(archive)
        title = title or "Do they talk with people? Conversation habits compared"
        examples = _examples(archive)
        coverage = (
            archive.summary()
            .with_columns(
                pl.col("first", "last").dt.strftime("%Y-%m-%d"), pl.col("platform").cast(pl.Utf8)
            )
            .to_dicts()
        )
        methods, method_tables = _methods(window, n_boot, seed)
        summary = _summary(archive, people, by_person, window_label)
        findings = _findings.findings(by_person, window_label=window_label)
        unavailable = _findings.unavailable(by_person)
        charts = _charts(archive, by_person, lambda: pending.result()[1], catalog, window=window)
        by_account, weekly = pending.result()
    files = hashed.result()
    fingerprint = _provenance.fingerprint(files, params)
    if isinstance(command, str):
        cmd = command
    elif command:
        cmd = shlex.join(str(c) for c in command)
    else:
        cmd = shlex.join(["toolkit", "report", *[str(p) for p in inputs], "-o", "REPORT.html"])

    return (
        _env()
        .get_template("report.html.j2")
        .render(
            version=__version__,
            title=title,
            period=period,
            people=people,
            date=_provenance.report_date(date),
            summary=summary,
            findings=findings,
            unavailable=unavailable,
            charts=charts,
            examples=examples,
            metric_tables=[
                metric_table(by_person, catalog, key="person", heading="By person (all platforms)"),
                metric_table(
                    by_account, catalog, key="account", heading="By account (one platform each)"
                ),
            ],
            coverage=coverage,
            log=archive.log.to_dicts(),
            methods=methods,
            method_tables=method_tables,
            catalog=catalog.to_dicts(),
            command=cmd,
            fingerprint=fingerprint,
            params=[(k, "" if v is None else str(v)) for k, v in params.items()],
            files=files,
            vega_bundle=bundle.result(),
        )
    )


def build(archive: Archive, *, out: str | Path, **kwargs: Any) -> Path:
    """Write the report for ``archive`` to ``out`` and return the path.

    Parameters
    ----------
    archive : Archive
        what :func:`toolkit.load` returned.
    out : path
        the HTML file to write (folders are created).
    since, until : str, optional
        restrict the period (ISO dates, ``until`` inclusive).
    title : str, optional
    pseudonymise : bool
        replace handles of everyone who is not a studied account with stable pseudonyms.
    date : str, optional
        the date printed in the report; default ``SOURCE_DATE_EPOCH``, else none.
    inputs : paths
        the input paths, for provenance (SHA-256 and size of every file).
    command : list of str or str, optional
        the command line that reproduces the report.
    seed, n_boot, window :
        bootstrap seed and resamples, answer window.
    """
    out = Path(out)
    html = render(archive, **kwargs)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
