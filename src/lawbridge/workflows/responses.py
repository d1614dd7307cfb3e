"""Answers to requests. Response packages: the data produced for an approved request, minimised, redacted, hashed,
signed, delivered and receipted — each step an audit event on the request (chain of custody).

The provider's own data store is out of scope: the records to answer from are handed in, each
``{"id", "category", "timestamp", "subject", "data"}`` (``data``: text or an object of texts).
A package keeps only records of the requested subjects, categories and time range (both ends
inclusive); in what remains, personal data the PII engine finds is replaced by its type tag
(``<PHONE>``), except the subject's own identifiers and the ``own_values`` given for them.

The **manifest** lists each item with the SHA-256 of its canonical JSON (RFC 8785) and is signed
with the provider's Ed25519 key; :func:`verify_package` checks both, without the database.
A preservation request is answered by preserving (:func:`record_preserved`): 90 days from then,
renewable once before they end (:func:`extend_preservation`, 18 U.S.C. § 2703(f)(2)).

Delivery needs the user notice given first, unless a non-disclosure order is in force or the
request is an emergency (then the notice is due at once: ``workflows/user_notices.py``).
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select

from lawbridge.domain.audit import canonical_json, format_time, sha256_hex
from lawbridge.domain.authorities import (
    encode_public_key,
    parse_time,
    sign,
    signature_valid,
)
from lawbridge.domain.clocks import SYSTEM_CLOCK, Clock, as_utc
from lawbridge.domain.provider_requests import Action, RequestType, Status, preservation_until
from lawbridge.domain.roles import Permission
from lawbridge.engines.pii.operators import ReplaceOperator, redact_until_clean
from lawbridge.errors import InvalidInput, InvalidTransition, NotFound
from lawbridge.store.models import new_id
from lawbridge.store.provider_models import ProviderRequest, ResponsePackage
from lawbridge.workflows import authorities, user_notices
from lawbridge.workflows.cases import clean_text
from lawbridge.workflows.provider_requests import (
    REQUEST_TYPE,
    disclosure_verified,
    get_request,
    move_status,
    past_moment,
)
from lawbridge.workflows.unit import Unit

Detector = Callable[[str], Iterable[tuple[str, int, int]]]
FORMAT = "lawbridge.response-package.v1"
PRODUCING = frozenset({RequestType.DATA_DISCLOSURE.value, RequestType.EMERGENCY_DISCLOSURE.value})
MAX_RECORDS = 100_000
TAG = ReplaceOperator("<{type}>")
SIGNING_SALT = b"lawbridge.response-signing.v1"


def _norm(value: str) -> str:
    return "".join(value.split()).lower()


def _keep_own(detect: Detector, own: set[str], counts: Counter[str]) -> Detector:
    """``detect`` without the spans that are the subject's own data; counts what it lets through."""

    def detector(text: str) -> list[tuple[str, int, int]]:
        spans = []
        for kind, start, end in detect(text):
            found = _norm(text[start:end])
            if found and any(found == o or (len(found) >= 3 and found in o) for o in own):
                continue
            spans.append((kind, start, end))
            counts[kind] += 1
        return spans

    return detector


def _redact(value: Any, detect: Detector) -> Any:
    if isinstance(value, str):
        return redact_until_clean(value, detect, {}, default=TAG)
    if isinstance(value, Mapping):
        return {str(k): _redact(v, detect) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v, detect) for v in value]
    return value


def _record(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, Mapping) or set(raw) != {
        "id",
        "category",
        "timestamp",
        "subject",
        "data",
    }:
        raise InvalidInput("each record has exactly: id, category, timestamp, subject, data")
    moment = raw["timestamp"]
    stamp = as_utc(moment) if isinstance(moment, datetime) else parse_time(moment, "timestamp")
    return {
        "id": str(raw["id"]),
        "category": str(raw["category"]),
        "subject": str(raw["subject"]),
        "timestamp": stamp,
        "data": raw["data"],
    }


