"""Health (the process answers) and readiness (the database answers, schema up to date)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from lawbridge import __version__
from lawbridge.server.api.responses import PUBLIC
from lawbridge.server.api.schemas import Health, Ready
from lawbridge.server.deps import ContextDep
from lawbridge.store import migrate

router = APIRouter(tags=["system"], responses=PUBLIC)


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health(ok=True, version=__version__)


@router.get("/ready", response_model=Ready, responses={503: {"model": Ready}})
def ready(context: ContextDep) -> JSONResponse:
    expected = migrate.head_revision(context.db)
    try:
        current = migrate.current_revision(context.db)
        database = "ok"
    except SQLAlchemyError:
        current, database = None, "unreachable"
    body = Ready(
        ok=database == "ok" and current == expected,
        database=database,
        schema_revision=current,
        expected_revision=expected,
    )
    return JSONResponse(body.model_dump(), 200 if body.ok else 503)
