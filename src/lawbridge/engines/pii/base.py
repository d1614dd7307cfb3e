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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
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
        return new_finding(
            self.type, self.start + offset, self.end + offset, self.score, self.recognizer
        )


@dataclass(frozen=True, slots=True)
class Pending(Finding):
    """A finding whose validation is left to :func:`~lawbridge.engines.pii.analyzer.resolve`:
    ``check`` runs only when no better-supported finding covers the span, so a candidate that
    loses anyway never pays for a slow validator (phone metadata)."""

    check: Callable[[], bool] = field(compare=False, repr=False)

    def shifted(self, offset: int) -> Pending:
        return Pending(
            self.type,
            self.start + offset,
            self.end + offset,
            self.score,
            self.recognizer,
            self.check,
        )

    def settled(self) -> Finding | None:
        """The plain finding when ``check`` passes, else None."""
        if not self.check():
            return None
        return new_finding(self.type, self.start, self.end, self.score, self.recognizer)


_new = object.__new__
#: The slots' own setters: a frozen dataclass's ``__init__`` calls ``object.__setattr__`` per
#: field, which costs twice as much as writing the slots (one finding per candidate is made).
_SET_TYPE, _SET_START, _SET_END, _SET_SCORE, _SET_RECOGNIZER, _SET_CHECK = (
    getattr(cls, name).__set__
    for cls, name in (
        (Finding, "type"),
        (Finding, "start"),
        (Finding, "end"),
        (Finding, "score"),
        (Finding, "recognizer"),
        (Pending, "check"),
    )
)


def new_finding(type_: str, start: int, end: int, score: float, recognizer: str) -> Finding:
    """``Finding(type_, start, end, score, recognizer)``, made faster (the same object)."""
    finding = _new(Finding)
    _SET_TYPE(finding, type_)
    _SET_START(finding, start)
    _SET_END(finding, end)
    _SET_SCORE(finding, score)
    _SET_RECOGNIZER(finding, recognizer)
    return finding


def new_pending(
    type_: str, start: int, end: int, score: float, recognizer: str, check: Callable[[], bool]
) -> Pending:
    """``Pending(type_, start, end, score, recognizer, check)``, made faster (the same object)."""
    pending = _new(Pending)
    _SET_TYPE(pending, type_)
    _SET_START(pending, start)
    _SET_END(pending, end)
    _SET_SCORE(pending, score)
    _SET_RECOGNIZER(pending, recognizer)
    _SET_CHECK(pending, check)
    return pending


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
    #: A hyperscan expression that every match of ``regex`` contains (no look-arounds): a
    #: trigger's window is searched only when a match of it ends inside the window.
    gate: str | None = None


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
    _context: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ends = list(map(_FIRST, self.keywords))

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

    def any_word_near(self, start: int, end: int) -> bool:
        """Whether any keyword ends in reach of ``[start, end)`` (a cheap bound on
        :meth:`context_words`: none near means no context word either)."""
        ends = self._ends
        i = bisect_left(ends, start - CONTEXT_BEFORE)
        return i < len(ends) and ends[i] <= end + CONTEXT_AFTER + 8

    def context_words(self, start: int, end: int) -> tuple[str, ...]:
        """The words that may judge a candidate at ``[start, end)``, in the order they count: those
        before it, nearest first, up to the first one in another field; then those just after it
        with no field break in between. Remembered per span (several patterns share one)."""
        words = self._context.get((start, end))
        if words is None:
            words = self._context[(start, end)] = self._field_words(start, end)
        return words

    def _field_words(self, start: int, end: int) -> tuple[str, ...]:
        """``words_before(start)`` up to a field crossing, then ``words_after(end)`` in the field
        (the same walks, inlined: this runs for every candidate)."""
        ends, keywords, text = self._ends, self.keywords, self.text
        found: list[str] = []
        shadow_start = shadow_end = start + 1
        last = bisect_right(ends, start)  # the words ending at or before the start: [.., last)
        for i in range(last - 1, bisect_left(ends, start - CONTEXT_BEFORE, 0, last) - 1, -1):
            word_end, word_start, word = keywords[i]
            if shadow_start <= word_start and word_end <= shadow_end:
                continue
            shadow_start, shadow_end = word_start, word_end
            if _crosses_field(text[word_start + len(word) : start]):
                break
            found.append(word)
        lo = bisect_left(ends, end + 1, last)  # end + 1 > start: past every word before
        hi = bisect_right(ends, end + CONTEXT_AFTER + 8, lo)
        if hi - lo == 1:  # one word near after (the usual case): no sorting
            _, word_start, word = keywords[lo]
            if end <= word_start <= end + CONTEXT_AFTER and FIELD_BREAK_AFTER.isdisjoint(
                text[end:word_start]
            ):
                found.append(word)
        elif lo < hi:
            after = [(s, -e, w) for e, s, w in keywords[lo:hi] if end <= s <= end + CONTEXT_AFTER]
            reach = -1
            for word_start, neg_end, word in sorted(after):
                if -neg_end > reach:
                    reach = -neg_end
                    if FIELD_BREAK_AFTER.isdisjoint(text[end:word_start]):
                        found.append(word)
        return tuple(found)


_FIRST = itemgetter(0)
#: Characters that end a field: a context word on the far side of one is another field's label.
FIELD_BREAK_AFTER = frozenset(',，;；|\n"。、')


