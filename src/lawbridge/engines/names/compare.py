"""Scoring two prepared records: the best pair of name forms, then the other features.

Name score. For every pair of forms that may meet (Hanzi with Hanzi; a romanised or Latin form
with a Latin one) whose blocking keys cover enough tokens (the *gate*: two tokens, or one when
either side has only one full token), tokens are aligned greedily by similarity; unmatched extra
tokens on the longer side (a middle name, a patronymic) cost little, a mismatched pair costs its
full weight. Tokens written apart on one side and together on the other ("Sheng Kun" /
"Shengkun") are merged before aligning. A pair of records with no form pair through the gate
scores at most ``GATE_CAP``, which is what lets the index be exact (``index.py``).

Features then move the score: birth-date and identifier conflicts are strong evidence against,
gender conflict moderate, nationality conflict weak.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from lawbridge.engines.names import tables
from lawbridge.engines.names.normalize import (
    PATRONYMIC_ENDINGS,
    consonants,
    ocr_fold,
    phonetic,
    skeleton,
)
from lawbridge.engines.names.prepared import PreparedForm, PreparedName, PreparedRecord
from lawbridge.engines.names.syllables import alternates, is_sinitic
from lawbridge.engines.names.translit import HANZI, LATIN, ROMANISED

GATE_CAP = 0.25
SURPLUS_WEIGHT = 0.2
MONONYM_FACTOR = 0.9
MAX_PARTITION_TOKENS = 4
JOINED_SCORE = 0.97
CONFLICT_BELOW = 0.5
CONFLICT_FACTOR = 1.5  # a pair of different names (two middle names) weighs more than it is long
# Latin pinyin against a Latin Cantonese or Wade-Giles spelling: the syllables could be the same
# characters, but many characters share a pinyin syllable, so this is weaker evidence.
CROSS_SYSTEM_SCORE = 0.85
_COMPATIBLE = {(HANZI, HANZI), (ROMANISED, LATIN), (LATIN, ROMANISED), (LATIN, LATIN)}


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each feature moves the name score (documented in ``MatchConfig``)."""

    birth_date_agree: float = 0.05
    birth_date_partial: float = 0.02
    birth_year_conflict: float = -0.45
    birth_date_conflict: float = -0.3
    id_agree: float = 0.15
    id_conflict: float = -0.35
    nationality_agree: float = 0.02
    nationality_conflict: float = -0.05
    gender_conflict: float = -0.15


@dataclass(frozen=True, slots=True)
class Comparison:
    """A score in [0, 1] and why."""

    score: float
    explanation: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "explanation": self.explanation}


@dataclass(frozen=True, slots=True)
class NameMatch:
    score: float
    query: PreparedName | None = None
    match: PreparedName | None = None
    query_form: PreparedForm | None = None
    match_form: PreparedForm | None = None


NO_MATCH = NameMatch(0.0)


# --- tokens ----------------------------------------------------------------------------------


@lru_cache(maxsize=262_144)
def token_similarity(
    a: str,
    b: str,
    pa: str,
    pb: str,
    cross: bool = False,
    chinese: bool = False,
    translit: bool = False,
) -> float:
    """Similarity of two tokens (raw and phonetic forms) in [0, 1]; symmetric.

    ``cross``: both are Latin as written, so a pinyin token may meet its Wade-Giles or Cantonese
    spelling (a form derived from Hanzi carries its own exact readings instead). ``chinese``: one
    form is read from Hanzi or both are all Chinese syllables, so near-misses count for less.
    ``translit``: one side was transliterated by anyascii (Hangul, Devanagari …), whose vowels
    are rough, so equal consonant skeletons count (블라디미르 beulladimireu / Vladimir).
    """
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return 0.9 if a[0] == b[0] else 0.0
    if pa == pb:
        return 0.95
    nicks = tables.nicknames()
    ga, gb = nicks.get(a, (a,)), nicks.get(b, (b,))
    if a in gb or b in ga or not set(ga).isdisjoint(gb):
        return 0.9
    if cross and (b in alternates(a) or a in alternates(b)):
        return CROSS_SYSTEM_SCORE
    if chinese and is_sinitic(a) and is_sinitic(b):
        # Chinese syllables: one letter more or less is another syllable, so another name.
        return max(0.0, (Levenshtein.normalized_similarity(pa, pb) - 0.7) / 0.3 * 0.85)
    best = 0.88 if ocr_fold(a) == ocr_fold(b) else 0.0
    article = _without_article(a, b) or _without_article(b, a)
    if article:
        return article
    if len(a) == len(b) == 4 and OSA.distance(a, b) == 1 and Levenshtein.distance(a, b) == 2:
        return 0.85  # two letters swapped: Begr / Berg
    if min(len(a), len(b)) >= 5:
        if OSA.distance(a, b) <= 1 or OSA.distance(pa, pb) <= 1:
            return 0.88
        if _is_suffixed(pa, pb) or _is_suffixed(a, b):
            return 0.85  # an inflected ending: Putin / Putinas, Vladimir / Vladimirs
        if (translit and skeleton(a) == skeleton(b)) or _same_consonants(a, b):
            best = max(best, 0.85)  # Mohamed / Muhammad; not Walker / Parker, Muller / Moore
        fuzzy = (JaroWinkler.normalized_similarity(pa, pb) - 0.75) / 0.25 * 0.85
    else:
        fuzzy = (Levenshtein.normalized_similarity(pa, pb) - 0.5) / 0.5 * 0.85
    return max(best, fuzzy, 0.0)


