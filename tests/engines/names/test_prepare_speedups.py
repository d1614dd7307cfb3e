"""The compiled preparation (``_speedups.pyx``) makes the same ``PreparedName`` as the Python:
the same tokens, phonetic tokens and flags, the same coverage dicts with their keys in the same
order, the same ``joined`` and ``keys`` (iterated in the same order). Checked twice: in another
process, the whole Python path (``_speedups`` not importable) against the compiled one; here,
each compiled twin against its Python reference (``prepare_form``, the spellings' keys, token
keys, the letter-group pass, repeat collapsing, the final h), on dev and random input."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawbridge.engines.names import normalize as N
from lawbridge.engines.names import prepared as P
from lawbridge.engines.names.syllables import pinyin_syllables, segment_pinyin
from lawbridge.engines.names.translit import HANZI, LATIN, ROMANISED, Form, forms_of
from lawbridge.errors import InvalidInput

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "bench/names/data"

if not P.COMPILED:
    if os.environ.get("CI") == "true":
        pytest.fail("CI: the names engine's compiled scorer is not built (make venv)")
    pytest.skip(
        "the compiled scorer is not built here (genscripts/build_speedups.py)",
        allow_module_level=True,
    )

from lawbridge.engines.names import _speedups as S  # noqa: E402 - only when built


def _described(form: P.PreparedForm) -> list[Any]:
    """Every field, with the iteration orders of ``joined`` and ``coverage``."""
    return [
        form.tokens,
        form.phonetic,
        form.via,
        form.kind,
        form.full,
        form.abjad,
        form.sinitic,
        list(form.joined),
        list(form.coverage.items()),
    ]


def _assert_same(form: Form) -> None:
    expected = P.py_prepare_form(form)
    found = S.prepare_form(form)
    assert found == expected, form
    assert _described(found) == _described(expected), form
    # bools stay bools and ints ints (True == 1 would hide it)
    assert [type(v) for v in _described(found)] == [type(v) for v in _described(expected)]


def _dev_names() -> list[str]:
    names: dict[str, None] = {}
    for line in (DATA / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        for side in (pair["a"], pair["b"]):
            for text in (side["name"], *side.get("aliases", ())):
                names.setdefault(text.strip())
    for line in (DATA / "screening_list.jsonl").read_text(encoding="utf-8").splitlines()[:3000]:
        row = json.loads(line)
        for text in (row["name"], *row.get("aliases", ())):
            names.setdefault(text.strip())
    return list(names)


_DUMP = """
import json, sys
sys.path.insert(0, sys.argv[1])
from lawbridge.engines.names import normalize, prepared
assert prepared.COMPILED == normalize.COMPILED == (sys.argv[2] == "compiled")
out = []
for text in json.loads(sys.stdin.read()):
    try:
        name = prepared.prepare_name(text)
    except Exception as exc:
        out.append(["error", text, type(exc).__name__, str(exc)])
        continue
    out.append([name.text, name.han, list(name.keys), [
        [f.tokens, f.phonetic, f.via, f.kind, f.full, f.abjad, f.sinitic, list(f.joined),
         list(f.coverage.items())]
        for f in name.forms]])
