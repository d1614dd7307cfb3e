"""Helpers for driving the web UI with a TestClient: signing in, reading CSRF tokens from pages."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx2 import Response

from tests.conftest import PASSWORD

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def form_token(html: str) -> str:
    """The first CSRF token in a page's forms."""
    found = CSRF_FIELD.search(html)
    assert found, "no csrf_token field on the page"
    return found.group(1)


def post_login(
    client: TestClient, username: str, password: str = PASSWORD, next_path: str | None = None
) -> Response:
    """Fetch the login form (for its double-submit token) and post the credentials."""
    page = client.get("/login")
    data = {"username": username, "password": password, "csrf_token": form_token(page.text)}
    if next_path is not None:
        data["next"] = next_path
    return client.post("/login", data=data, follow_redirects=False)


def sign_in(client: TestClient, username: str) -> str:
    """Sign ``username`` in; returns the session's CSRF token (from the dashboard's forms)."""
    answer = post_login(client, username)
    assert answer.status_code == 303, answer.text
    dashboard = client.get("/")
    assert dashboard.status_code == 200
    return form_token(dashboard.text)
