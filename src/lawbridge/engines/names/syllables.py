"""Chinese romanisation syllables: segmenting unspaced tokens, and cross-system alternates.

"Guoshengkun" segments into guo·sheng·kun; a token made of pinyin syllables also has its Wade-Giles
spelling ("ziying" → "tzuying") and the Hong Kong spellings its syllables take in common names
("mingjia" → "mingka", "minggai" …), so Latin records in different systems still meet.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import islice, product

from lawbridge.engines.names import tables

MAX_SYLLABLES = 4
MAX_SYLLABLE_LENGTH = 6
MAX_ALTERNATES = 16
# How pinyin ü is written in records: Lyu, Lv, Lü (folded to Lu) → our tables' "lu".
_UMLAUT_SPELLINGS = {"lyu": "lu", "nyu": "nu", "lv": "lu", "nv": "nu", "lyue": "lue", "nyue": "nue"}


@cache
def _inventory(system: str) -> frozenset[str]:
    syllables: list[str] = tables.syllables()[system]
    return frozenset(syllables)


@cache
def _all_syllables() -> frozenset[str]:
    return _inventory("pinyin") | _inventory("wade_giles") | _inventory("hong_kong")


@cache
def _pinyin_aliases() -> dict[str, str]:
    pinyin = _inventory("pinyin")
    return {k: v for k, v in _UMLAUT_SPELLINGS.items() if v in pinyin}


@cache
def _pieces(system: str) -> frozenset[str]:
    """What ``_segment`` accepts as one syllable: the inventory and the ü spellings (Lyu, Lv)."""
    inventory = _all_syllables() if system == "all" else _inventory(system)
    return inventory | frozenset(_UMLAUT_SPELLINGS)


def _alternation(words: list[str]) -> str:
    """A regular expression matching exactly one of ``words``, factored by common prefixes.

    A flat alternation of 800 syllables is tried branch by branch at every position; this one
    fails on the first letter that no syllable continues with."""
    ends = False
    by_first: dict[str, list[str]] = {}
    for word in words:
        if word:
            by_first.setdefault(word[0], []).append(word[1:])
        else:
            ends = True
    branches = [re.escape(ch) + _alternation(rest) for ch, rest in sorted(by_first.items())]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


@cache
def _segmentable(system: str) -> re.Pattern[str]:
    """Whether a token is one to MAX_SYLLABLES syllables of ``system``, as one regex match.

    Equivalent to ``_segment(...) is not None``: the backtracking match tries every split, and
    the fewest-syllable split uses at most MAX_SYLLABLES syllables exactly when some split does.
    It is the check run on every token and every run of tokens, so it must not be a Python loop.
    """
    syllable = _alternation(sorted(_pieces(system)))
    return re.compile(f"(?:{syllable}){{1,{MAX_SYLLABLES}}}")


@cache
def _segmenters(system: str) -> tuple[re.Pattern[str], ...]:
    """For k = 1 … MAX_SYLLABLES, a pattern of exactly k syllables of ``system`` written
    backwards, each group trying its longest syllable first (see ``_segment``)."""
    backwards = _alternation(sorted(piece[::-1] for piece in _pieces(system)))
    return tuple(re.compile(f"({backwards})" * count) for count in range(1, MAX_SYLLABLES + 1))


def _segment(token: str, system: str) -> tuple[str, ...] | None:
    """Fewest-syllable segmentation of ``token`` into ``_pieces(system)``, or None.

    Of several fewest-syllable segmentations, the one whose last syllable is longest, then
    whose last but one is longest, and so on. (This was a dynamic programme over the token's
    prefixes in which a prefix's segmentation changed only for strictly fewer syllables, so the
    smallest start of the last syllable won; here the reversed token is matched against k
    reversed syllables for k = 1, 2 …, and the backtracking regex tries the longest syllable
    first for the last syllable, then for the one before it, which picks the same one, in C.)
    """
    if len(token) > MAX_SYLLABLES * MAX_SYLLABLE_LENGTH or not token.isalpha():
        return None
    if _segmentable(system).fullmatch(token) is None:
        return None
    return _split(token, system)


def _split(token: str, system: str) -> tuple[str, ...] | None:
    """``_segment`` of a token known to segment (``_segmentable(system)`` matches it)."""
    backwards = token[::-1]
    for pattern in _segmenters(system):
        match = pattern.fullmatch(backwards)
        if match is not None:
            return tuple([syllable[::-1] for syllable in reversed(match.groups())])
    return None  # not reached: _segmentable matched


@lru_cache(maxsize=65536)
def pinyin_syllables(token: str) -> tuple[str, ...] | None:
    return segment_pinyin(token)


def segment_pinyin(token: str) -> tuple[str, ...] | None:
    """``pinyin_syllables`` uncached, for strings seen once (tokens written together)."""
    found = _segment(token, "pinyin")
    if found is None:
        return None
    aliases = _pinyin_aliases()
    return tuple(aliases.get(s, s) for s in found)


@lru_cache(maxsize=65536)
def is_sinitic(token: str) -> bool:
    """Whether the token reads as one to four syllables of pinyin, Wade-Giles or Cantonese."""
    return reads_sinitic(token)


def reads_sinitic(token: str) -> bool:
    """``is_sinitic`` uncached, for strings seen once (tokens written together)."""
    if len(token) > MAX_SYLLABLES * MAX_SYLLABLE_LENGTH:
        return False
    return _segmentable("all").fullmatch(token) is not None


def syllable_count(token: str) -> int:
    """The fewest syllables ``token`` reads as (``is_sinitic``), or 0 if it does not."""
    if not is_sinitic(token):
        return 0
    found = _split(token, "all")  # is_sinitic matched it: segmentable, at most 24 letters
    return 0 if found is None else len(found)


@lru_cache(maxsize=65536)
def alternates(token: str) -> frozenset[str]:
    """Wade-Giles and Hong Kong spellings of a pinyin token (empty if it is not pinyin)."""
    return frozenset(spell_alternates(token, pinyin_syllables(token)))


def spell_alternates(token: str, syllables: tuple[str, ...] | None) -> set[str]:
    """``alternates`` of a token already segmented (``pinyin_syllables``), as a new set."""
    if syllables is None:
        return set()
    wade = tables.wade_giles()
    out = {"".join(wade.get(s, s) for s in syllables), "".join(syllables)}
    hong_kong = tables.syllables()["pinyin_to_hong_kong"]
    options = [hong_kong.get(s, ()) for s in syllables]
    if all(options):
        for combo in islice(product(*options), MAX_ALTERNATES):
            out.add("".join(combo))
    out.discard(token)
    return out


def is_syllable(token: str) -> bool:
    """Whether the token is one syllable of pinyin, Wade-Giles or Cantonese (Wang, Hsu, Wong)."""
    return token in _all_syllables() or token in _UMLAUT_SPELLINGS
