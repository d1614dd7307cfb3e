"""A database that cannot be reached (a restart, a failover) answers 503 with Retry-After in the one
error shape, not a 500: nothing was written and the client may retry with its Idempotency-Key."""

from __future__ import annotations

import socket
import uuid

from fastapi.testclient import TestClient

from lawbridge.server.app import create_app
from lawbridge.settings import Settings
from tests.contracts.error_shape import assert_error


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_an_unreachable_database_answers_503_with_retry_after() -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/test?connect_timeout=2"
    app = create_app(Settings(env="test", database_url=url))
    with TestClient(app) as client:
        answer = client.get(
            "/api/v1/me", headers={"Authorization": f"Bearer lb_{uuid.uuid4()}_{'s' * 20}"}
        )
        body = assert_error(answer, 503, "unavailable")
        assert answer.headers["retry-after"] == "2"
        assert "password" not in body["error"] and "127.0.0.1" not in body["error"]
        ready = client.get("/api/v1/ready")  # readiness says so too, in its own body
        assert ready.status_code == 503 and ready.json()["database"] == "unreachable"
