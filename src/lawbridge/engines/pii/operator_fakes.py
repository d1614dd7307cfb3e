"""Format-preserving fakes for the ``fake`` operator (``operators.py``): pure, keyed, stable.

A fake keeps a value's length, shape and separators; digits stay digits, vowels vowels, consonants
consonants (case kept), Han characters Han. Where the type has a check digit the fake carries a valid
one (Luhn for cards, GB 11643 for resident ids, mod-97 for IBANs); resident ids use a county code
valid for the birth year drawn, SSNs avoid the never-issued areas, dates stay dates. Every choice is
drawn from HMAC-SHA256 under the operator's key, so the same key and value give the same fake.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from datetime import date, timedelta

from stdnum import luhn
from stdnum.cn import ric

VOWELS = "aeiou"
CONSONANTS = "bcdfghjklmnpqrstvwxyz"
HEX = "0123456789abcdef"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国红梅晓东海燕鹏飞宇"
PLACE_KEEP = frozenset("省市区县镇乡村路街道巷弄号楼栋单元室层座园小大中东南西北")
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# County codes of GB/T 2260 (python-stdnum's table checks them against the birth year).
RIC_REGIONS = tuple(  # valid for every birth year the fake draws (1950-2004)
    "110101 120101 140121 210122 310101 330122 340121 350121 360121 430121 510121 520201"
    " 530121 610322 620121".split()
)


class KeyStream:
    """Deterministic choices from HMAC-SHA256(key, seed ‖ counter): stable across versions."""

    def __init__(self, key: bytes, seed: bytes) -> None:
        self._key, self._seed, self._counter, self._pool = key, seed, 0, b""

    def _take(self) -> int:
        if not self._pool:
            block = self._seed + self._counter.to_bytes(8, "big")
            self._pool = hmac.new(self._key, block, hashlib.sha256).digest()
            self._counter += 1
        value, self._pool = self._pool[0] << 8 | self._pool[1], self._pool[2:]
        return value

    def below(self, n: int) -> int:
        """Uniform in ``[0, n)`` for ``0 < n <= 65536`` (rejection sampling)."""
        limit = 65536 - 65536 % n
        while (value := self._take()) >= limit:
            pass
        return value % n

    def choice(self, options: str) -> str:
        return options[self.below(len(options))]

    def digits(self, count: int) -> str:
        return "".join(str(self.below(10)) for _ in range(count))


def fake_char(c: str, rng: KeyStream, hexadecimal: bool = False) -> str:
    """Same class of character: digit, vowel, consonant (case kept), Han; others unchanged."""
    lower = c.lower()
    if hexadecimal and lower in HEX:
        out = rng.choice(HEX)
    elif c.isascii() and c.isdigit():
        out = rng.choice("0123456789")
    elif lower in VOWELS:
        out = rng.choice(VOWELS)
    elif lower in CONSONANTS:
        out = rng.choice(CONSONANTS)
    elif "\u4e00" <= c <= "\u9fff":
        return rng.choice(GIVEN)
    else:
        return c
    return out.upper() if c.isupper() else out


def fake_chars(value: str, rng: KeyStream, hexadecimal: bool = False) -> str:
    return "".join(fake_char(c, rng, hexadecimal) for c in value)


def refill_digits(value: str, digits: str) -> str:
    """``value`` with its digits (and a final X of a resident id) replaced, in order, by ``digits``."""
    it = iter(digits)
    return "".join(next(it) if c.isdigit() or c in "Xx" else c for c in value)


def fake_card(value: str, rng: KeyStream) -> str:
    count = sum(c.isdigit() for c in value)
    if count < 2:
        return fake_chars(value, rng)
    body = next(c for c in value if c.isdigit()) + rng.digits(count - 2)
    return refill_digits(value, body + luhn.calc_check_digit(body))


def fake_resident_id(value: str, rng: KeyStream) -> str:
    if len(value) != 18 or not value[:17].isdigit():
        return fake_chars(value, rng)
    born = date(1950, 1, 1) + timedelta(days=rng.below(20_000))
    body = RIC_REGIONS[rng.below(len(RIC_REGIONS))]
    body += born.strftime("%Y%m%d") + rng.digits(3)
    check = ric.calc_check_digit(body + "0")  # it reads the first 17 of 18
    return body + (check.lower() if value[-1] == "x" else check)


def fake_iban(value: str, rng: KeyStream) -> str:
    compact = "".join(value.split()).upper()
    if len(compact) < 5 or not compact[:2].isalpha():
        return fake_chars(value, rng)
    bban = fake_chars(compact[4:], rng)
    numeric = "".join(str(int(c, 36)) for c in bban + compact[:2] + "00")
    full = compact[:2] + f"{98 - int(numeric) % 97:02d}" + bban
    it = iter(full)
    return "".join(c if c.isspace() else next(it) for c in value)


def fake_ssn(value: str, rng: KeyStream) -> str:
    area = 1 + rng.below(898)
    area = 667 if area == 666 else area
    digits = f"{area:03d}{1 + rng.below(99):02d}{1 + rng.below(9999):04d}"
    return refill_digits(value, digits) if sum(c.isdigit() for c in value) == 9 else digits


def fake_ip(value: str, rng: KeyStream) -> str:
    if ":" in value:
        return fake_chars(value, rng, hexadecimal=True)

    def octet(match: re.Match[str]) -> str:
        width = len(match.group())
        low, high = (0, 9) if width == 1 else (10, 99) if width == 2 else (100, 255)
        return str(low + rng.below(high - low + 1))

    return re.sub(r"\d+", octet, value)


def fake_phone(value: str, rng: KeyStream) -> str:
    """Country code and the first three national digits kept (carrier or area), the rest fake."""
    prefix = re.match(r"\s*(\+\d{1,3}[\s-]*)?(\(?\d{0,3})", value)
    keep = prefix.end() if prefix else 0
    return value[:keep] + fake_chars(value[keep:], rng)


def fake_date(value: str, rng: KeyStream) -> str:
    groups = re.findall(r"\d+", value)
    order = _date_order(groups)
    if order is None:
        return fake_chars(value, rng)
    year, month, day = (int(groups[i]) for i in order)
    try:
        original = date(year, month, day)
    except ValueError:
        return fake_chars(value, rng)
    shifted = original + timedelta(days=1 + rng.below(3000) - 1500)
    parts = {order[0]: shifted.year, order[1]: shifted.month, order[2]: shifted.day}
    widths = [len(g) for g in groups]
    it = iter(f"{parts[i]:0{widths[i]}d}" for i in range(3))
    return re.sub(r"\d+", lambda _: next(it), value)


def _date_order(groups: list[str]) -> tuple[int, int, int] | None:
    """Indices of (year, month, day) among three numeric groups."""
    if len(groups) != 3:
        return None
    if len(groups[0]) == 4:
        return (0, 1, 2)
    if len(groups[2]) == 4:
        return (2, 1, 0) if int(groups[0]) > 12 else (2, 0, 1)
    return None


def fake_led(value: str, rng: KeyStream, leads: str) -> str:
    """A leading surname (or province of a plate) becomes another one; the rest is faked."""
    if value and value[0] in leads:
        return rng.choice(leads) + fake_chars(value[1:], rng)
    return fake_chars(value, rng)


def fake_address(value: str, rng: KeyStream) -> str:
    return "".join(c if c in PLACE_KEEP else fake_char(c, rng) for c in value)


def fake_email(value: str, rng: KeyStream) -> str:
    head, dot, tld = value.rpartition(".")
    return fake_chars(head, rng) + dot + tld if head else fake_chars(value, rng)


FAKERS: dict[str, Callable[[str, KeyStream], str]] = {
    "CREDIT_CARD": fake_card,
    "CN_RESIDENT_ID": fake_resident_id,
    "IBAN": fake_iban,
    "US_SSN": fake_ssn,
    "IP_ADDRESS": fake_ip,
    "PHONE": fake_phone,
    "DATE_OF_BIRTH": fake_date,
    "PERSON": lambda value, rng: fake_led(value, rng, SURNAMES),
    "ADDRESS": fake_address,
    "EMAIL": fake_email,
    "CN_LICENSE_PLATE": lambda value, rng: fake_led(value, rng, PROVINCES),
}


def fake_value(key: bytes, value: str, entity: str) -> str:
    """The fake of ``value`` (of type ``entity``) under ``key``."""
    rng = KeyStream(key, f"{entity}\x1f{value}".encode())
    return FAKERS.get(entity, fake_chars)(value, rng)
