"""The second held-out PII test set (bench/pii/holdout2/): deterministic, labels follow bench/pii/LABELS.md.

Every positive is re-checked here with python-stdnum / phonenumbers / ipaddress (not with the generator's
own arithmetic), every recorded hard negative is checked to be invalid, and the unlabelled text is
scanned for numbers that would be valid personal information (an unlabelled one would be a label error).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban, luhn
from stdnum.cn import ric
from stdnum.us import rtn, ssn

HOLDOUT = Path(__file__).resolve().parents[2] / "bench" / "pii" / "holdout2"
sys.path.insert(0, str(HOLDOUT))

import make_holdout2  # noqa: E402
from h2_doc import Doc, H, L  # noqa: E402

TYPES = {
    "PERSON", "EMAIL", "PHONE", "CN_RESIDENT_ID", "CREDIT_CARD", "US_SSN", "IP_ADDRESS", "IBAN",
    "PASSPORT", "BANK_ACCOUNT", "CN_LICENSE_PLATE", "DATE_OF_BIRTH", "ADDRESS",
}  # fmt: skip
EDGE = set(",.;:!?，。；：！？、\"'“”‘’<>《》[]【】{}|")
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE = re.compile(
    rf"^[{PROVINCES}][A-HJ-NP-Z][· ]?([A-HJ-NP-Z0-9]{{5}}|[DF][A-HJ-NP-Z0-9]\d{{4}}|\d{{5}}[DF])$"
)
CARD_PREFIX = re.compile(r"^(4|5[1-5]|2[2-7]|3[47]|6011|65|64[4-9]|35|62)")
ZH_ADDR_END = ("号", "室", "楼", "层", "单元", "栋", "号院")
EN_DATE_FORMATS = [
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%m/%d/%Y",
    "%Y-%m-%d",
    "%d-%b-%Y",
    "%d %b %Y",
]
ZH_DATE = re.compile(
    r"^(\d{4})(?:年(\d{1,2})月(\d{1,2})日|[-/.](\d{1,2})[-/.](\d{1,2})|(\d{2})(\d{2}))$"
)


@pytest.fixture(scope="module")
def committed() -> list[dict[str, Any]]:
    with (HOLDOUT / "holdout2.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def built() -> list[dict[str, Any]]:
    return make_holdout2.build()


def spans_of(docs: list[dict[str, Any]], typ: str) -> list[tuple[str, str]]:
    """(value, the 40 characters before it) for every span of ``typ``."""
    return [
        (d["text"][s["start"] : s["end"]], d["text"][max(0, s["start"] - 40) : s["start"]])
        for d in docs
        for s in d["spans"]
        if s["type"] == typ
    ]


# ------------------------------------------------------------------------------------------ generator


def test_committed_file_is_the_default_seed(
    committed: list[dict[str, Any]], built: list[dict[str, Any]]
) -> None:
    assert committed == [make_holdout2.public(d) for d in built]


def test_other_seed_gives_other_documents(built: list[dict[str, Any]]) -> None:
    assert [d["text"] for d in make_holdout2.build(seed=5)[:20]] != [d["text"] for d in built[:20]]


def test_shape_languages_and_coverage(committed: list[dict[str, Any]]) -> None:
    assert len(committed) == 600
    assert len({d["id"] for d in committed}) == 600
    assert Counter(d["lang"] for d in committed) == {"zh": 220, "en": 220, "mixed": 160}
    assert all(set(d) == {"id", "lang", "kind", "text", "spans"} for d in committed)
    counts = Counter(s["type"] for d in committed for s in d["spans"])
    assert set(counts) == TYPES
    assert min(counts.values()) >= 20, counts
    assert len({(d["lang"], d["kind"]) for d in committed}) == 24


def test_spans_in_bounds_trimmed_and_disjoint(committed: list[dict[str, Any]]) -> None:
    for d in committed:
        text, prev = d["text"], 0
        for s in d["spans"]:
            assert 0 <= prev <= s["start"] < s["end"] <= len(text), (d["id"], s)
            value = text[s["start"] : s["end"]]
            assert value == value.strip(), (d["id"], value)
            assert value[-1] not in EDGE, (d["id"], value)
            assert s["type"] == "PHONE" or value[0] not in EDGE, (d["id"], value)
            prev = s["end"]


@settings(derandomize=True, deadline=None, max_examples=60)
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=8), st.sampled_from(["", "PERSON", "neg"])),
        max_size=12,
    )
)
def test_doc_records_the_span_of_every_value(items: list[tuple[str, str]]) -> None:
    d = Doc("en", "test")
    for text, what in items:
        d.add(L(text, what) if what == "PERSON" else H(text, what) if what else text)
    labelled = [t for t, w in items if w == "PERSON"]
    assert [d.text[s["start"] : s["end"]] for s in d.spans] == labelled
    assert [d.text[s["start"] : s["end"]] for s in d.negatives] == [
        t for t, w in items if w == "neg"
    ]
    assert d.text == "".join(t for t, _ in items)


def test_doc_fill_slots() -> None:
    d = Doc("zh", "t").put(
        "收件人：{n}，电话{p}。单号{o}",
        n=L("陈雨欣", "PERSON"),
        p=L("13812345678", "PHONE"),
        o=H("SF1", "x"),
    )
    assert d.text == "收件人：陈雨欣，电话13812345678。单号SF1"
    assert [(d.text[s["start"] : s["end"]], s["type"]) for s in d.spans] == [
        ("陈雨欣", "PERSON"),
        ("13812345678", "PHONE"),
    ]


# ------------------------------------------------------------------------------------------ positives


def ric_ok(number: str) -> bool:
    try:
        return ric.is_valid(number)
    except KeyError:  # python-stdnum's area table lacks a county for some codes
        return False


def phone_ok(number: str) -> bool:
    for region in ("CN", "US"):
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(number, region)):
                return True
        except phonenumbers.NumberParseException:
            pass
    return False


def birth_date(value: str) -> dt.date:
    m = ZH_DATE.match(value)
    if m:
        y, *rest = (g for g in m.groups() if g)
        return dt.date(int(y), int(rest[0]), int(rest[1]))
    for f in EN_DATE_FORMATS:
        try:
            return dt.datetime.strptime(re.sub(r"(\d)(st|nd|rd|th),", r"\1,", value), f).date()
        except ValueError:
            continue
    raise AssertionError(f"not a date: {value!r}")


def test_numbers_with_check_digits_are_valid(committed: list[dict[str, Any]]) -> None:
    for v, _ in spans_of(committed, "PHONE"):
        assert phone_ok(v), v
    for v, before in spans_of(committed, "CN_RESIDENT_ID"):
        if len(v) == 15:  # legacy number: only with an ID word, birth date 19yymmdd valid
            assert v.isdigit() and "身份证" in before, v
            dt.date(1900 + int(v[6:8]), int(v[8:10]), int(v[10:12]))
        else:
            assert len(v) == 18 and ric_ok(v.upper()), v
    ids = [v for v, _ in spans_of(committed, "CN_RESIDENT_ID")]
    assert sum(v.endswith("X") for v in ids) >= 10 and sum(v.endswith("x") for v in ids) >= 3
    for v, _ in spans_of(committed, "CREDIT_CARD"):
        digits = re.sub(r"[ -]", "", v)
        assert digits.isdigit() and 13 <= len(digits) <= 19 and luhn.is_valid(digits), v
        assert CARD_PREFIX.match(digits), v
    for v, before in spans_of(committed, "US_SSN"):
        assert re.fullmatch(r"\d{3}([- ]?)\d{2}\1\d{4}", v) and ssn.is_valid(
            re.sub(r"\D", "", v)
        ), v
        assert not v.isdigit() or re.search(r"SSN|Social Security", before, re.I), (v, before)
    for v, _ in spans_of(committed, "IBAN"):
        assert iban.is_valid(v), v


def test_other_positives_match_their_format(committed: list[dict[str, Any]]) -> None:
    for v, _ in spans_of(committed, "IP_ADDRESS"):
        ipaddress.ip_address(v)
    for v, _ in spans_of(committed, "EMAIL"):
        assert re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", v, re.A), v
    for v, before in spans_of(committed, "PASSPORT"):
        cn = re.fullmatch(r"[EGDSP]\d{8}|E[A-HJ-NP-Z]\d{7}", v)
        us = re.fullmatch(r"\d{9}|[A-Z]\d{8}", v) and re.search(r"passport|护照", before, re.I)
        assert cn or us, (v, before)
    account_word = re.compile(r"账号|账户|卡号|银行卡|储蓄卡|借记卡|account|acct|debit|bank", re.I)
    for d in committed:
        header = d["text"].split("\n", 1)[0] if d["kind"] == "csv" else ""
        for s in d["spans"]:
            if s["type"] == "BANK_ACCOUNT":
                v, before = (
                    d["text"][s["start"] : s["end"]],
                    d["text"][max(0, s["start"] - 40) : s["start"]],
                )
                assert re.fullmatch(r"\d[\d ]+\d", v) and 10 <= len(v.replace(" ", "")) <= 19, v
                assert account_word.search(before) or account_word.search(header), (v, before)
    for v, _ in spans_of(committed, "CN_LICENSE_PLATE"):
        assert PLATE.match(v), v
    birth_word = re.compile(r"出生|生日|birth|DOB|born|生", re.I)
    for d in committed:
        header = d["text"].split("\n", 1)[0] if d["kind"] == "csv" else ""
        for s in d["spans"]:
            if s["type"] == "DATE_OF_BIRTH":
                v, before = (
                    d["text"][s["start"] : s["end"]],
                    d["text"][max(0, s["start"] - 40) : s["start"]],
                )
                assert 1900 < birth_date(v).year < 2020, v
                after = d["text"][s["end"] : s["end"] + 2]
                assert (
                    birth_word.search(before)
                    or birth_word.search(header)
                    or after[:1] == "生"
                    or after == "出生"
                ), (v, before)
    for v, _ in spans_of(committed, "ADDRESS"):
        if re.match(r"\d", v):  # US: house number through ZIP or state
            assert re.search(r", [A-Z]{2} \d{5}(-\d{4})?$|, [A-Z][A-Za-z ]+$", v), v
        else:
            assert v.endswith(ZH_ADDR_END) and re.search(r"[省市区县]", v), v
    for v, _ in spans_of(committed, "PERSON"):
        assert not re.match(r"(Mr|Ms|Mrs|Dr|Mx)\.? ", v) and not v.endswith(
            ("先生", "女士", "某")
        ), v
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}|[A-Za-z][A-Za-z.' -]*[A-Za-z.]", v), v


# ------------------------------------------------------------------------------------------ negatives


def test_hard_negatives_are_invalid_and_unlabelled(built: list[dict[str, Any]]) -> None:
    kinds: Counter[str] = Counter()
    for d in built:
        for n in d["negatives"]:
            v, kind = d["text"][n["start"] : n["end"]], n["kind"]
            kinds[kind] += 1
            assert not any(s["start"] < n["end"] and n["start"] < s["end"] for s in d["spans"]), (
                d["id"],
                v,
            )
            digits = re.sub(r"[ -]", "", v)
            if kind == "bad_ric":
                assert len(v) == 18 and not ric_ok(v), v
            elif kind == "bad_card":
                assert digits.isdigit() and not luhn.is_valid(digits), v
            elif kind == "bad_iban":
                assert not iban.is_valid(v), v
            elif kind == "routing":
                assert rtn.is_valid(v), (
                    v
                )  # a real-looking routing number that is still not labelled
            elif digits.isdigit():
                assert not (
                    13 <= len(digits) <= 19 and luhn.is_valid(digits) and CARD_PREFIX.match(digits)
                ), v
                assert not (len(digits) == 18 and ric_ok(digits)), v
                assert len(digits) > 15 or not phone_ok(digits), v
    for kind in (
        "bad_ric",
        "bad_card",
        "bad_iban",
        "order",
        "tracking",
        "timestamp",
        "version",
        "sku",
        "ref9",
        "masked",
        "date",
    ):
        assert kinds[kind] >= 10, (kind, kinds)


def outside_spans(d: dict[str, Any], pattern: str) -> list[str]:
    return [
        m.group()
        for m in re.finditer(pattern, d["text"])
        if not any(s["start"] <= m.start() and m.end() <= s["end"] for s in d["spans"])
    ]


def test_no_valid_number_is_left_unlabelled(committed: list[dict[str, Any]]) -> None:
    for d in committed:
        for m in outside_spans(d, r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])"):
            assert not ric_ok(m.upper()), (d["id"], m)
        for m in outside_spans(d, r"(?<![\dA-Za-z])\d{13,19}(?![\dA-Za-z])"):
            assert not (luhn.is_valid(m) and CARD_PREFIX.match(m)), (d["id"], m)
        for m in outside_spans(d, r"(?<!\d)1[3-9]\d{9}(?!\d)"):
            assert not phone_ok(m), (d["id"], m)
        for m in outside_spans(d, r"(?a)[\w.+-]+@[\w-]+\.[\w.-]+"):
            raise AssertionError((d["id"], m))


def test_generator_is_independent_of_engine_and_dev_set() -> None:
    generator = [HOLDOUT / "make_holdout2.py", *HOLDOUT.glob("h2_*.py")]
    assert len(generator) >= 6
    for path in generator:
        src = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (lawbridge|devset_|make_devset)", src, re.M), path
