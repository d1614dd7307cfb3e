"""The processing register (PIPL) and the transfer guard, party-scoped and audited.

A **processing activity** belongs to the actor's party and is never shared: another party's ids
answer NotFound. Changing one needs ``write_records`` (each update makes a new version; retired
activities stay on record); reading needs ``read_records``.

:func:`check_transfer` scans an outgoing payload (text, or a JSON value string by string; see
``privacy_payload.py``) with a :data:`Detector`, asks the decision rule (``domain/privacy.py``)
whether the party's activities let it go to the recipient, and records a ``TransferDecision`` (the
payload's SHA-256 and size, never the payload) with the audit event ``privacy.transfer.<decision>``
in the same transaction. A redact decision returns the payload with the uncovered categories
redacted (operator ``replace`` by default), re-scanned so that no span of those types survives.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Any

import pycountry
from sqlalchemy import ColumnElement, select, true

from lawbridge.domain.privacy import (
    ActivityStatus,
    ActivityTerms,
    DataCategory,
    LegalBasis,
    Recipient,
    TransferDecisionKind,
    TransferMechanism,
    TransferRequest,
    Verdict,
    decide_transfer,
)
from lawbridge.domain.roles import Permission
from lawbridge.domain.screening import parse_enum
from lawbridge.engines.pii import operators as ops
from lawbridge.errors import ConfigError, Conflict, InvalidInput, InvalidTransition, NotFound
from lawbridge.store.models import Party, ProcessingActivity, TransferDecision, utcnow
from lawbridge.workflows import shares
from lawbridge.workflows.privacy_payload import (
    Detector,
    canonical_bytes,
    count_categories,
    digest,
    redact_payload,
    scan,
)
from lawbridge.workflows.unit import Unit

OBJECT_TYPE = "processing_activity"
DECISION_TYPE = "transfer_decision"
MAX_NAME = 200
MAX_TEXT = 20_000
MAX_RECIPIENTS = 100
MAX_RETENTION_DAYS = 36_500
REDACTION_OPERATORS = ("replace", "mask", "hmac_pseudonym", "fake", "encrypt")
FIELDS = (
    "name",
    "purpose",
    "legal_basis",
    "categories",
    "retention_days",
    "recipients",
    "cross_border_mechanism",
    "allow_redaction",
)


# --- The detector -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    try:
        engine = importlib.import_module("lawbridge.engines.pii")
        return engine.Analyzer()
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"the PII engine is not available: {exc}") from exc


def default_detector() -> Detector:
    """The PII engine's analyzer as a :data:`Detector` (imported on first use, built once)."""
    analyzer = _analyzer()

    def detect(text: str) -> list[tuple[str, int, int]]:
        return [(str(f.type), int(f.start), int(f.end)) for f in analyzer.analyze(text)]

    return detect


# --- Validation ---------------------------------------------------------------------------------


