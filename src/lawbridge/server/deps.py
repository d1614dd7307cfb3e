"""Dependencies shared by the API and the web UI (FastAPI ``Annotated`` aliases)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from lawbridge.domain.actor import Actor
from lawbridge.errors import AuthenticationFailed
from lawbridge.workflows import auth
from lawbridge.workflows.unit import Context


def get_context(request: Request) -> Context:
    context: Context = request.app.state.context
    return context


ContextDep = Annotated[Context, Depends(get_context)]
bearer = HTTPBearer(auto_error=False, description="An API token: lb_<id>_<secret>")


def api_actor(
    context: ContextDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    """The actor behind the request's bearer token, or 401."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise AuthenticationFailed("an API token is required (Authorization: Bearer …)")
    with context.read(Actor.system("auth")) as unit:
        return auth.authenticate_token(unit, credentials.credentials)


ActorDep = Annotated[Actor, Depends(api_actor)]
