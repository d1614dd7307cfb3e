"""The shapes of the pii engine: ``Finding``, ``Pattern``, the ``Scan`` of one text and ``Recognizer``.

A recogniser is a plug-in (STYLE.md §3.3): ``NAME``, ``ENTITY``, ``LANGUAGES``, a documented
``CONFIG``, a docstring and ``examples()``. It declares what the one pass over the text must look
for (``PATTERNS`` for the multi-pattern regex engine, ``KEYWORDS`` for the dictionary automaton) and
turns each hit into findings, reading context from the :class:`Scan` in a bounded window.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

#: Characters that may not touch a number on either side (Python ``\b`` fails beside Hanzi).
ALNUM = "0-9A-Za-z"
DIGIT = "0-9"
CONTEXT_BEFORE = 40
CONTEXT_AFTER = 12


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected span: character offsets into the text, end exclusive."""

    type: str
    start: int
    end: int
    score: float
    recognizer: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "type": self.type, "score": self.score}

    def shifted(self, offset: int) -> Finding:
        return Finding(
            self.type, self.start + offset, self.end + offset, self.score, self.recognizer
        )


@dataclass(frozen=True, slots=True)
class Pattern:
    """A regex candidate: ``regex`` (Python, exact span) and ``hs``, its hyperscan superset trigger."""

    name: str
    regex: re.Pattern[str]
    hs: str
    score: float
    needs_context: bool = False
    caseless: bool = False
    reach: int = 0  # how far past the trigger's end the Python regex may extend
    back: int = 0  # how far before the trigger's start it may begin


def bounded(
    name: str,
    core: str,
    *,
    score: float,
    left: str | None = ALNUM,
    right: str | None = ALNUM,
    needs_context: bool = False,
    caseless: bool = False,
    hs_core: str | None = None,
) -> Pattern:
    """A pattern whose span may not touch the ``left``/``right`` character classes.

    Python gets look-arounds; hyperscan (which has none) consumes one boundary character on each
    side instead, so a run of digits longer than the pattern produces no hit at all. ``hs_core``
    replaces ``core`` there when it uses what hyperscan lacks (back-references).
    """
    hs_left = f"(?:^|[^{left}])" if left else ""
    hs_right = f"(?:[^{right}]|$)" if right else ""
    py_left = f"(?<![{left}])" if left else ""
    py_right = f"(?![{right}])" if right else ""
    flags = re.IGNORECASE if caseless else 0
    return Pattern(
        name,
        re.compile(f"{py_left}(?:{core}){py_right}", flags),
        f"{hs_left}(?:{hs_core or core}){hs_right}",
        score,
        needs_context,
        caseless,
    )


@dataclass(slots=True)
class Scan:
    """What the one pass found in a text: keyword hits (lower-cased words) for context look-ups."""

    text: str
    keywords: Sequence[tuple[int, int, str]] = ()  # (end, start, word), sorted by end
    notes: dict[str, Any] = field(default_factory=dict)
    _ends: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._ends = [end for end, _, _ in self.keywords]

    def words_before(self, pos: int, window: int = CONTEXT_BEFORE) -> Iterator[tuple[int, str]]:
        """Keywords ending in ``[pos - window, pos]``, nearest first: (start, word). A word inside a
        longer one just reported is skipped ("卡号" inside "银行卡号" is not a word of its own)."""
        lo = bisect_left(self._ends, pos - window)
        hi = bisect_right(self._ends, pos)
        shadow = (pos + 1, pos + 1)
        for i in range(hi - 1, lo - 1, -1):
            end, start, word = self.keywords[i]
            if shadow[0] <= start and end <= shadow[1]:
                continue
            shadow = (start, end)
            yield start, word

    def words_after(self, pos: int, window: int = CONTEXT_AFTER) -> Iterator[tuple[int, str]]:
        """Keywords starting in ``[pos, pos + window]`` (ending within ``window`` + their length),
        less those inside a longer keyword that starts at the same place."""
        lo = bisect_left(self._ends, pos + 1)
        hi = bisect_right(self._ends, pos + window + 8)
        starts = [
            (start, -end, word)
            for end, start, word in self.keywords[lo:hi]
            if pos <= start <= pos + window
        ]
        reach = -1
        for start, neg_end, word in sorted(starts):
            if -neg_end <= reach:
                continue
            reach = -neg_end
            yield start, word


