"""Identity and financial numbers: resident ID, payment card, bank account, SSN, IBAN, passport."""

from __future__ import annotations

import re
import string
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from stdnum import iban, luhn
from stdnum.exceptions import ValidationError
from stdnum.us import ssn

from lawbridge.engines.pii.base import (
    Finding,
    Pattern,
    Recognizer,
    Scan,
    bounded,
    judge_context,
    words,
)
from lawbridge.engines.pii.recognizers.vocabulary import REFERENCE_VETO

_DIGITS = re.compile(r"\D")
ALNUM_DASH = r"0-9A-Za-z\-"


def digits_of(value: str) -> str:
    return _DIGITS.sub("", value)


#: GB/T 2260 province-level codes (first two digits of a resident ID).
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65"
    " 71 81 82 83".split()
)
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))


def valid_resident_id(value: str) -> bool:
    """An 18-character GB 11643 number: ISO 7064 MOD 11-2 check character, a real birth date and
    a province-level prefix.

    Deliberately not ``stdnum.cn.ric.is_valid``: it also looks the six-digit area code up in the
    *current* division table, and a person keeps the code of the county where the number was
    first issued for life, even after that county is merged or renamed - real, valid numbers with
    retired area codes would be rejected.
    """
    if len(value) != 18 or not value[:17].isdigit() or value[:2] not in _PROVINCES:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value, _ID_WEIGHTS, strict=False))
    if "10X98765432"[total % 11] != value[17]:
        return False
    return real_date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def real_date(year: int, month: int, day: int) -> bool:
    """Whether the date exists in the Gregorian calendar, from 1880 to 2099."""
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1880 <= year <= 2099


class CnResidentIdRecognizer(Recognizer):
    """PRC resident identity number (GB 11643-1999): 18 characters with a valid check digit and
    birth date; the legacy 15-digit form only beside an ID context word."""

    NAME = "cn_resident_id"
    ENTITY = "CN_RESIDENT_ID"
    PATTERNS = (
        bounded("id18", r"[1-9]\d{16}[\dXx]", score=0.75),
        bounded("id15", r"[1-9]\d{14}", score=0.4, needs_context=True),
    )
    CONTEXT = words(
        "身份证", "身份证号", "身份证号码", "公民身份号码", "证件号", "证件号码", "身份号码",
        "id card", "id number", "id no", "resident id", "national id", "identity card", "chinese id",
    )  # fmt: skip
    VETO = REFERENCE_VETO

    def validate(self, value: str, pattern: Pattern) -> bool:
        if len(value) == 15:  # legacy: area code and a YYMMDD birth date, no check digit
            month, day = int(value[8:10]), int(value[10:12])
            return 1 <= month <= 12 and 1 <= day <= 31
        return valid_resident_id(value.upper())

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("身份证号11010519491231002X，请核对", ["11010519491231002X"]),
            ("ID card: 110105194912310021 (wrong check digit)", []),
            ("订单号 11010519491231002X", []),
            ("身份证：110105491231002", ["110105491231002"]),
        ]


#: A digit -> the digit sum of its double (the digits Luhn's algorithm doubles).
_LUHN_DOUBLED = str.maketrans("0123456789", "0246813579")


def luhn_valid(number: str) -> bool:
    """``stdnum.luhn.is_valid(number)``; for ASCII digits summed over their bytes (each digit's
    byte is 48 more than the digit) instead of a look-up per digit."""
    if not (number.isascii() and number.isdigit()):
        return bool(luhn.is_valid(number))
    reverse = number[::-1]
    kept, doubled = reverse[::2], reverse[1::2].translate(_LUHN_DOUBLED)
    total = sum(kept.encode()) + sum(doubled.encode()) - 48 * len(number)
    return total % 10 == 0


_CARD_PREFIX = re.compile(r"^(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5|4[4-9]|2)|35|36|30[0-5]|38|39)")


