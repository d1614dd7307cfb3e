"""Value generators for the PII dev set: invented persons, contact data, identifiers, addresses.

Check digits are computed here from their definitions (GB 11643-1999, Luhn, ISO 13616 mod-97) —
tests/bench/test_pii_devset.py checks them again with python-stdnum. Phone numbers are drawn until
``phonenumbers`` calls them valid (LABELS.md: "valid per phonenumbers for CN or US").
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date, timedelta

import devset_words as W
import phonenumbers
from stdnum.cn import ric

# ------------------------------------------------------------------------------------- check digits

GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def gb11643_check(first17: str) -> str:
    """The 18th character of a resident ID number (GB 11643-1999, ISO 7064 MOD 11-2)."""
    total = sum(int(c) * w for c, w in zip(first17, GB11643_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_complete(prefix: str) -> str:
    """``prefix`` + the check digit that makes it Luhn-valid."""
    for d in "0123456789":
        if luhn_ok(prefix + d):
            return prefix + d
    raise AssertionError("unreachable")


def iban_mod97(compact: str) -> int:
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97


def digits(rng: random.Random, n: int, first: str = "0123456789") -> str:
    return rng.choice(first) + "".join(rng.choice(string.digits) for _ in range(n - 1))


def group(s: str, sizes: tuple[int, ...], sep: str) -> str:
    out, i = [], 0
    for n in sizes:
        out.append(s[i : i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return sep.join(x for x in out if x)


# ------------------------------------------------------------------------------------------ persons


@dataclass(frozen=True)
class ZhPerson:
    surname: str
    given: str
    surname_py: str
    given_py: tuple[str, ...]

    @property
    def hanzi(self) -> str:
        return self.surname + self.given


def zh_person(rng: random.Random, compound: float = 0.08) -> ZhPerson:
    while True:
        if rng.random() < compound:
            sur, sur_py = rng.choice(list(W.ZH_COMPOUND_SURNAMES.items()))
        else:
            sur, sur_py = rng.choice(list(W.ZH_SURNAMES.items()))
        n = 1 if rng.random() < 0.3 else 2
        chars = rng.sample(list(W.ZH_GIVEN), n)
        given = "".join(chars)
        if (sur + given) in W.ZH_NAME_BLOCKLIST or (sur + given[:1]) in W.ZH_NAME_BLOCKLIST:
            continue
        return ZhPerson(sur, given, sur_py, tuple(W.ZH_GIVEN[c] for c in chars))


def pinyin_name(rng: random.Random, p: ZhPerson) -> str:
    given = "".join(p.given_py).capitalize()
    style = rng.random()
    if style < 0.55:
        return f"{p.surname_py} {given}"
    if style < 0.8:
        return f"{given} {p.surname_py}"
    if style < 0.9:
        return f"{p.surname_py.upper()} {given}"
    return f"{p.surname_py} {'-'.join(s.capitalize() for s in p.given_py)}"


@dataclass(frozen=True)
class EnPerson:
    first: str
    middle: str
    last: str


def en_person(rng: random.Random) -> EnPerson:
    return EnPerson(rng.choice(W.EN_FIRST), rng.choice(W.EN_MIDDLE), rng.choice(W.EN_LAST))


def en_name(rng: random.Random, p: EnPerson) -> str:
    r = rng.random()
    if r < 0.6:
        return f"{p.first} {p.last}"
    if r < 0.85:
        return f"{p.first} {p.middle[0]}. {p.last}"
    if r < 0.95:
        return f"{p.first} {p.middle} {p.last}"
    return f"{p.first} {p.middle[0]} {p.last}"


def email_for(rng: random.Random, local_parts: list[str], domains: tuple[str, ...]) -> str:
    sep = rng.choice([".", "_", "", "."])
    local = sep.join(x.lower() for x in local_parts if x)
    local = local.replace("'", "")
    if rng.random() < 0.35:
        local += str(rng.randint(1, 999))
    return f"{local}@{rng.choice(domains)}"


# ------------------------------------------------------------------------------------------- phones


def _valid(number: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


def cn_mobile(rng: random.Random) -> str:
    while True:
        n = "1" + rng.choice("3456789") + digits(rng, 9)
        if _valid(n, "CN"):
            break
    a, b, c = n[:3], n[3:7], n[7:]
    return rng.choice(
        [n, n, n, f"{a} {b} {c}", f"{a}-{b}-{c}", f"+86 {a} {b} {c}", f"+86 {n}", f"+86-{n}",
         f"+86{n}", f"0086 {a} {b} {c}"]
    )  # fmt: skip


CN_AREAS = ("10", "21", "22", "23", "20", "755", "571", "25", "28", "27", "532", "592", "29", "371")


def cn_landline(rng: random.Random) -> str:
    while True:
        area = rng.choice(CN_AREAS)
        local = digits(rng, 8 if len(area) == 2 or rng.random() < 0.8 else 7, "2345678")
        if _valid("0" + area + local, "CN"):
            break
    half = len(local) // 2
    return rng.choice(
        [f"0{area}-{local}", f"0{area}-{local[:half]} {local[half:]}", f"(0{area}) {local[:half]} {local[half:]}",
         f"+86 {area} {local[:half]} {local[half:]}", f"+86-{area}-{local}", f"0{area} {local}"]
    )  # fmt: skip


def us_phone(rng: random.Random) -> str:
    while True:
        area = rng.choice(W.US_AREA_CODES)
        exch = digits(rng, 3, "23456789")
        line = digits(rng, 4)
        if _valid(area + exch + line, "US"):
            break
    return rng.choice(
        [f"({area}) {exch}-{line}", f"{area}-{exch}-{line}", f"{area}.{exch}.{line}",
         f"+1 {area} {exch} {line}", f"+1 ({area}) {exch}-{line}", f"1-{area}-{exch}-{line}",
         f"+1-{area}-{exch}-{line}", f"({area}) {exch}-{line}"]
    )  # fmt: skip


# --------------------------------------------------------------------------------------- identifiers

CN_AREA_CODES = (
    "110101", "110105", "110108", "310104", "310115", "440305", "440106", "330106", "330108",
    "320102", "320506", "510107", "420111", "370202", "350203", "610113", "410105", "430104",
    "210102", "120101", "500103", "340104", "450103", "530102", "130102", "140105",
)  # fmt: skip


def birth_date(rng: random.Random, lo: int = 1945, hi: int = 2005) -> date:
    start = date(lo, 1, 1)
    return start + timedelta(days=rng.randrange((date(hi, 12, 31) - start).days))


def resident_id(rng: random.Random, valid: bool = True) -> str:
    """An 18-character resident ID number; ``valid=False``: same shape, wrong check character.

    The area code must have existed in the birth year (python-stdnum's cn.ric database, as for a
    real number). Never Luhn-valid (so it cannot also be read as an 18-digit card number)."""
    while True:
        body = rng.choice(CN_AREA_CODES) + birth_date(rng).strftime("%Y%m%d") + digits(rng, 3)
        check = gb11643_check(body)
        if not ric.is_valid(body + check):
            continue
        if not valid:
            check = rng.choice([c for c in "0123456789X" if c != check])
        full = body + check
        if not (full.isdigit() and luhn_ok(full)):
            return full.lower() if full.endswith("X") and rng.random() < 0.15 else full


def resident_id_15(rng: random.Random) -> str:
    return (
        rng.choice(CN_AREA_CODES) + birth_date(rng, 1940, 1980).strftime("%y%m%d") + digits(rng, 3)
    )


CARD_BRANDS: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "visa": (("4",), (16,)),
    "mastercard": (("51", "52", "53", "54", "55", "2221", "2350", "2720"), (16,)),
    "amex": (("34", "37"), (15,)),
    "discover": (("6011", "65"), (16,)),
    "jcb": (("3528", "3530", "3566", "3589"), (16,)),
    "unionpay": (("62", "622126", "6228", "6259"), (16, 19)),
}


def card_number(rng: random.Random, brand: str | None = None, valid: bool = True) -> str:
    brand = brand or rng.choice(
        [
            "visa",
            "visa",
            "mastercard",
            "mastercard",
            "amex",
            "discover",
            "jcb",
            "unionpay",
            "unionpay",
        ]
    )
    prefixes, lengths = CARD_BRANDS[brand]
    prefix = rng.choice(prefixes)
    n = rng.choice(lengths)
    num = luhn_complete(prefix + digits(rng, n - 1 - len(prefix)))
    if not valid:
        num = num[:-1] + str((int(num[-1]) + rng.randint(1, 9)) % 10)
    sizes = (4, 6, 5) if n == 15 else (4, 4, 4, 4)
    r = rng.random()
    if r < 0.4:
        return group(num, sizes, " ")
    if r < 0.6:
        return group(num, sizes, "-")
    return num


IBAN_FORMATS: dict[str, list[tuple[str, int]]] = {  # BBAN: (a=upper letters | n=digits, count)
    "DE": [("n", 18)],
    "GB": [("a", 4), ("n", 14)],
    "FR": [("n", 23)],
    "NL": [("a", 4), ("n", 10)],
    "IT": [("a", 1), ("n", 22)],
    "CH": [("n", 17)],
    "AT": [("n", 16)],
    "IE": [("a", 4), ("n", 14)],
    "PL": [("n", 24)],
}


def iban(rng: random.Random, valid: bool = True) -> str:
    cc = rng.choice(list(IBAN_FORMATS))
    bban = "".join(
        "".join(rng.choice(string.ascii_uppercase if k == "a" else string.digits) for _ in range(n))
        for k, n in IBAN_FORMATS[cc]
    )
    check = 98 - iban_mod97(cc + "00" + bban)
    if not valid:
        check = (check + rng.randint(1, 40)) % 97 + 2
    compact = f"{cc}{check:02d}{bban}"
    if valid:
        assert iban_mod97(compact) == 1
    if rng.random() < 0.6:
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return compact


def ssn(rng: random.Random, sep: str = "-") -> str:
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            break
    s = f"{area:03d}{sep}{rng.randint(1, 99):02d}{sep}{rng.randint(1, 9999):04d}"
    return (
        s
        if s.replace(" ", "-") not in {"078-05-1120", "457-55-5462", "219-09-9999"}
        else ssn(rng, sep)
    )


def ipv4(rng: random.Random) -> str:
    first = rng.choice([10, 172, 192, 203, 198, 45, 61, 101, 114, 180, 220, 58, 66, 8])
    if first == 192:
        return f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def ipv6(rng: random.Random) -> str:
    groups = ["2001", "db8" if rng.random() < 0.3 else f"{rng.randint(0x2400, 0x2A0F):x}"]
    groups += [f"{rng.randint(0, 0xFFFF):x}" for _ in range(6)]
    if rng.random() < 0.2:
        return ":".join(g.zfill(4) for g in groups)
    if rng.random() < 0.6:  # compress a middle run
        i = rng.randint(2, 4)
        j = rng.randint(i + 1, 6)
        return ":".join(groups[:i]) + "::" + ":".join(groups[j:])
    return ":".join(groups)


def passport_cn(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return "E" + rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + digits(rng, 7)
    return rng.choice("EEEEGGDSP") + digits(rng, 8)


def passport_us(rng: random.Random) -> str:
    if rng.random() < 0.35:
        return rng.choice("ABCMNZ") + digits(rng, 8)
    return digits(rng, 9, "123456789")


def bank_account(rng: random.Random) -> str:
    """10-19 digits, Luhn-invalid (a debit-card number is made with debit_card)."""
    while True:
        n = digits(rng, rng.choice([10, 11, 12, 14, 16, 17, 19]), "123456789")
        if not luhn_ok(n):
            break
    if len(n) >= 16 and rng.random() < 0.4:
        return group(n, (4,) * 5, " ")
    return n


def debit_card(rng: random.Random) -> str:
    num = luhn_complete(rng.choice(["6222", "6217", "6228", "6212"]) + digits(rng, 14))
    return group(num, (4,) * 5, " ") if rng.random() < 0.4 else num


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def plate(rng: random.Random) -> str:
    prov = rng.choice(PROVINCES)
    letter = rng.choice("AAABBCDEFGHJKLMN")
    if rng.random() < 0.25:  # new-energy: 6 characters
        tail = (
            rng.choice("DF") + digits(rng, 5)
            if rng.random() < 0.8
            else digits(rng, 5) + rng.choice("DF")
        )
    else:
        chars = list(digits(rng, 5))
        for _ in range(rng.choice([0, 0, 1, 2])):
            chars[rng.randrange(5)] = rng.choice(PLATE_LETTERS)
        tail = "".join(chars)
    sep = rng.choice(["", "", "", "·", " "])
    return f"{prov}{letter}{sep}{tail}"


# --------------------------------------------------------------------------------------------- dates

EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")  # fmt: skip


def zh_date(rng: random.Random, d: date) -> str:
    return rng.choice(
        [f"{d.year}年{d.month}月{d.day}日", f"{d.year}年{d.month:02d}月{d.day:02d}日", d.isoformat(),
         f"{d.year}/{d.month}/{d.day}", f"{d.year}.{d.month:02d}.{d.day:02d}", f"{d.year}年{d.month}月{d.day}日"]
    )  # fmt: skip


def en_date(rng: random.Random, d: date) -> str:
    m = EN_MONTHS[d.month - 1]
    return rng.choice(
        [f"{m} {d.day}, {d.year}", f"{d.day} {m} {d.year}", f"{m[:3]} {d.day}, {d.year}",
         f"{d.month:02d}/{d.day:02d}/{d.year}", d.isoformat(), f"{m} {d.day}, {d.year}"]
    )  # fmt: skip


# ----------------------------------------------------------------------------------------- addresses


def zh_address(rng: random.Random) -> str:
    prov, city, districts = rng.choice(W.ZH_PLACES)
    district = rng.choice(districts)
    road = rng.choice(W.ZH_ROAD_STEMS) + rng.choice(W.ZH_ROAD_SUFFIXES)
    head_r = rng.random()
    if prov and head_r < 0.4:
        head = prov + city + district
    elif head_r < 0.85:
        head = city + district
    else:
        head = district
    if rng.random() < 0.1:
        head = head.replace(district, "")  # city + road
        if not head:
            head = city
    num = f"{rng.randint(1, 999)}号"
    tail_r = rng.random()
    if city == "上海市" and tail_r < 0.3:
        return f"{head}{road}{rng.randint(10, 1500)}弄{rng.randint(1, 40)}号{rng.randint(1, 30)}0{rng.randint(1, 6)}室"
    if tail_r < 0.2:
        return head + road + num
    if tail_r < 0.4:
        return (
            f"{head}{road}{num}{rng.randint(1, 12)}号楼{rng.randint(1, 28)}0{rng.randint(1, 8)}室"
        )
    if tail_r < 0.55:
        return f"{head}{road}{num}{rng.choice(W.ZH_BUILDINGS)}大厦{rng.randint(2, 40)}层"
    if tail_r < 0.7:
        return f"{head}{road}{num}{rng.choice(W.ZH_BUILDINGS)}大厦{rng.choice('ABCD')}座{rng.randint(3, 30)}0{rng.randint(1, 9)}室"
    if tail_r < 0.85:
        estate = rng.choice(W.ZH_ESTATES)
        return f"{head}{road}{num}{estate}{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
    if tail_r < 0.93:
        return f"{head}{road}{rng.randint(1, 99)}号院{rng.randint(1, 9)}号楼"
    return f"{head}{road}{num}{rng.randint(1, 20)}栋"


def us_address(rng: random.Random, zip_code: bool = True) -> str:
    city, state, z3 = rng.choice(W.US_CITIES)
    street = f"{rng.randint(1, 9899)} "
    if rng.random() < 0.15:
        street += rng.choice(["N ", "S ", "E ", "W ", "North ", "West "])
    street += f"{rng.choice(W.US_STREETS)} {rng.choice(W.US_SUFFIXES)}"
    unit_r = rng.random()
    if unit_r < 0.15:
        street += f" Apt {rng.randint(1, 40)}{rng.choice(['', 'A', 'B'])}"
    elif unit_r < 0.25:
        street += f", Suite {rng.randint(100, 990)}"
    elif unit_r < 0.3:
        street += f" #{rng.randint(2, 500)}"
    sep = "\n" if rng.random() < 0.2 else ", "
    out = f"{street}{sep}{city}, {state}"
    if zip_code:
        out += f" {z3}{rng.randint(0, 99):02d}"
        if rng.random() < 0.15:
            out += f"-{rng.randint(1, 9999):04d}"
    return out
