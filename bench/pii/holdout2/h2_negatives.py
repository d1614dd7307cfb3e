"""Hard negatives for the second held-out set: each returns an ``H`` piece (recorded, never labelled)."""

from __future__ import annotations

import datetime as dt
import random
import string

import h2_values as V
import h2_words as W
import phonenumbers
from h2_doc import H
from stdnum import luhn


def _phone_like(d: str) -> bool:
    for region in ("CN", "US"):
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(d, region)):
                return True
        except phonenumbers.NumberParseException:
            pass
    return False


def safe_digits(r: random.Random, n: int, first: str = "123456789") -> str:
    """n random digits that are not a valid card, resident ID or phone number."""
    while True:
        d = r.choice(first) + "".join(r.choice(string.digits) for _ in range(n - 1))
        if 13 <= n <= 19 and luhn.is_valid(d):
            continue
        if n == 18 and V.ric_ok(d):
            continue
        if n <= 15 and _phone_like(d):
            continue
        return d


def _amazon_style(r: random.Random) -> str:
    while True:
        text = f"{r.randint(100, 999)}-{safe_digits(r, 7)}-{safe_digits(r, 7)}"
        if not luhn.is_valid(text.replace("-", "")):
            return text


def order(r: random.Random) -> H:
    return H(r.choice([
        safe_digits(r, r.choice([16, 18, 19])),
        "PO-" + safe_digits(r, 8),
        _amazon_style(r),
        "ORD" + safe_digits(r, 12),
    ]), "order")  # fmt: skip


def tracking(r: random.Random) -> H:
    return H(r.choice([
        "SF" + safe_digits(r, 13), "YT" + safe_digits(r, 13), "ZTO" + safe_digits(r, 12),
        "1Z" + "".join(r.choice(string.ascii_uppercase + string.digits) for _ in range(16)),
        "9400" + safe_digits(r, 18), "JD" + safe_digits(r, 15),
    ]), "tracking")  # fmt: skip


def timestamp(r: random.Random) -> H:
    t = dt.datetime(2025, 1, 1) + dt.timedelta(seconds=r.randint(0, 3600 * 24 * 300))
    return H(r.choice([
        t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{r.randint(0, 999):03d}Z", t.strftime("%Y%m%d%H%M%S"),
        t.strftime("%d/%b/%Y:%H:%M:%S +0800"), str(int(t.timestamp())), t.strftime("%Y-%m-%d %H:%M:%S"),
    ]), "timestamp")  # fmt: skip


def version(r: random.Random) -> H:
    a, b, c, d = r.randint(1, 20), r.randint(0, 30), r.randint(0, 99), r.randint(0, 9999)
    return H(
        r.choice([f"{a}.{b}.{c}.{d}", f"{a}.{b}.{c}", f"{a}.{b}.{c}-rc{r.randint(1, 5)}"]),
        "version",
    )


def sku(r: random.Random) -> H:
    return H(r.choice([
        "SKU-" + "".join(r.choice(string.ascii_uppercase) for _ in range(3)) + f"-{r.randint(1000, 9999)}",
        f"{r.choice(['XL', 'M', 'S'])}-{r.randint(100000, 999999)}-{r.choice(['BLK', 'RED', 'NVY'])}",
        "B0" + "".join(r.choice(string.ascii_uppercase + string.digits) for _ in range(8)),
    ]), "sku")  # fmt: skip


def ref9(r: random.Random) -> H:
    return H(safe_digits(r, 9), "ref9")


def masked_card(r: random.Random) -> H:
    last = f"{r.randint(0, 9999):04d}"
    return H(r.choice([f"**** **** **** {last}", f"XXXX-XXXX-XXXX-{last}", f"{r.randint(4000, 4999)} **** **** {last}",
                       f"ending in {last}", f"尾号{last}", f"622848******{last}"]), "masked")  # fmt: skip


def date(r: random.Random, lang: str) -> H:
    d = dt.date(2025, 1, 1) + dt.timedelta(days=r.randint(0, 500))
    return H(V.dob_zh(d, r) if lang == "zh" else V.dob_en(d, r), "date")


def bad_ric(r: random.Random) -> H:
    return H(V.bad_resident_id(r), "bad_ric")


def bad_card(r: random.Random) -> H:
    return H(V.bad_card(r), "bad_card")


def bad_iban(r: random.Random) -> H:
    return H(V.bad_iban(r), "bad_iban")


def request_id(r: random.Random) -> H:
    return H(
        "".join(r.choice("0123456789abcdef") for _ in range(r.choice([16, 24, 32]))), "request_id"
    )


def amount(r: random.Random, lang: str) -> H:
    v = r.randint(1, 99999) + r.randint(0, 99) / 100
    return H(f"¥{v:,.2f}" if lang == "zh" else f"${v:,.2f}", "amount")


def name_like(r: random.Random, lang: str) -> H:
    return H(r.choice(W.ZH_NAME_LIKE if lang == "zh" else W.EN_NAME_LIKE), "name_like")


def oid(r: random.Random) -> H:
    """A dotted number with five or more parts (SNMP OID, build number) — not an IP address."""
    return H(".".join(str(r.randint(0, 255)) for _ in range(r.choice([5, 6]))), "oid")
