"""Prepared names and records: every form of every name, with its tokens and blocking keys."""

from __future__ import annotations

from collections.abc import KeysView
from dataclasses import dataclass
from functools import lru_cache
from sys import intern

from lawbridge.engines.names.normalize import (
    consonants,
    exact_key,
    phonetic,
    primary_key,
    token_keys,
)
from lawbridge.engines.names.record import PersonRecord
from lawbridge.engines.names.syllables import alternates, is_sinitic
from lawbridge.engines.names.translit import HANZI, LATIN, Form, name_forms

# A form of at most this many tokens also gets keys for every run of adjacent tokens, so that
# "Sheng Kun" meets "Shengkun" and "Guoshengkun" meets "Guo Shengkun".
MAX_MERGED_TOKENS = 4
MAX_RUN = 3
ABJADS = frozenset({"arabic", "hebrew", "syriac"})


@dataclass(frozen=True, slots=True)
class PreparedForm:
    tokens: tuple[str, ...]
    phonetic: tuple[str, ...]
    via: str
    kind: int
    full: int  # tokens that are not initials
    abjad: bool  # transliterated from a script that leaves vowels unwritten (Arabic, Hebrew)
    sinitic: bool  # every token reads as Chinese syllables
    joined: frozenset[str]  # the tokens written together, from each rotation (name order)
    coverage: dict[str, int]  # blocking key -> bitmask of the tokens it stands for

    @property
    def keys(self) -> KeysView[str]:
        return self.coverage.keys()


@dataclass(frozen=True, slots=True)
class PreparedName:
    text: str
    forms: tuple[PreparedForm, ...]
    keys: frozenset[str]
    han: bool


@dataclass(frozen=True, slots=True)
class PreparedRecord:
    """A record ready to compare; build it with ``Matcher.prepare`` (cached per name string)."""

    record: PersonRecord
    names: tuple[PreparedName, ...]
    keys: frozenset[str]


@lru_cache(maxsize=50_000)
def prepare_name(text: str) -> PreparedName:
    forms = tuple(prepare_form(form) for form in name_forms(text))
    keys = frozenset().union(*(form.keys for form in forms))
    return PreparedName(text, forms, keys, any(f.kind == HANZI for f in forms))


def prepare_record(record: PersonRecord) -> PreparedRecord:
    names = tuple(prepare_name(text) for text in dict.fromkeys((record.name, *record.aliases)))
    if len(names) == 1:
        return PreparedRecord(record, names, names[0].keys)  # shared, not copied
    return PreparedRecord(record, names, frozenset().union(*(n.keys for n in names)))


def prepare_form(form: Form) -> PreparedForm:
    coverage: dict[str, int] = {}
    tokens = form.tokens
    for i, token in enumerate(tokens):
        for key in _keys(token, form.kind):
            coverage[key] = coverage.get(key, 0) | (1 << i)
    if form.kind != HANZI and 1 < len(tokens) <= MAX_MERGED_TOKENS:
        for start in range(len(tokens)):
            for end in range(start + 2, min(start + MAX_RUN, len(tokens)) + 1):
                bits = ((1 << end) - 1) ^ ((1 << start) - 1)
                # A run of tokens gets only its exact key: one key that stands for two tokens
                # must be specific, or it would let unrelated names through the two-token gate.
                for key in _run_keys("".join(tokens[start:end]), form.kind):
                    coverage[key] = coverage.get(key, 0) | bits
        if len(tokens) == 2:
            for key in _run_keys(tokens[1] + tokens[0], form.kind):
                coverage[key] = coverage.get(key, 0) | 3
    if form.kind == LATIN:
        for i, token in enumerate(tokens):
            for alternate in alternates(token):
                key = exact_key(alternate, True)
                coverage[key] = coverage.get(key, 0) | (1 << i)
    abjad = form.via.split("→")[0] in ABJADS
    if abjad:  # w and y are vowels in Arabic and Hebrew: key what is written (mhmwd: mhmd)
        for i, token in enumerate(tokens):
            for key in (primary_key(consonants(token)), "c" + consonants(token)):
                coverage[key] = coverage.get(key, 0) | (1 << i)
    full = sum(1 for t in tokens if len(t) > 1 or form.kind == HANZI)
    if not full:  # initials only ("J. S."): the initials together are the key
        coverage["i" + "".join(tokens)] = (1 << len(tokens)) - 1
    phon = tuple(phonetic(t) for t in tokens) if form.kind != HANZI else tokens
    sinitic = form.kind != HANZI and all(is_sinitic(t) for t in tokens)
    joined = frozenset("".join(tokens[k:] + tokens[:k]) for k in range(len(tokens)))
    return PreparedForm(
        tokens,
        phon,
        form.via,
        form.kind,
        full,
        abjad,
        sinitic,
        joined,
        {intern(key): bits for key, bits in coverage.items()},
    )


def _keys(token: str, kind: int) -> tuple[str, ...]:
    if kind == HANZI:
        return tuple(dict.fromkeys("h" + ch for ch in token))
    if len(token) == 1:
        return ()  # an initial carries no key: the other tokens must meet
    return token_keys(token)


def _run_keys(joined: str, kind: int) -> tuple[str, ...]:
    """Keys of tokens written together: exact for Chinese syllables (a skeleton of several short
    syllables, like NK for Yang Jia, would be shared by far too many names), with the other
    systems' spellings of a Latin pinyin run ("jun min" meets "Chun-min")."""
    if not is_sinitic(joined):
        return (primary_key(joined),)
    if kind != LATIN:
        return (exact_key(joined, True),)
    return (exact_key(joined, True), *(exact_key(alt, True) for alt in alternates(joined)))
