"""The potential-match review machine and the record fingerprint."""

from __future__ import annotations

import pytest

from lawbridge.domain.screening import (
    TRANSITIONS,
    Decision,
    MatchStatus,
    next_status,
    record_fingerprint,
)
from lawbridge.errors import InvalidInput, InvalidTransition

ALLOWED = {
    ("open", "confirm"): "confirmed",
    ("open", "dismiss"): "dismissed",
    ("open", "escalate"): "escalated",
    ("escalated", "confirm"): "confirmed",
    ("escalated", "dismiss"): "dismissed",
    ("confirmed", "reopen"): "open",
    ("dismissed", "reopen"): "open",
}


@pytest.mark.parametrize("status", list(MatchStatus))
@pytest.mark.parametrize("decision", list(Decision))
def test_every_pair_is_allowed_or_refused(status: MatchStatus, decision: Decision) -> None:
    expected = ALLOWED.get((status.value, decision.value))
    if expected is None:
        with pytest.raises(InvalidTransition):
            next_status(status.value, decision.value)
    else:
        assert next_status(status.value, decision.value).value == expected
    assert len(TRANSITIONS) == len(ALLOWED)


def test_unknown_decision_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="decision must be one of"):
        next_status("open", "approve")


def test_fingerprint_ignores_case_spacing_width_and_alias_order() -> None:
    a = {"name": "Zhang Wei", "aliases": ["张伟", "Cheung Wai"], "birth_date": "1970"}
    b = {"name": " ZHANG  wei", "aliases": ["Cheung Wai", "张伟"], "birth_date": "1970"}
    c = {"name": "Ｚｈａｎｇ Wei", "aliases": ["张伟", "cheung wai"], "birth_date": "1970"}
    assert record_fingerprint(a) == record_fingerprint(b) == record_fingerprint(c)
    assert record_fingerprint(a) != record_fingerprint(a | {"birth_date": "1971"})
    assert record_fingerprint(a) != record_fingerprint(a | {"name": "Zhang Wen"})