def select_records(
    request: ProviderRequest, records: Iterable[Any]
) -> tuple[list[dict[str, Any]], Counter[str]]:
    """The records within the request's subjects, categories and time range; and what was left
    out, by reason."""
    subjects = set(request.fields.get("subjects", []))
    categories = set(request.fields.get("data_categories", []))
    start, end = request.time_start, request.time_end
    kept: list[dict[str, Any]] = []
    left_out: Counter[str] = Counter()
    for raw in records:
        record = _record(raw)
        if record["subject"] not in subjects:
            left_out["other_subject"] += 1
        elif record["category"] not in categories:
            left_out["category_not_requested"] += 1
        elif start is None or end is None or not start <= record["timestamp"] <= end:
            left_out["outside_time_range"] += 1
        else:
            kept.append(record)
        if len(kept) + sum(left_out.values()) > MAX_RECORDS:
            raise InvalidInput(f"at most {MAX_RECORDS} records per package")
    return kept, left_out


def _items(
    kept: list[dict[str, Any]],
    detect: Detector,
    own_values: Mapping[str, list[str]],
    counts: Counter[str],
) -> list[dict[str, Any]]:
    items = []
    for record in sorted(kept, key=lambda r: (r["timestamp"], r["id"])):
        own = {_norm(record["subject"]), *(_norm(v) for v in own_values.get(record["subject"], []))}
        data = _redact(record["data"], _keep_own(detect, own, counts))
        item = {k: record[k] for k in ("id", "category", "subject")} | {"data": data}
        items.append(item | {"timestamp": format_time(record["timestamp"])})
    return items


def _manifest(
    package_id: str, request: ProviderRequest, items: list[dict[str, Any]], extra: dict[str, Any]
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "package": package_id,
        "request": request.id,
        "provider": request.party_id,
        "authority": request.authority_id,
        "reference": request.fields.get("reference"),
        "subjects": sorted(request.fields.get("subjects", [])),
        "categories": sorted(request.fields.get("data_categories", [])),
        "time_start": format_time(request.time_start) if request.time_start else None,
        "time_end": format_time(request.time_end) if request.time_end else None,
        "items": [
            {k: item[k] for k in ("id", "category", "subject", "timestamp")}
            | {"sha256": sha256_hex(canonical_json(item))}
            for item in items
        ],
    } | extra


