"""Token similarity in C (``_speedups.pyx``) against compare.py's Python and rapidfuzz.

The index's loop compares every token of a query with every token of each candidate name; it
now does so in C, with the three string metrics written out there. Each is checked here against
the function it stands for: rapidfuzz's compiled scorers for the metrics, ``token_similarity``
and ``consonant_similarity`` (uncached) for the rest, on random strings and on the tokens and
phonetic forms that real names make (nicknames, Chinese syllables in three romanisations, the
Arabic article written in, OCR misreadings).
"""

from __future__ import annotations

import os
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from lawbridge.engines.names import compare as C
from lawbridge.engines.names import tables
from lawbridge.engines.names.normalize import phonetic
from lawbridge.engines.names.prepared import prepare_name
from lawbridge.engines.names.syllables import alternates

if not C.COMPILED:
    if os.environ.get("CI") == "true":
        pytest.fail("CI: the names engine's compiled scorer is not built (make venv)")
    pytest.skip(
        "the compiled scorer is not built here (genscripts/build_speedups.py)",
        allow_module_level=True,
    )

from lawbridge.engines.names import _speedups as S  # noqa: E402 - only when built

reference = C.token_similarity.__wrapped__
consonant_reference = C.consonant_similarity.__wrapped__


def _metrics(a: str, b: str) -> tuple[int, int, float, float]:
    return (
        Levenshtein.distance(a, b),
        OSA.distance(a, b),
        Levenshtein.normalized_similarity(a, b),
        JaroWinkler.normalized_similarity(a, b),
    )


# Small alphabets make repeats, swaps and partial matches common; lengths past 64 take the
# heap buffers; non-ASCII and astral characters check that code points, not bytes, are compared.
letters = st.sampled_from(["ab", "abc", "abcd", "aeiou", "abcdefghijklmnopqrstuvwxyz", "aé中😀"])
word = letters.flatmap(lambda alphabet: st.text(alphabet=alphabet, max_size=80))


@settings(max_examples=3000, deadline=None)
@given(word, word)
def test_string_metrics_equal_rapidfuzz(a: str, b: str) -> None:
    assert S.string_metrics(a, b) == _metrics(a, b)
    assert S.string_metrics(b, a) == _metrics(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("", ""),
        ("", "a"),
        ("a", ""),
        ("a", "a"),
        ("a", "b"),
        ("ab", "ba"),
        ("martha", "marhta"),
        ("dwayne", "duane"),
        ("dixon", "dicksonx"),
        ("tquwf", "fxeu"),  # Jaro below 0.7: the last bits differ without the 1 - (1 - s) step
        ("x" * 70, "x" * 69 + "y"),
        ("ab" * 40, "ba" * 40),
    ],
)
def test_string_metrics_on_known_cases(a: str, b: str) -> None:
    assert S.string_metrics(a, b) == _metrics(a, b)


def _real_tokens() -> list[tuple[str, str]]:
    """(token, phonetic form) of the forms names make, in every script the engine reads."""
    names = [
        "Kuo Sheng-kun",
        "郭声琨",
        "郭聲琨",
        "Guo Shengkun",
        "Kwok Sing Kwan",
        "Zhang Wei",
        "張偉",
        "Cheung Wai",
        "Ou Yang Xiu",
        "欧阳修",
        "Владимир Владимирович Путин",
        "Vladimir Putin",
        "Wladimir Putin",
        "محمد عبد الحميد",
        "Mohamed Abdelhamid",
        "Muhammad Abdul Hamid",
        "Khaled al-Masri",
        "Khalid Almasri",
        "Elsayed Hassan",
        "Robert 'Bob' Smith",
        "Bobby Smyth",
        "Elizabeth Greeri",
        "Liz Green",
        "Edwarcls Johnson",
        "José María González",
        "Jose Maria Gonzales",
        "Begr Anna",
        "Berg Ana",
        "김정은",
        "Kim Jong-un",
    ]
    out: set[tuple[str, str]] = set()
    for text in names:
        for form in prepare_name(text).forms:
            out.update(zip(form.tokens, form.phonetic, strict=True))
    nicknames = tables.nicknames()
    for name in islice(sorted(nicknames), 0, None, max(1, len(nicknames) // 150)):
        out.add((name, phonetic(name)))
        for group in nicknames[name]:
            out.add((group, phonetic(group)))
    for syllable in ("zhang", "wang", "xiong", "zhou", "qian", "liu", "huang", "shengkun"):
        out.add((syllable, phonetic(syllable)))
        for alternate in sorted(alternates(syllable)):
            out.add((alternate, phonetic(alternate)))
    return sorted(out)


REAL = _real_tokens()
real = st.sampled_from(REAL)
flag = st.booleans()


def _both(a: str, b: str, pa: str, pb: str, flags: tuple[bool, bool, bool]) -> None:
    if a > b:  # compare._similarity's order: the reference is called with a <= b
        a, b, pa, pb = b, a, pb, pa
    assert S.token_similarity_c(a, b, pa, pb, *flags) == reference(a, b, pa, pb, *flags), (
        a,
        b,
        pa,
        pb,
        flags,
    )


@settings(max_examples=3000, deadline=None)
@given(real, real, flag, flag, flag)
def test_token_similarity_equals_the_reference_on_real_tokens(
    x: tuple[str, str], y: tuple[str, str], cross: bool, chinese: bool, translit: bool
) -> None:
    _both(x[0], y[0], x[1], y[1], (cross, chinese, translit))
    assert S.consonant_similarity_c(x[1], y[1]) == consonant_reference(
        min(x[1], y[1]), max(x[1], y[1])
    )


lower = st.text(alphabet="abcdeilmnorstuwy", min_size=1, max_size=12)


@settings(max_examples=2000, deadline=None)
@given(lower, lower, flag, flag, flag)
def test_token_similarity_equals_the_reference_on_random_tokens(
    a: str, b: str, cross: bool, chinese: bool, translit: bool
) -> None:
    _both(a, b, phonetic(a), phonetic(b), (cross, chinese, translit))
    # a near pair: one edit, or the article written in front
    _both(a, a[:-1] + "x", phonetic(a), phonetic(a[:-1] + "x"), (cross, chinese, translit))
    _both(
        "al" + a + "ab",
        a + "ab",
        phonetic("al" + a + "ab"),
        phonetic(a + "ab"),
        (cross, False, translit),
    )


def test_every_branch_is_met_on_the_real_tokens() -> None:
    """The real tokens reach each rule of ``token_similarity``, so the checks above test them."""
    values = set()
    for i, (a, pa) in enumerate(REAL):
        for b, pb in REAL[i + 1 : i + 120]:
            x, y, px, py = (a, b, pa, pb) if a <= b else (b, a, pb, pa)
            for flags in ((True, True, True), (False, False, False)):
                value = S.token_similarity_c(x, y, px, py, *flags)
                assert value == reference(x, y, px, py, *flags)
                values.add(value)
    # 0.95 phonetic, 0.9 nickname, 0.85 cross-system/swap/suffix/consonants, 0.88 OSA/OCR
    assert {0.95, 0.9, 0.85, 0.88} <= values
    assert any(0.0 < v < 0.85 for v in values)  # the fuzzy rule
