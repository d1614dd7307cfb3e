"""The PII dev set (bench/pii/make_devset.py) and the benchmark's exact-span scorer (bench/pii/pii_scoring.py).

Labels must follow bench/pii/LABELS.md: offsets in bounds, no surrounding whitespace or punctuation,
check digits valid for positives (re-checked here with python-stdnum / phonenumbers, independently of the
generator's own arithmetic) and invalid for the hard negatives.
"""

from __future__ import annotations

import ipaddress
import json
import re
import sys
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from stdnum import iban, luhn
from stdnum.cn import ric
from stdnum.us import ssn

PII = Path(__file__).resolve().parents[2] / "bench" / "pii"
sys.path.insert(0, str(PII))

import devset_entities as G  # noqa: E402
import devset_styles as S  # noqa: E402
import make_devset  # noqa: E402
from pii_scoring import errors, prf, score  # noqa: E402

TYPES = {
    "PERSON", "EMAIL", "PHONE", "CN_RESIDENT_ID", "CREDIT_CARD", "US_SSN", "IP_ADDRESS", "IBAN",
    "PASSPORT", "BANK_ACCOUNT", "CN_LICENSE_PLATE", "DATE_OF_BIRTH", "ADDRESS",
}  # fmt: skip
EDGE_PUNCT = set(",.;:!?，。；：！？、\"'“”‘’<>《》[]【】{}|")


