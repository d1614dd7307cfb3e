"""The harder PERSON and BANK_ACCOUNT styles (bench/pii/devset_styles.py) and the one-pass scanner:
one test per rule, invented data only."""

from __future__ import annotations

import pytest

from lawbridge.engines.pii import Analyzer
from lawbridge.engines.pii.scanner import Scanner, _char_offsets

ANALYZER = Analyzer()


def spans(text: str, typ: str | None = None) -> list[str]:
    return [text[f.start : f.end] for f in ANALYZER.analyze(text) if typ in (None, f.type)]


# --- bank accounts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("ABA 021000021 / Acct 817 784 940 655 (Chase)", "817 784 940 655"),
        ("Routing number: 021000021\nAccount number: 3285-842270724649379", "3285-842270724649379"),
        ("Kontonummer: 0532-013000, BLZ 37040044", "0532-013000"),
        ("conto corrente n. 000012345678, ABI 03069 CAB 09606", "000012345678"),
        ("numéro de compte 00012345678 (code banque 30004)", "00012345678"),
        ("对公账户：9047 110528631154249（中国建设银行）", "9047 110528631154249"),
    ],
)
def test_split_and_european_account_numbers(text: str, account: str) -> None:
    assert spans(text, "BANK_ACCOUNT") == [account]


def test_routing_and_bank_codes_are_not_accounts() -> None:
    text = "ABA 021000021 / Acct 817 784 940 655 (Chase)\nKontonummer: 0532-013000, BLZ 37040044"
    assert spans(text, "BANK_ACCOUNT") == ["817 784 940 655", "0532-013000"]


def test_a_split_account_stops_at_nineteen_digits() -> None:
    # the greedy match takes the date after it along: cut back to whole groups
    assert spans("账号：6222 0202 0000 1234 567 2024 05", "BANK_ACCOUNT") == [
        "6222 0202 0000 1234 567"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Confirmation 8491500493 for your account transfer.",
        "Order #4820193746 was charged to the account on file.",
        "交易流水号2753878535，账户余额86909.50元。",
        "Your account ending in 4821 was charged $12.00.",
        "账号已绑定手机 138 1234 5678",
    ],
)
def test_numbers_beside_account_words_that_are_no_accounts(text: str) -> None:
    assert spans(text, "BANK_ACCOUNT") == []


def test_card_number_under_bank_details_is_a_bank_account() -> None:
    text = "户名：王芳\n开户行：招商银行深圳分行\n卡号：6222 0202 0000 1234 567"
    assert spans(text, "BANK_ACCOUNT") == ["6222 0202 0000 1234 567"]
    card = "6222 0202 1234 5678 909"  # Luhn-valid
    assert spans(f"信用卡号：{card}", "CREDIT_CARD") == [card]
    assert spans(f"开户行：招商银行\n卡号：{card}", "BANK_ACCOUNT") == [card]


# --- Chinese names without cue words -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            '{"members": ["王涵", "陶磊慧"], "contacts": {"程磊": "13800138000"}}',
            ["王涵", "陶磊慧", "程磊"],
        ),
        ("参会人员：袁建鑫、吕建、曹凤鑫。", ["袁建鑫", "吕建", "曹凤鑫"]),
        ("苏嘉琳已离职，工作由潘琳馨接手。", ["苏嘉琳", "潘琳馨"]),
        ("@朱然 明天的会你参加吗？", ["朱然"]),
        ("今天陆平浩值班。", ["陆平浩"]),
        ("财务总监王芳表示将继续推进。", ["王芳"]),
        ("经办：孙怡\u3000复核：钱艳平", ["孙怡", "钱艳平"]),
        ("收款人欧阳峰琪，招商银行借记卡", ["欧阳峰琪"]),
    ],
)
def test_chinese_names_without_cue_words(text: str, names: list[str]) -> None:
    assert spans(text, "PERSON") == names


@pytest.mark.parametrize(
    "text",
    [
        "李宁、安踏等国产品牌",  # a list of brands
        "户名：云杉数科",  # a company after a name cue
        "李宁总部在北京。",  # 总部 is no honorific
        "本周钱大妈专柜打八折。",
        "项目经理会另行通知。",
        "值班表：周一 付超梓，周五 丁铭睿",  # weekdays are no names (the persons are)
        "请于入住当天14:00前到达。",
        "商品: 李宁 T-shirt XL",
        "朱家角那边今天下雨。",
    ],
)
def test_chinese_no_names(text: str) -> None:
    found = spans(text, "PERSON")
    assert all(name in ("付超梓", "丁铭睿") for name in found), found


# --- English names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Reviewed by R. Grace Novak", ["R. Grace Novak"]),
        ('{"assignee": "W. Ray Allen"}', ["W. Ray Allen"]),
        ("cc penelope e. wilson about it.", ["penelope e. wilson"]),
        ("Thanks,\nesther j. hill\nNurse | Meridian Health", ["esther j. hill"]),
        ("ping colin long\n", ["colin long"]),
        ("Best,\nColin C. Wilson\nGeneral Counsel, Meridian Health", ["Colin C. Wilson"]),
    ],
)
def test_english_names_with_initials_in_lower_case_and_signatures(
    text: str, names: list[str]
) -> None:
    assert spans(text, "PERSON") == names


@pytest.mark.parametrize(
    "text",
    [
        "hi john how are you",  # a first name, then no surname and no line end
        "thanks all, see you",
        "Bank: Chase\nRouting number: 021000021",
    ],
)
def test_english_no_names(text: str) -> None:
    assert spans(text, "PERSON") == []


def test_a_middle_initial_is_not_taken_for_a_leading_one() -> None:
    assert not any(name.startswith("R.") for name in spans("Oluwaseun R. Johnson", "PERSON"))


# --- the one pass --------------------------------------------------------------------------------


def test_keywords_are_found_in_the_same_pass_case_insensitively() -> None:
    scanner = Scanner(ANALYZER.recognizers)
    text = "ACCOUNT NUMBER: 1 | Birth_Date: x | 银行卡号"
    found = {word for _, _, word in scanner.scan(text).keywords}
    assert {"account number", "birth date", "银行卡号"} <= found


def test_byte_offsets_become_character_offsets() -> None:
    data = "a中b\ud800c".encode("utf-8", "replace")  # a lone surrogate is one byte ("?")
    offsets = _char_offsets(data, [(0, 1, 4), (0, 5, 6)])
    assert offsets == {1: 1, 4: 2, 5: 3, 6: 4}


def test_analyzers_with_the_same_recognisers_share_one_compiled_database() -> None:
    from lawbridge.engines.pii import AnalyzerConfig

    # Two analyzers built one after the other (the cache is bounded: an analyzer built long ago
    # in this process, e.g. at import, may have been evicted by other recogniser sets since).
    first = Analyzer()
    other = Analyzer(config=AnalyzerConfig(threshold=0.7))
    assert other._scanner._database is first._scanner._database
    assert other._scanner._scratch is not first._scanner._scratch  # scratch is per scanner
    text = "联系人：张伟，电话13800138000"
    assert [f.type for f in other.analyze(text)] == [f.type for f in first.analyze(text)]
