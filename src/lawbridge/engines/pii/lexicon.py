"""The pii engine's word tables, read once from ``data/`` (see ``genscripts/pii_tables.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: How many of ``zh_surnames.txt``'s single surnames (frequency order) count as common.
COMMON_ZH_SURNAMES = 100
#: Passport spellings of the surname 吕 (Lü): the table writes ü as u, passports since 2012 as yu.
PINYIN_U_SPELLINGS = frozenset({"Lyu", "Lv"})


def read_words(name: str) -> list[str]:
    text = resources.files("lawbridge.engines.pii").joinpath("data", name).read_text("utf-8")
    return [word for line in text.splitlines() if not line.startswith("#") for word in line.split()]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Name dictionaries: Chinese surnames, English first names and surnames, pinyin."""

    zh_surnames: frozenset[str]
    zh_common_surnames: frozenset[str]
    en_first_names: frozenset[str]
    en_surnames: frozenset[str]
    pinyin_surnames: frozenset[str]
    pinyin_syllables: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    zh = read_words("zh_surnames.txt")
    singles = [s for s in zh if len(s) == 1]
    return Lexicon(
        zh_surnames=frozenset(zh),
        zh_common_surnames=frozenset(singles[:COMMON_ZH_SURNAMES] + [s for s in zh if len(s) > 1]),
        en_first_names=frozenset(read_words("en_first_names.txt")),
        en_surnames=frozenset(read_words("en_surnames.txt")),
        pinyin_surnames=frozenset(read_words("pinyin_surnames.txt")) | PINYIN_U_SPELLINGS,
        pinyin_syllables=frozenset(read_words("pinyin_syllables.txt")),
    )


def is_pinyin(word: str, syllables: frozenset[str]) -> bool:
    """Whether a lower-case word splits into pinyin syllables (greedy longest-first with backtrack)."""
    if not word:
        return True
    for size in range(min(6, len(word)), 0, -1):
        if word[:size] in syllables and is_pinyin(word[size:], syllables):
            return True
    return False
