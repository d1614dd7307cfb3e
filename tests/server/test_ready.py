"""Readiness waits for the screening indexes when the process warms them (``warm_indexes``)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lawbridge.server.app import create_app
from lawbridge.settings import Settings
from lawbridge.workflows import screening_index
from lawbridge.workflows.screening_index import IndexCache
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.workflows.screening_helpers import FUGITIVES, make_list

API = "/api/v1"
WAIT = 60.0  # seconds at most for the warm-up thread (a condition, never a timing)


def test_not_ready_until_every_list_is_indexed(
    context: Context,
    settings: Settings,
    world: World,
    index_cache: IndexCache,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    listed = make_list(context, world.cn["analyst"], FUGITIVES)
    release = threading.Event()
    real_build = screening_index.build_index

    def held_build(*args: Any) -> Any:
        release.wait(WAIT)  # the warm-up is held here until the test has seen the 503
        return real_build(*args)

    monkeypatch.setattr(screening_index, "build_index", held_build)
    warm = settings.model_copy(update={"warm_indexes": True})
    with TestClient(create_app(warm, Context(warm, context.db))) as client:
        refresher = client.app.state.index_refresher  # type: ignore[attr-defined]
        answer = client.get(f"{API}/ready")
        assert answer.status_code == 503, answer.text
        body = answer.json()
        assert body["ok"] is False and body["indexes"] == "warming"
        assert body["database"] == "ok" and body["schema_revision"] == body["expected_revision"]
        assert client.get(f"{API}/health").status_code == 200
        release.set()
        assert refresher.warm.wait(WAIT)
        answer = client.get(f"{API}/ready")
        assert answer.status_code == 200, answer.text
        assert answer.json()["indexes"] == "warm" and answer.json()["ok"] is True
        assert index_cache.builds == 1
        # A screening through the API then builds nothing.
        record = {"record": {"name": "Zhao Minghui"}, "watchlist_ids": [listed.id]}
        headers = world.cn["analyst"].headers | {"Idempotency-Key": "ready-1"}
        screened = client.post(f"{API}/screenings", json=record, headers=headers)
        assert screened.status_code == 201, screened.text
        assert screened.json()["candidates"] and index_cache.builds == 1
    assert refresher.state == "stopped"


def test_not_warmed_processes_do_not_wait(client: TestClient, index_cache: IndexCache) -> None:
    answer = client.get(f"{API}/ready")
    assert answer.status_code == 200
    assert answer.json()["indexes"] == "not warmed"
    assert client.app.state.index_refresher is None  # type: ignore[attr-defined]


def test_a_warm_up_that_cannot_read_the_database_keeps_the_process_unready(
    tmp_path: Any, index_cache: IndexCache
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"  # never migrated: no watchlist table
    settings = Settings(env="test", database_url=url, warm_indexes=True)
    with TestClient(create_app(settings)) as client:
        refresher = client.app.state.index_refresher  # type: ignore[attr-defined]
        for _ in range(int(WAIT * 20)):
            if refresher.last_error:
                break
            threading.Event().wait(0.05)
        assert refresher.last_error and not refresher.warm.is_set()
        answer = client.get(f"{API}/ready")
        assert answer.status_code == 503 and answer.json()["indexes"] == "warming"
