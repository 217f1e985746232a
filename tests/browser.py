"""Headless Chromium through Playwright, with the network blocked (see TOOLING.md)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

FLAGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class PageLog:
    console_errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Debian's chromium is not on PATH (apt-get install chromium)")
    return path


@contextlib.contextmanager
def browser_page(*, allow_hosts: tuple[str, ...] = ()) -> Iterator[tuple[object, PageLog]]:
    """A Playwright page whose only allowed requests are file:// URLs and ``allow_hosts``."""
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    log = PageLog()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=FLAGS, headless=True)
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        if not allow_hosts:
            context.set_offline(True)

        def route(r):
            url = r.request.url
            if url.startswith(("file://", "data:", "blob:")) or any(h in url for h in allow_hosts):
                return r.continue_()
            log.blocked.append(url)
            return r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                log.console.append(m.text),
                m.type == "error" and log.console_errors.append(m.text),
            ),
        )
        page.on("pageerror", lambda e: log.page_errors.append(str(e)))

        def on_dialog(d):
            log.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        try:
            yield page, log
        finally:
            context.close()
            browser.close()