@pytest.fixture(scope="module")
def committed() -> list[dict[str, Any]]:
    with (PII / "devset.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def fresh() -> list[dict[str, Any]]:
    return make_devset.make_devset(seed=11, n=400)


def spans_of(docs: list[dict[str, Any]], typ: str) -> list[str]:
    return [d["text"][s["start"] : s["end"]] for d in docs for s in d["spans"] if s["type"] == typ]


# ------------------------------------------------------------------------------------------ generator


def test_second_part_leaves_the_first_unchanged() -> None:
    """The styles part draws from its own random stream: the first 1,500 documents do not
    depend on how many style documents follow."""
    with_styles = make_devset.make_devset(seed=5, n=40, n_styles=30)
    assert with_styles[:40] == make_devset.make_devset(seed=5, n=40, n_styles=0)
    assert len(with_styles) == 70 and with_styles[40]["id"] == "pii-00040"


def test_second_part_labels_bank_codes_and_negatives_not(committed: list[dict[str, Any]]) -> None:
    """Routing numbers, BLZ, ABI/CAB, clearing numbers, "ending in 1234", order and tracking
    numbers beside account words stay unlabelled; every account span holds 10-19 digits."""
    styles = committed[1500:]
    accounts = spans_of(styles, "BANK_ACCOUNT")
    assert len(accounts) >= 150
    assert all(10 <= len(re.sub(r"[ -]", "", v)) <= 19 for v in accounts)
    assert any(re.search(r"\d[ -]\d{3}[ -]", v) for v in accounts)  # irregular groups
    for d in styles:
        for m in re.finditer(r"(?:Routing number: |ABA |RTN |BLZ |ending in )(\d+)", d["text"]):
            assert unlabelled(d, m.start(1), m.end(1)), (d["id"], m.group())
    assert any(p == p.lower() for p in spans_of(styles, "PERSON"))  # lower-case names


def test_deterministic_for_a_seed() -> None:
    assert make_devset.make_devset(seed=3, n=50) == make_devset.make_devset(seed=3, n=50)
    assert make_devset.make_devset(seed=3, n=50) != make_devset.make_devset(seed=4, n=50)


def test_committed_file_is_the_default_seed(committed: list[dict[str, Any]]) -> None:
    assert committed == make_devset.make_devset()


def test_shape_and_coverage(committed: list[dict[str, Any]]) -> None:
    assert len(committed) == make_devset.N_DOCS + make_devset.N_STYLES == 2000
    assert len({d["id"] for d in committed}) == len(committed)
    assert {d["lang"] for d in committed} == {"en", "zh", "mixed"}
    assert {d["kind"] for d in committed[:1500]} == {
        "chat", "ticket", "form", "json", "log", "news"
    }  # fmt: skip
    assert {d["kind"] for d in committed[1500:]} == set(S.STYLE_KINDS)
    counts = make_devset.stats(committed)["spans_by_type"]
    assert set(counts) == TYPES
    assert min(counts.values()) >= 150  # every type measured on enough spans for a per-type F1


@pytest.mark.parametrize("which", ["committed", "fresh"])
def test_spans_follow_the_conventions(which: str, request: pytest.FixtureRequest) -> None:
    docs = request.getfixturevalue(which)
    for d in docs:
        text = d["text"]
        prev_end = 0
        for s in sorted(d["spans"], key=lambda s: s["start"]):
            assert s["type"] in TYPES
            assert 0 <= s["start"] < s["end"] <= len(text)
            assert s["start"] >= prev_end, f"overlapping spans in {d['id']}"
            prev_end = s["end"]
            value = text[s["start"] : s["end"]]
            assert value == value.strip(), (d["id"], value)
            assert value[0] not in EDGE_PUNCT and value[-1] not in EDGE_PUNCT, (d["id"], value)
            assert value[-1] not in "()（）" and (value[0] != "(" or s["type"] == "PHONE"), value


def test_check_digits_of_positives(fresh: list[dict[str, Any]]) -> None:
    for v in spans_of(fresh, "CN_RESIDENT_ID"):
        assert (len(v) == 18 and ric.is_valid(v.upper())) or (len(v) == 15 and v.isdigit()), v
    for v in spans_of(fresh, "CREDIT_CARD"):
        digits = re.sub(r"[ -]", "", v)
        assert 13 <= len(digits) <= 19 and luhn.is_valid(digits), v
    for v in spans_of(fresh, "IBAN"):
        assert iban.is_valid(v), v
    for v in spans_of(fresh, "US_SSN"):
        assert re.fullmatch(r"\d{3}([- ]?)\d{2}\1\d{4}", v) and ssn.is_valid(v.replace(" ", "-")), v
    for v in spans_of(fresh, "PHONE"):
        assert any(
            phonenumbers.is_valid_number(phonenumbers.parse(v.replace("0086 ", "+86 "), region))
            for region in ("CN", "US")
        ), v
    for v in spans_of(fresh, "IP_ADDRESS"):
        ipaddress.ip_address(v)
    for v in spans_of(fresh, "CN_LICENSE_PLATE"):
        assert re.fullmatch(r"[\u4e00-\u9fff][A-HJ-NP-Z][· ]?[0-9A-HJ-NP-Z]{5,6}", v), v
    for v in spans_of(fresh, "PASSPORT"):
        assert re.fullmatch(r"[EGDSP]\d{8}|E[A-HJ-NP-Z]\d{7}|[A-Z]?\d{8,9}", v), v
    for v in spans_of(fresh, "EMAIL"):
        assert re.fullmatch(r"[a-z0-9._]+@[a-z0-9.-]+\.[a-z]+", v), v


def unlabelled(doc: dict[str, Any], start: int, end: int) -> bool:
    return not any(s["start"] < end and start < s["end"] for s in doc["spans"])


def test_no_unlabelled_checksum_valid_numbers(committed: list[dict[str, Any]]) -> None:
    """Hard negatives really are negatives: an unlabelled 18-character ID-shaped token never has a valid
    check digit, and an unlabelled 13–19 digit run with a card prefix is never Luhn-valid."""
    negatives = {"id": 0, "card": 0}
    for d in committed:
        text = d["text"]
        for m in re.finditer(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])", text):
            if unlabelled(d, m.start(), m.end()):
                negatives["id"] += 1
                assert G.gb11643_check(m.group()[:17]) != m.group()[17].upper(), m.group()
        ibans = [
            m.span()
            for m in re.finditer(r"[A-Z]{2}\d{2}(?: ?[0-9A-Z]{4})+(?: ?[0-9A-Z]{1,3})?", text)
        ]
        for m in re.finditer(r"(?<![0-9A-Za-z])(?:\d[ -]?){12,18}\d(?![0-9A-Za-z])", text):
            digits = re.sub(r"[ -]", "", m.group())
            in_iban = any(a <= m.start() < b for a, b in ibans)
            if unlabelled(d, m.start(), m.end()) and digits[0] in "3456" and not in_iban:
                negatives["card"] += 1
                assert not luhn.is_valid(digits), m.group()
    assert negatives["id"] >= 100 and negatives["card"] >= 50  # the hard negatives are there


def test_unlabelled_dotted_quads_follow_a_version_word(committed: list[dict[str, Any]]) -> None:
    """LABELS.md: a dotted quad is a version string, not an IP, only right after a version word."""
    quads = 0
    for d in committed:
        text = d["text"]
        for m in re.finditer(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])", text):
            if all(int(x) <= 255 for x in m.group().split(".")) and unlabelled(
                d, m.start(), m.end()
            ):
                quads += 1
                assert re.search(r"(版本|[Vv]ersion|App|release)\W{0,3}$", text[: m.start()]), (
                    m.group()
                )
    assert quads >= 20