#: Words of a bank account or debit card: a Luhn-valid number beside one is BANK_ACCOUNT.
DEBIT_WORDS = words(
    "账号", "账户", "银行账号", "银行账户", "帐号", "收款账号", "银行卡", "银行卡号", "储蓄卡",
    "储蓄卡号", "借记卡", "借记卡号", "工资卡", "account", "account no", "account number", "acct",
    "acct no", "bank account", "debit card", "checking", "savings", "a/c", "bank card",
    "bank card no", "bankcard", "bank card number", "direct deposit", "对公账户", "收款账户",
    "银行账户号", "account #", "acct #", "checking account", "savings account",
    # European account numbers written without an IBAN
    "kontonummer", "konto-nr", "konto nr", "konto", "kto", "conto corrente", "conto", "c/c",
    "numéro de compte", "n° de compte", "compte", "rekeningnummer", "rekening", "número de cuenta",
    "cuenta", "nº de cuenta", "sort code",
)  # fmt: skip
#: Words of a bank's own details (开户行 …): a card number in the same few lines is a bank card.
BANK_DETAIL_WORDS = words("开户行", "开户银行", "户名", "开户名", "收款人", "收款银行")
#: The rest of an IBAN after its country code and check digits ("DE46 2525 1774 …", also one
#: whose check digits fail): its digits are no card or account number of their own.
_IBAN_HEAD = re.compile(r"(?<![A-Za-z])[A-Z]{2}\d{2}(?: ?[0-9A-Z]{4})*? ?$")


def iban_tail(text: str, start: int) -> bool:
    """Whether the digits at ``start`` continue an IBAN written just before them.

    ``_IBAN_HEAD`` ends at ``start`` (or before a line break there) with a digit or a capital,
    perhaps then a space: that character is looked at before the search."""
    last = start - 1
    if last >= 0 and text[last] == "\n":
        last -= 1
    if last >= 0 and text[last] == " ":
        last -= 1
    if last < 0 or text[last] not in _IBAN_LAST:
        return False
    return _IBAN_HEAD.search(text, max(0, start - 40), start) is not None


_IBAN_LAST = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


ID_WORDS = words(
    "身份证", "身份证号", "身份证号码", "公民身份号码", "证件号", "证件号码", "身份号码", "id card",
    "id number", "id no", "resident id", "national id",
)  # fmt: skip


class CreditCardRecognizer(Recognizer):
    """Payment card number (13-19 digits, Luhn-valid, a known issuer prefix), as written with its
    spaces or dashes. Beside a bank-account word it yields to BANK_ACCOUNT."""

    NAME = "credit_card"
    ENTITY = "CREDIT_CARD"
    PATTERNS = (
        bounded("plain", r"\d{13,19}", score=0.6),
        replace(
            bounded(
                "grouped4",
                r"\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}(?:\1\d{1,3})?",
                score=0.75,
                hs_core=r"\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{1,7}",
            ),
            reach=4,  # a 19-digit UnionPay number written 4-4-4-4-3
        ),
        bounded(
            "amex",
            r"3[47]\d{2}([ -])\d{6}\1\d{5}",
            score=0.75,
            hs_core=r"3[47]\d{2}[ -]\d{6}[ -]\d{5}",
        ),
    )
    CONTEXT = words(
        "信用卡", "信用卡号", "卡号", "credit card", "card", "card number", "card no", "cc", "visa",
        "mastercard", "amex", "american express", "discover", "jcb", "unionpay", "银联", "付款卡",
        "payment card",
    )  # fmt: skip
    VETO = REFERENCE_VETO | DEBIT_WORDS | words("iban", "手机", "phone")
    #: Words that say "a card" without saying which kind: a debit word further back decides.
    GENERIC = words("卡号", "card", "card number", "card no", "cc")

    def on_pattern(self, pattern: Pattern, match: re.Match[str], scan: Scan) -> Iterable[Finding]:
        """As the base class, but a generic card word ("卡号", "card") after a debit-card word in
        the same field ("储蓄卡，卡号…") leaves the number to BANK_ACCOUNT."""
        if iban_tail(scan.text, match.start()):
            return ()
        if self._bank_card(scan, match.start()):
            return ()  # 开户行：…\n卡号：… is the bank's card, a BANK_ACCOUNT
        for word_start, word in scan.words_before(match.start()):
            if word not in self.GENERIC:
                if word in DEBIT_WORDS and "\n" not in scan.text[word_start : match.start()]:
                    return ()
                break
        return super().on_pattern(pattern, match, scan)

    def _bank_card(self, scan: Scan, start: int) -> bool:
        """Whether a generic card word ("卡号") labels the number and a bank's details (开户行,
        户名 …) stand before it within a few lines, with no credit-card word in between."""
        ends = scan.notes.get("bank_detail_ends")
        if ends is None:
            ends = scan.notes["bank_detail_ends"] = [
                end for end, _, word in scan.keywords if word in BANK_DETAIL_WORDS
            ]
        i = bisect_left(ends, start - 80)
        if i == len(ends) or ends[i] > start:
            return False  # no bank detail word ends in reach: the walk below would find none
        generic = False
        for _, word in scan.words_before(start, window=80):
            if word in self.GENERIC:
                generic = True
            elif word in BANK_DETAIL_WORDS:
                return generic
            elif word in self.CONTEXT:
                return False
        return False

    def validate(self, value: str, pattern: Pattern) -> bool:
        number = digits_of(value)
        return 13 <= len(number) <= 19 and bool(_CARD_PREFIX.match(number)) and luhn_valid(number)

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("Card 4111 1111 1111 1111 exp 12/27", ["4111 1111 1111 1111"]),
            ("信用卡：5500-0000-0000-0004", ["5500-0000-0000-0004"]),
            ("card 4111 1111 1111 1112", []),
            ("order no. 4111111111111111", []),
            ("信用卡6221 2615 7132 7562 401被扣款", ["6221 2615 7132 7562 401"]),
            ("储蓄卡，卡号4111111111111111", []),
            ('{"bank_card_no": "4111111111111111"}', []),
            ("IBAN DE46 4111 1111 1111 1111 00 failed", []),
        ]


