"""The ``twitter-api`` loader (twarc2 pages, v1.1 statuses) on the x100 generated sample.

Uses the twitter-api files of ``benchmarks/out/report/sample-x100`` (written by
``bench_report``; generated here when absent, about 3 minutes): two files of twarc2
response pages (447 MB, 405k tweets, pages of ~0.5 MB) and one of v1.1 statuses
(198 MB, 148k statuses). Each file is read in a fresh process:

- ``toolkit`` - as ``toolkit.load`` reads it: files of 16 MB or more are cut into
  chunks of lines read by this process and forked helpers (one per extra CPU, at
  most 3);
- ``one_process`` - the same chunks read by the loading process alone
  (``helpers=0``), which is what machines without fork (macOS, Windows) do.

Figures per file and in total: seconds, MB/s and rows/s (wall), CPU seconds of
the loading process plus its helpers (the figure to compare when other work
shares the machine), and peak RSS of the loading process and of the largest
helper. The line-by-line reading this replaced (one process, each row built from
keyword arguments, the whole file and a copy of its lines in memory) read the same
files at ~43 MB/s (pages) and ~63-69 MB/s (v1.1) on a quiet 2-core VM, 13.7 CPU s
in all, with a 1.77 GB peak RSS for the 400 MB file.
``BENCH_SCALE`` picks another generated sample (``BENCH_SCALE=10`` is quick).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from toolkit.sources import FileLog
from toolkit.sources import twitter_api as api

def cpu():
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime

path, mode = Path(sys.argv[1]), sys.argv[2]
t0, c0 = time.perf_counter(), cpu()
log = FileLog(str(path), "twitter-api")
posts = api.read_file(path, str(path), log, helpers=0 if mode == "one_process" else None)
print(json.dumps({
    "s": time.perf_counter() - t0,
    "cpu_s": cpu() - c0,
    "rows": posts.height,
    "records_read": log.read,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "helper_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def _child(path: Path, mode: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), mode], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _files(sample: Path) -> list[Path]:
    """The sample's twitter-api files (JSON lines that twarc or twarc2 wrote)."""
    found = []
    for p in sorted(sample.rglob("*.jsonl")):
        with p.open("rb") as f:
            head = f.read(200)
        if head.startswith((b'{"data"', b'{"created_at"')):
            found.append(p)
    return found


def run(out_dir: Path, scale: float = float(os.environ.get("BENCH_SCALE", "100"))) -> dict:
    sample = Path(out_dir).parent / "report" / f"sample-x{scale:g}"
    figures: dict = {"scale": scale}
    if not (sample / "accounts.toml").exists():
        from toolkit.samples import generate

        print(f"   generating {sample} (x100: about 3 minutes)", flush=True)
        t0 = time.perf_counter()
        generate(sample, scale=scale)
        figures["generate_s"] = round(time.perf_counter() - t0, 1)
    files = _files(sample)
    figures["files"] = [p.name for p in files]
    figures["cpus"] = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    for mode in ("toolkit", "one_process"):
        total_mb = total_s = total_cpu = total_rows = 0.0
        peak = helper_peak = 0.0
        for p in files:
            mb = p.stat().st_size / 1e6
            r = _child(p, mode)
            key = f"{mode}_{p.stem}"
            figures[f"{key}_mb"] = round(mb, 1)
            figures[f"{key}_s"] = round(r["s"], 2)
            figures[f"{key}_cpu_s"] = round(r["cpu_s"], 2)
            figures[f"{key}_mb_per_s"] = round(mb / r["s"], 1)
            figures[f"{key}_rows_per_s"] = round(r["rows"] / r["s"])
            figures[f"{key}_peak_rss_mb"] = round(r["peak_rss_mb"])
            total_mb += mb
            total_s += r["s"]
            total_cpu += r["cpu_s"]
            total_rows += r["rows"]
            peak = max(peak, r["peak_rss_mb"])
            helper_peak = max(helper_peak, r["helper_peak_rss_mb"])
        figures[f"{mode}_total_s"] = round(total_s, 2)
        figures[f"{mode}_total_cpu_s"] = round(total_cpu, 2)
        figures[f"{mode}_mb_per_s"] = round(total_mb / total_s, 1)
        figures[f"{mode}_mb_per_cpu_s"] = round(total_mb / total_cpu, 1)
        figures[f"{mode}_rows_per_s"] = round(total_rows / total_s)
        figures[f"{mode}_peak_rss_mb"] = round(peak)
        figures[f"{mode}_helper_peak_rss_mb"] = round(helper_peak)
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    return figures


if __name__ == "__main__":
    res = run(Path(__file__).resolve().parent / "out" / "twitter_api")
    for key, value in res.items():
        print(f"{key}: {value}")
