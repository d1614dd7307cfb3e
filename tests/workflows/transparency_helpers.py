"""A provider's synthetic quarter for the transparency-report tests, through the real workflows,
checked with the RFC 6962 verifier of ``tests.domain.merkle_reference`` (hashlib alone, no lawbridge
Merkle code)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lawbridge.domain.clocks import SimulatedClock
from lawbridge.workflows import appeals, monitoring, responses, takedowns, user_notices
from lawbridge.workflows import provider_requests as pr
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.domain.merkle_reference import (  # noqa: F401 - re-exported for the transparency tests
    reference_root,
    verify_consistency,
    verify_inclusion,
)
from tests.workflows.provider_helpers import (
    CN_CONTACT,
    HOUR,
    T0,
    US_CONTACT,
    Registered,
    disclosure,
    emergency,
    envelope,
    receive,
    register,
)

PROVIDER_KEY = Ed25519PrivateKey.generate()
ALICE, BOB = "alice.sample@example.com", "bob.sample@example.com"
PERIOD = ("2026-01-01", "2026-07-01")


def check_evidence(report: dict[str, Any]) -> None:
    """Every leaf the report names proves into its root, with the verifier above."""
    size = report["tree_head"]["tree_size"]
    root = bytes.fromhex(report["tree_head"]["root_hash"])
    named = {leaf for item in report["items"] for leaf in item["leaves"]}
    assert {e["index"] for e in report["evidence"]} == named
    for entry in report["evidence"]:
        path = [bytes.fromhex(h) for h in entry["path"]]
        leaf = bytes.fromhex(entry["leaf_hash"])
        assert verify_inclusion(entry["index"], size, leaf, path, root), entry["index"]


# --- The synthetic quarter -----------------------------------------------------------------------


@dataclass
class Quarter:
    fbi: Registered
    request_ids: dict[str, str]


def _records(subject: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{subject}-{n}",
            "category": "subscriber",
            "timestamp": stamp,
            "subject": subject,
            "data": {"email": subject},
        }
        for n, stamp in enumerate(("2026-01-10T10:00:00Z", "2026-03-01T10:00:00Z"))
    ]


def _approved(
    context: Context,
    world: World,
    fbi: Registered,
    body: dict[str, Any],
    clock: SimulatedClock,
    ack: int,
) -> str:
    result = receive(context, world.provider["analyst"], envelope(fbi, body, clock.now()), clock)
    assert result.request is not None, result.reason
    request_id = result.request.id
    clock.advance(HOUR * ack)
    with context.write(world.provider["analyst"].actor) as unit:
        pr.acknowledge(unit, request_id, clock=clock)
        pr.run_gate(unit, request_id, ["US"], clock=clock)
    with context.write(world.provider["reviewer"].actor) as unit:
        pr.approve(unit, request_id, clock=clock)
    return request_id


def _produce(
    context: Context, world: World, request_id: str, subject: str, clock: SimulatedClock
) -> None:
    analyst = world.provider["analyst"]
    with context.write(analyst.actor) as unit:
        package = responses.build_package(
            unit,
            request_id,
            _records(subject),
            signer=PROVIDER_KEY,
            key_id="p-1",
            detector=lambda t: [],
            clock=clock,
        )
        package_id = package.id
        for notice in user_notices.prepare_notices(unit, request_id, clock=clock):
            user_notices.send_notice(unit, notice.id, clock=clock)
    clock.advance(HOUR)
    with context.write(analyst.actor) as unit:
        responses.deliver(unit, package_id, "LERS portal", clock=clock)


def load_quarter(context: Context, world: World, clock: SimulatedClock, tag: str = "1") -> Quarter:
    """Requests (produced, partly, preserved, rejected, pending, one forged submission) of
    the provider, received from 2 March 2026 on."""
    admin = world.provider["admin"]
    fbi = register(
        context,
        admin,
        clock,
        name="FBI (invented)",
        country="US",
        contact=US_CONTACT,
        key_id=f"us-{tag}",
    )
    ids: dict[str, str] = {}
    ids["produced"] = _approved(context, world, fbi, disclosure(subjects=[ALICE]), clock, ack=2)
    _produce(context, world, ids["produced"], ALICE, clock)
    ids["partly"] = _approved(context, world, fbi, disclosure(subjects=[ALICE, BOB]), clock, ack=4)
    _produce(context, world, ids["partly"], BOB, clock)
    ids["emergency"] = _approved(context, world, fbi, emergency(subjects=[BOB]), clock, ack=1)
    _produce(context, world, ids["emergency"], BOB, clock)
    preservation = disclosure(type="preservation", legal_process="preservation_letter")
    del preservation["validating_authority"]
    ids["preserved"] = _approved(context, world, fbi, preservation, clock, ack=6)
    with context.write(world.provider["analyst"].actor) as unit:
        responses.record_preserved(unit, ids["preserved"], clock=clock)
    ids["pending"] = receive(
        context, world.provider["analyst"], envelope(fbi, disclosure(), clock.now()), clock
    ).request.id  # type: ignore[union-attr]
    mps = register(
        context,
        admin,
        clock,
        name="MPS (invented)",
        country="CN",
        contact=CN_CONTACT,
        key_id=f"cn-{tag}",
    )
    with context.write(world.provider["analyst"].actor) as unit:
        staff = emergency(authority=mps.id, received_via="fax", document_reference="F-1")
        rejected = pr.enter_request(unit, staff, clock=clock)
        assert rejected.request is not None
        ids["rejected"] = rejected.request.id
    forged = envelope(fbi, disclosure(), clock.now(), private=Ed25519PrivateKey.generate())
    assert not receive(context, world.provider["analyst"], forged, clock).accepted
    return Quarter(fbi, ids)


def moderate(context: Context, world: World) -> None:
    """One post judged illegal by a reviewer, its takedown appealed and the appeal upheld."""
    admin = world.provider["admin"]
    with context.write(admin.actor) as unit:
        post = monitoring.ingest(
            unit,
            monitoring.PostIn(
                external_id="p1",
                author="user-p1",
                posted_at=T0,
                text="恭喜您获得大奖请加微信领取",
                lang="zh",
            ),
            monitor=monitoring.Monitor({}),
        ).post
        post_id = post.id
    with context.write(admin.actor) as unit:
        result = takedowns.decide(
            unit,
            post_id,
            category="scam",
            legal_ground="Art. 266 Criminal Law (invented)",
            explanation="a lottery scam",
            automated_detection=True,
        )
        takedown_id = result.takedowns[0].id
    with context.write(admin.actor) as unit:
        filed = appeals.file_appeal(unit, takedown_id, reason="mine")
        appeals.decide(unit, filed.id, upheld=True, reason="not a scam after all")


def new_clock() -> SimulatedClock:
    return SimulatedClock(T0)
