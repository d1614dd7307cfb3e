"""Watchlist and screening pages: every role, the screening form, the review queue, decisions, isolation."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from lawbridge.engines.names import PersonRecord
from lawbridge.workflows import screening, watchlists
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.contracts.state import snapshot
from tests.server.web.webtools import form_token, sign_in

ENTRIES = [
    {
        "id": "F-1",
        "name": "郭明华",
        "aliases": ["Guo Minghua"],
        "birth_date": "1962-03-14",
        "nationality": "CN",
        "gender": "male",
        "legal_basis": "arrest warrant, Art. 382 Criminal Law (embezzlement)",
    },
    {"id": "F-2", "name": "Henrik Lindqvist", "birth_date": "1950-09", "nationality": "SE"},
    {"id": "F-3", "name": "王秀英", "aliases": ["Wang Xiuying"], "birth_date": "1971"},
]
ROLES = ("admin", "analyst", "reviewer", "auditor")


@dataclass
class Setup:
    list_id: str
    entries: dict[str, str]
    match_id: str


@pytest.fixture
def setup(context: Context, world: World) -> Setup:
    """Party cn's list (F-3 returned and delisted) and one open potential match from a screening."""
    analyst = world.cn["analyst"].actor
    with context.write(analyst) as unit:
        watchlist = watchlists.create_watchlist(unit, name="Red notices (test)", kind="red_notice")
        watchlists.import_records(unit, watchlist.id, ENTRIES, source="test")
        found = watchlists.list_entries(unit, watchlist.id, limit=10)
        ids = {e.external_id: e.id for e in found}
        watchlists.delist_entry(
            unit, ids["F-3"], reason="returned on 2017-05-02", route="returned_extradited"
        )
        record = PersonRecord.from_dict({"name": "郭明华", "birth_date": "1962-03-14"})
        result = screening.screen_record(unit, record, subject_ref="manifest row 7")
    alerts = [hit for hit in result.alerts if hit.entry_id == ids["F-1"]]
    assert alerts and alerts[0].match_id
    return Setup(watchlist.id, ids, alerts[0].match_id)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_renders_for_every_role(
    client: TestClient, world: World, setup: Setup, role: str
) -> None:
    sign_in(client, world.cn[role].username)
    pages = [
        "/watchlists",
        f"/watchlists/{setup.list_id}",
        f"/watchlists/entries/{setup.entries['F-1']}",
        "/screening",
        "/screening/matches",
        f"/screening/matches/{setup.match_id}",
    ]
    for path in pages:
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text[:500])
        assert "<main" in answer.text
    nav = client.get("/").text
    assert 'href="/watchlists"' in nav and 'href="/screening/matches"' in nav
    detail = client.get(f"/screening/matches/{setup.match_id}").text
    can_review, can_write = role in ("admin", "reviewer"), role in ("admin", "analyst")
    assert ('id="decision-form"' in detail) == can_review
    listing = client.get(f"/watchlists/{setup.list_id}").text
    assert ('action="/watchlists/' in listing and "/import" in listing) == can_write
    form = client.get("/screening").text
    assert ('<form method="post" action="/screening"' in form) == can_write


def test_list_page_searches_and_shows_delisted_routes(
    client: TestClient, world: World, setup: Setup
) -> None:
    sign_in(client, world.cn["auditor"].username)
    base = f"/watchlists/{setup.list_id}"
    listed = client.get(base).text
    assert "郭明华" in listed and "王秀英" not in listed
    delisted = client.get(base, params={"status": "delisted"}).text
    assert "王秀英" in delisted and "郭明华" not in delisted
    assert "Returned: extradited" in delisted
    everything = client.get(base, params={"status": "all", "q": "lindq"}).text
    assert "Henrik Lindqvist" in everything and "郭明华" not in everything
    assert 'scope="col"' in listed and "<label>" in listed  # headers and labelled controls
    entry = client.get(f"/watchlists/entries/{setup.entries['F-3']}").text
    assert "returned on 2017-05-02" in entry


