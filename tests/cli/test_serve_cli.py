"""``lawbridge serve``: one process or several (uvicorn's process manager), indexes warmed by default."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lawbridge.cli.main import cli

WARM = "LAWBRIDGE_WARM_INDEXES"


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    import uvicorn

    calls: dict[str, Any] = {}

    def fake_run(app: object, **kwargs: object) -> None:
        calls.update(kwargs, app=app, warm_env=os.environ.get(WARM))

    monkeypatch.setattr(uvicorn, "run", fake_run)
    return calls


def serve(tmp_path: Path, *args: str, warm: str | None = None) -> Result:
    env = {"LAWBRIDGE_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}", "LAWBRIDGE_ENV": "test"}
    # click restores every variable named here after the command (None: unset during it).
    return CliRunner().invoke(cli, ["serve", *args], env={**env, WARM: warm})


def test_several_workers_run_the_app_factory(tmp_path: Path, seen: dict[str, Any]) -> None:
    result = serve(tmp_path, "--workers", "4", "--port", "8124")
    assert result.exit_code == 0, result.output
    assert seen["app"] == "lawbridge.server.app:serve_app" and seen["factory"] is True
    assert (seen["workers"], seen["port"], seen["host"]) == (4, 8124, "127.0.0.1")
    assert seen["timeout_worker_healthcheck"] >= 30
    assert seen["warm_env"] == "true"  # each worker process reads it from the environment
    assert "4 worker processes" in result.stdout


def test_one_worker_warms_its_indexes_by_default(tmp_path: Path, seen: dict[str, Any]) -> None:
    result = serve(tmp_path)
    assert result.exit_code == 0, result.output
    assert "workers" not in seen
    assert seen["app"].state.settings.warm_indexes is True
    assert seen["app"].state.index_refresher is not None


@pytest.mark.parametrize(
    ("args", "warm"), [(["--no-warm-indexes"], None), ([], "false"), (["--workers", "2"], "false")]
)
def test_warming_can_be_turned_off(
    tmp_path: Path, seen: dict[str, Any], args: list[str], warm: str | None
) -> None:
    result = serve(tmp_path, *args, warm=warm)
    assert result.exit_code == 0, result.output
    if "workers" in seen:
        assert seen["warm_env"] == "false"
    else:
        assert seen["app"].state.index_refresher is None


@pytest.mark.parametrize("workers", ["0", "65", "many"])
def test_a_bad_worker_count_is_a_usage_error(
    tmp_path: Path, seen: dict[str, Any], workers: str
) -> None:
    result = serve(tmp_path, "--workers", workers)
    assert result.exit_code == 2
    assert "--workers" in result.output and seen == {}
