"""The OpenAPI document is the API's contract: versioned paths, idempotent POSTs, one error shape."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lawbridge import __version__
from lawbridge.server.app import create_app
from lawbridge.settings import Settings
from lawbridge.workflows.unit import Context
from tests.contracts.error_shape import KEYS

API = "/api/v1"
ERROR_REF = "#/components/schemas/ErrorPublic"
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The document needs no database: an empty SQLite file is enough."""
    path: Path = tmp_path_factory.mktemp("openapi") / "empty.db"
    context = Context(Settings(env="test", database_url=f"sqlite:///{path}"))
    with TestClient(create_app(context=context)) as test_client:
        yield test_client
    context.close()


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, Any]:
    answer = client.get(f"{API}/openapi.json")
    assert answer.status_code == 200
    document: dict[str, Any] = answer.json()
    return document


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def test_document_describes_this_version(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "lawbridge"
    assert spec["info"]["version"] == __version__
    assert len(list(operations(spec))) >= 15


def test_every_path_is_versioned(spec: dict[str, Any]) -> None:
    assert spec["paths"]
    assert [p for p in spec["paths"] if not p.startswith(f"{API}/")] == []


def test_operation_ids_are_unique(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids))


def test_every_post_takes_an_idempotency_key(spec: dict[str, Any]) -> None:
    missing = [
        path
        for method, path, op in operations(spec)
        if method == "post"
        and not any(
            p["in"] == "header" and p["name"].lower() == "idempotency-key"
            for p in op.get("parameters", [])
        )
    ]
    assert missing == []


def _error_statuses(operation: dict[str, Any]) -> set[int]:
    return {
        int(status)
        for status, response in operation["responses"].items()
        if status.isdigit()
        and int(status) >= 400
        and response["content"]["application/json"]["schema"].get("$ref") == ERROR_REF
    }


def test_every_operation_documents_its_errors(spec: dict[str, Any]) -> None:
    for method, path, op in operations(spec):
        statuses = _error_statuses(op)
        assert 500 in statuses, (method, path)
        if op.get("parameters") or op.get("requestBody"):
            assert 422 in statuses, (method, path)
        if op.get("security"):
            assert {401, 403, 404} <= statuses, (method, path)
        if op.get("requestBody"):
            assert {400, 413} <= statuses, (method, path)


def test_error_schema_is_the_pinned_shape(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas  # FastAPI's default 422 is not what we send
    error = schemas["ErrorPublic"]
    assert set(error["properties"]) == KEYS
    assert set(error["required"]) == KEYS


def test_authenticated_operations_use_bearer(spec: dict[str, Any]) -> None:
    schemes = spec["components"]["securitySchemes"]
    assert {s["scheme"] for s in schemes.values()} == {"bearer"}
    open_paths = {path for _, path, op in operations(spec) if not op.get("security")}
    assert open_paths == {f"{API}/health", f"{API}/ready"}


def test_inputs_refuse_unknown_fields(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    inputs = [name for name in schemas if name.endswith(("Create", "Update"))]
    assert inputs
    for name in inputs:
        assert schemas[name].get("additionalProperties") is False, name


def test_docs_page_is_served(client: TestClient) -> None:
    answer = client.get(f"{API}/docs")
    assert answer.status_code == 200
    assert "openapi.json" in answer.text
