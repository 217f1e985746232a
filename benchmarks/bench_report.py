"""The report on the `--scale 100` sample (about 0.8-1M rows): load, metrics, charts, HTML.

Target (issue 7): the report in <= 15 s on 2 cores and the file under 3 MB.
"""

from __future__ import annotations

import os
import resource
import time
import warnings
from pathlib import Path


def run(out_dir: Path, scale: float = float(os.environ.get("BENCH_SCALE", "100"))) -> dict:
    from toolkit import load, report
    from toolkit.samples import generate

    out_dir.mkdir(parents=True, exist_ok=True)
    data = out_dir / f"sample-x{scale:g}"
    if not (data / "accounts.toml").exists():
        t0 = time.perf_counter()
        generate(data, scale=scale)
        gen_s = time.perf_counter() - t0
    else:
        gen_s = None
    size = sum(f.stat().st_size for f in data.rglob("*") if f.is_file())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        archive = load(data, accounts_file=data / "accounts.toml")
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        html = report.build(archive, out=out_dir / "report.html", inputs=[])
        report_s = time.perf_counter() - t0
    return {
        "scale": scale,
        "generate_s": None if gen_s is None else round(gen_s, 1),
        "input_mb": round(size / 1e6, 1),
        "rows": archive.posts.height,
        "load_s": round(load_s, 1),
        "load_mb_per_s": round(size / 1e6 / load_s, 1),
        "report_s": round(report_s, 1),
        "report_mb": round(html.stat().st_size / 1e6, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