def _without_article(a: str, b: str) -> float:
    """The Arabic article written into the name (Almasri / Masry, Elsayed / Sayed): ``fold``
    drops "al-" only when it is written apart, since Alena and Elena begin with it too."""
    if len(a) < 6 or a[:2] not in ("al", "el") or len(b) < 4:
        return 0.0
    rest = a[2:]
    if rest == b or phonetic(rest) == phonetic(b):
        return 0.9
    if min(len(rest), len(b)) >= 4 and OSA.distance(phonetic(rest), phonetic(b)) <= 1:
        return 0.85
    return 0.0


def _same_consonants(a: str, b: str) -> bool:
    """What an abjad would write of both is the same: four consonants or more, or three with the
    same first letter (Khaled / Khalid), not Banghwa / Yufung (bng)."""
    written = consonants(a)
    if written != consonants(b):
        return False
    return len(written) >= 4 or (len(written) == 3 and a[0] == b[0])


def _is_suffixed(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(long) - len(short) <= 2 and long.startswith(short)


@lru_cache(maxsize=262_144)
def consonant_similarity(a: str, b: str) -> float:
    """Tokens of an abjad (Arabic, Hebrew: vowels unwritten) against any: consonant classes only."""
    if a == b:
        return 0.92
    if not a or not b:
        return 0.0
    return max(0.0, (Levenshtein.normalized_similarity(a, b) - 0.5) / 0.5 * 0.85)


def _hanzi_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) != len(b):
        return 0.0
    same = sum(1 for x, y in zip(a, b, strict=True) if x == y)
    return 0.5 * same / len(a)


# --- forms -----------------------------------------------------------------------------------


def passes_gate(a: PreparedForm, b: PreparedForm) -> bool:
    """Whether the forms share keys covering two tokens on each side (one, if either side has
    only one full token). A pair of forms that fails is never scored."""
    if a.full <= 1 or b.full <= 1:
        return not a.coverage.keys().isdisjoint(b.coverage)
    shared = a.coverage.keys() & b.coverage.keys()
    if not shared:
        return False
    need = 2
    bits_a = bits_b = 0
    for key in shared:
        bits_a |= a.coverage[key]
        bits_b |= b.coverage[key]
    return bits_a.bit_count() >= need and bits_b.bit_count() >= need


def form_similarity(a: PreparedForm, b: PreparedForm) -> float:
    if (a.tokens, a.kind) > (b.tokens, b.kind):
        a, b = b, a  # one order for every pair: the greedy alignment is then symmetric
    if a.kind == HANZI:
        return _align(a.tokens, b.tokens, a.tokens, b.tokens, HANZI_MODE)
    if a.tokens == b.tokens:
        return 1.0
    if a.abjad or b.abjad:
        return _abjad_similarity(a, b)
    if not a.joined.isdisjoint(b.joined):
        return JOINED_SCORE  # the same letters, split or ordered differently
    strict = a.kind == ROMANISED or b.kind == ROMANISED or (a.sinitic and b.sinitic)
    mode = STRICT_MODE if strict else LATIN_MODE
    if a.kind == LATIN and b.kind == LATIN:
        mode |= CROSS
    if _rough_vowels(a.via) or _rough_vowels(b.via):
        mode |= TRANSLIT
    best = _align(a.tokens, b.tokens, a.phonetic, b.phonetic, mode)
    if len(a.tokens) != len(b.tokens) and best < 1.0:
        long, short = (a, b) if len(a.tokens) > len(b.tokens) else (b, a)
        for merged in _partitions(long.tokens, len(short.tokens)):
            phon = tuple(phonetic(t) for t in merged)
            best = max(best, _align(merged, short.tokens, phon, short.phonetic, mode))
    return best


