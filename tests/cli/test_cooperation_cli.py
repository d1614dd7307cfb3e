"""``lawbridge case/request/asset/clocks/lead``: JSON in and out, exit 2 on bad input, nothing changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lawbridge.cli.main import cli
from lawbridge.store.db import Database
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.contracts.state import snapshot
from tests.workflows.cooperation_helpers import DAY, FORMS, SECOND, T0
from tests.workflows.stix_validation import schema_errors

Invoke = Callable[..., Result]
CN = ("--party", "cn-agency", "--as", "analyst@cn-agency")
US = ("--party", "us-agency", "--as", "analyst@us-agency")
NOW = (T0 + 40 * DAY).isoformat()


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


def test_case_commands(invoke: Invoke, context: Context) -> None:
    data = {"subject_name": "Sun Jiayi", "offences": ["fraud"], "listed_at": T0.isoformat()}
    case = ok(invoke("case", "create", *CN, "--now", NOW, input=json.dumps(data)))
    assert case["status"] == "wanted" and case["offences"] == ["fraud"]
    before = snapshot(context)
    bad(invoke("case", "create", *CN, input="{not json"), "not valid JSON")
    bad(invoke("case", "create", *CN, input=json.dumps(data | {"offences": ["jaywalking"]})), "offences")  # fmt: skip
    bad(invoke("case", "transition", case["id"], "returned_removed", *CN, "--now", NOW), "cannot move")  # fmt: skip
    late = (T0 + 41 * DAY).isoformat()
    bad(invoke("case", "transition", case["id"], "located", *CN, "--at", late, "--now", NOW), "future")  # fmt: skip
    bad(invoke("case", "transition", case["id"], "located", *CN, "--at", "soon"), "ISO 8601")
    bad(invoke("case", "show", case["id"], *US), "no fugitive_case")
    bad(invoke("case", "edit", case["id"], *CN, input=json.dumps({"offences": []})), "offence")
    bad(invoke("case", "edit", case["id"], *CN, input=json.dumps({"listed_at": NOW})), "cannot be edited")  # fmt: skip
    bad(invoke("case", "edit", case["id"], *US, input=json.dumps({"law": "x"})), "no fugitive_case")
    assert snapshot(context) == before
    assert [c["id"] for c in lines(invoke("case", "list", *CN, "--stale-days", "40", "--now", NOW))] == [case["id"]]  # fmt: skip
    assert lines(invoke("case", "list", *CN, "--stale-days", "41", "--now", NOW)) == []
    edit = {"law": "Art. 266 (invented)", "max_penalty_months": 120}
    edited = ok(invoke("case", "edit", case["id"], *CN, "--now", NOW, input=json.dumps(edit)))
    assert (edited["law"], edited["max_penalty_months"], edited["offences"]) == (edit["law"], 120, ["fraud"])  # fmt: skip
    for status, day in (("located", 2), ("detained_for_removal", 3), ("returned_removed", 9)):
        at = (T0 + day * DAY).isoformat()
        moved = ok(invoke("case", "transition", case["id"], status, *CN, "--at", at, "--now", NOW))
    assert moved["status"] == "returned_removed" and len(moved["timeline"]) == 5
    share = ok(invoke("case", "share", case["id"], *CN, "--with", "us-agency", "--field", "status"))
    assert share["fields"] == ["status"]
    assert set(ok(invoke("case", "show", case["id"], *US))) == {"id", "party_id", "status", "closed_at"}  # fmt: skip
    stats = ok(invoke("case", "stats", *CN, "--end", NOW))
    assert stats["sentence"] == "of 1 listed, 1 returned: 0 extradited, 1 removed, 0 surrendered"


def test_request_commands_and_clocks_run(invoke: Invoke, context: Context) -> None:
    body = {
        "kind": "deportation", "recipient": "us-agency", "title": "Removal of Qian Lihua",
        "legal_basis": "Reciprocity (invented)", "form": FORMS["deportation"],
    }  # fmt: skip
    created = ok(invoke("request", "create", *CN, "--now", NOW, input=json.dumps(body)))
    rid = created["id"]
    before = snapshot(context)
    bad(invoke("request", "create", *CN, input=json.dumps(body | {"kind": "rendition"})), "kind")
    bad(invoke("request", "act", rid, "acknowledge", *US), "no cooperation_request")
    assert snapshot(context) == before
    ok(invoke("request", "send", rid, *CN, "--now", NOW))
    assert [r["id"] for r in lines(invoke("request", "list", *US, "--box", "inbox"))] == [rid]
    ok(invoke("request", "act", rid, "acknowledge", *US, "--now", NOW))
    ok(invoke("request", "milestone", rid, "identity_verified", *US, "--now", NOW))
    clocks = lines(invoke("request", "clocks", rid, *CN, "--now", NOW))
    assert [(c["kind"], c["phase"]) for c in clocks] == [
        ("acknowledgement", "stopped"), ("travel_document", "running"),
    ]  # fmt: skip

    def run(at: Any) -> list[tuple[str, str, bool]]:
        alerts = lines(invoke("clocks", "run", "--now", at.isoformat()))
        return [(a["kind"], a["phase"], a["recorded"]) for a in alerts]

    verified = T0 + 40 * DAY
    assert run(verified + 23 * DAY - SECOND) == []
    assert run(verified + 23 * DAY) == [("travel_document", "reminder", True)]
    assert run(verified + 30 * DAY) == [("travel_document", "overdue", True)]
    assert run(verified + 31 * DAY) == [("travel_document", "overdue", False)]
    bad(invoke("clocks", "run", "--now", "tomorrow"), "ISO 8601")
    refused = invoke("request", "act", rid, "refuse", *US, "--now", NOW)
    bad(refused, "ground")


def test_asset_commands(invoke: Invoke, context: Context) -> None:
    data = {"kind": "bank_account", "description": "an account (invented)", "amount": "1000.50", "currency": "USD"}  # fmt: skip
    asset = ok(invoke("asset", "create", *CN, input=json.dumps(data)))
    before = snapshot(context)
    bad(invoke("asset", "create", *CN, input=json.dumps(data | {"currency": None})), "currency")
    bad(invoke("asset", "advance", asset["id"], "returned", *CN), "cannot move")
    bad(invoke("asset", "advance", asset["id"], "frozen", *CN, "--amount", "5"), "currency")
    assert snapshot(context) == before
    frozen = ok(invoke("asset", "advance", asset["id"], "frozen", *CN, "--amount", "990", "--currency", "usd"))  # fmt: skip
    assert [h["amount"] for h in frozen["history"]] == ["1000.50", "990"]
    assert ok(invoke("asset", "totals", *CN)) == {
        "count": {"frozen": 1}, "unvalued": {}, "values": {"frozen": {"USD": "990"}},
    }  # fmt: skip
    listed = lines(invoke("asset", "list", *CN))
    assert [(a["id"], a["stage"]) for a in listed] == [(asset["id"], "frozen")]


def test_lead_commands(invoke: Invoke, context: Context, tmp_path: Path) -> None:
    case = ok(invoke("case", "create", *CN, input=json.dumps({"subject_name": "X", "offences": ["cybercrime"]})))  # fmt: skip
    where = ("--case", case["id"])
    for tlp, value in (("red", "203.0.113.1"), ("green", "evil.example.org")):
        kind = "ipv4" if tlp == "red" else "domain"
        ok(invoke("lead", "add", *where, *CN, "--kind", kind, "--value", value, "--tlp", tlp, "--source", "CERT (invented)"))  # fmt: skip
    before = snapshot(context)
    bad(invoke("lead", "add", *where, *CN, "--kind", "wallet", "--value", "0xzz", "--tlp", "red", "--source", "s"), "not a valid")  # fmt: skip
    bad(invoke("lead", "add", *CN, "--kind", "ipv4", "--value", "1.1.1.1", "--tlp", "red", "--source", "s"), "case or a request")  # fmt: skip
    assert snapshot(context) == before
    assert [lead["tlp"] for lead in lines(invoke("lead", "list", *where, *CN))] == ["red", "green"]
    out = tmp_path / "bundle.json"
    assert (
        invoke("lead", "export", *where, *CN, "--for", "us-agency", "-o", str(out)).exit_code == 0
    )
    bundle = json.loads(out.read_text())
    assert schema_errors(bundle) == []
    assert [o["pattern"] for o in bundle["objects"] if o["type"] == "indicator"] == [
        "[domain-name:value = 'evil.example.org']"
    ]
    other = ok(invoke("case", "create", *US, input=json.dumps({"subject_name": "Y", "offences": ["fraud"]})))  # fmt: skip
    report = ok(invoke("lead", "import", "--case", other["id"], *US, "-i", str(out)))
    assert report["counts"]["imported"] == 1
    bad(invoke("lead", "import", "--case", other["id"], *US, input='{"type": "report"}'), "bundle")