def _text(value: Any, field: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{field} must not be empty", {"field": field})
    text = value.strip()
    if len(text) > limit or "\x00" in text:
        raise InvalidInput(
            f"{field} must be at most {limit} characters, without NUL", {"field": field}
        )
    return text


def clean_country(value: Any, field: str = "country") -> str:
    """An ISO 3166-1 alpha-2 code, upper case."""
    code = value.strip().upper() if isinstance(value, str) else ""
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise InvalidInput(f"{field} must be an ISO 3166-1 alpha-2 country code", {"field": field})
    return code


def clean_categories(values: Any) -> list[str]:
    if not isinstance(values, list | tuple) or not values:
        raise InvalidInput("categories must be a non-empty list", {"field": "categories"})
    return sorted({str(parse_enum(DataCategory, str(v), "categories")) for v in values})


def clean_recipients(values: Any) -> list[dict[str, str]]:
    if not isinstance(values, list | tuple) or len(values) > MAX_RECIPIENTS:
        raise InvalidInput(f"recipients must be a list of at most {MAX_RECIPIENTS}")
    cleaned: dict[tuple[str, str], dict[str, str]] = {}
    for item in values:
        if not isinstance(item, dict) or set(item) - {"name", "country"}:
            raise InvalidInput("each recipient is {name, country}", {"field": "recipients"})
        name = _text(item.get("name"), "recipients.name", MAX_NAME)
        country = clean_country(item.get("country"), "recipients.country")
        cleaned.setdefault((name.casefold(), country), {"name": name, "country": country})
    return list(cleaned.values())


def clean_retention(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("retention_days must be a whole number", {"field": "retention_days"})
    if not 1 <= value <= MAX_RETENTION_DAYS:
        raise InvalidInput(
            f"retention_days must be between 1 and {MAX_RETENTION_DAYS}",
            {"field": "retention_days"},
        )
    return value


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The given activity fields, validated and normalised."""
    cleaners: dict[str, Callable[[Any], Any]] = {
        "name": lambda v: _text(v, "name", MAX_NAME),
        "purpose": lambda v: _text(v, "purpose", MAX_TEXT),
        "legal_basis": lambda v: parse_enum(LegalBasis, str(v), "legal_basis").value,
        "categories": clean_categories,
        "retention_days": clean_retention,
        "recipients": clean_recipients,
        "cross_border_mechanism": lambda v: (
            parse_enum(TransferMechanism, str(v), "cross_border_mechanism").value
        ),
        "allow_redaction": lambda v: bool(v),
    }
    return {key: cleaners[key](value) for key, value in fields.items()}


# --- The register -------------------------------------------------------------------------------


def create_activity(
    unit: Unit,
    *,
    name: str,
    purpose: str,
    legal_basis: str,
    categories: Sequence[str],
    retention_days: int,
    recipients: Sequence[dict[str, str]] = (),
    cross_border_mechanism: str = TransferMechanism.NONE_DOMESTIC.value,
    allow_redaction: bool = False,
) -> ProcessingActivity:
    """Record a processing activity of the actor's party (version 1, active)."""
    if unit.actor.party_id is None:
        raise InvalidInput("processing activities belong to a party; the operator has none")
    unit.require(Permission.WRITE_RECORDS)
    given = {
        "name": name,
        "purpose": purpose,
        "legal_basis": legal_basis,
        "categories": list(categories),
        "retention_days": retention_days,
        "recipients": list(recipients),
        "cross_border_mechanism": cross_border_mechanism,
        "allow_redaction": allow_redaction,
    }
    activity = ProcessingActivity(
        party_id=unit.actor.party_id,
        status=ActivityStatus.ACTIVE.value,
        version=1,
        created_by=unit.actor.account_id or "",
        **clean_fields(given),
    )
    unit.session.add(activity)
    unit.session.flush()
    unit.record("privacy.activity.create", OBJECT_TYPE, activity.id, _summary(activity))
    return activity


def _summary(activity: ProcessingActivity) -> dict[str, Any]:
    return {
        "version": activity.version,
        "legal_basis": activity.legal_basis,
        "categories": list(activity.categories),
        "recipients": [r["name"] for r in activity.recipients],
        "cross_border_mechanism": activity.cross_border_mechanism,
    }


def get_activity(unit: Unit, activity_id: str, *, write: bool = False) -> ProcessingActivity:
    """An activity of the actor's party; NotFound for any other (activities are never shared)."""
    activity = unit.session.get(ProcessingActivity, activity_id)
    if activity is None:
        raise NotFound(f"no {OBJECT_TYPE} '{activity_id}'")
    shares.check_access(unit, OBJECT_TYPE, activity.id, activity.party_id, write=write)
    return unit.lock(activity) if write else activity  # see documents.get_document


def _own(unit: Unit, column: Any) -> ColumnElement[bool]:
    return true() if unit.actor.is_system else column == unit.actor.party_id


def list_activities(
    unit: Unit, *, include_retired: bool = False, limit: int = 50, offset: int = 0
) -> list[ProcessingActivity]:
    """The party's activities by name (active ones unless ``include_retired``)."""
    unit.require(Permission.READ_RECORDS)
    query = select(ProcessingActivity).where(_own(unit, ProcessingActivity.party_id))
    if not include_retired:
        query = query.where(ProcessingActivity.status == ActivityStatus.ACTIVE.value)
    query = query.order_by(ProcessingActivity.name, ProcessingActivity.id)
    return list(unit.session.scalars(query.limit(limit).offset(offset)))


def update_activity(
    unit: Unit, activity_id: str, *, expected_version: int, **changes: Any
) -> ProcessingActivity:
    """Change some fields; a new version. ``expected_version`` guards against lost updates."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise InvalidInput(f"unknown fields: {', '.join(sorted(unknown))}")
    given = {k: v for k, v in changes.items() if v is not None}
    if not given:
        raise InvalidInput("nothing to change")
    cleaned = clean_fields(given)
    activity = get_activity(unit, activity_id, write=True)
    if activity.status != ActivityStatus.ACTIVE.value:
        raise InvalidTransition("a retired processing activity cannot change")
    if activity.version != expected_version:
        raise Conflict(
            "the processing activity changed since you read it",
            {"expected_version": expected_version, "version": activity.version},
        )
    for key, value in cleaned.items():
        setattr(activity, key, value)
    activity.version += 1
    activity.updated_at = utcnow()
    payload = _summary(activity) | {"changed": sorted(cleaned)}
    unit.record("privacy.activity.update", OBJECT_TYPE, activity.id, payload)
    return activity


def retire_activity(unit: Unit, activity_id: str) -> ProcessingActivity:
    """Retire an activity: it stays on record and covers no transfer any more."""
    activity = get_activity(unit, activity_id, write=True)
    if activity.status == ActivityStatus.RETIRED.value:
        raise InvalidTransition("this processing activity is already retired")
    activity.status = ActivityStatus.RETIRED.value
    activity.version += 1
    activity.updated_at = utcnow()
    unit.record("privacy.activity.retire", OBJECT_TYPE, activity.id, {"version": activity.version})
    return activity


def terms_of(activity: ProcessingActivity) -> ActivityTerms:
    """What the decision rule needs of an activity; it covers transfers for its retention period."""
    return ActivityTerms(
        id=activity.id,
        name=activity.name,
        legal_basis=LegalBasis(activity.legal_basis),
        categories=frozenset(activity.categories),
        recipients=tuple(Recipient(r["name"], r["country"]) for r in activity.recipients),
        cross_border_mechanism=TransferMechanism(activity.cross_border_mechanism),
        allow_redaction=activity.allow_redaction,
        status=ActivityStatus(activity.status),
        expires_at=activity.created_at + timedelta(days=activity.retention_days),
    )


# --- The transfer guard -------------------------------------------------------------------------


@dataclass(slots=True)
class TransferOutcome:
    """A recorded decision; ``redacted`` is the payload to send when the decision is redact."""

    record: TransferDecision
    verdict: Verdict
    redacted: Any = None


def operator_for(unit: Unit, name: str) -> ops.Operator:
    """A redaction operator; keyed ones get a key derived from the secret key and their name."""
    if name not in REDACTION_OPERATORS:
        raise InvalidInput(f"operator must be one of: {', '.join(REDACTION_OPERATORS)}")
    if name == "replace":
        return ops.ReplaceOperator()
    if name == "mask":
        return ops.MaskOperator()
    secret = unit.settings.secret_key.encode("utf-8")
    key = hmac.new(secret, f"lawbridge.privacy.{name}".encode(), hashlib.sha256).digest()
    if name == "hmac_pseudonym":
        return ops.HmacPseudonymOperator(key)
    return ops.FakeOperator(key) if name == "fake" else ops.EncryptOperator(key)


def check_transfer(
    unit: Unit,
    *,
    recipient: str,
    country: str,
    payload: Any,
    detector: Detector | None = None,
    operator: str = "replace",
) -> TransferOutcome:
    """Decide whether ``payload`` (text or a JSON value) may go to ``recipient`` in ``country``."""
    if unit.actor.party_id is None:
        raise InvalidInput("a transfer is checked for a party; the operator has none")
    unit.require(Permission.WRITE_RECORDS)
    recipient = _text(recipient, "recipient", MAX_NAME)
    country = clean_country(country)
    chosen = operator_for(unit, operator)
    data = canonical_bytes(payload)
    detect = detector or default_detector()
    spans = scan(payload, detect)
    found = count_categories(spans)
    verdict = _decide(unit, recipient, country, found)
    redacted = None
    if verdict.decision == TransferDecisionKind.REDACT:
        redacted, verdict = _redacted(payload, spans, verdict, chosen, detect)
    record = _record(unit, recipient, country, found, verdict, data)
    return TransferOutcome(record, verdict, redacted)


def _decide(unit: Unit, recipient: str, country: str, found: dict[str, int]) -> Verdict:
    party = unit.session.get(Party, unit.actor.party_id)
    if party is None:
        raise NotFound("the acting party does not exist")
    query = select(ProcessingActivity).where(ProcessingActivity.party_id == party.id)
    activities = [terms_of(a) for a in unit.session.scalars(query)]
    request = TransferRequest(
        recipient=recipient,
        country=country,
        found=found,
        party_names=frozenset({party.slug, party.name}),
        party_country=party.jurisdiction,
        now=utcnow(),
    )
    return decide_transfer(request, activities)


def _redacted(
    payload: Any,
    spans: list[list[tuple[str, int, int]]],
    verdict: Verdict,
    operator: ops.Operator,
    detect: Detector,
) -> tuple[Any, Verdict]:
    """The redacted payload; should redaction not settle (it always does), a block instead."""
    try:
        return redact_payload(
            payload, spans, dict.fromkeys(verdict.redact, operator), detect
        ), verdict
    except InvalidInput as exc:
        why = f"redaction with '{operator.NAME}' could not remove every category: {exc.message}"
        return None, Verdict(TransferDecisionKind.BLOCK, (*verdict.reasons, why))


def _record(
    unit: Unit,
    recipient: str,
    country: str,
    found: dict[str, int],
    verdict: Verdict,
    data: bytes,
) -> TransferDecision:
    activity = unit.session.get(ProcessingActivity, verdict.activity_id or "")
    record = TransferDecision(
        party_id=unit.actor.party_id,
        recipient=recipient,
        country=country,
        decision=verdict.decision.value,
        reasons=list(verdict.reasons),
        categories=found,
        redacted_categories=sorted(verdict.redact),
        activity_id=activity.id if activity else None,
        activity_version=activity.version if activity else None,
        payload_sha256=digest(data),
        payload_size=len(data),
        created_by=unit.actor.account_id,
    )
    unit.session.add(record)
    unit.session.flush()
    event = {
        "recipient": recipient,
        "country": country,
        "categories": found,
        "redacted": record.redacted_categories,
        "activity": record.activity_id,
        "payload_sha256": record.payload_sha256,
        "payload_size": record.payload_size,
    }
    unit.record(f"privacy.transfer.{record.decision}", DECISION_TYPE, record.id, event)
    return record


def list_transfers(
    unit: Unit, *, decision: str | None = None, limit: int = 50, offset: int = 0
) -> list[TransferDecision]:
    """The party's transfer decisions, newest first."""
    unit.require(Permission.READ_RECORDS)
    query = select(TransferDecision).where(_own(unit, TransferDecision.party_id))
    if decision is not None:
        kind = parse_enum(TransferDecisionKind, decision, "decision")
        query = query.where(TransferDecision.decision == kind.value)
    query = query.order_by(TransferDecision.created_at.desc(), TransferDecision.id)
    return list(unit.session.scalars(query.limit(limit).offset(offset)))
