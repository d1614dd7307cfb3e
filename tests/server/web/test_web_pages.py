"""The pages: dashboard, documents (need-to-know), the audit log (own party only) and htmx fragments."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from lawbridge.workflows import audit, documents
from lawbridge.workflows.unit import Context
from tests.conftest import Member, World
from tests.server.web.webtools import sign_in


def _create(context: Context, member: Member, title: str) -> str:
    with context.write(member.actor) as unit:
        return documents.create_document(unit, title=title, body="synthetic").id


def test_dashboard_shows_identity_roles_and_counts(
    client: TestClient, context: Context, world: World
) -> None:
    _create(context, world.cn["analyst"], "one")
    sign_in(client, world.cn["admin"].username)
    page = client.get("/").text
    assert "admin of cn-agency" in page
    assert "cn-agency (test)" in page
    assert "Administrator" in page
    assert re.search(r'id="document-count">1<', page)
    with context.read(world.cn["admin"].actor) as unit:
        events = audit.count_events(unit)
    assert re.search(rf'id="event-count">{events}<', page)
    with context.read(world.cn["admin"].actor) as unit:
        head = audit.current_tree_head(unit)
    assert head is not None and head.root_hash[:16] in page
    assert f"{head.tree_size} events committed under Merkle root" in page
    assert 'hx-get="/audit/verify"' in page  # verification runs on demand, not on every visit


def test_navigation_shows_each_account_its_own_areas(client: TestClient, world: World) -> None:
    sign_in(client, world.provider["analyst"].username)
    page = client.get("/").text
    assert 'href="/transparency"' in page and 'href="/provider/requests"' in page
    client.cookies.clear()
    sign_in(client, world.us["analyst"].username)
    page = client.get("/").text
    assert 'href="/transparency"' not in page  # a provider's areas are not an agency's
    assert 'href="/provider/requests"' not in page
    assert 'href="/privacy/scan"' in page
    assert "Content &amp; takedowns" in page or "Content & takedowns" in page
    assert 'href="/audit"' not in page  # an analyst has no audit area


def test_other_party_documents_are_hidden_until_shared(
    client: TestClient, context: Context, world: World
) -> None:
    secret_id = _create(context, world.us["analyst"], "US internal note")
    sign_in(client, world.cn["analyst"].username)
    assert "US internal note" not in client.get("/documents").text
    assert client.get(f"/documents/{secret_id}").status_code == 404
    with context.write(world.us["analyst"].actor) as unit:
        documents.share_document(unit, secret_id, grantee="cn-agency", permission="read")
    listing = client.get("/documents").text
    assert "US internal note" in listing
    assert "shared with your party" in listing
    detail = client.get(f"/documents/{secret_id}")
    assert detail.status_code == 200
    assert "synthetic" in detail.text
    assert "Share with another party" not in detail.text  # only the owner shares


def test_create_and_share_a_document_through_forms(
    client: TestClient, context: Context, world: World
) -> None:
    token = sign_in(client, world.cn["analyst"].username)
    answer = client.post(
        "/documents",
        data={"title": "关于协查的函", "body": "正文", "reference": "REF-1", "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    document_id = answer.headers["location"].rsplit("/", 1)[-1]
    detail = client.get(answer.headers["location"]).text
    assert "关于协查的函" in detail and "REF-1" in detail
    shared = client.post(
        f"/documents/{document_id}/shares",
        data={"party": "us-agency", "permission": "read", "csrf_token": token},
        follow_redirects=False,
    )
    assert shared.status_code == 303
    with context.read(world.us["analyst"].actor) as unit:
        assert documents.get_document(unit, document_id).title == "关于协查的函"
    with context.read(world.cn["auditor"].actor) as unit:
        actions = {e.action for e in audit.list_events(unit) if e.object_id == document_id}
    assert {"document.create", "share.grant"} <= actions


def test_invalid_document_reshows_the_form(client: TestClient, world: World) -> None:
    token = sign_in(client, world.cn["analyst"].username)
    answer = client.post("/documents", data={"title": "  ", "body": "kept", "csrf_token": token})
    assert answer.status_code == 422
    assert "title must not be empty" in answer.text
    assert ">kept</textarea>" in answer.text


def test_reviewer_cannot_create_documents(client: TestClient, world: World) -> None:
    token = sign_in(client, world.cn["reviewer"].username)
    assert "New document" not in client.get("/documents").text
    answer = client.post("/documents", data={"title": "nope", "csrf_token": token})
    assert answer.status_code == 403
    assert "<html" in answer.text


def test_audit_log_is_forbidden_to_an_analyst(client: TestClient, world: World) -> None:
    sign_in(client, world.cn["analyst"].username)
    answer = client.get("/audit")
    assert answer.status_code == 403
    assert answer.headers["content-type"].startswith("text/html")
    assert "Not allowed" in answer.text
    assert client.get("/audit/verify").status_code == 403


def test_auditor_sees_only_own_party_events(
    client: TestClient, context: Context, world: World
) -> None:
    us_doc = _create(context, world.us["analyst"], "us")
    cn_doc = _create(context, world.cn["analyst"], "cn")
    sign_in(client, world.cn["auditor"].username)
    page = client.get("/audit").text
    assert cn_doc in page
    assert us_doc not in page
    assert "analyst@us-agency" not in page
    assert "admin@us-agency" not in page
    with context.read(world.cn["auditor"].actor) as unit:
        own = audit.list_events(unit, limit=500)
    shown = [int(i) for i in re.findall(r'<td class="num">(\d+)</td>', page)]
    assert shown == [e.seq for e in own][: len(shown)]
    assert shown == sorted(shown, reverse=True)


def test_audit_log_pages_with_before(client: TestClient, context: Context, world: World) -> None:
    for n in range(55):
        _create(context, world.cn["analyst"], f"doc {n}")
    sign_in(client, world.cn["auditor"].username)
    first = client.get("/audit").text
    older = re.search(r'href="/audit\?before=(\d+)"', first)
    assert older is not None
    rows = [int(i) for i in re.findall(r'<td class="num">(\d+)</td>', first)]
    assert len(rows) == 50 and int(older.group(1)) == rows[-1]
    second = client.get(f"/audit?before={older.group(1)}").text
    next_rows = [int(i) for i in re.findall(r'<td class="num">(\d+)</td>', second)]
    assert next_rows and max(next_rows) < min(rows)


def test_verify_button_returns_the_result_fragment(client: TestClient, world: World) -> None:
    sign_in(client, world.cn["auditor"].username)
    page = client.get("/audit").text
    assert 'hx-get="/audit/verify"' in page and 'hx-target="#verify-result"' in page
    fragment = client.get("/audit/verify", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "<strong>OK</strong>" in fragment.text
    full = client.get("/audit/verify")
    assert "<html" in full.text and "<strong>OK</strong>" in full.text


def test_htmx_request_gets_only_the_content_block(client: TestClient, world: World) -> None:
    sign_in(client, world.cn["auditor"].username)
    full = client.get("/audit")
    fragment = client.get("/audit", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" in full.text and "<html" not in fragment.text
    assert '<nav class="sidebar"' not in fragment.text
    assert "<h1>Audit log</h1>" in fragment.text
    assert "HX-Request" in fragment.headers["vary"]
    restore = client.get(
        "/audit", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.text


def test_pages_carry_security_headers_and_csrf_for_htmx(client: TestClient, world: World) -> None:
    token = sign_in(client, world.cn["auditor"].username)
    answer = client.get("/")
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY"
    assert f'hx-headers=\'{{"X-CSRF-Token": "{token}"}}\'' in answer.text


def test_unknown_page_is_html_and_api_errors_stay_json(client: TestClient, world: World) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    api = client.get("/api/v1/no/such/thing")
    assert api.status_code == 404
    assert api.json()["ok"] is False


def test_static_files_are_served(client: TestClient) -> None:
    htmx = client.get("/static/htmx.min.js")
    assert htmx.status_code == 200 and "htmx" in htmx.text[:200]
    assert client.get("/static/lawbridge.css").status_code == 200


def test_bad_query_parameter_is_an_html_422(client: TestClient, world: World) -> None:
    sign_in(client, world.cn["auditor"].username)
    answer = client.get("/audit?before=-1")
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    assert "before:" in answer.text
