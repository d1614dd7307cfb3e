"""``NameIndex``: screening a record against a large list by blocking keys, exact w.r.t. brute force.

Every key of every form of an entry's names points to the entry (``array('I')`` postings of slot
numbers). A query form with two or more full tokens fetches the entries that share keys on two
distinct query tokens, plus the entries having a form with at most one full token that share any
key; a query form with one full token fetches every entry sharing a key. That is exactly the gate
``compare.passes_gate`` applies before it scores a pair of forms, and a pair with no form through
the gate scores at most ``GATE_CAP``: so for any ``floor`` above ``GATE_CAP`` every entry scoring
``>= floor`` by brute force is among the fetched ones, and is scored by the same ``compare``.
A lower floor falls back to brute force.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from lawbridge.engines.names.compare import GATE_CAP, Comparison
from lawbridge.engines.names.matchers import Matcher
from lawbridge.engines.names.prepared import PreparedForm, PreparedRecord
from lawbridge.engines.names.record import PersonRecord
from lawbridge.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    score: float
    comparison: Comparison

    def alert(self, threshold: float) -> bool:
        return self.score >= threshold


class NameIndex:
    """An in-memory screening index over prepared records."""

    def __init__(self, matcher: Matcher | None = None, *, compact: bool = False) -> None:
        """``compact``: keep each entry's record only, not its prepared forms; a candidate is
        prepared again when a query meets it (through the per-name cache). Slower queries, a
        fraction of the memory: for lists of a million entries."""
        self.matcher = matcher or Matcher()
        self.compact = compact
        self._slots: list[tuple[str, PreparedRecord | PersonRecord] | None] = []
        self._by_id: dict[str, int] = {}
        self._postings: dict[str, array[int]] = {}
        self._short: dict[str, array[int]] = {}
        self._dead = 0

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def add(self, entry_id: str, record: PersonRecord) -> None:
        """Add an entry; an existing ``entry_id`` is replaced."""
        if not isinstance(entry_id, str) or not entry_id:
            raise InvalidInput("id: a non-empty string is required")
        prepared = self.matcher.prepare(record)
        if entry_id in self._by_id:
            self.remove(entry_id)
        slot = len(self._slots)
        self._slots.append((entry_id, record if self.compact else prepared))
        self._by_id[entry_id] = slot
        for name in prepared.names:
            for form in name.forms:
                self._post(self._postings, form.keys, slot)
                if form.full <= 1:
                    self._post(self._short, form.keys, slot)

    def extend(self, entries: Iterable[tuple[str, PersonRecord]]) -> None:
        for entry_id, record in entries:
            self.add(entry_id, record)

    @staticmethod
    def _post(postings: dict[str, array[int]], keys: Iterable[str], slot: int) -> None:
        for key in keys:
            found = postings.get(key)
            if found is None:
                postings[key] = array("I", (slot,))
            elif found[-1] != slot:
                found.append(slot)

    def remove(self, entry_id: str) -> None:
        slot = self._by_id.pop(entry_id, None)
        if slot is None:
            return
        self._slots[slot] = None
        self._dead += 1
        if self._dead > 1000 and self._dead > len(self._by_id):
            self._compact()

    def _compact(self) -> None:
        live = [entry for entry in self._slots if entry is not None]
        self._slots, self._by_id, self._postings, self._short, self._dead = [], {}, {}, {}, 0
        for entry_id, stored in live:
            self.add(entry_id, stored.record if isinstance(stored, PreparedRecord) else stored)

    def search(
        self, record: PersonRecord, *, limit: int = 10, floor: float = 0.5
    ) -> list[Candidate]:
        """Best first (score desc, then id), at most ``limit``, each scoring ``>= floor``."""
        query = self.matcher.prepare(record)
        if floor <= GATE_CAP:
            slots: Iterable[int] = range(len(self._slots))
        else:
            slots = self.candidate_slots(query)
        found = []
        for slot in slots:
            entry = self._slots[slot]
            if entry is None:
                continue
            stored = entry[1]
            prepared = (
                stored if isinstance(stored, PreparedRecord) else self.matcher.prepare(stored)
            )
            comparison = self.matcher.compare_above(query, prepared, floor)
            if comparison is not None:
                found.append(Candidate(entry[0], comparison.score, comparison))
        found.sort(key=lambda c: (-c.score, c.id))
        return found[:limit]

    def candidate_slots(self, query: PreparedRecord) -> set[int]:
        """Slots of every entry that may pass the gate with a form of ``query``."""
        out: set[int] = set()
        for name in query.names:
            for form in name.forms:
                out |= self._form_candidates(form)
        return out

    def _form_candidates(self, form: PreparedForm) -> set[int]:
        postings = self._postings
        empty: array[int] = array("I")
        if form.full <= 1:
            out: set[int] = set()
            for key in form.keys:
                out.update(postings.get(key, empty))
            return out
        per_token: dict[int, set[int]] = {}
        for key, bits in form.coverage.items():
            hits = postings.get(key)
            if not hits:
                continue
            for i in range(len(form.tokens)):
                if bits >> i & 1:
                    per_token.setdefault(i, set()).update(hits)
        out = set()
        for i, j in combinations(sorted(per_token), 2):
            out |= per_token[i] & per_token[j]
        short = self._short
        for key in form.keys:
            out.update(short.get(key, empty))
        return out
