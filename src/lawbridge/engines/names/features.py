"""The features besides the name: birth date (full or partial), nationality, gender, identifier."""

from __future__ import annotations

from typing import Any

from lawbridge.engines.names.compare import Weights
from lawbridge.engines.names.record import PersonRecord

AGREE, PARTIAL, CONFLICT, MISSING = "agree", "partial", "conflict", "missing"


def compare_features(a: PersonRecord, b: PersonRecord, w: Weights) -> list[dict[str, Any]]:
    """One entry per feature: result and its effect on the score."""
    return [
        _birth_date(a.birth_date, b.birth_date, w),
        _simple(
            "nationality", a.nationality, b.nationality, w.nationality_agree, w.nationality_conflict
        ),
        _simple("gender", a.gender, b.gender, 0.0, w.gender_conflict),
        _simple("id_number", a.id_number, b.id_number, w.id_agree, w.id_conflict),
    ]


def _feature(name: str, result: str, a: str | None, b: str | None, effect: float) -> dict[str, Any]:
    return {"feature": name, "result": result, "query": a, "match": b, "effect": effect}


def _simple(
    name: str, a: str | None, b: str | None, agree: float, conflict: float
) -> dict[str, Any]:
    if a is None or b is None:
        return _feature(name, MISSING, a, b, 0.0)
    if a == b:
        return _feature(name, AGREE, a, b, agree)
    return _feature(name, CONFLICT, a, b, conflict)


def _birth_date(a: str | None, b: str | None, w: Weights) -> dict[str, Any]:
    if a is None or b is None:
        return _feature("birth_date", MISSING, a, b, 0.0)
    pa, pb = a.split("-"), b.split("-")
    if pa[0] != pb[0]:
        return _feature("birth_date", CONFLICT, a, b, w.birth_year_conflict)
    common = min(len(pa), len(pb))
    if pa[:common] != pb[:common]:
        return _feature("birth_date", CONFLICT, a, b, w.birth_date_conflict)
    if len(pa) == len(pb) == 3:
        return _feature("birth_date", AGREE, a, b, w.birth_date_agree)
    return _feature("birth_date", PARTIAL, a, b, w.birth_date_partial)


def feature_effect(a: PersonRecord, b: PersonRecord, w: Weights) -> float:
    """``sum(f["effect"] for f in compare_features(a, b, w))`` without building the entries: the
    index's path, where most candidates are dropped on the score alone. The same additions in the
    same order, so the float is the same."""
    total = 0.0
    if a.birth_date is not None and b.birth_date is not None:
        pa, pb = a.birth_date.split("-"), b.birth_date.split("-")
        if pa[0] != pb[0]:
            total += w.birth_year_conflict
        else:
            common = min(len(pa), len(pb))
            if pa[:common] != pb[:common]:
                total += w.birth_date_conflict
            elif len(pa) == len(pb) == 3:
                total += w.birth_date_agree
            else:
                total += w.birth_date_partial
    else:
        total += 0.0
    total += _simple_effect(
        a.nationality, b.nationality, w.nationality_agree, w.nationality_conflict
    )
    total += _simple_effect(a.gender, b.gender, 0.0, w.gender_conflict)
    total += _simple_effect(a.id_number, b.id_number, w.id_agree, w.id_conflict)
    return total


def _simple_effect(a: str | None, b: str | None, agree: float, conflict: float) -> float:
    if a is None or b is None:
        return 0.0
    return agree if a == b else conflict


def most_effect(a: PersonRecord, w: Weights) -> float:
    """The largest ``feature_effect(a, b, w)`` any record ``b`` can give: each feature ``a`` has
    adds its largest outcome (or nothing, when ``b`` lacks it). The index uses it to leave out
    names that cannot lift an entry to its floor."""
    total = 0.0
    if a.birth_date is not None:
        total += max(
            0.0,
            w.birth_date_agree,
            w.birth_date_partial,
            w.birth_year_conflict,
            w.birth_date_conflict,
        )
    if a.nationality is not None:
        total += max(0.0, w.nationality_agree, w.nationality_conflict)
    if a.gender is not None:
        total += max(0.0, w.gender_conflict)
    if a.id_number is not None:
        total += max(0.0, w.id_agree, w.id_conflict)
    return total
