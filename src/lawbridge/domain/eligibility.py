"""Eligibility warnings for a red-notice-style request (a person sought for arrest). Pure.

The checks follow INTERPOL's rules for red notices: the offence must be a **serious ordinary-law
crime** (INTERPOL's Rules on the Processing of Data, Art. 83(1)(a): not, for example, a matter of
administrative law, a private dispute or a family matter); the **penalty thresholds** of Art.
83(1)(b) (a maximum of at least two years' deprivation of liberty when the person is sought for
prosecution; at least six months left to serve when sought to serve a sentence); and the
**neutrality** of Art. 3 of INTERPOL's Constitution, which forbids any intervention of a political,
military, religious or racial character. The four Article 3 questions must all be answered before
the request is sent, and the answers are kept with it.

Warnings inform; a person decides. A request with warnings can still be sent, but only with an
explicit acknowledgement, recorded with the warnings it acknowledged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from lawbridge.domain.cases import Offence, SoughtFor
from lawbridge.errors import InvalidInput

PROSECUTION_MIN_MONTHS = 24
SENTENCE_MIN_REMAINING_MONTHS = 6
MAX_NOTE = 2000

NOT_ORDINARY_LAW = frozenset(
    {
        Offence.ADMINISTRATIVE_VIOLATION,
        Offence.PRIVATE_DISPUTE,
        Offence.FAMILY_MATTER,
        Offence.POLITICAL,
        Offence.MILITARY,
    }
)
RPD_83 = "INTERPOL Rules on the Processing of Data, Art. 83(1)"
ARTICLE_3 = "INTERPOL Constitution, Art. 3"


class Article3Question(StrEnum):
    POLITICAL = "political"
    MILITARY = "military"
    RELIGIOUS = "religious"
    RACIAL = "racial"


@dataclass(frozen=True, slots=True)
class Warning:
    code: str
    message: str
    basis: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "basis": self.basis}


@dataclass(frozen=True, slots=True)
class Article3Answer:
    """Does the matter have a political (military, religious, racial) character? And why not."""

    question: Article3Question
    has_character: bool
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"has_character": self.has_character, "note": self.note}


def clean_article3(answers: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Answers as stored: ``{question: {has_character, note}}``; unknown questions are refused.

    Each answer is a mapping with a boolean ``has_character`` and an optional ``note``. Partial sets
    are accepted on a draft; :func:`missing_article3` names what a send still needs.
    """
    cleaned: dict[str, dict[str, Any]] = {}
    for key, value in answers.items():
        try:
            question = Article3Question(key)
        except ValueError as exc:
            choices = ", ".join(q.value for q in Article3Question)
            raise InvalidInput(f"Article 3 questions are: {choices}", {"field": key}) from exc
        if not isinstance(value, Mapping) or not isinstance(value.get("has_character"), bool):
            raise InvalidInput(
                f"the {question.value} answer needs has_character: true or false",
                {"field": f"article3.{question.value}"},
            )
        note = str(value.get("note") or "").strip()
        if len(note) > MAX_NOTE:
            raise InvalidInput(f"an Article 3 note is at most {MAX_NOTE} characters")
        cleaned[question.value] = Article3Answer(question, value["has_character"], note).to_dict()
    return cleaned


def missing_article3(answers: Mapping[str, Any]) -> list[str]:
    return [q.value for q in Article3Question if q.value not in answers]


@dataclass(frozen=True, slots=True)
class Sought:
    """What a red-notice-style request says about the person and the offence."""

    offences: tuple[str, ...]
    sought_for: str | None
    max_penalty_months: int | None
    remaining_months: int | None = None


def _offence_warnings(offences: Iterable[str]) -> list[Warning]:
    found = [o for o in offences if Offence(o) in NOT_ORDINARY_LAW]
    warnings = []
    if found:
        warnings.append(
            Warning(
                "not_ordinary_law",
                f"not a serious ordinary-law crime: {', '.join(found)}",
                RPD_83 + "(a)",
            )
        )
    if Offence.OTHER.value in offences:
        warnings.append(
            Warning(
                "offence_unclassified",
                "an offence is 'other': check that it is a serious ordinary-law crime",
                RPD_83 + "(a)",
            )
        )
    return warnings


def _penalty_warnings(sought: Sought) -> list[Warning]:
    basis = RPD_83 + "(b)"
    if sought.sought_for is None:
        return [
            Warning("sought_for_unknown", "say whether sought for prosecution or a sentence", basis)
        ]
    if SoughtFor(sought.sought_for) is SoughtFor.PROSECUTION:
        months = sought.max_penalty_months
        if months is None:
            return [Warning("penalty_unknown", "the maximum penalty is not given", basis)]
        if months < PROSECUTION_MIN_MONTHS:
            text = f"maximum penalty {months} months is below the two-year threshold"
            return [Warning("penalty_below_threshold", text, basis)]
        return []
    left = sought.remaining_months
    if left is None:
        return [
            Warning("remaining_sentence_unknown", "the sentence left to serve is not given", basis)
        ]
    if left < SENTENCE_MIN_REMAINING_MONTHS:
        text = f"{left} months left to serve is below the six-month threshold"
        return [Warning("remaining_sentence_below_threshold", text, basis)]
    return []


def _article3_warnings(answers: Mapping[str, Any]) -> list[Warning]:
    warnings = []
    for question in Article3Question:
        answer = answers.get(question.value)
        if answer is not None and answer["has_character"]:
            text = f"the matter was marked as having a {question.value} character"
            warnings.append(Warning(f"article3_{question.value}", text, ARTICLE_3))
    return warnings


def check_eligibility(sought: Sought, article3: Mapping[str, Any]) -> list[Warning]:
    """Every warning for a red-notice-style request; an empty list means none applies.

    Unanswered Article 3 questions are not warnings but a block on sending (see
    :func:`missing_article3`).
    """
    return (
        _offence_warnings(sought.offences)
        + _penalty_warnings(sought)
        + _article3_warnings(article3)
    )
