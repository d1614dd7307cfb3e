"""``NameIndex``: screening a record against a large list by blocking keys, exact w.r.t. brute force.

The index keeps each distinct name string once (a list of a hundred thousand people has many Wang
Weis) with the entries that carry it. Every key of every form of a name points to the name
(``array('I')`` postings of name numbers). A query form with two or more full tokens fetches the
names that share keys on two distinct query tokens, plus the names having a form with at most one
full token that share any key; a query form with one full token fetches every name sharing a key.
That is exactly the gate ``compare.passes_gate`` applies before it scores a pair of forms, and a
pair of records with no form through the gate scores at most ``GATE_CAP``: so for any ``floor``
above ``GATE_CAP`` every entry scoring ``>= floor`` by brute force carries one of the fetched
names. Each fetched name is scored once against the query; each of its entries then gets the best
score of its names plus its features (birth date, identifiers …), which is what ``compare`` gives.
A lower floor falls back to brute force.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from lawbridge.engines.names.compare import (
    COMPILED,
    GATE_CAP,
    NO_MATCH,
    Comparison,
    NameMatch,
    writes_hanzi,
)
from lawbridge.engines.names.matchers import Matcher
from lawbridge.engines.names.prepared import (
    PreparedForm,
    PreparedName,
    PreparedRecord,
    prepare_name,
)
from lawbridge.engines.names.record import PersonRecord
from lawbridge.errors import InvalidInput

if COMPILED:
    from lawbridge.engines.names import _speedups

COMPACT_CACHE = 4096  # prepared names a compact index keeps for its queries
_prepare_uncached = prepare_name.__wrapped__


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    score: float
    comparison: Comparison

    def alert(self, threshold: float) -> bool:
        return self.score >= threshold


class NameIndex:
    """An in-memory screening index over the distinct names of a list."""

    def __init__(self, matcher: Matcher | None = None, *, compact: bool = False) -> None:
        """``compact``: keep each distinct name's text only, not its prepared forms; a name is
        prepared again when a query meets it (through the per-name cache). Slower queries, a
        fraction of the memory: for lists of a million entries."""
        self.matcher = matcher or Matcher()
        self.compact = compact
        # A compact index prepares names outside the process-wide cache (a million names would
        # keep it full) and keeps its own small one for the names its queries meet.
        self._prepare = lru_cache(maxsize=COMPACT_CACHE)(_prepare_uncached) if compact else None
        # ... and, for the compiled loop, those names laid out for it
        self._prepare_compiled = (
            lru_cache(maxsize=COMPACT_CACHE)(self._compile) if compact and COMPILED else None
        )
        self._entries: list[tuple[str, PersonRecord, tuple[int, ...]] | None] = []
        self._by_id: dict[str, int] = {}
        self._names: list[PreparedName | str] = []
        # name number -> the name laid out for the compiled scorer (not kept by a compact index)
        self._compiled: list[_speedups.CompiledName] | None = (
            [] if COMPILED and not compact else None
        )
        self._name_ids: dict[str, int] = {}
        self._carriers: list[array[int]] = []  # name number -> entry slots (dead ones too)
        self._name_han = bytearray()  # name number -> written in Hanzi
        self._slot_han = bytearray()  # entry slot -> one of its names is written in Hanzi
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
        # Every name is prepared (and so validated) before anything changes.
        names = self._prepared_names(record)
        if entry_id in self._by_id:
            self.remove(entry_id)
        slot = len(self._entries)
        numbers = tuple(self._name_number(text, name) for text, name in names)
        self._entries.append((entry_id, record, numbers))
        self._slot_han.append(any(self._name_han[number] for number in numbers))
        self._by_id[entry_id] = slot
        for number in numbers:
            carriers = self._carriers[number]
            if not carriers or carriers[-1] != slot:
                carriers.append(slot)

    def _prepared_names(self, record: PersonRecord) -> list[tuple[str, PreparedName | None]]:
        """(text, prepared) of each distinct name; a compact index skips names it holds."""
        if not self.compact:
            return [(name.text, name) for name in self.matcher.prepare(record).names]
        texts = dict.fromkeys((record.name, *record.aliases))
        return [(t, None if t in self._name_ids else _prepare_uncached(t)) for t in texts]

    def _name_number(self, text: str, name: PreparedName | None) -> int:
        number = self._name_ids.get(text)
        if number is not None:
            return number
        assert name is not None  # noqa: S101 - _prepared_names prepares every new name
        number = len(self._names)
        self._name_ids[text] = number
        self._names.append(text if self.compact else name)
        if self._compiled is not None:
            self._compiled.append(_speedups.CompiledName(name))
        self._name_han.append(name.han)
        self._carriers.append(array("I"))
        for form in name.forms:
            self._post(self._postings, form.keys, number)
            if form.full <= 1:
                self._post(self._short, form.keys, number)
        return number

    def extend(self, entries: Iterable[tuple[str, PersonRecord]]) -> None:
        for entry_id, record in entries:
            self.add(entry_id, record)

    @staticmethod
    def _post(postings: dict[str, array[int]], keys: Iterable[str], number: int) -> None:
        for key in keys:
            found = postings.get(key)
            if found is None:
                postings[key] = array("I", (number,))
            elif found[-1] != number:
                found.append(number)

    def remove(self, entry_id: str) -> None:
        slot = self._by_id.pop(entry_id, None)
        if slot is None:
            return
        self._entries[slot] = None
        self._dead += 1
        if self._dead > 1000 and self._dead > len(self._by_id):
            self._rebuild()

    def _rebuild(self) -> None:
        live = [entry for entry in self._entries if entry is not None]
        self._entries, self._by_id, self._dead = [], {}, 0
        self._names, self._name_ids, self._carriers = [], {}, []
        self._compiled = [] if self._compiled is not None else None
        self._name_han, self._slot_han = bytearray(), bytearray()
        self._postings, self._short = {}, {}
        for entry_id, record, _ in live:
            self.add(entry_id, record)

    def _compile(self, text: str) -> _speedups.CompiledName:
        assert self._prepare is not None  # noqa: S101 - only a compact index compiles on demand
        return _speedups.CompiledName(self._prepare(text))

    def _name(self, number: int) -> PreparedName:
        stored = self._names[number]
        if isinstance(stored, str):
            assert self._prepare is not None  # noqa: S101 - names are stored as text when compact
            return self._prepare(stored)
        return stored

    def search(
        self, record: PersonRecord, *, limit: int = 10, floor: float = 0.5
    ) -> list[Candidate]:
        """Best first (score desc, then id), at most ``limit``, each scoring ``>= floor``."""
        matcher = self.matcher
        query = matcher.prepare(record)
        numbers: Iterable[int] | None = None
        if floor <= GATE_CAP:
            numbers = range(len(self._names))
        elif COMPILED:
            forms = [form for name in query.names for form in name.forms]
            numbers = _speedups.candidate_names(
                forms, self._postings, self._short, len(self._names)
            )
        if numbers is None:  # ascending: of an entry's names with equal scores, the first explains
            numbers = sorted(self.candidate_names(query))
        han_query = writes_hanzi(query)
        best: dict[int, NameMatch]
        if COMPILED and type(matcher).name_match is Matcher.name_match:
            # Names scoring below ``least`` cannot lift an entry to ``floor``: left out of ``best``
            # (their entries would be dropped below anyway), which spares building their matches.
            least = -1.0
            if floor > GATE_CAP and type(matcher).bound is Matcher.bound:
                least = matcher.least_name_score(query.record, floor)
            best = _speedups.meet_names(
                query,
                numbers,
                self._compiled,
                self._names,
                self._name_han,
                self._carriers,
                self._slot_han,
                han_query,
                self._prepare_compiled,
                least,
            )
        else:
            best = {}
            for number in numbers:
                self._meet(query, number, han_query, best)
        if floor <= GATE_CAP:  # entries whose names meet nowhere still score their features
            for slot in range(len(self._entries)):
                best.setdefault(slot, NO_MATCH)
        ranked = []
        for slot, found in best.items():
            entry = self._entries[slot]
            if entry is None:
                continue
            score = matcher.bound(found, query.record, entry[1])
            if score >= floor:
                ranked.append((-score, entry[0], slot))
        ranked.sort()
        out = []
        for _, entry_id, slot in ranked[:limit]:
            entry = self._entries[slot]
            assert entry is not None  # noqa: S101 - ranked holds live slots only
            comparison = matcher.conclude(query, entry[1], best[slot])
            assert comparison is not None  # noqa: S101 - floor 0.0 keeps every score
            out.append(Candidate(entry_id, comparison.score, comparison))
        return out

    def _meet(
        self, query: PreparedRecord, number: int, han_query: bool, best: dict[int, NameMatch]
    ) -> None:
        """Score one distinct name against the query; keep it for each entry carrying it where
        it beats the entry's other names. When the query and an entry both write a name in
        Hanzi, only the entry's Hanzi names count (``compare.best_name_match``)."""
        name = self._name(number)
        han_only = han_query and bool(self._name_han[number])  # then every carrier writes Hanzi
        found = self.matcher.name_match(query, name, han_only=han_only)
        if found is NO_MATCH:
            return
        skip_han = han_query and not han_only
        for slot in self._carriers[number]:
            if skip_han and self._slot_han[slot]:
                continue
            seen = best.get(slot)
            if seen is None or found.score > seen.score:
                best[slot] = found

    def candidate_names(self, query: PreparedRecord) -> set[int]:
        """Numbers of every name that may pass the gate with a form of ``query``."""
        out: set[int] = set()
        for name in query.names:
            for form in name.forms:
                out |= self._form_candidates(form)
        return out

    def candidate_slots(self, query: PreparedRecord) -> set[int]:
        """Slots of every live entry carrying a candidate name (how many entries a query meets)."""
        out: set[int] = set()
        for number in self.candidate_names(query):
            out.update(self._carriers[number])
        return {slot for slot in out if self._entries[slot] is not None}

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