def _rough_vowels(via: str) -> bool:
    """A form anyascii transliterated from a script other than Hanzi (Hangul, Devanagari,
    Thai …): its vowels are rough, so consonant skeletons count. Forms read from Hanzi come
    from our tables (pinyin, Wade-Giles, Cantonese, Korean readings) and are exact."""
    return via.endswith("→latin") and via.split("→")[0] not in _FULL_VOWEL_SCRIPTS


# Scripts whose transliterations write every vowel: skeletons there would let Vlasov meet Borisov.
_FULL_VOWEL_SCRIPTS = frozenset({"cyrillic", "greek", "latin", "armenian", "georgian"})


def _abjad_similarity(a: PreparedForm, b: PreparedForm) -> float:
    sa = tuple(consonants(t) for t in a.tokens)
    sb = tuple(consonants(t) for t in b.tokens)
    best = _align(sa, sb, sa, sb, ABJAD_MODE)
    if len(sa) != len(sb) and best < 0.92:
        long, short = (a.tokens, sb) if len(sa) > len(sb) else (b.tokens, sa)
        for merged in _partitions(long, len(short)):
            skel = tuple(consonants(t) for t in merged)
            best = max(best, _align(skel, short, skel, short, ABJAD_MODE))
    return best


def _partitions(tokens: tuple[str, ...], parts: int) -> list[tuple[str, ...]]:
    n = len(tokens)
    if n > MAX_PARTITION_TOKENS:
        return []
    out = []
    for cuts in combinations(range(1, n), parts - 1):
        bounds = (0, *cuts, n)
        out.append(tuple("".join(tokens[bounds[i] : bounds[i + 1]]) for i in range(parts)))
    if parts == 1 and n == 2:
        out.append((tokens[1] + tokens[0],))
    return out


HANZI_MODE, LATIN_MODE, STRICT_MODE, ABJAD_MODE, CROSS, TRANSLIT = 1, 2, 4, 8, 16, 32


def _similarity(mode: int, ta: str, tb: str, pa: str, pb: str) -> float:
    if mode == HANZI_MODE:
        return _hanzi_similarity(ta, tb)
    if mode == ABJAD_MODE:
        return consonant_similarity(min(ta, tb), max(ta, tb))
    cross, chinese, translit = bool(mode & CROSS), bool(mode & STRICT_MODE), bool(mode & TRANSLIT)
    if ta <= tb:
        return token_similarity(ta, tb, pa, pb, cross, chinese, translit)
    return token_similarity(tb, ta, pb, pa, cross, chinese, translit)


def _weight(token: str, mode: int) -> int:
    """Longer tokens weigh more; a short surname (Li, Qu, Ng) still weighs like a syllable pair."""
    n = len(token)
    if n > 3:
        return n
    if n <= 1:
        return 1
    return 4 if mode & STRICT_MODE else 3


def _surplus_weight(token: str, mode: int, edge: bool) -> float:
    """What a token left unpaired costs. ``edge``: it is the first or last token of its form and
    the paired tokens are not Chinese syllables (the English name of "James Leung Shing-lung"
    is an extra, not another surname)."""
    if mode & STRICT_MODE and is_sinitic(token):
        return 2 * _weight(token, mode)  # a syllable more in a Chinese name is another name
    if (
        edge
        and mode & (LATIN_MODE | ABJAD_MODE)
        and len(token) > 1
        and not token.endswith(PATRONYMIC_ENDINGS)
    ):
        # A first or last name more (Charles David *Martin* / Charles Davis) is most often
        # another person: the surname or the name people go by. A middle name or a patronymic
        # (Vladimir Vladimirovich Putin) more is the same person written in full.
        return EDGE_SURPLUS_FACTOR * _weight(token, mode)
    return SURPLUS_WEIGHT * max(len(token), 1)


EDGE_SURPLUS_FACTOR = 1.5


