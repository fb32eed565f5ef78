"""What every browser test needs: the real `tkgraph serve` on the bundled data
and Debian's headless Chromium, driven by Playwright (its own browser download
is never used)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import ONTOLOGY, SEED
from tests.servers import tkgraph_server

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and nothing that reaches beyond this machine.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    args = ["--ontology", str(ONTOLOGY), "--seed", str(SEED)]
    with tkgraph_server(args, tmp_path_factory.mktemp("serve")) as (base, _):
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # No skip: CI installs chromium (scripts/install-system-deps), so a missing one is a failure.
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run `bash scripts/install-system-deps`."
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab; the test fails if the page raised a script error."""
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert not errors, errors
