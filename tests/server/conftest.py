from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from lawbridge.server.app import create_app
from lawbridge.workflows.unit import Context


@pytest.fixture
def client(context: Context) -> Iterator[TestClient]:
    with TestClient(create_app(context=context)) as test_client:
        yield test_client
