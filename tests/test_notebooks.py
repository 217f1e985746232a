"""Every curated notebook runs top to bottom: on the sample, and on a one-account own-posts-only archive."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import DATA_SAMPLE, ROOT

pytestmark = [pytest.mark.notebooks, pytest.mark.xdist_group("notebooks")]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.py"))


def to_ipynb(src: Path, dest: Path) -> Path:
    import jupytext

    nb = jupytext.read(src)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    jupytext.write(nb, dest, fmt="ipynb")
    return dest


def execute(src: Path, tmp: Path, **parameters) -> dict:
    import papermill as pm

    nb_in = to_ipynb(src, tmp / src.with_suffix(".ipynb").name)
    nb_out = tmp / ("out-" + nb_in.name)
    pm.execute_notebook(
        str(nb_in),
        str(nb_out),
        parameters=parameters,
        cwd=str(ROOT / "notebooks"),
        kernel_name="python3",
        progress_bar=False,
        request_save_on_cell_execute=False,
        # Now and then the client misses the wake-up for a cell's reply that has arrived
        # (asyncio + ZMQ) and only reads it when this timeout expires, then goes on without
        # error; seen after cells that open widgets. No cell here needs more than ~20 s.
        execution_timeout=90,
    )
    return json.loads(nb_out.read_text())


def own_posts_only_export(tmp: Path) -> Path:
    """One account's Twitter archive from the sample, alone: own posts only."""
    zips = sorted((DATA_SAMPLE).rglob("twitter-*.zip"))
    if not zips:
        pytest.skip("data/sample has no Twitter archive zip yet")
    dest = tmp / "solo"
    dest.mkdir()
    shutil.copy(zips[0], dest / zips[0].name)
    return dest


def test_there_are_five_notebooks_as_jupytext_sources():
    assert [p.name[:3] for p in NOTEBOOKS] == ["01-", "02-", "03-", "04-", "05-"]
    for p in NOTEBOOKS:
        head = p.read_text().splitlines()[:12]
        assert any(
            line.startswith("# format_name: percent") or "jupytext" in line for line in head
        ), p
        assert (
            "outputs" not in p.read_text()[:0]
        )  # py:percent sources carry no outputs by construction


@pytest.mark.parametrize("src", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_on_the_sample(src, tmp_path):
    if not (DATA_SAMPLE / "accounts.toml").exists():
        pytest.skip("data/sample is not generated yet")
    nb = execute(src, tmp_path, REPORT_PATH=str(tmp_path / "report.html"))
    errors = [
        o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"
    ]
    assert errors == []


@pytest.mark.parametrize("src", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_on_an_own_posts_only_archive(src, tmp_path):
    solo = own_posts_only_export(tmp_path)
    nb = execute(
        src,
        tmp_path,
        ARCHIVE_PATHS=[str(solo)],
        ACCOUNTS_FILE=None,
        REPORT_PATH=str(tmp_path / "solo.html"),
    )
    errors = [
        o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"
    ]
    assert errors == []


def test_report_notebook_and_cli_give_the_same_metric_table(tmp_path):
    if not (DATA_SAMPLE / "accounts.toml").exists():
        pytest.skip("data/sample is not generated yet")
    import re

    from toolkit.cli import main

    src = ROOT / "notebooks" / "05-campaign-report.py"
    nb_report = tmp_path / "nb.html"
    execute(
        src,
        tmp_path,
        ARCHIVE_PATHS=[str(DATA_SAMPLE)],
        ACCOUNTS_FILE=str(DATA_SAMPLE / "accounts.toml"),
        REPORT_PATH=str(nb_report),
        SINCE="2012-08-01",
        TITLE="Same numbers",
    )
    cli_report = tmp_path / "cli.html"
    assert (
        main(
            [
                "report",
                str(DATA_SAMPLE),
                "--accounts",
                str(DATA_SAMPLE / "accounts.toml"),
                "--since",
                "2012-08-01",
                "--title",
                "Same numbers",
                "-o",
                str(cli_report),
            ]
        )
        == 0
    )

    def table(p):
        return re.search(r'<section id="metrics">.*?</section>', p.read_text(), re.S).group(0)

    assert table(nb_report) == table(cli_report)
