"""Every date-time a client sends is an RFC 3339 date-time with an offset, else a 422.

Issue 9 (``bench/trust_fuzz_api.py``, docs/trust.md section 4): ``GET /cases/statistics`` read
``start=0`` as Unix time, ``2026-01-01`` as midnight and a time without offset silently as UTC.
``OffsetDateTime`` (``server/api/params.py``) is now the type of that query's ``start``/``end`` and
of the JSON bodies' date-time fields; the document still says ``format: date-time``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, ValidationError

from lawbridge.domain.clocks import SimulatedClock
from lawbridge.server.api import schemas_cooperation as coop
from lawbridge.server.api import schemas_provider as prov
from lawbridge.server.app import create_app
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.contracts.error_shape import assert_error
from tests.workflows.cooperation_helpers import DAY, T0

API = "/api/v1"
UTC_TEXT = "2026-01-01T00:00:00Z"
PLUS8_TEXT = "2026-01-01T08:00:00+08:00"  # the same instant
GOOD = [UTC_TEXT, PLUS8_TEXT, "2026-01-01T00:00:00.5-05:30", "2026-01-01t00:00:00z"]
# (value, the problem's type): numbers, a date alone and a time without offset are not RFC 3339
# date-times; the rest are, in form, but name no instant (or none within years 1-9999 in UTC).
BAD = [
    ("0", "datetime_rfc3339"),
    ("1767225600", "datetime_rfc3339"),
    ("2026-01-01", "datetime_rfc3339"),
    ("2026-01-01T00:00:00", "datetime_rfc3339"),
    ("2026-01-01 00:00:00Z", "datetime_rfc3339"),
    ("2026-01-01T00:00Z", "datetime_rfc3339"),
    ("2026-01-01T00:00:00+0800", "datetime_rfc3339"),
    ("2026-01-01T08:00:00 08:00", "datetime_rfc3339"),  # '+' not sent as %2B in a query
    ("", "datetime_rfc3339"),
    ("2026-02-30T00:00:00Z", "datetime_from_date_parsing"),
    ("2026-01-01T24:00:00Z", "datetime_from_date_parsing"),
    ("2026-01-01T00:00:00+24:00", "datetime_from_date_parsing"),
    ("0001-01-01T00:00:00+01:00", "datetime_range"),
    ("9999-12-31T23:59:59-01:00", "datetime_range"),
]


@pytest.fixture
def api(context: Context) -> Iterator[TestClient]:
    app = create_app(context=context)
    app.state.clock = SimulatedClock(T0 + 40 * DAY)
    with TestClient(app) as test_client:
        yield test_client


# --- GET /cases/statistics ----------------------------------------------------------------------


def test_statistics_refuses_a_time_that_is_not_rfc3339_with_offset(
    api: TestClient, world: World
) -> None:
    headers = world.cn["admin"].headers
    for name in ("start", "end"):
        for value, kind in BAD:
            answer = api.get(f"{API}/cases/statistics", params={name: value}, headers=headers)
            body = assert_error(answer, 422, "invalid_input")
            problems = [(p["loc"], p["type"]) for p in body["errors"]]
            assert problems == [(["query", name], kind)], value


def test_statistics_refusal_says_what_to_send(api: TestClient, world: World) -> None:
    answer = api.get(f"{API}/cases/statistics?start=0", headers=world.cn["admin"].headers)
    message = assert_error(answer, 422, "invalid_input")["errors"][0]["msg"]
    assert "RFC 3339" in message and "2026-01-01T00:00:00Z" in message and "%2B" in message


def test_statistics_takes_rfc3339_with_offset(api: TestClient, world: World) -> None:
    headers = world.cn["admin"].headers
    for value in GOOD:
        for name in ("start", "end"):
            answer = api.get(f"{API}/cases/statistics", params={name: value}, headers=headers)
            assert answer.status_code == 200, (value, answer.text)


def test_statistics_reads_the_offset(api: TestClient, world: World) -> None:
    """``end`` is exclusive: a case listed at 08:00Z is outside ``end=…T16:00:00+08:00`` (the same
    instant) and inside one second later; without its offset the bound would be 8 hours off."""
    cn = world.cn["analyst"]
    listed = {"subject_name": "Zhao Minghui", "offences": ["fraud"], "listed_at": T0.isoformat()}
    assert api.post(f"{API}/cases", json=listed, headers=cn.headers).status_code == 201
    local = (T0 + timedelta(hours=8)).replace(tzinfo=None).isoformat()  # 2026-01-05T16:00:00
    counts = {}
    for end in (f"{local}+08:00", f"{local[:-2]}01+08:00", f"{local}Z"):
        answer = api.get(f"{API}/cases/statistics", params={"end": end}, headers=cn.headers)
        assert answer.status_code == 200, answer.text
        counts[end] = answer.json()["listed"]
    assert list(counts.values()) == [0, 1, 1]


def test_statistics_document_still_says_date_time(api: TestClient) -> None:
    operation = api.get(f"{API}/openapi.json").json()["paths"]["/api/v1/cases/statistics"]["get"]
    for parameter in operation["parameters"]:
        if parameter["name"] in ("start", "end"):
            assert {"type": "string", "format": "date-time"} in parameter["schema"]["anyOf"]


# --- JSON bodies -----------------------------------------------------------------------------------

X = "00000000-0000-4000-8000-000000000000"  # names nothing: the body is refused before any lookup
KEY = {"key_id": "k1", "public_key": "A" * 43 + "="}
# (path, a body valid but for the date-time, the field's place in it, the model, the party posting)
BODIES: list[tuple[str, dict[str, Any], tuple[str | int, ...], type[BaseModel], str]] = [
    ("/cases", {"offences": ["fraud"]}, ("listed_at",), coop.CaseCreate, "cn"),
    (f"/cases/{X}/transition", {"status": "located"}, ("occurred_at",), coop.CaseTransition, "cn"),
    (f"/cases/{X}/notes", {"note": "n"}, ("occurred_at",), coop.CaseNote, "cn"),
    (f"/requests/{X}/actions", {"action": "start"}, ("occurred_at",), coop.RequestAct, "cn"),
    (
        f"/requests/{X}/milestones",
        {"milestone": "identity_verified"},
        ("occurred_at",),
        coop.MilestoneCreate,
        "cn",
    ),
    ("/assets", {"description": "a flat"}, ("occurred_at",), coop.AssetCreate, "cn"),
    (f"/assets/{X}/stage", {"stage": "frozen"}, ("occurred_at",), coop.AssetStageCreate, "cn"),
    (
        f"/cases/{X}/leads",
        {"kind": "domain", "value": "a.example", "tlp": "green", "source": "s"},
        ("valid_from",),
        coop.LeadCreate,
        "cn",
    ),
    (f"/provider/authorities/{X}/keys", KEY, ("valid_from",), prov.AuthorityKeyCreate, "provider"),
    (f"/provider/authorities/{X}/keys", KEY, ("valid_until",), prov.AuthorityKeyCreate, "provider"),
    (
        "/provider/authorities",
        {"name": "n", "country": "US", "contact": {"phone": "+1 555 0100"}, "keys": [KEY]},
        ("keys", 0, "valid_from"),
        prov.AuthorityCreate,
        "provider",
    ),
    *[
        (
            "/provider/requests",
            {"authority": X, "type": "preservation"},
            (field,),
            prov.StaffRequestCreate,
            "provider",
        )
        for field in ("time_start", "time_end", "nondisclosure_until")
    ],
    (
        f"/provider/requests/{X}/callbacks",
        {"contact_called": "c", "outcome": "confirmed"},
        ("called_at",),
        prov.CallbackCreate,
        "provider",
    ),
    (
        f"/provider/requests/{X}/gate/approvals",
        {"kind": "k", "approving_authority": "a", "reference": "r"},
        ("approved_at",),
        prov.GateApprovalCreate,
        "provider",
    ),
    (
        f"/provider/requests/{X}/nondisclosure",
        {"reference": "r"},
        ("until",),
        prov.NondisclosureCreate,
        "provider",
    ),
    (
        f"/provider/packages/{X}/receipt",
        {"received_by": "a", "manifest_sha256": "0" * 64},
        ("received_at",),
        prov.ReceiptCreate,
        "provider",
    ),
]
IDS = [f"{path.replace(X, '{id}')} {'.'.join(map(str, loc))}" for path, _, loc, _, _ in BODIES]


def with_value(body: dict[str, Any], loc: tuple[str | int, ...], value: object) -> dict[str, Any]:
    """``body`` (deep-copied along ``loc``) with ``value`` at ``loc``."""
    head, *rest = loc
    copy: Any = {**body} if isinstance(body, dict) else [*body]
    copy[head] = with_value(copy[head], tuple(rest), value) if rest else value
    result: dict[str, Any] = copy
    return result


BAD_BODY = [
    0,
    1767225600,
    1767225600.5,
    True,
    "2026-01-01",
    "2026-01-01T00:00:00",
    *(value for value, _ in BAD),
]


def test_body_date_time_refuses_anything_but_rfc3339_with_offset(
    api: TestClient, world: World
) -> None:
    """Every changed body field, on its route (one test: a world per case would take minutes)."""
    for path, body, loc, _model, party in BODIES:
        headers = getattr(world, party)["admin"].headers
        for value in BAD_BODY:
            answer = api.post(f"{API}{path}", json=with_value(body, loc, value), headers=headers)
            problems = assert_error(answer, 422, "invalid_input")["errors"]
            assert [p["loc"] for p in problems] == [["body", *loc]], (path, value, problems)


@pytest.mark.parametrize(("path", "body", "loc", "model", "party"), BODIES, ids=IDS)
def test_body_date_time_takes_rfc3339_with_offset(
    path: str,
    body: dict[str, Any],
    loc: tuple[str | int, ...],
    model: type[BaseModel],
    party: str,
) -> None:
    """The model (each route's body) reads the offset; the routes' 2xx are the API tests' own."""
    for value in GOOD:
        parsed: Any = model.model_validate_json(json.dumps(with_value(body, loc, value)))
        for step in loc:
            parsed = parsed[step] if isinstance(step, int) else getattr(parsed, step)
        assert isinstance(parsed, datetime) and parsed == datetime.fromisoformat(value.upper())
    with pytest.raises(ValidationError):
        model.model_validate(with_value(body, loc, datetime(2026, 1, 1)))  # naive, from Python


def test_case_body_times_with_offsets_are_stored_as_the_instant(
    api: TestClient, world: World
) -> None:
    """End to end: a case listed, moved and noted with ``Z`` and ``+08:00`` times."""
    cn = world.cn["analyst"]
    plus8 = T0.astimezone(timezone(timedelta(hours=8)))
    case = {"subject_name": "Zhao Minghui", "offences": ["fraud"], "listed_at": plus8.isoformat()}
    made = api.post(f"{API}/cases", json=case, headers=cn.headers)
    assert made.status_code == 201, made.text
    assert datetime.fromisoformat(made.json()["listed_at"]) == T0
    path = f"{API}/cases/{made.json()['id']}"
    located = (T0 + DAY).strftime("%Y-%m-%dT%H:%M:%SZ")
    moved = api.post(
        f"{path}/transition",
        json={"status": "located", "occurred_at": located},
        headers=cn.headers,
    )
    assert moved.status_code == 200, moved.text
    noted_at = (T0 + 2 * DAY).astimezone(timezone(timedelta(hours=8))).isoformat()
    noted = api.post(
        f"{path}/notes", json={"note": "seen", "occurred_at": noted_at}, headers=cn.headers
    )
    assert noted.status_code == 201, noted.text
    assert datetime.fromisoformat(noted.json()["occurred_at"]) == T0 + 2 * DAY
    naive = api.post(
        f"{path}/notes",
        json={"note": "seen", "occurred_at": (T0 + 2 * DAY).replace(tzinfo=None).isoformat()},
        headers=cn.headers,
    )
    assert_error(naive, 422, "invalid_input")
