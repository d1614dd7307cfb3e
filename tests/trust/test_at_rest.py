"""Trust promise 8: no secret, and no personal information the design keeps out, is stored or logged.

A world is built with canary values: a password (set through the API, used to sign in on the web),
a password mistyped into the username field of a failed sign-in, an API token (issued, used,
revoked), a browser session cookie and its use, and personal information sent through the
transfer guard (which by design stores only the payload's SHA-256, docs/privacy.md), once blocked
and once redacted with the keyed ``hmac_pseudonym`` and ``encrypt`` operators. Then every column
of every table (text, JSON and bytes included; found by SQLAlchemy inspection of the live
database, not the models) and every log record of the run (root logger at DEBUG, so SQL statements
and their parameters are logged too) are scanned: 0 canaries may appear.

Plaintext by design, and therefore not canaried: documents' text, watchlist entry names, case and
request contents, account user names and display names, audit payloads naming objects, and a web
session's CSRF token (it must be compared, and is no credential without the session cookie).
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import column, inspect, select, table

from lawbridge.server.app import create_app
from lawbridge.server.web.session import SESSION_COOKIE
from lawbridge.workflows import privacy
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.server.web.webtools import form_token

API = "/api/v1"


def _detect(text: str) -> list[tuple[str, int, int]]:
    """A stand-in detector (the property here is storage, not detection quality)."""
    patterns = {"EMAIL": r"\S+@\S+\.\w+", "PHONE": r"(?<!\d)1[3-9]\d{9}(?!\d)"}
    return [(k, m.start(), m.end()) for k, p in patterns.items() for m in re.finditer(p, text)]


@pytest.fixture(autouse=True)
def fake_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(privacy, "default_detector", lambda: _detect)


def _every_stored_value(context: Context) -> list[tuple[str, str, str | bytes]]:
    """(table, column, value) for every non-null text, JSON or bytes cell of the database."""
    found: list[tuple[str, str, str | bytes]] = []
    with context.db.reading() as session:
        inspector = inspect(session.get_bind())
        tables = inspector.get_table_names()
        assert len(tables) > 20  # the whole schema, not a few tables
        for name in tables:
            columns = [c["name"] for c in inspector.get_columns(name)]
            rows = session.execute(select(*[column(c) for c in columns]).select_from(table(name)))
            for row in rows:
                for col, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes | bytearray | memoryview):
                        found.append((name, col, bytes(value)))
                    elif isinstance(value, str):
                        found.append((name, col, value))
                    elif isinstance(value, dict | list):
                        found.append((name, col, repr(value)))
    return found


def _hits(canaries: dict[str, str], values: list[tuple[str, str, str | bytes]]) -> list[str]:
    hits = []
    for label, canary in canaries.items():
        # A short canary (a mis-split token, say) would "hit" every column by chance.
        assert len(canary) >= 10, (label, canary)
        for table_name, col, value in values:
            text = canary.encode() if isinstance(value, bytes) else canary
            if text in value:  # type: ignore[operator]
                hits.append(f"{label} in {table_name}.{col}")
    return hits


def test_no_plaintext_canary_in_the_database_or_the_logs(
    context: Context, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # statements and parameters
    admin = world.cn["admin"]
    password = f"pw-canary-{secrets.token_hex(8)}"
    mistyped = f"typed-canary-{secrets.token_hex(8)}"
    phone = "13912345678"
    email = f"canary{secrets.token_hex(4)}@example.cn"
    canaries: dict[str, Any] = {"password": password, "mistyped password": mistyped}
    with TestClient(create_app(context=context)) as client:
        made = client.post(
            f"{API}/accounts",
            json={"username": "canary@cn-agency", "roles": ["analyst"], "password": password},
            headers=admin.headers,
        )
        assert made.status_code == 201, made.text
        account_id = made.json()["id"]
        # A token: issued, used, revoked.
        issued = client.post(
            f"{API}/accounts/{account_id}/tokens", json={"name": "canary"}, headers=admin.headers
        )
        assert issued.status_code == 201, issued.text
        token = issued.json()["token"]
        canaries["api token"] = token
        # lb_<token id>_<secret>; the secret is URL-safe base64 and may itself hold "_".
        canaries["api token secret"] = token.split("_", 2)[2]
        me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, me.text
        bad = client.get(f"{API}/me", headers={"Authorization": f"Bearer {token[:-4]}AAAA"})
        assert bad.status_code == 401
        # The web: a failed sign-in with the password typed as the user name, then a real one.
        page = client.get("/login")
        failed = client.post(
            "/login",
            data={"username": mistyped, "password": "x", "csrf_token": form_token(page.text)},
            follow_redirects=False,
        )
        assert failed.status_code == 401
        page = client.get("/login")
        signed = client.post(
            "/login",
            data={
                "username": "canary@cn-agency",
                "password": password,
                "csrf_token": form_token(page.text),
            },
            follow_redirects=False,
        )
        assert signed.status_code == 303, signed.text
        canaries["session cookie"] = client.cookies[SESSION_COOKIE]
        assert client.get("/").status_code == 200
        # Personal information through the transfer guard: blocked, then redacted two ways.
        payload = {"customer": {"phone": phone, "email": email}}
        check = {"recipient": "Data Broker", "country": "CN", "payload": payload}
        blocked = client.post(f"{API}/privacy/transfers/check", json=check, headers=admin.headers)
        assert blocked.json()["decision"]["decision"] == "block", blocked.text
        activity = {
            "name": "Parcel delivery",
            "purpose": "Hand parcels to the courier",
            "legal_basis": "contract_or_hr",
            "categories": ["PERSON"],
            "retention_days": 90,
            "recipients": [{"name": "Acme Logistics", "country": "CN"}],
            "allow_redaction": True,
        }
        made_activity = client.post(
            f"{API}/privacy/activities", json=activity, headers=admin.headers
        )
        assert made_activity.status_code == 201, made_activity.text
        for operator in ("hmac_pseudonym", "encrypt"):
            body = {**check, "recipient": "Acme Logistics", "operator": operator}
            answer = client.post(f"{API}/privacy/transfers/check", json=body, headers=admin.headers)
            result = answer.json()
            assert result["decision"]["decision"] == "redact", answer.text
            assert phone not in repr(result["redacted_payload"])
        canaries["phone (transfer payload)"] = phone
        canaries["email (transfer payload)"] = email
        # Sign out, revoke the token: the rows stay, still without the secrets.
        token_csrf = form_token(client.get("/").text)
        client.post("/logout", data={"csrf_token": token_csrf}, follow_redirects=False)
        token_id = issued.json()["id"]
        revoked = client.post(f"{API}/tokens/{token_id}/revoke", headers=admin.headers)
        assert revoked.status_code == 200, revoked.text

    values = _every_stored_value(context)
    stored_hits = _hits(canaries, values)
    assert stored_hits == [], stored_hits
    # The scan does see what it looks for: a known plaintext, and the session's stored digest.
    session_key = hashlib.sha256(canaries["session cookie"].encode()).hexdigest()
    assert _hits({"account name": "canary@cn-agency"}, values)
    assert _hits({"session digest": session_key}, values) == ["session digest in web_session.id"]
    # The logs of the whole run, SQL parameters included.
    assert caplog.records, "no log records were captured"
    logged = [(r.name, "message", r.getMessage()) for r in caplog.records]
    logged += [(r.name, "args", repr(r.args)) for r in caplog.records]
    assert _hits(canaries, logged) == []  # type: ignore[arg-type]
    sql = [m for name, _, m in logged if name.startswith("sqlalchemy.engine")]
    assert any("FROM web_session" in m for m in sql)  # the statements were logged, values not
