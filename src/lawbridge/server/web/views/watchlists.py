"""Watchlists: the lists a party owns or was shared, one list's entries, importing and creating."""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from lawbridge.domain.roles import Permission
from lawbridge.domain.screening import WatchlistKind
from lawbridge.errors import InvalidInput
from lawbridge.importers import importer_names
from lawbridge.server.deps import ContextDep
from lawbridge.server.web.csrf import CsrfUserDep
from lawbridge.server.web.i18n import N_
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import UserDep, WebUser
from lawbridge.store.models import Watchlist
from lawbridge.workflows import parties, watchlists
from lawbridge.workflows.unit import Unit

router = APIRouter()
PAGE_SIZE = 50
MAX_UPLOAD = 20 * 1024 * 1024
Status = Literal["listed", "delisted", "all"]

KIND_LABELS = {
    "red_notice": N_("Red notices"),
    "fugitive_list": N_("Fugitive list"),
    "sanctions": N_("Sanctions"),
    "internal": N_("Internal list"),
}
ROUTE_LABELS = {
    "returned_extradited": N_("Returned: extradited"),
    "returned_removed": N_("Returned: removed / repatriated"),
    "returned_surrendered": N_("Returned: surrendered"),
    "withdrawn": N_("Withdrawn"),
    "deceased": N_("Deceased"),
    "other": N_("Other"),
}
FORMAT_LABELS = {
    "lawbridge": N_("lawbridge JSON Lines"),
    "csv": N_("CSV (id, name, aliases, …)"),
    "ftm": N_("FollowTheMoney entities (JSON Lines)"),
    "interpol": N_("INTERPOL red-notice JSON"),
}
GENDER_LABELS = {"male": N_("male"), "female": N_("female"), "other": N_("other")}
FIELDS = ("name", "aliases", "birth_date", "nationality", "gender", "id_number")
FIELD_LABELS = {
    "name": N_("Name"),
    "aliases": N_("Aliases"),
    "birth_date": N_("Birth date"),
    "nationality": N_("Nationality"),
    "gender": N_("Gender"),
    "id_number": N_("Identifier"),
}


def labels() -> dict[str, Any]:
    return {
        "kind_labels": KIND_LABELS,
        "route_labels": ROUTE_LABELS,
        "format_labels": FORMAT_LABELS,
        "gender_labels": GENDER_LABELS,
        "field_labels": FIELD_LABELS,
        "fields": FIELDS,
    }


def _party_names(unit: Unit) -> dict[str, str]:
    return {p.id: p.name for p in parties.list_parties(unit)}


def _can_import(user: WebUser, watchlist: Watchlist) -> bool:
    return watchlist.party_id == user.actor.party_id and user.actor.can(Permission.WRITE_RECORDS)


@router.get("/watchlists")
def list_watchlists(
    request: Request,
    context: ContextDep,
    user: UserDep,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    error: str = "",
    name: str = "",
) -> Response:
    with context.read(user.actor) as unit:
        found = watchlists.list_watchlists(unit, limit=PAGE_SIZE + 1, offset=offset)
        counts = {w.id: watchlists.count_entries(unit, w.id) for w in found[:PAGE_SIZE]}
        return render_page(
            request,
            user,
            "pages/watchlists.html",
            active="watchlists",
            status=422 if error else 200,
            watchlists=found[:PAGE_SIZE],
            counts=counts,
            party_names=_party_names(unit),
            newer=max(offset - PAGE_SIZE, 0) if offset else None,
            older=offset + PAGE_SIZE if len(found) > PAGE_SIZE else None,
            can_create=user.actor.can(Permission.WRITE_RECORDS),
            kinds=[k.value for k in WatchlistKind],
            error=error,
            name=name,
            threshold_of=watchlists.threshold_of,
            **labels(),
        )


