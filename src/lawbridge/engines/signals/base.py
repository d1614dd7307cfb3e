"""The shapes every signal type and index share (python-threatexchange's ``SignalType`` and
``SignalTypeIndex``, STYLE.md §2.B).

A *signal* is a string: what a bank stores and an index holds (a hex hash, a normalised text, a
canonical URL, a rule). A :class:`SignalType` turns content into signals (``hash`` for any content,
``hash_reference`` for a known-bad item, which may carry more variants), says whether a query
signal matches a reference signal by **brute force** (``compare``, the reference every index is
tested against) and builds its :class:`SignalIndex` (``new_index``): ``add(signal, ref)``,
``query(signal) -> [IndexMatch]`` (exactly the references ``compare`` matches, unless the index
documents otherwise), ``remove(ref)``, ``serialize()`` and ``deserialize()`` (JSON or npz bytes,
never pickle).
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from lawbridge.errors import InvalidInput

C = TypeVar("C")


@dataclass(frozen=True, slots=True)
class Comparison:
    """A brute-force comparison of a query signal with a reference signal.

    ``distance`` is the signal type's own measure (Hamming bits, 1 - containment, 0 or 1);
    ``score`` is in [0, 1], 1 for identical; ``detail`` explains it (what agreed, where).
    """

    matched: bool
    distance: float
    score: float
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IndexMatch:
    """A reference found by an index query: its ``ref`` and the comparison that matched it."""

    ref: str
    comparison: Comparison

    @property
    def distance(self) -> float:
        return self.comparison.distance


@dataclass(frozen=True, slots=True)
class Example:
    """A pair of contents and whether the signal type must match them (for contract tests)."""

    query: Any
    reference: Any
    matches: bool
    why: str = ""


class SignalIndex(ABC):
    """A searchable set of reference signals, each under a caller's ``ref`` (a bank entry id)."""

    @abstractmethod
    def add(self, signal: str, ref: str) -> None:
        """Add one reference signal; a ``ref`` may carry several signals."""

    @abstractmethod
    def remove(self, ref: str) -> int:
        """Forget every signal of ``ref``; returns how many were removed."""

    @abstractmethod
    def query(self, signal: str) -> list[IndexMatch]:
        """The references matching a query signal, best first, one match per ``ref``."""

    @abstractmethod
    def serialize(self) -> bytes:
        """A portable dump (JSON or npz, never pickle) that :meth:`deserialize` reads back."""

    @classmethod
    @abstractmethod
    def deserialize(cls, data: bytes) -> SignalIndex:
        """Rebuild an index from :meth:`serialize`'s bytes; refuses foreign data."""

    @abstractmethod
    def __len__(self) -> int:
        """How many (signal, ref) pairs the index holds."""


class SignalType(ABC, Generic[C]):
    """A kind of signal: content → signal strings, brute-force comparison, an index.

    Subclasses declare ``NAME`` (a storage key: changed behaviour gets a new name), ``CONFIG``
    (each option of their config dataclass, documented), ``CONTENT`` (``text``, ``image`` or
    ``url``), a docstring and ``examples()``.
    """

    NAME: ClassVar[str]
    CONFIG: ClassVar[dict[str, str]]
    CONTENT: ClassVar[str]

    config: C

    @abstractmethod
    def hash(self, content: Any) -> str:
        """The signal of any content (a post's text, an uploaded image's bytes, a URL)."""

    def hash_reference(self, content: Any) -> str:
        """The signal of known-bad content for a bank; by default the same as :meth:`hash`."""
        return self.hash(content)

    @abstractmethod
    def validate(self, signal: str) -> str:
        """The canonical form of a signal string; :class:`InvalidInput` if malformed."""

    @abstractmethod
    def compare(self, query: str, reference: str) -> Comparison:
        """Brute force: does ``query`` match ``reference``? The truth any index is tested against."""

    @abstractmethod
    def new_index(self) -> SignalIndex:
        """An empty index using this type's configuration."""

    @classmethod
    @abstractmethod
    def examples(cls) -> list[Example]:
        """Matching and non-matching content pairs (both kinds), for contract tests and docs."""

    @property
    def config_hash(self) -> str:
        """16 hex digits naming ``NAME`` + config, recorded with every decision."""
        fields = getattr(self.config, "__dataclass_fields__", {})
        values = {name: _jsonable(getattr(self.config, name)) for name in fields}
        canonical = json.dumps({"name": self.NAME, **values}, sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def load_json(data: bytes, kind: str) -> dict[str, Any]:
    """Parse an index dump written by ``serialize``; :class:`InvalidInput` unless it is ``kind``."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"not a {kind} index dump: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("kind") != kind:
        raise InvalidInput(f"not a {kind} index dump")
    return doc


@contextmanager
def dump_shape(kind: str) -> Iterator[None]:
    """Reading a parsed index dump: a field of the wrong type or shape (``"entries": null``, a
    rule without its ref, a cut array) is :class:`InvalidInput`, not a crash of the caller."""
    try:
        yield
    except InvalidInput:
        raise
    except (TypeError, ValueError, KeyError, IndexError, AttributeError, ArithmeticError) as exc:
        raise InvalidInput(f"{kind} index dump of the wrong shape: {exc}") from exc


def dump_json(kind: str, body: Mapping[str, Any]) -> bytes:
    return json.dumps({"kind": kind, "version": 1, **body}, ensure_ascii=False).encode("utf-8")


def check_ref(ref: str) -> str:
    if not isinstance(ref, str) or not ref:
        raise InvalidInput("ref: must be a non-empty string")
    return ref
