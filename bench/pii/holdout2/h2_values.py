"""Value generators for the second held-out set: each returns the text as written.

Check digits come from python-stdnum; phone numbers are drawn until phonenumbers calls them valid; hard
negatives are drawn until they are invalid for every type they could be mistaken for.
"""

from __future__ import annotations

import datetime as dt
import random
import string

import h2_words as W
import phonenumbers
from stdnum import iban, luhn
from stdnum.cn import ric
from stdnum.us import ssn

# ------------------------------------------------------------------ persons


def en_name(r: random.Random, style: str | None = None) -> str:
    given = r.choice(W.GIVEN)
    sur = r.choice(W.SURNAMES_PARTICLE) if r.random() < 0.12 else r.choice(W.SURNAMES)
    style = style or r.choices(["gs", "gms", "gm.s", "gMs", "SG"], [55, 12, 12, 11, 10])[0]
    if style == "gm.s":
        return f"{given} {r.choice(string.ascii_uppercase)}. {sur}"
    if style == "gms":
        return f"{given} {r.choice(string.ascii_uppercase)} {sur}"
    if style == "gMs":
        return f"{given} {r.choice(W.GIVEN)} {sur}"
    if style == "SG":  # family name first, upper case (passport / airline style)
        return f"{sur.upper()} {given}"
    return f"{given} {sur}"


def en_surname(r: random.Random) -> str:
    return r.choice(W.SURNAMES)


def _zh_parts(r: random.Random) -> tuple[str, str, list[tuple[str, str]]]:
    sur = r.choice(W.ZH_COMPOUND) if r.random() < 0.12 else r.choice(W.ZH_SURNAMES)
    n = 1 if r.random() < 0.3 else 2
    given = [r.choice(W.ZH_GIVEN) for _ in range(n)]
    while n == 2 and given[0] == given[1]:
        given[1] = r.choice(W.ZH_GIVEN)
    split = [(g[0], g[1:]) for g in given]
    return sur, "".join(ch for ch, _ in split), split


def zh_name(r: random.Random) -> str:
    sur, given, _ = _zh_parts(r)
    return _hanzi(sur) + given


def _hanzi(tagged: str) -> str:
    return "".join(ch for ch in tagged if "\u4e00" <= ch <= "\u9fff")


def _latin(tagged: str) -> str:
    return "".join(ch for ch in tagged if not "\u4e00" <= ch <= "\u9fff")


def pinyin_name(r: random.Random) -> str:
    sur, _, split = _zh_parts(r)
    s = _latin(sur).replace("ü", "v") if r.random() < 0.5 else _latin(sur).replace("ü", "u")
    syll = [p for _, p in split]
    g = syll[0] + "".join(x.lower() for x in syll[1:])
    style = r.choice(["Sg", "gS", "SG", "S g-g"])
    if style == "SG":
        return f"{s.upper()} {g}"
    if style == "gS":
        return f"{g} {s}"
    if style == "S g-g" and len(syll) == 2:
        return f"{s} {syll[0]}-{syll[1].lower()}"
    return f"{s} {g}"


def intl_chinese(r: random.Random) -> str:
    """An English first name with a Chinese surname in pinyin ("Vivian Zheng")."""
    first = r.choice(["Vivian", "Kelvin", "Eunice", "Bruce", "Cindy", "Derek", "Winnie", "Alvin"])
    return f"{first} {_latin(r.choice(W.ZH_SURNAMES)).replace('ü', 'u')}"


# ------------------------------------------------------------------ contact


def email(r: random.Random, name: str | None = None) -> str:
    base = (name or en_name(r, "gs")).lower()
    base = "".join(c for c in base if c.isascii() and (c.isalnum() or c in " -'"))
    parts = base.replace("'", "").replace("-", " ").split()
    local = r.choice([".".join(parts), parts[0][0] + parts[-1], parts[-1] + str(r.randint(1, 99)),
                      "_".join(parts) + "+" + r.choice(["shop", "hr", "news"])])  # fmt: skip
    if not local or not local[0].isalnum():
        local = "user" + str(r.randint(100, 999))
    return f"{local}@{r.choice(W.EMAIL_DOMAINS)}"


