"""The transfer guard's decision rule, case by case (PIPL Arts. 13, 23, 28-29, 38)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from lawbridge.domain.privacy import (
    SENSITIVE,
    ActivityStatus,
    ActivityTerms,
    DataCategory,
    LegalBasis,
    Recipient,
    TransferMechanism,
    TransferRequest,
    Verdict,
    decide_transfer,
)

NOW = datetime(2026, 11, 27, tzinfo=UTC)
ACME = Recipient("Acme Logistics", "CN")
BASE = ActivityTerms(
    id="a1",
    name="Delivery",
    legal_basis=LegalBasis.CONTRACT_OR_HR,
    categories=frozenset({"PERSON", "PHONE", "ADDRESS"}),
    recipients=(ACME,),
    cross_border_mechanism=TransferMechanism.NONE_DOMESTIC,
    allow_redaction=True,
    expires_at=NOW + timedelta(days=30),
)


def request(
    found: dict[str, int], recipient: str = "Acme Logistics", country: str = "CN"
) -> TransferRequest:
    return TransferRequest(
        recipient=recipient,
        country=country,
        found=found,
        party_names=frozenset({"shop", "Example Shop"}),
        party_country="CN",
        now=NOW,
    )


def decide(found: dict[str, int], *activities: ActivityTerms, **where: str) -> Verdict:
    return decide_transfer(request(found, **where), list(activities))


def test_no_personal_information_is_allowed_without_any_activity() -> None:
    verdict = decide(
        {},
    )
    assert verdict.decision == "allow" and verdict.activity_id is None
    assert decide({"PHONE": 0}).decision == "allow"


def test_no_activity_naming_the_recipient_blocks() -> None:
    verdict = decide({"PHONE": 3}, replace(BASE, recipients=(Recipient("Other Co", "CN"),)))
    assert verdict.decision == "block"
    assert "no processing activity covers recipient Acme Logistics (CN)" in verdict.reasons[0]
    assert "Art. 13" in verdict.reasons[0]


def test_a_data_broker_without_any_basis_is_blocked() -> None:
    verdict = decide({"PERSON": 500, "PHONE": 500}, BASE, recipient="Data Broker Ltd")
    assert verdict.decision == "block"


def test_recipient_named_in_another_country_does_not_cover() -> None:
    assert decide({"PHONE": 1}, BASE, country="SG").decision == "block"


def test_recipient_name_is_compared_without_case_or_spacing() -> None:
    verdict = decide({"PHONE": 1}, BASE, recipient="  acme   LOGISTICS ")
    assert verdict.decision == "allow" and verdict.activity_id == "a1"


def test_everything_covered_is_allowed_with_the_activity() -> None:
    verdict = decide({"PERSON": 1, "PHONE": 2}, BASE)
    assert verdict.decision == "allow" and verdict.activity_id == "a1"
    assert "Delivery" in verdict.reasons[0]


def test_uncovered_categories_are_redacted_when_allowed() -> None:
    verdict = decide({"PERSON": 1, "EMAIL": 1, "IP_ADDRESS": 2}, BASE)
    assert verdict.decision == "redact"
    assert verdict.redact == {"EMAIL", "IP_ADDRESS"}
    assert "EMAIL, IP_ADDRESS" in verdict.reasons[0] and "Art. 6" in verdict.reasons[0]


def test_uncovered_categories_block_when_redaction_is_not_allowed() -> None:
    verdict = decide({"PERSON": 1, "EMAIL": 1}, replace(BASE, allow_redaction=False))
    assert verdict.decision == "block" and "does not allow redaction" in verdict.reasons[0]


def test_unknown_detector_types_are_never_covered() -> None:
    assert decide({"PHONE": 1, "VEHICLE_VIN": 1}, BASE).redact == {"VEHICLE_VIN"}


@pytest.mark.parametrize("category", sorted(SENSITIVE))
def test_sensitive_category_needs_separate_consent(category: DataCategory) -> None:
    covered = replace(BASE, categories=BASE.categories | {category.value})
    verdict = decide({category.value: 1}, covered)
    assert verdict.decision == "block"
    assert category.value in verdict.reasons[0] and "Art. 28" in verdict.reasons[0]
    for basis in (LegalBasis.SEPARATE_CONSENT, LegalBasis.LEGAL_DUTY, LegalBasis.OTHER_LAW):
        assert decide({category.value: 1}, replace(covered, legal_basis=basis)).decision == "allow"


def test_an_uncovered_sensitive_category_is_redacted_not_blocked() -> None:
    verdict = decide({"PHONE": 1, "CN_RESIDENT_ID": 1}, BASE)
    assert verdict.decision == "redact" and verdict.redact == {"CN_RESIDENT_ID"}


def test_sensitive_reasons_are_given_for_every_category() -> None:
    assert set(SENSITIVE) == {
        DataCategory.CN_RESIDENT_ID,
        DataCategory.BANK_ACCOUNT,
        DataCategory.CREDIT_CARD,
        DataCategory.PASSPORT,
    }
    assert all("Art. 28" in why for why in SENSITIVE.values())


@pytest.mark.parametrize(
    ("basis", "decision"),
    [
        (LegalBasis.CONSENT, "block"),
        (LegalBasis.PUBLISHED_INFO, "block"),
        (LegalBasis.NEWS_PUBLIC_INTEREST, "block"),
        (LegalBasis.PUBLIC_HEALTH_EMERGENCY, "block"),
        (LegalBasis.SEPARATE_CONSENT, "allow"),
        (LegalBasis.CONTRACT_OR_HR, "allow"),
        (LegalBasis.LEGAL_DUTY, "allow"),
        (LegalBasis.OTHER_LAW, "allow"),
    ],
)
def test_provision_to_another_handler_needs_a_fitting_basis(
    basis: LegalBasis, decision: str
) -> None:
    verdict = decide({"PHONE": 1}, replace(BASE, legal_basis=basis))
    assert verdict.decision == decision
    if decision == "block":
        assert "Art. 23" in verdict.reasons[0] and basis.value in verdict.reasons[0]


def test_the_party_itself_is_not_another_handler() -> None:
    own = replace(
        BASE, legal_basis=LegalBasis.CONSENT, recipients=(Recipient("Example Shop", "CN"),)
    )
    assert decide({"PHONE": 1}, own, recipient="example shop").decision == "allow"


@pytest.mark.parametrize(
    ("mechanism", "decision"),
    [
        (TransferMechanism.NONE_DOMESTIC, "block"),
        (TransferMechanism.CAC_SECURITY_ASSESSMENT, "allow"),
        (TransferMechanism.STANDARD_CONTRACT, "allow"),
        (TransferMechanism.CERTIFICATION, "allow"),
        (TransferMechanism.OTHER_LAW, "allow"),
    ],
)
def test_a_foreign_recipient_needs_a_cross_border_mechanism(
    mechanism: TransferMechanism, decision: str
) -> None:
    abroad = replace(
        BASE, recipients=(Recipient("Acme Logistics", "SG"),), cross_border_mechanism=mechanism
    )
    verdict = decide({"PHONE": 1}, abroad, country="SG")
    assert verdict.decision == decision
    if decision == "block":
        assert "Art. 38" in verdict.reasons[0] and "SG" in verdict.reasons[0]


def test_retired_or_expired_activities_do_not_cover() -> None:
    retired = replace(BASE, status=ActivityStatus.RETIRED)
    verdict = decide({"PHONE": 1}, retired)
    assert verdict.decision == "block" and any("retired" in r for r in verdict.reasons)
    expired = replace(BASE, expires_at=NOW - timedelta(days=1))
    verdict = decide({"PHONE": 1}, expired)
    assert verdict.decision == "block"
    assert any("retention period on 2026-11-26" in r for r in verdict.reasons)


def test_the_most_permissive_activity_wins() -> None:
    narrow = replace(BASE, id="a2", name="Narrow", categories=frozenset({"PHONE"}))
    wide = replace(BASE, id="a3", name="Wide", categories=frozenset({"PHONE", "EMAIL", "PERSON"}))
    blocked = replace(BASE, id="a4", name="Consent only", legal_basis=LegalBasis.CONSENT)
    found = {"PHONE": 1, "EMAIL": 1, "PERSON": 1, "IP_ADDRESS": 1}
    verdict = decide(found, blocked, narrow, wide)
    assert (verdict.decision, verdict.activity_id, verdict.redact) == (
        "redact",
        "a3",
        {"IP_ADDRESS"},
    )
    assert decide({"PHONE": 1}, blocked, narrow).activity_id == "a2"
    only_blocks = decide({"PHONE": 1}, blocked, replace(blocked, id="a5", name="Other"))
    assert only_blocks.decision == "block" and len(only_blocks.reasons) == 2
