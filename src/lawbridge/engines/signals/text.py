"""Near-duplicate text: normalised token shingles, scored by *containment*.

``score(query, reference) = |S(ref) ∩ S(query)| / |S(ref)|``: the share of the banned text's
shingles present in the post. A near-copy scores near 1, so does a post that embeds the whole
banned text in a longer message; a reply quoting a sentence of it scores the quoted share only.

The index is a prefix-filter inverted index (set-similarity joins, AllPairs/PPJoin): each reference
posts only its ``|S| - ceil(t_min·|S|) + 1`` *rarest* shingles (by document frequency when added).
A reference none of whose posted shingles occurs in the query shares at most
``ceil(t_min·|S|) - 1`` shingles with it, below any threshold ``≥ t_min``; a query at threshold ``t``
needs ``ceil(t·|S|) - (|S| - posted)`` posted hits, a count filter that drops most candidates.
Survivors are verified exactly, so a query returns *exactly* what brute force returns, with a
cost that grows with the postings of the query's shingles, not with the bank. Compared with
MinHash LSH (datasketch): no false negatives, no permutation hashing (the query costs its
shingling plus one dict lookup per shingle), containment rather than Jaccard, incremental adds
(datasketch's ``MinHashLSHEnsemble``, its containment index, is built once).

**Identifiers.** Scam, phishing and counterfeit posts are mass-produced from templates whose
skeleton is 60-85 % of the text; what makes one post *that* scam is its details: the amount, the
phone/QQ number, the handle, the domain, the case number. Containment alone takes down every
other fill of the template. So below near-identity a post that lacks some *identifier* of the
banned text and carries identifiers of its own in their place is the same *template* with other
details (another operator, another victim), for a reviewer to judge, not a copy of the judged
post. Identifiers are number tokens of two or more digits (amounts, phone and QQ numbers, codes,
and the digits of handles and domains such as ``lucky888`` or ``parcel-help59.example``). Digits
are the robust choice: every normalisation step leaves them alone or makes them canonical
(fullwidth → ASCII, regrouped ``138-1234-5678`` → one token, 一三八… → digits), while letter words
are what evasions rewrite (homoglyphs, spacing, case, V信) and, folded, cannot be told from the
template's wording; single digits ("2 hours") identify nothing. A copy whose number was *removed*
(redacted, truncated, nothing in its place) still spreads the judged text and still matches.
At containment ``>= near_identity`` (0.95) the rule is skipped: with 3-token shingles a changed
token costs 3 shingles (1 at either end of the text), so only a long text (60+ shingles) with one
number changed stays that close, and that is a copy of the judged text (a date or phone updated);
a short scam message with other numbers falls below it and is held to the rule (the exception:
only its very last or first token replaced, every other detail the judged post's). The test reads only shingle sets (a
text's tokens are the union of its shingles' tokens), so :meth:`TextNearDupSignal.compare_sets`
(brute force) and the index verify with the same function and stay equal.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from dataclasses import dataclass

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
from lawbridge.engines.signals.normalize import normalize_text, shingles, tokens
from lawbridge.errors import InvalidInput

_KIND = "lawbridge.text_containment"


@dataclass(frozen=True, slots=True)
class TextConfig:
    threshold: float = 0.7
    min_threshold: float = 0.5
    ngram: int = 3
    min_shingles: int = 3
    pinyin: bool = False
    max_chars: int = 100_000
    identifiers: bool = True
    near_identity: float = 0.95

    def __post_init__(self) -> None:
        if not 0.0 < self.min_threshold <= self.threshold <= 1.0:
            raise InvalidInput("need 0 < min_threshold <= threshold <= 1")
        if not 0.0 < self.near_identity <= 1.0:
            raise InvalidInput("near_identity: in (0, 1]")
        if not 1 <= self.ngram <= 8 or self.min_shingles < 1 or self.max_chars < 1:
            raise InvalidInput("ngram: 1..8; min_shingles, max_chars: positive")


def required_overlap(threshold: float, size: int) -> int:
    """The least overlap ``k`` with ``k / size >= threshold`` (the exact test brute force uses)."""
    k = max(math.ceil(threshold * size) - 1, 0)
    while k / size < threshold:
        k += 1
    return k


def shingle_tokens(shingle_set: frozenset[str]) -> frozenset[str]:
    """The tokens of a text, from its shingles (each token is in some shingle)."""
    return frozenset(t for sh in shingle_set for t in sh.split(" "))


def identifiers(shingle_set: frozenset[str]) -> frozenset[str]:
    """A text's identifier tokens: numbers of two or more digits (see the module docstring)."""
    return frozenset(t for t in shingle_tokens(shingle_set) if _is_identifier(t))


