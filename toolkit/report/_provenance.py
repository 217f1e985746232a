"""Provenance of a report: input files with SHA-256 and size, version, parameters."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def input_files(paths: Iterable[str | Path]) -> list[dict]:
    """Every file under the given inputs (folders walked, sorted), with size and SHA-256."""
    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
            )
        elif p.is_file():
            files.append(p)
    return [
        {"path": f.as_posix(), "size": f.stat().st_size, "sha256": sha256_file(f)} for f in files
    ]


def report_date(date: str | None) -> str | None:
    """The date printed in the report: ``--date``, else ``SOURCE_DATE_EPOCH``, else none (reproducible)."""
    if date:
        return date
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%d")
    return None


def fingerprint(files: list[dict], params: dict) -> str:
    """One hash of inputs and parameters: changes when any input byte or parameter changes."""
    h = hashlib.sha256()
    for f in files:
        h.update(f"{f['path']}\0{f['sha256']}\0".encode())
    for k in sorted(params):
        h.update(f"{k}={params[k]!r}\0".encode())
    return h.hexdigest()