def _timestamp(number: str) -> bool:
    hour, minute, second = int(number[8:10]), int(number[10:12]), int(number[12:14])
    day_ok = real_date(int(number[:4]), int(number[4:6]), int(number[6:8]))
    return day_ok and 1990 <= int(number[:4]) <= 2099 and hour < 24 and minute < 60 and second < 60


class BankAccountRecognizer(Recognizer):
    """Bank account or debit-card number (10-19 digits, written compact or split by single spaces
    or hyphens into groups of any size) beside an account word."""

    NAME = "bank_account"
    ENTITY = "BANK_ACCOUNT"
    PATTERNS = (
        bounded("plain", r"\d{10,19}", score=0.55, needs_context=True),
        replace(
            bounded(
                "split",
                r"\d{1,8}(?:[ -]\d{1,17}){1,7}",
                score=0.55,
                needs_context=True,
                hs_core=r"\d{1,8}[ -]\d{1,17}",
            ),
            reach=40,
        ),
    )
    CONTEXT = DEBIT_WORDS | BANK_DETAIL_WORDS | words("卡号", "routing", "rtn", "aba")
    VETO = (
        REFERENCE_VETO
        | ID_WORDS
        | words(
            "信用卡", "信用卡号", "credit card", "visa", "mastercard", "amex", "手机", "phone",
            "iban", "swift",
        )
    )  # fmt: skip

    def on_pattern(self, pattern: Pattern, match: re.Match[str], scan: Scan) -> Iterable[Finding]:
        if iban_tail(scan.text, match.start()):
            return ()
        if pattern.name == "split":
            cut = self._cut(match, scan)
            if cut is None:
                return ()
            match = cut
        return super().on_pattern(pattern, match, scan)

    @staticmethod
    def _cut(match: re.Match[str], scan: Scan) -> re.Match[str] | None:
        """The longest run of whole groups from the match's start holding 10-19 digits (a greedy
        match may take a following number along), as a match of the same pattern."""
        value = match.group()
        if value[0] == "0" and value[1:2] in (" ", "-") or _PHONE_SHAPE.fullmatch(value):
            return None
        cut = len(value)
        while cut > 0:
            # the digits among the first ``cut`` characters: the pattern's are digits, " ", "-"
            count = cut - value.count(" ", 0, cut) - value.count("-", 0, cut)
            if 10 <= count <= 19:
                break
            if count < 10:
                return None
            cut = max(value.rfind(" ", 0, cut), value.rfind("-", 0, cut))
        if cut <= 0:
            return None
        if cut == len(value):
            return match
        return _SPLIT_EXACT.match(scan.text, match.start(), match.start() + cut)

    def validate(self, value: str, pattern: Pattern) -> bool:
        """10-19 digits, not a timestamp (a 14-digit run that reads as YYYYMMDDhhmmss) and, when
        split, not a date or a time written with spaces or hyphens."""
        number = digits_of(value) if pattern.name == "split" else value
        if not 10 <= len(number) <= 19:
            return False
        return not (len(number) == 14 and _timestamp(number))

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("收款账号：6222 0202 0000 1234 567", ["6222 0202 0000 1234 567"]),
            ("Account no. 000123456789 at First Bank", ["000123456789"]),
            ("tracking 000123456789", []),
            ("储蓄卡，卡号6222 0202 0000 1234 567", ["6222 0202 0000 1234 567"]),
            ("银行卡 20240504165928 绑定失败", []),
            ("身份证号110105194912310021校验失败", []),
            ("000123456789", []),
            ('{"bank_card_no": "6212816956999676697"}', ["6212816956999676697"]),
            ("（旧账户 SE89 7636 3375 4741 7867 2751 已停用）", []),
            ("ABA 021000021 / Acct 817 784 940 655 (Chase)", ["817 784 940 655"]),
            ("Kontonummer: 0532-013000, BLZ 37040044", ["0532-013000"]),
            ("开户行：招商银行\n卡号：6222 0202 0000 1234 567", ["6222 0202 0000 1234 567"]),
            ("Confirmation 8491500493 for your account transfer", []),
        ]