def _crosses_field(gap: str) -> bool:
    """Whether the text between a context word before a value and the value crosses a line break
    (other than a label's own ``:`` + line break) or a JSON field boundary (``", "``): the word
    then labels another field."""
    if '",' in gap:
        return True
    return "\n" in gap and gap.strip() not in (":", "：")  # "Phone:\n" + value is one field


#: Cell separators of delimited tables (CSV, TSV, pipe tables) that :func:`column_header` knows.
_DELIMITERS = (",", "\t", "|", "｜")
#: How many lines above a row :func:`column_header` walks to find the table's header line.
_HEADER_REACH = 400


def _cells(line: str, delimiter: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of ``line``, delimiters inside double quotes not counted."""
    out: list[tuple[int, int]] = []
    if '"' not in line:  # no quotes: every delimiter ends a cell (split, not a walk per character)
        begin = 0
        for cell in line.split(delimiter):
            out.append((begin, begin + len(cell)))
            begin += len(cell) + 1
        return out
    quoted, begin = False, 0
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            out.append((begin, i))
            begin = i + 1
    out.append((begin, len(line)))
    return out


def column_header(scan: Scan, pos: int) -> str | None:
    """The header cell (lower-cased, ``_`` read as a space, quotes stripped) of the table column
    that holds ``pos``: the value's line and the lines above it split into the same number of
    cells (at least three) by one delimiter, the topmost of them being the header. None when
    ``pos`` is not in such a table or is in its header line."""
    text = scan.text
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    delimiter = max(_DELIMITERS, key=line.count)
    cells = _cells(line, delimiter)
    if len(cells) < 3:
        return None
    column = next((i for i, (a, b) in enumerate(cells) if a <= pos - line_start <= b), None)
    cache: dict[int, int] = scan.notes.setdefault("header_of_line", {})
    top = cache.get(line_start)
    if top is None:
        top, seen = line_start, list[int]()
        while top > 0 and len(seen) < _HEADER_REACH:
            above = text.rfind("\n", 0, top - 1) + 1
            if above in cache:
                top = cache[above]
                break
            if len(_cells(text[above : top - 1], delimiter)) != len(cells):
                break
            seen.append(top)
            top = above
        for start in (line_start, *seen):
            cache[start] = top
    if top == line_start or column is None:
        return None
    header = text[top : text.find("\n", top)]
    a, b = _cells(header, delimiter)[column]
    return header[a:b].strip().strip('"').strip().lower().replace("_", " ")


def judge_context(
    scan: Scan, start: int, end: int, context: frozenset[str], veto: frozenset[str]
) -> int:
    """+1 when the nearest relevant word before (or a word just after) is context, -1 when it is a
    veto word, 0 when neither is near. Only words that overlap no part of the candidate count, and
    only words of the candidate's own field (no line break or field separator in between)."""
    for word in scan.context_words(start, end):
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
    #: ``validate`` is slow: run it only for a candidate that would be reported (``base_score``
    #: then sees values not yet validated).
    DEFER_VALIDATION: ClassVar[bool] = False
    #: A ``needs_context`` pattern's match yields nothing in a text holding none of ``CONTEXT``
    #: (true of the base ``on_pattern``): the analyzer then skips those matches unread. A
    #: recogniser whose ``on_pattern`` finds such matches some other way sets it False.
    CONTEXT_GATES_PATTERNS: ClassVar[bool] = True

    def __init__(self, context_boost: float = 0.3) -> None:
        self.context_boost = context_boost

    def on_pattern(self, pattern: Pattern, match: re.Match[str], scan: Scan) -> Iterable[Finding]:
        """Findings for one regex match: scored by its context, and valid (checked here, or by
        the analyzer when the finding would be kept if ``DEFER_VALIDATION``)."""
        start, end = match.span()
        if pattern.needs_context and not scan.any_word_near(start, end):
            return ()  # no word at all in reach: no context word either
        value = match.group()
        if not (pattern.needs_context or self.DEFER_VALIDATION or self.validate(value, pattern)):
            return ()
        verdict = judge_context(scan, start, end, self.CONTEXT, self.VETO)
        if verdict < 0 or (pattern.needs_context and verdict == 0):
            return ()
        if (
            pattern.needs_context
            and not self.DEFER_VALIDATION
            and not self.validate(value, pattern)
        ):
            return ()
        score = self.base_score(value, pattern)
        score += self.context_boost if verdict > 0 else 0.0
        if self.DEFER_VALIDATION:
            check = partial(self.validate, value, pattern)
            return (new_pending(self.ENTITY, start, end, _rounded(score), self.NAME, check),)
        return (self.finding(start, end, score),)

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
        return new_finding(self.ENTITY, start, end, _rounded(score), self.NAME)

    @staticmethod
    @abstractmethod
    def examples() -> list[tuple[str, list[str]]]:
        """(text, the exact span texts this recogniser must find in it); [] = must find none."""


def _rounded(score: float) -> float:
    """The score capped at 1 and rounded to three places (remembered: scores repeat)."""
    rounded = _ROUNDED.get(score)
    if rounded is None:
        rounded = round(min(score, 1.0), 3)
        if len(_ROUNDED) < 4096:  # bounded; past it, rounded every time
            _ROUNDED[score] = rounded
    return rounded


_ROUNDED: dict[float, float] = {}


def words(*items: str) -> frozenset[str]:
    """A context/veto word set: lower-cased, as the keyword automaton sees the text."""
    return frozenset(item.lower() for item in items)