def _valid(number: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


def cn_mobile(r: random.Random) -> str:
    while True:
        d = r.choice(["139", "135", "150", "158", "177", "186", "188", "191", "199", "166", "173"])
        d += "".join(r.choice(string.digits) for _ in range(8))
        if _valid(d, "CN"):
            break
    fmt = r.choice(["c", "c", "3-4-4", "3 4 4", "+86c", "+86 3 4 4", "+86-3-4-4", "86-c"])
    a, b, c = d[:3], d[3:7], d[7:]
    return {
        "c": d, "3-4-4": f"{a}-{b}-{c}", "3 4 4": f"{a} {b} {c}", "+86c": f"+86{d}",
        "+86 3 4 4": f"+86 {a} {b} {c}", "+86-3-4-4": f"+86-{a}-{b}-{c}", "86-c": f"+86-{d}",
    }[fmt]  # fmt: skip


def cn_landline(r: random.Random) -> str:
    while True:
        area = r.choice(["0574", "0512", "0757", "0592", "0731", "0532", "023", "022", "0871"])
        n = str(r.randint(2, 8)) + "".join(
            r.choice(string.digits) for _ in range(7 - (len(area) == 4))
        )
        if _valid(area + n, "CN"):
            break
    grouped = f"{area}-{n[:4]} {n[4:]}" if len(n) == 8 else f"{area} {n}"
    return r.choice([f"{area}-{n}", grouped, f"+86 {area[1:]} {n}"])


def us_phone(r: random.Random) -> str:
    while True:
        area = r.choice(
            ["208", "918", "912", "509", "608", "505", "802", "402", "401", "423", "775", "907"]
        )
        ex = str(r.randint(2, 9)) + "".join(r.choice(string.digits) for _ in range(2))
        ln = "".join(r.choice(string.digits) for _ in range(4))
        if ex[1:] != "11" and _valid(area + ex + ln, "US"):
            break
    return r.choice([f"({area}) {ex}-{ln}", f"{area}-{ex}-{ln}", f"{area}.{ex}.{ln}", f"+1 {area} {ex} {ln}",
                     f"+1-{area}-{ex}-{ln}", f"+1 ({area}) {ex}-{ln}", f"1-{area}-{ex}-{ln}"])  # fmt: skip


# ------------------------------------------------------------------ identity numbers

AREAS = ["330212", "320506", "440606", "350203", "430104", "510703", "370212", "410305", "340104",
         "610113", "210211", "530102", "500112", "120104", "450305", "420502", "360702", "520115"]  # fmt: skip


def ric_ok(number: str) -> bool:
    """``cn.ric.is_valid`` that also says False where python-stdnum's area table raises KeyError."""
    try:
        return ric.is_valid(number)
    except KeyError:
        return False


def birth(r: random.Random) -> dt.date:
    return dt.date(1950, 1, 1) + dt.timedelta(days=r.randint(0, 365 * 54))


def resident_id(r: random.Random, born: dt.date | None = None) -> str:
    while True:
        b = born or birth(r)
        body = r.choice(AREAS) + b.strftime("%Y%m%d") + f"{r.randint(1, 999):03d}"
        full = body + ric.calc_check_digit(body + "0")  # it expects a placeholder check character
        if ric_ok(full):
            return full[:-1] + "x" if full.endswith("X") and r.random() < 0.3 else full


def bad_resident_id(r: random.Random) -> str:
    good = resident_id(r).upper()
    while True:
        wrong = good[:-1] + r.choice("0123456789X")
        if not ric_ok(wrong) and (not wrong.isdigit() or not luhn.is_valid(wrong)):
            return wrong


CARD_PREFIXES = [("4", 16), ("51", 16), ("53", 16), ("55", 16), ("2223", 16), ("2711", 16), ("34", 15),
                 ("37", 15), ("6011", 16), ("65", 16), ("3528", 16), ("3589", 16), ("62", 16), ("62", 19),
                 ("4", 13)]  # fmt: skip


def card_digits(r: random.Random) -> str:
    prefix, length = r.choice(CARD_PREFIXES)
    body = prefix + "".join(r.choice(string.digits) for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


def group_card(d: str, r: random.Random) -> str:
    if len(d) == 15:
        sep = r.choice([" ", "-", ""])
        return sep.join([d[:4], d[4:10], d[10:]])
    if len(d) == 13:
        return r.choice([d, f"{d[:4]} {d[4:7]} {d[7:10]} {d[10:]}"])
    sep = r.choice([" ", "-", "", " "])
    return sep.join(d[i : i + 4] for i in range(0, len(d), 4)) if sep else d


def card(r: random.Random) -> str:
    return group_card(card_digits(r), r)


def bad_card(r: random.Random) -> str:
    d = card_digits(r)
    while True:
        wrong = d[:-1] + r.choice(string.digits)
        if not luhn.is_valid(wrong):
            return group_card(wrong, r)


IBAN_SHAPES = {"ES": 20, "BE": 12, "SE": 20, "NO": 11, "DK": 14, "FI": 14, "PT": 21, "HR": 17,
               "RO": None, "CZ": 20, "SK": 20, "SI": 15, "EE": 16, "LT": 16, "SA": None, "TR": None}  # fmt: skip


def _iban_compact(r: random.Random) -> str:
    while True:
        cc = r.choice(list(IBAN_SHAPES))
        n = IBAN_SHAPES[cc]
        if cc == "RO":
            bban = r.choice(["RNCB", "BTRL", "BRDE"]) + "".join(
                r.choice(string.digits) for _ in range(16)
            )
        elif cc == "SA":
            bban = "80" + "".join(r.choice(string.digits) for _ in range(18))
        elif cc == "TR":
            bban = (
                "".join(r.choice(string.digits) for _ in range(5))
                + "0"
                + "".join(r.choice(string.digits) for _ in range(16))
            )
        else:
            assert n is not None
            bban = "".join(r.choice(string.digits) for _ in range(n))
        number = cc + iban.calc_check_digits(cc + "00" + bban) + bban
        if iban.is_valid(number):
            return number


def iban_text(r: random.Random) -> str:
    c = _iban_compact(r)
    return iban.format(c) if r.random() < 0.65 else c


def bad_iban(r: random.Random) -> str:
    c = _iban_compact(r)
    while True:
        wrong = c[:2] + f"{r.randint(2, 98):02d}" + c[4:]
        if not iban.is_valid(wrong):
            return iban.format(wrong) if r.random() < 0.5 else wrong


def ssn_text(r: random.Random, style: str | None = None) -> str:
    while True:
        d = f"{r.randint(1, 899):03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"
        if ssn.is_valid(d):
            break
    style = style or r.choice(["-", "-", " "])
    return d if style == "" else style.join([d[:3], d[3:5], d[5:]])


def ipv4(r: random.Random) -> str:
    first = r.choice([10, 172, 192, 23, 45, 66, 81, 103, 117, 185, 203, 221])
    second = {172: r.randint(16, 31), 192: 168}.get(first, r.randint(0, 255))
    return f"{first}.{second}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def ipv6(r: random.Random) -> str:
    groups = [f"{r.randint(0, 0xFFFF):x}" for _ in range(8)]
    style = r.choice(["full", "short", "upper", "link"])
    if style == "short":
        return f"2001:db8:{groups[2]}::{groups[7]}"
    if style == "link":
        return f"fe80::{groups[4]}:{groups[5]}:{groups[6]}:{groups[7]}"
    text = "2406:" + ":".join(groups[1:])
    return text.upper() if style == "upper" else text


def cn_passport(r: random.Random) -> str:
    if r.random() < 0.3:
        return "E" + r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + f"{r.randint(0, 9999999):07d}"
    return r.choice("EGDSP") + f"{r.randint(10000000, 99999999)}"


def us_passport(r: random.Random) -> str:
    if r.random() < 0.5:
        return r.choice("ACDEFHJKLMNPRSTWXZ") + f"{r.randint(10000000, 99999999)}"
    return f"{r.randint(100000000, 999999999)}"


def account(r: random.Random) -> str:
    n = r.choice([10, 12, 14, 16, 17, 19])
    d = r.choice("123456789") + "".join(r.choice(string.digits) for _ in range(n - 1))
    if n in (16, 19) and r.random() < 0.5:
        return " ".join(d[i : i + 4] for i in range(0, n, 4))
    return d


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def plate(r: random.Random) -> str:
    head = r.choice(PROVINCES) + r.choice("ABCDEFGHJK")
    sep = r.choice(["", "", "·", " "])
    if r.random() < 0.3:
        tail = r.choice("DF") + r.choice(PLATE_LETTERS + "0123456789") + f"{r.randint(0, 9999):04d}"
    else:
        tail = (
            "".join(r.choice(PLATE_LETTERS[:8] + "0123456789") for _ in range(2))
            + f"{r.randint(0, 999):03d}"
        )
    return head + sep + tail


def dob_zh(d: dt.date, r: random.Random) -> str:
    return r.choice([f"{d.year}年{d.month}月{d.day}日", d.strftime("%Y年%m月%d日"), d.strftime("%Y-%m-%d"),
                     d.strftime("%Y.%m.%d"), d.strftime("%Y/%m/%d")])  # fmt: skip


def dob_en(d: dt.date, r: random.Random) -> str:
    return r.choice([d.strftime("%B %d, %Y").replace(" 0", " "), d.strftime("%d %b %Y"), d.strftime("%m/%d/%Y"),
                     d.strftime("%Y-%m-%d"), d.strftime("%d-%b-%Y").upper(), d.strftime("%b %d, %Y")])  # fmt: skip


def zh_address(r: random.Random) -> str:
    prov, city, dist = r.choice(W.ZH_PLACES)
    start = r.choice(["prov", "city", "dist"]) if prov else r.choice(["city", "dist"])
    head = {"prov": prov + city + dist, "city": city + dist, "dist": dist}[start]
    if r.random() < 0.15:  # county and town instead of an urban district
        prov, city, county, town = r.choice(W.ZH_TOWNS)
        head = (prov + city if start == "prov" else city) + county + town
    road = r.choice(W.ZH_ROADS) + r.choice(W.ZH_ROAD_KINDS) + f"{r.randint(1, 999)}号"
    tail = r.choice([
        "",
        f"{r.choice(W.ZH_ESTATES)}{r.randint(1, 30)}栋{r.randint(1, 4)}单元{r.randint(1, 32)}0{r.randint(1, 8)}室",
        f"{r.choice(W.ZH_ESTATES)}{r.randint(1, 20)}号楼{r.randint(2, 28)}层",
        f"{r.randint(1, 12)}号楼{r.randint(101, 2808)}室",
        f"{r.choice(W.ZH_ESTATES)}{r.randint(2, 9)}号院",
    ])  # fmt: skip
    return head + road + tail


def us_street(r: random.Random) -> str:
    num = str(r.randint(3, 9899))
    d = r.choice(W.US_DIRS) + " " if r.random() < 0.3 else ""
    street = f"{num} {d}{r.choice(W.US_STREETS)} {r.choice(W.US_STREET_KINDS)}"
    if r.random() < 0.35:
        street += " " + r.choice(W.US_UNITS).format(
            n=r.choice([str(r.randint(1, 40)), f"{r.randint(1, 9)}B"])
        )
    return street


def us_city_line(r: random.Random, zip_code: bool = True) -> str:
    city, state, z = r.choice(W.US_CITIES)
    line = f"{city}, {state}"
    if zip_code:
        line += f" {z}{r.randint(0, 99):02d}"
        if r.random() < 0.2:
            line += f"-{r.randint(1, 9999):04d}"
    return line
