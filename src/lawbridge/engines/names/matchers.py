"""Name matchers (plug-ins, STYLE.md §3.3): ``NAME``, a documented ``CONFIG`` and ``examples()``."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar

from lawbridge.engines.names.compare import (
    GATE_CAP,
    NO_MATCH,
    Comparison,
    NameMatch,
    Weights,
    best_name_match,
    best_query_match,
)
from lawbridge.engines.names.features import compare_features, feature_effect, most_effect
from lawbridge.engines.names.prepared import PreparedName, PreparedRecord, prepare_record
from lawbridge.engines.names.record import PersonRecord
from lawbridge.errors import InvalidInput

DEFAULT_THRESHOLD = 0.75


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Options of the ``lawbridge_v1`` matcher; every field is documented in ``CONFIG``."""

    threshold: float = DEFAULT_THRESHOLD
    birth_date_agree: float = 0.05
    birth_date_partial: float = 0.02
    birth_year_conflict: float = -0.45
    birth_date_conflict: float = -0.3
    id_agree: float = 0.15
    id_conflict: float = -0.35
    nationality_agree: float = 0.02
    nationality_conflict: float = -0.05
    gender_conflict: float = -0.15

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise InvalidInput("threshold: must be in (0, 1]")
        for field in fields(self):
            if field.name != "threshold" and not -1.0 <= getattr(self, field.name) <= 1.0:
                raise InvalidInput(f"{field.name}: must be in [-1, 1]")

    def weights(self) -> Weights:
        return Weights(**{k: v for k, v in asdict(self).items() if k != "threshold"})


