"""Leads as STIX 2.1 bundles (the ``stix2`` library): export what a recipient may receive, import
the indicators of a bundle with a report per object.

**Export.** A bundle holds an ``identity`` for each party whose leads it carries, the TLP 2.0
``marking-definition`` objects in use, one ``indicator`` per lead (id ``indicator--<lead id>``,
pattern from ``domain/leads.py``, ``created_by_ref`` its party, ``object_marking_refs`` its TLP),
the cyber-observable each pattern is about and a ``based-on`` ``relationship`` from the indicator
to it (wallets have no STIX observable type: indicator only). The lead's source and the case's or
request's own data are never exported. Each export is audited with the SHA-256 of the bundle.

**Import.** The envelope must be a bundle (else nothing is read); each object is then reported:
``imported``, ``duplicate`` (already a lead of the party here), ``skipped`` (not an indicator,
not a STIX pattern, revoked, expired or not yet valid), ``unsupported`` (a pattern other than one
comparison on a supported observable, or a value that fails its format check) or ``invalid`` (the
``stix2`` library refuses the object). The TLP comes from the object's markings (TLP 2.0, or TLP
1.0 with white read as clear), else the caller's default.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import stix2
from stix2.exceptions import STIXError

from lawbridge.domain.clocks import SYSTEM_CLOCK, Clock, as_utc
from lawbridge.domain.leads import (
    RANK,
    IndicatorKind,
    Tlp,
    marking_definition,
    parse_pattern,
    parse_tlp,
    stix_pattern,
    tlp_of_markings,
)
from lawbridge.domain.leads import Indicator as Lead
from lawbridge.domain.roles import Permission
from lawbridge.errors import InvalidInput
from lawbridge.store.cases_models import LeadIndicator
from lawbridge.store.models import Party
from lawbridge.workflows import leads
from lawbridge.workflows.leads import Target
from lawbridge.workflows.unit import Unit

NAMESPACE = uuid.UUID("1f0c5d9e-6a57-4b8e-9b1e-5a3c2d7e8f40")  # lawbridge's STIX ids
MAX_OBJECTS = 5000
MAX_NAME = 250


def identity_id(party_id: str) -> str:
    return f"identity--{uuid.uuid5(NAMESPACE, party_id)}"


def _stamp(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _identity(party: Party) -> Any:
    created = _stamp(party.created_at)
    return stix2.Identity(
        id=identity_id(party.id),
        name=party.name,
        identity_class="organization",
        created=created,
        modified=created,
    )


def _observable(lead: LeadIndicator, marking: str) -> Any | None:
    """The cyber-observable the lead's pattern is about (None for wallets: no STIX type)."""
    refs = [marking]
    kind = IndicatorKind(lead.kind)
    if kind is IndicatorKind.IPV4:
        return stix2.IPv4Address(value=lead.value, object_marking_refs=refs)
    if kind is IndicatorKind.IPV6:
        return stix2.IPv6Address(value=lead.value, object_marking_refs=refs)
    if kind is IndicatorKind.DOMAIN:
        return stix2.DomainName(value=lead.value, object_marking_refs=refs)
    if kind is IndicatorKind.URL:
        return stix2.URL(value=lead.value, object_marking_refs=refs)
    names = {IndicatorKind.MD5: "MD5", IndicatorKind.SHA1: "SHA-1", IndicatorKind.SHA256: "SHA-256"}
    if kind in names:
        return stix2.File(hashes={names[kind]: lead.value}, object_marking_refs=refs)
    return None


def _indicator(lead: LeadIndicator, marking: str) -> Any:
    created = _stamp(lead.created_at)
    pattern = stix_pattern(Lead(IndicatorKind(lead.kind), lead.value))
    return stix2.Indicator(
        id=f"indicator--{lead.id}",
        created=created,
        modified=created,
        name=f"{lead.kind} {lead.value}"[:MAX_NAME],
        description=lead.description or None,
        indicator_types=["malicious-activity"],
        pattern=pattern,
        pattern_type="stix",
        valid_from=_stamp(lead.valid_from),
        created_by_ref=identity_id(lead.party_id),
        object_marking_refs=[marking],
    )


