"""Chinese romanisation syllables: segmenting unspaced tokens, and cross-system alternates.

"Guoshengkun" segments into guo·sheng·kun; a token made of pinyin syllables also has its Wade-Giles
spelling ("ziying" → "tzuying") and the Hong Kong spellings its syllables take in common names
("mingjia" → "mingka", "minggai" …), so Latin records in different systems still meet.
"""

from __future__ import annotations

from functools import cache, lru_cache
from itertools import product

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


def _segment(token: str, inventory: frozenset[str]) -> tuple[str, ...] | None:
    """Fewest-syllable segmentation of ``token`` into syllables of ``inventory``, or None."""
    n = len(token)
    if n > MAX_SYLLABLES * MAX_SYLLABLE_LENGTH or not token.isalpha():
        return None
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for start in range(n):
        head = best[start]
        if head is None or len(head) >= MAX_SYLLABLES:
            continue
        for end in range(start + 1, min(n, start + MAX_SYLLABLE_LENGTH) + 1):
            piece = token[start:end]
            if piece in inventory or piece in _UMLAUT_SPELLINGS:
                current = best[end]
                if current is None or len(head) + 1 < len(current):
                    best[end] = (*head, piece)
    return best[n]


@lru_cache(maxsize=65536)
def pinyin_syllables(token: str) -> tuple[str, ...] | None:
    found = _segment(token, _inventory("pinyin"))
    if found is None:
        return None
    aliases = _pinyin_aliases()
    return tuple(aliases.get(s, s) for s in found)


@lru_cache(maxsize=65536)
def is_sinitic(token: str) -> bool:
    """Whether the token reads as one to four syllables of pinyin, Wade-Giles or Cantonese."""
    return _segment(token, _all_syllables()) is not None


@lru_cache(maxsize=65536)
def alternates(token: str) -> frozenset[str]:
    """Wade-Giles and Hong Kong spellings of a pinyin token (empty if it is not pinyin)."""
    syllables = pinyin_syllables(token)
    if syllables is None:
        return frozenset()
    wade = tables.wade_giles()
    out = {"".join(wade.get(s, s) for s in syllables), "".join(syllables)}
    hong_kong = tables.syllables()["pinyin_to_hong_kong"]
    options = [hong_kong.get(s, ()) for s in syllables]
    if all(options):
        for count, combo in enumerate(product(*options)):
            if count >= MAX_ALTERNATES:
                break
            out.add("".join(combo))
    out.discard(token)
    return frozenset(out)


def is_syllable(token: str) -> bool:
    """Whether the token is one syllable of pinyin, Wade-Giles or Cantonese (Wang, Hsu, Wong)."""
    return token in _all_syllables() or token in _UMLAUT_SPELLINGS
