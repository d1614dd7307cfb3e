"""Walking the UI in Debian's Chromium: sign in as an auditor, open the audit log, verify the chain.

Needs ``/usr/bin/chromium`` (``apt-get install -y chromium fonts-wqy-microhei``); never
``playwright install``. Skips without it, which ``CI=true`` turns into a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from lawbridge.fixtures import demo
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-wqy-microhei")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-US")
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


def _watch_console(page: Page) -> list[str]:
    """Console errors (a CSP violation, an htmx failure) collected while the test runs."""
    errors: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def _sign_in(page: Page, base: str, username: str, next_path: str = "/") -> None:
    page.goto(f"{base}/login?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{base}{next_path}")


def test_auditor_walk_verifies_the_chain(live_server: str, page: Page, tmp_path: Path) -> None:
    errors = _watch_console(page)
    page.goto(f"{live_server}/audit")
    expect(page).to_have_url(f"{live_server}/login?next=%2Faudit")
    _sign_in(page, live_server, demo.username("auditor", "us-doj"), "/")
    expect(page.locator("h1")).to_have_text("Dashboard")
    expect(page.locator("#chain-status")).to_contain_text("events committed under Merkle root")
    page.click("#chain-verify")
    expect(page.locator("#chain-result")).to_contain_text("OK")  # swapped in by htmx
    page.screenshot(path=str(tmp_path / "dashboard-en.png"), full_page=True)
    page.click("nav.sidebar >> text=Audit log")
    expect(page.locator("h1")).to_have_text("Audit log")
    expect(page.locator("table.audit tbody tr").first).to_be_visible()
    page.click("#verify-button")
    expect(page.locator("#verify-result")).to_contain_text("OK")
    expect(page).to_have_url(f"{live_server}/audit")  # swapped in place, no navigation
    page.screenshot(path=str(tmp_path / "audit-en.png"), full_page=True)
    page.click("header >> text=Sign out")
    expect(page).to_have_url(f"{live_server}/login")
    assert errors == []


def test_chinese_walk(live_server: str, page: Page, tmp_path: Path) -> None:
    errors = _watch_console(page)
    _sign_in(page, live_server, demo.username("auditor", "cn-mps"))
    expect(page.locator("h1")).to_have_text("概览")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("nav.sidebar")).to_contain_text("审计日志")
    expect(page.locator("nav.sidebar")).to_contain_text("合作案件")
    page.click("#chain-verify")
    expect(page.locator("#chain-result")).to_contain_text("通过")
    page.screenshot(path=str(tmp_path / "dashboard-zh.png"), full_page=True)
    page.click("nav.sidebar >> text=审计日志")
    expect(page.locator("h1")).to_have_text("审计日志")
    page.click("#verify-button")
    expect(page.locator("#verify-result")).to_contain_text("审计链校验通过")
    page.screenshot(path=str(tmp_path / "audit-zh.png"), full_page=True)
    page.click("button[name=locale][value=en]")
    expect(page.locator("h1")).to_have_text("Audit log")
    page.click("button[name=locale][value=zh_Hans]")
    expect(page.locator("h1")).to_have_text("审计日志")
    assert errors == []


def test_reviewer_dismisses_a_hit_seen_side_by_side(
    live_server: str, page: Page, tmp_path: Path
) -> None:
    """The demo screened batch records against the shared red-notice list: review one hit."""
    errors = _watch_console(page)
    _sign_in(page, live_server, demo.username("reviewer", "us-doj"))
    page.click("nav.sidebar >> text=Hit review")
    expect(page.locator("h1")).to_have_text("Hit review queue")
    page.locator("#matches tbody tr a").first.click()
    expect(page.locator("h1")).to_have_text("Potential match")
    expect(page.locator("#match-status")).to_have_text("Open")
    side = page.locator("#side-by-side")
    expect(side.locator("#screened-heading")).to_be_visible()
    expect(side.locator("#entry-heading")).to_be_visible()
    screened, entry = side.locator("section").nth(0), side.locator("section").nth(1)
    screened_box, entry_box = screened.bounding_box(), entry.bounding_box()
    assert screened_box and entry_box and screened_box["x"] < entry_box["x"]  # side by side
    assert abs(screened_box["y"] - entry_box["y"]) < 2
    expect(page.locator("#why-heading")).to_be_visible()
    page.screenshot(path=str(tmp_path / "hit-en.png"), full_page=True)
    page.check("input[name=decision][value=dismiss]")
    page.fill("textarea[name=reason]", "Different person: birth date and ID do not agree.")
    page.click("#decision-form button[type=submit]")
    expect(page.locator("#match-status")).to_have_text("Dismissed")
    expect(page.locator("main")).to_contain_text(
        "Different person: birth date and ID do not agree."
    )
    assert errors == []
