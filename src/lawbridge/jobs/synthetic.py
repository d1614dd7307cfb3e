"""Seeded synthetic inputs for the batch jobs' tests and benchmark (invented people, no real data).

:func:`watchlist` makes list entries (Hanzi names with a pinyin alias, a birth date); :func:`queries`
makes query rows, some of them a listed person in another form (pinyin, surname last, a nearby
birth date), the rest invented people; :func:`documents` makes texts with personal information.
"""

from __future__ import annotations

import random
from typing import Any

from anyascii import anyascii

from lawbridge.fixtures.names_demo import GIVEN, SURNAMES

_SURNAMES = sorted(SURNAMES)
_GIVEN = sorted(GIVEN)


def _person(rng: random.Random) -> dict[str, Any]:
    surname = rng.choice(_SURNAMES)
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
    pinyin = f"{SURNAMES[surname][0]} {anyascii(given).title()}"
    birth = f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {"name": surname + given, "aliases": [pinyin], "birth_date": birth}


def watchlist(size: int, seed: int = 8) -> list[dict[str, Any]]:
    """``size`` list entries ``{"id", "name", "aliases", "birth_date"}``."""
    rng = random.Random(seed)
    return [{"id": f"E{n:07d}", **_person(rng)} for n in range(size)]


def queries(size: int, entries: list[dict[str, Any]], seed: int = 9) -> list[dict[str, Any]]:
    """``size`` query rows ``{"id", "record"}``: one in four a listed person written otherwise."""
    rng = random.Random(seed)
    rows = []
    for n in range(size):
        if entries and n % 4 == 0:
            entry = rng.choice(entries)
            alias = entry["aliases"][0]
            surname, _, given = alias.partition(" ")
            name = rng.choice((alias, f"{given} {surname}".strip(), alias.upper()))
            record = {"name": name, "birth_date": entry["birth_date"][: rng.choice((4, 10))]}
        else:
            person = _person(rng)
            record = {"name": rng.choice((person["name"], person["aliases"][0]))}
            record["birth_date"] = person["birth_date"]
        rows.append({"id": f"Q{n:07d}", "record": record})
    return rows


_TEMPLATES = (
    "客户{name}的手机号是138{d8}，邮箱 {mail}@example.com。",
    "Contact {latin} at {mail}@example.org or +1 415 555 {d4}.",
    "订单备注：请尽快发货，谢谢。",
    "身份证号码 11010519491231002X，联系人{name}。",
    "Meeting notes: budget review moved to Thursday, room 4.",
    "{latin} was born on 1984-03-{dd}; card 4111 1111 1111 1111.",
)


def documents(size: int, seed: int = 10) -> list[dict[str, Any]]:
    """``size`` rows ``{"id", "text"}``, most holding a name, a phone, an email or an id."""
    rng = random.Random(seed)
    rows = []
    for n in range(size):
        person = _person(rng)
        text = rng.choice(_TEMPLATES).format(
            name=person["name"],
            latin=person["aliases"][0],
            mail=f"user{rng.randint(1, 99999)}",
            d8=f"{rng.randint(0, 99999999):08d}",
            d4=f"{rng.randint(0, 9999):04d}",
            dd=f"{rng.randint(1, 28):02d}",
        )
        rows.append({"id": f"D{n:07d}", "text": text})
    return rows
