"""Cybercrime leads on a case or a request: record, list (as TLP allows), export as a STIX 2.1 bundle
for a recipient, import a bundle with a report per object. The same four operations exist under
``/cases/{case_id}/leads`` and ``/requests/{request_id}/leads``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import Response

from lawbridge.domain.clocks import Clock
from lawbridge.server.api.clock import ClockDep
from lawbridge.server.api.params import ObjectId
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.schemas_cooperation import (
    LeadCreate,
    LeadExport,
    LeadHitPublic,
    LeadHitsPublic,
    LeadImport,
    LeadImportPublic,
    LeadPublic,
    ViewPublic,
)
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.server.idempotency import PostDep
from lawbridge.workflows import lead_checks, leads, leads_stix
from lawbridge.workflows.unit import Unit

router = APIRouter(tags=["leads"], responses=AUTHENTICATED)
Kind = Literal["case", "request"]
Work = Callable[[Unit], ViewPublic | LeadPublic | LeadImportPublic | LeadHitsPublic]


def target(unit: Unit, kind: Kind, object_id: str, *, write: bool = False) -> leads.Target:
    if kind == "case":
        return leads.get_target(unit, case_id=object_id, write=write)
    return leads.get_target(unit, request_id=object_id, write=write)


def listed(unit: Unit, kind: Kind, object_id: str) -> list[LeadPublic]:
    found = leads.list_leads(unit, target(unit, kind, object_id))
    return [LeadPublic.model_validate(lead) for lead in found]


def adder(kind: Kind, object_id: str, body: LeadCreate, clock: Clock) -> Work:
    def work(unit: Unit) -> LeadPublic:
        where = target(unit, kind, object_id, write=True)
        lead = leads.add_lead(unit, where, body.model_dump(exclude_none=True), clock=clock)
        return LeadPublic.model_validate(lead)

    return work


def exporter(kind: Kind, object_id: str, body: LeadExport) -> Work:
    def work(unit: Unit) -> ViewPublic:
        where = target(unit, kind, object_id)
        return ViewPublic(leads_stix.export_bundle(unit, where, recipient=body.recipient))

    return work


def bank_checker(kind: Kind, object_id: str) -> Work:
    def work(unit: Unit) -> LeadHitsPublic:
        where = {"case_id": object_id} if kind == "case" else {"request_id": object_id}
        hits = lead_checks.check_leads(unit, **where)
        return LeadHitsPublic([LeadHitPublic.model_validate(hit.to_dict()) for hit in hits])

    return work


def importer(kind: Kind, object_id: str, body: LeadImport, clock: Clock) -> Work:
    def work(unit: Unit) -> LeadImportPublic:
        where = target(unit, kind, object_id, write=True)
        report = leads_stix.import_bundle(
            unit,
            where,
            body.bundle,
            source=body.source,
            default_tlp=body.default_tlp,
            clock=clock,
        )
        return LeadImportPublic.model_validate(report.to_dict())

    return work


@router.get("/cases/{case_id}/leads", response_model=list[LeadPublic])
def list_case_leads(case_id: ObjectId, context: ContextDep, actor: ActorDep) -> list[LeadPublic]:
    """The case's leads the caller's party may see under their TLP markings."""
    with context.read(actor) as unit:
        return listed(unit, "case", case_id)


@router.post("/cases/{case_id}/leads", response_model=LeadPublic, status_code=201)
def add_case_lead(case_id: ObjectId, body: LeadCreate, post: PostDep, clock: ClockDep) -> Response:
    """Record an indicator on a case (the owner, or a grantee with a write share)."""
    return post(adder("case", case_id, body, clock))


@router.post("/cases/{case_id}/leads/export", response_model=dict[str, object])
def export_case_leads(case_id: ObjectId, body: LeadExport, post: PostDep) -> Response:
    """A STIX 2.1 bundle of the leads that may reach ``recipient`` (red never leaves the party)."""
    return post(exporter("case", case_id, body), status_code=200)


@router.post("/cases/{case_id}/leads/import", response_model=LeadImportPublic)
def import_case_leads(
    case_id: ObjectId, body: LeadImport, post: PostDep, clock: ClockDep
) -> Response:
    """Import a bundle's indicators; every object gets its outcome in the report."""
    return post(importer("case", case_id, body, clock), status_code=200)


@router.get("/requests/{request_id}/leads", response_model=list[LeadPublic])
def list_request_leads(
    request_id: ObjectId, context: ContextDep, actor: ActorDep
) -> list[LeadPublic]:
    with context.read(actor) as unit:
        return listed(unit, "request", request_id)


@router.post("/requests/{request_id}/leads", response_model=LeadPublic, status_code=201)
def add_request_lead(
    request_id: ObjectId, body: LeadCreate, post: PostDep, clock: ClockDep
) -> Response:
    return post(adder("request", request_id, body, clock))


@router.post("/requests/{request_id}/leads/export", response_model=dict[str, object])
def export_request_leads(request_id: ObjectId, body: LeadExport, post: PostDep) -> Response:
    return post(exporter("request", request_id, body), status_code=200)


@router.post("/requests/{request_id}/leads/import", response_model=LeadImportPublic)
def import_request_leads(
    request_id: ObjectId, body: LeadImport, post: PostDep, clock: ClockDep
) -> Response:
    return post(importer("request", request_id, body, clock), status_code=200)


@router.post("/cases/{case_id}/leads/bank-check", response_model=LeadHitsPublic)
def check_case_leads(case_id: ObjectId, post: PostDep) -> Response:
    """Which of the caller's bank entries the case's leads it may see meet (audited, no values)."""
    return post(bank_checker("case", case_id), status_code=200)


@router.post("/requests/{request_id}/leads/bank-check", response_model=LeadHitsPublic)
def check_request_leads(request_id: ObjectId, post: PostDep) -> Response:
    return post(bank_checker("request", request_id), status_code=200)
