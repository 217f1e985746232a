"""The ``toolkit`` command line: a thin layer over the package.

A :class:`~toolkit.errors.ToolkitError` becomes a one-line message and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from toolkit.errors import ToolkitError


def _load(args: argparse.Namespace):
    from toolkit.sources import load

    return load(*args.paths, accounts_file=args.accounts)


def cmd_formats(args: argparse.Namespace) -> int:
    from toolkit.sources import formats

    if args.markdown:
        from toolkit.sources import formats_markdown

        print(formats_markdown())
        return 0
    f = formats()
    if args.json:
        print(json.dumps(f.to_dicts(), indent=2))
        return 0
    for row in f.iter_rows(named=True):
        print(f"{row['name']:<16} {row['title']}")
        print(f"{'':<16} reads: {row['inputs']}")
        print(f"{'':<16} replies from others: {row['replies_from_others']}")
    return 0


def _table(frame: pl.DataFrame) -> str:
    with pl.Config(
        tbl_rows=-1,
        tbl_cols=-1,
        tbl_width_chars=200,
        fmt_str_lengths=60,
        tbl_hide_dataframe_shape=True,
    ):
        return str(frame)


def cmd_summary(args: argparse.Namespace) -> int:
    archive = _load(args)
    summary = archive.summary()
    log = archive.log.select("source_file", "format", "records_read", "rows_kept", "rows_skipped")
    if args.json:
        print(
            json.dumps(
                {"accounts": summary.to_dicts(), "log": archive.log.to_dicts()},
                indent=2,
                default=str,
                ensure_ascii=False,
            )
        )
        return 0
    print(
        f"{archive.posts.height} rows, {archive.accounts.height} studied account(s), {archive.log.height} input file(s)\n"
    )
    print(_table(summary.with_columns(pl.col("first", "last").dt.strftime("%Y-%m-%d"))))
    print("\nLoad log")
    print(_table(log))
    skipped = archive.log.filter(pl.col("rows_skipped") > 0)
    for row in skipped.iter_rows(named=True):
        reasons = "; ".join(f"{s['reason']}: {s['count']}" for s in row["skipped"])
        print(f"  skipped in {row['source_file']}: {reasons}")
    for row in archive.log.filter(pl.col("notes").list.len() > 0).iter_rows(named=True):
        for n in row["notes"]:
            print(f"  note on {row['source_file']}: {n}")
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    archive = _load(args)
    out = archive.to_parquet(args.output)
    print(
        f"wrote {archive.posts.height} rows to {out}/posts.parquet (+ accounts.parquet, log.parquet)"
    )
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from toolkit.samples import generate

    out = generate(Path(args.output), seed=args.seed, scale=args.scale)
    print(out)
    return 0


def _report_command(args: argparse.Namespace) -> list[str]:
    """The canonical command line that reproduces this report (from the parsed options)."""
    cmd = ["toolkit", "report", *[str(p) for p in args.paths]]
    if args.accounts:
        cmd += ["--accounts", str(args.accounts)]
    for opt in ("since", "until", "title", "date"):
        value = getattr(args, opt)
        if value:
            cmd += [f"--{opt}", str(value)]
    if args.pseudonymise:
        cmd.append("--pseudonymise")
    return [*cmd, "-o", str(args.output)]


def cmd_report(args: argparse.Namespace) -> int:
    from toolkit import report

    archive = _load(args)
    out = report.build(
        archive,
        out=args.output,
        since=args.since,
        until=args.until,
        title=args.title,
        pseudonymise=args.pseudonymise,
        date=args.date,
        inputs=args.paths,
        command=_report_command(args) if args.command_line is None else args.command_line,
    )
    print(out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from toolkit import __version__

    p = argparse.ArgumentParser(
        prog="toolkit", description="Conversation habits of social-media accounts."
    )
    p.add_argument("--version", action="version", version=f"toolkit {__version__}")
    sub = p.add_subparsers(dest="cmd", required=True)

    f = sub.add_parser("formats", help="list the supported export formats")
    f.add_argument("--json", action="store_true")
    f.add_argument("--markdown", action="store_true", help="the table printed in the README")
    f.set_defaults(func=cmd_formats)

    def inputs(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("paths", nargs="+", type=Path, help="exports: zip, tar.gz, folder or file")
        sp.add_argument("--accounts", type=Path, default=None, help="accounts file (TOML)")

    s = sub.add_parser("summary", help="what the exports hold: accounts, rows by kind, load log")
    inputs(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_summary)

    c = sub.add_parser("convert", help="load exports and write canonical Parquet files")
    inputs(c)
    c.add_argument("-o", "--output", type=Path, required=True)
    c.set_defaults(func=cmd_convert)

    g = sub.add_parser("sample", help="generate the fictional sample archives")
    g.add_argument("-o", "--output", type=Path, required=True)
    g.add_argument("--seed", type=int, default=2012)
    g.add_argument("--scale", type=float, default=1.0)
    g.set_defaults(func=cmd_sample)

    r = sub.add_parser("report", help="build the standalone HTML comparison report")
    inputs(r)
    r.add_argument("-o", "--output", type=Path, required=True)
    r.add_argument("--since", default=None)
    r.add_argument("--until", default=None)
    r.add_argument("--title", default=None)
    r.add_argument(
        "--pseudonymise",
        action="store_true",
        help="replace handles of non-studied people with pseudonyms",
    )
    r.add_argument(
        "--date",
        default=None,
        help="date printed in the report (default: SOURCE_DATE_EPOCH, else none)",
    )
    r.add_argument("--command-line", default=None, help=argparse.SUPPRESS)
    r.set_defaults(func=cmd_report)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            return int(args.func(args) or 0)
    except ToolkitError as exc:
        print(f"toolkit: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        return 130


def run() -> int:  # pragma: no cover - the console script
    """The ``toolkit`` command: :func:`main` in a fresh process.

    jsonschema (imported by Altair) compiles an IRI grammar at import when the
    optional ``rfc3987_syntax`` is installed (JupyterLab pulls it in): over a
    second of every command's start-up, for a format check Altair never uses.
    A fresh command process skips that optional import; nothing else changes.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
    return main()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
