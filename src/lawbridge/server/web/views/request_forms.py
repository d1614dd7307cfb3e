"""The typed forms of cooperation requests as HTML fields: which elements a kind shows, how each is
typed into the page, and how the posted values become the workflow's form and Article 3 answers.

Element fields are named ``el_<element>``; Article 3 answers ``a3_<question>`` (``yes``/``no``)
with ``a3_<question>_note``. The raw posted values are kept to show the form again after a refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.datastructures import FormData

from lawbridge.domain.cases import Offence
from lawbridge.domain.eligibility import Article3Question
from lawbridge.domain.requests import ELEMENT_TYPES, RED_NOTICE_KINDS, REQUIRED, RequestKind
from lawbridge.server.web.i18n import N_
from lawbridge.server.web.views.cooperation import parse_int

ELEMENT_LABELS = {
    "subject_name": N_("Subject's name"),
    "subject_location": N_("Where the person is"),
    "nationality": N_("Nationality"),
    "identity_evidence": N_("Evidence of identity"),
    "removal_order_reference": N_("Removal order"),
    "offences": N_("Offences"),
    "offence_description": N_("Description of the offence"),
    "facts_summary": N_("Summary of the facts"),
    "legal_provisions": N_("Legal provisions"),
    "warrant_reference": N_("Warrant"),
    "penalty_max_months": N_("Maximum penalty (months)"),
    "sought_for": N_("Sought for"),
    "sentence_remaining_months": N_("Sentence left to serve (months)"),
    "extradition_to_follow": N_("A request for extradition will follow"),
    "authority": N_("Requesting authority"),
    "purpose": N_("Purpose"),
    "assistance_sought": N_("Assistance sought"),
    "asset_description": N_("Description of the asset"),
    "asset_location": N_("Where the asset is"),
    "holder": N_("Holder"),
    "order_reference": N_("Freezing or confiscation order"),
    "subject_matter": N_("Subject matter"),
    "information_sought": N_("Information sought"),
    "data_description": N_("Data to preserve"),
    "custodian": N_("Custodian of the data"),
    "necessity": N_("Why preservation is necessary"),
    "mla_to_follow": N_("A request for production will follow"),
    "regime": N_("Preservation regime"),
    "notes": N_("Notes"),
}
QUESTION_LABELS = {
    "political": N_("Does the matter have a political character?"),
    "military": N_("Does the matter have a military character?"),
    "religious": N_("Does the matter have a religious character?"),
    "racial": N_("Does the matter have a racial character?"),
}
CHOICE_LABELS = {
    "prosecution": N_("Prosecution"),
    "sentence": N_("Serving a sentence"),
    "us_2703f": N_("18 U.S.C. 2703(f): 90 days, renewable once"),
    "budapest_art29": N_("Budapest Convention Art. 29: at least 60 days"),
}
LONG = frozenset(
    {
        "offence_description", "facts_summary", "legal_provisions", "identity_evidence",
        "assistance_sought", "purpose", "asset_description", "information_sought",
        "data_description", "necessity", "notes", "subject_matter",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Element:
    """One element of a kind's form, as the page shows it."""

    name: str
    widget: str  # text, long, months, yes, offences, choice
    required: bool
    choices: tuple[str, ...] = ()


def _widget(name: str) -> tuple[str, tuple[str, ...]]:
    kind = ELEMENT_TYPES[name]
    if kind == "text":
        return ("long" if name in LONG else "text"), ()
    if kind in ("months", "yes", "offences"):
        return str(kind), tuple(o.value for o in Offence) if kind == "offences" else ()
    assert isinstance(kind, type) and issubclass(kind, StrEnum)
    return "choice", tuple(member.value for member in kind)


def elements(kind: str) -> list[Element]:
    """The kind's required elements, then the optional ones it may carry."""
    chosen = RequestKind(kind)
    names = list(REQUIRED[chosen])
    if chosen in RED_NOTICE_KINDS:
        names.append("sentence_remaining_months")
    names.append("notes")
    out = []
    for name in names:
        widget, choices = _widget(name)
        out.append(Element(name, widget, name in REQUIRED[chosen], choices))
    return out


def posted_elements(form: FormData, kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the typed form for the workflow, the raw values to show again)."""
    typed: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    for element in elements(kind):
        key = f"el_{element.name}"
        if element.widget == "offences":
            raw[element.name] = typed[element.name] = [str(v) for v in form.getlist(key)]
        elif element.widget == "yes":
            raw[element.name] = typed[element.name] = form.get(key) == "true"
        else:
            raw[element.name] = text = str(form.get(key) or "")
            if element.widget == "months":
                typed[element.name] = parse_int(text, element.name)
            else:
                typed[element.name] = text.strip() or None
    return typed, raw


def posted_article3(form: FormData) -> tuple[dict[str, Any], dict[str, str]]:
    """(the answers given, as the workflow takes them; the raw values to show again)."""
    answers: dict[str, Any] = {}
    raw: dict[str, str] = {}
    for question in Article3Question:
        key = f"a3_{question.value}"
        answer = str(form.get(key) or "")
        note = str(form.get(f"{key}_note") or "")
        raw[question.value], raw[f"{question.value}_note"] = answer, note
        if answer in ("yes", "no"):
            answers[question.value] = {"has_character": answer == "yes", "note": note}
    return answers, raw


def stored_article3(answers: Mapping[str, Any]) -> dict[str, str]:
    """A request's kept answers as the checklist's raw values."""
    raw: dict[str, str] = {}
    for question in Article3Question:
        answer = answers.get(question.value)
        raw[question.value] = "" if answer is None else ("yes" if answer["has_character"] else "no")
        raw[f"{question.value}_note"] = "" if answer is None else str(answer.get("note", ""))
    return raw


def form_labels() -> dict[str, Any]:
    return {
        "element_labels": ELEMENT_LABELS,
        "question_labels": QUESTION_LABELS,
        "choice_labels": CHOICE_LABELS,
        "questions": [q.value for q in Article3Question],
    }


async def _form(request: Request) -> FormData:
    """The posted form (already parsed and cached by the CSRF check)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(_form)]
