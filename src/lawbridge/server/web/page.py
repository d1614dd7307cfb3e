"""Building a page response: the layout's common context, the navigation, full page or fragment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from lawbridge.server.deps import get_context
from lawbridge.server.web import templating
from lawbridge.server.web.i18n import N_
from lawbridge.server.web.session import WebUser, request_locale, requested_path
from lawbridge.workflows import parties


@dataclass(slots=True, frozen=True)
class NavItem:
    key: str
    label: str
    href: str
    permission: str | None = None
    party_kind: str | None = None  # shown only to accounts of this kind of party


NAVIGATION = (
    NavItem("dashboard", N_("Dashboard"), "/"),
    NavItem("documents", N_("Documents"), "/documents", "read_records"),
    NavItem("audit", N_("Audit log"), "/audit", "read_audit"),
    NavItem("watchlists", N_("Watchlists"), "/watchlists", "read_records"),
    NavItem("screening", N_("Screening"), "/screening", "read_records"),
    NavItem("matches", N_("Hit review"), "/screening/matches", "read_records"),
    NavItem("personal", N_("Personal information"), "/privacy/scan", "read_records"),
    NavItem("content", N_("Content & takedowns"), "/content/reviews", "read_records"),
    NavItem("cases", N_("Cooperation cases"), "/cooperation/cases", "read_records"),
    NavItem("requests", N_("Provider requests"), "/provider/requests", "read_records", "provider"),
    NavItem("transparency", N_("Transparency"), "/transparency", "read_records", "provider"),
)

ROLE_LABELS = {
    "admin": N_("Administrator"),
    "analyst": N_("Analyst"),
    "reviewer": N_("Reviewer"),
    "auditor": N_("Auditor"),
}
PARTY_KINDS = {"agency": N_("Agency"), "provider": N_("Online service provider")}
PERMISSION_LABELS = {"read": N_("Read"), "write": N_("Read and write")}


def renderer(request: Request) -> templating.Renderer:
    found: templating.Renderer = request.app.state.web_renderer
    return found


def party_kind_of(request: Request, user: WebUser | None) -> str | None:
    """The signed-in account's kind of party (agency, provider), for the navigation."""
    if user is None or user.actor.party_id is None:
        return None
    with get_context(request).read(user.actor) as unit:
        return parties.get_party(unit, user.actor.party_id).kind


def base_context(request: Request, user: WebUser | None, active: str | None) -> dict[str, Any]:
    return {
        "user": user,
        "csrf_token": user.csrf_token if user else "",
        "navigation": NAVIGATION,
        "party_kind": party_kind_of(request, user),
        "role_labels": ROLE_LABELS,
        "party_kinds": PARTY_KINDS,
        "permission_labels": PERMISSION_LABELS,
        "active": active,
        "current_path": requested_path(request),
    }


def render_page(
    request: Request,
    user: WebUser | None,
    template: str,
    *,
    active: str | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """The whole page, or only its ``content`` block when htmx asks for a fragment."""
    locale = request_locale(request, user)
    values = {**base_context(request, user, active), **context}
    pages = renderer(request)
    if templating.is_fragment_request(request):
        body = pages.render_block(locale, template, templating.CONTENT_BLOCK, values)
    else:
        body = pages.render(locale, template, values)
    return templating.html(body, status)


def render_component(
    request: Request, user: WebUser | None, template: str, *, status: int = 200, **context: Any
) -> HTMLResponse:
    """A component on its own (an htmx swap target), e.g. the chain-verification result."""
    locale = request_locale(request, user)
    values = {**base_context(request, user, None), **context}
    return templating.html(renderer(request).render(locale, template, values), status)
