"""Dependencies shared by the API and the web UI (FastAPI ``Annotated`` aliases)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from lawbridge.domain.actor import Actor
from lawbridge.errors import AuthenticationFailed, TooManyAttempts
from lawbridge.server.auth_limits import FailureLimiter
from lawbridge.workflows import auth
from lawbridge.workflows.unit import Context


def get_context(request: Request) -> Context:
    context: Context = request.app.state.context
    return context


ContextDep = Annotated[Context, Depends(get_context)]
bearer = HTTPBearer(auto_error=False, description="An API token: lb_<id>_<secret>")


def api_actor(
    request: Request,
    context: ContextDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    """The actor behind the request's bearer token, or 401; 429 for an address that presented
    too many failed tokens lately (``server/auth_limits.py``), whatever its token now."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise AuthenticationFailed("an API token is required (Authorization: Bearer …)")
    limiter: FailureLimiter = request.app.state.token_failures
    address = request.client.host if request.client else ""
    wait = limiter.retry_after(address)
    if wait is not None:
        raise TooManyAttempts("too many failed API tokens from this address", wait)
    try:
        with context.read(Actor.system("auth")) as unit:
            return auth.authenticate_token(unit, credentials.credentials)
    except AuthenticationFailed:
        limiter.failed(address)
        raise


ActorDep = Annotated[Actor, Depends(api_actor)]