def _align(
    a: tuple[str, ...],
    b: tuple[str, ...],
    pa: tuple[str, ...],
    pb: tuple[str, ...],
    mode: int,
) -> float:
    """Greedy alignment of the tokens; call it with the forms in a canonical order (symmetry)."""
    if len(a) == 1 and len(b) == 1:
        return _similarity(mode, a[0], b[0], pa[0], pb[0])
    # Full tokens are paired first, initials after: an initial stands for a given name, so it
    # must not take a full token (M. A. Komarova / Anna Markova) that the surname should meet.
    initials = mode & (LATIN_MODE | STRICT_MODE)
    pairs = sorted(
        (
            (bool(initials) and (len(ta) == 1 or len(tb) == 1)),
            -_similarity(mode, ta, tb, pa[i], pb[j]),
            i,
            j,
        )
        for i, ta in enumerate(a)
        for j, tb in enumerate(b)
    )
    used_a = used_b = 0
    total = weight = 0.0
    best_pair = 0.0
    for _, neg, i, j in pairs:
        if used_a >> i & 1 or used_b >> j & 1:
            continue
        used_a |= 1 << i
        used_b |= 1 << j
        w = _weight(a[i], mode) + _weight(b[j], mode)
        total -= neg * w
        weight += w if -neg >= CONFLICT_BELOW else CONFLICT_FACTOR * w  # two different names
        if -neg > best_pair:
            best_pair = -neg
    if len(a) == 1 or len(b) == 1:
        return best_pair * MONONYM_FACTOR
    surplus = 0.0
    if len(a) != len(b):
        last_a, last_b = len(a) - 1, len(b) - 1
        if all(is_sinitic(t) for i, t in enumerate(a) if used_a >> i & 1):
            last_a = last_b = -1  # no edge: the paired tokens are a Chinese name
        if mode & ABJAD_MODE:  # Arabic names: the given name leads; a family name may be dropped
            last_a = last_b = 0
        # Plain left-to-right sums (``sum`` compensates float rounding from Python 3.12 on):
        # the compiled twin in _speedups.pyx adds in this order, bit for bit.
        surplus_a = surplus_b = 0.0
        for i, t in enumerate(a):
            if not used_a >> i & 1:
                surplus_a += _surplus_weight(t, mode, last_a >= 0 and i in (0, last_a))
        for j, t in enumerate(b):
            if not used_b >> j & 1:
                surplus_b += _surplus_weight(t, mode, last_b >= 0 and j in (0, last_b))
        surplus = surplus_a + surplus_b
    return total / (weight + surplus) if weight else 0.0


# --- names and records -----------------------------------------------------------------------


def writes_hanzi(record: PreparedRecord) -> bool:
    return any(name.han for name in record.names)


def best_name_match(a: PreparedRecord, b: PreparedRecord) -> NameMatch:
    """The best meeting of a name of ``a`` with a name of ``b``. When both records write a name
    in Hanzi, only their Hanzi names meet: the characters tell apart what romanisations merge
    (李明丽 and 李明怡 are both Li Mingli/Mingyi to a typo-tolerant Latin comparison)."""
    if a.keys.isdisjoint(b.keys):
        return NO_MATCH
    han_only = writes_hanzi(a) and writes_hanzi(b)
    best = NO_MATCH
    for name_a in a.names:
        for name_b in b.names:
            if han_only and not (name_a.han and name_b.han):
                continue
            if name_a.keys.isdisjoint(name_b.keys):
                continue
            found = _best_forms(name_a, name_b)
            if found.score > best.score:
                best = found
    return best


def best_query_match(
    a: PreparedRecord, name_b: PreparedName, *, han_only: bool = False
) -> NameMatch:
    """``best_name_match`` of ``a`` with one name of a record; ``han_only``: that record and
    ``a`` both write a name in Hanzi (so only Hanzi names meet)."""
    best = NO_MATCH
    if a.keys.isdisjoint(name_b.keys) or (han_only and not name_b.han):
        return best
    for name_a in a.names:
        if han_only and not name_a.han:
            continue
        if name_a.keys.isdisjoint(name_b.keys):
            continue
        found = _best_forms(name_a, name_b)
        if found.score > best.score:
            best = found
    return best


def _best_forms(name_a: PreparedName, name_b: PreparedName) -> NameMatch:
    both_han = name_a.han and name_b.han
    best = NO_MATCH
    for fa in name_a.forms:
        for fb in name_b.forms:
            if (fa.kind, fb.kind) not in _COMPATIBLE or (both_han and fa.kind != HANZI):
                continue
            if fa.coverage.keys().isdisjoint(fb.coverage) or not passes_gate(fa, fb):
                continue
            score = form_similarity(fa, fb)
            if score > best.score:
                best = NameMatch(score, name_a, name_b, fa, fb)
                if score >= 1.0:
                    return best
    return best


# The compiled twin of the scoring above (``_speedups.pyx``: the same operations in the same
# order, bit-identical scores; ``make venv`` builds it). Without it, this module's Python runs.
py_best_name_match, py_best_query_match = best_name_match, best_query_match
try:
    from lawbridge.engines.names import _speedups
except ImportError:  # not built (no C compiler): the reference implementation serves
    COMPILED = False
else:
    COMPILED = True
    _speedups.bind(sys.modules[__name__])
    best_name_match = _speedups.best_name_match  # noqa: F811
    best_query_match = _speedups.best_query_match  # noqa: F811
