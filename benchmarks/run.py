"""Run every benchmark in this folder (`make bench`).

Each ``bench_*.py`` module exposes ``run(out_dir: Path) -> dict``; this script
runs them in turn, prints their figures and writes them to
``benchmarks/out/results.json``. Pass module names to run a subset:
``python benchmarks/run.py twitter metrics`` (the other benches' figures already in
``results.json`` are kept).
"""

from __future__ import annotations

import importlib.util
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    wanted = set(argv)
    results = {}
    if wanted and (out / "results.json").exists():
        # a subset updates its own figures and keeps the other benches' last ones
        try:
            results = json.loads((out / "results.json").read_text())
        except ValueError:
            results = {}
    results["machine"] = {"python": platform.python_version(), "cpus": __import__("os").cpu_count()}
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {name}", flush=True)
        t0 = time.perf_counter()
        figures = module.run(out / name)
        figures["bench_wall_s"] = round(time.perf_counter() - t0, 1)
        results[name] = figures
        for k, v in figures.items():
            print(f"   {k}: {v}")
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str))
    print(f"figures written to {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