def build_package(
    unit: Unit,
    request_id: str,
    records: Iterable[Any],
    *,
    signer: Ed25519PrivateKey,
    key_id: str,
    detector: Detector | None = None,
    own_values: Mapping[str, list[str]] | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ResponsePackage:
    """The signed package answering an approved disclosure request (one per request)."""
    request = get_request(unit, request_id, write=True)
    _check_producible(unit, request)
    if detector is None:
        from lawbridge.workflows.privacy import default_detector

        detector = default_detector()
    now = clock.now()
    kept, left_out = select_records(request, records)
    counts: Counter[str] = Counter()
    items = _items(kept, detector, own_values or {}, counts)
    package_id = new_id()
    extra = {"created_at": format_time(now), "left_out": dict(sorted(left_out.items()))}
    manifest = _manifest(package_id, request, items, extra | {"redactions": dict(counts)})
    package = ResponsePackage(
        id=package_id,
        party_id=request.party_id,
        request_id=request.id,
        items=items,
        manifest=manifest,
        manifest_sha256=sha256_hex(canonical_json(manifest)),
        signature=sign(signer, manifest),
        key_id=key_id,
        public_key=encode_public_key(signer.public_key()),
        created_at=now,
    )
    unit.session.add(package)
    unit.session.flush()
    payload: dict[str, Any] = {"package": package.id, "manifest_sha256": package.manifest_sha256}
    payload |= {"items": len(items), "left_out": extra["left_out"], "redactions": dict(counts)}
    unit.record("provider_request.package", REQUEST_TYPE, request.id, payload)
    return package


def _check_producible(unit: Unit, request: ProviderRequest) -> None:
    if request.type not in PRODUCING:
        raise InvalidTransition(f"a {request.type} request is not answered with data")
    if request.status != Status.APPROVED.value or not disclosure_verified(request):
        raise InvalidTransition("only an approved, verified request is answered with data")
    existing = unit.session.scalar(
        select(ResponsePackage.id).where(ResponsePackage.request_id == request.id)
    )
    if existing is not None:
        raise InvalidTransition("this request already has its package")


def get_package(unit: Unit, package_id: str) -> ResponsePackage:
    package = unit.session.get(ResponsePackage, package_id)
    if package is None or package.party_id != unit.actor.party_id:
        raise NotFound(f"no response_package '{package_id}'")
    unit.require(Permission.READ_RECORDS)
    return package


def package_of(unit: Unit, request: ProviderRequest) -> ResponsePackage | None:
    """The package built for ``request`` (one at most), or None."""
    query = select(ResponsePackage).where(ResponsePackage.request_id == request.id)
    return unit.session.scalar(query)


def provider_signer(unit: Unit) -> tuple[Ed25519PrivateKey, str]:
    """The actor's provider party's manifest-signing key and its key id. The key is derived
    (HKDF-SHA256) from ``LAWBRIDGE_SECRET_KEY`` and the party id: stable across restarts, one
    per provider party; requesters check manifests against its public half (published by the
    API), and each package carries the public key it was signed with."""
    party = authorities.provider_party(unit)
    derive = HKDF(algorithm=hashes.SHA256(), length=32, salt=SIGNING_SALT, info=party.encode())
    private = Ed25519PrivateKey.from_private_bytes(derive.derive(unit.settings.secret_key.encode()))
    public = base64.b64decode(encode_public_key(private.public_key()))
    return private, f"{party}:{sha256_hex(public)[:16]}"


def deliver(
    unit: Unit, package_id: str, via: str, *, clock: Clock = SYSTEM_CLOCK
) -> ResponsePackage:
    """Hand the package to the requester (``via``: channel and reference); answers the request.
    Refused while a user notice is owed and not barred."""
    package = get_package(unit, package_id)
    request = get_request(unit, package.request_id, write=True)
    if package.delivered_at is not None:
        raise InvalidTransition("the package has already been delivered")
    _check_producible_again(request)
    now = clock.now()
    user_notices.ensure_notices(unit, request, now)
    blocked = user_notices.disclosure_block(unit, request, now)
    if blocked is not None:
        raise InvalidTransition(blocked)
    channel = clean_text(via, "via", 120)
    if channel is None:
        raise InvalidInput("say how the package was delivered", {"field": "via"})
    package.delivered_at, package.delivered_via = now, channel
    request.closed_at = now
    payload = {"package": package.id, "manifest_sha256": package.manifest_sha256, "via": channel}
    unit.record("provider_request.deliver", REQUEST_TYPE, request.id, payload)
    move_status(unit, request, Action.RESPOND, now, {"package": package.id})
    return package


def _check_producible_again(request: ProviderRequest) -> None:
    if request.status != Status.APPROVED.value or not disclosure_verified(request):
        raise InvalidTransition("only an approved, verified request is answered with data")


def record_receipt(
    unit: Unit, package_id: str, data: Mapping[str, Any], *, clock: Clock = SYSTEM_CLOCK
) -> ResponsePackage:
    """The requester's receipt: received_by, received_at, manifest_sha256 (must match) and,
    optionally, ``signature`` + ``key_id``: the authority's signature over
    ``{"package", "manifest_sha256", "received_at"}``, checked against its registered key."""
    package = get_package(unit, package_id)
    request = get_request(unit, package.request_id, write=True)
    if package.delivered_at is None or package.receipt is not None:
        raise InvalidTransition("a receipt is recorded once, for a delivered package")
    now = clock.now()
    if data.get("manifest_sha256") != package.manifest_sha256:
        raise InvalidInput("the receipt is for another manifest", {"field": "manifest_sha256"})
    received_at = past_moment(data.get("received_at"), now, "received_at")
    by = clean_text(data.get("received_by"), "received_by", 300)
    if by is None:
        raise InvalidInput("received_by is required", {"field": "received_by"})
    receipt: dict[str, Any] = {"received_by": by, "received_at": format_time(received_at)}
    receipt["signed"] = _check_receipt_signature(unit, package, request, data, received_at)
    package.receipt, package.receipted_at = receipt, now
    payload = {"package": package.id, "manifest_sha256": package.manifest_sha256, **receipt}
    unit.record("provider_request.receipt", REQUEST_TYPE, request.id, payload)
    return package


def receipt_statement(
    package_id: str, manifest_sha256: str, received_at: datetime
) -> dict[str, str]:
    """What an authority signs to acknowledge a package."""
    return {
        "package": package_id,
        "manifest_sha256": manifest_sha256,
        "received_at": format_time(received_at),
    }


def _check_receipt_signature(
    unit: Unit,
    package: ResponsePackage,
    request: ProviderRequest,
    data: Mapping[str, Any],
    received_at: datetime,
) -> bool:
    if data.get("signature") is None:
        return False
    key = authorities.key_record(unit, package.party_id, str(data.get("key_id", "")))
    statement = receipt_statement(package.id, package.manifest_sha256, received_at)
    valid = (
        key is not None
        and key.authority_id == request.authority_id
        and key.valid_at(received_at)
        and signature_valid(key.public_key, statement, str(data["signature"]))
    )
    if not valid:
        raise InvalidInput("the receipt's signature does not verify", {"field": "signature"})
    return True


def verify_package(
    manifest: Mapping[str, Any], items: list[dict[str, Any]], signature: str, public_key: str
) -> list[str]:
    """Problems with a package as the requester received it (empty: signature and every hash
    verify). Needs no database: anyone holding the provider's public key can run it."""
    problems = []
    if not signature_valid(public_key, dict(manifest), signature):
        problems.append("the manifest's signature does not verify")
    listed = list(manifest.get("items", []))
    if len(listed) != len(items):
        problems.append("the manifest lists another number of items")
    for entry, item in zip(listed, items, strict=False):
        if entry.get("sha256") != sha256_hex(canonical_json(item)):
            problems.append(f"item {entry.get('id')} does not match its hash")
    return problems


# --- Preservation -------------------------------------------------------------------------------


def record_preserved(
    unit: Unit, request_id: str, *, clock: Clock = SYSTEM_CLOCK
) -> ProviderRequest:
    """The data of an approved preservation request is preserved: answered, 90 days start."""
    request = get_request(unit, request_id, write=True)
    if request.type != RequestType.PRESERVATION.value:
        raise InvalidTransition("only a preservation request is answered by preserving")
    now = clock.now()
    request.preserved_at, request.closed_at = now, now
    until = preservation_until(now, 0).isoformat()
    move_status(unit, request, Action.RESPOND, now, {"preserved_until": until})
    return request


def extend_preservation(
    unit: Unit, request_id: str, *, clock: Clock = SYSTEM_CLOCK
) -> ProviderRequest:
    """A renewed request before the period ends: 90 more days (once, § 2703(f)(2))."""
    request = get_request(unit, request_id, write=True)
    if request.preserved_at is None:
        raise InvalidTransition("nothing has been preserved for this request")
    now = clock.now()
    if now >= preservation_until(request.preserved_at, request.preservation_extensions):
        raise InvalidTransition("the preservation period has ended")
    until = preservation_until(request.preserved_at, request.preservation_extensions + 1)
    request.preservation_extensions += 1
    payload = {"preserved_until": until.isoformat()}
    unit.record("provider_request.preservation_extend", REQUEST_TYPE, request.id, payload)
    return request


def deadlines(request: ProviderRequest, now: datetime) -> dict[str, Any]:
    """The request's deadlines at ``now`` (inbox view); a deadline is overdue from its instant."""
    moment = as_utc(now)
    view: dict[str, Any] = {
        "acknowledge_by": request.ack_due_at.isoformat(),
        "acknowledgement_overdue": request.acknowledged_at is None and moment >= request.ack_due_at,
        "respond_by": request.response_due_at.isoformat(),
        "response_overdue": request.closed_at is None and moment >= request.response_due_at,
    }
    if request.preserved_at is not None:
        until = preservation_until(request.preserved_at, request.preservation_extensions)
        view["preserved_until"] = until.isoformat()
        view["preservation_ended"] = moment >= until
    return view
