"""Signing in and out. A failed login shows one generic message, whatever was wrong.

Too many failures for one account name or from one client address lock sign-in for a while (429,
``workflows/auth.py``); a sign-in always starts a new session and ends the one the browser
brought (no session fixation).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from lawbridge.errors import AuthenticationFailed
from lawbridge.server.api.clock import ClockDep
from lawbridge.server.deps import ContextDep
from lawbridge.server.web import csrf
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import (
    AUTH_ACTOR,
    SESSION_COOKIE,
    MaybeUserDep,
    clear_session_cookie,
    safe_next,
    set_session_cookie,
)
from lawbridge.workflows import accounts, auth

router = APIRouter()


def _login_form(
    request: Request, next_path: str, *, failed: bool = False, throttled: bool = False
) -> Response:
    token = csrf.login_token_for(request)
    response = render_page(
        request,
        None,
        "pages/login.html",
        status=429 if throttled else 401 if failed else 200,
        login_token=token,
        next_path=next_path,
        failed=failed,
        throttled=throttled,
    )
    csrf.set_login_cookie(request, response, token)
    return response


@router.get("/login")
def login_page(request: Request, user: MaybeUserDep, next: str | None = None) -> Response:
    target = safe_next(next)
    if user is not None:
        return RedirectResponse(target, 303)
    return _login_form(request, target)


@router.post("/login", dependencies=[csrf.LoginCsrfDep])
def login(
    request: Request,
    context: ContextDep,
    clock: ClockDep,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    target = safe_next(next)
    now = clock.now()
    address = request.client.host if request.client else None
    try:
        with context.read(AUTH_ACTOR) as unit:
            auth.check_login_allowed(unit, username, address, now)
            actor = accounts.actor_for(auth.login(unit, username, password))
    except auth.LoginThrottled:
        return _login_form(request, target, throttled=True)
    except AuthenticationFailed:
        with context.write(AUTH_ACTOR) as unit:
            locked = auth.record_login_failure(unit, username, address, now)
        return _login_form(request, target, failed=True, throttled=locked is not None)
    brought = request.cookies.get(SESSION_COOKIE)
    with context.write(actor) as unit:
        account = accounts.get_account(unit, actor.account_id or "")
        auth.clear_login_failures(unit, username)
        if brought and len(brought) <= 200:
            auth.end_session(unit, brought)  # whatever session the browser had ends here
        _, cookie_value = auth.start_session(unit, account)
    response = RedirectResponse(target, 303)
    set_session_cookie(request, response, cookie_value)
    csrf.clear_login_cookie(request, response)
    return response


@router.post("/logout")
def logout(request: Request, context: ContextDep, user: csrf.CsrfUserDep) -> Response:
    with context.write(user.actor) as unit:
        auth.end_session(unit, user.cookie_value)
    response = RedirectResponse("/login", 303)
    clear_session_cookie(request, response)
    return response