print(json.dumps(out))
"""


def _prepared_elsewhere(src: Path, mode: str, names: list[str]) -> Any:
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same set iteration order in both
    done = subprocess.run(
        [sys.executable, "-c", _DUMP, str(src), mode],
        input=json.dumps(names),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout)


def test_the_python_path_prepares_the_same_in_another_process(tmp_path: Path) -> None:
    """Dev names, and some that raise, prepared with no compiled module at all and with it."""
    python_src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src/lawbridge",
        python_src / "lawbridge",
        ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"),
    )
    many_tokens = " ".join("ab" + chr(97 + n % 26) + chr(97 + n // 26) for n in range(70))
    names = _dev_names()[::3] + ["", "12345", "ウラジーミル", "J. R. R. Tolkien", many_tokens]
    python = _prepared_elsewhere(python_src, "python", names)
    compiled = _prepared_elsewhere(ROOT / "src", "compiled", names)
    assert len(python) == len(names) > 5000
    assert python == compiled


def test_dev_names_prepare_the_same() -> None:
    """Every form of every name of the dev pairs and of part of the screening list."""
    checked = 0
    for text in _dev_names():
        try:
            forms = forms_of(text)
        except InvalidInput:
            continue
        for form in forms:
            _assert_same(form)
            checked += 1
    assert checked > 30_000


def test_dev_tokens_have_the_same_keys() -> None:
    tokens = {
        token
        for text in _dev_names()[:6000]
        for form in _forms(text)
        if form.kind != HANZI
        for token in form.tokens
    }
    assert len(tokens) > 4000
    for token in tokens:
        assert S.token_keys(token) == N.py_token_keys(token), token
        for kind in (ROMANISED, LATIN):
            assert S.token_parts(token, kind) == P.py_token_parts(token, kind), token


def _forms(text: str) -> tuple[Form, ...]:
    try:
        return forms_of(text)
    except InvalidInput:
        return ()


def test_compiled_names_equal_the_reference() -> None:
    for text in _dev_names()[:3000] + ["J. R. R. Tolkien", "Vladimir Vladimirovich Putin"]:
        try:
            expected = P.py_prepare_name(text)
        except InvalidInput:
            with pytest.raises(InvalidInput):
                S.prepare_name(text)
            continue
        found = S.prepare_name(text)
        assert found == expected
        assert list(found.keys) == list(expected.keys)
        assert type(found.han) is bool
        assert [_described(f) for f in found.forms] == [_described(f) for f in expected.forms]
        assert P.prepare_name.__wrapped__(text) == found  # what the cache wraps


SYLLABLES = ["li", "wang", "zhang", "wei", "min", "sheng", "kun", "guo", "kuo", "ming", "an"]
SYLLABLES += ["xi", "yang", "jia", "tsai", "hsu", "chen", "zhou", "ou", "e", "er", "yu", "lyu"]
LATIN_TOKENS = ["maria", "jose", "smith", "smyth", "ivanov", "ivanovich", "abdul", "abdel"]
LATIN_TOKENS += ["mohammed", "khaled", "walid", "j", "a", "sarah", "tzu", "ahh", "oo", "ts"]
VIAS = ["latin", "hanzi→pinyin", "korean", "arabic→latin", "hebrew→latin", "cyrillic→latin"]
letters = st.text(alphabet="abcdeghijklmnopqrstuvwxyz", min_size=1, max_size=14)
token = st.one_of(st.sampled_from(SYLLABLES + LATIN_TOKENS), letters)
joined_token = st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4).map("".join)
latin_form = st.builds(
    Form,
    st.lists(st.one_of(token, joined_token), min_size=1, max_size=6).map(tuple),
    st.sampled_from(VIAS),
    st.sampled_from([LATIN, ROMANISED]),
)
hanzi_form = st.builds(
    Form,
    st.lists(st.text(alphabet="王李张伟敏声琨郭明欧阳", min_size=1, max_size=3), max_size=4)
    .filter(bool)
    .map(tuple),
    st.just("hanzi"),
    st.just(HANZI),
)


@settings(
    max_examples=600, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.one_of(latin_form, hanzi_form))
def test_random_forms_prepare_the_same(form: Form) -> None:
    _assert_same(form)


def test_a_form_too_long_for_a_c_word_takes_the_python_path() -> None:
    form = Form(tuple(f"tok{chr(97 + n % 26)}{n}" for n in range(70)), "latin", LATIN)
    _assert_same(form)
    assert max(S.prepare_form(form).coverage.values()).bit_length() > 62


def test_prepared_names_are_left_out_of_the_cyclic_collector() -> None:
    name = P.prepare_name.__wrapped__("Zhang Wei")
    assert not gc.is_tracked(name)
    assert not gc.is_tracked(name.keys)
    assert not gc.is_tracked(name.forms)
    for form in name.forms:
        assert not gc.is_tracked(form)
        assert not gc.is_tracked(form.joined)
    assert P.prepare_name.__wrapped__("Zhang Wei") == name  # equality is untouched


# Letters of the letter groups and their neighbours, line breaks (spell_phonetics writes one
# spelling a line) and a few other characters.
group_text = st.text(alphabet="tschdzjkpgyxqwoueaibnlrmv\nTéß", max_size=40)
group_token = st.text(alphabet="tschdzjkpgyxqwoueaibnlrmv", min_size=1, max_size=16)


def _with_regexes(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` with normalize's Python letter-group pass and repeat collapsing."""
    scan, collapse = N._scan, N._collapse
    N._scan, N._collapse = N.py_scan, N.py_collapse
    try:
        return function(*args)
    finally:
        N._scan, N._collapse = scan, collapse


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(group_text)
def test_letter_groups_and_repeats_same_as_the_regexes(text: str) -> None:
    assert N.COMPILED
    assert S.scan(text) == N.py_scan(text)
    assert S.collapse(text) == N.py_collapse(text)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(group_token, min_size=1, max_size=6), st.booleans())
def test_phonetic_functions_same_with_the_compiled_passes(tokens: list[str], sinitic: bool) -> None:
    assert N.spell_phonetics(tokens, sinitic) == _with_regexes(N.spell_phonetics, tokens, sinitic)
    for token in tokens:
        for function, args in (
            (N.spell_phonetic, (token, sinitic)),
            (N.phonetic_piece, (token, sinitic)),
            (N.run_key, (token,)),
            (N.consonants.__wrapped__, (token,)),
        ):
            assert function(*args) == _with_regexes(function, *args), (function, args)
        assert S.token_keys(token) == _with_regexes(N.py_token_keys, token)
        for kind in (HANZI, ROMANISED, LATIN):
            assert S.token_parts(token, kind) == P.py_token_parts(token, kind), (token, kind)
    pieces = [N.phonetic_piece(token, sinitic) for token in tokens]
    assert N.phonetic_joined(pieces) == _with_regexes(
        lambda: N.phonetic_joined([N.phonetic_piece(token, sinitic) for token in tokens])
    )


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(group_text)
def test_final_h_same_as_the_regex(text: str) -> None:
    assert S.drop_final_h(text) == N._FINAL_H.sub("", text)


@settings(max_examples=800, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=5).map("".join))
def test_spellings_in_other_romanisations_same_keys_in_the_same_order(text: str) -> None:
    for syllables in (segment_pinyin(text), pinyin_syllables(text)):
        assert S.spelling_keys(text, syllables) == P.py_spelling_keys(text, syllables)


def test_dev_runs_have_the_same_spelling_keys() -> None:
    runs = {
        "".join(form.tokens[start:end])
        for text in _dev_names()[:4000]
        for form in _forms(text)
        if form.kind != HANZI
        for start in range(len(form.tokens))
        for end in range(start + 1, min(start + 3, len(form.tokens)) + 1)
    }
    found = 0
    for run in runs:
        syllables = segment_pinyin(run)
        keys = S.spelling_keys(run, syllables)
        assert keys == P.py_spelling_keys(run, syllables), run
        found += bool(keys)
    assert found > 1000
