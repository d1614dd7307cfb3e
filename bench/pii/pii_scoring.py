"""Exact-span scoring for the PII benchmark (used by bench/pii_bench.py and its tests).

A predicted span counts as a true positive only when a gold span has the same start, end and type.
Micro precision / recall / F1 are computed from the summed counts; identical predicted spans are
counted once. ``types`` restricts scoring to those types on both sides (the presidio-research set,
where only the mapped types are labelled).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Span = tuple[int, int, str]


def as_spans(items: Iterable[Mapping[str, Any]], types: frozenset[str] | None = None) -> set[Span]:
    out = {(int(s["start"]), int(s["end"]), str(s["type"])) for s in items}
    return {s for s in out if types is None or s[2] in types}


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


class Counts:
    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()

    def add(self, gold: set[Span], pred: set[Span]) -> None:
        for s in gold & pred:
            self.tp[s[2]] += 1
        for s in pred - gold:
            self.fp[s[2]] += 1
        for s in gold - pred:
            self.fn[s[2]] += 1

    def micro(self) -> dict[str, Any]:
        return prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def per_type(self) -> dict[str, dict[str, Any]]:
        types = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        return {t: prf(self.tp[t], self.fp[t], self.fn[t]) for t in types}


def score(
    gold_docs: Sequence[Mapping[str, Any]],
    predictions: Mapping[str, Sequence[Mapping[str, Any]]],
    types: frozenset[str] | None = None,
) -> dict[str, Any]:
    """Micro P/R/F1 overall, per type and per language (documents' ``lang``, when present).

    ``predictions`` maps a document id to its predicted spans; a missing id means no predictions.
    """
    overall = Counts()
    by_lang: dict[str, Counts] = {}
    for doc in gold_docs:
        gold = as_spans(doc["spans"], types)
        pred = as_spans(predictions.get(str(doc["id"]), ()), types)
        overall.add(gold, pred)
        if "lang" in doc:
            by_lang.setdefault(str(doc["lang"]), Counts()).add(gold, pred)
    return {
        "micro": overall.micro(),
        "per_type": overall.per_type(),
        "per_lang": {lang: c.micro() for lang, c in sorted(by_lang.items())},
        "per_lang_type": {lang: c.per_type() for lang, c in sorted(by_lang.items())},
    }


def errors(
    gold_docs: Sequence[Mapping[str, Any]],
    predictions: Mapping[str, Sequence[Mapping[str, Any]]],
    limit: int = 5,
    context: int = 25,
) -> dict[str, list[dict[str, Any]]]:
    """Up to ``limit`` misses and false alarms per type, with the text around them:
    ``{"TYPE": [{"id", "kind": "missed"|"false", "snippet", "expected", "got"}]}``."""
    out: dict[str, list[dict[str, Any]]] = {}
    for doc in gold_docs:
        text = str(doc["text"])
        gold = as_spans(doc["spans"])
        pred = as_spans(predictions.get(str(doc["id"]), ()))
        for kind, spans, other in (("missed", gold - pred, pred), ("false", pred - gold, gold)):
            for s in sorted(spans):
                bucket = out.setdefault(s[2], [])
                if sum(1 for e in bucket if e["kind"] == kind) >= limit:
                    continue
                near = [o for o in other if o[0] < s[1] and s[0] < o[1]]
                bucket.append(
                    {
                        "id": doc["id"],
                        "kind": kind,
                        "snippet": text[max(0, s[0] - context) : s[1] + context],
                        "expected" if kind == "missed" else "got": text[s[0] : s[1]],
                        "got" if kind == "missed" else "expected": [
                            f"{text[o[0] : o[1]]!r} {o[2]}" for o in sorted(near)
                        ],
                    }
                )
    return out
