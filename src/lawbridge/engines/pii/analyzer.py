"""``Analyzer``: built once from the recognisers, ``analyze(text)`` returns the findings.

Long texts are read in chunks with an overlap (so memory stays bounded on a 10 MB document); each
chunk goes through the :class:`~lawbridge.engines.pii.scanner.Scanner` once; overlapping
candidates are resolved to one span per character range, the better-supported one winning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from lawbridge.engines.pii.base import Finding, Pending, Recognizer, Scan
from lawbridge.engines.pii.scanner import Scanner
from lawbridge.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class AnalyzerConfig:
    """``threshold``: lowest score reported; ``chunk``/``overlap``/``margin``: characters per
    chunk, read past its end, and read before its start for context."""

    threshold: float = 0.5
    chunk: int = 65536
    overlap: int = 512
    margin: int = 64

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise InvalidInput("threshold: must be in [0, 1]")
        if self.chunk < 1024 or not 0 < self.overlap <= self.chunk or self.margin < 0:
            raise InvalidInput("chunk >= 1024, 0 < overlap <= chunk and margin >= 0 required")


class Analyzer:
    """Find personal information with a fixed set of recognisers (the built-ins by default)."""

    def __init__(
        self, recognizers: Sequence[Recognizer] | None = None, config: AnalyzerConfig | None = None
    ) -> None:
        if recognizers is None:
            from lawbridge.engines.pii import default_recognizers

            recognizers = default_recognizers()
        self.recognizers = tuple(recognizers)
        self.config = config or AnalyzerConfig()
        self._scanner = Scanner(self.recognizers)
        self._on_pattern = [recognizer.on_pattern for recognizer in self.recognizers]
        #: Recognisers whose ``needs_context`` patterns are gated by their context words (for
        #: skipping them in a text without the words): per context word, the gated groups it
        #: counts for; per group, the rule indexes of its patterns.
        gated = [
            (recognizer.CONTEXT, self._scanner.rules_of(owner))
            for owner, recognizer in enumerate(self.recognizers)
            if recognizer.CONTEXT_GATES_PATTERNS and self._scanner.rules_of(owner)
        ]
        self._group_rules = [tuple(sorted(rules)) for _, rules in gated]
        self._word_groups: dict[str, tuple[int, ...]] = {}
        for group, (context, _) in enumerate(gated):
            for word in context:
                self._word_groups[word] = (*self._word_groups.get(word, ()), group)
        self._on_keyword = {
            word: [self.recognizers[owner].on_keyword for owner in owners]
            for word, owners in self._scanner.keyword_owners.items()
        }

    def analyze(self, text: str) -> list[Finding]:
        """Non-overlapping findings sorted by start, character offsets into ``text``."""
        if not isinstance(text, str):
            raise InvalidInput("text: a string is required")
        return resolve(self._candidates(text))

    def _candidates(self, text: str) -> list[Finding]:
        """The findings of every chunk that start in the part the chunk keeps and reach the
        threshold, in text offsets."""
        cfg = self.config
        size = len(text)
        kept: list[Finding] = []
        for keep_start in range(0, max(size, 1), cfg.chunk):
            keep_end = keep_start + cfg.chunk
            offset = max(0, keep_start - cfg.margin)
            for finding in self._scan_chunk(text[offset : keep_end + cfg.overlap]):
                if offset:
                    finding = finding.shifted(offset)
                if keep_start <= finding.start < keep_end and finding.end <= size:
                    if finding.score >= cfg.threshold:
                        kept.append(finding)
        return kept

    def _scan_chunk(self, chunk: str) -> list[Finding]:
        result = self._scanner.scan(chunk)
        keywords = result.keywords
        scan = Scan(chunk, keywords)
        found: list[Finding] = []
        if result.triggers:
            # where the context-only patterns may match at all: the ends of their context words
            ends: list[list[int]] = [[] for _ in self._group_rules]
            word_groups = self._word_groups
            for end, _, word in keywords:
                groups = word_groups.get(word)
                if groups is not None:
                    for group in groups:
                        ends[group].append(end)
            near = {
                rule: ends[group] for group, rules in enumerate(self._group_rules) for rule in rules
            }
            on_pattern = self._on_pattern
            for owner, pattern, match in result.patterns(near):
                found.extend(on_pattern[owner](pattern, match, scan))
        on_keyword = self._on_keyword
        for end, start, word in result.owned:
            for handler in on_keyword[word]:
                found.extend(handler(start, end, word, scan))
        return found


def resolve(candidates: list[Finding]) -> list[Finding]:
    """One finding per character range: higher score first, then the longer span, then earlier.
    A :class:`~lawbridge.engines.pii.base.Pending` candidate is validated when it would be kept
    and dropped if invalid (as if never found: the ranking of the others does not change).

    The characters already taken are marked in a byte array, so checking and keeping a finding
    costs its own length, not the number of findings kept before it."""
    if not candidates:
        return []
    ranked = sorted(candidates, key=_rank)
    taken = bytearray(max(map(_END, ranked)))
    kept: list[Finding] = []
    for finding in ranked:
        start, end = finding.start, finding.end
        if end <= start or taken.find(1, start, end) >= 0:
            continue
        if isinstance(finding, Pending):  # validated only now that it would be kept
            settled = finding.settled()
            if settled is None:
                continue
            finding = settled
        taken[start:end] = (
            _ONES[: end - start] if end - start <= len(_ONES) else b"\x01" * (end - start)
        )
        kept.append(finding)
    kept.sort(key=_START)
    return kept


_ONES = b"\x01" * 4096


def _rank(finding: Finding) -> tuple[float, int, int, str]:
    return (-finding.score, finding.start - finding.end, finding.start, finding.type)


_START = attrgetter("start")
_END = attrgetter("end")
