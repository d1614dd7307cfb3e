"""The conflict-of-laws gate: 100% of foreign requests for China-stored data blocked without an
approval (a property over generated requests), the US SCA tiers, emergency, preservation, foreign
requests for US-stored data, and every rule citing its basis."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.domain.conflict_of_laws import (
    CATALOGUE,
    ApprovalKind,
    GateInput,
    GatePolicy,
    evaluate,
)
from lawbridge.domain.provider_requests import DataCategory, LegalProcess, RequestType

COUNTRIES = ["US", "GB", "DE", "FR", "JP", "AU", "HK", "RU", "BR", "IN", "CA", "SG"]
DISCLOSING = [t for t in RequestType if t is not RequestType.TAKEDOWN_ORDER]
SETTINGS = settings(derandomize=True, deadline=None, max_examples=300)


def gate(**kw: object) -> GateInput:
    base: dict[str, object] = {
        "requester_country": "US",
        "data_locations": ("US",),
        "type": RequestType.DATA_DISCLOSURE,
        "categories": (DataCategory.SUBSCRIBER,),
        "process": LegalProcess.SUBPOENA,
    }
    return GateInput(**(base | kw))  # type: ignore[arg-type]


foreign_cn = st.builds(
    GateInput,
    requester_country=st.sampled_from(COUNTRIES),
    data_locations=st.lists(st.sampled_from([*COUNTRIES, "CN"]), max_size=3).map(
        lambda extra: (*extra, "CN")
    ),
    type=st.sampled_from(DISCLOSING),
    categories=st.lists(st.sampled_from(list(DataCategory)), unique=True).map(tuple),
    process=st.one_of(st.none(), st.sampled_from(list(LegalProcess))),
)


@SETTINGS
@given(foreign_cn, st.booleans())
def test_every_foreign_request_for_china_stored_data_is_blocked_without_approval(
    request: GateInput, cloud_act: bool
) -> None:
    policy = GatePolicy(cloud_act_countries=frozenset(COUNTRIES) if cloud_act else frozenset())
    result = evaluate(request, policy)
    assert result.blocked
    assert any(f.rule == "cn_foreign_access" and f.outcome == "block" for f in result.findings)


@SETTINGS
@given(foreign_cn)
def test_a_recorded_approval_clears_the_china_rule(request: GateInput) -> None:
    approved = GateInput(
        request.requester_country,
        ("CN",),
        request.type,
        request.categories,
        request.process,
        frozenset({ApprovalKind.CN_COMPETENT_AUTHORITY}),
    )
    result = evaluate(approved)
    assert not result.blocked
    assert [f.rule for f in result.findings] == ["cn_foreign_access"]


def test_chinese_authority_and_takedowns_are_not_blocked_by_the_china_rule() -> None:
    assert not evaluate(gate(requester_country="CN", data_locations=("CN",))).blocked
    takedown = gate(type=RequestType.TAKEDOWN_ORDER, data_locations=("CN",), categories=())
    assert not evaluate(takedown).blocked


# § 2703 written out from the statute (not read from the code under test).
SCA = {
    (DataCategory.SUBSCRIBER, LegalProcess.SUBPOENA): True,
    (DataCategory.SUBSCRIBER, LegalProcess.COURT_ORDER_2703D): True,
    (DataCategory.SUBSCRIBER, LegalProcess.SEARCH_WARRANT): True,
    (DataCategory.TRAFFIC, LegalProcess.SUBPOENA): False,
    (DataCategory.TRAFFIC, LegalProcess.COURT_ORDER_2703D): True,
    (DataCategory.TRAFFIC, LegalProcess.SEARCH_WARRANT): True,
    (DataCategory.CONTENT, LegalProcess.SUBPOENA): False,
    (DataCategory.CONTENT, LegalProcess.COURT_ORDER_2703D): False,
    (DataCategory.CONTENT, LegalProcess.SEARCH_WARRANT): True,
}


def test_us_sca_tiers() -> None:
    for (category, process), allowed in SCA.items():
        result = evaluate(gate(categories=(category,), process=process))
        assert result.blocked is not allowed, (category, process)
        assert [f.rule for f in result.findings] == ["us_sca_tiers"]
    assert evaluate(gate(process=LegalProcess.EMERGENCY)).blocked


def test_emergency_and_preservation_for_a_us_authority() -> None:
    emergency = gate(
        type=RequestType.EMERGENCY_DISCLOSURE,
        categories=(DataCategory.CONTENT,),
        process=LegalProcess.EMERGENCY,
    )
    assert [(f.rule, f.outcome) for f in evaluate(emergency).findings] == [("us_emergency", "pass")]
    preservation = gate(type=RequestType.PRESERVATION, categories=(DataCategory.CONTENT,))
    assert [f.rule for f in evaluate(preservation).findings] == ["us_preservation"]


def test_foreign_authority_and_us_stored_data() -> None:
    content = gate(requester_country="GB", categories=(DataCategory.CONTENT,))
    assert evaluate(content).blocked
    mlat = gate(
        requester_country="GB", categories=(DataCategory.CONTENT,), process=LegalProcess.MLAT
    )
    assert not evaluate(mlat).blocked
    cloud = gate(
        requester_country="GB",
        categories=(DataCategory.CONTENT,),
        process=LegalProcess.CLOUD_ACT_ORDER,
    )
    assert evaluate(cloud).blocked
    assert not evaluate(cloud, GatePolicy(cloud_act_countries=frozenset({"GB"}))).blocked
    records = gate(requester_country="GB", categories=(DataCategory.SUBSCRIBER,))
    assert [(f.rule, f.outcome) for f in evaluate(records).findings] == [
        ("us_foreign_records", "note")
    ]
    assert evaluate(records, GatePolicy(disclose_records_to_foreign=False)).blocked


def test_unknown_location_blocks_and_uncatalogued_location_notes() -> None:
    assert evaluate(gate(data_locations=())).blocked
    other = evaluate(gate(data_locations=("DE",)))
    assert not other.blocked and other.findings[0].rule == "uncatalogued_location"


def test_every_rule_cites_its_basis_or_says_configurable() -> None:
    cites = {
        "cn_foreign_access": ["Data Security Law", "Art. 36", "Art. 41", "Judicial Assistance"],
        "us_sca_tiers": ["2703"],
        "us_emergency": ["2702(b)(8)", "2702(c)(4)"],
        "us_preservation": ["2703(f)"],
        "us_foreign_content": ["2702(a)", "2523"],
        "us_foreign_records": ["2702(c)(6)", "configurable"],
        "cn_domestic": ["Art. 28", "configurable"],
        "uncatalogued_location": ["configurable"],
    }
    for rule, words in cites.items():
        assert all(w in CATALOGUE[rule].basis for w in words), rule
    result = evaluate(gate(requester_country="DE", data_locations=("CN", "US")))
    assert all(f.basis == CATALOGUE[f.rule].basis for f in result.findings)
