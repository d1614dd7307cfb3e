"""The one JSON error shape, as a helper every server test uses to check an error answer."""

from __future__ import annotations

from typing import Any

import httpx2 as httpx

KEYS = {"ok", "status", "code", "error", "errors"}
PROBLEM_KEYS = {"loc", "msg", "type"}


def assert_error(answer: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """Check ``answer`` is ``status`` in the one error shape (and ``code``); return its body."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = answer.json()
    assert set(body) == KEYS, body
    assert body["ok"] is False
    assert body["status"] == status
    assert isinstance(body["code"], str) and body["code"]
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], list)
    for problem in body["errors"]:
        assert set(problem) == PROBLEM_KEYS, problem
        assert isinstance(problem["loc"], list)
        assert isinstance(problem["msg"], str) and isinstance(problem["type"], str)
    if code is not None:
        assert body["code"] == code, body
    return body
