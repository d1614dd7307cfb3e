"""Prepared names and records: every form of every name, with its tokens and blocking keys."""

from __future__ import annotations

import sys
from collections.abc import Callable, KeysView
from dataclasses import dataclass
from functools import lru_cache
from sys import intern
from typing import TypeVar

from lawbridge.engines.names.normalize import (
    PhoneticPiece,
    consonants,
    phonetic,
    phonetic_joined,
    phonetic_piece,
    primary_key,
    run_key,
    spell_phonetic,
    spell_phonetics,
    token_keys,
)
from lawbridge.engines.names.record import PersonRecord
from lawbridge.engines.names.syllables import (
    MAX_SYLLABLES,
    is_sinitic,
    pinyin_syllables,
    reads_sinitic,
    segment_pinyin,
    spell_alternates,
    syllable_count,
)
from lawbridge.engines.names.translit import HANZI, LATIN, ROMANISED, Form, forms_of

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


_T = TypeVar("_T")


def _same(value: _T) -> _T:
    return value


# ``_speedups.untrack`` when built (see the end of this module): what a name is made of, kept
# out of the cyclic garbage collector's passes.
_untrack = _same


@lru_cache(maxsize=50_000)
def prepare_name(text: str) -> PreparedName:
    return _prepare_name(text)


def py_prepare_name(text: str) -> PreparedName:
    """``prepare_name`` uncached: the reference of the compiled ``_speedups.prepare_name``."""
    forms = _untrack(tuple([prepare_form(form) for form in forms_of(text)]))
    keys = _untrack(frozenset().union(*(form.keys for form in forms)))
    return _untrack(PreparedName(text, forms, keys, any(f.kind == HANZI for f in forms)))


_prepare_name = py_prepare_name  # the compiled twin when built (the end of this module)


def prepare_record(record: PersonRecord) -> PreparedRecord:
    if not record.aliases:  # most records: one name
        name = prepare_name(record.name)
        return PreparedRecord(record, (name,), name.keys)  # shared, not copied
    names = tuple([prepare_name(text) for text in dict.fromkeys((record.name, *record.aliases))])
    if len(names) == 1:
        return PreparedRecord(record, names, names[0].keys)  # shared, not copied
    return PreparedRecord(record, names, frozenset().union(*(n.keys for n in names)))


def prepare_form(form: Form) -> PreparedForm:
    # The keys come from bounded caches per token (_token) and from the tokens' cached parts
    # for runs of tokens (_run_keys), interned once: names share most of their tokens
    # (surnames, syllables). The passes and their order are those of the plain definition, so
    # the coverage dict is the same, built in the same order.
    coverage: dict[str, int] = {}
    get = coverage.get
    tokens = form.tokens
    kind = form.kind
    count = len(tokens)
    cached = _TOKEN_PARTS.get(kind)
    parts = [cached(t) for t in tokens] if cached else [_token_parts(t, kind) for t in tokens]
    bit = 1
    for part in parts:
        for key in part[0]:
            coverage[key] = get(key, 0) | bit
        bit <<= 1
    joined: frozenset[str] | None = None
    if kind != HANZI and 1 < count <= MAX_MERGED_TOKENS:
        # A run of tokens gets only its exact key: one key that stands for two tokens must be
        # specific, or it would let unrelated names through the two-token gate.
        if count == 2:
            first, second = parts
            forward, backward = tokens[0] + tokens[1], tokens[1] + tokens[0]
            for key in _run_keys(forward, [first, second], kind):
                coverage[key] = get(key, 0) | 3
            for key in _run_keys(backward, [second, first], kind):
                coverage[key] = get(key, 0) | 3
            joined = frozenset((forward, backward))  # the two rotations
        else:
            for start in range(count):
                for end in range(start + 2, min(start + MAX_RUN, count) + 1):
                    bits = ((1 << end) - 1) ^ ((1 << start) - 1)
                    run = "".join(tokens[start:end])
                    for key in _run_keys(run, parts[start:end], kind):
                        coverage[key] = get(key, 0) | bits
    if kind == LATIN:
        bit = 1
        for part in parts:
            for key in part[1]:
                coverage[key] = get(key, 0) | bit
            bit <<= 1
    abjad = _is_abjad(form.via)
    if abjad:  # w and y are vowels in Arabic and Hebrew: key what is written (mhmwd: mhmd)
        bit = 1
        for t in tokens:
            for key in _abjad_keys(t):
                coverage[key] = get(key, 0) | bit
            bit <<= 1
    if kind == HANZI:
        full = count
        phon = tokens
        sinitic = False
    else:
        full = len([t for t in tokens if len(t) > 1])
        phon = tuple([part[2] for part in parts])
        sinitic = all(part[3] for part in parts)
    if not full:  # initials only ("J. S."): the initials together are the key
        coverage[intern("i" + "".join(tokens))] = (1 << count) - 1
    if joined is None:
        if count == 1:
            joined = frozenset(tokens)
        else:
            joined = frozenset(["".join(tokens[k:] + tokens[:k]) for k in range(count)])
    return PreparedForm(tokens, phon, form.via, kind, full, abjad, sinitic, joined, coverage)


