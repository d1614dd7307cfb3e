"""The processing register's vocabulary (PIPL) and the transfer guard's decision rule (pure).

A party records each **processing activity**: its purpose, its legal basis (PIPL Art. 13), the data
categories it processes, how long the data is kept, the recipients it provides data to and, for a
recipient abroad, the cross-border mechanism (Art. 38). :func:`decide_transfer` decides whether an
outgoing payload in which personal information was found may go to a named recipient:

- no personal information found → allow;
- no active, unexpired activity names the recipient (in that country) → block: handing personal
  information to someone without a recorded basis is what the guard exists to stop;
- an activity names the recipient but not every category found → redact the uncovered categories if
  the activity allows redaction, else block (Art. 6: minimum necessary; Art. 23: the recipient
  gets only the categories the individual was told of);
- a sensitive category (Art. 28) goes only under separate consent (Art. 29), a legal duty or another
  law (Art. 13(3), (7)); otherwise block;
- provision to another handler (Art. 23) needs separate consent, a contract or HR need, a legal duty
  or another law;
- a recipient in another country than the party's needs a cross-border mechanism (Art. 38): a CAC
  security assessment, the standard contract, certification or another law; otherwise block.

When several activities name the recipient the most permissive outcome wins (allow, then the redact
that removes the fewest categories); a block lists the reasons of every candidate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class LegalBasis(StrEnum):
    """PIPL Art. 13 (1)-(7); ``separate_consent`` is the consent Arts. 23, 25, 29 and 39 require."""

    CONSENT = "consent"  # Art. 13(1)
    SEPARATE_CONSENT = "separate_consent"  # Art. 14, 23, 29, 39
    CONTRACT_OR_HR = "contract_or_hr"  # Art. 13(2)
    LEGAL_DUTY = "legal_duty"  # Art. 13(3)
    PUBLIC_HEALTH_EMERGENCY = "public_health_emergency"  # Art. 13(4)
    NEWS_PUBLIC_INTEREST = "news_public_interest"  # Art. 13(5)
    PUBLISHED_INFO = "published_info"  # Art. 13(6)
    OTHER_LAW = "other_law"  # Art. 13(7)


class DataCategory(StrEnum):
    """The personal-information types the PII engine detects."""

    PERSON = "PERSON"
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    CN_RESIDENT_ID = "CN_RESIDENT_ID"
    CREDIT_CARD = "CREDIT_CARD"
    US_SSN = "US_SSN"
    IP_ADDRESS = "IP_ADDRESS"
    IBAN = "IBAN"
    PASSPORT = "PASSPORT"
    BANK_ACCOUNT = "BANK_ACCOUNT"
    CN_LICENSE_PLATE = "CN_LICENSE_PLATE"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    ADDRESS = "ADDRESS"


SENSITIVE: dict[DataCategory, str] = {
    DataCategory.CN_RESIDENT_ID: (
        "a resident identity number reveals a specific identity (PIPL Art. 28; GB/T 35273-2020 "
        "Annex B lists identity card numbers as sensitive)"
    ),
    DataCategory.PASSPORT: (
        "a passport number is an identity document (PIPL Art. 28 'specific identity'; "
        "GB/T 35273-2020 Annex B)"
    ),
    DataCategory.BANK_ACCOUNT: (
        "a bank account is a financial account (PIPL Art. 28 names financial accounts)"
    ),
    DataCategory.CREDIT_CARD: (
        "a card number is a financial account and enables payment fraud (PIPL Art. 28)"
    ),
}


class TransferMechanism(StrEnum):
    """How personal information may leave the country (PIPL Art. 38)."""

    NONE_DOMESTIC = "none_domestic"
    CAC_SECURITY_ASSESSMENT = "cac_security_assessment"  # Art. 38(1), Art. 40
    STANDARD_CONTRACT = "standard_contract"  # Art. 38(3)
    CERTIFICATION = "certification"  # Art. 38(2)
    OTHER_LAW = "other_law"  # Art. 38(4)


class TransferDecisionKind(StrEnum):
    ALLOW = "allow"
    REDACT = "redact"
    BLOCK = "block"


class ActivityStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"


SENSITIVE_BASES = frozenset(
    {LegalBasis.SEPARATE_CONSENT, LegalBasis.LEGAL_DUTY, LegalBasis.OTHER_LAW}
)
PROVISION_BASES = frozenset(
    {
        LegalBasis.SEPARATE_CONSENT,
        LegalBasis.CONTRACT_OR_HR,
        LegalBasis.LEGAL_DUTY,
        LegalBasis.OTHER_LAW,
    }
)


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    country: str  # ISO 3166-1 alpha-2

    def names(self, name: str, country: str) -> bool:
        return same_name(self.name, name) and self.country.upper() == country.upper()


@dataclass(frozen=True, slots=True)
class ActivityTerms:
    """What the rule needs of one processing activity."""

    id: str
    name: str
    legal_basis: LegalBasis
    categories: frozenset[str]
    recipients: tuple[Recipient, ...]
    cross_border_mechanism: TransferMechanism
    allow_redaction: bool
    status: ActivityStatus = ActivityStatus.ACTIVE
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TransferRequest:
    """An outgoing payload's recipient, what was found in it and who sends it."""

    recipient: str
    country: str
    found: Mapping[str, int]  # category -> occurrences
    party_names: frozenset[str]  # the sending party's own names (slug, name): not another handler
    party_country: str
    now: datetime


