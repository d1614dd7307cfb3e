"""The provider's transparency report as a page: counts and server-drawn SVG charts for a period,
the tree head it was computed at, and the report as canonical JSON or CSV to publish.

The page shows the signed-in account's own provider party (``read_records``), as the API does;
it holds counts only, like the report itself. Without a period it shows the current calendar year
(the server's clock); without a tree size, the audit log's head now.

``/transparency/check`` is public (no account): anyone opens a published report file there and
sees it checked (every inclusion proof against its root, the counts against its items) and drawn.
It reads nothing from the database and stores nothing.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import Response

from lawbridge.domain import transparency as rules
from lawbridge.errors import InvalidInput
from lawbridge.server.deps import ContextDep
from lawbridge.server.web.i18n import N_
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import MaybeUserDep, UserDep
from lawbridge.server.web.views.charts import Chart, bar_chart
from lawbridge.server.web.views.cooperation import clock_of
from lawbridge.workflows import transparency

router = APIRouter()
ACTIVE = "transparency"
Text = Annotated[str, Query(max_length=40)]
LABELS = {
    "data_disclosure": N_("Data disclosure"),
    "preservation": N_("Preservation"),
    "takedown_order": N_("Takedown order"),
    "technical_assistance": N_("Technical assistance"),
    "emergency_disclosure": N_("Emergency disclosure"),
    "produced": N_("Data produced"),
    "partly": N_("Some data produced"),
    "none": N_("No data produced"),
    "preserved": N_("Preserved"),
    "rejected": N_("Rejected"),
    "pending": N_("Pending"),
    "upheld": N_("Upheld"),
    "open": N_("Open"),
    "judged": N_("Judged"),
    "copy": N_("Copy found"),
    "reshare": N_("Reshare"),
    "upload_block": N_("Blocked at upload"),
}


def _label(key: str) -> str:
    if key in LABELS:
        return LABELS[key]
    for prefix in ("STATEMENT_CATEGORY_", "AUTOMATED_DECISION_"):
        if key.startswith(prefix):
            return key.removeprefix(prefix).replace("_", " ").lower()
    return key


def _chart(key: str, title: str, counts: dict[str, int]) -> Chart:
    names = sorted(counts)
    return bar_chart(
        key, title, [_label(n) for n in names], [(title, [float(counts[n]) for n in names])]
    )


def _charts(report: dict[str, Any]) -> list[Chart]:
    requests, moderation = report["requests"], report["moderation"]
    sor = moderation["statements_of_reasons"]
    return [
        _chart("by-type", N_("Requests by type"), requests["by_type"]),
        _chart("by-outcome", N_("Requests by outcome"), requests["by_outcome"]),
        _chart("by-country", N_("Requests by country"), requests["by_country"]),
        _chart("sor-category", N_("Restrictions by category"), sor["by_category"]),
        _chart(
            "sor-automation", N_("Restrictions by automated decision"), sor["by_automated_decision"]
        ),
        _chart("complaints", N_("Complaints by outcome"), moderation["complaints"]["by_outcome"]),
    ]


def _period(request: Request, start: str, end: str) -> tuple[str, str]:
    if start or end:
        return start, end
    year = clock_of(request).now().year
    return f"{year}-01-01", f"{year + 1}-01-01"


def _size(text: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise InvalidInput("tree size must be a whole number", {"field": "tree_size"})
    return int(text)


def _build(
    context: ContextDep, user: UserDep, start: str, end: str, tree_size: str
) -> dict[str, Any]:
    party = user.actor.party_id or ""
    with context.read(user.actor) as unit:
        return transparency.build_report(unit, party, start, end, tree_size=_size(tree_size))


@router.get("/transparency")
def page(
    request: Request,
    context: ContextDep,
    user: UserDep,
    start: Text = "",
    end: Text = "",
    tree_size: Text = "",
) -> Response:
    first, last = _period(request, start, end)
    filters = {"start": first, "end": last, "tree_size": tree_size}
    report: dict[str, Any] | None = None
    error = ""
    try:
        report = _build(context, user, first, last, tree_size)
    except InvalidInput as exc:
        error = exc.message
    return render_page(
        request,
        user,
        "pages/transparency.html",
        active=ACTIVE,
        status=422 if error else 200,
        report=report,
        charts=_charts(report) if report else [],
        filters=filters,
        error=error,
    )


@router.get("/transparency/report.{fmt}")
def download(
    context: ContextDep,
    user: UserDep,
    fmt: str,
    start: Text = "",
    end: Text = "",
    tree_size: Text = "",
) -> Response:
    """The report as a file: canonical JSON, or the counts as CSV."""
    if fmt not in ("json", "csv"):
        raise InvalidInput("the report comes as .json or .csv", {"field": "format"})
    report = _build(context, user, start, end, tree_size)
    size, period = report["tree_head"]["tree_size"], report["period"]
    span = f"{period['start'][:10]}-{period['end'][:10]}"
    name = f"transparency-{report['provider']['slug']}-{span}-{size}.{fmt}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        return Response(rules.report_csv(report), media_type="text/csv", headers=headers)
    return Response(rules.report_bytes(report), media_type="application/json", headers=headers)


@router.get("/transparency/check")
def check_page(request: Request, user: MaybeUserDep) -> Response:
    return render_page(
        request,
        user,
        "pages/transparency_check.html",
        active=ACTIVE,
        report=None,
        charts=[],
        problems=[],
        error="",
    )


@router.post("/transparency/check")
def check_file(
    request: Request, user: MaybeUserDep, report: Annotated[UploadFile, File()]
) -> Response:
    """Check an uploaded report offline; draw it only when it verifies. Changes nothing (so no
    CSRF token is asked: there is no session to ride and no state to change)."""
    error, problems, found = "", [], None
    try:
        found = rules.parse_report(report.file.read())
        problems = rules.check_report(found)
    except InvalidInput as exc:
        error = exc.message
    verified = found if found is not None and not problems else None
    return render_page(
        request,
        user,
        "pages/transparency_check.html",
        active=ACTIVE,
        status=200 if verified else 422,
        report=verified,
        charts=_charts(verified) if verified else [],
        problems=problems,
        error=error,
    )
