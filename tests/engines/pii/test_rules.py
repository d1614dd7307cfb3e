"""Regression tests for the general detection rules: one test per rule, invented data only."""

from __future__ import annotations

import pytest

from lawbridge.engines.pii import Analyzer
from lawbridge.engines.pii.base import Scan
from lawbridge.engines.pii.recognizers.numbers import real_date, valid_resident_id
from lawbridge.engines.pii.scanner import Scanner

ANALYZER = Analyzer()


def spans(text: str) -> list[tuple[str, str]]:
    return [(f.type, text[f.start : f.end]) for f in ANALYZER.analyze(text)]


# --- resident ID: check character, real date, province prefix (not the current county table) ---


def test_resident_id_with_an_area_code_missing_from_todays_table_is_valid() -> None:
    # 110199 is no county in today's division table; the check character is right.
    assert valid_resident_id("110199198503121234")
    assert spans("身份证号 110199198503121234") == [("CN_RESIDENT_ID", "110199198503121234")]


@pytest.mark.parametrize(
    "number",
    [
        "110199198503121235",  # wrong check character
        "990199198503121234",  # 99 is no province
        "110105198502301237",  # 30 February
        "11019919850312123",  # 17 characters
    ],
)
def test_resident_id_rejects(number: str) -> None:
    assert not valid_resident_id(number)


def test_real_date() -> None:
    assert real_date(2024, 2, 29)
    assert not real_date(2023, 2, 29)
    assert not real_date(1700, 1, 1)


# --- context: longest keyword wins, context stays in its own field, field names as words ---


def test_a_keyword_inside_a_longer_one_is_not_a_word_of_its_own() -> None:
    analyzer = Analyzer()
    scanner = Scanner(analyzer.recognizers)
    text = "银行卡号6222"
    scan = Scan(text, scanner.scan_keywords(text))
    assert [word for _, word in scan.words_before(4)] == ["银行卡号"]


def test_underscored_field_names_match_their_words() -> None:
    text = '{"birth_date": "1985-03-12", "id_card": "110199198503121234"}'
    assert spans(text) == [
        ("DATE_OF_BIRTH", "1985-03-12"),
        ("CN_RESIDENT_ID", "110199198503121234"),
    ]


def test_the_next_fields_name_gives_no_context() -> None:
    # an order number followed by the "dob" key is not a birth date, nor a phone
    text = '{"order_id": "20230512", "dob": "19580310"}'
    assert spans(text) == [("DATE_OF_BIRTH", "19580310")]


def test_a_label_on_the_previous_line_does_not_reach_the_next_field() -> None:
    text = "release 9.3.30.103 rolled out to 12 hosts\n203.0.113.7 - - GET /"
    assert spans(text) == [("IP_ADDRESS", "203.0.113.7")]


# --- cards and accounts ---


def test_luhn_invalid_number_after_credit_card_word_is_nothing() -> None:
    assert spans("信用卡号6221 2670 4010 8382校验失败。") == []


def test_debit_card_word_before_generic_card_number_word_makes_an_account() -> None:
    text = "退款请打到我的储蓄卡，卡号4111111111111111，开户行是某银行"
    assert spans(text) == [("BANK_ACCOUNT", "4111111111111111")]


def test_nineteen_digit_card_grouped_four_four_four_four_three() -> None:
    # 6212345678901234569 is Luhn-valid; its first sixteen digits are not
    assert spans("信用卡6212 3456 7890 1234 569被扣款") == [
        ("CREDIT_CARD", "6212 3456 7890 1234 569")
    ]
    assert spans("信用卡6212 3456 7890 1234 568被扣款") == []


def test_timestamp_in_account_context_is_not_an_account() -> None:
    assert spans("[WARN] 银行卡 20240504165928 绑定失败") == []


# --- dates of birth ---


def test_court_style_date_followed_by_sheng() -> None:
    assert spans("原告某甲，女，1962-03-17生，汉族") == [("DATE_OF_BIRTH", "1962-03-17")]


# --- phones ---


def test_labelled_international_number_on_the_next_line() -> None:
    assert spans("Phone:\n0487 98 11 92\n") == [("PHONE", "0487 98 11 92")]


def test_timestamp_beside_a_phone_word_is_no_phone() -> None:
    assert spans("20190616170042 INFO [sms] sent") == []


# --- addresses ---


def test_us_street_name_that_is_also_a_suffix_word() -> None:
    text = "Home address: 7685 Harbor Ave, Salem, OR 97332-5328 SSN"
    assert spans(text) == [("ADDRESS", "7685 Harbor Ave, Salem, OR 97332-5328")]


def test_hillcrest_is_not_hill_plus_crest() -> None:
    text = "lived at 3981 Hillcrest Ct Apt 40A, Nashville, TN 37234."
    assert spans(text) == [("ADDRESS", "3981 Hillcrest Ct Apt 40A, Nashville, TN 37234")]


def test_chinese_address_starting_at_a_district() -> None:
    text = "第三人某某，住岳麓区花园大街124号3号楼1901室，电话"
    assert ("ADDRESS", "岳麓区花园大街124号3号楼1901室") in spans(text)


def test_chinese_address_after_a_change_verb_starts_at_the_city() -> None:
    text = "客户要求把收货地址改为深圳市龙岗区新华路162号星河大厦25层。"
    assert spans(text) == [("ADDRESS", "深圳市龙岗区新华路162号星河大厦25层")]


# --- persons ---


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("[09:12] Tobias K Lindqvist: hello", "Tobias K Lindqvist"),
        ('{"name": "Ines Okonkwo"}', "Ines Okonkwo"),
        ("From: Shaoqing Lu <sq.lu@example.com>", "Shaoqing Lu"),
        ('{"name": "ZHANG Xiaoming"}', "ZHANG Xiaoming"),
        ("Hongguo He born on 1990-01-02", "Hongguo He"),
        ("Tobias Brennan, 46, of Springfield", "Tobias Brennan"),
        ("据秦斌介绍，系统已上线", "秦斌"),
        ("[INFO] 用户付雨登录成功", "付雨"),
        ("| 客户姓名 | 东方艳磊 |", "东方艳磊"),
        ("陈凯：宋瑶的电话是+86-13512345678", "宋瑶"),
    ],
)
def test_person_rules(text: str, name: str) -> None:
    assert ("PERSON", name) in spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "Signed: 2024-01-02",
        "She moved to San Francisco in May.",
        "被告张某因合同纠纷",
        "[WARN] 银行卡6222 0202 0000 1234 567 绑定失败",
        "余律师来电催单",
        "钱大妈的客服电话一直打不通",
    ],
)
def test_person_hard_negatives(text: str) -> None:
    assert [t for t, _ in spans(text) if t == "PERSON"] == []
