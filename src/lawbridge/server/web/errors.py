"""Error pages for the web UI: the same statuses as the API, as HTML in the reader's language.

``server/errors.py`` keeps the JSON shape for ``/api`` and hands every other path to
:func:`error_page`. A missing session redirects to the login page; a failed CSRF check is a 403.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from lawbridge.server.web import templating
from lawbridge.server.web.csrf import CsrfFailed
from lawbridge.server.web.i18n import N_
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import LoginRequired, WebUser, login_url, optional_user

log = logging.getLogger(__name__)

TITLES = {
    400: N_("Bad request"),
    401: N_("Please sign in"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Not allowed"),
    409: N_("Conflict"),
    413: N_("Too large"),
    422: N_("Invalid input"),
    500: N_("Something went wrong"),
}
EXPLANATIONS = {
    403: N_("Your roles do not allow this, or the form was not sent from this site."),
    404: N_("There is nothing here, or it is not visible to your party."),
    500: N_("The server could not complete the request. It has been logged."),
}
CSRF_MESSAGE = N_("The form was not sent from this site (or it expired). Nothing was changed.")


def _user(request: Request, status: int) -> WebUser | None:
    if status >= 500:
        return None
    try:
        return optional_user(request)
    except Exception:  # an error page must render even when the database cannot be reached
        log.warning("error page without user: session lookup failed", exc_info=True)
        return None


def error_page(request: Request, status: int, message: str, *, translate: bool = False) -> Response:
    """An HTML error page; ``message`` is the workflow's own text unless ``translate`` is set."""
    return render_page(
        request,
        _user(request, status),
        "pages/error.html",
        status=status,
        title=TITLES.get(status, TITLES[400] if status < 500 else TITLES[500]),
        explanation=EXPLANATIONS.get(status, ""),
        message=message,
        translate_message=translate,
        status_code=status,
    )


def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    target = login_url(exc.next_path)
    if templating.is_fragment_request(request):
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, 303)


def _csrf_failed(request: Request, _exc: Exception) -> Response:
    return error_page(request, 403, CSRF_MESSAGE, translate=True)


def install(app: FastAPI) -> None:
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(CsrfFailed, _csrf_failed)
    app.state.html_error = error_page
