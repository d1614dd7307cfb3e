"""Cybercrime leads checked against the provider side's content banks (issue 6, deliverable 6).

A provider that can see a case's or a request's leads (shared with it, as each lead's TLP marking
allows) asks which of its own bank entries they meet: a URL lead meets the ``url_canonical`` entries of
the same canonical URL, a domain lead those whose host is the domain or under it, a SHA-256 lead the
``exact_sha256`` entries of that hash (an image or file banked by its bytes). IP addresses, MD5/SHA-1
hashes and wallets have no bank signal and meet nothing. The answer names the lead, the bank and the
entry; the check is audited on the case or request, with the number of leads and hits (never the
values), so both sides can see that a lead was used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from lawbridge.domain.content import EntryStatus
from lawbridge.domain.roles import Permission
from lawbridge.engines.signals.link import canonical_url
from lawbridge.errors import InvalidInput
from lawbridge.store.cases_models import LeadIndicator
from lawbridge.store.content_models import ContentBank, ContentBankEntry
from lawbridge.workflows import leads
from lawbridge.workflows.unit import Unit

URL_SIGNAL = "url_canonical"
HASH_SIGNAL = "exact_sha256"


@dataclass(frozen=True, slots=True)
class LeadHit:
    lead_id: str
    lead_kind: str
    bank_id: str
    bank_name: str
    entry_id: str
    signal_type: str
    how: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "lead_id": self.lead_id,
            "lead_kind": self.lead_kind,
            "bank_id": self.bank_id,
            "bank_name": self.bank_name,
            "entry_id": self.entry_id,
            "signal_type": self.signal_type,
            "how": self.how,
        }


def check_leads(
    unit: Unit, *, case_id: str | None = None, request_id: str | None = None
) -> list[LeadHit]:
    """Every meeting of a visible lead of the case or request with a bank entry of the actor's party."""
    unit.require(Permission.READ_RECORDS)
    if unit.actor.party_id is None:
        raise InvalidInput("leads are checked against a party's banks; the operator has none")
    target = leads.get_target(unit, case_id=case_id, request_id=request_id)
    visible = leads.list_leads(unit, target)
    hits = [hit for lead in visible for hit in _hits(unit, lead)]
    payload = {"leads": len(visible), "hits": len(hits)}
    unit.record("lead.bank_check", target.object_type, target.object_id, payload)
    return hits


def _hits(unit: Unit, lead: LeadIndicator) -> list[LeadHit]:
    if lead.kind == "url":
        wanted = canonical_url(lead.value)
        rows = _entries(unit, URL_SIGNAL, ContentBankEntry.signal == wanted)
        return [_hit(lead, bank, entry, "the same canonical URL") for bank, entry in rows]
    if lead.kind == "domain":
        rows = _entries(unit, URL_SIGNAL, ContentBankEntry.signal.contains(lead.value))
        return [
            _hit(lead, bank, entry, f"a URL on {lead.value}")
            for bank, entry in rows
            if _on_domain(entry.signal, lead.value)
        ]
    if lead.kind == "sha256":
        rows = _entries(unit, HASH_SIGNAL, ContentBankEntry.signal == lead.value.lower())
        return [_hit(lead, bank, entry, "the same SHA-256") for bank, entry in rows]
    return []


def _entries(
    unit: Unit, signal_type: str, condition: Any
) -> list[tuple[ContentBank, ContentBankEntry]]:
    query = (
        select(ContentBank, ContentBankEntry)
        .join(ContentBankEntry, ContentBankEntry.bank_id == ContentBank.id)
        .where(
            ContentBank.party_id == unit.actor.party_id,
            ContentBankEntry.signal_type == signal_type,
            ContentBankEntry.status == EntryStatus.ACTIVE.value,
            condition,
        )
        .order_by(ContentBank.name, ContentBankEntry.id)
    )
    return [(row[0], row[1]) for row in unit.session.execute(query)]


def _on_domain(url: str, domain: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == domain or host.endswith("." + domain)


def _hit(lead: LeadIndicator, bank: ContentBank, entry: ContentBankEntry, how: str) -> LeadHit:
    return LeadHit(lead.id, lead.kind, bank.id, bank.name, entry.id, entry.signal_type, how)
