"""``create_app()``: the FastAPI application with the JSON API and the web UI over one context."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI

from lawbridge import __version__
from lawbridge.server import errors
from lawbridge.server.api.params import single_query_values
from lawbridge.server.api.routers import (
    accounts,
    assets,
    audit,
    cases,
    content,
    documents,
    leads,
    privacy,
    provider_requests,
    provider_responses,
    reconcile,
    requests,
    screening,
    system,
    transparency,
    watchlists,
)
from lawbridge.server.auth_limits import FailureLimiter
from lawbridge.server.limits import BodyLimitMiddleware
from lawbridge.server.web import routes as web
from lawbridge.settings import Settings
from lawbridge.workflows.screening_index import IndexRefresher
from lawbridge.workflows.unit import Context

API_PREFIX = "/api/v1"


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, dependencies=[Depends(single_query_values)])
    for module in (system, accounts, documents, audit, reconcile, watchlists, screening, privacy):
        router.include_router(module.router)
    for module in (cases, requests, assets, leads):  # agency cooperation (issue 6)
        router.include_router(module.router)
    router.include_router(content.router)  # content monitoring (issue 5)
    for module in (provider_requests, provider_responses):  # lawful requests (issue 7)
        router.include_router(module.router)
    router.include_router(transparency.router)  # transparency reports (issue 7)
    return router


def create_app(settings: Settings | None = None, context: Context | None = None) -> FastAPI:
    """Build the app. Tests pass their own settings or context; nothing global is mutated.

    With ``settings.warm_indexes`` the app runs an :class:`IndexRefresher` from start-up to shutdown:
    ``/api/v1/ready`` answers 503 until it has built every watchlist's screening index.
    """
    owns_context = context is None
    settings = settings or (context.settings if context else Settings())
    context = context or Context(settings)
    refresher = None
    if settings.warm_indexes:
        refresher = IndexRefresher(context, interval=settings.index_refresh_seconds)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if refresher is not None:
            refresher.start()
        try:
            yield
        finally:
            if refresher is not None:
                refresher.stop()
            if owns_context:
                context.close()

    app = FastAPI(
        title="lawbridge",
        version=__version__,
        description="Cross-border law-enforcement and cybersecurity cooperation.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.context = context
    app.state.token_failures = FailureLimiter(
        settings.api_token_max_failures, settings.api_token_failure_window_seconds
    )
    app.state.settings = settings
    app.state.index_refresher = refresher
    errors.install(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.include_router(api_router())
    web.mount(app)
    return app


def serve_app() -> FastAPI:
    """uvicorn's app factory for ``lawbridge serve --workers N``: each worker reads the settings."""
    settings = Settings()
    level = getattr(logging, settings.log_level.upper(), logging.INFO)
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"
    )
    return create_app(settings)
