"""Signing in and out. A failed login shows one generic message, whatever was wrong."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from lawbridge.errors import AuthenticationFailed
from lawbridge.server.deps import ContextDep
from lawbridge.server.web import csrf
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import (
    AUTH_ACTOR,
    MaybeUserDep,
    clear_session_cookie,
    safe_next,
    set_session_cookie,
)
from lawbridge.workflows import accounts, auth

router = APIRouter()


def _login_form(request: Request, next_path: str, *, failed: bool = False) -> Response:
    token = csrf.login_token_for(request)
    response = render_page(
        request,
        None,
        "pages/login.html",
        status=401 if failed else 200,
        login_token=token,
        next_path=next_path,
        failed=failed,
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
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    target = safe_next(next)
    try:
        with context.read(AUTH_ACTOR) as unit:
            actor = accounts.actor_for(auth.login(unit, username, password))
    except AuthenticationFailed:
        return _login_form(request, target, failed=True)
    with context.write(actor) as unit:
        account = accounts.get_account(unit, actor.account_id or "")
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
