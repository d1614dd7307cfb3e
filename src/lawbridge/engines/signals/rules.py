"""Keyword and regex policy rules for monitoring, over the normalised text.

A rule is a signal string ``keyword:<words>`` or ``regex:<pattern>``. Keywords are normalised
like posts (so ``加V信`` in a rule is ``加微信``, and a rule catches 加 v 信, 加薇信, 加微.信 …) and
compiled, all together, into one Aho-Corasick automaton (pyahocorasick); a keyword starting or
ending with a letter or digit only matches at word edges (``scam`` is not in ``scamper``).
Regexes (Python ``re``) run on the same normalised form: write them lower-case and simplified.
Positions are character offsets in the normalised form (:meth:`PolicyRuleSignal.hash`), end
exclusive; the form is what a reviewer is shown beside the post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick  # type: ignore[import-not-found]  # pyahocorasick ships no stubs

from lawbridge.engines.signals.base import (
    Comparison,
    Example,
    IndexMatch,
    SignalIndex,
    SignalType,
    check_ref,
    dump_json,
    dump_shape,
    load_json,
)
from lawbridge.engines.signals.normalize import normalize_text
from lawbridge.errors import InvalidInput

_KIND = "lawbridge.policy_rules"
_SPACES = re.compile(r"\s+")
_WORDISH = re.compile(r"[^\W_]")
_CJK_OR_SPACE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\s]")


@dataclass(frozen=True, slots=True)
class RuleConfig:
    max_chars: int = 100_000
    max_pattern: int = 1_000


@dataclass(frozen=True, slots=True)
class RuleHit:
    ref: str
    start: int
    end: int
    matched: str


def rule_form(text: str) -> str:
    """The normalised form rules see: :func:`normalize_text`, whitespace runs as one space."""
    return _SPACES.sub(" ", normalize_text(text)).strip()


def _edge_ok(form: str, start: int, end: int, needle: str) -> bool:
    def wordy(ch: str) -> bool:
        return bool(_WORDISH.match(ch)) and not _CJK_OR_SPACE.match(ch)

    if wordy(needle[0]) and start > 0 and wordy(form[start - 1]):
        return False
    return not (wordy(needle[-1]) and end < len(form) and wordy(form[end]))


class PolicyRuleSignal(SignalType[RuleConfig]):
    """Keyword (Aho-Corasick) and regex rules over the normalised text; a match says which rule
    matched where."""

    NAME = "policy_rule"
    CONTENT = "text"
    CONFIG = {
        "max_chars": "longer texts are invalid input; 100000",
        "max_pattern": "longest keyword or regex accepted; 1000",
    }

    def __init__(self, config: RuleConfig | None = None) -> None:
        self.config = config or RuleConfig()

    def hash(self, content: str) -> str:
        if not isinstance(content, str) or len(content) > self.config.max_chars:
            raise InvalidInput(f"text: a str of at most {self.config.max_chars} characters")
        return rule_form(content)

    def hash_reference(self, content: str) -> str:
        """A rule's signal is the rule itself, validated (keywords normalised)."""
        return self.validate(content)

    def validate(self, signal: str) -> str:
        kind, _, body = signal.partition(":") if isinstance(signal, str) else ("", "", "")
        if kind == "keyword" and body.strip() and len(body) <= self.config.max_pattern:
            return "keyword:" + rule_form(body)
        if kind == "regex" and body and len(body) <= self.config.max_pattern:
            try:
                re.compile(body)
            except re.error as exc:
                raise InvalidInput(f"rule: bad regex: {exc}") from exc
            return signal
        raise InvalidInput("rule: 'keyword:<words>' or 'regex:<pattern>' expected")

    def compare(self, query: str, reference: str) -> Comparison:
        index = self.new_index()
        index.add(reference, "rule")
        hits = index.scan(query)
        if not hits:
            return Comparison(False, 1.0, 0.0)
        return Comparison(
            True, 0.0, 1.0, {"start": hits[0].start, "end": hits[0].end, "matched": hits[0].matched}
        )

    def new_index(self) -> RuleIndex:
        return RuleIndex(self)

    @classmethod
    def examples(cls) -> list[Example]:
        return [
            Example("快来加 V 信领取", "keyword:加微信", True, "evasion folded"),
            Example(
                "USDT double your money in 24h",
                "regex:double (your|ur) (money|usdt)",
                True,
                "regex",
            ),
            Example("the scamper of mice", "keyword:scam", False, "word edge"),
            Example("今天天气很好", "keyword:加微信", False, "absent"),
        ]


class RuleIndex(SignalIndex):
    """All keyword rules in one automaton (rebuilt lazily after changes) plus the regexes."""

    def __init__(self, signal_type: PolicyRuleSignal | None = None) -> None:
        self.signal_type = signal_type or PolicyRuleSignal()
        self._rules: dict[str, list[str]] = {}
        self._automaton: ahocorasick.Automaton | None = None
        self._regexes: list[tuple[str, re.Pattern[str]]] = []

    def add(self, signal: str, ref: str) -> None:
        rule = self.signal_type.validate(signal)
        self._rules.setdefault(check_ref(ref), []).append(rule)
        self._automaton = None

    def remove(self, ref: str) -> int:
        removed = len(self._rules.pop(ref, []))
        self._automaton = None
        return removed

    def _compile(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        self._regexes = []
        for ref, rules in self._rules.items():
            for rule in rules:
                kind, _, body = rule.partition(":")
                if kind == "regex":
                    self._regexes.append((ref, re.compile(body)))
                    continue
                refs = automaton.get(body, ("", []))[1] if body in automaton else []
                automaton.add_word(body, (body, [*refs, ref]))
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton
        return automaton

    def scan(self, form: str) -> list[RuleHit]:
        """Every hit of every rule in a normalised form, by position."""
        automaton = self._automaton if self._automaton is not None else self._compile()
        hits: list[RuleHit] = []
        if len(automaton) and form:
            for last, (needle, refs) in automaton.iter(form):
                start, end = last - len(needle) + 1, last + 1  # pyahocorasick: inclusive end
                if _edge_ok(form, start, end, needle):
                    hits.extend(RuleHit(ref, start, end, needle) for ref in refs)
        for ref, pattern in self._regexes:
            hits.extend(RuleHit(ref, m.start(), m.end(), m.group()) for m in pattern.finditer(form))
        return sorted(hits, key=lambda h: (h.start, h.end, h.ref))

    def query(self, signal: str) -> list[IndexMatch]:
        first: dict[str, RuleHit] = {}
        for hit in self.scan(signal):
            first.setdefault(hit.ref, hit)
        return [
            IndexMatch(
                ref,
                Comparison(True, 0.0, 1.0, {"start": h.start, "end": h.end, "matched": h.matched}),
            )
            for ref, h in sorted(first.items())
        ]

    def serialize(self) -> bytes:
        return dump_json(_KIND, {"rules": sorted(self._rules.items())})

    @classmethod
    def deserialize(cls, data: bytes, signal_type: PolicyRuleSignal | None = None) -> RuleIndex:
        index = cls(signal_type)
        doc = load_json(data, _KIND)
        with dump_shape(_KIND):
            for ref, rules in doc.get("rules", []):
                for rule in rules:
                    index.add(rule, ref)
        return index

    def __len__(self) -> int:
        return sum(len(v) for v in self._rules.values())