@router.post("/watchlists")
def create_watchlist(
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    name: Annotated[str, Form(max_length=1000)] = "",
    kind: Annotated[str, Form(max_length=40)] = "red_notice",
) -> Response:
    try:
        with context.write(user.actor) as unit:
            created = watchlists.create_watchlist(unit, name=name, kind=kind).id
    except InvalidInput as exc:
        return list_watchlists(request, context, user, error=exc.message, name=name)
    return RedirectResponse(f"/watchlists/{created}", 303)


def _entries(
    unit: Unit, watchlist: Watchlist, q: str, status: Status, offset: int
) -> dict[str, Any]:
    """One page of a list's entries under the search and status filter, with the pager links."""
    found = watchlists.list_entries(
        unit, watchlist.id, include_delisted=status != "listed", q=q or None,
        limit=PAGE_SIZE + 1, offset=offset,
    )  # fmt: skip
    if status == "delisted":
        found = [e for e in found if e.status == "delisted"]
    return {
        "entries": found[:PAGE_SIZE],
        "q": q,
        "entry_status": status,
        "newer": max(offset - PAGE_SIZE, 0) if offset else None,
        "older": offset + PAGE_SIZE if len(found) > PAGE_SIZE else None,
    }


def _detail(
    request: Request,
    context: ContextDep,
    user: WebUser,
    watchlist_id: str,
    *,
    q: str = "",
    status: Status = "listed",
    offset: int = 0,
    report: watchlists.ImportReport | None = None,
    error: str = "",
) -> Response:
    with context.read(user.actor) as unit:
        watchlist = watchlists.get_watchlist(unit, watchlist_id)
        own = watchlist.party_id == user.actor.party_id
        return render_page(
            request,
            user,
            "pages/watchlist.html",
            active="watchlists",
            status=422 if error else 200,
            watchlist=watchlist,
            total=watchlists.count_entries(unit, watchlist.id, include_delisted=True),
            active_count=watchlists.count_entries(unit, watchlist.id),
            threshold=watchlists.threshold_of(watchlist),
            party_names=_party_names(unit),
            own=own,
            shares=watchlists.watchlist_shares(unit, watchlist.id) if own else [],
            can_import=_can_import(user, watchlist),
            formats=importer_names(),
            report=report,
            error=error,
            **_entries(unit, watchlist, q, status, offset),
            **labels(),
        )


@router.get("/watchlists/entries/{entry_id}")
def show_entry(entry_id: str, request: Request, context: ContextDep, user: UserDep) -> Response:
    with context.read(user.actor) as unit:
        entry = watchlists.get_entry(unit, entry_id)
        watchlist = watchlists.get_watchlist(unit, entry.watchlist_id)
        return render_page(
            request,
            user,
            "pages/watchlist_entry.html",
            active="watchlists",
            entry=entry,
            watchlist=watchlist,
            **labels(),
        )


@router.get("/watchlists/{watchlist_id}")
def show_watchlist(
    watchlist_id: str,
    request: Request,
    context: ContextDep,
    user: UserDep,
    q: Annotated[str, Query(max_length=200)] = "",
    status: Status = "listed",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    return _detail(request, context, user, watchlist_id, q=q, status=status, offset=offset)


def _lines(upload: UploadFile) -> list[str]:
    data = upload.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInput("the file is larger than 20 MB; import it with the CLI")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("the file is not UTF-8 text") from exc
    return list(io.StringIO(text))


@router.post("/watchlists/{watchlist_id}/import")
def import_watchlist(
    watchlist_id: str,
    request: Request,
    context: ContextDep,
    user: CsrfUserDep,
    file: Annotated[UploadFile, File()],
    format: Annotated[str, Form(max_length=40)] = "lawbridge",
    source: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        lines = _lines(file)
        with context.write(user.actor) as unit:
            report = watchlists.import_file(
                unit, watchlist_id, lines, format=format, source=source.strip() or file.filename
            )
    except InvalidInput as exc:
        return _detail(request, context, user, watchlist_id, error=exc.message)
    return _detail(request, context, user, watchlist_id, report=report)
