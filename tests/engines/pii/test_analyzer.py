"""The analyzer: overlap resolution, chunked reading, bad input, property tests over any str."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.engines.pii import Analyzer, AnalyzerConfig, Finding, resolve
from lawbridge.errors import InvalidInput

ANALYZER = Analyzer()
SMALL_CHUNKS = Analyzer(config=AnalyzerConfig(chunk=1024, overlap=256, margin=64))
SAMPLE = (
    "联系人：张伟，手机13800138000，身份证11010519491231002X。Dear Emily Johnson, card "
    "4111 1111 1111 1111, IP 10.1.2.3, mail e.j@example.com, 地址：上海市浦东新区世纪大道100号。\n"
)


def test_resolve_keeps_one_span_per_range_best_supported_first() -> None:
    a = Finding("CREDIT_CARD", 0, 16, 0.6, "credit_card")
    b = Finding("BANK_ACCOUNT", 0, 16, 0.85, "bank_account")
    c = Finding("PHONE", 3, 14, 0.7, "phone")
    d = Finding("EMAIL", 20, 30, 0.9, "email")
    assert resolve([a, b, c, d]) == [b, d]
    assert resolve([c, d]) == [c, d]
    assert resolve([]) == []


def test_chunked_reading_finds_the_same_spans_as_one_piece() -> None:
    text = SAMPLE * 40  # ~4,500 characters: spans cross many 1,024-character chunk edges
    whole = ANALYZER.analyze(text)
    assert SMALL_CHUNKS.analyze(text) == whole
    assert len(whole) == 40 * len(ANALYZER.analyze(SAMPLE))


def test_offsets_are_characters_not_bytes() -> None:
    text = "汉字" * 50 + " a.b@example.com"
    (finding,) = ANALYZER.analyze(text)
    assert text[finding.start : finding.end] == "a.b@example.com"


def test_threshold_filters_low_scores() -> None:
    strict = Analyzer(config=AnalyzerConfig(threshold=0.95))
    assert all(f.score >= 0.95 for f in strict.analyze(SAMPLE))
    assert len(strict.analyze(SAMPLE)) < len(ANALYZER.analyze(SAMPLE))


def test_bad_config_and_input_are_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        AnalyzerConfig(threshold=1.5)
    with pytest.raises(InvalidInput):
        AnalyzerConfig(chunk=10)
    with pytest.raises(InvalidInput):
        ANALYZER.analyze(b"bytes")  # type: ignore[arg-type]


def test_lone_surrogates_and_empty_text_do_not_crash() -> None:
    assert ANALYZER.analyze("") == []
    text = "\ud800 手机13800138000 \udfff"
    assert [text[f.start : f.end] for f in ANALYZER.analyze(text)] == ["13800138000"]


ALPHABET = st.sampled_from(
    list("0123456789 -.:@()+/年月日号室路区市张王李先生手机身份证xXAEabcMr\n") + ["\ud800", "é"]
)


@settings(derandomize=True, deadline=None, max_examples=300)
@given(st.one_of(st.text(), st.text(ALPHABET, max_size=300)))
def test_any_text_gives_sorted_disjoint_spans_within_bounds(text: str) -> None:
    findings = SMALL_CHUNKS.analyze(text)
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert 0.0 < finding.score <= 1.0
    for left, right in zip(findings, findings[1:], strict=False):
        assert left.end <= right.start


@settings(derandomize=True, deadline=None, max_examples=100)
@given(st.text(ALPHABET, max_size=120), st.text(ALPHABET, max_size=120))
def test_a_finding_does_not_depend_on_far_away_text(prefix: str, suffix: str) -> None:
    core = "，手机13800138000，"
    text = prefix + "\n\n" + " " * 60 + core + " " * 60 + "\n\n" + suffix
    spans = [text[f.start : f.end] for f in ANALYZER.analyze(text)]
    assert "13800138000" in spans
