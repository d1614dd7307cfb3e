"""``POST …/leads/bank-check``: a provider learns which of its bank entries a shared case's leads meet."""

from __future__ import annotations

from fastapi.testclient import TestClient

from lawbridge.workflows import banks
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.contracts.error_shape import assert_error
from tests.workflows.test_leads import clock, shared_case  # noqa: F401 - fixtures

__all__ = ["clock", "shared_case"]


def test_the_provider_gets_the_entries_its_visible_leads_meet(
    client: TestClient, context: Context, world: World, shared_case: str
) -> None:
    with context.write(world.provider["analyst"].actor) as unit:
        bank = banks.create_bank(unit, name="Phishing (test)", legal_ground="CSL Art. 47")
        entry = banks.add_entry(
            unit, bank.id, signal_type="url_canonical",
            content="https://login.example.net/verify?id=7#top",
        )  # fmt: skip
    answer = client.post(
        f"/api/v1/cases/{shared_case}/leads/bank-check", headers=world.provider["analyst"].headers
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == [
        {
            "lead_id": answer.json()[0]["lead_id"],
            "lead_kind": "url",
            "bank_id": bank.id,
            "bank_name": "Phishing (test)",
            "entry_id": entry.id,
            "signal_type": "url_canonical",
            "how": "the same canonical URL",
        }
    ]
    grantee = client.post(
        f"/api/v1/cases/{shared_case}/leads/bank-check", headers=world.us["auditor"].headers
    )
    assert grantee.status_code == 200  # us is a grantee of the case, with no banks: no hits
    assert grantee.json() == []
    unknown = client.post(
        "/api/v1/cases/00000000-0000-4000-8000-000000000000/leads/bank-check",
        headers=world.provider["analyst"].headers,
    )
    assert_error(unknown, 404)