class LawbridgeV1Matcher:
    """Cross-script person matching: Hanzi, pinyin, Wade-Giles, Cantonese, Korean, anyascii'd
    scripts; nicknames, initials, typos; birth date, identifier, gender and nationality evidence.
    """

    NAME: ClassVar[str] = "lawbridge_v1"
    CONFIG: ClassVar[dict[str, str]] = {
        "threshold": "score at or above which a pair is an alert",
        "birth_date_agree": "added when both full birth dates agree",
        "birth_date_partial": "added when the dates agree as far as the less precise one goes",
        "birth_year_conflict": "added when the birth years differ (strong evidence against)",
        "birth_date_conflict": "added when the years agree but month or day differ",
        "id_agree": "added when the identifiers are equal (letters and digits compared)",
        "id_conflict": "added when both have identifiers and they differ",
        "nationality_agree": "added when the nationalities are equal",
        "nationality_conflict": "added when they differ (weak evidence)",
        "gender_conflict": "added when the genders differ (moderate evidence)",
    }

    def __init__(self, config: MatchConfig | None = None) -> None:
        self.config = config or MatchConfig()
        self._weights = self.config.weights()

    @property
    def config_hash(self) -> str:
        canonical = json.dumps({"name": self.NAME, **asdict(self.config)}, sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    def prepare(self, record: PersonRecord) -> PreparedRecord:
        """Forms and keys of every name (cached per name string)."""
        if isinstance(record, PreparedRecord):
            return record
        return prepare_record(record)

    def compare(
        self, a: PersonRecord | PreparedRecord, b: PersonRecord | PreparedRecord
    ) -> Comparison:
        pa, pb = self.prepare(a), self.prepare(b)  # type: ignore[arg-type]
        comparison = self.conclude(pa, pb.record, best_name_match(pa, pb))
        assert comparison is not None  # noqa: S101 - floor 0.0 keeps every score
        return comparison

    def compare_above(
        self, a: PreparedRecord, b: PreparedRecord, floor: float
    ) -> Comparison | None:
        """``compare(a, b)`` if its score is at least ``floor``, else None, without building an
        explanation for pairs below (the index's path: most candidates fall short)."""
        return self.conclude(a, b.record, best_name_match(a, b), floor)

    def name_match(
        self, query: PreparedRecord, name: PreparedName, *, han_only: bool = False
    ) -> NameMatch:
        """The best meeting of any of the query's names with one name of an entry: what the
        index computes once per distinct name, however many entries carry it. ``han_only``:
        the query and the entry both write a name in Hanzi (see ``best_name_match``)."""
        return best_query_match(query, name, han_only=han_only)

    def least_name_score(self, query: PersonRecord, floor: float) -> float:
        """A name score below which no entry can reach ``floor`` through that name, whatever
        its other features (``bound`` adds at most ``most_effect``; the margin covers rounding
        to 4 places and the order of the additions)."""
        return floor - most_effect(query, self._weights) - 0.001

    def bound(self, found: NameMatch, query: PersonRecord, entry: PersonRecord) -> float:
        """The score ``compare`` gives when ``found`` is the best name match (no explanation)."""
        return _final(found, feature_effect(query, entry, self._weights))

    def conclude(
        self, query: PreparedRecord, entry: PersonRecord, found: NameMatch, floor: float = 0.0
    ) -> Comparison | None:
        """The comparison, given the best name match: features, score and explanation; None if
        the score is below ``floor``."""
        features = compare_features(query.record, entry, self._weights)
        score = _final(found, sum(f["effect"] for f in features))
        if score < floor:
            return None
        explanation = _explain(query.record, entry, found, features, score, self.config.threshold)
        return Comparison(score, explanation)

    @staticmethod
    def examples() -> list[tuple[dict[str, Any], dict[str, Any], bool]]:
        """(record, record, same person?) pairs every registered matcher must get right."""
        return [
            ({"name": "郭声琨"}, {"name": "Kuo Sheng-kun"}, True),
            ({"name": "郭聲琨"}, {"name": "SHENGKUN GUO"}, True),
            (
                {"name": "王伟", "birth_date": "1962"},
                {"name": "Wang Wei", "birth_date": "1962-05-01"},
                True,
            ),
            ({"name": "王伟", "birth_date": "1962"}, {"name": "王伟", "birth_date": "1985"}, False),
            ({"name": "Robert Smith"}, {"name": "Bob Smith"}, True),
            ({"name": "Zhang Wei"}, {"name": "Zhang Min"}, False),
            ({"name": "Владимир Путин"}, {"name": "Vladimir Putin"}, True),
            ({"name": "Maria Gonzalez"}, {"name": "Tanaka Hiroshi"}, False),
        ]


Matcher = LawbridgeV1Matcher


def _final(found: NameMatch, effect: float) -> float:
    score = found.score + effect
    if found is NO_MATCH:
        score = min(score, GATE_CAP)
    return round(min(1.0, max(0.0, score)), 4)


def _explain(
    a: PersonRecord,
    b: PersonRecord,
    found: NameMatch,
    features: list[dict[str, Any]],
    score: float,
    threshold: float,
) -> dict[str, Any]:
    if (
        found.query is None
        or found.match is None
        or found.query_form is None
        or found.match_form is None
    ):
        names: dict[str, Any] = {
            "query": a.name,
            "match": b.name,
            "via": [],
            "score": 0.0,
        }
        what = "the names do not meet"
    else:
        via = [
            v for v in dict.fromkeys((found.query_form.via, found.match_form.via)) if v != "latin"
        ]
        names = {
            "query": found.query.text,
            "match": found.match.text,
            "via": via or ["latin"],
            "forms": [" ".join(found.query_form.tokens), " ".join(found.match_form.tokens)],
            "score": round(found.score, 4),
        }
        what = f"names {names['query']!r} and {names['match']!r} score {names['score']:.2f}"
        if via:
            what += f" ({', '.join(via)})"
    moved = [f"{f['feature']} {f['result']}" for f in features if f["result"] != "missing"]
    verdict = "above" if score >= threshold else "below"
    summary = (
        f"{what}; "
        + (", ".join(moved) + "; " if moved else "")
        + f"{score:.2f} is {verdict} the threshold {threshold:.2f}."
    )
    return {"names": names, "features": features, "summary": summary}
