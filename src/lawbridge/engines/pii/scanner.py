"""The one pass over a text: every recogniser's regex patterns in one hyperscan database and every
dictionary word in a second (a literal set, run over the lower-cased text), so the cost grows
linearly with the text's length.

The dictionary words run in the same database (case-insensitive literals), so a text is read once.
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
from collections.abc import Callable, Sequence
from itertools import accumulate
from operator import itemgetter
from typing import Any, NamedTuple

import hyperscan

from lawbridge.engines.pii.base import CONTEXT_AFTER, CONTEXT_BEFORE, Pattern, Recognizer

#: Characters of an ASCII word: a keyword starting or ending with one may not continue one.
_ASCII_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LOOKAHEAD = 2  # characters past a hit that a pattern's look-ahead may need to see
_LONGEST_WORD = (
    24  # characters: longer than any context word (a word after a value may end this far)
)
#: More overlapping trigger windows of one ``back`` pattern than this are searched as one window.
_CLUSTER = 16
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
    search: Callable[[str, int, int], re.Match[str] | None]  # ``pattern.regex.search``


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
    """Compiled once from the recognisers; :meth:`scan` per text (one hyperscan pass for every
    pattern, gate and dictionary word), then :meth:`confirm` for the pattern hits."""

    def __init__(self, recognizers: Sequence[Recognizer]) -> None:
        self._rules = [
            _Rule(owner, p, p.back, p.reach + _LOOKAHEAD, p.gate is not None, p.regex.search)
            for owner, recognizer in enumerate(recognizers)
            for p in recognizer.PATTERNS
        ]
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
        self._gate_count = sum(rule.gated for rule in self._rules)
        #: The first expression id of the dictionary words (after the triggers and the gates).
        self._first_word = 2 * len(self._rules)
        self._database = _compile([rule.pattern for rule in self._rules], self._words)
        self._scratch = hyperscan.Scratch(self._database)
        self._backward = frozenset(i for i, rule in enumerate(self._rules) if rule.back)
        #: Characters handed to the Python regexes by :meth:`confirm` so far (a work count).
        self.window_chars = 0

    def scan(self, text: str) -> Pass:
        """The one pass over ``text``: every trigger, gate and dictionary word, in characters."""
        if not text:
            return Pass(self, text, [], [], {}, [])
        data = text.encode("utf-8", "replace")  # lone surrogates -> "?", one byte per character
        raw: Raw = []
        self._database.scan(data, match_event_handler=_collect, context=raw, scratch=self._scratch)
        if not raw:
            return Pass(self, text, [], [], {}, [])
        if len(data) != len(text):
            if len(data) <= _PREFIX_COUNTS * len(raw):  # short text, many hits: count every byte
                before = [0, *accumulate(data.translate(_CONTINUATION))]
                raw = [
                    (index, start - before[start], end - before[end]) for index, start, end in raw
                ]
            else:
                chars = _char_offsets(data, raw)
                raw = [(index, chars[start], chars[end]) for index, start, end in raw]
        count, first_word = len(self._rules), self._first_word
        triggers: Raw = [hit for hit in raw if hit[0] < count]
        gates: dict[int, list[int]] = {}
        found: list[tuple[int, int, str]] = []
        owned: list[tuple[int, int, str]] = []
        size, words = len(text), self._words
        for index, _, end in [hit for hit in raw if hit[0] >= count] if triggers else raw:
            if index < first_word:
                gates.setdefault(index - count, []).append(end)
                continue
            word, length, ascii_head, ascii_tail, owns = words[index - first_word]
            start = end - length
            if ascii_head and start > 0 and text[start - 1] in _ASCII_WORD:
                continue  # a word that starts or ends with an ASCII letter or digit must
            if ascii_tail and end < size and text[end] in _ASCII_WORD:
                continue  # not continue an ASCII word there ("on" is not in "month")
            item = (end, start, word)
            found.append(item)
            if owns:
                owned.append(item)
        for ends in gates.values():
            ends.sort()
        found.sort(key=_by_end_then_length)
        return Pass(self, text, triggers, found, gates, owned)

    def scan_patterns(
        self, text: str, near: dict[int, list[int]] | None = None
    ) -> list[PatternHit]:
        """Every pattern's confirmed matches (:meth:`scan` then :meth:`Pass.patterns`)."""
        return self.scan(text).patterns(near)

    def rules_of(self, owner: int, needs_context: bool = True) -> frozenset[int]:
        """The rule indexes of recogniser ``owner``'s patterns (those that need context only)."""
        return frozenset(
            i
            for i, rule in enumerate(self._rules)
            if rule.owner == owner and (rule.pattern.needs_context or not needs_context)
        )

    def confirm(
        self, text: str, raw: Raw, gates: dict[int, list[int]], near: dict[int, list[int]]
    ) -> list[PatternHit]:
        """Each trigger's first match (every match for a pattern that may start before its
        trigger) by the Python regex in the trigger's window, each match reported once.

        ``near`` maps a rule index (:meth:`rules_of`) to the sorted end offsets of the words
        its matches need beside them: a trigger with none of them within ``CONTEXT_BEFORE``
        before or ``CONTEXT_AFTER`` after its window is not confirmed (an empty list: none is).

        The triggers of a pattern that may start before them (``back``) whose windows overlap
        in a run of more than ``_CLUSTER`` (``a@a@a@…``: one every two characters) are searched
        once, over the union of their windows: each character is read once, not once per window
        that holds it. Runs of fewer triggers (what ordinary text has) are searched one by one."""
        backward = self._backward
        if len(raw) > _CLUSTER and backward and _count_of(backward, raw) > _CLUSTER:
            return self._confirm_runs(text, raw, gates, near)
        # No run to merge (what ordinary text has): each window is searched as it is found.
        rules, size = self._rules, len(text)
        hits: list[PatternHit] = []
        seen: set[tuple[int, int, int]] = set()
        searched = 0
        for index, first, last in raw:
            owner, pattern, back, reach, gated, search = rules[index]
            start = first - back if first > back else 0
            stop = last + reach
            if stop > size:
                stop = size
            words = near.get(index)
            if words is not None:  # a context word must end in reach of the window
                i = bisect_left(words, start - CONTEXT_BEFORE)
                if i == len(words) or words[i] > stop + CONTEXT_AFTER + _LONGEST_WORD:
                    continue
            if gated and not _gate_inside(gates.get(index), start, stop):
                continue
            searched += stop - start
            if back:
                for match in pattern.regex.finditer(text, start, stop):
                    key = (index, match.start(), match.end())
                    if key not in seen:
                        seen.add(key)
                        hits.append((owner, pattern, match))
                continue
            first_match = search(text, start, stop)
            if first_match is not None:
                key = (index, first_match.start(), first_match.end())
                if key not in seen:
                    seen.add(key)
                    hits.append((owner, pattern, first_match))
        self.window_chars += searched
        return hits

    def _confirm_runs(
        self, text: str, raw: Raw, gates: dict[int, list[int]], near: dict[int, list[int]]
    ) -> list[PatternHit]:
        """:meth:`confirm` where some ``back`` pattern has more than ``_CLUSTER`` triggers: the
        windows first, then the runs among them merged, then the searches."""
        rules, size = self._rules, len(text)
        hits: list[PatternHit] = []
        seen: set[tuple[int, int, int]] = set()
        windows: list[tuple[int, int, int] | None] = []
        for index, first, last in raw:
            _, _, back, reach, gated, _ = rules[index]
            start = first - back if first > back else 0
            stop = last + reach if last + reach < size else size
            words = near.get(index)
            if words is not None:  # a context word must end in reach of the window
                i = bisect_left(words, start - CONTEXT_BEFORE)
                if i == len(words) or words[i] > stop + CONTEXT_AFTER + _LONGEST_WORD:
                    windows.append(None)
                    continue
            if gated and not _gate_inside(gates.get(index), start, stop):
                windows.append(None)
                continue
            windows.append((index, start, stop))
        merged = _merged_runs(windows, self._backward) if len(windows) > _CLUSTER else {}
        for position, window in enumerate(windows):
            if window is None:
                continue
            index, start, stop = window
            run = merged.get(position)
            if run is not None:
                if run[0] < 0:
                    continue  # searched with the first trigger of its run
                start, stop = run
            owner, pattern, back = rules[index][:3]
            self.window_chars += stop - start
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
        return self.scan(text).keywords

    def scan_keywords_owned(
        self, text: str
    ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
        """:meth:`scan_keywords`, and apart the occurrences of the words that recognisers handle
        (``keyword_owners``), in the order found.

        The words are matched case-insensitively, ``_`` matching a space, so field names match
        their words ("birth_date" holds "birth date"); a word that starts or ends with an ASCII
        letter or digit must not continue an ASCII word there ("on" is not in "month")."""
        result = self.scan(text)
        return result.keywords, result.owned


class Pass(NamedTuple):
    """What :meth:`Scanner.scan` found in one text, in character offsets."""

    scanner: Scanner
    text: str
    triggers: Raw
    keywords: list[tuple[int, int, str]]  # (end, start, word), sorted by end then length
    gates: dict[int, list[int]]
    owned: list[tuple[int, int, str]]  # the words some recogniser handles, in the order found

    def patterns(self, near: dict[int, list[int]] | None = None) -> list[PatternHit]:
        """The confirmed pattern matches (:meth:`Scanner.confirm`)."""
        if not self.triggers:
            return []
        return self.scanner.confirm(self.text, self.triggers, self.gates, near or {})


def _merged_runs(
    windows: list[tuple[int, int, int] | None], backward: frozenset[int]
) -> dict[int, tuple[int, int]]:
    """For the windows (rule index, start, stop) of ``back`` patterns that lie in a run of more
    than ``_CLUSTER`` overlapping windows of one rule: position -> the run's (start, stop) for
    the run's first window in ``windows``, (-1, -1) for the others."""
    by_rule: dict[int, list[tuple[int, int, int]]] = {}
    for position, window in enumerate(windows):
        if window is not None and window[0] in backward:
            by_rule.setdefault(window[0], []).append((window[1], window[2], position))
    merged: dict[int, tuple[int, int]] = {}
    for spans in by_rule.values():
        if len(spans) <= _CLUSTER:
            continue
        spans.sort()
        run: list[int] = []
        begin = reach = -1
        for start, stop, position in [*spans, (-1, -1, -1)]:
            if position >= 0 and start < reach:
                run.append(position)
                reach = max(reach, stop)
                continue
            if len(run) > _CLUSTER:
                head = min(run)
                merged.update((other, (-1, -1)) for other in run)
                merged[head] = (begin, reach)
            run, begin, reach = [position], start, stop
    return merged


def _count_of(indexes: frozenset[int], raw: Raw) -> int:
    """How many hits of ``raw`` belong to the expressions ``indexes``."""
    return sum(map(indexes.__contains__, map(itemgetter(0), raw)))


def _gate_inside(ends: list[int] | None, start: int, stop: int) -> bool:
    """Whether a gate match ends in ``(start, stop]``."""
    if not ends:
        return False
    i = bisect_right(ends, start)
    return i < len(ends) and ends[i] <= stop


def _by_end_then_length(item: tuple[int, int, str]) -> tuple[int, int]:
    return item[0], item[0] - item[1]


def _compile(patterns: list[Pattern], words: list[_Word]) -> hyperscan.Database:
    """One database: the triggers (ids 0…n-1, with start of match), the gates (id n + the
    pattern's) and the dictionary words (id 2n + the word's: literals, case-insensitive, a space
    in a word also matching ``_``, reported by their end offset)."""
    som = hyperscan.HS_FLAG_SOM_LEFTMOST | hyperscan.HS_FLAG_UTF8
    count = len(patterns)
    expressions = [(i, p.hs, som, p.caseless) for i, p in enumerate(patterns)]
    expressions += [
        (count + i, p.gate, hyperscan.HS_FLAG_UTF8, p.caseless)
        for i, p in enumerate(patterns)
        if p.gate is not None
    ]
    expressions += [
        (2 * count + i, _literal(word.text), hyperscan.HS_FLAG_UTF8, True)
        for i, word in enumerate(words)
    ]
    key = tuple(expressions)
    database = _DATABASES.get(key)
    if database is None:
        database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        database.compile(
            expressions=[expression.encode("utf-8") for _, expression, _, _ in expressions],
            ids=[i for i, _, _, _ in expressions],
            elements=len(expressions),
            flags=[f | (hyperscan.HS_FLAG_CASELESS if c else 0) for _, _, f, c in expressions],
        )
        if len(_DATABASES) >= _KEEP_DATABASES:
            _DATABASES.pop(next(iter(_DATABASES)))
        _DATABASES[key] = database
    return database


#: Compiled databases by their expressions: every analyzer built with the same recognisers (a
#: CLI run, each worker's job, a workflow with another threshold) shares one compilation, which
#: takes about half a second; a database is read-only, each scanner has its own scratch space.
_DATABASES: dict[tuple[tuple[int, str, int, bool], ...], hyperscan.Database] = {}
_KEEP_DATABASES = 8


def _literal(word: str) -> str:
    """A dictionary word as a hyperscan expression: ASCII punctuation escaped, a space matching
    a space or ``_``."""
    return "".join(
        "[ _]" if char == " " else f"\\{char}" if char.isascii() and not char.isalnum() else char
        for char in word
    )


#: Continuation bytes of UTF-8 (0x80-0xBF) -> 1, every other byte -> 0.
_CONTINUATION = bytes(1 if 0x80 <= b < 0xC0 else 0 for b in range(256))
#: Up to this many bytes per hit, byte offsets become character offsets through a running count
#: of the continuation bytes before every byte (one C-level pass, then a look-up per offset);
#: a longer text with few hits counts only up to each distinct offset (:func:`_char_offsets`).
_PREFIX_COUNTS = 16


def _char_offsets(data: bytes, raw: Raw) -> dict[int, int]:
    """Byte offset -> character offset for every start and end in ``raw`` (linear in the text):
    the bytes before an offset less the UTF-8 continuation bytes among them (a replaced lone
    surrogate was encoded as one byte)."""
    marks = data.translate(_CONTINUATION)
    offsets: dict[int, int] = {}
    chars = previous = 0
    for offset in sorted({offset for _, start, end in raw for offset in (start, end)}):
        chars += offset - previous - marks.count(1, previous, offset)
        offsets[offset] = chars
        previous = offset
    return offsets
