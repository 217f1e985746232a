"""Findings in sentences, generated from metric results with intervals and denominators.

Only available metrics are described; two accounts whose 95 % intervals overlap
are not called different.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl


def pct(x: float | None, digits: int = 0) -> str:
    if x is None:
        return "n/a"
    v = 100 * x
    if 0 < v < 1 and digits == 0:
        return f"{v:.1f} %"
    return f"{v:.{digits}f} %"


def hours(x: float | None) -> str:
    if x is None:
        return "n/a"
    if x < 1:
        return f"{x * 60:.0f} min"
    if x < 48:
        return f"{x:.1f} h"
    return f"{x / 24:.1f} days"


def interval(row: dict, fmt: Callable[[float | None], str]) -> str:
    if row.get("ci_low") is None or row.get("ci_high") is None:
        return ""
    return f"95 % CI {fmt(row['ci_low'])}–{fmt(row['ci_high'])}"


# metric -> (sentence for one account, formatter, what "higher" means in words)
TEMPLATES: dict[str, tuple[str, Callable, str]] = {
    "response_rate": (
        "{who} answered {k} of {n} replies from others within {window} ({value}{ci}).",
        pct,
        "answered a larger share of replies",
    ),
    "first_response_median": (
        "Half of the replies {who} received were answered within {value} ({ci_only}Kaplan–Meier median over "
        "{n} inbound items; unanswered items censored at {window}).",
        hours,
        "took longer to answer",
    ),
    "post_and_run_rate": (
        "{who} never replied in {k} of {n} conversations that drew replies from others ({value}{ci}): post and run.",
        pct,
        "left more conversations unanswered",
    ),
    "reply_share": (
        "{k} of {who}'s {n} own items were replies to other people ({value}{ci}).",
        pct,
        "replied to others more",
    ),
    "interlocutors": (
        "{who} replied to or mentioned {value} different people.",
        lambda v: "n/a" if v is None else f"{v:,.0f}",
        "engaged more people",
    ),
    "automation_client_share": (
        "{k} of {who}'s {n} items were published by scheduling, feed or cross-posting tools ({value}{ci}).",
        pct,
        "relied more on automation",
    ),
    "press_release_score": (
        "{who}'s items scored {value} on the press-release scale from 0 (conversational) to 1 "
        "(announcement){ci_paren}.",
        lambda v: "n/a" if v is None else f"{v:.2f}",
        "used more press-release language",
    ),
}


def _fmt_row(template: str, fmt: Callable, row: dict, window: str) -> str:
    ci = interval(row, fmt)
    return template.format(
        who=row["display_name"],
        k=f"{row['k']:,}" if row.get("k") is not None else "?",
        n=f"{row['n']:,}" if row.get("n") is not None else "?",
        value=fmt(row["value"]),
        ci=f", {ci}" if ci else "",
        ci_only=f"{ci}; " if ci else "",
        ci_paren=f" ({ci})" if ci else "",
        window=window,
    )


def compare(rows: list[dict], fmt: Callable, higher: str) -> str | None:
    """One sentence comparing the highest and the lowest account, honest about overlap."""
    rows = [r for r in rows if r["value"] is not None]
    if len(rows) < 2:
        return None
    rows = sorted(rows, key=lambda r: (-r["value"], r["display_name"]))
    top, bottom = rows[0], rows[-1]
    have_ci = all(r.get(c) is not None for r in (top, bottom) for c in ("ci_low", "ci_high"))
    if have_ci and top["ci_low"] <= bottom["ci_high"]:
        return (
            f"The difference between {top['display_name']} ({fmt(top['value'])}) and "
            f"{bottom['display_name']} ({fmt(bottom['value'])}) is within the uncertainty of the data: "
            "their 95 % intervals overlap, so it is not called a difference."
        )
    if not have_ci:
        return f"{top['display_name']} {higher} ({fmt(top['value'])}) than {bottom['display_name']} ({fmt(bottom['value'])})."
    return (
        f"{top['display_name']} {higher} ({fmt(top['value'])}) than {bottom['display_name']} "
        f"({fmt(bottom['value'])}); their 95 % intervals do not overlap."
    )


def findings(results: pl.DataFrame, *, window_label: str = "7 days") -> list[dict]:
    """Paragraph-ready findings: one block per metric with sentences per account and a comparison."""
    blocks = []
    base = results.filter(pl.col("period").is_null()) if "period" in results.columns else results
    for metric, (template, fmt, higher) in TEMPLATES.items():
        rows = (
            base.filter((pl.col("metric") == metric) & (pl.col("status") == "ok"))
            .sort("display_name")
            .to_dicts()
        )
        if not rows:
            continue
        sentences = [_fmt_row(template, fmt, r, window_label) for r in rows]
        comparison = compare(rows, fmt, higher)
        blocks.append({"metric": metric, "sentences": sentences, "comparison": comparison})
    return blocks


def unavailable(results: pl.DataFrame) -> list[str]:
    """Sentences for response metrics that cannot be measured, with the reason."""
    out = []
    base = results.filter(pl.col("period").is_null()) if "period" in results.columns else results
    rows = base.filter((pl.col("metric") == "response_rate") & (pl.col("status") != "ok")).sort(
        "display_name"
    )
    for r in rows.iter_rows(named=True):
        reason = r["status"].removeprefix("not available: ")
        out.append(f"Responsiveness of {r['display_name']} cannot be measured: {reason}.")
    return out
