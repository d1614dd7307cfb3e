"""The compiled scorer (``_speedups.pyx``) gives bit-identical results to compare.py's Python."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.engines.names import NameIndex, PersonRecord, matchers
from lawbridge.engines.names import compare as C
from lawbridge.engines.names import index as index_module
from lawbridge.engines.names.prepared import prepare_name, prepare_record
from lawbridge.errors import InvalidInput

DEV_PAIRS = Path(__file__).resolve().parents[3] / "bench/names/data/pairs.jsonl"

if not C.COMPILED:
    if os.environ.get("CI") == "true":
        pytest.fail("CI: the names engine's compiled scorer is not built (make venv)")
    pytest.skip(
        "the compiled scorer is not built here (genscripts/build_speedups.py)",
        allow_module_level=True,
    )

from lawbridge.engines.names import _speedups as S  # noqa: E402 - only when built


def _same(a: C.NameMatch, b: C.NameMatch) -> bool:
    # ``is``: the same forms of the same names were chosen (they explain the score)
    return (
        a.score == b.score
        and (a is C.NO_MATCH) == (b is C.NO_MATCH)
        and a.query_form is b.query_form
        and a.match_form is b.match_form
    )


def _record(data: dict[str, object]) -> PersonRecord | None:
    try:
        return PersonRecord.from_dict({k: v for k, v in data.items() if k != "id"})
    except InvalidInput:
        return None


def test_dev_pairs_bit_identical() -> None:
    """Every pair of the dev set (6,140, both directions): score and chosen forms."""
    compared = 0
    for line in DEV_PAIRS.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        a, b = _record(pair["a"]), _record(pair["b"])
        if a is None or b is None:
            continue
        pa, pb = prepare_record(a), prepare_record(b)
        for x, y in ((pa, pb), (pb, pa)):
            assert _same(C.py_best_name_match(x, y), S.best_name_match(x, y)), (
                x.record.name,
                y.record.name,
            )
            for name in y.names:
                for han_only in (False, True):
                    assert _same(
                        C.py_best_query_match(x, name, han_only=han_only),
                        S.best_query_match(x, name, han_only),
                    )
            compared += 1
    assert compared > 12_000


def test_form_similarity_and_gate_on_dev_forms() -> None:
    """Every compatible form pair of a slice of the dev set: the dict gate and the packed one."""
    names = []
    for line in DEV_PAIRS.read_text(encoding="utf-8").splitlines()[:400]:
        pair = json.loads(line)
        names += [prepare_name(pair["a"]["name"]), prepare_name(pair["b"]["name"])]
    forms = [form for name in names for form in name.forms]
    one = prepare_name("Carrier Name")  # a carrier for single forms
    checked = 0
    for i, fa in enumerate(forms[:300]):
        na = dataclasses.replace(one, forms=(fa,), han=fa.kind == 0)
        ca = S.CompiledName(na)
        for fb in forms[i : i + 60]:
            if (fa.kind, fb.kind) not in C._COMPATIBLE:
                continue
            assert S.form_similarity(fa, fb) == C.form_similarity(fa, fb), (fa.tokens, fb.tokens)
            nb = dataclasses.replace(one, forms=(fb,), han=fb.kind == 0)
            expected = C._best_forms(na, nb)
            assert _same(expected, S.best_forms(na, nb))
            assert _same(expected, S.compiled_forms(ca, S.CompiledName(nb)))
            checked += 1
    assert checked > 4_000


def test_packed_coverage_holds_every_key_and_bitmask() -> None:
    for text in ("Kuo Sheng-kun", "郭声琨", "Vladimir Vladimirovich Putin", "J. R. R. Tolkien"):
        for form in prepare_name(text).forms:
            packed = S.pack_coverage(form.coverage)
            assert packed is not None
            raw, keys = packed
            assert sorted(keys) == sorted(form.coverage)
            assert len(raw) == 16 * len(keys)
            hashes = [int.from_bytes(raw[16 * k : 16 * k + 8], "little") for k in range(len(keys))]
            assert hashes == sorted(hashes)
            bits = [
                int.from_bytes(raw[16 * k + 8 : 16 * k + 16], "little") for k in range(len(keys))
            ]
            assert dict(zip(keys, bits, strict=True)) == form.coverage


def test_a_form_too_long_for_a_c_word_is_not_packed() -> None:
    assert S.pack_coverage({"a": 1 << 70}) is None
    assert S.pack_coverage({}) == (b"", ())


SYLLABLES = ["li", "wang", "zhang", "wei", "min", "sheng", "kun", "guo", "kuo", "ming", "ann"]
LATIN = ["maria", "jose", "smith", "smyth", "al", "el", "sayed", "ivanov", "ivanovich", "j"]
HANZI = list("王李张伟敏声琨郭明")
token = st.sampled_from(SYLLABLES + LATIN)
name_text = st.one_of(
    st.lists(token, min_size=1, max_size=5).map(" ".join),
    st.lists(st.sampled_from(HANZI), min_size=2, max_size=4).map("".join),
    st.lists(token, min_size=2, max_size=3).map("-".join),
)


@settings(max_examples=300, deadline=None)
@given(name_text, name_text)
def test_random_names_bit_identical(a: str, b: str) -> None:
    ra, rb = prepare_record(PersonRecord(a)), prepare_record(PersonRecord(b))
    assert _same(C.py_best_name_match(ra, rb), S.best_name_match(ra, rb))
    assert _same(C.py_best_name_match(rb, ra), S.best_name_match(rb, ra))


def _dev_entries(count: int) -> list[tuple[str, PersonRecord]]:
    """The second records of the first ``count`` dev pairs, as list entries."""
    entries = []
    for n, line in enumerate(DEV_PAIRS.read_text(encoding="utf-8").splitlines()[:count]):
        record = _record(json.loads(line)["b"])
        if record is not None:
            entries.append((f"e{n}", record))
    return entries


def test_index_search_same_with_and_without_the_compiled_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entries = _dev_entries(1500)
    index = NameIndex()
    index.extend(entries)
    queries = [record for _, record in entries[::15]]
    compiled = [index.search(q, limit=10) for q in queries]
    compact = NameIndex(compact=True)
    compact.extend(entries)
    assert [compact.search(q, limit=10) for q in queries] == compiled
    monkeypatch.setattr(index_module, "COMPILED", False)
    monkeypatch.setattr(matchers, "best_query_match", C.py_best_query_match)
    pure = [index.search(q, limit=10) for q in queries]
    assert [[(c.id, c.score, c.comparison.explanation) for c in r] for r in compiled] == [
        [(c.id, c.score, c.comparison.explanation) for c in r] for r in pure
    ]
    assert sum(len(r) for r in compiled) > len(queries)


def test_candidate_names_same_as_python() -> None:
    entries = _dev_entries(3000)
    index = NameIndex()
    index.extend(entries)
    total = 0
    for _, record in entries[::7]:
        query = prepare_record(record)
        forms = [form for name in query.names for form in name.forms]
        found = S.candidate_names(forms, index._postings, index._short, len(index._names))
        assert found == sorted(index.candidate_names(query))
        total += len(found)
    assert total > len(entries) // 7
