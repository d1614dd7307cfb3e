"""Personal information: scan a text or a table file and see what was found, highlighted."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from lawbridge.domain.roles import Permission
from lawbridge.errors import InvalidInput
from lawbridge.server.deps import ContextDep
from lawbridge.server.web import templating
from lawbridge.server.web.csrf import CsrfUserDep
from lawbridge.server.web.i18n import N_
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import UserDep, WebUser
from lawbridge.workflows import datascan, privacy

router = APIRouter()
PAGE_SIZE = 50
MAX_TEXT = 200_000
MAX_FILE = 20 * 2**20
SAMPLE_ROWS = 10_000
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")

TYPE_LABELS = {
    "PERSON": N_("Person name"),
    "EMAIL": N_("Email address"),
    "PHONE": N_("Phone number"),
    "CN_RESIDENT_ID": N_("Resident ID number"),
    "CREDIT_CARD": N_("Card number"),
    "US_SSN": N_("US social security number"),
    "IP_ADDRESS": N_("IP address"),
    "IBAN": N_("IBAN"),
    "PASSPORT": N_("Passport number"),
    "BANK_ACCOUNT": N_("Bank account"),
    "CN_LICENSE_PLATE": N_("Licence plate"),
    "DATE_OF_BIRTH": N_("Date of birth"),
    "ADDRESS": N_("Address"),
}


def _page(request: Request, user: WebUser, **context: Any) -> Response:
    error = context.get("error", "")
    return render_page(
        request,
        user,
        "pages/privacy_scan.html",
        active="personal",
        status=422 if error and not templating.is_fragment_request(request) else 200,
        type_labels=TYPE_LABELS,
        **{"text": "", "error": "", "segments": None, "counts": {}, "report": None} | context,
    )


@router.get("/privacy/scan")
def scan_form(request: Request, user: UserDep) -> Response:
    return _page(request, user)


@router.post("/privacy/scan")
def scan_text(
    request: Request,
    user: CsrfUserDep,
    text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
) -> Response:
    if not text.strip():
        return _page(request, user, error=N_("Paste some text to scan."))
    spans = list(datascan.default_detector()(text))
    counts: dict[str, int] = {}
    for kind, _, _ in spans:
        counts[kind] = counts.get(kind, 0) + 1
    cut = datascan.segments(text, spans)
    return _page(request, user, text=text, segments=cut, counts=counts)


@router.post("/privacy/scan/file")
def scan_file(request: Request, user: CsrfUserDep, file: Annotated[UploadFile, File()]) -> Response:
    try:
        report = _scan_upload(file)
    except InvalidInput as exc:
        return _page(request, user, error=exc.message)
    return _page(request, user, report=report.to_dict())


def _scan_upload(upload: UploadFile) -> datascan.ScanReport:
    suffix = Path(upload.filename or "").suffix.casefold()
    if suffix not in TABLE_SUFFIXES:
        raise InvalidInput("upload a .csv, .tsv, .jsonl or .parquet file")
    data = upload.file.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise InvalidInput("the file is larger than 20 MB; scan it with `lawbridge pii scan-table`")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        report = datascan.scan(str(path), detect=datascan.default_detector(), limit=SAMPLE_ROWS)
    report.source = upload.filename or report.source
    return report


# --- The processing register -------------------------------------------------------------------

BASIS_LABELS = {
    "consent": N_("Consent (PIPL Art. 13(1))"),
    "separate_consent": N_("Separate consent (PIPL Arts. 23, 29, 39)"),
    "contract_or_hr": N_("Contract or human-resources management (Art. 13(2))"),
    "legal_duty": N_("Legal duty or obligation (Art. 13(3))"),
    "public_health_emergency": N_("Public-health emergency (Art. 13(4))"),
    "news_public_interest": N_("News reporting in the public interest (Art. 13(5))"),
    "published_info": N_("Information already published (Art. 13(6))"),
    "other_law": N_("Another law or regulation (Art. 13(7))"),
}
MECHANISM_LABELS = {
    "none_domestic": N_("None: stays in the country"),
    "cac_security_assessment": N_("CAC security assessment (Art. 38(1))"),
    "certification": N_("Personal-information protection certification (Art. 38(2))"),
    "standard_contract": N_("Standard contract (Art. 38(3))"),
    "other_law": N_("Another law or regulation (Art. 38(4))"),
}
DECISION_LABELS = {"allow": N_("Allowed"), "redact": N_("Redacted"), "block": N_("Blocked")}
ACTIVITY_FIELDS = ("name", "purpose", "legal_basis", "retention_days", "recipients", "mechanism")


def privacy_labels() -> dict[str, Any]:
    return {
        "type_labels": TYPE_LABELS,
        "basis_labels": BASIS_LABELS,
        "mechanism_labels": MECHANISM_LABELS,
        "decision_labels": DECISION_LABELS,
    }


def _recipients(text: str) -> list[dict[str, str]]:
    """Form lines "name, CC" (one recipient each) as the workflow's recipient objects."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, country = line.rpartition(",")
        if not name.strip():
            raise InvalidInput(f"recipient {line.strip()!r}: write it as 'name, country code'")
        out.append({"name": name.strip(), "country": country.strip().upper()})
    return out


