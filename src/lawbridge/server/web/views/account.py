"""The signed-in user's own settings: the UI language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from lawbridge.server.deps import ContextDep
from lawbridge.server.web.csrf import CsrfUserDep
from lawbridge.server.web.session import safe_next
from lawbridge.workflows import accounts

router = APIRouter()


@router.post("/account/locale")
def set_locale(
    context: ContextDep,
    user: CsrfUserDep,
    locale: Annotated[str, Form(max_length=16)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Choose the UI language (``accounts.set_own_locale``, audited); "auto" follows the browser."""
    with context.write(user.actor) as unit:
        accounts.set_own_locale(unit, None if locale == "auto" else locale)
    return RedirectResponse(safe_next(next), 303)
