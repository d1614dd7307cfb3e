"""Watchlists of one's own party and those shared with it: entries, imports, delisting, FtM export."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from lawbridge.errors import InvalidInput
from lawbridge.server.api.params import MAX_INT64, PRINTABLE, ObjectId
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.schemas import ShareCreate, SharePublic
from lawbridge.server.api.schemas_screening import (
    EntryDelist,
    EntryPublic,
    ImportReportPublic,
    WatchlistCreate,
    WatchlistImport,
    WatchlistPublic,
    WatchlistVersionPublic,
)
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.server.idempotency import PostDep
from lawbridge.store.models import Watchlist
from lawbridge.workflows import watchlists
from lawbridge.workflows.unit import Unit

router = APIRouter(tags=["watchlists"], responses=AUTHENTICATED)
FTM_MEDIA_TYPE = "application/x-ndjson"


def watchlist_public(watchlist: Watchlist) -> WatchlistPublic:
    return WatchlistPublic.model_validate(
        {
            **{
                c: getattr(watchlist, c)
                for c in WatchlistPublic.model_fields
                if c != "effective_threshold"
            },
            "effective_threshold": watchlists.threshold_of(watchlist),
        }
    )


@router.get("/watchlists", response_model=list[WatchlistPublic])
def list_watchlists(
    context: ContextDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT64)] = 0,
) -> list[WatchlistPublic]:
    with context.read(actor) as unit:
        found = watchlists.list_watchlists(unit, limit=limit, offset=offset)
        return [watchlist_public(w) for w in found]


@router.post("/watchlists", response_model=WatchlistPublic, status_code=201)
def create_watchlist(body: WatchlistCreate, post: PostDep) -> Response:
    def work(unit: Unit) -> WatchlistPublic:
        return watchlist_public(watchlists.create_watchlist(unit, **body.model_dump()))

    return post(work)


@router.get("/watchlists/{watchlist_id}", response_model=WatchlistPublic)
def get_watchlist(watchlist_id: ObjectId, context: ContextDep, actor: ActorDep) -> WatchlistPublic:
    with context.read(actor) as unit:
        return watchlist_public(watchlists.get_watchlist(unit, watchlist_id))


@router.get("/watchlists/{watchlist_id}/versions", response_model=list[WatchlistVersionPublic])
def list_versions(
    watchlist_id: ObjectId, context: ContextDep, actor: ActorDep
) -> list[WatchlistVersionPublic]:
    with context.read(actor) as unit:
        found = watchlists.list_versions(unit, watchlist_id)
        return [WatchlistVersionPublic.model_validate(v) for v in found]


@router.post("/watchlists/{watchlist_id}/import", response_model=ImportReportPublic)
def import_entries(watchlist_id: ObjectId, body: WatchlistImport, post: PostDep) -> Response:
    def work(unit: Unit) -> ImportReportPublic:
        if (body.records is None) == (body.text is None):
            raise InvalidInput("send either 'records' or 'text'", {"field": "records"})
        if body.text is not None:
            lines = body.text.splitlines(keepends=True)
            report = watchlists.import_file(
                unit, watchlist_id, lines, format=body.format, source=body.source
            )
        else:
            report = watchlists.import_records(
                unit, watchlist_id, body.records or [], format=body.format, source=body.source
            )
        return ImportReportPublic.model_validate(report.to_dict())

    return post(work, status_code=200)


@router.get("/watchlists/{watchlist_id}/entries", response_model=list[EntryPublic])
def list_entries(
    watchlist_id: ObjectId,
    context: ContextDep,
    actor: ActorDep,
    include_delisted: bool = False,
    q: Annotated[str | None, Query(max_length=200, pattern=PRINTABLE)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT64)] = 0,
) -> list[EntryPublic]:
    with context.read(actor) as unit:
        found = watchlists.list_entries(
            unit, watchlist_id, include_delisted=include_delisted, q=q, limit=limit, offset=offset
        )
        return [EntryPublic.model_validate(e) for e in found]


@router.get("/watchlists/{watchlist_id}/export.ftm.json", response_class=Response)
def export_ftm(
    watchlist_id: ObjectId, context: ContextDep, actor: ActorDep, include_delisted: bool = False
) -> Response:
    """The list as FollowTheMoney Person entities, one JSON object per line."""
    with context.read(actor) as unit:
        entities = watchlists.export_ftm(unit, watchlist_id, include_delisted=include_delisted)
        body = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities)
    return Response(body, media_type=FTM_MEDIA_TYPE)


@router.get("/watchlists/{watchlist_id}/shares", response_model=list[SharePublic])
def list_watchlist_shares(
    watchlist_id: ObjectId, context: ContextDep, actor: ActorDep
) -> list[SharePublic]:
    with context.read(actor) as unit:
        found = watchlists.watchlist_shares(unit, watchlist_id)
        return [SharePublic.model_validate(s) for s in found]


@router.post("/watchlists/{watchlist_id}/shares", response_model=SharePublic, status_code=201)
def share_watchlist(watchlist_id: ObjectId, body: ShareCreate, post: PostDep) -> Response:
    def work(unit: Unit) -> SharePublic:
        share = watchlists.share_watchlist(
            unit, watchlist_id, grantee=body.party, permission=body.permission
        )
        return SharePublic.model_validate(share)

    return post(work)


@router.get("/watchlist-entries/{entry_id}", response_model=EntryPublic)
def get_entry(entry_id: ObjectId, context: ContextDep, actor: ActorDep) -> EntryPublic:
    with context.read(actor) as unit:
        return EntryPublic.model_validate(watchlists.get_entry(unit, entry_id))


@router.post("/watchlist-entries/{entry_id}/delist", response_model=EntryPublic)
def delist_entry(entry_id: ObjectId, body: EntryDelist, post: PostDep) -> Response:
    def work(unit: Unit) -> EntryPublic:
        entry = watchlists.delist_entry(unit, entry_id, reason=body.reason, route=body.route)
        return EntryPublic.model_validate(entry)

    return post(work, status_code=200)