#: A split number's exact span once cut to whole groups; phone shapes that are never accounts.
_SPLIT_EXACT = re.compile(r"\d{1,8}(?:[ -]\d{1,17})*")
_PHONE_SHAPE = re.compile(r"1[3-9]\d[ -]\d{4}[ -]\d{4}|\d{3}-\d{3}-\d{4}|0\d{2,3}-\d{7,8}")


class UsSsnRecognizer(Recognizer):
    """US Social Security number: ddd-dd-dddd or ddd dd dddd with valid area, group and serial;
    nine bare digits only beside an SSN word."""

    NAME = "us_ssn"
    ENTITY = "US_SSN"
    PATTERNS = (
        bounded("dashed", r"\d{3}-\d{2}-\d{4}", score=0.65, left=ALNUM_DASH, right=ALNUM_DASH),
        bounded("spaced", r"\d{3} \d{2} \d{4}", score=0.5, right=ALNUM_DASH),
        bounded("plain", r"\d{9}", score=0.4, needs_context=True),
    )
    CONTEXT = words(
        "ssn", "ss#", "social security", "social security number", "social security no",
        "社会安全号", "社会保障号", "社安号", "tax id", "taxpayer",
    )  # fmt: skip
    VETO = REFERENCE_VETO | words("phone", "tel", "电话", "手机", "passport", "护照", "routing")

    def validate(self, value: str, pattern: Pattern) -> bool:
        return ssn_valid(digits_of(value))

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("SSN: 536-22-8726", ["536-22-8726"]),
            ("my social security number is 536228726", ["536228726"]),
            ("536228726", []),
            ("SSN 000-12-3456", []),
        ]


#: stdnum's list of SSNs that were published and never issued (None: ask stdnum for each number).
_SSN_BLACKLIST: frozenset[str] | None = (
    frozenset(ssn._ssn_blacklist) if hasattr(ssn, "_ssn_blacklist") else None
)


