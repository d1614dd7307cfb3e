"""Health (the process answers) and readiness (the database answers, schema up to date, and, when
the process warms them, every watchlist's screening index built)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from lawbridge import __version__
from lawbridge.server.api.responses import PUBLIC
from lawbridge.server.api.schemas import Health, IndexesState, Ready
from lawbridge.server.deps import ContextDep
from lawbridge.store import migrate
from lawbridge.workflows.screening_index import IndexRefresher

router = APIRouter(tags=["system"], responses=PUBLIC)


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health(ok=True, version=__version__)


@router.get("/ready", response_model=Ready, responses={503: {"model": Ready}})
def ready(context: ContextDep, request: Request) -> JSONResponse:
    expected = migrate.head_revision(context.db)
    try:
        current = migrate.current_revision(context.db)
        database = "ok"
    except SQLAlchemyError:
        current, database = None, "unreachable"
    indexes = _indexes(getattr(request.app.state, "index_refresher", None))
    body = Ready(
        ok=database == "ok" and current == expected and indexes != "warming",
        database=database,
        schema_revision=current,
        expected_revision=expected,
        indexes=indexes,
    )
    return JSONResponse(body.model_dump(), 200 if body.ok else 503)


def _indexes(refresher: IndexRefresher | None) -> IndexesState:
    if refresher is None:
        return "not warmed"
    return "warm" if refresher.warm.is_set() else "warming"