def _is_identifier(token: str) -> bool:
    return len(token) >= 2 and token.isdigit()


def identifier_conflict(wanted: frozenset[str], query: frozenset[str]) -> tuple[int, int]:
    """(reference identifiers ``wanted`` that the ``query`` shingles lack, identifiers of the
    query that the reference lacks); both positive means other details: not a copy."""
    if not wanted:
        return 0, 0
    toks = shingle_tokens(query)
    missing = len(wanted - toks)
    if not missing:
        return 0, 0
    return missing, sum(1 for t in toks - wanted if _is_identifier(t))


class TextNearDupSignal(SignalType[TextConfig]):
    """Text near-copies and embedded copies (containment of the banned text's shingles), after
    normalisation against evasions: NFKC, case, zero-width and homoglyph folding, traditional →
    simplified, separators inside words, spaced-out letters, 微信/QQ/Telegram spellings and
    optional pinyin. The signal string is the normalised token sequence joined by spaces.
    """

    NAME = "text_near_dup"
    CONTENT = "text"
    CONFIG = {
        "threshold": "containment (share of the reference's shingles in the query) to match; 0.7",
        "min_threshold": "lowest threshold an index query may ask for (sets the prefix); 0.5",
        "ngram": "tokens per shingle (CJK characters or words of other scripts); 3",
        "min_shingles": "a reference with fewer shingles is refused (use a keyword rule); 3",
        "pinyin": "fold Han characters to toneless pinyin (needs pypinyin); false",
        "max_chars": "longer texts are refused as invalid input; 100000",
        "identifiers": "below near_identity, a query that lacks some of the reference's numbers "
        "(2+ digits) and has numbers of its own is a template variant, not a match; true",
        "near_identity": "containment from which missing identifiers are forgiven; 0.95",
    }

    def __init__(self, config: TextConfig | None = None) -> None:
        self.config = config or TextConfig()

    def hash(self, content: str) -> str:
        if not isinstance(content, str):
            raise InvalidInput("text: must be a str (decode bytes as UTF-8 first)")
        if len(content) > self.config.max_chars:
            raise InvalidInput(f"text: longer than {self.config.max_chars} characters")
        return " ".join(tokens(normalize_text(content, pinyin=self.config.pinyin)))

    def validate(self, signal: str) -> str:
        if not isinstance(signal, str):
            raise InvalidInput("text signal: must be a str")
        return " ".join(tokens(signal))

    def shingle_set(self, signal: str) -> frozenset[str]:
        return shingles(signal.split(), self.config.ngram)

    def compare(self, query: str, reference: str) -> Comparison:
        return self.compare_sets(self.shingle_set(query), self.shingle_set(reference))

    def compare_sets(
        self,
        query: frozenset[str],
        reference: frozenset[str],
        threshold: float | None = None,
        wanted: frozenset[str] | None = None,
    ) -> Comparison:
        """Containment of ``reference`` in ``query``; ``wanted`` (the reference's identifiers)
        is computed when not given, as the index passes it precomputed."""
        t = self.config.threshold if threshold is None else threshold
        if not reference:
            return Comparison(False, 1.0, 0.0, {"shared": 0, "reference_shingles": 0})
        shared = len(reference & query)
        score = shared / len(reference)
        matched = len(reference) >= self.config.min_shingles and shared >= required_overlap(
            t, len(reference)
        )
        detail: dict[str, float | int] = {"shared": shared, "reference_shingles": len(reference)}
        if matched and self.config.identifiers and score < self.config.near_identity:
            ids = identifiers(reference) if wanted is None else wanted
            missing, other = identifier_conflict(ids, query)
            detail |= {"identifiers_missing": missing, "identifiers_other": other}
            matched = not (missing and other)
        return Comparison(matched, 1.0 - score, score, detail)

    def new_index(self) -> TextIndex:
        return TextIndex(self)

    @classmethod
    def examples(cls) -> list[Example]:
        banned = (
            "恭喜您获得本月幸运大奖，请立即加微信 lucky888 领取五千元现金红包，名额有限先到先得"
        )
        return [
            Example("恭喜您獲得本月幸運大獎，請立即加V信 lucky888 領取五千元現金紅包，名額有限先到先得", banned, True, "traditional + V信"),
            Example("朋友转发给我：" + banned + "。大家看看是真的吗", banned, True, "embedded in a longer post"),
            Example("别信！这种'请立即加微信领取'的都是骗子", banned, False, "counter-speech quoting a fragment"),
            Example("恭喜您获得本月优秀员工奖，请到人事部领取荣誉证书，下周一颁奖典礼", banned, False, "same template, other details"),
            Example("Congratulations! You won the monthly lucky draw, add w e c h a t lucky888 to claim your $5000 cash prize now", "Congratulations! You won the monthly lucky draw, add WeChat lucky888 to claim your $5000 cash prize now", True, "spaced letters"),
            Example("Did you win the monthly lucky draw? No, I never enter those.", "Congratulations! You won the monthly lucky draw, add WeChat lucky888 to claim your $5000 cash prize now", False, "shared vocabulary"),
        ]  # fmt: skip


