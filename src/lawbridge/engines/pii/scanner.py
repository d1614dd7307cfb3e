"""The one pass over a text: every recogniser's regex patterns in one hyperscan database and every
dictionary word in a second (a literal set, run over the lower-cased text), so the cost grows
linearly with the text's length.

hyperscan reports UTF-8 *byte* offsets and has no look-arounds: the patterns it runs are triggers
(``Pattern.hs``), and each hit is confirmed and cut to its exact character span by the pattern's
Python regex in a window of bounded size around the hit. A pattern's ``gate`` (a part every match
contains) runs in the same database, and a window in which no gate match ends is not searched.
Byte offsets become character offsets by counting the characters before them (nothing to do for
ASCII text).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Any, NamedTuple

import hyperscan

from lawbridge.engines.pii.base import CONTEXT_AFTER, CONTEXT_BEFORE, Pattern, Recognizer

#: Characters of an ASCII word: a keyword starting or ending with one may not continue one.
_ASCII_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LOOKAHEAD = 2  # characters past a hit that a pattern's look-ahead may need to see
_LONGEST_WORD = (
    24  # characters: longer than any context word (a word after a value may end this far)
)
#: Anchors for nearest-word context, looked up whatever the recognisers declare.
_ANCHORS = ("日期", "date", "时间", "time")

Raw = list[tuple[int, int, int]]  # (expression id, start, end) as hyperscan reported them


#: A confirmed regex match: the recogniser's index, its pattern and the match (chunk offsets).
PatternHit = tuple[int, Pattern, re.Match[str]]


class _Rule(NamedTuple):
    """What confirming a trigger of one pattern needs, looked up once per hit."""

    owner: int
    pattern: Pattern
    back: int
    reach: int  # ``pattern.reach`` plus the look-ahead margin
    gated: bool


class _Word(NamedTuple):
    """A dictionary word and whether its first / last character is an ASCII letter or digit."""

    text: str
    size: int
    ascii_head: bool
    ascii_tail: bool
    owned: bool  # some recogniser handles its every occurrence (``Recognizer.keywords``)


def _collect(index: int, start: int, end: int, flags: int, found: Any) -> None:
    """hyperscan's match handler: ``found`` (the scan's context) is the ``Raw`` list."""
    found.append((index, start, end))


class Scanner:
    """Compiled once from the recognisers; :meth:`scan_patterns` and :meth:`scan_keywords` per text."""

    def __init__(self, recognizers: Sequence[Recognizer]) -> None:
        self._rules = [
            _Rule(owner, p, p.back, p.reach + _LOOKAHEAD, p.gate is not None)
            for owner, recognizer in enumerate(recognizers)
            for p in recognizer.PATTERNS
        ]
        self._database = _compile([rule.pattern for rule in self._rules])
        self._scratch = hyperscan.Scratch(self._database) if self._database else None
        self.keyword_owners: dict[str, list[int]] = {}
        vocabulary: dict[str, None] = {}  # insertion-ordered set
        for owner, recognizer in enumerate(recognizers):
            for word in (*recognizer.keywords(), *recognizer.CONTEXT, *recognizer.VETO):
                vocabulary[word.lower()] = None
            for word in recognizer.keywords():
                self.keyword_owners.setdefault(word.lower(), []).append(owner)
        vocabulary.update(dict.fromkeys(_ANCHORS))
        self._words = [
            _Word(
                word,
                len(word),
                word[0] in _ASCII_WORD,
                word[-1] in _ASCII_WORD,
                word in self.keyword_owners,
            )
            for word in vocabulary
            if word
        ]
        self._keywords = _compile_words([word.text for word in self._words])
        self._keyword_scratch = hyperscan.Scratch(self._keywords)

    def scan_patterns(
        self, text: str, near: dict[int, list[int]] | None = None
    ) -> list[PatternHit]:
        """Every pattern's confirmed matches, de-duplicated, in the order hyperscan met them.

        ``near`` maps a rule index (:meth:`rules_of`) to the sorted end offsets of the words
        its matches need beside them: a trigger with none of them within ``CONTEXT_BEFORE``
        before or ``CONTEXT_AFTER`` after its window is not confirmed (an empty list: none is)."""
        if self._database is None or not text:
            return []
        data = text.encode("utf-8", "replace")  # lone surrogates -> "?", one byte per character
        raw: Raw = []
        self._database.scan(data, match_event_handler=_collect, context=raw, scratch=self._scratch)
        if raw and len(data) != len(text):
            chars = _char_offsets(
                data, [offset for _, start, end in raw for offset in (start, end)]
            )
            raw = [(index, chars[start], chars[end]) for index, start, end in raw]
        count = len(self._rules)
        gates: dict[int, list[int]] = {}
        for index, _, end in raw:
            if index >= count:
                gates.setdefault(index - count, []).append(end)
        for ends in gates.values():
            ends.sort()
        return self._confirm(text, raw, gates, near or {})

    def rules_of(self, owner: int, needs_context: bool = True) -> frozenset[int]:
        """The rule indexes of recogniser ``owner``'s patterns (those that need context only)."""
        return frozenset(
            i
            for i, rule in enumerate(self._rules)
            if rule.owner == owner and (rule.pattern.needs_context or not needs_context)
        )

    def _confirm(
        self, text: str, raw: Raw, gates: dict[int, list[int]], near: dict[int, list[int]]
    ) -> list[PatternHit]:
        """Each trigger's first match (every match for a pattern that may start before its
        trigger) by the Python regex in the trigger's window, each match reported once."""
        rules, count, size = self._rules, len(self._rules), len(text)
        hits: list[PatternHit] = []
        seen: set[tuple[int, int, int]] = set()
        for index, first, last in raw:
            if index >= count:
                continue  # a gate
            owner, pattern, back, reach, gated = rules[index]
            start = first - back if first > back else 0
            stop = last + reach if last + reach < size else size
            words = near.get(index)
            if words is not None:  # a context word must end in reach of the window
                i = bisect_left(words, start - CONTEXT_BEFORE)
                if i == len(words) or words[i] > stop + CONTEXT_AFTER + _LONGEST_WORD:
                    continue
            if gated and not _gate_inside(gates.get(index), start, stop):
                continue
            if back:
                matches = list(pattern.regex.finditer(text, start, stop))
            else:
                match = pattern.regex.search(text, start, stop)
                matches = [] if match is None else [match]
            for match in matches:
                key = (index, *match.span())
                if key not in seen:
                    seen.add(key)
                    hits.append((owner, pattern, match))
        return hits

    def scan_keywords(self, text: str) -> list[tuple[int, int, str]]:
        """Dictionary words as (end, start, word), end exclusive, sorted by end then length."""
        return self.scan_keywords_owned(text)[0]

    def scan_keywords_owned(
        self, text: str
    ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
        """:meth:`scan_keywords`, and apart the occurrences of the words that recognisers handle
        (``keyword_owners``), in the order found.

        The words are looked for in the lower-cased text with ``_`` read as a space, so field
        names match their words ("birth_date" holds "birth date"); a word that starts or ends with
        an ASCII letter or digit must not continue an ASCII word there ("on" is not in "month")."""
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        lowered = lowered.replace("_", " ")
        data = lowered.encode("utf-8", "replace")
        raw: Raw = []
        self._keywords.scan(
            data, match_event_handler=_collect, context=raw, scratch=self._keyword_scratch
        )
        if raw and len(data) != len(lowered):
            chars = _char_offsets(data, [end for _, _, end in raw])
            raw = [(index, 0, chars[end]) for index, _, end in raw]
        found: list[tuple[int, int, str]] = []
        owned: list[tuple[int, int, str]] = []
        size = len(lowered)
        words = self._words
        for index, _, end in raw:
            word = words[index]
            start = end - word.size
            if word.ascii_head and start > 0 and lowered[start - 1] in _ASCII_WORD:
                continue
            if word.ascii_tail and end < size and lowered[end] in _ASCII_WORD:
                continue
            item = (end, start, word.text)
            found.append(item)
            if word.owned:
                owned.append(item)
        found.sort(key=_by_end_then_length)
        return found, owned


def _gate_inside(ends: list[int] | None, start: int, stop: int) -> bool:
    """Whether a gate match ends in ``(start, stop]``."""
    if not ends:
        return False
    i = bisect_right(ends, start)
    return i < len(ends) and ends[i] <= stop


def _by_end_then_length(item: tuple[int, int, str]) -> tuple[int, int]:
    return item[0], item[0] - item[1]


def _compile(patterns: list[Pattern]) -> hyperscan.Database | None:
    """The triggers (ids 0…n-1, with start of match) and then the gates (id n + the pattern's)."""
    if not patterns:
        return None
    som = hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_UTF8
    expressions = [(i, p.hs, som, p.caseless) for i, p in enumerate(patterns)]
    expressions += [
        (len(patterns) + i, p.gate, hyperscan.HS_FLAG_UTF8, p.caseless)
        for i, p in enumerate(patterns)
        if p.gate is not None
    ]
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[expression.encode("utf-8") for _, expression, _, _ in expressions],
        ids=[i for i, _, _, _ in expressions],
        elements=len(expressions),
        flags=[f | (hyperscan.HS_FLAG_CASELESS if c else 0) for _, _, f, c in expressions],
    )
    return database


def _compile_words(words: list[str]) -> hyperscan.Database:
    """Literal byte strings (UTF-8), every occurrence reported by its end offset."""
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[word.encode("utf-8") for word in words],
        ids=list(range(len(words))),
        elements=len(words),
        flags=0,
        literal=True,
    )
    return database


def _char_offsets(data: bytes, wanted: list[int]) -> dict[int, int]:
    """Byte offset -> character offset for every offset in ``wanted`` (linear in the text)."""
    offsets: dict[int, int] = {}
    chars = previous = 0
    for offset in sorted(set(wanted)):
        chars += len(data[previous:offset].decode("utf-8", "replace"))
        offsets[offset] = chars
        previous = offset
    return offsets
