"""Content moderation rules (pure): post, takedown, review and appeal states; the decision record;
the EU DSA statement of reasons every takedown carries.

A post is ``visible`` when uploaded, ``blocked`` when refused at upload (a confirmed bank match or a
reshare of removed content), ``taken_down`` by a decision or its propagation, ``restored`` after a
successful appeal and ``deleted`` by its author. A takedown is ``active`` until an appeal (or the
reversal of the decision behind it) makes it ``reversed``. A review item is ``open`` until the
post is judged (``confirmed``) or cleared (``dismissed``). An appeal is ``open``, then ``upheld``
(the post comes back) or ``rejected``.

:func:`statement_of_reasons` builds one statement in the DSA Transparency Database submission
format (``../shared/external/dsa-sor/statement.schema.json``): the legal ground, the facts (what
matched, by which signal, at what distance) and whether detection and decision were automated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from lawbridge.errors import InvalidInput, InvalidTransition


class PostState(StrEnum):
    VISIBLE = "visible"
    BLOCKED = "blocked"
    TAKEN_DOWN = "taken_down"
    RESTORED = "restored"
    DELETED = "deleted"


class TakedownState(StrEnum):
    ACTIVE = "active"
    REVERSED = "reversed"


class ReviewState(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class AppealState(StrEnum):
    OPEN = "open"
    UPHELD = "upheld"
    REJECTED = "rejected"


class EntryStatus(StrEnum):
    ACTIVE = "active"
    QUARANTINED = "quarantined"
    REMOVED = "removed"


class BankKind(StrEnum):
    BLOCK = "block"
    ALLOW = "allow"


class Via(StrEnum):
    """Why a takedown hit its post."""

    JUDGED = "judged"  # the post the decision is about
    COPY = "copy"  # a stored copy or near-copy found through the signal indexes
    RESHARE = "reshare"  # in a reshare chain below a taken-down post
    UPLOAD = "upload_block"  # refused at upload (bank match or reshare of removed content)


class Modality(StrEnum):
    TEXT = "text"
    IMAGE = "image"
    LINK = "link"


class AutomatedDecision(StrEnum):
    FULLY = "AUTOMATED_DECISION_FULLY"
    PARTIALLY = "AUTOMATED_DECISION_PARTIALLY"
    NOT_AUTOMATED = "AUTOMATED_DECISION_NOT_AUTOMATED"


TAKEN = frozenset({PostState.BLOCKED, PostState.TAKEN_DOWN})


def parse(enum: type[StrEnum], value: str, field: str) -> Any:
    try:
        return enum(value)
    except ValueError as exc:
        choices = [v.value for v in enum]
        raise InvalidInput(f"{field} must be one of {choices}", {"field": field}) from exc


def take_down(state: str) -> PostState:
    """The state after a takedown; a deleted post cannot be judged."""
    current = PostState(state)
    if current is PostState.DELETED:
        raise InvalidTransition("the post was deleted by its author; nothing to take down")
    return PostState.BLOCKED if current is PostState.BLOCKED else PostState.TAKEN_DOWN


def restore(state: str) -> PostState:
    current = PostState(state)
    if current not in TAKEN:
        raise InvalidTransition(f"a {current.value} post cannot be restored")
    return PostState.RESTORED


def decide_appeal(state: str, upheld: bool) -> AppealState:
    if AppealState(state) is not AppealState.OPEN:
        raise InvalidTransition(f"this appeal is already {state}")
    return AppealState.UPHELD if upheld else AppealState.REJECTED


def close_review(state: str, confirmed: bool) -> ReviewState:
    if ReviewState(state) is not ReviewState.OPEN:
        raise InvalidTransition(f"this review item is already {state}")
    return ReviewState.CONFIRMED if confirmed else ReviewState.DISMISSED


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """What a decision that content is illegal records (and every statement of reasons cites)."""

    category: str
    legal_ground: str
    explanation: str
    decider: str
    automated_detection: bool
    automated_decision: AutomatedDecision

    def __post_init__(self) -> None:
        for name in ("legal_ground", "explanation", "decider"):
            if not getattr(self, name).strip():
                raise InvalidInput(f"{name} must not be empty", {"field": name})
        dsa_category(self.category)


# --- DSA statement of reasons ---------------------------------------------------------------------

_CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "scam": ("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", ()),
    "fraud": ("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", ()),
    "phishing": ("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", ("KEYWORD_PHISHING",)),
    "counterfeit": (
        "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
        ("KEYWORD_TRADEMARK_INFRINGEMENT",),
    ),
    "copyright": (
        "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
        ("KEYWORD_COPYRIGHT_INFRINGEMENT",),
    ),
    "hate_speech": ("STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", ("KEYWORD_HATE_SPEECH",)),
    "terrorism": ("STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY", ("KEYWORD_TERRORIST_CONTENT",)),
    "prohibited_goods": ("STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS", ()),
    "violence": ("STATEMENT_CATEGORY_VIOLENCE", ()),
    "privacy": ("STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS", ()),
    "minors": ("STATEMENT_CATEGORY_PROTECTION_OF_MINORS", ()),
    "illegal": ("STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", ()),
}
DSA_CATEGORIES = frozenset(
    {
        "STATEMENT_CATEGORY_ANIMAL_WELFARE",
        "STATEMENT_CATEGORY_CONSUMER_INFORMATION",
        "STATEMENT_CATEGORY_CYBER_VIOLENCE",
        "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
        "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
        "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
        "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
        "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
        "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
        "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        "STATEMENT_CATEGORY_SELF_HARM",
        "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
        "STATEMENT_CATEGORY_VIOLENCE",
    }
)
CATEGORY_NAMES = tuple(sorted(_CATEGORIES))
# Languages a statement may name (DSA content_language is upper-case ISO 639-1).
_LANGUAGE = frozenset(
    "AR BG CS DA DE EL EN ES ET FA FI FR GA HE HI HR HU ID IT JA KO LT LV MS MT NL PL PT "
    "RO RU SK SL SV TH TR UK VI ZH".split()
)
_CONTENT_TYPES = {"text": "CONTENT_TYPE_TEXT", "image": "CONTENT_TYPE_IMAGE"}


def dsa_category(category: str) -> tuple[str, tuple[str, ...]]:
    """(DSA category, keywords) of one of :data:`CATEGORY_NAMES` or a DSA category itself."""
    key = category.strip().lower().replace("-", "_").replace(" ", "_")
    if key in _CATEGORIES:
        return _CATEGORIES[key]
    if category.strip().upper() in DSA_CATEGORIES:
        return category.strip().upper(), ()
    raise InvalidInput(
        f"category must be one of {list(CATEGORY_NAMES)} or a DSA STATEMENT_CATEGORY_* value",
        {"field": "category"},
    )


@dataclass(frozen=True, slots=True)
class StatementFacts:
    """The facts of one takedown that its statement of reasons reports."""

    puid: str
    via: Via
    decision: DecisionRecord
    content: tuple[str, ...]  # "text", "image", "link"
    language: str | None
    content_date: datetime
    application_date: datetime
    facts: str


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _automation(facts: StatementFacts) -> tuple[str, str]:
    if facts.via is Via.JUDGED:
        detection = "Yes" if facts.decision.automated_detection else "No"
        return detection, facts.decision.automated_decision.value
    if facts.via is Via.UPLOAD:
        return "Yes", AutomatedDecision.FULLY.value
    # A person judged the original; copies and reshares were found and removed by the system.
    return "Yes", AutomatedDecision.PARTIALLY.value


def statement_of_reasons(facts: StatementFacts) -> dict[str, Any]:
    """One statement of reasons (DSA Transparency Database API v1 submission)."""
    category, keywords = dsa_category(facts.decision.category)
    detection, decision = _automation(facts)
    visibility = (
        "DECISION_VISIBILITY_CONTENT_DISABLED"
        if facts.via is Via.UPLOAD
        else "DECISION_VISIBILITY_CONTENT_REMOVED"
    )
    types = [_CONTENT_TYPES[c] for c in facts.content if c in _CONTENT_TYPES]
    statement: dict[str, Any] = {
        "decision_visibility": [visibility],
        "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
        "illegal_content_legal_ground": _clip(facts.decision.legal_ground, 500),
        "illegal_content_explanation": _clip(facts.decision.explanation, 2000),
        "content_type": types or ["CONTENT_TYPE_OTHER"],
        "category": category,
        "content_date": facts.content_date.date().isoformat(),
        "application_date": facts.application_date.date().isoformat(),
        "decision_facts": _clip(facts.facts, 5000),
        "source_type": "SOURCE_VOLUNTARY",
        "automated_detection": detection,
        "automated_decision": decision,
        "puid": facts.puid,
    }
    if not types:
        statement["content_type_other"] = "hyperlink"
    if keywords:
        statement["category_specification"] = list(keywords)
    language = (facts.language or "").split("-")[0].upper()
    if language in _LANGUAGE:
        statement["content_language"] = language
    return statement


def describe_match(via: Via, source: str, signal: str | None, distance: float | None) -> str:
    """One sentence of ``decision_facts``: what matched, by which signal, at what distance."""
    if via is Via.JUDGED:
        return f"The post was reviewed and judged illegal ({source})."
    if via is Via.RESHARE:
        return f"The post reshares {source}, which was taken down."
    if signal is None:
        return f"The post matched {source}."
    return f"The post matched {source} by signal {signal} at distance {distance:g}."