def test_hard_negative_generators() -> None:
    rng = make_devset.random.Random(5)
    for _ in range(200):
        bad = G.resident_id(rng, valid=False)
        assert len(bad) == 18 and not ric.is_valid(bad.upper())
        assert G.gb11643_check(bad[:17]) != bad[17].upper()
        assert not luhn.is_valid(re.sub(r"[ -]", "", G.card_number(rng, valid=False)))
        assert not iban.is_valid(G.iban(rng, valid=False))
        parts = make_devset.FILLERS["version"](make_devset.Doc(rng, "en")).split(".")
        assert not (len(parts) == 4 and all(p.isdigit() and int(p) <= 255 for p in parts)), parts
        good = G.resident_id(rng)
        assert ric.is_valid(good.upper()) and G.gb11643_check(good[:17]) == good[17].upper()


def test_known_check_digits() -> None:
    # textbook examples: GB 11643 (ISO 7064 MOD 11-2), Luhn, ISO 13616
    assert G.gb11643_check("11010519491231002") == "X"
    assert G.luhn_ok("4111111111111111") and not G.luhn_ok("4111111111111112")
    assert G.iban_mod97("DE89370400440532013000") == 1


# --------------------------------------------------------------------------------------------- scorer


GOLD = [
    {
        "id": "a",
        "lang": "zh",
        "text": "张伟 13800138000 张江",
        "spans": [
            {"start": 0, "end": 2, "type": "PERSON"},
            {"start": 3, "end": 14, "type": "PHONE"},
        ],
    },
    {
        "id": "b",
        "lang": "en",
        "text": "Mr. Smith, SSN 123-45-6789",
        "spans": [
            {"start": 4, "end": 9, "type": "PERSON"},
            {"start": 15, "end": 26, "type": "US_SSN"},
        ],
    },
]
PRED = {
    "a": [
        {"start": 0, "end": 2, "type": "PERSON", "score": 0.9},  # TP
        {"start": 0, "end": 2, "type": "PERSON", "score": 0.8},  # duplicate: counted once
        {"start": 3, "end": 13, "type": "PHONE", "score": 0.9},  # wrong end: FP + FN
        {"start": 15, "end": 17, "type": "PERSON", "score": 0.5},  # 张江: FP
    ],
    "b": [
        {"start": 15, "end": 26, "type": "PHONE", "score": 0.5},  # right span, wrong type: FP + FN
        {"start": 4, "end": 9, "type": "PERSON", "score": 0.9},  # TP
    ],
}


def test_exact_span_micro_prf() -> None:
    r = score(GOLD, PRED)
    assert (r["micro"]["tp"], r["micro"]["fp"], r["micro"]["fn"]) == (2, 3, 2)
    assert r["micro"]["precision"] == pytest.approx(2 / 5)
    assert r["micro"]["recall"] == pytest.approx(2 / 4)
    assert r["micro"]["f1"] == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert r["per_type"]["PERSON"] == prf(2, 1, 0)
    assert (r["per_type"]["PHONE"]["fp"], r["per_type"]["PHONE"]["fn"]) == (2, 1)
    assert r["per_type"]["US_SSN"]["recall"] == 0.0
    assert r["per_lang"]["zh"]["tp"] == 1 and r["per_lang"]["zh"]["fp"] == 2
    assert r["per_lang"]["en"]["f1"] == pytest.approx(0.5)


def test_type_filter_and_missing_documents() -> None:
    r = score(GOLD, {"a": PRED["a"]}, types=frozenset({"PERSON"}))
    assert set(r["per_type"]) == {"PERSON"}
    assert (r["micro"]["tp"], r["micro"]["fp"], r["micro"]["fn"]) == (
        1,
        1,
        1,
    )  # doc b: nothing predicted


def test_perfect_and_empty() -> None:
    perfect = {d["id"]: d["spans"] for d in GOLD}
    assert score(GOLD, perfect)["micro"]["f1"] == 1.0
    assert score(GOLD, {})["micro"]["recall"] == 0.0
    assert prf(0, 0, 0)["f1"] == 1.0


def test_error_examples_show_both_sides() -> None:
    ex = errors(GOLD, PRED)
    phone = {e["kind"]: e for e in ex["PHONE"]}
    assert phone["missed"]["expected"] == "13800138000"
    assert phone["missed"]["got"] == ["'1380013800' PHONE"]
    assert [e["got"] for e in ex["PERSON"] if e["kind"] == "false"] == ["张江"]
