"""Content rules: state transitions, categories, and statements of reasons that the DSA
Transparency Database schema accepts for every kind of takedown."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.domain.content import (
    CATEGORY_NAMES,
    AutomatedDecision,
    DecisionRecord,
    PostState,
    StatementFacts,
    Via,
    decide_appeal,
    dsa_category,
    restore,
    statement_of_reasons,
    take_down,
)
from lawbridge.errors import InvalidInput, InvalidTransition
from tests.workflows.content_helpers import dsa_validator

RECORD = DecisionRecord(
    category="phishing",
    legal_ground="Cybersecurity Law of the PRC, Art. 47",
    explanation="A login page imitating a bank.",
    decider="reviewer@provider",
    automated_detection=False,
    automated_decision=AutomatedDecision.NOT_AUTOMATED,
)
VALIDATOR = dsa_validator()


def test_transitions() -> None:
    assert take_down("visible") is PostState.TAKEN_DOWN
    assert take_down("blocked") is PostState.BLOCKED
    assert restore("taken_down") is PostState.RESTORED
    with pytest.raises(InvalidTransition):
        take_down("deleted")
    with pytest.raises(InvalidTransition):
        restore("visible")
    assert decide_appeal("open", upheld=False).value == "rejected"
    with pytest.raises(InvalidTransition):
        decide_appeal("upheld", upheld=True)


def test_categories_map_to_dsa_values() -> None:
    assert dsa_category("phishing") == ("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", ("KEYWORD_PHISHING",))
    assert dsa_category("STATEMENT_CATEGORY_VIOLENCE")[0] == "STATEMENT_CATEGORY_VIOLENCE"
    with pytest.raises(InvalidInput):
        dsa_category("gossip")
    with pytest.raises(InvalidInput):
        DecisionRecord("scam", " ", "x", "y", False, AutomatedDecision.FULLY)


@settings(derandomize=True, deadline=None, max_examples=60)
@given(
    via=st.sampled_from(list(Via)),
    category=st.sampled_from(CATEGORY_NAMES),
    content=st.lists(st.sampled_from(["text", "image", "link"]), unique=True),
    language=st.sampled_from([None, "zh", "en", "zh-Hant", "xx"]),
    facts=st.text(max_size=6000),
    ground=st.text(min_size=1, max_size=800).filter(str.strip),
)
def test_every_statement_validates(
    via: Via, category: str, content: list[str], language: str | None, facts: str, ground: str
) -> None:
    record = DecisionRecord(
        category, ground, RECORD.explanation, "r", True, AutomatedDecision.FULLY
    )
    statement = statement_of_reasons(
        StatementFacts(
            puid="0b6f7a6e-2c1d-4a4b-9a51-2b1f0f5c9d11",
            via=via,
            decision=record,
            content=tuple(content),
            language=language,
            content_date=datetime(2026, 11, 1, tzinfo=UTC),
            application_date=datetime(2026, 11, 2, tzinfo=UTC),
            facts=facts or "x",
        )
    )
    assert [e.message for e in VALIDATOR.iter_errors(statement)] == []


def test_automation_flags_follow_the_path() -> None:
    def flags(via: Via) -> tuple[str, str]:
        facts = StatementFacts(
            "p1", via, RECORD, ("text",), "zh", datetime.now(UTC), datetime.now(UTC), "f"
        )
        statement = statement_of_reasons(facts)
        return statement["automated_detection"], statement["automated_decision"]

    assert flags(Via.JUDGED) == ("No", "AUTOMATED_DECISION_NOT_AUTOMATED")
    assert flags(Via.COPY) == ("Yes", "AUTOMATED_DECISION_PARTIALLY")
    assert flags(Via.UPLOAD) == ("Yes", "AUTOMATED_DECISION_FULLY")
