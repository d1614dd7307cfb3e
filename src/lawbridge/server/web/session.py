"""Browser sessions: the ``lawbridge_session`` cookie, the signed-in user, and safe redirects.

The cookie holds a random value; the database keeps only its SHA-256 (``workflows/auth.py``). A page
that needs a user raises :class:`LoginRequired` when there is none, which becomes a redirect to
``/login?next=…`` (only local paths are ever followed back).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, Request, Response

from lawbridge.domain.actor import Actor
from lawbridge.domain.roles import Permission
from lawbridge.errors import AuthenticationFailed
from lawbridge.server.deps import get_context
from lawbridge.server.web import i18n
from lawbridge.settings import Settings
from lawbridge.workflows import auth

SESSION_COOKIE = "lawbridge_session"
AUTH_ACTOR = Actor.system("web-auth")


@dataclass(slots=True, frozen=True)
class WebUser:
    """The signed-in account behind a request, with its session's CSRF token."""

    actor: Actor
    cookie_value: str
    csrf_token: str

    def can(self, permission: str) -> bool:
        return self.actor.can(Permission(permission))


class LoginRequired(Exception):
    """No live session: the browser is sent to the login page, then back to ``next_path``."""

    def __init__(self, next_path: str) -> None:
        super().__init__("login required")
        self.next_path = next_path


def safe_next(candidate: str | None, default: str = "/") -> str:
    """``candidate`` when it is a path on this site, else ``default`` (no open redirects)."""
    if not candidate or len(candidate) > 2000:
        return default
    if not candidate.startswith("/") or candidate.startswith("//") or "\\" in candidate:
        return default
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in candidate):
        return default
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc:
        return default
    return candidate


def login_url(next_path: str) -> str:
    target = safe_next(next_path)
    return "/login" if target == "/" else f"/login?{urlencode({'next': target})}"


def requested_path(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def optional_user(request: Request) -> WebUser | None:
    """The user of a live session, or None (no cookie, unknown, expired or revoked)."""
    cookie_value = request.cookies.get(SESSION_COOKIE)
    if not cookie_value or len(cookie_value) > 200:
        return None
    try:
        with get_context(request).read(AUTH_ACTOR) as unit:
            actor, web_session = auth.resolve_session(unit, cookie_value)
            return WebUser(actor, cookie_value, web_session.csrf_token)
    except AuthenticationFailed:
        return None


def current_user(request: Request) -> WebUser:
    user = optional_user(request)
    if user is None:
        raise LoginRequired(requested_path(request))
    return user


UserDep = Annotated[WebUser, Depends(current_user)]
MaybeUserDep = Annotated[WebUser | None, Depends(optional_user)]


def request_locale(request: Request, user: WebUser | None) -> str:
    settings: Settings = request.app.state.settings
    account_locale = user.actor.locale if user else None
    return i18n.negotiate(
        account_locale, request.headers.get("Accept-Language"), settings.default_locale
    )


def cookie_secure(request: Request) -> bool:
    settings: Settings = request.app.state.settings
    if settings.cookie_secure is not None:
        return settings.cookie_secure
    return request.url.scheme == "https"


def set_session_cookie(request: Request, response: Response, cookie_value: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        cookie_value,
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request),
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="lax", secure=cookie_secure(request), path="/"
    )
