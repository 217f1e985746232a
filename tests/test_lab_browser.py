"""A real JupyterLab in headless Chromium: notebook 2 runs, the date slider changes the chart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from .browser import browser_page
from .conftest import DATA_SAMPLE, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.notebooks, pytest.mark.xdist_group("lab")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    import jupytext

    if not (DATA_SAMPLE / "accounts.toml").exists():
        pytest.skip("data/sample is not generated yet")
    nb = jupytext.read(ROOT / "notebooks" / "02-conversation-habits.py")
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = (
                f"ARCHIVE_PATHS = [{str(DATA_SAMPLE)!r}]\n"
                f"ACCOUNTS_FILE = {str(DATA_SAMPLE / 'accounts.toml')!r}\n"
            )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    jupytext.write(nb, tmp_path / "habits.ipynb", fmt="ipynb")
    port, token = free_port(), "toolkit-test"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--notebook-dir={tmp_path}",
            "--LabApp.news_url=",
            "--LabServerApp.open_browser=False",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/lab/tree/habits.ipynb?token={token}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


#: the charts drawn by Altair's JupyterChart widgets (vega-embed, SVG renderer)
CHARTS = ".jp-OutputArea .vega-embed svg.marks"


def charts_text(page) -> str:
    """The text of every chart drawn in the notebook (titles, credit line with the period, labels)."""
    return page.evaluate(
        "(sel) => Array.from(document.querySelectorAll(sel)).map(s => s.textContent).join('|')",
        CHARTS,
    )


def test_notebook_2_in_jupyterlab_reacts_to_the_date_slider(lab):
    with browser_page(allow_hosts=("127.0.0.1",)) as (page, log):
        page.goto(lab)
        page.wait_for_selector(".jp-Notebook", timeout=60_000)
        page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=120_000)  # kernel up
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        # the explorer's charts are drawn in the browser from their specs, offline
        page.wait_for_function(
            "(sel) => document.querySelectorAll(sel).length >= 2", arg=CHARTS, timeout=180_000
        )
        before = charts_text(page)
        assert before
        # move the upper handle of the date slider back with the keyboard (noUiSlider's own
        # keyboard support: the same change event as a drag, without pixel arithmetic)
        handle = page.locator(".widget-slider .noUi-handle-upper").last
        handle.scroll_into_view_if_needed()
        handle.focus()
        changed = (
            "([sel, b]) => { const t = Array.from(document.querySelectorAll(sel))"
            ".map(s => s.textContent).join('|'); return t && t !== b; }"
        )
        # one press: the time until the charts are drawn again is written down (kernel,
        # messages and Vega's drawing; not asserted, the machines are shared)
        started = time.perf_counter()
        handle.press("PageDown")
        try:
            page.wait_for_function(changed, arg=[CHARTS, before], timeout=20_000)
            latency = f"{(time.perf_counter() - started) * 1000:.0f} ms"
        except Exception:  # noqa: BLE001 - a press too small to change the period: move on
            for _ in range(9):
                handle.press("PageDown")
            page.wait_for_function(changed, arg=[CHARTS, before], timeout=120_000)
            latency = "not measured (one press did not change the period)"
        art = ROOT / "tests" / "artifacts"
        art.mkdir(parents=True, exist_ok=True)
        (art / "lab-slider-latency.txt").write_text(
            f"date slider moved -> charts drawn again in JupyterLab: {latency}\n"
        )
        page.screenshot(path=str(art / "lab-notebook-2.png"))
        assert charts_text(page) != before
        assert log.page_errors == []
        assert log.blocked == [], "JupyterLab or a chart tried to reach the network"