def test_screening_form_shows_candidates_and_links_the_hit(
    client: TestClient, world: World, setup: Setup
) -> None:
    token = sign_in(client, world.cn["analyst"].username)
    answer = client.post(
        "/screening",
        data={
            "name": "Guo Minghua",
            "birth_date": "1962",
            "nationality": "CN",
            "csrf_token": token,
        },
    )
    assert answer.status_code == 200, answer.text
    assert "郭明华" in answer.text and "F-1" in answer.text
    assert re.search(r'href="/screening/matches/[0-9a-f-]{36}"', answer.text)
    fragment = client.post(
        "/screening",
        data={"name": "郭明华", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and 'id="screen-results"' in fragment.text


def test_screening_form_reports_bad_input(client: TestClient, world: World, setup: Setup) -> None:
    token = sign_in(client, world.cn["analyst"].username)
    answer = client.post(
        "/screening", data={"name": "郭明华", "birth_date": "1985-13-40", "csrf_token": token}
    )
    assert answer.status_code == 422
    assert "birth_date" in answer.text or "birth date" in answer.text.lower()
    assert 'value="郭明华"' in answer.text  # the form keeps what was typed
    fragment = client.post(
        "/screening",
        data={"name": "", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200  # htmx swaps only 2xx answers
    assert 'role="alert"' in fragment.text and "<html" not in fragment.text


def test_match_page_shows_both_records_and_the_explanation(
    client: TestClient, world: World, setup: Setup
) -> None:
    sign_in(client, world.cn["reviewer"].username)
    page = client.get(f"/screening/matches/{setup.match_id}").text
    side = page.split('id="side-by-side"', 1)[1].split('id="why-heading"', 1)[0]
    screened, entry = side.split('id="entry-heading"', 1)
    assert "郭明华" in screened and "manifest row 7" in screened
    assert "Guo Minghua" in entry and "Art. 382" in entry and "F-1" in entry
    assert "Why the engine matched them" in page and "Birth date" in page


def _decide(client: TestClient, match_id: str, token: str, decision: str, reason: str) -> int:
    answer = client.post(
        f"/screening/matches/{match_id}/decision",
        data={"decision": decision, "reason": reason, "csrf_token": token},
        follow_redirects=False,
    )
    return answer.status_code


def test_a_reviewer_dismisses_with_a_reason(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    token = sign_in(client, world.cn["reviewer"].username)
    before = snapshot(context)
    assert _decide(client, setup.match_id, token, "dismiss", "  ") == 422
    assert snapshot(context) == before
    assert _decide(client, setup.match_id, token, "dismiss", "different person: ID differs") == 303
    page = client.get(f"/screening/matches/{setup.match_id}").text
    assert re.search(r'id="match-status">Dismissed<', page)
    assert "different person: ID differs" in page
    assert _decide(client, setup.match_id, token, "escalate", "again") == 422  # not from dismissed
    with context.read(world.cn["reviewer"].actor) as unit:
        assert screening.get_potential_match(unit, setup.match_id).match.status == "dismissed"
    queue = client.get("/screening/matches", params={"status": "dismissed"}).text
    assert setup.match_id in queue


def test_decisions_need_the_csrf_token_and_the_reviewer_role(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    token = sign_in(client, world.cn["reviewer"].username)
    before = snapshot(context)
    assert _decide(client, setup.match_id, "", "confirm", "same person") == 403
    assert _decide(client, setup.match_id, token + "x", "confirm", "same person") == 403
    assert snapshot(context) == before
    analyst = TestClient(client.app)
    analyst_token = sign_in(analyst, world.cn["analyst"].username)
    before = snapshot(context)
    assert _decide(analyst, setup.match_id, analyst_token, "confirm", "same person") == 403
    assert snapshot(context) == before


def test_other_parties_see_nothing_until_shared(
    client: TestClient, world: World, context: Context, setup: Setup
) -> None:
    sign_in(client, world.us["admin"].username)
    assert "Red notices (test)" not in client.get("/watchlists").text
    for path in (
        f"/watchlists/{setup.list_id}",
        f"/watchlists/entries/{setup.entries['F-1']}",
        f"/screening/matches/{setup.match_id}",
    ):
        assert client.get(path).status_code == 404, path
    assert setup.match_id not in client.get("/screening/matches?status=all").text
    with context.write(world.cn["analyst"].actor) as unit:
        watchlists.share_watchlist(unit, setup.list_id, grantee="us-agency")
    listing = client.get("/watchlists").text
    assert "Red notices (test)" in listing and "shared with your party" in listing
    shared = client.get(f"/watchlists/{setup.list_id}").text
    assert "郭明华" in shared and "/import" not in shared  # readers do not import
    assert client.get(f"/screening/matches/{setup.match_id}").status_code == 404  # never shared
    token = form_token(shared)
    refused = client.post(
        f"/watchlists/{setup.list_id}/import",
        data={"format": "lawbridge", "csrf_token": token},
        files={"file": ("x.jsonl", b'{"id": "X-1", "name": "Zhang San"}\n')},
    )
    assert refused.status_code in (403, 404)


def test_import_form_adds_entries_and_reports_bad_lines(
    client: TestClient, world: World, setup: Setup
) -> None:
    token = sign_in(client, world.cn["analyst"].username)
    body = (
        '{"id": "F-9", "name": "欧阳建国", "aliases": ["Ouyang Jianguo"], "birth_date": "1966"}\n'
        '{"id": "F-10", "name": "", "birth_date": "1966"}\n'
    ).encode()
    answer = client.post(
        f"/watchlists/{setup.list_id}/import",
        data={"format": "lawbridge", "csrf_token": token},
        files={"file": ("list.jsonl", body, "application/x-ndjson")},
    )
    assert answer.status_code == 200, answer.text
    assert 'id="import-report"' in answer.text
    assert "1 added" in answer.text and "1 failed" in answer.text and "line 2" in answer.text
    assert "欧阳建国" in client.get(f"/watchlists/{setup.list_id}", params={"q": "欧阳"}).text
    bad = client.post(
        f"/watchlists/{setup.list_id}/import",
        data={"format": "lawbridge", "csrf_token": token},
        files={"file": ("bad.jsonl", b"not json\n")},
    )
    assert bad.status_code == 422 and 'role="alert"' in bad.text
