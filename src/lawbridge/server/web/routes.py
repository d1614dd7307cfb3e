"""Mounting the web UI: its pages, its static files (htmx, CSS), its error pages and templates."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from lawbridge.server.web import errors
from lawbridge.server.web.templating import Renderer
from lawbridge.server.web.views import (
    account,
    assets,
    audit,
    auth,
    cases,
    content,
    content_appeals,
    cooperation_stats,
    dashboard,
    documents,
    privacy,
    provider,
    provider_actions,
    request_actions,
    requests,
    screening,
    transparency,
    watchlists,
)

STATIC_DIR = Path(__file__).parent / "static"


def mount(app: FastAPI) -> None:
    app.state.web_renderer = Renderer()
    errors.install(app)
    for module in (auth, dashboard, documents, audit, account, watchlists, screening, privacy):
        app.include_router(module.router, include_in_schema=False)
    for module in (cases, requests, request_actions, assets, cooperation_stats):
        app.include_router(module.router, include_in_schema=False)
    for module in (content, content_appeals):
        app.include_router(module.router, include_in_schema=False)
    for module in (provider, provider_actions):  # issue 7 lawful requests
        app.include_router(module.router, include_in_schema=False)
    app.include_router(transparency.router, include_in_schema=False)  # issue 7 reports
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