def _relationship(lead: LeadIndicator, indicator: Any, observable: Any, marking: str) -> Any:
    created = _stamp(lead.created_at)
    return stix2.Relationship(
        id=f"relationship--{uuid.uuid5(NAMESPACE, indicator.id + '|' + observable.id)}",
        relationship_type="based-on",
        source_ref=indicator.id,
        target_ref=observable.id,
        created=created,
        modified=created,
        created_by_ref=identity_id(lead.party_id),
        object_marking_refs=[marking],
    )


@dataclass(slots=True)
class _Objects:
    """A bundle's objects, gathered lead by lead (observables shared by leads appear once)."""

    parties: set[str] = field(default_factory=set)
    markings: set[Tlp] = field(default_factory=set)
    indicators: list[Any] = field(default_factory=list)
    observables: dict[str, tuple[Tlp, Any]] = field(default_factory=dict)
    relationships: list[Any] = field(default_factory=list)

    def add(self, lead: LeadIndicator) -> None:
        tlp = Tlp(lead.tlp)
        marking = marking_definition(tlp)["id"]
        self.parties.add(lead.party_id)
        self.markings.add(tlp)
        indicator = _indicator(lead, marking)
        self.indicators.append(indicator)
        observable = _observable(lead, marking)
        if observable is None:
            return
        known = self.observables.get(observable.id)
        if known is None or RANK[tlp] > RANK[known[0]]:
            self.observables[observable.id] = (tlp, observable)
        self.relationships.append(_relationship(lead, indicator, observable, marking))

    def bundle(self, unit: Unit) -> Any:
        parties = [unit.session.get_one(Party, party_id) for party_id in sorted(self.parties)]
        markings = [
            stix2.parse(marking_definition(t), allow_custom=True)
            for t in sorted(self.markings, key=RANK.__getitem__)
        ]
        objects = [
            *[_identity(p) for p in parties],
            *markings,
            *self.indicators,
            *[obs for _, obs in self.observables.values()],
            *self.relationships,
        ]
        return stix2.Bundle(objects=objects, allow_custom=True)


def export_bundle(unit: Unit, target: Target, *, recipient: str | None) -> dict[str, Any]:
    """The leads of ``target`` the actor may pass to ``recipient`` (a party id or slug; None for
    outside the platform), as a STIX 2.1 bundle; audited with the bundle's SHA-256."""
    unit.require(Permission.READ_RECORDS)
    party_id = leads.recipient_party(unit, recipient)
    gathered = _Objects()
    for lead in leads.list_leads(unit, target):
        if leads.releasable(unit, target, lead, party_id):
            gathered.add(lead)
    body = gathered.bundle(unit).serialize(sort_keys=True)
    payload = {
        target.object_type: target.object_id,
        "recipient": party_id,
        "indicators": len(gathered.indicators),
        "bundle_sha256": hashlib.sha256(body.encode()).hexdigest(),
    }
    unit.record("lead.export", target.object_type, target.object_id, payload)
    exported: dict[str, Any] = json.loads(body)
    return exported


# --- Import -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ObjectOutcome:
    stix_id: str | None
    type: str | None
    outcome: str
    reason: str = ""
    lead_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "stix_id": self.stix_id,
            "type": self.type,
            "outcome": self.outcome,
            "reason": self.reason,
            "lead_id": self.lead_id,
        }


@dataclass(slots=True)
class ImportReport:
    objects: list[ObjectOutcome] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.objects if o.outcome == outcome)

    def to_dict(self) -> dict[str, Any]:
        names = ("imported", "duplicate", "skipped", "unsupported", "invalid")
        return {
            "counts": {name: self.count(name) for name in names},
            "objects": [o.to_dict() for o in self.objects],
        }


