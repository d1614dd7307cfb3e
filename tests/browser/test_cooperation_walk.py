"""Walking a cooperation request in Debian's Chromium, from one party's outbox to the other's
inbox and back (issue 6's acceptance): the US analyst drafts an extradition request, answers the
Article 3 checklist and sends it; the Chinese analyst (whose pages are in Chinese) finds it in the
inbox, acknowledges it, works it and fulfils it with a message; the US analyst sees the outcome.

Selectors use ids, names and status classes, never visible text, so both languages walk the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from lawbridge.fixtures import demo
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser
TITLE = "Extradition of an invented fraud suspect (browser walk)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-wqy-microhei")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _signed_in(browser: Browser, base: str, slug: str) -> tuple[BrowserContext, Page, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base}/login")
    page.fill("input[name=username]", demo.username("analyst", slug))
    page.fill("input[name=password]", demo.DEMO_PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{base}/")
    return context, page, errors


def _status(page: Page, status: str) -> None:
    expect(page.locator("#request-status")).to_have_class(re.compile(rf"\brequest-{status}\b"))


def _draft_and_send(page: Page, base: str) -> str:
    page.goto(f"{base}/cooperation/requests?box=outbox")
    page.click("a.button[href='/cooperation/requests/new']")
    page.select_option("#kind-form select[name=kind]", "extradition")
    page.click("#kind-form button[type=submit]")
    form = page.locator("#request-form")
    form.locator("select[name=recipient]").select_option("cn-mps")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=legal_basis]").fill("Reciprocity (synthetic)")
    form.locator("input[name=el_subject_name]").fill("Invented Suspect")
    form.locator("input[name=el_offences][value=fraud]").check()
    form.locator("select[name=el_sought_for]").select_option("prosecution")
    form.locator("input[name=el_penalty_max_months]").fill("120")
    for name in ("offence_description", "facts_summary", "legal_provisions"):
        form.locator(f"textarea[name=el_{name}]").fill(f"synthetic {name}")
    form.locator("input[name=el_warrant_reference]").fill("W-BROWSER-1")
    form.locator("button[type=submit]").click()
    _status(page, "draft")
    expect(page.locator("#missing-elements")).to_have_count(0)
    for question in ("political", "military", "religious", "racial"):
        page.check(f"#send-form input[name=a3_{question}][value=no]")
        page.fill(f"#send-form input[name=a3_{question}_note]", "ordinary-law fraud")
    page.click("#send-button")
    _status(page, "sent")
    expect(page.locator("#article3-answers li")).to_have_count(4)
    return page.url


def _act(page: Page, action: str, note: str) -> None:
    page.select_option("#action-form select[name=action]", action)
    page.fill("#action-form input[name=note]", note)
    page.click("#action-button")


def test_a_request_walks_from_outbox_to_inbox_and_back(
    live_server: str, browser: Browser, tmp_path: Path
) -> None:
    us_context, us, us_errors = _signed_in(browser, live_server, "us-doj")
    url = _draft_and_send(us, live_server)
    us.goto(f"{live_server}/cooperation/requests?box=outbox")
    expect(us.locator("#requests").get_by_text(TITLE)).to_be_visible()
    us.screenshot(path=str(tmp_path / "outbox-en.png"), full_page=True)

    cn_context, cn, cn_errors = _signed_in(browser, live_server, "cn-mps")
    expect(cn.locator("html")).to_have_attribute("lang", "zh-Hans")
    cn.goto(f"{live_server}/cooperation/requests?box=inbox")
    cn.locator("#requests a", has_text=TITLE).click()
    assert cn.url == url
    _status(cn, "sent")
    expect(cn.locator("#request-clocks tr.phase-running")).to_have_count(1)
    _act(cn, "acknowledge", "已收到（合成）")
    _status(cn, "acknowledged")
    expect(cn.locator("#request-clocks tr.phase-stopped")).to_have_count(1)
    _act(cn, "start", "")
    _status(cn, "in_progress")
    _act(cn, "fulfil", "嫌疑人已移交（合成）")
    _status(cn, "fulfilled")
    cn.fill("#message-form textarea[name=body]", "请查收移交记录（合成）。")
    cn.click("#message-form button[type=submit]")
    expect(cn.locator("#messages article.party-own")).to_have_count(1)
    cn.screenshot(path=str(tmp_path / "request-zh.png"), full_page=True)

    us.goto(f"{live_server}/cooperation/requests?box=outbox&status=fulfilled")
    us.locator("#requests a", has_text=TITLE).click()
    _status(us, "fulfilled")
    expect(us.locator("#messages article.party-other")).to_contain_text("请查收移交记录")
    history = us.locator("#request-events")
    expect(history).to_contain_text("Ministry of Public Security (demo)")
    expect(history).to_contain_text("嫌疑人已移交（合成）")
    expect(us.locator("#action-form")).to_have_count(0)  # nothing left for either side to do
    us.screenshot(path=str(tmp_path / "request-en.png"), full_page=True)
    us_context.close()
    cn_context.close()
    assert us_errors == [] and cn_errors == []


def test_the_statistics_and_the_case_file_render_in_the_browser(
    live_server: str, browser: Browser, tmp_path: Path
) -> None:
    context, page, errors = _signed_in(browser, live_server, "us-doj")
    page.goto(f"{live_server}/cooperation/cases")
    expect(page.locator("#cases tbody tr").first).to_be_visible()
    page.locator("#cases tbody tr a").first.click()
    expect(page.locator("#case-timeline")).to_be_visible()
    expect(page.locator("#case-facts")).not_to_contain_text("PRC Criminal Law")  # law unshared
    context.close()
    context, page, more = _signed_in(browser, live_server, "cn-mps")
    page.goto(f"{live_server}/cooperation/cases")
    page.select_option("#case-filters select[name=status]", "located")
    page.click("#case-filters button[type=submit]")  # htmx swaps the page in and pushes the URL
    expect(page).to_have_url(re.compile(r"status=located"))
    expect(page.locator("#cases tbody tr")).to_have_count(15)
    expect(page.locator("#cases .badge.case-located")).to_have_count(15)
    page.goto(f"{live_server}/cooperation/statistics")
    expect(page.locator("#stat-listed")).to_have_text("100")
    expect(page.locator("#stat-returned")).to_have_text("41")
    expect(page.locator("svg.chart-svg")).to_have_count(6)
    expect(page.locator("#chart-returns rect.bar").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "statistics-zh.png"), full_page=True)
    context.close()
    assert errors == [] and more == []
