"""``lawbridge provider …``: the registry, signed and staff intake, gate, approval, the signed package
(checked by ``verify-package`` with no database) and ``clocks run``; refused submissions exit 2 with
their reason, their audit event committed and nothing disclosed."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lawbridge.cli.main import cli
from lawbridge.domain.audit import format_time
from lawbridge.domain.authorities import encode_public_key, signed_envelope
from lawbridge.domain.clocks import SimulatedClock
from lawbridge.store.db import Database
from lawbridge.workflows import user_notices
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.contracts.state import snapshot
from tests.workflows.provider_helpers import (
    DAY,
    SECOND,
    T0,
    US_CONTACT,
    audit_payloads,
    disclosure,
    disclosures,
    emergency,
)

Invoke = Callable[..., Result]
ADMIN = ("--party", "provider", "--as", "admin@provider")
ANALYST = ("--party", "provider", "--as", "analyst@provider")
REVIEWER = ("--party", "provider", "--as", "reviewer@provider")
AGENCY = ("--party", "us-agency", "--as", "admin@us-agency")
NOW = ("--now", T0.isoformat())
SUBJECT = "alice.sample@example.com"


@pytest.fixture
def invoke(db: Database, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.chdir(tmp_path)
    env = {"LAWBRIDGE_DATABASE_URL": db.url, "LAWBRIDGE_ENV": "test"}

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input, env=env)

    return run


def ok(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def lines(result: Result) -> list[Any]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def bad(result: Result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and fragment in result.stderr, result.stderr


class Fbi:
    def __init__(self, invoke: Invoke) -> None:
        self.private = Ed25519PrivateKey.generate()
        key = {"key_id": "us-fbi-1", "public_key": encode_public_key(self.private.public_key()),
               "valid_from": (T0 - DAY).isoformat()}  # fmt: skip
        body = {"name": "FBI (invented)", "country": "US", "contact": US_CONTACT, "keys": [key]}
        self.id = ok(invoke("provider", "authority", "add", *ADMIN, input=json.dumps(body)))["id"]

    def envelope(self, request: dict[str, Any], path: Path, **kw: Any) -> str:
        body = request | {"authority": self.id, "nonce": secrets.token_hex(12),
                          "issued_at": format_time(kw.get("issued", T0))}  # fmt: skip
        path.write_text(json.dumps(signed_envelope(kw.get("private") or self.private, "us-fbi-1", body)))  # fmt: skip
        return str(path)


def test_signed_request_to_a_verified_package(
    invoke: Invoke, context: Context, world: World, tmp_path: Path
) -> None:
    fbi = Fbi(invoke)
    [listed] = lines(invoke("provider", "authority", "list", *ANALYST))
    assert (listed["id"], listed["keys"]) == (fbi.id, ["us-fbi-1"])
    path = fbi.envelope(disclosure(subjects=[SUBJECT]), tmp_path / "req.json")
    created = ok(invoke("provider", "request", "submit", path, *ANALYST, *NOW))
    rid = created["id"]
    assert created["status"] == "verified"
    before = snapshot(context)
    bad(invoke("provider", "request", "approve", rid, *REVIEWER, *NOW), "cannot be given")
    bad(invoke("provider", "request", "gate", rid, *AGENCY, "--location", "US"), "no provider_request")  # fmt: skip
    bad(
        invoke("provider", "request", "gate", rid, *ANALYST, "--location", "USA"),
        "at most 2 characters",
    )
    assert snapshot(context) == before
    assert ok(invoke("provider", "request", "gate", rid, *ANALYST, "--location", "US", *NOW))["status"] == "gate_checked"  # fmt: skip
    assert ok(invoke("provider", "request", "approve", rid, *REVIEWER, *NOW))["status"] == "approved"  # fmt: skip
    records = tmp_path / "records.jsonl"
    rows = [
        {
            "id": "r1",
            "category": "subscriber",
            "timestamp": "2026-01-10T10:00:00Z",
            "subject": SUBJECT,
            "data": {"email": SUBJECT},
        },  # fmt: skip
        {
            "id": "r2",
            "category": "content",
            "timestamp": "2026-01-10T10:00:00Z",
            "subject": SUBJECT,
            "data": "not asked",
        },  # fmt: skip
    ]
    records.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "package.json"
    built = invoke("provider", "request", "respond", rid, *ANALYST, "--records", str(records), "-o", str(out), *NOW)  # fmt: skip
    assert built.exit_code == 0, built.output
    package = json.loads(out.read_text())
    assert [i["id"] for i in package["items"]] == ["r1"]
    assert ok(invoke("provider", "verify-package", str(out)))["ok"] is True
    package["items"][0]["data"] = {"email": "someone.else@example.com"}
    (tmp_path / "tampered.json").write_text(json.dumps(package))
    bad(invoke("provider", "verify-package", str(tmp_path / "tampered.json")), "does not match its hash")  # fmt: skip
    [row] = lines(invoke("provider", "request", "list", *ANALYST, *NOW))
    assert row["status"] == "approved" and row["deadlines"]["response_overdue"] is False
    shown = ok(invoke("provider", "request", "show", rid, *ANALYST, *NOW))
    assert shown["package_id"] == package["package_id"]
    revoked = ok(invoke("provider", "authority", "revoke-key", fbi.id, "us-fbi-1", *ADMIN, "--reason", "lost", *NOW))  # fmt: skip
    assert revoked["revoked_at"] is not None
    later = fbi.envelope(disclosure(), tmp_path / "later.json", issued=T0 + SECOND)
    bad(invoke("provider", "request", "submit", later, *ANALYST, "--now", (T0 + SECOND).isoformat()), "key_revoked")  # fmt: skip


def test_refused_submissions_exit_2_audited_nothing_disclosed(
    invoke: Invoke, context: Context, world: World, tmp_path: Path
) -> None:
    fbi = Fbi(invoke)
    replay = fbi.envelope(emergency(), tmp_path / "e.json")
    ok(invoke("provider", "request", "submit", replay, *ANALYST, *NOW))
    bad(invoke("provider", "request", "submit", replay, *ANALYST, *NOW), "replayed_nonce")
    forged = fbi.envelope(emergency(), tmp_path / "f.json", private=Ed25519PrivateKey.generate())
    bad(invoke("provider", "request", "submit", forged, *ANALYST, *NOW), "bad_signature")
    stale = fbi.envelope(emergency(), tmp_path / "s.json", issued=T0 - DAY)
    bad(invoke("provider", "request", "submit", stale, *ANALYST, *NOW), "stale")
    wide = fbi.envelope(disclosure(subjects=["all users"]), tmp_path / "w.json")
    bad(invoke("provider", "request", "submit", wide, *ANALYST, *NOW), "over_broad")
    staff = emergency() | {"authority": fbi.id}
    bad(invoke("provider", "request", "enter", *ANALYST, *NOW, input=json.dumps(staff)), "unsigned_emergency")  # fmt: skip
    unknown = disclosure() | {"authority": "nobody"}
    bad(invoke("provider", "request", "enter", *ANALYST, *NOW, input=json.dumps(unknown)), "unknown_authority")  # fmt: skip
    bad(invoke("provider", "request", "submit", "-", *ANALYST, input="{not json"), "not valid JSON")
    failures = [p["failure"] for p in audit_payloads(context, "provider_request.reject_submission")]
    assert failures == ["replayed_nonce", "bad_signature", "stale", "unknown_authority"]
    assert disclosures(context) == 0


def test_staff_entry_call_back_and_notice_lapse_on_clocks_run(
    invoke: Invoke, context: Context, world: World
) -> None:
    fbi = Fbi(invoke)
    until = T0 + 10 * DAY
    data = disclosure(nondisclosure=True, nondisclosure_until=until.isoformat()) | {"authority": fbi.id}  # fmt: skip
    rid = ok(invoke("provider", "request", "enter", *ANALYST, *NOW, input=json.dumps(data)))["id"]
    verified = ok(invoke("provider", "request", "verify", rid, *ANALYST, "--contact", US_CONTACT["email"], "--outcome", "confirmed", *NOW))  # fmt: skip
    assert verified["status"] == "verified"
    bad(invoke("provider", "request", "verify", rid, *ANALYST, "--contact", "x", "--outcome", "confirmed"), "call-back")  # fmt: skip
    blocked = ok(invoke("provider", "request", "gate", rid, *ANALYST, "--location", "CN", *NOW))
    assert blocked["status"] == "blocked"
    clear = ("--kind", "cn_competent_authority", "--by", "MOJ (invented)", "--reference", "M-1")
    bad(invoke("provider", "request", "clear", rid, *ANALYST, *clear, *NOW), "review")
    ok(invoke("provider", "request", "clear", rid, *REVIEWER, *clear, *NOW))
    ok(invoke("provider", "request", "gate", rid, *ANALYST, "--location", "CN", *NOW))
    ok(invoke("provider", "request", "approve", rid, *REVIEWER, *NOW))
    with context.write(world.provider["analyst"].actor) as unit:
        [notice] = user_notices.prepare_notices(unit, rid, clock=SimulatedClock(T0 + SECOND))
        notice_id = notice.id
    bad(invoke("provider", "notice", "send", notice_id, *ANALYST, *NOW), "non-disclosure order")
    early = ok(invoke("provider", "clocks", "run", "--now", (until - SECOND).isoformat()))
    assert early["notices_sent"] == [] and [o["request_id"] for o in early["overdue"]] == [rid]
    swept = ok(invoke("provider", "clocks", "run", "--now", until.isoformat()))
    assert [n["notice_id"] for n in swept["notices_sent"]] == [notice_id]
    again = ok(invoke("provider", "clocks", "run", *ANALYST, "--now", until.isoformat()))
    assert again["notices_sent"] == []
    [sent] = lines(invoke("provider", "notice", "list", *ANALYST, "--status", "sent"))
    assert sent["id"] == notice_id
    bad(invoke("provider", "notice", "list", *ANALYST, "--status", "lost"), "status")
