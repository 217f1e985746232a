"""The report on the `--scale 100` generated sample (about 0.8M rows, 747 MB of exports).

Targets: ``metrics.compute`` in <= 5 s (issue 5) and the report in <= 15 s with
the file under 3 MB (issue 7), on 2 cores. Measured, each in a fresh process so
that nothing is shared between them:

- ``load``: ``toolkit.load`` of the exports (then saved as parquet for the rest);
- ``compute``: ``metrics.compute(archive)`` on the loaded archive, cold (the row
  features are built in it), and ``compute(by="person")`` after it;
- ``report_build``: ``toolkit.report.build(archive)`` on the loaded archive (three
  ``compute`` calls, chart frames, charts, HTML), cold;
- ``cli``: ``toolkit report DIR -o FILE`` end to end, as a user runs it (start-up,
  loading, SHA-256 of every input file, the report).

Set ``BENCH_SCALE`` for another size (``BENCH_SCALE=10`` is a quick run).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path


def _child(what: str, data: str, archive_dir: str, out: str) -> None:
    warnings.simplefilter("ignore")
    res: dict = {}
    if what == "load":
        from toolkit import load

        t0 = time.perf_counter()
        arc = load(data, accounts_file=Path(data) / "accounts.toml")
        res["load_s"] = round(time.perf_counter() - t0, 1)
        res["rows"] = arc.posts.height
        arc.to_parquet(archive_dir)
    elif what == "compute":
        from toolkit import text
        from toolkit.archive import Archive
        from toolkit.metrics import compute

        arc = Archive.read_parquet(archive_dir)
        compute(Archive(arc.posts.head(20_000), arc.accounts), n_boot=20)  # imports, lexicon
        text.analyser()  # NLTK's import (1.2 s when SciPy is installed) is not the computation
        t0 = time.perf_counter()
        compute(arc)
        res["compute_s"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        compute(arc, by="person")
        res["compute_again_by_person_s"] = round(time.perf_counter() - t0, 2)
    elif what == "report":
        from toolkit import report
        from toolkit.archive import Archive

        arc = Archive.read_parquet(archive_dir)
        t0 = time.perf_counter()
        html = report.build(arc, out=Path(out), inputs=[])
        res["report_build_s"] = round(time.perf_counter() - t0, 1)
        res["report_mb"] = round(html.stat().st_size / 1e6, 2)
    res[f"{what}_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(res))


def _run_child(what: str, data: Path, archive_dir: Path, out: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", what, str(data), str(archive_dir), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"report benchmark ({what}) failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(out_dir: Path, scale: float = float(os.environ.get("BENCH_SCALE", "100"))) -> dict:
    from toolkit.samples import generate

    out_dir.mkdir(parents=True, exist_ok=True)
    data = out_dir / f"sample-x{scale:g}"
    figures: dict = {"scale": scale}
    if not (data / "accounts.toml").exists():
        t0 = time.perf_counter()
        generate(data, scale=scale)
        figures["generate_s"] = round(time.perf_counter() - t0, 1)
    size = sum(f.stat().st_size for f in data.rglob("*") if f.is_file())
    figures["input_mb"] = round(size / 1e6, 1)
    archive_dir = out_dir / f"archive-x{scale:g}"
    figures.update(_run_child("load", data, archive_dir, out_dir / "unused.html"))
    figures["load_mb_per_s"] = round(size / 1e6 / figures["load_s"], 1)
    figures.update(_run_child("compute", data, archive_dir, out_dir / "unused.html"))
    figures.update(_run_child("report", data, archive_dir, out_dir / "report.html"))
    cli = [str(Path(sys.executable).with_name("toolkit")), "report", str(data), "--accounts",
           str(data / "accounts.toml"), "-o", str(out_dir / "report-cli.html")]  # fmt: skip
    t0 = time.perf_counter()
    subprocess.run(cli, check=True, capture_output=True)
    figures["cli_report_s"] = round(time.perf_counter() - t0, 1)
    figures["target_compute_s"] = 5.0
    figures["target_report_s"] = 15.0
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    return figures


if __name__ == "__main__":
    if len(sys.argv) > 5 and sys.argv[1] == "--child":
        _child(*sys.argv[2:6])
    else:
        res = run(Path(__file__).resolve().parent / "out" / "report")
        for key, value in res.items():
            print(f"{key}: {value}")
