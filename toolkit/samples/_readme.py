"""The README.md written next to the sample files."""

from __future__ import annotations


def readme(truth: dict, people, seed: int, scale: float) -> str:
    acc = truth["accounts"]
    lines = [
        "# Sample data: fictional accounts in real export formats",
        "",
        "Everything here is **fictional** and **generated**: the people, parties, companies, places and web",
        "addresses are invented (web sites use the reserved `.example` domain). The files are written by",
        f"`toolkit sample -o data/sample` (seed {seed}, scale {scale:g}); `make sample` regenerates them, byte for",
        "byte. A test fails when the committed files differ from a fresh generation.",
        "",
        'Load everything with `toolkit.load("data/sample")` (the `accounts.toml` here is picked up) or',
        "`toolkit summary data/sample`.",
        "",
        "## Two stories",
        "",
        "**A 2012 U.S. Senate race in the fictional state of Aurelia** (8 July to 6 November 2012), four",
        "campaign accounts and the public around them:",
        "",
    ]
    for p in people:
        if p.story == "senate-2012":
            lines.append(f"- *{p.role}*: **{p.name}** ({p.group}), {p.summary}")
    lines += [
        "",
        "**Two fictional companies' recruiting accounts** (March 2023 to February 2024):",
        "",
    ]
    for p in people:
        if p.story == "recruiting":
            lines.append(f"- *{p.role}*: **{p.name}** ({p.group}), {p.summary}")
    lines += ["", "## Files", "", "| file | format | account | contents |", "|---|---|---|---|"]
    for path, info in sorted(truth["files"].items()):
        contents = ", ".join(
            f"{k.replace('_', ' ')}: {v}" for k, v in info.items() if k not in ("format", "account")
        )
        lines.append(
            f"| `{path}` | {info['format']} | {info.get('account', 'several')} | {contents} |"
        )
    lines += [
        "",
        "Archives are zips exactly as a user downloads them (members inside, nothing unpacked). The twarc2",
        "files hold the conversations around the studied Twitter accounts (their own tweets except",
        "retweets and quotes, the public's replies and mentions, their answers); tweets that appear both",
        "in an archive and in a collection are one row after loading.",
        "",
        "## Deliberately broken records",
        "",
        "So that the load log has something to show:",
        "",
    ]
    for b in truth["deliberately_broken_records"]:
        lines.append(f"- `{b['file']}`: {b['what']} (expected: {b['expected_in_log']})")
    lines += [
        "",
        "## Ground truth",
        "",
        "`TRUTH.json` holds, for every studied account (keyed `platform:handle`): the generating parameters",
        "(probability of answering an inbound item, delay distribution and median, client mix, shares of",
        "press-release, link-only, cross-posted and clock-aligned posts, tone), what the generator decided",
        "about each inbound item, the expected value of every metric of DESIGN.md section 5 that the data",
        "determine, with its exact definition, and the rows the loaded data should hold (intended counts).",
        "",
        "| account | items | reply share | response rate | first response (h, KM median) | automation | clock-aligned |",
        "|---|---|---|---|---|---|---|",
    ]

    def fmt(v, pct=True):
        if v is None:
            return "n/a"
        return f"{100 * v:.0f}%" if pct else f"{v:.1f}"

    for key, e in acc.items():
        x = e["expected"]
        lines.append(
            f"| `{key}` ({e['role']}) | {x['n_items']} | {fmt(x['reply_share'])} | {fmt(x.get('response_rate'))} | "
            f"{fmt(x.get('first_response_median_hours'), pct=False)} | {fmt(x.get('automation_client_share'))} | "
            f"{fmt(x['clock_aligned_share'])} |"
        )
    lines += [
        "",
        "`n/a`: not available, never 0: the export holds the account's own posts only, or says nothing about",
        "the publishing app, or (first response) fewer than half of the inbound items were answered within",
        "7 days, so the Kaplan-Meier curve never reaches one half.",
        "",
        "`toolkit sample -o DIR --scale K` multiplies every volume by K without changing any habit (K = 100",
        "gives about 820,000 rows, for benchmarks); TRUTH.json is computed for that run too.",
        "",
    ]
    return "\n".join(lines)
