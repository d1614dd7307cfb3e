"""Answers to lawful requests (``/provider``): takedown orders carried out through stop-the-spread,
response packages (their signed manifest, delivery, the requester's receipt), user notices, the provider's manifest-signing key, the gate's catalogue
and the sweep for cron (notices whose order lapsed go out; overdue deadlines are listed).

``GET /provider/packages/{id}/download`` is what the requester receives: the manifest, the items,
the Ed25519 signature and the public key, with the manifest's SHA-256 in ``X-Manifest-SHA256``;
anyone holding the provider's published key checks it without the database.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from lawbridge.domain.authorities import encode_public_key
from lawbridge.domain.conflict_of_laws import CATALOGUE
from lawbridge.server.api.clock import ClockDep
from lawbridge.server.api.params import PRINTABLE, ObjectId
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.schemas_provider import (
    DeliverCreate,
    GateRulePublic,
    NoticeListPublic,
    NoticePublic,
    NoticeSentPublic,
    OrderExecute,
    OrderExecutedPublic,
    PackageDownload,
    PackagePublic,
    ProviderSweepPublic,
    ReceiptCreate,
    SigningKeyPublic,
)
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.server.idempotency import PostDep
from lawbridge.workflows import provider_file, provider_requests, responses, takedown_orders
from lawbridge.workflows import user_notices as notices
from lawbridge.workflows.unit import Unit

router = APIRouter(prefix="/provider", tags=["provider requests"], responses=AUTHENTICATED)
StatusQuery = Annotated[str | None, Query(max_length=32, pattern=PRINTABLE)]


@router.post("/requests/{provider_request_id}/execute-order", response_model=OrderExecutedPublic)
def execute_takedown_order(
    provider_request_id: ObjectId, body: OrderExecute, post: PostDep, clock: ClockDep
) -> Response:
    """Carry out an approved takedown order: a decision on each post it names, with the order as
    the legal ground and origin ``state_order``, propagated to copies, near-copies and reshares
    like any decision; the request is answered. Executed whole or not at all, and only once."""

    def work(unit: Unit) -> OrderExecutedPublic:
        done = takedown_orders.execute_order(
            unit, provider_request_id, category=body.category, modalities=body.modalities,
            clock=clock,
        )  # fmt: skip
        return OrderExecutedPublic(**done.summary())

    return post(work, status_code=200)


@router.get("/packages/{package_id}", response_model=PackagePublic)
def get_package(package_id: ObjectId, context: ContextDep, actor: ActorDep) -> PackagePublic:
    with context.read(actor) as unit:
        return PackagePublic.model_validate(responses.get_package(unit, package_id))


@router.get("/packages/{package_id}/download", response_model=PackageDownload)
def download_package(package_id: ObjectId, context: ContextDep, actor: ActorDep) -> Response:
    """The package as delivered: manifest, items, signature and the key that made it."""
    with context.read(actor) as unit:
        package = responses.get_package(unit, package_id)
        answer = PackageDownload.model_validate(package)
        headers = {
            "X-Manifest-SHA256": package.manifest_sha256,
            "Content-Disposition": f'attachment; filename="package-{package.id}.json"',
        }
    return Response(answer.model_dump_json(), 200, media_type="application/json", headers=headers)


@router.post("/packages/{package_id}/deliver", response_model=PackagePublic)
def deliver(package_id: ObjectId, body: DeliverCreate, post: PostDep, clock: ClockDep) -> Response:
    """Hand the package over; refused while a user notice is owed and not barred."""

    def work(unit: Unit) -> PackagePublic:
        return PackagePublic.model_validate(
            responses.deliver(unit, package_id, body.via, clock=clock)
        )

    return post(work, status_code=200)


@router.post("/packages/{package_id}/receipt", response_model=PackagePublic)
def record_receipt(
    package_id: ObjectId, body: ReceiptCreate, post: PostDep, clock: ClockDep
) -> Response:
    """The requester's receipt for the manifest; a signature, if given, must verify."""

    def work(unit: Unit) -> PackagePublic:
        data = body.model_dump(mode="json", exclude_none=True)
        return PackagePublic.model_validate(
            responses.record_receipt(unit, package_id, data, clock=clock)
        )

    return post(work, status_code=200)


@router.get("/signing-key", response_model=SigningKeyPublic)
def signing_key(context: ContextDep, actor: ActorDep) -> SigningKeyPublic:
    """The public half of the key the caller's provider signs manifests with."""
    with context.read(actor) as unit:
        private, key_id = responses.provider_signer(unit)
        return SigningKeyPublic(key_id=key_id, public_key=encode_public_key(private.public_key()))


@router.get("/gate/rules", response_model=list[GateRulePublic])
def gate_rules(actor: ActorDep) -> list[GateRulePublic]:
    """The conflict-of-laws catalogue: each rule with the basis it cites."""
    return [
        GateRulePublic(
            id=rule.id,
            basis=rule.basis,
            clears_with=rule.clears_with.value if rule.clears_with else None,
        )
        for rule in CATALOGUE.values()
    ]


@router.get("/notices", response_model=list[NoticePublic])
def list_notices(
    context: ContextDep, actor: ActorDep, status: StatusQuery = None
) -> list[NoticePublic]:
    """The provider's user notices, soonest due first (pending, barred or sent)."""
    with context.read(actor) as unit:
        return [NoticePublic.model_validate(n) for n in notices.list_notices(unit, status)]


@router.get("/requests/{provider_request_id}/notices", response_model=list[NoticePublic])
def request_notices(
    provider_request_id: ObjectId, context: ContextDep, actor: ActorDep
) -> list[NoticePublic]:
    with context.read(actor) as unit:
        request = provider_requests.get_request(unit, provider_request_id)
        return [NoticePublic.model_validate(n) for n in notices.notices_of(unit, request)]


@router.post("/requests/{provider_request_id}/notices", response_model=list[NoticePublic])
def prepare_notices(provider_request_id: ObjectId, post: PostDep, clock: ClockDep) -> Response:
    """Create the notices the request owes, one per subject (barred under an order)."""

    def work(unit: Unit) -> NoticeListPublic:
        found = notices.prepare_notices(unit, provider_request_id, clock=clock)
        return NoticeListPublic([NoticePublic.model_validate(n) for n in found])

    return post(work, status_code=200)


@router.post("/notices/{notice_id}/send", response_model=NoticeSentPublic)
def send_notice(notice_id: ObjectId, post: PostDep, clock: ClockDep) -> Response:
    """Send one notice now; refused while a non-disclosure order bars it."""

    def work(unit: Unit) -> NoticeSentPublic:
        sent = notices.send_notice(unit, notice_id, clock=clock)
        return NoticeSentPublic.model_validate(sent.to_dict())

    return post(work, status_code=200)


@router.post("/clocks/run", response_model=ProviderSweepPublic)
def run_clocks(post: PostDep, clock: ClockDep) -> Response:
    """Send every notice whose order lapsed (once each) and list the overdue deadlines."""

    def work(unit: Unit) -> ProviderSweepPublic:
        return ProviderSweepPublic.model_validate(provider_file.sweep(unit, clock.now()).to_dict())

    return post(work, status_code=200)
