"""``lawbridge names compare``: one output line per input line, bad lines reported, batch goes on."""

from __future__ import annotations

import json

from click.testing import CliRunner

from lawbridge.cli.main import cli
from lawbridge.engines.names import DEFAULT_THRESHOLD

GOOD = {
    "id": "p1",
    "a": {"name": "郭声琨", "birth_date": "1954-10"},
    "b": {"name": "Kuo Sheng-kun", "birth_date": "1954-10-25"},
}
OTHER = {
    "id": 2,
    "a": {"name": "王伟", "birth_date": "1962"},
    "b": {"name": "王伟", "birth_date": "1985"},
}


def run(text: str) -> tuple[list[dict[str, object]], str, int]:
    result = CliRunner().invoke(cli, ["names", "compare"], input=text)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return lines, result.stderr, result.exit_code


def test_scores_pairs_in_order_with_explanations() -> None:
    lines, err, code = run(json.dumps(GOOD, ensure_ascii=False) + "\n" + json.dumps(OTHER) + "\n")
    assert code == 0
    assert [line["id"] for line in lines] == ["p1", 2]
    assert lines[0]["score"] >= DEFAULT_THRESHOLD > lines[1]["score"]  # type: ignore[operator]
    assert lines[0]["explanation"]["names"]["via"] == ["hanzi→wade-giles"]  # type: ignore[index]
    assert "2 pairs, 0 failed" in err


def test_bad_lines_become_errors_and_the_batch_goes_on() -> None:
    bad = [
        "{not json",
        json.dumps({"id": "empty", "a": {"name": ""}, "b": {"name": "x"}}),
        json.dumps(
            {"id": "date", "a": {"name": "A B", "birth_date": "1985-13-40"}, "b": {"name": "x"}}
        ),
        json.dumps(
            {"id": "country", "a": {"name": "A B"}, "b": {"name": "x", "nationality": "ZZ"}}
        ),
        json.dumps({"id": "script", "a": {"name": "\U00012000\U00012001"}, "b": {"name": "x"}}),
        json.dumps({"a": {"name": "A"}, "b": {"name": "B"}}),
        json.dumps({"id": "nob", "a": {"name": "A"}}),
        json.dumps(["a", "list"]),
    ]
    lines, err, code = run("\n".join([*bad, json.dumps(GOOD, ensure_ascii=False)]) + "\n")
    assert code == 0
    assert len(lines) == len(bad) + 1
    assert [line["id"] for line in lines] == [
        None,
        "empty",
        "date",
        "country",
        "script",
        None,
        "nob",
        None,
        "p1",
    ]
    messages = [str(line.get("error", "")) for line in lines]
    assert "JSON" in messages[0]
    assert "a.name" in messages[1]
    assert "a.birth_date" in messages[2] and "1985-13-40" in messages[2]
    assert "b.nationality" in messages[3]
    assert "script" in messages[4]
    assert "id" in messages[5]
    assert "b:" in messages[6]
    assert "score" in lines[-1]
    assert "9 pairs, 8 failed" in err


def test_files_in_and_out(tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "pairs.jsonl"
    target = tmp_path / "scores.jsonl"
    source.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["names", "compare", "-i", str(source), "-o", str(target)])
    assert result.exit_code == 0
    [line] = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert line["id"] == "p1" and set(line) == {"id", "score", "explanation"}
    assert result.stdout == ""
