"""The conflict-of-laws gate: where the data is stored against who asks, and with what process.

Every rule of the :data:`CATALOGUE` names the basis it rests on. Where the law leaves the answer to
the provider or to an agreement, the rule says **configurable** rather than citing an article. The
gate is pure: :func:`evaluate` takes a :class:`GateInput` and returns every rule's finding; the
request passes only when no finding blocks.

Rules (the catalogue holds the text of each basis):

* ``cn_foreign_access`` — data stored in China, asked for by a non-Chinese authority, for anything
  but a takedown: blocked until the approval of the competent Chinese authority is recorded
  (Data Security Law Art. 36; PIPL Art. 41; International Criminal Judicial Assistance Law Art. 4).
  No emergency exception: an emergency request for China-stored data is blocked all the same.
* ``cn_domestic`` — a Chinese authority, China-stored data: Cybersecurity Law Art. 28 (support and
  assistance to public and state security organs); the instrument required is configurable.
* ``us_sca_tiers`` — a US authority, US-stored data (18 U.S.C. § 2703): subscriber records by
  subpoena (§ 2703(c)(2)), other non-content records by a § 2703(d) order (§ 2703(c)(1)), content by
  warrant (§ 2703(a)/(b); warrant for all content is provider policy after *United States v.
  Warshak*, 631 F.3d 266 (6th Cir. 2010)); a higher instrument satisfies a lower tier.
* ``us_emergency`` — § 2702(b)(8) (content) and § 2702(c)(4) (records): voluntary disclosure on a
  good-faith belief of an emergency involving danger of death or serious physical injury.
* ``us_preservation`` — § 2703(f): preservation on the request of a governmental entity.
* ``us_foreign_content`` — a non-US authority asking for US-stored content: § 2702(a) bars
  voluntary disclosure; it needs a US warrant obtained through an MLAT (18 U.S.C. § 3512) or an
  order under an executive agreement (CLOUD Act, 18 U.S.C. § 2523; the list of agreement countries
  is configurable).
* ``us_foreign_records`` — a non-US authority asking for US-stored non-content records: § 2702(c)(6)
  permits disclosure to "any person other than a governmental entity" (§ 2711(4): US federal or
  state entities); provider policy, configurable — passes with a note.
* ``uncatalogued_location`` — data stored elsewhere: passes with a note (configurable).
* ``unknown_location`` — where the data is stored is not stated: blocked (the gate cannot decide).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from lawbridge.domain.provider_requests import DataCategory, LegalProcess, RequestType


class Outcome(StrEnum):
    PASS = "pass"
    BLOCK = "block"
    NOTE = "note"


class ApprovalKind(StrEnum):
    """Approvals that clear a blocking rule once recorded."""

    CN_COMPETENT_AUTHORITY = "cn_competent_authority"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    basis: str
    clears_with: ApprovalKind | None = None


CATALOGUE: dict[str, Rule] = {
    "cn_foreign_access": Rule(
        "cn_foreign_access",
        "Data Security Law of the PRC Art. 36 (no data stored in China to foreign judicial or law "
        "enforcement bodies without approval of the competent authority); Personal Information "
        "Protection Law Art. 41 (same for personal information stored in China); International "
        "Criminal Judicial Assistance Law Art. 4 (no evidence or assistance to foreign countries "
        "without the consent of the competent authority).",
        ApprovalKind.CN_COMPETENT_AUTHORITY,
    ),
    "cn_domestic": Rule(
        "cn_domestic",
        "Cybersecurity Law of the PRC Art. 28 (network operators support and assist public and "
        "state security organs); the instrument required is configurable.",
    ),
    "us_sca_tiers": Rule(
        "us_sca_tiers",
        "18 U.S.C. § 2703: subscriber records by subpoena (§ 2703(c)(2)), other non-content records "
        "by a § 2703(d) court order (§ 2703(c)(1)), content by warrant (§ 2703(a)/(b); provider "
        "policy after United States v. Warshak, 631 F.3d 266 (6th Cir. 2010)).",
    ),
    "us_emergency": Rule(
        "us_emergency",
        "18 U.S.C. § 2702(b)(8) (content) and § 2702(c)(4) (records): voluntary disclosure on a "
        "good-faith belief that an emergency involving danger of death or serious physical injury "
        "requires it without delay.",
    ),
    "us_preservation": Rule(
        "us_preservation",
        "18 U.S.C. § 2703(f): preservation pending legal process, on the request of a governmental "
        "entity, for 90 days renewable once for 90 more.",
    ),
    "us_foreign_content": Rule(
        "us_foreign_content",
        "18 U.S.C. § 2702(a): no voluntary disclosure of content; a foreign authority needs a US "
        "warrant through an MLAT (18 U.S.C. § 3512) or an order under a CLOUD Act executive "
        "agreement (18 U.S.C. § 2523; agreement countries configurable).",
    ),
    "us_foreign_records": Rule(
        "us_foreign_records",
        "18 U.S.C. § 2702(c)(6) with § 2711(4): non-content records may be disclosed to a "
        "non-US government; whether to do so is provider policy (configurable).",
    ),
    "uncatalogued_location": Rule(
        "uncatalogued_location",
        "No rule in this catalogue for the storage jurisdiction: configurable (add a rule).",
    ),
    "unknown_location": Rule(
        "unknown_location",
        "The gate needs the jurisdiction where the data is stored (data_locations).",
    ),
}

# § 2703 tiers: the instruments that reach each category (a higher one satisfies a lower tier).
P = LegalProcess
US_TIERS: dict[DataCategory, frozenset[LegalProcess]] = {
    DataCategory.SUBSCRIBER: frozenset({P.SUBPOENA, P.COURT_ORDER_2703D, P.SEARCH_WARRANT}),
    DataCategory.TRAFFIC: frozenset({P.COURT_ORDER_2703D, P.SEARCH_WARRANT}),
    DataCategory.CONTENT: frozenset({P.SEARCH_WARRANT}),
}
FOREIGN_CONTENT_PROCESS = frozenset({P.MLAT, P.CLOUD_ACT_ORDER})


@dataclass(frozen=True, slots=True)
class GatePolicy:
    """Provider-configurable parts of the catalogue."""

    cloud_act_countries: frozenset[str] = frozenset()
    disclose_records_to_foreign: bool = True


@dataclass(frozen=True, slots=True)
class GateInput:
    requester_country: str
    data_locations: tuple[str, ...]
    type: RequestType
    categories: tuple[DataCategory, ...]
    process: LegalProcess | None
    approvals: frozenset[ApprovalKind] = frozenset()


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    outcome: Outcome
    message: str
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "outcome": self.outcome.value, "message": self.message}


@dataclass(frozen=True, slots=True)
class GateResult:
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def blocked(self) -> bool:
        return any(f.outcome is Outcome.BLOCK for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": "block" if self.blocked else "pass",
            "findings": [f.to_dict() for f in self.findings],
        }


def _finding(rule_id: str, outcome: Outcome, message: str) -> Finding:
    return Finding(rule_id, outcome, message, CATALOGUE[rule_id].basis)


def _china(gate: GateInput) -> Iterable[Finding]:
    if gate.requester_country == "CN":
        yield _finding("cn_domestic", Outcome.PASS, "a Chinese authority, China-stored data")
        return
    if gate.type is RequestType.TAKEDOWN_ORDER:
        yield _finding("cn_foreign_access", Outcome.NOTE, "a takedown discloses no stored data")
        return
    if ApprovalKind.CN_COMPETENT_AUTHORITY in gate.approvals:
        yield _finding("cn_foreign_access", Outcome.PASS, "approval of the competent authority")
        return
    yield _finding(
        "cn_foreign_access",
        Outcome.BLOCK,
        f"a {gate.requester_country} authority asks for data stored in China: blocked until "
        "the competent Chinese authority's approval is recorded",
    )


def _us_domestic(gate: GateInput) -> Iterable[Finding]:
    if gate.type is RequestType.EMERGENCY_DISCLOSURE:
        yield _finding("us_emergency", Outcome.PASS, "voluntary emergency disclosure")
        return
    if gate.type is RequestType.PRESERVATION:
        yield _finding("us_preservation", Outcome.PASS, "preservation pending legal process")
        return
    if gate.type is not RequestType.DATA_DISCLOSURE:
        return
    for category in gate.categories:
        if gate.process in US_TIERS[category]:
            yield _finding("us_sca_tiers", Outcome.PASS, f"{category.value}: {gate.process}")
        else:
            allowed = ", ".join(sorted(p.value for p in US_TIERS[category]))
            process = gate.process.value if gate.process else "none"
            yield _finding(
                "us_sca_tiers",
                Outcome.BLOCK,
                f"{category.value} data needs one of: {allowed} (got {process})",
            )


def _us_foreign(gate: GateInput, policy: GatePolicy) -> Iterable[Finding]:
    if gate.type in (RequestType.TAKEDOWN_ORDER, RequestType.PRESERVATION):
        return
    if DataCategory.CONTENT in gate.categories:
        ok = gate.process in FOREIGN_CONTENT_PROCESS and (
            gate.process is P.MLAT or gate.requester_country in policy.cloud_act_countries
        )
        outcome = Outcome.PASS if ok else Outcome.BLOCK
        yield _finding("us_foreign_content", outcome, "US-stored content for a foreign authority")
    if set(gate.categories) - {DataCategory.CONTENT}:
        outcome = Outcome.NOTE if policy.disclose_records_to_foreign else Outcome.BLOCK
        yield _finding("us_foreign_records", outcome, "US-stored records for a foreign authority")


def evaluate(gate: GateInput, policy: GatePolicy | None = None) -> GateResult:
    """Every rule's finding for ``gate``; blocked when any finding blocks."""
    chosen = policy or GatePolicy()
    findings: list[Finding] = []
    if not gate.data_locations:
        findings.append(_finding("unknown_location", Outcome.BLOCK, "data location not stated"))
    for location in dict.fromkeys(gate.data_locations):
        if location == "CN":
            findings += _china(gate)
        elif location == "US" and gate.requester_country == "US":
            findings += _us_domestic(gate)
        elif location == "US":
            findings += _us_foreign(gate, chosen)
        else:
            message = f"no catalogue rule for data stored in {location}: provider review"
            findings.append(_finding("uncatalogued_location", Outcome.NOTE, message))
    return GateResult(tuple(findings))
