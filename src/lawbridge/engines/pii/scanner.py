"""The one pass over a text: every recogniser's regex patterns in one hyperscan database and every
dictionary word in one Aho-Corasick automaton, so the cost grows linearly with the text's length.

hyperscan reports UTF-8 *byte* offsets and has no look-arounds: the patterns it runs are triggers
(``Pattern.hs``), and each hit is confirmed and cut to its exact character span by the pattern's
Python regex in a window of bounded size around the hit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick  # type: ignore[import-not-found, unused-ignore]
import hyperscan

from lawbridge.engines.pii.base import Pattern, Recognizer

_ASCII_WORD = re.compile(r"[0-9A-Za-z]")
_LOOKAHEAD = 2  # characters past a hit that a pattern's look-ahead may need to see


@dataclass(frozen=True, slots=True)
class PatternHit:
    """A confirmed regex match: the recogniser's index, its pattern and the match (chunk offsets)."""

    owner: int
    pattern: Pattern
    match: re.Match[str]


class Scanner:
    """Compiled once from the recognisers; :meth:`scan_patterns` and :meth:`scan_keywords` per text."""

    def __init__(self, recognizers: Sequence[Recognizer]) -> None:
        self._patterns: list[tuple[int, Pattern]] = [
            (owner, pattern)
            for owner, recognizer in enumerate(recognizers)
            for pattern in recognizer.PATTERNS
        ]
        self._database = _compile([pattern for _, pattern in self._patterns])
        self._scratch = hyperscan.Scratch(self._database) if self._database else None
        self.keyword_owners: dict[str, list[int]] = {}
        self._automaton = ahocorasick.Automaton()
        for owner, recognizer in enumerate(recognizers):
            for word in (*recognizer.keywords(), *recognizer.CONTEXT, *recognizer.VETO):
                self._automaton.add_word(word.lower(), word.lower())
            for word in recognizer.keywords():
                self.keyword_owners.setdefault(word.lower(), []).append(owner)
        for word in ("日期", "date", "时间", "time"):  # anchors for nearest-word context
            self._automaton.add_word(word, word)
        self._automaton.make_automaton()

    def scan_patterns(self, text: str) -> list[PatternHit]:
        """Every pattern's confirmed matches, de-duplicated, in the order hyperscan met them."""
        if self._database is None or not text:
            return []
        data = text.encode("utf-8", "replace")  # lone surrogates -> "?", one byte per character
        raw: list[tuple[int, int, int]] = []

        def on_match(index: int, start: int, end: int, flags: int, context: object) -> None:
            raw.append((index, start, end))

        self._database.scan(data, match_event_handler=on_match, scratch=self._scratch)
        offsets = _char_offsets(data, text, raw)
        return self._confirm(text, raw, offsets)

    def _confirm(
        self, text: str, raw: list[tuple[int, int, int]], offsets: dict[int, int]
    ) -> list[PatternHit]:
        seen: set[tuple[int, int, int]] = set()
        hits: list[PatternHit] = []
        for index, byte_start, byte_end in raw:
            owner, pattern = self._patterns[index]
            start = max(0, offsets[byte_start] - pattern.back)
            stop = min(len(text), offsets[byte_end] + pattern.reach + _LOOKAHEAD)
            for match in pattern.regex.finditer(text, start, stop):
                if (index, match.start(), match.end()) not in seen:
                    seen.add((index, match.start(), match.end()))
                    hits.append(PatternHit(owner, pattern, match))
                if not pattern.back:
                    break
        return hits

    def scan_keywords(self, text: str) -> list[tuple[int, int, str]]:
        """Dictionary words as (end, start, word), end exclusive, sorted by end then length.

        The automaton runs over the lower-cased text with ``_`` read as a space, so field names
        match their words ("birth_date" holds "birth date"); a word that starts or ends with an
        ASCII letter or digit must not continue an ASCII word there ("on" is not in "month")."""
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        lowered = lowered.replace("_", " ")
        found: list[tuple[int, int, str]] = []
        for last, word in self._automaton.iter(lowered):
            start, end = last - len(word) + 1, last + 1
            if _ASCII_WORD.match(word[0]) and start > 0 and _ASCII_WORD.match(lowered[start - 1]):
                continue
            if _ASCII_WORD.match(word[-1]) and end < len(text) and _ASCII_WORD.match(lowered[end]):
                continue
            found.append((end, start, word))
        found.sort(key=lambda item: (item[0], item[0] - item[1]))
        return found


def _compile(patterns: list[Pattern]) -> hyperscan.Database | None:
    if not patterns:
        return None
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    base = hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_UTF8
    database.compile(
        expressions=[pattern.hs.encode("utf-8") for pattern in patterns],
        ids=list(range(len(patterns))),
        elements=len(patterns),
        flags=[base | (hyperscan.HS_FLAG_CASELESS if p.caseless else 0) for p in patterns],
    )
    return database


def _char_offsets(data: bytes, text: str, raw: list[tuple[int, int, int]]) -> dict[int, int]:
    """Byte offset -> character offset for every offset in ``raw`` (linear in the text)."""
    wanted = sorted({offset for _, start, end in raw for offset in (start, end)})
    if len(data) == len(text):
        return {offset: offset for offset in wanted}
    offsets: dict[int, int] = {}
    chars = previous = 0
    for offset in wanted:
        chars += len(data[previous:offset].decode("utf-8", "replace"))
        offsets[offset] = chars
        previous = offset
    return offsets