class TextIndex(SignalIndex):
    """Prefix-filter containment index; exact w.r.t. :meth:`TextNearDupSignal.compare`."""

    def __init__(self, signal_type: TextNearDupSignal) -> None:
        self.signal_type = signal_type
        self._entries: list[tuple[str, str, frozenset[str], int, frozenset[str]] | None] = []
        self._postings: dict[str, list[int]] = {}
        self._df: Counter[str] = Counter()
        self._slots: dict[str, list[int]] = {}
        self._live = 0

    def add(self, signal: str, ref: str) -> None:
        check_ref(ref)
        sh = self.signal_type.shingle_set(self.signal_type.validate(signal))
        if len(sh) < self.signal_type.config.min_shingles:
            raise InvalidInput(
                f"text reference: {len(sh)} shingles, fewer than min_shingles="
                f"{self.signal_type.config.min_shingles}"
            )
        need = required_overlap(self.signal_type.config.min_threshold, len(sh))
        posted = sorted(sh, key=lambda s: (self._df[s], zlib.crc32(s.encode())))
        posted = posted[: len(sh) - need + 1]
        slot = len(self._entries)
        self._entries.append((ref, signal, sh, len(posted), identifiers(sh)))
        self._slots.setdefault(ref, []).append(slot)
        for s in posted:
            self._postings.setdefault(s, []).append(slot)
        self._df.update(sh)
        self._live += 1

    def remove(self, ref: str) -> int:
        slots = self._slots.pop(ref, [])
        for slot in slots:
            self._entries[slot] = None
        self._live -= len(slots)
        return len(slots)

    def query(self, signal: str, threshold: float | None = None) -> list[IndexMatch]:
        return self.query_shingles(self.signal_type.shingle_set(signal), threshold)

    def query_shingles(
        self, query: frozenset[str], threshold: float | None = None
    ) -> list[IndexMatch]:
        t = self.signal_type.config.threshold if threshold is None else threshold
        if not self.signal_type.config.min_threshold <= t <= 1.0:
            raise InvalidInput("threshold: below the index's min_threshold")
        hits: Counter[int] = Counter()
        for s in query:
            slots = self._postings.get(s)
            if slots:
                hits.update(slots)
        best: dict[str, IndexMatch] = {}
        for slot, count in hits.items():
            entry = self._entries[slot]
            if entry is None:
                continue
            ref, _, sh, posted, wanted = entry
            if count < required_overlap(t, len(sh)) - (len(sh) - posted):
                continue
            comparison = self.signal_type.compare_sets(query, sh, t, wanted)
            if comparison.matched and (ref not in best or best[ref].distance > comparison.distance):
                best[ref] = IndexMatch(ref, comparison)
        return sorted(best.values(), key=lambda m: (m.distance, m.ref))

    def serialize(self) -> bytes:
        live = [[e[0], e[1]] for e in self._entries if e is not None]
        return dump_json(_KIND, {"config_hash": self.signal_type.config_hash, "entries": live})

    @classmethod
    def deserialize(cls, data: bytes, signal_type: TextNearDupSignal | None = None) -> TextIndex:
        signal_type = signal_type or TextNearDupSignal()
        doc = load_json(data, _KIND)
        if doc.get("config_hash") != signal_type.config_hash:
            raise InvalidInput("text index dump: written with another configuration")
        index = cls(signal_type)
        with dump_shape(_KIND):
            for ref, signal in doc.get("entries", []):
                index.add(signal, ref)
        return index

    def __len__(self) -> int:
        return self._live
