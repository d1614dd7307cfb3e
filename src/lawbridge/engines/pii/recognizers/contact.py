"""Contact and network data: e-mail, phone (CN/US, phonenumbers), IP address, licence plate."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import phonenumbers
from phonenumbers.phonemetadata import PhoneMetadata

from lawbridge.engines.pii.base import Finding, Pattern, Recognizer, Scan, bounded, words
from lawbridge.engines.pii.recognizers.vocabulary import REFERENCE_VETO


class EmailRecognizer(Recognizer):
    """E-mail address (the address only, no ``mailto:`` or brackets)."""

    NAME = "email"
    ENTITY = "EMAIL"
    PATTERNS = (
        Pattern(
            "address",
            re.compile(
                r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9]"
                r"[A-Za-z0-9\-]{0,62}(?:\.[A-Za-z0-9\-]{1,63})*\.[A-Za-z]{2,24}(?![A-Za-z0-9\-])"
            ),
            r"[A-Za-z0-9]@[A-Za-z0-9]",
            0.9,
            back=64,
            reach=256,
        ),
    )
    CONTEXT = words("email", "e-mail", "邮箱", "电子邮件", "mail")

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("邮箱：li.na@example.cn。", ["li.na@example.cn"]),
            ("write to <john.smith+x@mail.example.com>", ["john.smith+x@mail.example.com"]),
            ("not an address: foo@bar", []),
        ]


_SEPARATED = re.compile(r"[ ()\-.+]")


class PhoneRecognizer(Recognizer):
    """Phone number valid for China or the United States per ``phonenumbers`` (and other
    countries when written with ``+`` and a country code), as written with its separators."""

    NAME = "phone"
    ENTITY = "PHONE"
    CONFIG: ClassVar[dict[str, str]] = {
        **Recognizer.CONFIG,
        "plain_score": "score of a bare US-length digit run (needs context to be reported)",
    }
    PATTERNS = (
        bounded(
            "cn_mobile",
            r"(?:(?:\+|00)86[ \-]?)?1[3-9]\d(?:\d{8}|[ \-]\d{4}[ \-]\d{4}|\d{4}[ \-]\d{4})",
            score=0.7,
            left=r"0-9A-Za-z+",
        ),
        bounded(
            "cn_landline",
            r"(?:(?:\+|00)86[ \-]?)?(?:\(0\d{2,3}\)|0\d{2,3})[ \-]?\d{3,4}[ \-]?\d{4}",
            score=0.65,
            left=r"0-9A-Za-z+",
        ),
        bounded(
            "us",
            r"(?:(?:\+|00)?1[ .\-]?)?(?:\(\d{3}\) ?|\d{3}[ .\-]?)\d{3}[ .\-]?\d{4}"
            r"(?: ?(?:x|ext\.?|#) ?\d{1,5})?",
            score=0.7,
            left=r"0-9A-Za-z+",
        ),
        bounded(
            "labelled",
            r"(?:(?:\+|00)\d{1,3}[ .\-]?)?(?:\(\d{1,4}\)[ .\-]?)?\d{2,4}(?:[ .\-]\d{2,8}){1,4}"
            r"(?:[ .\-]?\(0\)[ .\-]?\d{1,4}(?:[ .\-]\d{2,4}){1,4})?(?: ?(?:x|ext\.?) ?\d{1,5})?"
            r"|\+?\d{7,15}",
            score=0.45,
            left=r"0-9A-Za-z+",
            needs_context=True,
        ),
        bounded(
            "intl",
            r"\+[1-9]\d{0,2}[ .\-]?(?:\(\d{1,4}\)[ .\-]?)?\d{1,4}(?:[ .\-]?\d{2,4}){1,4}",
            score=0.6,
            left=r"0-9A-Za-z+",
        ),
    )
    CONTEXT = words(
        "电话", "手机", "手机号", "手机号码", "电话号码", "联系电话", "联系方式", "座机", "致电", "拨打",
        "来电", "传真", "tel", "tel.", "telephone", "phone", "phone number", "mobile", "cell", "call",
        "fax", "contact", "whatsapp", "wechat", "微信", "desk", "office", "home phone",
        "work phone", "call me at", "call me on", "reach me at", "messages to", "answering at",
        "text me at", "sms",
    )  # fmt: skip
    VETO = REFERENCE_VETO | words(
        "身份证", "账号", "卡号", "银行卡", "account", "card", "ssn", "passport", "护照", "qq"
    )
    DEFER_VALIDATION = True  # phonenumbers' metadata look-ups

    def __init__(self, context_boost: float = 0.3, plain_score: float = 0.4) -> None:
        super().__init__(context_boost)
        self.plain_score = plain_score

    def base_score(self, value: str, pattern: Pattern) -> float:
        if pattern.name == "us" and not _SEPARATED.search(value):
            return self.plain_score
        return pattern.score

    def validate(self, value: str, pattern: Pattern) -> bool:
        if pattern.name == "labelled":
            return _phone_shaped(value)
        fast = _national_number(value, pattern.name)
        if fast is not None:  # phonenumbers' own check, without its slow parse of the text
            home = "US" if fast.country_code == 1 else "CN"  # tried first: the usual answer
            return bool(_valid_for_region(fast, home) or phonenumbers.is_valid_number(fast))
        regions = {"cn_mobile": ("CN",), "cn_landline": ("CN",), "us": ("US",), "intl": (None,)}
        for region in regions[pattern.name]:
            try:
                number = phonenumbers.parse(value, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return True
        return False

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("手机：13800138000，谢谢", ["13800138000"]),
            ("Call (415) 555-0132 today", ["(415) 555-0132"]),
            ("电话 010-6552 9988", ["010-6552 9988"]),
            ("Tel: +86 138 0013 8000", ["+86 138 0013 8000"]),
            ("订单号 13800138000", []),
            ("Phone: 0490 75 40 81", ["0490 75 40 81"]),
            ("Desk: +41 (0)96 471 07 95", ["+41 (0)96 471 07 95"]),
            ("416 60 039 office", ["416 60 039"]),
            ("Phone: 2023-05-01", []),
            ("客户于20190813204403来电", []),
            ("Order 0490 75 40 81", []),
        ]


_EXTENSION = re.compile(r" ?(?:x|ext\.?|#) ?\d{1,5}$")


def _national_number(value: str, pattern: str) -> phonenumbers.PhoneNumber | None:
    """The number ``phonenumbers.parse`` would make of a CN mobile or a US number matched by
    those patterns (country code and national digits; extensions play no part in validity);
    None for other shapes, which go through ``parse``."""
    if value.startswith("00") and pattern == "us":
        return None  # 001… is no US dialling prefix: leave it to parse
    if pattern == "cn_mobile":
        digits = re.sub(r"\D", "", value)
        return phonenumbers.PhoneNumber(country_code=86, national_number=int(digits[-11:]))
    if pattern == "us":
        digits = re.sub(r"\D", "", _EXTENSION.sub("", value))
        return phonenumbers.PhoneNumber(country_code=1, national_number=int(digits[-10:]))
    return None


#: phonenumbers' own test of a national number against one type's description (a private
#: helper; where a phonenumbers version lacks it, its public function is asked instead).
_MATCHING_DESC: Callable[[str, Any], bool] | None
try:
    from phonenumbers.phonenumberutil import _is_number_matching_desc as _MATCHING_DESC
except ImportError:  # pragma: no cover
    _MATCHING_DESC = None

#: Number types phonenumbers tells apart besides fixed line and mobile (it tries them first).
_RARER_TYPES = (
    "premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan",
    "voicemail",
)  # fmt: skip


def _valid_for_region(number: phonenumbers.PhoneNumber, region: str) -> bool:
    """``phonenumbers.is_valid_number_for_region(number, region)`` for a number of the region's
    own country code: valid when the region's general description matches and so does one of
    its number types. phonenumbers tries the rare types first (it names the type) and the long
    fixed-line pattern before the mobile one; the answer does not depend on the order, so
    mobile and fixed line are tried first here (the usual answers)."""
    metadata = PhoneMetadata.metadata_for_region(region, None)
    matching = _MATCHING_DESC
    if (
        matching is None
        or metadata is None
        or number.country_code != metadata.country_code
        or number.italian_leading_zero
    ):
        return bool(phonenumbers.is_valid_number_for_region(number, region))
    national = str(number.national_number)  # national_significant_number: no leading zero
    if not matching(national, metadata.general_desc):
        return False
    if not metadata.same_mobile_and_fixed_line_pattern and matching(national, metadata.mobile):
        return True
    if matching(national, metadata.fixed_line):
        return True
    return any(matching(national, getattr(metadata, name)) for name in _RARER_TYPES)


#: Dates and time stamps (2023-05-01, 20190813204403, 2025-11-24 09…) are not phone numbers.
_DATE_SHAPED = re.compile(
    r"(?:19|20)\d{2}[ .\-/]?(?:0[1-9]|1[0-2])[ .\-/]?(?:0[1-9]|[12]\d|3[01])"
    r"|(?:19|20)\d{2}[ .\-]\d{1,2}[ .\-]\d{1,2}$|\d{1,2}[ .\-]\d{1,2}[ .\-](?:19|20)\d{2}$"
)


def _phone_shaped(value: str) -> bool:
    """A number beside a phone word whose country phonenumbers cannot tell (or whose metadata
    calls it unassigned): 7 to 15 digits, not a date, not one digit repeated."""
    digits = re.sub(r"\D", "", value.split("x")[0].split("ext")[0])
    return 7 <= len(digits) <= 15 and not _DATE_SHAPED.match(value) and len(set(digits)) > 2


_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = rf"{_OCTET}(?:\.{_OCTET}){{3}}"


def _ipv4_pattern() -> Pattern:
    """Dotted quad; no letter, digit or dot before (v2.10.3.1), no digit run or ``.digit`` after."""
    return Pattern(
        "ipv4",
        re.compile(rf"(?<![0-9A-Za-z.]){_IPV4}(?![0-9A-Za-z]|\.\d)"),
        rf"(?:^|[^0-9A-Za-z.]){_IPV4}",
        0.65,
    )


class IpAddressRecognizer(Recognizer):
    """IPv4 dotted quad or IPv6 address (no port, no CIDR suffix); not beside a version word."""

    NAME = "ip_address"
    ENTITY = "IP_ADDRESS"
    PATTERNS = (
        _ipv4_pattern(),
        bounded(
            "ipv6",
            r"(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,6}|[0-9A-Fa-f]{1,4})"
            r"|::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}",
            score=0.7,
            left=r"0-9A-Za-z:",
            right=r"0-9A-Za-z:",
        ),
    )
    CONTEXT = words(
        "ip", "ip地址", "ip address", "ipv4", "ipv6", "登录ip", "host", "server", "服务器"
    )
    VETO = words(
        "版本",
        "版本号",
        "version",
        "ver",
        "v.",
        "build",
        "release",
        "固件",
        "firmware",
        "sku",
        "app",
    )

    def on_pattern(self, pattern: Pattern, match: re.Match[str], scan: Scan) -> Iterable[Finding]:
        """Judged by the words before it only: a version word after an address belongs to the
        next field ("remote=10.5.1.3:443 客户端版本 6.4.6.26")."""
        start, end = match.span()
        value = match.group()
        if pattern.name == "ipv6" and "::" not in value and value.count(":") != 7:
            return ()  # a time (12:30:45) or a MAC-like run: an IPv6 address has 8 groups or ::
        if not self.validate(value, pattern):
            return ()
        boost = 0.0
        for word_start, word in scan.words_before(start):
            if "\n" in scan.text[word_start:start]:
                break
            if word in self.VETO:
                return ()
            if word in self.CONTEXT:
                boost = self.context_boost
                break
        return (self.finding(start, end, pattern.score + boost),)

    def validate(self, value: str, pattern: Pattern) -> bool:
        if pattern.name == "ipv4" and value.isascii():
            return True  # four octets of 0-255 without leading zeros, as the pattern reads them
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return False
        return pattern.name == "ipv4" or (
            isinstance(address, ipaddress.IPv6Address) and ":" in value
        )

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("登录IP：192.168.10.25。", ["192.168.10.25"]),
            ("from 2001:db8::8a2e:370:7334 at noon", ["2001:db8::8a2e:370:7334"]),
            ("version 1.2.3.4 released", []),
            ("App 3.22.0.155 installed", []),
            ("v2.10.3.1", []),
            ("256.1.1.1", []),
            ("remote=10.55.170.113:3306 客户端App 7.3.5.173", ["10.55.170.113"]),
            (
                "remote=[fe80::fbe3:dc6f:6336]:8443 客户端version 5.5.22.19",
                ["fe80::fbe3:dc6f:6336"],
            ),
        ]


_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"


class CnLicensePlateRecognizer(Recognizer):
    """PRC vehicle licence plate: province abbreviation, a letter, optional ``·`` or space, then
    five characters (six for new-energy plates)."""

    NAME = "cn_license_plate"
    ENTITY = "CN_LICENSE_PLATE"
    LANGUAGES = ("zh",)
    PATTERNS = (
        bounded(
            "plate",
            rf"[{_PROVINCES}][A-HJ-NP-Z][·•・ ]?[A-HJ-NP-Z0-9]{{5,6}}",
            score=0.7,
            left=None,
        ),
    )
    CONTEXT = words(
        "车牌", "车牌号", "车牌号码", "号牌", "车辆", "plate", "license plate", "licence plate"
    )
    VETO = REFERENCE_VETO

    def validate(self, value: str, pattern: Pattern) -> bool:
        tail = value[-6:] if len(value.replace("·", "").replace(" ", "")) == 8 else value[-5:]
        return sum(char.isdigit() for char in tail) >= 3

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("车牌号京A12345，白色", ["京A12345"]),
            ("粤B·D12345 新能源", ["粤B·D12345"]),
            ("沪AD12345停在门口", ["沪AD12345"]),
            ("京ABCDEF", []),
        ]
