"""The golden pair table, the features' evidence, and the explanation's shape."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from lawbridge.engines.names import (
    DEFAULT_THRESHOLD,
    Comparison,
    MatchConfig,
    Matcher,
    PersonRecord,
)

CASES = Path(__file__).resolve().parents[2] / "cases" / "names" / "pairs.csv"
ROWS = list(csv.DictReader(CASES.read_text(encoding="utf-8").splitlines()))
MATCHER = Matcher()


def score(a: PersonRecord | dict[str, object], b: PersonRecord | dict[str, object]) -> float:
    ra = a if isinstance(a, PersonRecord) else PersonRecord.from_dict(a)
    rb = b if isinstance(b, PersonRecord) else PersonRecord.from_dict(b)
    return MATCHER.compare(ra, rb).score


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['group']}:{r['name1']}|{r['name2']}" for r in ROWS])
def test_golden_pairs(row: dict[str, str]) -> None:
    value = score(PersonRecord(row["name1"]), PersonRecord(row["name2"]))
    if row["is_match"] == "1":
        assert value >= DEFAULT_THRESHOLD
    else:
        assert value < DEFAULT_THRESHOLD


def test_golden_table_covers_every_group_with_both_labels_where_it_should() -> None:
    groups = {r["group"] for r in ROWS}
    assert {"hanzi_pinyin", "wade_giles", "cantonese", "heteronym", "compound", "korean",
            "english", "cyrillic", "arabic"} <= groups  # fmt: skip
    assert sum(r["is_match"] == "0" for r in ROWS) >= 15


def test_birth_year_conflict_separates_two_people_with_a_common_name() -> None:
    same = score(
        {"name": "王伟", "birth_date": "1962"}, {"name": "Wang Wei", "birth_date": "1962-05-01"}
    )
    other = score({"name": "王伟", "birth_date": "1962"}, {"name": "王伟", "birth_date": "1985"})
    assert same >= DEFAULT_THRESHOLD > other
    assert other <= 0.6


def test_feature_strengths_are_ordered() -> None:
    base = {"name": "Zhang Wei"}
    plain = score(base, base)

    def with_(**fields: str) -> float:
        return score(
            {**base, **fields},
            {**base, **{k: v + "x" if k == "id_number" else v for k, v in fields.items()}},
        )

    year = score({**base, "birth_date": "1962"}, {**base, "birth_date": "1985"})
    day = score({**base, "birth_date": "1962-01-02"}, {**base, "birth_date": "1962-01-03"})
    gender = score({**base, "gender": "male"}, {**base, "gender": "female"})
    nation = score({**base, "nationality": "CN"}, {**base, "nationality": "US"})
    ident = with_(id_number="E123")
    assert year < day < gender < nation < plain
    assert ident < DEFAULT_THRESHOLD
    partial = score({**base, "birth_date": "1962"}, {**base, "birth_date": "1962-05-01"})
    assert partial == plain  # capped at 1.0; the explanation records "partial"


def test_identifier_agreement_lifts_a_weaker_name_match() -> None:
    a = {"name": "Jennifer Wiliams"}
    b = {"name": "Jennifer Williams"}
    assert score({**a, "id_number": "X1"}, {**b, "id_number": "X1"}) > score(a, b)


def test_explanation_shape_and_json() -> None:
    comparison = MATCHER.compare(
        PersonRecord("郭声琨", birth_date="1954-10"),
        PersonRecord("Kuo Sheng-kun", birth_date="1954-10-25"),
    )
    assert isinstance(comparison, Comparison)
    names = comparison.explanation["names"]
    assert names["query"] == "郭声琨" and names["match"] == "Kuo Sheng-kun"
    assert names["via"] == ["hanzi→wade-giles"]
    birth = comparison.explanation["features"][0]
    assert birth == {"feature": "birth_date", "result": "partial", "query": "1954-10",
                     "match": "1954-10-25", "effect": 0.02}  # fmt: skip
    assert [f["feature"] for f in comparison.explanation["features"]] == [
        "birth_date", "nationality", "gender", "id_number"]  # fmt: skip
    assert "above the threshold" in comparison.explanation["summary"]
    assert json.loads(json.dumps(comparison.to_dict()))["score"] == comparison.score


def test_aliases_are_compared() -> None:
    entry = PersonRecord("Zhao Minghui", aliases=("赵明辉",))
    assert score(PersonRecord("趙明輝"), entry) >= DEFAULT_THRESHOLD


def test_config_hash_changes_with_config_and_threshold_is_validated() -> None:
    assert Matcher().config_hash == Matcher(MatchConfig()).config_hash
    assert Matcher(MatchConfig(threshold=0.9)).config_hash != Matcher().config_hash
    from lawbridge.errors import InvalidInput

    with pytest.raises(InvalidInput):
        MatchConfig(threshold=1.5)


def test_prepared_records_give_the_same_comparison() -> None:
    a, b = PersonRecord("郭聲琨"), PersonRecord("SHENGKUN GUO")
    assert MATCHER.compare(MATCHER.prepare(a), MATCHER.prepare(b)) == MATCHER.compare(a, b)
