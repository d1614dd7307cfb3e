"""``lawbridge screen`` (the evaluation's file contract and the database batch) and ``watchlist``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lawbridge.cli.main import cli
from lawbridge.engines.names import DEFAULT_THRESHOLD
from lawbridge.store.db import Database
from lawbridge.workflows import screening
from lawbridge.workflows.unit import Context
from tests.conftest import World

Invoke = Callable[..., Result]

LIST = [
    {"id": "RN-1", "name": "Zhao Minghui", "aliases": ["赵明辉"], "birth_date": "1966-04-02"},
    {"id": "RN-2", "name": "Qian Lihua", "birth_date": "1971", "nationality": "CN"},
    {"id": "RN-3", "name": "Sun Jiayi", "gender": "female"},
]


def jsonl(rows: list[Any]) -> str:
    return "".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows
    )


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def assert_bad_input(result: Result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and fragment in result.stderr, result.stderr


@pytest.fixture
def list_file(tmp_path: Path) -> Path:
    path = tmp_path / "list.jsonl"
    bad = ["{oops", json.dumps({"name": "No Id"}), json.dumps({"id": "RN-9", "name": ""})]
    path.write_text(jsonl([*LIST, *bad, LIST[0]]), encoding="utf-8")
    return path


# --- The file contract (no database) ------------------------------------------------------------


def test_screen_file_contract(
    list_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAWBRIDGE_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        jsonl(
            [
                {"id": "q1", "record": {"name": "Zhao Minghui", "birth_date": "1966-04-02"}},
                "not json",
                {"id": "q3", "record": {"name": "Zhao Minghui", "birth_date": "1985-13-40"}},
                {"id": 4, "record": {"name": "Margarethe Oyelaran-Whitcombe"}},
                {"record": {"name": "x"}},
                {"id": "q6"},
                {"id": "q7", "record": {"name": "Qian Lihua", "nationality": "CN"}},
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / "hits.jsonl"
    done = run("screen", "--list", str(list_file), "-i", str(queries), "-o", str(out))
    assert done.exit_code == 0, done.output
    for number in (4, 5, 6, 7):  # bad list lines are warnings naming the line
        assert f"list line {number} skipped" in done.stderr
    answers = lines(out.read_text(encoding="utf-8"))
    assert [a["query_id"] for a in answers] == ["q1", None, "q3", 4, None, "q6", "q7"]
    first = answers[0]
    assert set(first) == {"query_id", "candidates", "threshold"}
    assert first["threshold"] == DEFAULT_THRESHOLD
    assert (
        first["candidates"][0]["id"] == "RN-1"
        and first["candidates"][0]["score"] >= DEFAULT_THRESHOLD
    )
    assert all(set(c) == {"id", "score"} for c in first["candidates"])
    scores = [c["score"] for c in first["candidates"]]
    assert scores == sorted(scores, reverse=True)
    for bad in (answers[1], answers[2], answers[4], answers[5]):
        assert set(bad) == {"query_id", "error"} and bad["error"]
    assert "birth_date" in answers[2]["error"]
    assert (
        answers[3]["candidates"] == [] or answers[3]["candidates"][0]["score"] < DEFAULT_THRESHOLD
    )
    assert answers[6]["candidates"][0]["id"] == "RN-2"


def test_screen_stdin_stdout_threshold_and_limit(list_file: Path) -> None:
    query = {"id": "q", "record": {"name": "Zhao Minghui"}}
    done = run(
        "screen",
        "--list",
        str(list_file),
        "--threshold",
        "0.99",
        "--limit",
        "1",
        input=jsonl([query]),
    )
    assert done.exit_code == 0, done.output
    (answer,) = lines(done.stdout)
    assert answer["threshold"] == 0.99 and len(answer["candidates"]) <= 1


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--list", "missing.jsonl"], "cannot read"),
        (["--limit", "0", "--list", "x"], "--limit"),
        (["--threshold", "2", "--list", "x"], "--threshold"),
        ([], "either --list"),
        (["--list", "x", "--watchlist", "y"], "either --list"),
    ],
)
def test_screen_bad_usage(
    args: list[str], fragment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert_bad_input(run("screen", *args, input=""), fragment)


# --- Database mode and watchlist commands --------------------------------------------------------


@pytest.fixture
def invoke(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.chdir(tmp_path)
    env = {"LAWBRIDGE_DATABASE_URL": db.url, "LAWBRIDGE_ENV": "test"}

    def call(*args: str, input: str | None = None) -> Result:
        return run(*args, input=input, env=env)

    return call


AS_CN = ["--party", "cn-agency", "--as", "analyst@cn-agency"]


def test_watchlist_commands_and_database_screening(
    invoke: Invoke, world: World, context: Context, tmp_path: Path
) -> None:
    created = invoke(
        "watchlist", "create", *AS_CN, "--name", "Fugitives", "--kind", "fugitive_list"
    )
    assert created.exit_code == 0, created.output
    list_id = json.loads(created.stdout)["id"]
    source = tmp_path / "list.csv"
    source.write_text(
        "id,name,aliases,birth_date\nRN-1,Zhao Minghui,赵明辉,1966-04-02\nRN-2,Qian Lihua,,1985-13-40\n",
        encoding="utf-8",
    )
    imported = invoke("watchlist", "import", list_id, *AS_CN, "--format", "csv", "-i", str(source))
    assert imported.exit_code == 0, imported.output
    report = json.loads(imported.stdout)
    assert (report["version"], report["added"], report["failed"]) == (1, 1, 1)
    assert "line 3" in imported.stderr
    listed = lines(invoke("watchlist", "list", *AS_CN).stdout)
    assert [w["id"] for w in listed] == [list_id]
    (entry,) = lines(invoke("watchlist", "entries", list_id, *AS_CN).stdout)
    assert entry["external_id"] == "RN-1"

    records = tmp_path / "passengers.jsonl"
    records.write_text(
        jsonl(
            [
                {"id": "p1", "record": {"name": "Zhao Minghui", "birth_date": "1966-04-02"}},
                {"id": "p2", "name": "Zhao Minghui", "birth_date": "1966-04"},
                {"id": "p3", "name": "", "birth_date": "1966"},
                "garbage",
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / "results.jsonl"
    screened = invoke("screen", "--watchlist", list_id, *AS_CN, "-i", str(records), "-o", str(out))
    assert screened.exit_code == 0, screened.output
    results = lines(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in results] == ["p1", "p2", "p3", None]
    assert results[0]["alerts"] == 1 and results[0]["new_alerts"] == 1
    assert "error" in results[2] and "error" in results[3]
    with context.read(world.cn["analyst"].actor) as unit:
        assert len(screening.list_screenings(unit)) == 2
        assert screening.count_potential_matches(unit) >= 1
    passengers = tmp_path / "passengers.csv"
    passengers.write_text(
        "id,name,aliases,birth_date\nc1,Zhao Minghui,,1966-04-02\nc2,Zhao Minghui,,1966-13-01\n",
        encoding="utf-8",
    )
    from_csv = invoke("screen", "--watchlist", list_id, *AS_CN, "-i", str(passengers))
    assert from_csv.exit_code == 0, from_csv.output
    csv_results = lines(from_csv.stdout)
    assert [r["id"] for r in csv_results] == ["c1", "c2"]
    assert csv_results[0]["alerts"] == 1 and csv_results[0]["new_alerts"] == 0  # remembered
    assert "line 3" in csv_results[1]["error"] and "birth_date" in csv_results[1]["error"]

    delisted = invoke(
        "watchlist",
        "delist",
        entry["id"],
        *AS_CN,
        "--reason",
        "returned",
        "--route",
        "returned_removed",
    )
    assert delisted.exit_code == 0, delisted.output
    assert json.loads(delisted.stdout)["status"] == "delisted"
    exported = invoke(
        "watchlist", "export", list_id, *AS_CN, "--format", "ftm", "--include-delisted"
    )
    (entity,) = lines(exported.stdout)
    assert entity["schema"] == "Person" and entity["properties"]["name"] == ["Zhao Minghui"]

    assert_bad_input(
        invoke("watchlist", "delist", entry["id"], *AS_CN, "--reason", "again"), "already"
    )
    us = ["--party", "us-agency", "--as", "analyst@us-agency"]
    assert_bad_input(invoke("watchlist", "entries", list_id, *us), "no watchlist")
    wrong = ["--party", "us-agency", "--as", "analyst@cn-agency"]
    assert_bad_input(invoke("watchlist", "list", *wrong), "not an active account")
    assert_bad_input(invoke("watchlist", "create", "--name", "x", "--kind", "internal"), "--party")
    assert_bad_input(invoke("screen", "--watchlist", "nope", *AS_CN, input=""), "no watchlist")