@dataclass(frozen=True, slots=True)
class Verdict:
    decision: TransferDecisionKind
    reasons: tuple[str, ...]
    redact: frozenset[str] = field(default_factory=frozenset)
    activity_id: str | None = None


def same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def decide_transfer(request: TransferRequest, activities: Sequence[ActivityTerms]) -> Verdict:
    """Allow, redact or block ``request`` given the party's activities (see the module doc)."""
    found = {c for c, n in request.found.items() if n > 0}
    if not found:
        return Verdict(TransferDecisionKind.ALLOW, ("no personal information found",))
    naming = [
        a
        for a in activities
        if any(r.names(request.recipient, request.country) for r in a.recipients)
    ]
    live = [a for a in naming if _lapsed(a, request.now) is None]
    if not live:
        return _no_activity(request, naming)
    verdicts = [_judge(a, found, request) for a in sorted(live, key=lambda a: (a.name, a.id))]
    return _best(verdicts)


def _lapsed(activity: ActivityTerms, now: datetime) -> str | None:
    if activity.status != ActivityStatus.ACTIVE:
        return f"processing activity '{activity.name}' is retired"
    if activity.expires_at is not None and activity.expires_at <= now:
        day = activity.expires_at.date().isoformat()
        return f"processing activity '{activity.name}' ended its retention period on {day}"
    return None


def _no_activity(request: TransferRequest, naming: Sequence[ActivityTerms]) -> Verdict:
    where = f"{request.recipient} ({request.country.upper()})"
    reasons = [
        f"no processing activity covers recipient {where}: providing personal information "
        "without a recorded legal basis is refused (PIPL Art. 10, Art. 13, Art. 23)"
    ]
    reasons += [why for a in naming if (why := _lapsed(a, request.now))]
    return Verdict(TransferDecisionKind.BLOCK, tuple(reasons))


def _judge(activity: ActivityTerms, found: set[str], request: TransferRequest) -> Verdict:
    """The outcome under one activity that names the recipient."""
    label = f"processing activity '{activity.name}'"
    basis = activity.legal_basis
    reasons = list(_basis_problems(activity, label, found, request))
    if reasons:
        return Verdict(TransferDecisionKind.BLOCK, tuple(reasons), activity_id=activity.id)
    uncovered = found - activity.categories
    if not uncovered:
        why = f"{label} covers recipient {request.recipient} and every category found ({basis})"
        return Verdict(TransferDecisionKind.ALLOW, (why,), activity_id=activity.id)
    listed = ", ".join(sorted(uncovered))
    if not activity.allow_redaction:
        why = (
            f"{label} does not cover {listed} and does not allow redaction "
            "(PIPL Art. 6 minimum necessary, Art. 23)"
        )
        return Verdict(TransferDecisionKind.BLOCK, (why,), activity_id=activity.id)
    why = f"{label} does not cover {listed}: redacted (PIPL Art. 6 minimum necessary, Art. 23)"
    return Verdict(TransferDecisionKind.REDACT, (why,), frozenset(uncovered), activity.id)


def _basis_problems(
    activity: ActivityTerms, label: str, found: set[str], request: TransferRequest
) -> list[str]:
    basis = activity.legal_basis
    problems = []
    for category in sorted(found & activity.categories):
        if category in SENSITIVE and basis not in SENSITIVE_BASES:
            problems.append(
                f"{category} is sensitive personal information (PIPL Art. 28) and needs "
                f"separate consent, a legal duty or another law (Art. 29); {label} rests on {basis}"
            )
    if not any(same_name(request.recipient, n) for n in request.party_names):
        if basis not in PROVISION_BASES:
            problems.append(
                f"providing personal information to another handler needs separate consent "
                f"(PIPL Art. 23) or a contract, legal duty or other law; {label} rests on {basis}"
            )
    abroad = request.country.upper() != request.party_country.upper()
    if abroad and activity.cross_border_mechanism == TransferMechanism.NONE_DOMESTIC:
        problems.append(
            f"recipient is in {request.country.upper()}, outside {request.party_country.upper()}: "
            f"a cross-border transfer needs a CAC security assessment, the standard contract, "
            f"certification or another law (PIPL Art. 38); {label} records none"
        )
    return problems


def _best(verdicts: Sequence[Verdict]) -> Verdict:
    allowed = [v for v in verdicts if v.decision == TransferDecisionKind.ALLOW]
    if allowed:
        return allowed[0]
    redacted = [v for v in verdicts if v.decision == TransferDecisionKind.REDACT]
    if redacted:
        return min(redacted, key=lambda v: len(v.redact))
    reasons = tuple(dict.fromkeys(r for v in verdicts for r in v.reasons))
    return Verdict(TransferDecisionKind.BLOCK, reasons, activity_id=verdicts[0].activity_id)
