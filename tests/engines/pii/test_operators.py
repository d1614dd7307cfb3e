"""Redaction operators: each operator's contract, fakes that validate, and idempotent redaction.

The property tests use a deterministic fake detector (regexes below), so they do not depend on the
recognisers; one test runs the real engine (``lawbridge.engines.pii``) over the same texts.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban, luhn
from stdnum.cn import ric
from stdnum.us import ssn

from lawbridge.engines.pii.operators import (
    OPERATORS,
    EncryptOperator,
    FakeOperator,
    HmacPseudonymOperator,
    MaskOperator,
    Operator,
    ReplaceOperator,
    Span,
    merge_spans,
    redact,
    redact_until_clean,
)
from lawbridge.errors import InvalidInput
from lawbridge.registry import Registry

KEY = b"a test key of enough bytes!"
PATTERNS = {
    "EMAIL": r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
    "PHONE": r"(?<!\d)1[3-9]\d{9}(?!\d)",
    "CN_RESIDENT_ID": r"(?<!\d)\d{17}[\dXx](?!\w)",
    "CREDIT_CARD": r"(?<!\d)4\d{3}(?:[ -]?\d{4}){3}(?!\d)",
    "PERSON": r"张伟|王小明|Alice Walker|Zhao Minghui",
    "IP_ADDRESS": r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])",
}


def detect(text: str) -> list[tuple[str, int, int]]:
    """A deterministic stand-in for the engine: every regex match, overlaps included."""
    return [
        (kind, m.start(), m.end())
        for kind, pattern in PATTERNS.items()
        for m in re.finditer(pattern, text)
    ]


IDEMPOTENT = [ReplaceOperator(), MaskOperator(), HmacPseudonymOperator(KEY)]
SAMPLES = [
    "13800138000",
    "11010519491231002X",
    "4111 1111 1111 1111",
    "li.na@example.cn",
    "张伟",
    "Alice Walker",
    "192.168.1.10",
    "王小明",
]
FILLER = st.sampled_from([" ", "，", "手机", "call ", "-", "1", "X", "@", ".", "号", "abc", "\n"])
TEXTS = st.lists(st.one_of(st.sampled_from(SAMPLES), FILLER), max_size=12).map("".join)


def redact_all(text: str, operator: Operator) -> str:
    return redact_until_clean(text, detect, {}, default=operator)


# --- Contract: NAME, CONFIG, docstring, examples -----------------------------------------------


@pytest.mark.parametrize("cls", OPERATORS, ids=lambda c: c.NAME)
def test_operator_declares_name_config_and_examples(cls: type[Operator]) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9_]*", cls.NAME) and cls.__doc__
    assert cls.CONFIG and all(isinstance(v, str) and v for v in cls.CONFIG.values())
    examples = cls.examples()
    assert examples
    operator = cls.for_example()
    for entity, value, expected in examples:
        assert operator.apply(value, entity) == expected, (cls.NAME, value)
    assert len(operator.config_hash) == 16


def test_registry_lists_every_operator_once() -> None:
    registry = Registry("lawbridge.operators", OPERATORS).load(entry_points_enabled=False)
    assert registry.names() == ["encrypt", "fake", "hmac_pseudonym", "mask", "replace"]


@pytest.mark.parametrize("cls", [HmacPseudonymOperator, FakeOperator, EncryptOperator])
@pytest.mark.parametrize("key", [b"", b"short", "fifteen-chars!!"])
def test_keys_shorter_than_16_bytes_are_refused(cls: type[Operator], key: bytes | str) -> None:
    with pytest.raises(InvalidInput, match="at least 16 bytes"):
        cls(key)  # type: ignore[call-arg]


# --- Each operator -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operator", "value", "expected"),
    [
        (MaskOperator(), "13800138000", "*******8000"),
        (MaskOperator(keep_last=0), "13800138000", "***********"),
        (MaskOperator(keep_first=3, keep_last=4), "13800138000", "138******00"),  # half: 5
        (MaskOperator(keep_last=10), "1234567890", "*****67890"),  # never more than half
        (MaskOperator(masking_char="#"), "138-0013-8000", "###-####-8000"),
        (MaskOperator(), "张伟", "**"),
    ],
)
def test_mask(operator: MaskOperator, value: str, expected: str) -> None:
    assert operator.apply(value, "PHONE") == expected


def test_mask_refuses_a_masking_char_that_is_data() -> None:
    for bad in ("x", "1", "", "**", " "):
        with pytest.raises(InvalidInput):
            MaskOperator(masking_char=bad)


def test_replace_uses_the_type_tag() -> None:
    assert ReplaceOperator().apply("13800138000", "PHONE") == "<PHONE>"
    assert ReplaceOperator("[{type} removed]").apply("x", "EMAIL") == "[EMAIL removed]"
    with pytest.raises(InvalidInput):
        ReplaceOperator("<{type}1>")


def test_pseudonym_is_stable_per_key_and_type_and_joins_formats() -> None:
    one, other = HmacPseudonymOperator(KEY), HmacPseudonymOperator(KEY + b"!")
    token = one.apply("13800138000", "PHONE")
    assert re.fullmatch(r"PHONE_[bcdfghjkmnpqrstvwxz]{10}", token)
    assert one.apply("138 0013 8000", "PHONE") == token  # one number, however written
    assert HmacPseudonymOperator(KEY).apply("13800138000", "PHONE") == token
    assert other.apply("13800138000", "PHONE") != token
    assert one.apply("13800138000", "BANK_ACCOUNT") != token.replace("PHONE", "BANK_ACCOUNT")
    assert one.apply("13800138001", "PHONE") != token


def test_fake_keeps_shape_and_check_digits() -> None:
    fake = FakeOperator(KEY)
    for i in range(200):
        card = f"4{i:03d} 1234 5678 9012"
        out = fake.apply(card, "CREDIT_CARD")
        assert out != card and re.fullmatch(r"4\d{3} \d{4} \d{4} \d{4}", out)
        assert luhn.is_valid(out.replace(" ", ""))
        resident = f"110105194912{i % 28 + 1:02d}002X"
        faked = fake.apply(resident, "CN_RESIDENT_ID")
        assert len(faked) == 18 and ric.is_valid(faked), faked
        assert ssn.is_valid(fake.apply(f"123-45-{i:04d}", "US_SSN"))
    account = fake.apply("GB82 WEST 1234 5698 7654 32", "IBAN")
    assert iban.is_valid(account) and account.startswith("GB") and len(account) == 27


def test_fake_is_deterministic_and_keyed() -> None:
    value = "zhang.wei@example.com"
    first = FakeOperator(KEY).apply(value, "EMAIL")
    assert first == FakeOperator(KEY).apply(value, "EMAIL")
    assert first != FakeOperator(KEY + b"2").apply(value, "EMAIL")
    assert len(first) == len(value) and first.endswith(".com") and "@" in first


@pytest.mark.parametrize(
    ("entity", "value", "shape"),
    [
        ("PHONE", "+86 138 0013 8000", r"\+86 138 \d{4} \d{4}"),
        ("IP_ADDRESS", "192.168.1.10", r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})"),
        ("DATE_OF_BIRTH", "1985-04-12", r"\d{4}-\d{2}-\d{2}"),
        ("CN_LICENSE_PLATE", "京A12345", r"[\u4e00-\u9fff][A-Z]\d{5}"),
        ("PERSON", "王小明", r"[\u4e00-\u9fff]{3}"),
        (
            "ADDRESS",
            "北京市朝阳区建国路88号",
            r"[\u4e00-\u9fff]{2}市[\u4e00-\u9fff]{2}区.*路\d\d号",
        ),
    ],
)
def test_fake_shapes(entity: str, value: str, shape: str) -> None:
    out = FakeOperator(KEY).apply(value, entity)
    assert out != value and re.fullmatch(shape, out), out
    if entity == "IP_ADDRESS":
        assert all(0 <= int(part) <= 255 for part in out.split("."))


def test_encrypt_round_trips_and_needs_the_key() -> None:
    operator = EncryptOperator(KEY)
    token = operator.apply("13800138000", "PHONE")
    assert token.startswith("<ENC:PHONE:") and "13800138000" not in token
    assert operator.decrypt(token) == "13800138000"
    text = "call " + token + " or " + operator.apply("张伟", "PERSON")
    assert operator.decrypt_text(text) == "call 13800138000 or 张伟"
    with pytest.raises(InvalidInput):
        EncryptOperator(KEY + b"x").decrypt(token)
    forged = token.replace("<ENC:PHONE:", "<ENC:EMAIL:")  # the type is bound to the ciphertext
    with pytest.raises(InvalidInput):
        operator.decrypt(forged)


# --- redact() ------------------------------------------------------------------------------------


def test_redact_replaces_right_spans_and_reports_them() -> None:
    text = "张伟的手机13800138000"
    new, applied = redact(text, detect(text), {"PHONE": ReplaceOperator()})
    assert new == "张伟的手机<PHONE>"  # no operator for PERSON: left as it is
    (only,) = applied
    assert (only.type, only.start, only.end, only.operator) == ("PHONE", 5, 16, "replace")
    assert new[only.new_start : only.new_end] == "<PHONE>"


def test_overlapping_spans_merge_and_the_longest_names_the_type() -> None:
    spans = [Span("PHONE", 2, 13), Span("BANK_ACCOUNT", 0, 19), Span("PERSON", 19, 21)]
    assert merge_spans(spans) == [Span("BANK_ACCOUNT", 0, 19), Span("PERSON", 19, 21)]
    adjacent = [Span("PHONE", 0, 3), Span("PHONE", 3, 5), Span("EMAIL", 5, 6)]
    assert merge_spans(adjacent) == [Span("PHONE", 0, 5), Span("EMAIL", 5, 6)]
    text = "6222021234567890123张伟"
    new, applied = redact(text, spans, {}, default=ReplaceOperator())
    assert new == "<BANK_ACCOUNT><PERSON>" and len(applied) == 2


def test_spans_outside_the_text_are_refused() -> None:
    for bad in [("PHONE", 0, 99), ("PHONE", 3, 3), ("PHONE", -1, 2)]:
        with pytest.raises(InvalidInput):
            redact("short", [bad], {}, default=ReplaceOperator())


def test_a_value_revealed_by_redacting_its_neighbour_is_redacted_too() -> None:
    text = "11010519491231002X13800138000"  # the id is vetoed by the digits that follow it
    assert [kind for kind, _, _ in detect(text)] == ["PHONE"]
    once = redact(text, detect(text), {}, default=ReplaceOperator())[0]
    assert once == "11010519491231002X<PHONE>" and detect(once) != []  # one round is not enough
    assert redact_all(text, ReplaceOperator()) == "<CN_RESIDENT_ID><PHONE>"


def test_redaction_that_never_settles_is_refused() -> None:
    def always(text: str) -> list[tuple[str, int, int]]:
        return [("PHONE", 0, len(text))]

    with pytest.raises(InvalidInput, match="did not settle"):
        redact_until_clean("13800138000", always, {"PHONE": ReplaceOperator()})


@settings(derandomize=True, deadline=None, max_examples=150)
@given(TEXTS)
def test_redaction_is_idempotent_and_leaves_nothing_detectable(text: str) -> None:
    for operator in IDEMPOTENT:
        once = redact_all(text, operator)
        assert detect(once) == [], (operator.NAME, once)
        assert redact_all(once, operator) == once


@settings(derandomize=True, deadline=None, max_examples=100)
@given(TEXTS)
def test_encrypted_redaction_decrypts_to_the_original(text: str) -> None:
    operator = EncryptOperator(KEY)
    redacted, applied = redact(text, detect(text), {}, default=operator)
    assert operator.decrypt_text(redacted) == text
    for done in applied:
        token = redacted[done.new_start : done.new_end]
        assert operator.decrypt(token) == text[done.start : done.end]


def test_fakes_and_encryption_do_not_loop() -> None:
    for operator in (FakeOperator(KEY), EncryptOperator(KEY)):
        with pytest.raises(InvalidInput, match="idempotent"):
            redact_until_clean("13800138000", detect, {"PHONE": operator})


def test_real_engine_finds_nothing_in_redacted_text() -> None:
    pii = pytest.importorskip(
        "lawbridge.engines.pii", reason="the PII engine (lawbridge.engines.pii) is not built yet"
    )
    analyzer = pii.Analyzer()
    text = (
        "客户张伟，手机13800138000，身份证11010519491231002X，邮箱zhang.wei@example.com。"
        "Card 4111 1111 1111 1111, IP 192.168.1.10."
    )
    findings = analyzer.analyze(text)
    assert {f.type for f in findings} >= {"PHONE", "CN_RESIDENT_ID", "EMAIL", "CREDIT_CARD"}
    for operator in IDEMPOTENT:
        once = redact_until_clean(text, analyzer.analyze, {}, default=operator)
        assert analyzer.analyze(once) == [], (operator.NAME, once)
        assert redact_until_clean(once, analyzer.analyze, {}, default=operator) == once
        assert redact(text, findings, {}, default=operator)[0] == once  # one round sufficed here