def _register_page(request: Request, context: ContextDep, user: WebUser, **extra: Any) -> Response:
    with context.read(user.actor) as unit:
        activities = privacy.list_activities(unit, include_retired=True, limit=200)
        error = extra.get("error", "")
        return render_page(
            request,
            user,
            "pages/privacy_register.html",
            active="personal",
            status=422 if error else 200,
            activities=activities,
            can_write=user.actor.can(Permission.WRITE_RECORDS),
            **privacy_labels()
            | {"values": dict.fromkeys(ACTIVITY_FIELDS + ("allow_redaction",), ""), "chosen": []}
            | {"error": ""}
            | extra,
        )


@router.get("/privacy/activities")
def register(request: Request, context: ContextDep, user: UserDep) -> Response:
    return _register_page(request, context, user)


@router.post("/privacy/activities")
def add_activity(
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    name: Annotated[str, Form(max_length=200)] = "",
    purpose: Annotated[str, Form(max_length=20_000)] = "",
    legal_basis: Annotated[str, Form(max_length=40)] = "",
    categories: Annotated[list[str] | None, Form()] = None,
    retention_days: Annotated[str, Form(max_length=10)] = "",
    recipients: Annotated[str, Form(max_length=20_000)] = "",
    mechanism: Annotated[str, Form(max_length=40)] = "none_domestic",
    allow_redaction: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    values = {"name": name, "purpose": purpose, "legal_basis": legal_basis, "mechanism": mechanism,
              "retention_days": retention_days, "recipients": recipients,
              "allow_redaction": allow_redaction}  # fmt: skip
    try:
        days = int(retention_days) if retention_days.strip().isdigit() else -1
        with context.write(user.actor) as unit:
            privacy.create_activity(
                unit,
                name=name,
                purpose=purpose,
                legal_basis=legal_basis,
                categories=categories or [],
                retention_days=days,
                recipients=_recipients(recipients),
                cross_border_mechanism=mechanism,
                allow_redaction=bool(allow_redaction),
            )
    except InvalidInput as exc:
        return _register_page(
            request, context, user, values=values, chosen=categories or [], error=exc.message
        )
    return RedirectResponse("/privacy/activities", status_code=303)


@router.post("/privacy/activities/{activity_id}/retire")
def retire(activity_id: str, context: ContextDep, user: CsrfUserDep) -> Response:
    with context.write(user.actor) as unit:
        privacy.retire_activity(unit, activity_id)
    return RedirectResponse("/privacy/activities", status_code=303)


# --- Transfer decisions ------------------------------------------------------------------------


def _transfers_page(request: Request, context: ContextDep, user: WebUser, **extra: Any) -> Response:
    with context.read(user.actor) as unit:
        decisions = privacy.list_transfers(unit, limit=PAGE_SIZE)
        error = extra.get("error", "")
        return render_page(
            request,
            user,
            "pages/privacy_transfers.html",
            active="personal",
            status=422 if error else 200,
            decisions=decisions,
            can_write=user.actor.can(Permission.WRITE_RECORDS),
            **privacy_labels()
            | {"values": dict.fromkeys(("recipient", "country", "payload"), "")}
            | {"outcome": None, "redacted": None, "error": ""}
            | extra,
        )


@router.get("/privacy/transfers")
def transfers(request: Request, context: ContextDep, user: UserDep) -> Response:
    return _transfers_page(request, context, user)


@router.post("/privacy/transfers")
def check_transfer(
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    recipient: Annotated[str, Form(max_length=200)] = "",
    country: Annotated[str, Form(max_length=10)] = "",
    payload: Annotated[str, Form(max_length=1_000_000)] = "",
) -> Response:
    values = {"recipient": recipient, "country": country, "payload": payload}
    try:
        with context.write(user.actor) as unit:
            outcome = privacy.check_transfer(
                unit, recipient=recipient, country=country, payload=_payload(payload)
            )
            redacted = outcome.redacted
            shown = (
                redacted
                if isinstance(redacted, str) or redacted is None
                else (json.dumps(redacted, ensure_ascii=False, indent=2))
            )
            decision = outcome.record
    except InvalidInput as exc:
        return _transfers_page(request, context, user, values=values, error=exc.message)
    return _transfers_page(request, context, user, values=values, outcome=decision, redacted=shown)


def _payload(text: str) -> Any:
    """The form's payload: JSON when it parses as an object or array, otherwise plain text."""
    stripped = text.strip()
    if not stripped:
        raise InvalidInput("paste the payload to check")
    if stripped[0] in "[{":
        try:
            return json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"the payload looks like JSON but is not valid: {exc.msg}") from exc
    return text
