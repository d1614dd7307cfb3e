"""Leads checked against the provider's banks: URL, domain and SHA-256 leads meet bank entries,
TLP decides which leads the provider may use, and every check is audited without the values."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from lawbridge.errors import NotFound
from lawbridge.store.models import AuditEvent
from lawbridge.workflows import banks, lead_checks
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.workflows.test_leads import LEADS, add, clock, shared_case  # noqa: F401 - fixtures

__all__ = ["clock", "shared_case"]


@pytest.fixture
def provider_banks(context: Context, world: World) -> dict[str, str]:
    with context.write(world.provider["analyst"].actor) as unit:
        bank = banks.create_bank(
            unit, name="Phishing (test)", legal_ground="Cybersecurity Law Art. 47"
        )
        url = banks.add_entry(
            unit, bank.id, signal_type="url_canonical",
            content="https://www.login.example.net/verify?id=7&utm_source=mail",
        )  # fmt: skip
        sub = banks.add_entry(
            unit, bank.id, signal_type="url_canonical",
            content="http://cdn.pay-refund.example.com/kit.zip",
        )  # fmt: skip
        other = banks.add_entry(
            unit, bank.id, signal_type="url_canonical", content="https://notpay-refund.example.org/"
        )
        image = banks.add_entry(unit, bank.id, signal_type="exact_sha256", signal="ab" * 32)
        return {"url": url.id, "sub": sub.id, "other": other.id, "image": image.id}


def test_visible_leads_meet_the_providers_bank_entries(
    context: Context, world: World, shared_case: str, provider_banks: dict[str, str]
) -> None:
    with context.write(world.provider["analyst"].actor) as unit:
        hits = lead_checks.check_leads(unit, case_id=shared_case)
    met = {(hit.lead_kind, hit.entry_id) for hit in hits}
    # The provider is a grantee of the case: it sees the amber+strict, amber, green and clear
    # leads; the red IP address stays with cn.
    assert met == {
        ("sha256", provider_banks["image"]),
        ("url", provider_banks["url"]),  # tracking parameter and www. folded away
        ("domain", provider_banks["sub"]),  # a host under pay-refund.example.com
    }
    with context.read(world.provider["analyst"].actor) as unit:
        event = unit.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "lead.bank_check")
        ).one()
    assert json.loads(event.payload) == {"leads": 4, "hits": 3}
    assert "login.example.net" not in str(event.payload)


def test_a_domain_lead_meets_urls_on_the_domain_and_below_only(
    context: Context, world: World, shared_case: str, provider_banks: dict[str, str]
) -> None:
    add_green_domain(context, world, shared_case)
    with context.write(world.provider["analyst"].actor) as unit:
        hits = lead_checks.check_leads(unit, case_id=shared_case)
    domain_hits = [hit.entry_id for hit in hits if hit.lead_kind == "domain"]
    # cdn.pay-refund.example.com is under pay-refund.example.com and under example.com, not under
    # refund.example.com (a label boundary, not a suffix of letters); login.example.net and
    # notpay-refund.example.org are under none of the three.
    assert domain_hits == [provider_banks["sub"], provider_banks["sub"]]


def add_green_domain(context: Context, world: World, case_id: str) -> None:
    from lawbridge.domain.clocks import SimulatedClock
    from tests.workflows.cooperation_helpers import DAY, T0

    add(context, world.cn["analyst"], SimulatedClock(T0 + 11 * DAY), case_id=case_id,
        tlp="green", kind="domain", value="refund.example.com")  # fmt: skip
    add(context, world.cn["analyst"], SimulatedClock(T0 + 11 * DAY), case_id=case_id,
        tlp="green", kind="domain", value="example.com")  # fmt: skip


def test_a_party_that_cannot_see_the_case_learns_nothing(
    context: Context, world: World, shared_case: str
) -> None:
    from tests.conftest import make_party

    outsider = make_party(context, "outsider", "provider", "US")
    with context.write(outsider["analyst"].actor) as unit, pytest.raises(NotFound):
        lead_checks.check_leads(unit, case_id=shared_case)


def test_leads_of_each_kind_are_in_the_fixture() -> None:
    assert {data["kind"] for data in LEADS.values()} >= {"url", "domain", "sha256"}
