"""Outgoing payloads for the transfer guard: text or a JSON value, scanned string by string.

A JSON payload is walked in document order; every string (and every number, as its JSON text) is a
*leaf*, and so is every object key. Each leaf is scanned by the :data:`Detector`; a key such as
``phone`` or ``身份证号`` is a *hint* for the values under it: a non-empty value in which the detector
finds nothing is taken whole as that category (``{"name": "Alice"}`` needs no name recogniser to be
a PERSON). Redaction rebuilds the same structure with the leaves replaced; a number that had to be
redacted becomes a string, and redacted keys that collide get a ``~2``, ``~3`` … suffix.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lawbridge.engines.pii.operators import Operator, redact, redact_until_clean
from lawbridge.errors import InvalidInput
from lawbridge.workflows.pii_hints import exact_hint

Detector = Callable[[str], Iterable[tuple[str, int, int]]]
MAX_PAYLOAD_BYTES = 1_000_000
MAX_DEPTH = 64

NUMERIC_HINTS = frozenset(
    {"PHONE", "CN_RESIDENT_ID", "CREDIT_CARD", "US_SSN", "IBAN", "BANK_ACCOUNT", "PASSPORT"}
)


@dataclass(frozen=True, slots=True)
class Leaf:
    text: str
    hint: str | None


def hint_of(key: str) -> str | None:
    return exact_hint(key)


def canonical_bytes(payload: Any) -> bytes:
    """The bytes that are hashed and measured: text as UTF-8, JSON in canonical form."""
    if isinstance(payload, str):
        data = payload.encode("utf-8", "surrogatepass")
    else:
        try:
            text = json.dumps(
                payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
            )
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"the payload is not a JSON value: {exc}") from exc
        data = text.encode("utf-8", "surrogatepass")
    if len(data) > MAX_PAYLOAD_BYTES:
        raise InvalidInput(
            f"the payload is {len(data)} bytes; at most {MAX_PAYLOAD_BYTES} are checked at once",
            {"field": "payload"},
        )
    return data


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def leaves(payload: Any) -> list[Leaf]:
    """Every string, number and key of ``payload`` in document order (the order :func:`rebuild`
    visits them)."""
    found: list[Leaf] = []
    _walk(payload, None, 0, found)
    return found


def _walk(value: Any, hint: str | None, depth: int, found: list[Leaf]) -> None:
    if depth > MAX_DEPTH:
        raise InvalidInput(f"the payload nests deeper than {MAX_DEPTH} levels")
    if isinstance(value, str):
        found.append(Leaf(value, hint))
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidInput("the payload holds a number JSON cannot carry")
        found.append(Leaf(json.dumps(value), hint))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidInput("object keys must be strings")
            found.append(Leaf(key, None))
            _walk(item, hint_of(key) or hint, depth + 1, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _walk(item, hint, depth + 1, found)
    else:
        raise InvalidInput(f"the payload holds a {type(value).__name__}, not a JSON value")


def spans_of(leaf: Leaf, detector: Detector) -> list[tuple[str, int, int]]:
    """What the detector finds in one leaf; failing that, the key's hint over the whole value."""
    found = [(str(t), int(s), int(e)) for t, s, e in detector(leaf.text)]
    if found or leaf.hint is None:
        return found
    stripped = leaf.text.strip()
    if not stripped:
        return []
    if leaf.hint in NUMERIC_HINTS and sum(c.isdigit() for c in stripped) < 4:
        return []
    if not any(c.isalnum() for c in stripped):
        return []
    start = leaf.text.index(stripped)
    return [(leaf.hint, start, start + len(stripped))]


def scan(payload: Any, detector: Detector) -> list[list[tuple[str, int, int]]]:
    """Spans per leaf, in :func:`leaves` order."""
    return [spans_of(leaf, detector) for leaf in leaves(payload)]


def count_categories(spans: Iterable[list[tuple[str, int, int]]]) -> dict[str, int]:
    counts = Counter(kind for found in spans for kind, _, _ in found)
    return dict(sorted(counts.items()))


def redact_payload(
    payload: Any,
    spans: list[list[tuple[str, int, int]]],
    operators: Mapping[str, Operator],
    detector: Detector,
) -> Any:
    """``payload`` with the spans of the types in ``operators`` redacted; the same structure.
    With idempotent operators each leaf is redacted until the detector finds none of those types
    in it (``fake`` and ``encrypt`` output is redacted once: a fake is detected by design)."""
    queue = iter(spans)
    settle = all(operator.IDEMPOTENT for operator in operators.values())

    def replace(text: str) -> str:
        found = next(queue)
        if not any(kind in operators for kind, _, _ in found):
            return text
        once = redact(text, found, operators)[0]
        return redact_until_clean(once, detector, operators) if settle else once

    return _rebuild(payload, replace)


def _rebuild(value: Any, replace: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        text = json.dumps(value)
        new = replace(text)
        return value if new == text else new
    if isinstance(value, Mapping):
        rebuilt: dict[str, Any] = {}
        for key, item in value.items():
            new_key = _free_key(rebuilt, replace(key))
            rebuilt[new_key] = _rebuild(item, replace)
        return rebuilt
    return [_rebuild(item, replace) for item in value]


def _free_key(taken: Mapping[str, Any], key: str) -> str:
    if key not in taken:
        return key
    n = 2
    while f"{key}~{n}" in taken:
        n += 1
    return f"{key}~{n}"