#: Characters that end a field: a context word on the far side of one is another field's label.
FIELD_BREAK_AFTER = frozenset(',，;；|\n"。、')


def _crosses_field(gap: str) -> bool:
    """Whether the text between a context word before a value and the value crosses a line break
    (other than a label's own ``:`` + line break) or a JSON field boundary (``", "``): the word
    then labels another field."""
    if '",' in gap:
        return True
    return "\n" in gap and gap.strip() not in (":", "：")  # "Phone:\n" + value is one field


def judge_context(
    scan: Scan, start: int, end: int, context: frozenset[str], veto: frozenset[str]
) -> int:
    """+1 when the nearest relevant word before (or a word just after) is context, -1 when it is a
    veto word, 0 when neither is near. Only words that overlap no part of the candidate count, and
    only words of the candidate's own field (no line break or field separator in between)."""
    for word_start, word in scan.words_before(start):
        if _crosses_field(scan.text[word_start + len(word) : start]):
            break
        if word in veto:
            return -1
        if word in context:
            return 1
    for word_start, word in scan.words_after(end):
        if word_start < end or FIELD_BREAK_AFTER.intersection(scan.text[end:word_start]):
            continue
        if word in veto:
            return -1
        if word in context:
            return 1
    return 0


class Recognizer(ABC):
    """A detector of one entity type. Subclasses set the class variables and ``examples()``."""

    NAME: ClassVar[str]
    ENTITY: ClassVar[str]
    LANGUAGES: ClassVar[tuple[str, ...]] = ("zh", "en")
    CONFIG: ClassVar[dict[str, str]] = {
        "context_boost": "added to a candidate's score when a context word is near",
    }
    PATTERNS: ClassVar[tuple[Pattern, ...]] = ()
    KEYWORDS: ClassVar[tuple[str, ...]] = ()
    CONTEXT: ClassVar[frozenset[str]] = frozenset()
    VETO: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, context_boost: float = 0.3) -> None:
        self.context_boost = context_boost

    def on_pattern(self, pattern: Pattern, match: re.Match[str], scan: Scan) -> Iterable[Finding]:
        """Findings for one regex match: validated, then scored by its context."""
        if not self.validate(match.group(0), pattern):
            return ()
        verdict = judge_context(scan, match.start(), match.end(), self.CONTEXT, self.VETO)
        if verdict < 0 or (pattern.needs_context and verdict == 0):
            return ()
        score = self.base_score(match.group(0), pattern)
        score += self.context_boost if verdict > 0 else 0.0
        return (self.finding(match.start(), match.end(), score),)

    def base_score(self, value: str, pattern: Pattern) -> float:
        """The score of a valid candidate before context; the pattern's by default."""
        return pattern.score

    def keywords(self) -> tuple[str, ...]:
        """Dictionary words whose every occurrence is handed to :meth:`on_keyword`."""
        return self.KEYWORDS

    def on_keyword(self, start: int, end: int, word: str, scan: Scan) -> Iterable[Finding]:
        """Findings triggered by one of ``KEYWORDS`` at ``[start, end)``; none by default."""
        return ()

    def validate(self, value: str, pattern: Pattern) -> bool:
        """Whether the matched text passes the type's checks (check digits, ranges)."""
        return True

    def finding(self, start: int, end: int, score: float) -> Finding:
        return Finding(self.ENTITY, start, end, round(min(score, 1.0), 3), self.NAME)

    @staticmethod
    @abstractmethod
    def examples() -> list[tuple[str, list[str]]]:
        """(text, the exact span texts this recogniser must find in it); [] = must find none."""


def words(*items: str) -> frozenset[str]:
    """A context/veto word set: lower-cased, as the keyword automaton sees the text."""
    return frozenset(item.lower() for item in items)
