"""Red-notice eligibility warnings: ordinary-law crime, penalty thresholds, Article 3."""

from __future__ import annotations

import pytest

from lawbridge.domain.eligibility import Sought, check_eligibility, clean_article3, missing_article3
from lawbridge.errors import InvalidInput

NEUTRAL = {
    q: {"has_character": False, "note": "ordinary fraud"}
    for q in ("political", "military", "religious", "racial")
}


def codes(sought: Sought, article3: dict[str, dict[str, object]] | None = None) -> list[str]:
    return [w.code for w in check_eligibility(sought, clean_article3(article3 or NEUTRAL))]


@pytest.mark.parametrize(
    ("months", "expected"),
    [(24, []), (23, ["penalty_below_threshold"]), (None, ["penalty_unknown"])],
)
def test_prosecution_needs_a_two_year_maximum(months: int | None, expected: list[str]) -> None:
    assert codes(Sought(("fraud",), "prosecution", months)) == expected


@pytest.mark.parametrize(
    ("left", "expected"),
    [(6, []), (5, ["remaining_sentence_below_threshold"]), (None, ["remaining_sentence_unknown"])],
)
def test_a_sentence_needs_six_months_left(left: int | None, expected: list[str]) -> None:
    assert codes(Sought(("embezzlement",), "sentence", 120, left)) == expected


def test_not_an_ordinary_law_crime_warns_with_its_basis() -> None:
    (warning,) = check_eligibility(
        Sought(("fraud", "private_dispute"), "prosecution", 36), clean_article3(NEUTRAL)
    )
    assert warning.code == "not_ordinary_law" and "private_dispute" in warning.message
    assert warning.basis == "INTERPOL Rules on the Processing of Data, Art. 83(1)(a)"
    assert codes(Sought(("other",), "prosecution", 36)) == ["offence_unclassified"]
    assert codes(Sought(("fraud",), None, 36)) == ["sought_for_unknown"]


def test_an_article3_yes_is_a_warning_not_a_block() -> None:
    answers = NEUTRAL | {"religious": {"has_character": True, "note": "a sect leader"}}
    assert codes(Sought(("fraud",), "prosecution", 60), answers) == ["article3_religious"]


def test_article3_answers_are_validated_and_all_four_needed() -> None:
    partial = clean_article3({"political": {"has_character": False}})
    assert partial == {"political": {"has_character": False, "note": ""}}
    assert missing_article3(partial) == ["military", "religious", "racial"]
    assert missing_article3(clean_article3(NEUTRAL)) == []
    for bad in ({"economic": {"has_character": False}}, {"political": {"has_character": "no"}}):
        with pytest.raises(InvalidInput):
            clean_article3(bad)
