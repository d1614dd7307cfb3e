"""Cross-site request forgery protection for every state-changing browser request.

* Signed in: each form POST carries the session's ``csrf_token`` (a hidden ``csrf_token`` field) and
  each htmx request the same value in ``X-CSRF-Token`` (set on ``<body hx-headers>``).
* The login form has no session yet: it uses a double-submit cookie, ``<nonce>.<time>.<hmac>`` signed
  with ``settings.secret_key``; the form echoes the same value and both must match and verify.

A missing or wrong token raises :class:`CsrfFailed`, shown as a 403 page; nothing is changed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Annotated

from fastapi import Depends, Request, Response

from lawbridge.server.web.session import WebUser, cookie_secure, current_user
from lawbridge.settings import Settings

LOGIN_COOKIE = "lawbridge_login_csrf"
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
LOGIN_TOKEN_MAX_AGE = 2 * 60 * 60


class CsrfFailed(Exception):
    """The request did not prove it came from one of our own pages."""


def _same(a: str, b: str) -> bool:
    """Constant-time comparison that also accepts non-ASCII input (which never matches)."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def _signature(secret_key: str, message: str) -> str:
    key = hashlib.sha256(b"lawbridge.login-csrf|" + secret_key.encode("utf-8")).digest()
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def new_login_token(secret_key: str, now: float | None = None) -> str:
    message = f"{secrets.token_urlsafe(24)}.{int(now if now is not None else time.time())}"
    return f"{message}.{_signature(secret_key, message)}"


def login_token_valid(secret_key: str, token: str, now: float | None = None) -> bool:
    message, _, signature = token.rpartition(".")
    _, _, issued = message.rpartition(".")
    if not message or not issued.isdigit():
        return False
    if not _same(signature, _signature(secret_key, message)):
        return False
    age = (now if now is not None else time.time()) - int(issued)
    return 0 <= age <= LOGIN_TOKEN_MAX_AGE


def login_token_for(request: Request) -> str:
    """The login form's token: the browser's current one while valid, else a fresh one."""
    settings: Settings = request.app.state.settings
    current = request.cookies.get(LOGIN_COOKIE, "")
    if current and login_token_valid(settings.secret_key, current):
        return current
    return new_login_token(settings.secret_key)


def set_login_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        max_age=LOGIN_TOKEN_MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=cookie_secure(request),
        path="/login",
    )


def clear_login_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        LOGIN_COOKIE, httponly=True, samesite="strict", secure=cookie_secure(request), path="/login"
    )


async def _presented(request: Request) -> str:
    header = request.headers.get(HEADER)
    if header:
        return header
    form = await request.form()
    value = form.get(FIELD)
    return value if isinstance(value, str) else ""


async def check_login_csrf(request: Request) -> None:
    settings: Settings = request.app.state.settings
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    presented = await _presented(request)
    if not cookie or not presented or not _same(cookie, presented):
        raise CsrfFailed
    if not login_token_valid(settings.secret_key, cookie):
        raise CsrfFailed


async def csrf_user(request: Request, user: Annotated[WebUser, Depends(current_user)]) -> WebUser:
    """The signed-in user, once the request has shown the session's CSRF token."""
    presented = await _presented(request)
    if not presented or not _same(presented, user.csrf_token):
        raise CsrfFailed
    return user


CsrfUserDep = Annotated[WebUser, Depends(csrf_user)]
LoginCsrfDep = Depends(check_login_csrf)
