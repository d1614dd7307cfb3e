"""The transparency page: counts, tree head and SVG charts for the provider's own party, the
report files to download, bad input kept on the page (422), nothing personal on it."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.server.web.webtools import sign_in
from tests.workflows.transparency_helpers import (
    ALICE,
    check_evidence,
    load_quarter,
    moderate,
    new_clock,
)

PERIOD = {"start": "2026-01-01", "end": "2100-01-01"}


@pytest.fixture
def loaded(context: Context, world: World) -> None:
    load_quarter(context, world, new_clock())
    moderate(context, world)


@pytest.mark.parametrize("role", ["admin", "analyst", "reviewer", "auditor"])
def test_page_renders_counts_and_charts(
    client: TestClient, world: World, loaded: None, role: str
) -> None:
    sign_in(client, world.provider[role].username)
    page = client.get("/transparency", params=PERIOD)
    assert page.status_code == 200, page.text[:800]
    html = page.text
    assert re.search(r'id="stat-received">6<', html)
    assert html.count('<figure class="chart"') == 6
    assert 'id="chart-by-outcome"' in html and "<svg" in html
    root = re.search(r'id="tree-root">([0-9a-f]{64})<', html)
    assert root is not None
    for secret in (ALICE, "FBI", "user-p1", "analyst@provider"):
        assert secret not in html.split("<main", 1)[1]
    link = re.search(r'href="(/transparency/report\.json\?[^"]+)"', html)
    assert link is not None
    report = client.get(link.group(1).replace("&amp;", "&"))
    assert report.status_code == 200
    assert "attachment" in report.headers["content-disposition"]
    body = json.loads(report.content)
    assert body["tree_head"]["root_hash"] == root.group(1)
    check_evidence(body)
    table = client.get(link.group(1).replace("&amp;", "&").replace("report.json", "report.csv"))
    assert "requests.received,6" in table.text.splitlines()


def test_default_period_and_bad_input(client: TestClient, world: World) -> None:
    sign_in(client, world.provider["auditor"].username)
    assert client.get("/transparency").status_code == 200
    for params in (
        {"start": "2026-03-01", "end": "2026-02-01"},
        {"start": "2026-02-30", "end": "2026-03-01"},
        PERIOD | {"tree_size": "abc"},
        PERIOD | {"tree_size": "999999999"},
    ):
        page = client.get("/transparency", params=params)
        assert page.status_code == 422, params
        assert 'role="alert"' in page.text
    assert client.get("/transparency/report.xml", params=PERIOD).status_code == 422


def test_an_agency_has_no_report(client: TestClient, world: World) -> None:
    sign_in(client, world.us["admin"].username)
    page = client.get("/transparency", params=PERIOD)
    assert page.status_code == 422
    assert "provider parties" in page.text


def test_signed_out_is_sent_to_login(client: TestClient) -> None:
    answer = client.get("/transparency", follow_redirects=False)
    assert answer.status_code in (303, 401)


def test_public_check_page_verifies_a_published_file(
    client: TestClient, world: World, loaded: None, context: Context
) -> None:
    with context.read(world.provider["auditor"].actor) as unit:
        from lawbridge.domain import transparency as rules
        from lawbridge.workflows import transparency

        report = transparency.build_report(unit, world.provider.id, PERIOD["start"], PERIOD["end"])
        published = rules.report_bytes(report)
    anonymous = TestClient(client.app)
    assert anonymous.get("/transparency/check").status_code == 200
    files = {"report": ("report.json", published, "application/json")}
    checked = anonymous.post("/transparency/check", files=files)
    assert checked.status_code == 200, checked.text[:800]
    assert 'id="check-ok"' in checked.text and re.search(r'id="stat-received">6<', checked.text)
    assert checked.text.count('<figure class="chart"') == 6
    forged = json.loads(published)
    forged["evidence"][0]["leaf_hash"] = "00" * 32
    files = {"report": ("report.json", json.dumps(forged).encode(), "application/json")}
    failed = anonymous.post("/transparency/check", files=files)
    assert failed.status_code == 422
    assert 'id="check-failed"' in failed.text and "is not in the tree" in failed.text
    assert 'id="stat-received"' not in failed.text  # a report that fails is not drawn
    files = {"report": ("junk.json", b"{junk", "application/json")}
    junk = anonymous.post("/transparency/check", files=files)
    assert junk.status_code == 422 and "not a JSON report" in junk.text