def ssn_valid(number: str) -> bool:
    """``stdnum.us.ssn.is_valid(number)``; for nine ASCII digits its checks are written out here
    (area not 000, 666 or 9xx, group not 00, serial not 0000, not a published number) instead of
    its clean-up and regex."""
    if _SSN_BLACKLIST is None or len(number) != 9 or not (number.isascii() and number.isdigit()):
        return bool(ssn.is_valid(number))
    area, group, serial = number[:3], number[3:5], number[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return f"{area}-{group}-{serial}" not in _SSN_BLACKLIST


_BASE36 = str.maketrans({letter: str(int(letter, 36)) for letter in string.ascii_uppercase})


def iban_valid(value: str) -> bool:
    """``stdnum.iban.is_valid``, which starts with the ISO 7064 mod 97-10 checksum: most
    candidates fail it, and for plain ASCII it is computed here without stdnum's clean-up.

    For plain ASCII that passes it, stdnum's next steps follow here too, from its own tables:
    the country (looked up by its two letters in a dict, where stdnum walks its whole country
    list for each number), the BBAN's structure and the country's own module."""
    compact = value.replace(" ", "")
    if compact.isascii() and compact.isalnum():
        rearranged = (compact[4:] + compact[:4]).upper()
        if int(rearranged.translate(_BASE36)) % 97 != 1:
            return False
        if _IBAN_COUNTRIES is not None:
            return _iban_rest_valid(compact.upper())
    return bool(iban.is_valid(value))


def _iban_countries() -> dict[str, dict[str, str]] | None:
    """stdnum's IBAN country table (two letters -> properties, ``bban`` the structure), or None
    when its database is not the flat list of two-letter codes this reading of it assumes."""
    database = getattr(iban, "_ibandb", None)
    if not (hasattr(iban, "_struct_to_re") and hasattr(iban, "_get_cc_module")):
        return None  # another stdnum: ask iban.is_valid
    table: dict[str, dict[str, str]] = {}
    for length, low, high, props, children in getattr(database, "prefixes", None) or ():
        if length != 2 or low != high or children or low in table:
            return None
        table[low] = props
    return table or None


_IBAN_COUNTRIES = _iban_countries()
_IBAN_STRUCTURES: dict[str, re.Pattern[str]] = {}


def _iban_rest_valid(number: str) -> bool:
    """``stdnum.iban.validate``'s steps after the checksum for a compact upper-case ASCII
    ``number`` whose checksum holds: a known country, the BBAN's structure, the country module."""
    assert _IBAN_COUNTRIES is not None
    props = _IBAN_COUNTRIES.get(number[:2])
    if not props:
        return False  # InvalidComponent
    structure = props.get("bban", "")
    regex = _IBAN_STRUCTURES.get(structure)
    if regex is None:
        regex = _IBAN_STRUCTURES[structure] = iban._struct_to_re(structure)
    if not regex.match(number[4:]):
        return False  # InvalidFormat
    module = iban._get_cc_module(number[:2])
    if module:
        try:
            module.validate(number)
        except ValidationError:
            return False
    return True


class IbanRecognizer(Recognizer):
    """International Bank Account Number, mod-97 valid and of its country's length, as written
    (groups of four separated by spaces allowed)."""

    NAME = "iban"
    ENTITY = "IBAN"
    PATTERNS = (
        bounded("compact", r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", score=0.9),
        bounded("grouped", r"[A-Z]{2}\d{2}(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?", score=0.9),
    )
    CONTEXT = words("iban", "国际银行账号", "bank account", "账号", "account")
    VETO = words("sku", "order", "订单")

    def on_pattern(self, pattern: Pattern, match: re.Match[str], scan: Scan) -> list[Finding]:
        """The longest prefix of whole groups that is a valid IBAN (a greedy match may take the
        next word along)."""
        value = match.group(0)
        cut = len(value)
        while cut >= 15:
            if iban_valid(value[:cut]):
                start, end = match.start(), match.start() + cut
                verdict = judge_context(scan, start, end, self.CONTEXT, self.VETO)
                if verdict < 0:
                    return []
                return [self.finding(start, end, pattern.score + 0.1 * verdict)]
            cut = value.rfind(" ", 0, cut)
        return []

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("IBAN: DE89 3704 0044 0532 0130 00 please", ["DE89 3704 0044 0532 0130 00"]),
            ("pay to GB82WEST12345698765432", ["GB82WEST12345698765432"]),
            ("GB82WEST12345698765433", []),
        ]


class PassportRecognizer(Recognizer):
    """Passport number: PRC E/G/D/S/P + 8 digits or E + letter + 7 digits; a US passport (9 digits,
    or a letter + 8 digits) only beside a passport word."""

    NAME = "passport"
    ENTITY = "PASSPORT"
    PATTERNS = (
        bounded("cn", r"[EGDSP]\d{8}", score=0.55),
        bounded("cn_e", r"E[A-HJ-NP-Z]\d{7}", score=0.55),
        bounded("us", r"[A-Z]?\d{8,9}", score=0.3, needs_context=True),
    )
    CONTEXT = words(
        "护照", "护照号", "护照号码", "passport", "passport no", "passport number", "旅行证件",
        "travel document",
    )  # fmt: skip
    VETO = REFERENCE_VETO | words("手机", "电话", "phone", "ssn", "账号", "account")

    def validate(self, value: str, pattern: Pattern) -> bool:
        return pattern.name != "us" or len(value) == 9

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("护照号码：E12345678", ["E12345678"]),
            ("passport EA1234567 issued 2020", ["EA1234567"]),
            ("US passport number 123456789", ["123456789"]),
            ("call 123456789", []),
            ("SKU G12345678", []),
        ]
