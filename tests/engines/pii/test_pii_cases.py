"""Each recogniser on positive cases and hard negatives, alone and among all the others."""

from __future__ import annotations

import pytest

from lawbridge.engines.pii import Analyzer

ANALYZER = Analyzer()

# (text, [(type, exact span text)]) — everything the full analyzer must report, nothing more.
CASES = [
    # resident ID: check digit, legacy 15 digits only with context, order numbers
    ("身份证号：11010519491231002X。", [("CN_RESIDENT_ID", "11010519491231002X")]),
    ("身份证号：110105194912310021", []),  # wrong check digit
    ("订单号 11010519491231002X 已发货", []),
    ("1101051949123100211", []),  # 19 digits
    ("号11010519491231002x号", [("CN_RESIDENT_ID", "11010519491231002x")]),
    ("110105491231002", []),  # 15 digits, no context
    # cards: Luhn, issuer prefix, grouping; account context turns a card into an account
    ("Visa 4111-1111-1111-1111 on file", [("CREDIT_CARD", "4111-1111-1111-1111")]),
    ("card 4111 1111 1111 1112", []),  # Luhn-invalid
    ("4111111111111111", [("CREDIT_CARD", "4111111111111111")]),
    ("收款账号 4111111111111111", [("BANK_ACCOUNT", "4111111111111111")]),
    ("银行卡号：6222 0202 0000 1234 567", [("BANK_ACCOUNT", "6222 0202 0000 1234 567")]),
    ("编号 6222020200001234567", []),
    ("1234567890123", []),  # 13 digits, no context, not Luhn-valid card
    # SSN
    ("SSN 536-22-8726.", [("US_SSN", "536-22-8726")]),
    ("SSN 666-22-8726", []),  # area 666 is never issued
    ("536228726", []),  # 9 digits, no context
    ("social security number: 536228726", [("US_SSN", "536228726")]),
    # phones, CN and US; order and tracking numbers are not phones
    ("请致电13912345678或(415) 555-0132", [("PHONE", "13912345678"), ("PHONE", "(415) 555-0132")]),
    ("tracking number 13912345678", []),
    ("订单号13912345678", []),
    ("电话：+86 10 6552 9988", [("PHONE", "+86 10 6552 9988")]),
    ("139123456789", []),  # 12 digits
    ("2023-11-27 10:32:45 login ok", []),  # timestamp
    # IP addresses and version strings
    ("server 10.0.0.1:8080 down", [("IP_ADDRESS", "10.0.0.1")]),
    ("version 1.2.3.4", []),
    ("upgraded to v2.10.3.1 today", []),
    ("1.2.3.4.5", []),
    ("subnet 192.168.0.0/24.", [("IP_ADDRESS", "192.168.0.0")]),
    # IBAN
    ("IBAN GB82 WEST 1234 5698 7654 32 thanks", [("IBAN", "GB82 WEST 1234 5698 7654 32")]),
    ("GB82WEST12345698765431", []),
    # passports
    ("护照号E12345678", [("PASSPORT", "E12345678")]),
    ("SKU: G12345678", []),
    ("passport no. 123456789", [("PASSPORT", "123456789")]),
    ("123456789", []),
    # plates
    ("车牌号码苏E·12345", [("CN_LICENSE_PLATE", "苏E·12345")]),
    # dates of birth; other dates are not
    ("生于1990年1月2日", [("DATE_OF_BIRTH", "1990年1月2日")]),
    ("Date of birth: 1985-03-12.", [("DATE_OF_BIRTH", "1985-03-12")]),
    ("入职日期：2015-03-12", []),
    ("Invoice date 03/12/2023", []),
    # e-mail
    ("mail me: a.b-c@sub.example.co.uk.", [("EMAIL", "a.b-c@sub.example.co.uk")]),
    # names
    ("收件人：李娜 电话13800138000", [("PERSON", "李娜"), ("PHONE", "13800138000")]),
    ("请联系王先生", []),
    ("张伟先生和欧阳娜娜女士", [("PERSON", "张伟"), ("PERSON", "欧阳娜娜")]),
    ("我在王府井和张江高科上班", []),
    ("Mr. Smith called.", [("PERSON", "Smith")]),
    ("Dear Emily Johnson,", [("PERSON", "Emily Johnson")]),
    ("The Bank of China opened on Monday.", []),
    ("Signed, Wang Xiaoming", [("PERSON", "Wang Xiaoming")]),
    # addresses
    (
        "收货地址：上海市浦东新区世纪大道100号",
        [("ADDRESS", "上海市浦东新区世纪大道100号")],
    ),
    ("北京是首都", []),
    (
        "Mail to 350 Fifth Avenue, New York, NY 10118 now",
        [("ADDRESS", "350 Fifth Avenue, New York, NY 10118")],
    ),
    ("Room 1203 only", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_analyzer_reports_exactly_the_expected_spans(
    text: str, expected: list[tuple[str, str]]
) -> None:
    found = [(f.type, text[f.start : f.end]) for f in ANALYZER.analyze(text)]
    assert found == expected


def test_mixed_chinese_and_english_text() -> None:
    text = (
        "Hi team, 客户王小明（Wang Xiaoming）的手机是13800138000, email wxm@example.com, "
        "身份证11010519491231002X, card 5500 0000 0000 0004."
    )
    found = {(f.type, text[f.start : f.end]) for f in ANALYZER.analyze(text)}
    assert found == {
        ("PERSON", "王小明"),
        ("PERSON", "Wang Xiaoming"),
        ("PHONE", "13800138000"),
        ("EMAIL", "wxm@example.com"),
        ("CN_RESIDENT_ID", "11010519491231002X"),
        ("CREDIT_CARD", "5500 0000 0000 0004"),
    }
