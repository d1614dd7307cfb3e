"""The second speed pass: each shortcut answers as the plain computation it replaces."""

from __future__ import annotations

import json
from pathlib import Path

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.engines.pii import Analyzer, Finding, resolve
from lawbridge.engines.pii.base import Scan, column_header
from lawbridge.engines.pii.recognizers.contact import PhoneRecognizer, _national_number
from lawbridge.engines.pii.recognizers.numbers import iban_tail

ANALYZER = Analyzer()
PHONE = PhoneRecognizer()
DEVSET = Path(__file__).resolve().parents[3] / "bench" / "pii" / "devset.jsonl"


def naive_resolve(candidates: list[Finding]) -> list[Finding]:
    """The ranking rule written plainly: keep a finding when it overlaps none kept before it."""
    kept: list[Finding] = []
    for f in sorted(candidates, key=lambda f: (-f.score, f.start - f.end, f.start, f.type)):
        if f.end > f.start and all(f.end <= k.start or k.end <= f.start for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


FINDINGS = st.builds(
    lambda start, size, score, kind: Finding(kind, start, start + size, score, "t"),
    st.integers(0, 60),
    st.integers(0, 12),
    st.sampled_from([0.5, 0.6, 0.75, 0.9]),
    st.sampled_from(["PERSON", "PHONE"]),
)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(FINDINGS, max_size=25))
def test_resolve_keeps_what_the_plain_rule_keeps(candidates: list[Finding]) -> None:
    assert resolve(candidates) == naive_resolve(candidates)


def test_resolve_of_nothing_and_of_long_spans() -> None:
    assert resolve([]) == []
    long = Finding("ADDRESS", 10, 9000, 0.7, "t")
    inside = Finding("PHONE", 20, 31, 0.6, "t")
    after = Finding("PHONE", 9000, 9011, 0.6, "t")
    assert resolve([inside, long, after]) == [long, after]


def slow_valid(value: str, region: str) -> bool:
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(value, region)))
    except phonenumbers.NumberParseException:
        return False


DIGITS = st.text("0123456789", min_size=8, max_size=8)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    st.sampled_from(["13", "15", "17", "18", "19", "14", "16"]),
    st.integers(0, 9),
    DIGITS,
    st.sampled_from(["", "+86", "+86 ", "+86-", "0086 ", "0086"]),
    st.sampled_from(["", " ", "-"]),
)
def test_cn_mobile_shortcut_agrees_with_parse(
    head: str, third: int, rest: str, prefix: str, sep: str
) -> None:
    national = f"{head}{third}{rest}"
    value = prefix + sep.join([national[:3], national[3:7], national[7:]])
    pattern = next(p for p in PHONE.PATTERNS if p.name == "cn_mobile")
    if pattern.regex.fullmatch(value):
        assert PHONE.validate(value, pattern) == slow_valid(value, "CN"), value


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    st.text("0123456789", min_size=10, max_size=10),
    st.sampled_from(["", "1-", "+1 ", "+1-", "1 "]),
    st.sampled_from(["({a}) {b}-{c}", "{a}-{b}-{c}", "{a}.{b}.{c}", "{a} {b} {c}", "{a}{b}{c}"]),
    st.sampled_from(["", " x31", " ext. 204"]),
)
def test_us_shortcut_agrees_with_parse(digits: str, prefix: str, shape: str, ext: str) -> None:
    value = prefix + shape.format(a=digits[:3], b=digits[3:6], c=digits[6:]) + ext
    pattern = next(p for p in PHONE.PATTERNS if p.name == "us")
    if pattern.regex.fullmatch(value):
        assert PHONE.validate(value, pattern) == slow_valid(value, "US"), value
    assert _national_number("001 415 555 0132", "us") is None  # left to parse


def test_context_gating_changes_no_finding() -> None:
    """Skipping context-only patterns far from their words gives the findings of reading them all."""
    with DEVSET.open(encoding="utf-8") as fh:
        docs = [json.loads(line)["text"] for line in fh][::7]
    ungated = Analyzer()
    ungated._gated = []
    for text in docs:
        assert ANALYZER.analyze(text) == ungated.analyze(text), text


def test_column_header_reads_the_cell_above() -> None:
    text = 'name,phone,dob\nAnn Lee,555,04/27/1951\nBo Li,556,"Oct 6, 1982"\n'
    scan = Scan(text)
    assert column_header(scan, text.index("04/27")) == "dob"
    assert column_header(scan, text.index("Oct 6")) == "dob"
    assert column_header(scan, text.index("Bo Li")) == "name"
    assert column_header(scan, text.index("phone")) is None  # the header line itself
    assert column_header(Scan("just a line, with a comma"), 3) is None
    tab = "序号\t姓名\t出生日期\n1\t张伟\t1990-01-02"
    assert column_header(Scan(tab), tab.index("1990")) == "出生日期"


def test_iban_tail() -> None:
    text = "old account DE46 2525 1774 0059 0247 50 closed; card 4111 1111 1111 1111"
    assert iban_tail(text, text.index("2525"))
    assert not iban_tail(text, text.index("4111"))