def _envelope(bundle: Any) -> list[Any]:
    if isinstance(bundle, str | bytes):
        try:
            bundle = json.loads(bundle)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"the bundle is not valid JSON: {exc}") from exc
    if not isinstance(bundle, Mapping) or bundle.get("type") != "bundle":
        raise InvalidInput("a STIX bundle (type 'bundle') is required", {"field": "type"})
    if not str(bundle.get("id", "")).startswith("bundle--"):
        raise InvalidInput("a STIX bundle needs an id 'bundle--<uuid>'", {"field": "id"})
    objects = bundle.get("objects", [])
    if not isinstance(objects, list) or len(objects) > MAX_OBJECTS:
        raise InvalidInput(f"objects must be a list of at most {MAX_OBJECTS}", {"field": "objects"})
    return objects


def _source_of(objects: Iterable[Any], indicator: Any, source: str | None) -> str:
    if source:
        return source
    creator = indicator.get("created_by_ref")
    for obj in objects:
        if isinstance(obj, Mapping) and obj.get("id") == creator and obj.get("name"):
            return f"STIX identity {obj['name']}"[: leads.MAX_SOURCE]
    return "STIX bundle"


@dataclass(frozen=True, slots=True)
class _Options:
    target: Target
    objects: list[Any]
    source: str | None
    default_tlp: Tlp
    now: datetime


def _why_skip(indicator: Any, now: datetime) -> str | None:
    if indicator.get("pattern_type") != "stix":
        return f"pattern_type '{indicator.get('pattern_type')}' is not stix"
    if indicator.get("revoked"):
        return "revoked"
    until = indicator.get("valid_until")
    if until is not None and as_utc(until) <= now:
        return "expired (valid_until has passed)"
    if as_utc(indicator["valid_from"]) > now:
        return "not yet valid (valid_from lies in the future)"
    return None


def _import_one(unit: Unit, raw: Any, options: _Options) -> ObjectOutcome:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("type"), str):
        return ObjectOutcome(None, None, "invalid", "not a STIX object")
    stix_id, kind = raw.get("id"), raw["type"]
    if kind != "indicator":
        return ObjectOutcome(stix_id, kind, "skipped", "not an indicator")
    try:
        indicator = stix2.parse(dict(raw), allow_custom=True, version="2.1")
    except (STIXError, ValueError, TypeError, AttributeError) as exc:  # stix2 raises all four
        return ObjectOutcome(stix_id, kind, "invalid", str(exc)[:500])
    reason = _why_skip(indicator, options.now)
    if reason is not None:
        return ObjectOutcome(stix_id, kind, "skipped", reason)
    try:
        found = parse_pattern(indicator["pattern"])
    except InvalidInput as exc:
        return ObjectOutcome(stix_id, kind, "unsupported", exc.message)
    if leads.duplicate(unit, options.target, found) is not None:
        return ObjectOutcome(stix_id, kind, "duplicate", "already a lead of your party here")
    tlp = tlp_of_markings(indicator.get("object_marking_refs", [])) or options.default_tlp
    lead = leads.insert(
        unit,
        options.target,
        found,
        tlp=tlp,
        source=_source_of(options.objects, indicator, options.source),
        description=str(indicator.get("description") or indicator.get("name") or "")[:20_000],
        valid_from=as_utc(indicator["valid_from"]),
        origin=str(stix_id),
        now=options.now,
    )
    leads.record_lead(unit, options.target, "lead.import", lead)
    return ObjectOutcome(stix_id, kind, "imported", "", lead.id)


def import_bundle(
    unit: Unit,
    target: Target,
    bundle: Any,
    *,
    source: str | None = None,
    default_tlp: str = Tlp.AMBER.value,
    clock: Clock = SYSTEM_CLOCK,
) -> ImportReport:
    """Import the indicators of a STIX 2.1 bundle as leads of the actor's party on ``target``
    (opened for writing); every object gets its outcome in the report."""
    if unit.actor.party_id is None:
        raise InvalidInput("leads belong to a party; the operator has none")
    unit.require(Permission.WRITE_RECORDS)
    objects = _envelope(bundle)
    checked_source = leads.clean_source(source) if source is not None else None
    options = _Options(target, objects, checked_source, parse_tlp(default_tlp), clock.now())
    report = ImportReport([_import_one(unit, raw, options) for raw in objects])
    return report