# (keys, keys of its spellings in other romanisations, phonetic, sinitic, syllables, and its
# phonetic pieces as a Chinese syllable and not: see normalize.phonetic_joined)
_TokenParts = tuple[tuple[str, ...], tuple[str, ...], str, bool, int, PhoneticPiece, PhoneticPiece]


_NO_PIECE: PhoneticPiece = ("", (), "", "", True, True)  # Hanzi tokens are never written together


def py_token_parts(token: str, kind: int) -> _TokenParts:
    """What ``prepare_form`` needs of one token in a form of ``kind``."""
    if kind == HANZI:
        keys = tuple(intern(key) for key in dict.fromkeys("h" + ch for ch in token))
        return keys, (), "", False, 0, _NO_PIECE, _NO_PIECE
    # an initial carries no key: the other tokens must meet
    keys = () if len(token) == 1 else tuple(map(intern, token_keys(token)))
    spellings: tuple[str, ...] = ()
    if kind == LATIN:  # the exact keys of alternates(token), in its order
        spellings = _spelling_keys(token, pinyin_syllables(token))
    return (
        keys,
        spellings,
        phonetic(token),
        is_sinitic(token),
        syllable_count(token),
        phonetic_piece(token, True),
        phonetic_piece(token, False),
    )


_token_parts = py_token_parts  # the compiled twin when built (the end of this module)


# One cache per kind of form, keyed by the token alone (no key tuple to build per lookup).
@lru_cache(maxsize=65536)
def _hanzi_token(token: str) -> _TokenParts:
    return _token_parts(token, HANZI)


@lru_cache(maxsize=65536)
def _romanised_token(token: str) -> _TokenParts:
    return _token_parts(token, ROMANISED)


@lru_cache(maxsize=65536)
def _latin_token(token: str) -> _TokenParts:
    return _token_parts(token, LATIN)


_TOKEN_PARTS: dict[int, Callable[[str], _TokenParts]] = {
    HANZI: _hanzi_token,
    ROMANISED: _romanised_token,
    LATIN: _latin_token,
}


def _run_keys(joined: str, parts: list[_TokenParts], kind: int) -> tuple[str, ...]:
    """Keys of tokens written together: exact for Chinese syllables (a skeleton of several short
    syllables, like NK for Yang Jia, would be shared by far too many names), with the other
    systems' spellings of a Latin pinyin run ("jun min" meets "Chun-min").

    Computed from the tokens' parts where that is exact (see ``normalize.phonetic_joined``):
    a run is rarely seen again, so caching it would not pay."""
    syllables = 0
    for part in parts:
        if not part[4]:
            syllables = MAX_SYLLABLES + 1
            break
        syllables += part[4]
    # Tokens of at most MAX_SYLLABLES syllables in all are Chinese syllables; else ask.
    if syllables <= MAX_SYLLABLES or reads_sinitic(joined):
        phon = phonetic_joined([part[5] for part in parts])
        key = intern("v" + (spell_phonetic(joined, True) if phon is None else phon))
        if kind != LATIN:
            return (key,)
        return (key, *_run_spelling_keys(joined))
    phon = phonetic_joined([part[6] for part in parts])
    return (intern(run_key(joined, phon)),)


@lru_cache(maxsize=65536)
def _run_spelling_keys(joined: str) -> tuple[str, ...]:
    """The exact keys of ``alternates(joined)``, uncached (a run is rarely seen again)."""
    return _spelling_keys(joined, segment_pinyin(joined))


def py_spelling_keys(text: str, syllables: tuple[str, ...] | None) -> tuple[str, ...]:
    """``exact_key(spelling, True)`` of each of ``alternates(text)``, in its order, given
    ``pinyin_syllables(text)``: all of them in one ``spell_phonetics`` (up to 18 spellings)."""
    spellings = spell_alternates(text, syllables)
    if not spellings:
        return ()
    # frozenset(): built as ``alternates`` builds it, so iterated in the same order
    return tuple([intern("v" + p) for p in spell_phonetics(list(frozenset(spellings)), True)])


_spelling_keys = py_spelling_keys  # the compiled twin when built (the end of this module)


@lru_cache(maxsize=65536)
def _abjad_keys(token: str) -> tuple[str, ...]:
    written = consonants(token)
    return (intern(primary_key(written)), intern("c" + written))


@lru_cache(maxsize=256)
def _is_abjad(via: str) -> bool:
    return via.split("→")[0] in ABJADS


# The compiled twin of ``prepare_form`` (``_speedups.pyx``: the same keys in the same order, the
# same ``PreparedForm``; ``make venv`` builds it). Without it, this module's Python runs.
py_prepare_form = prepare_form
try:
    from lawbridge.engines.names import _speedups
except ImportError:  # not built (no C compiler): the reference implementation serves
    COMPILED = False
else:
    # A module built from an older source has no preparation: the reference serves (CI fails then)
    COMPILED = hasattr(_speedups, "bind_prepared")
if COMPILED:
    _speedups.bind_prepared(sys.modules[__name__])
    prepare_form = _speedups.prepare_form  # noqa: F811
    _prepare_name = _speedups.prepare_name
    _spelling_keys = _speedups.spelling_keys
    _token_parts = _speedups.token_parts
    _untrack = _speedups.untrack
