#!/usr/bin/env python3
# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""Generate lawbridge's labelled names dev set (issue 3) — deterministic, seeded, invented people only.

Outputs (under bench/names/data/):
  pairs.jsonl              {"id", "category", "variant", "a": RECORD, "b": RECORD, "label": 0|1}
  screening_list.jsonl     {"id", "name", "aliases"?, "birth_date"?, "nationality"?, "gender"?, "id_number"?}
  screening_queries.jsonl  {"id", "kind", "record": RECORD, "expected": entry id | null}
  stats.json               category / label counts

Labels come from construction only: a pair is positive when both records were rendered from the same invented
person, negative when they come from two different invented persons. Nothing here imports lawbridge.

Transliteration: standard pinyin comes from pypinyin (given-name characters) and traditional characters from
opencc; the surname readings, Wade-Giles rules, Cantonese/HK spellings, Cyrillic systems, Arabic spellings and
English nicknames are small hand-typed tables under resources/ (see README.md) so that the dev set does not
mirror the engine's own tables.

Usage:
  python bench/names/make_devset.py                 # writes data/
  python bench/names/make_devset.py --list N --out F.jsonl [--seed S]   # an N-entry screening list (latency)
"""

from __future__ import annotations

import argparse
import json
import random
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import opencc
from pypinyin import Style, pinyin

HERE = Path(__file__).resolve().parent
RES = HERE / "resources"
DATA = HERE / "data"
SEED = 20261126

# --------------------------------------------------------------------------------------------- resources


def _tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (RES / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


TONE_MARKS = {"\u0300", "\u0301", "\u0304", "\u030c"}


def toneless(s: str) -> str:
    """Strip pinyin tone marks but keep ü."""
    d = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in TONE_MARKS))


def fold(s: str) -> str:
    """Strip all diacritics (ü → u, é → e)."""
    d = unicodedata.normalize("NFD", s)
    return "".join(c for c in d if not unicodedata.combining(c))


@dataclass(frozen=True)
class Surname:
    hz: str
    tone: tuple[str, ...]  # tone-marked syllables
    canto: tuple[str, ...]
    kind: str
    naive: str | None
    confuser: str | None


class Tables:
    def __init__(self) -> None:
        self.surnames: dict[str, Surname] = {}
        for row in _tsv("zh_surnames.tsv"):
            row += [""] * (6 - len(row))
            hz, py, canto, kind, naive, conf = row[:6]
            self.surnames[hz] = Surname(
                hz, tuple(py.split()), tuple(canto.split("|")), kind, naive or None, conf or None
            )
        self.given: dict[str, tuple[str, str, str]] = {}  # char -> (tone pinyin, canto, gender)
        for hz, canto, g in _tsv("zh_given_chars.tsv"):
            tone = pinyin(hz, style=Style.TONE)[0][0]
            self.given[hz] = (tone, canto, g)
        self.wg = json.loads((RES / "wade_giles.json").read_text(encoding="utf-8"))
        self.cyr = json.loads((RES / "cyrillic.json").read_text(encoding="utf-8"))
        self.ar = json.loads((RES / "arabic.json").read_text(encoding="utf-8"))
        self.en = json.loads((RES / "english.json").read_text(encoding="utf-8"))
        self.s2t = opencc.OpenCC("s2t")
        self.s2hk = opencc.OpenCC("s2hk")
        self.s2tw = opencc.OpenCC("s2tw")
        self.common = [s for s in self.surnames.values() if s.kind == "common"]
        self.heteronym = [s for s in self.surnames.values() if s.kind == "heteronym"]
        self.compound = [s for s in self.surnames.values() if s.kind == "compound"]
        self.male_chars = [c for c, v in self.given.items() if v[2] in "mn"]
        self.female_chars = [c for c, v in self.given.items() if v[2] in "fn"]
        # homophone groups of given characters (same toneless pinyin), for common_name_other_given
        groups: dict[str, list[str]] = {}
        for c, v in self.given.items():
            groups.setdefault(toneless(v[0]), []).append(c)
        self.homophones = {k: v for k, v in groups.items() if len(v) > 1}


T = Tables()


def wade_giles(syl: str) -> str:
    """Toneless pinyin syllable (with ü) → Wade-Giles with apostrophes and umlauts."""
    w = T.wg
    if syl in w["whole"]:
        return str(w["whole"][syl])
    ini, rest = "", syl
    for p, q in w["initials"]:
        if syl.startswith(p):
            ini, rest = q, syl[len(p) :]
            break
    if syl[:1] in "jqx" and rest in w["finals_after_jqx"]:
        rest = w["finals_after_jqx"][rest]
    elif rest in w["finals"]:
        rest = w["finals"][rest]
    elif rest.endswith("ong"):
        rest = rest[:-3] + "ung"
    return ini + rest


# --------------------------------------------------------------------------------------------- persons

NATIONALITIES = {
    "zh": (["CN", "HK", "TW", "SG", "MY", "US", "CA"], [70, 8, 8, 4, 4, 3, 3]),
    "en": (["US", "GB", "CA", "AU", "IE", "DE", "ES", "FR", "PL"], [35, 20, 10, 8, 5, 6, 6, 5, 5]),
    "ru": (["RU", "BY", "KZ", "UA"], [80, 8, 7, 5]),
    "ar": (
        ["EG", "SA", "IQ", "SY", "JO", "LB", "MA", "DZ", "AE", "YE"],
        [20, 15, 15, 10, 8, 8, 8, 6, 5, 5],
    ),
}


@dataclass(frozen=True)
class Person:
    uid: int
    culture: str  # zh | en | ru | ar
    gender: str  # male | female
    birth_date: str
    nationality: str
    id_number: str
    surname: str = ""  # zh: simplified hanzi (a key of T.surnames); ru: Cyrillic (gendered); ar: family (Arabic)
    given: str = ""  # zh: simplified hanzi; ru/ar: Cyrillic / Arabic; en: first name
    middle: str = ""  # ru: patronymic (Cyrillic); ar: father's name (Arabic); en: middle name
    en_last: str = ""


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.uid = 0

    # -- shared person fields
    def _dob(self) -> str:
        d = date(1945, 1, 1) + timedelta(days=self.rng.randrange(0, 58 * 365))
        return d.isoformat()

    def _nat(self, culture: str) -> str:
        codes, w = NATIONALITIES[culture]
        return self.rng.choices(codes, w)[0]

    def _id(self, nat: str) -> str:
        r = self.rng
        digits = "".join(r.choice("0123456789") for _ in range(8))
        if nat == "CN":
            return "E" + digits
        if nat == "HK":
            return "K" + digits
        if nat == "TW":
            return r.choice("123") + digits
        return (
            r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + digits[:7]
        )

    def _next(self) -> int:
        self.uid += 1
        return self.uid

    # -- Chinese
    def zh_given(self, gender: str, n: int | None = None) -> str:
        pool = T.male_chars if gender == "male" else T.female_chars
        # Zipf-like weights over the table order: the first characters are the common ones
        w = [1.0 / (i + 1) ** 0.7 for i in range(len(pool))]
        if n is None:
            n = 1 if self.rng.random() < 0.3 else 2
        chars = self.rng.choices(pool, w, k=n)
        while n == 2 and chars[0] == chars[1] and self.rng.random() < 0.7:
            chars = self.rng.choices(pool, w, k=n)
        return "".join(chars)

    def zh(
        self,
        kind: str = "common",
        nat: str | None = None,
        gender: str | None = None,
        surname: str | None = None,
        given: str | None = None,
    ) -> Person:
        r = self.rng
        if surname is None:
            pool = {"common": T.common, "heteronym": T.heteronym, "compound": T.compound}[kind]
            w = [1.0 / (i + 1) ** 0.8 for i in range(len(pool))] if kind == "common" else None
            surname = r.choices(pool, w)[0].hz
        gender = gender or r.choice(["male", "female"])
        given = given if given is not None else self.zh_given(gender)
        nat = nat or self._nat("zh")
        return Person(self._next(), "zh", gender, self._dob(), nat, self._id(nat), surname, given)

    # -- English
    def en(self, gender: str | None = None, last: str | None = None) -> Person:
        r = self.rng
        gender = gender or r.choice(["male", "female"])
        first = r.choice(list(T.en["given_male" if gender == "male" else "given_female"]))
        middle = r.choice(T.en["middle_" + gender]) if r.random() < 0.45 else ""
        last = last or r.choice(list(T.en["surnames"]))
        nat = self._nat("en")
        return Person(
            self._next(),
            "en",
            gender,
            self._dob(),
            nat,
            self._id(nat),
            given=first,
            middle=middle,
            en_last=last,
        )

    # -- Russian
    def ru(self, gender: str | None = None, base: str | None = None) -> Person:
        r = self.rng
        gender = gender or r.choice(["male", "female"])
        given = r.choice(list(T.cyr["given_male" if gender == "male" else "given_female"]))
        father_base = r.choice(list(T.cyr["patronymic_of"].values()))
        base = base or r.choice(T.cyr["surnames"])
        if gender == "male":
            patr = father_base[:-2] + (
                "евич" if father_base.endswith("ев") or father_base.endswith("ьев") else "ович"
            )
            sur = base
        else:
            patr = father_base[:-2] + ("евна" if father_base.endswith("ев") else "овна")
            sur = base + "а" if base.endswith(("ов", "ев", "ёв", "ин")) else base
        patr = patr.replace("ьевич", "ьевич")
        nat = self._nat("ru")
        return Person(self._next(), "ru", gender, self._dob(), nat, self._id(nat), sur, given, patr)

    # -- Arabic
    def ar(self, gender: str | None = None, family: str | None = None) -> Person:
        r = self.rng
        gender = gender or r.choice(["male", "female"])
        given = r.choice(list(T.ar["given_male" if gender == "male" else "given_female"]))
        father = r.choice(list(T.ar["given_male"]))
        family = family or r.choice(list(T.ar["family"]))
        nat = self._nat("ar")
        return Person(
            self._next(), "ar", gender, self._dob(), nat, self._id(nat), family, given, father
        )

    def any(self) -> Person:
        c = self.rng.choices(["zh", "en", "ru", "ar"], [45, 20, 15, 20])[0]
        if c == "zh":
            k = self.rng.choices(["common", "heteronym", "compound"], [94, 3, 3])[0]
            return self.zh(k)
        return getattr(self, c)()


# --------------------------------------------------------------------------------------------- renderings


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def zh_syllables(p: Person, tone: bool = False) -> tuple[list[str], list[str]]:
    s = T.surnames[p.surname]
    sur = list(s.tone)
    giv = [T.given[c][0] for c in p.given]
    if not tone:
        sur = [toneless(x) for x in sur]
        giv = [toneless(x) for x in giv]
    return sur, giv


def join_syllables(syls: list[str], style: str) -> str:
    """style: joined | spaced | hyphen | hyphen_cap"""
    if style == "joined":
        out = syls[0]
        for s in syls[1:]:
            out += ("'" if s[:1] in "aoeāáǎàōóǒòēéěè" else "") + s
        return cap(out)
    if style == "joined_noapos":
        return cap("".join(syls))
    if style == "spaced":
        return " ".join(cap(s) for s in syls)
    if style == "hyphen":
        return cap("-".join(syls))
    return "-".join(cap(s) for s in syls)


def arrange(sur: str, giv: str, order: str, case: str) -> str:
    if order == "sf":
        name = f"{sur} {giv}"
    elif order == "gf":
        name = f"{giv} {sur}"
    else:
        name = f"{sur}, {giv}"
    if case == "upper":
        return name.upper()
    if case == "lower":
        return name.lower()
    if case == "sur_upper":
        return name.replace(sur, sur.upper(), 1)
    return name


def u_umlaut(s: str, mode: str) -> str:
    return {
        "keep": s,
        "u": s.replace("ü", "u").replace("Ü", "U"),
        "v": s.replace("ü", "v").replace("Ü", "V"),
        "yu": s.replace("ü", "yu").replace("Ü", "YU"),
    }[mode]


# opencc converts these characters as words (余→餘 "surplus", 范→範 "model", 朴→樸 "plain"); as surnames they keep
# their own form in traditional script.
TRAD_SURNAME = {"余": "余", "朴": "朴", "种": "种", "范": "范", "秘": "秘"}


def hanzi(p: Person, script: str = "simplified") -> str:
    if script == "simplified":
        return p.surname + p.given
    cc = {"traditional": T.s2t, "hk": T.s2hk, "tw": T.s2tw}[script]
    return (TRAD_SURNAME.get(p.surname) or cc.convert(p.surname)) + cc.convert(p.given)


def pinyin_form(
    p: Person, r: random.Random, *, tone: bool | None = None, surname_split: bool = False
) -> tuple[str, str]:
    tone = (r.random() < 0.12) if tone is None else tone
    sur, giv = zh_syllables(p, tone=tone)
    gstyle = r.choices(
        ["joined", "spaced", "hyphen", "hyphen_cap", "joined_noapos"], [45, 20, 15, 8, 12]
    )[0]
    if len(giv) == 1:
        gstyle = "joined"
    g = join_syllables(giv, gstyle)
    s = " ".join(cap(x) for x in sur) if surname_split else join_syllables(sur, "joined_noapos")
    order = r.choices(["sf", "gf", "comma"], [55, 35, 10])[0]
    case = (
        "title" if tone else r.choices(["title", "upper", "sur_upper", "lower"], [50, 30, 15, 5])[0]
    )
    name = arrange(s, g, order, case)
    um = "keep" if tone else r.choices(["keep", "u", "v", "yu"], [30, 35, 15, 20])[0]
    name = u_umlaut(name, um)
    return name, f"pinyin:{gstyle}:{order}:{case}" + (":tone" if tone else "") + (
        ":split-surname" if surname_split else ""
    ) + (f":ü={um}" if "ü" in toneless("".join(zh_syllables(p)[0] + zh_syllables(p)[1])) else "")


def wg_form(p: Person, r: random.Random) -> tuple[str, str]:
    sur, giv = zh_syllables(p)
    wsur = [wade_giles(x) for x in sur]
    wgiv = [wade_giles(x) for x in giv]
    s = cap("-".join(wsur)) if len(wsur) > 1 else cap(wsur[0])
    gstyle = r.choices(["hyphen", "hyphen_cap", "spaced", "joined"], [55, 20, 15, 10])[0]
    if gstyle == "hyphen":
        g = cap("-".join(wgiv))
    elif gstyle == "hyphen_cap":
        g = "-".join(cap(x) for x in wgiv)
    elif gstyle == "spaced":
        g = " ".join(cap(x) for x in wgiv)
    else:
        g = cap("".join(wgiv))
    order = r.choices(["sf", "gf", "comma"], [60, 30, 10])[0]
    case = r.choices(["title", "upper", "sur_upper"], [60, 25, 15])[0]
    name = arrange(s, g, order, case)
    apos = r.random() < 0.45
    if not apos:
        name = name.replace("'", "")
    um = r.random() < 0.4
    if not um:
        name = fold(name)
    return (
        name,
        f"wade-giles:{gstyle}:{order}:{case}:{'apostrophes' if apos else 'no-apostrophes'}:{'umlaut' if um else 'no-umlaut'}",
    )


def canto_form(p: Person, r: random.Random, english_name: bool | None = None) -> tuple[str, str]:
    s_entry = T.surnames[p.surname]
    s = r.choice(s_entry.canto) if r.random() < 0.3 else s_entry.canto[0]
    giv = [T.given[c][1] for c in p.given]
    gstyle = r.choices(["hyphen", "spaced", "hyphen_cap", "joined"], [45, 35, 10, 10])[0]
    if len(giv) == 1:
        g = giv[0]
    elif gstyle == "hyphen":
        g = giv[0] + "-" + "-".join(x.lower() for x in giv[1:])
    elif gstyle == "hyphen_cap":
        g = "-".join(giv)
    elif gstyle == "spaced":
        g = " ".join(giv)
    else:
        g = giv[0] + "".join(x.lower() for x in giv[1:])
    order = r.choices(["sf", "gf", "comma"], [60, 30, 10])[0]
    case = r.choices(["title", "upper", "sur_upper"], [50, 25, 25])[0]
    name = arrange(s, g, order, case)
    eng = (r.random() < 0.2) if english_name is None else english_name
    label = f"cantonese:{gstyle}:{order}:{case}"
    if eng:
        pool = T.en["given_male" if p.gender == "male" else "given_female"]
        en = fold(r.choice([k for k in pool if k.isascii()]))
        name = (
            f"{en} {name}"
            if order == "sf"
            else f"{name}, {en}"
            if order == "comma"
            else f"{en} {name}"
        )
        if order == "gf":
            name = f"{en} {g} {s}"
        label += ":english-name"
    return name, label


# -- Russian


def translit(s: str, system: str) -> str:
    table = T.cyr["systems"][system]
    out = []
    prev = ""
    for ch in s:
        lo = ch.lower()
        if lo in table:
            t = table[lo]
            if lo == "е" and "_ye_initial" in table and (prev == "" or prev in "аеёиоуыэюяъь "):
                t = table["_ye_initial"]
            if system == "german" and lo == "с" and prev and prev in "аеёиоуыэюя":
                t = "ss"
            out.append(cap(t) if ch != lo else t)
        else:
            out.append(ch)
        prev = lo
    return "".join(out)


def ru_form(
    p: Person, r: random.Random, latin: bool = True, system: str | None = None
) -> tuple[str, str]:
    form = r.choices(
        ["full", "given_sur", "sur_first", "comma_full", "initials"], [30, 35, 15, 10, 10]
    )[0]
    if not latin:
        g, m, s = p.given, p.middle, p.surname
        label = "cyrillic"
        if r.random() < 0.5:  # ё is very often written е
            g, m, s = (x.replace("ё", "е").replace("Ё", "Е") for x in (g, m, s))
            label += ":yo-as-ye"
    else:
        system = system or r.choice(
            ["bgn_pcgn", "icao", "scientific", "german", "french", "conventional"]
        )
        label = f"latin:{system}"
        if system == "conventional":  # conventional English given name + BGN surname
            pool = T.cyr["given_male" if p.gender == "male" else "given_female"]
            g = r.choice(pool[p.given])
            m, s = translit(p.middle, "bgn_pcgn"), translit(p.surname, "bgn_pcgn")
        else:
            g, m, s = (
                translit(p.given, system),
                translit(p.middle, system),
                translit(p.surname, system),
            )
    if form == "full":
        name = f"{g} {m} {s}"
    elif form == "given_sur":
        name = f"{g} {s}"
    elif form == "sur_first":
        name = f"{s.upper() if r.random() < 0.5 else s} {g} {m}"
    elif form == "comma_full":
        name = f"{s.upper()}, {g} {m}"
    else:
        name = f"{g[0]}. {m[0]}. {s}"
    return name, f"{label}:{form}"


# -- Arabic

SUN = ("t", "th", "d", "dh", "r", "z", "s", "sh", "n")


def ar_variants_of(token: str, table: dict[str, list[str]]) -> list[str]:
    return table[token]


def ar_family_latin(fam: str, r: random.Random) -> str:
    base = r.choice(T.ar["family"][fam])
    if not fam.startswith("ال"):
        return base
    style = r.choices(
        ["al-", "Al-", "Al ", "Al", "El-", "El ", "", "sun"], [25, 15, 15, 8, 12, 8, 10, 7]
    )[0]
    if style == "sun":
        lo = base.lower()
        hit = next((s for s in sorted(SUN, key=len, reverse=True) if lo.startswith(s)), None)
        style = f"a{hit}-" if hit else "al-"
    return (style + base) if style.endswith(("-", " ")) or style == "" else style + base.lower()


def ar_script_noise(s: str, r: random.Random) -> tuple[str, str]:
    if r.random() < 0.25:
        s2 = s.replace("أ", "ا").replace("إ", "ا").replace("ة", "ه").replace("ى", "ي")
        if s2 != s:
            return s2, ":unpointed"
    return s, ""


def ar_form(p: Person, r: random.Random, latin: bool = True) -> tuple[str, str]:
    form = r.choices(["full", "given_family", "bin", "family_first"], [40, 35, 15, 10])[0]
    if not latin:
        g, f, fam = p.given, p.middle, p.surname
        name = {
            "full": f"{g} {f} {fam}",
            "given_family": f"{g} {fam}",
            "bin": f"{g} {'بن' if p.gender == 'male' else 'بنت'} {f} {fam}",
            "family_first": f"{fam} {g} {f}",
        }[form]
        name, noise = ar_script_noise(name, r)
        return name, f"arabic-script:{form}{noise}"
    gpool = T.ar["given_male" if p.gender == "male" else "given_female"]
    g = r.choice(gpool[p.given])
    f = r.choice(T.ar["given_male"][p.middle])
    fam = ar_family_latin(p.surname, r)
    link = r.choice(["bin", "ibn", "Bin", "ben"]) if p.gender == "male" else "bint"
    name = {
        "full": f"{g} {f} {fam}",
        "given_family": f"{g} {fam}",
        "bin": f"{g} {link} {f} {fam}",
        "family_first": f"{fam.upper()}, {g} {f}",
    }[form]
    if r.random() < 0.15:
        name = name.upper()
    return name, f"latin:{form}"


# -- English

KEYS = None


def typo(s: str, r: random.Random) -> tuple[str, str]:
    letters = [i for i, c in enumerate(s) if c.isalpha() and i > 0]
    if not letters:
        return s, "none"
    i = r.choice(letters)
    op = r.choice(["swap", "delete", "double", "neighbour"])
    if op == "swap" and i + 1 < len(s) and s[i + 1].isalpha():
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :], "typo-swap"
    if op == "delete":
        return s[:i] + s[i + 1 :], "typo-delete"
    if op == "double":
        return s[: i + 1] + s[i] + s[i + 1 :], "typo-double"
    nb = T.en["keyboard_neighbours"].get(s[i].lower())
    if nb:
        c = r.choice(nb)
        return s[:i] + (c.upper() if s[i].isupper() else c) + s[i + 1 :], "typo-neighbour"
    return s[:i] + s[i + 1 :], "typo-delete"


def ocr(s: str, r: random.Random) -> tuple[str, str]:
    opts = [(a, b) for a, b in T.en["ocr"] if a in s]
    if not opts:
        return typo(s, r)
    a, b = r.choice(opts)
    idx = [i for i in range(len(s)) if s.startswith(a, i)]
    i = r.choice(idx)
    return s[:i] + b + s[i + len(a) :], f"ocr-{a}->{b}"


def en_canonical(p: Person) -> str:
    return " ".join(x for x in (p.given, p.middle, p.en_last) if x)


def en_form(p: Person, r: random.Random, n_ops: int | None = None) -> tuple[str, str]:
    first, middle, last = p.given, p.middle, p.en_last
    pool = T.en["given_male" if p.gender == "male" else "given_female"][first]
    ops: list[str] = []
    n = n_ops if n_ops is not None else r.choices([1, 2], [75, 25])[0]
    choices = ["nickname", "initial", "fold", "typo", "ocr", "middle", "order", "upper"]
    for op in r.sample(choices, k=n):
        if op == "nickname" and (pool.get("nick") or pool.get("spell")):
            first = r.choice((pool.get("nick") or []) + (pool.get("spell") or []))
            ops.append("nickname/spelling")
        elif op == "initial":
            if middle and r.random() < 0.5:
                middle = middle[0] + "."
                ops.append("middle-initial")
            else:
                first = first[0] + "."
                ops.append("first-initial")
        elif op == "fold":
            alts = T.en["surnames"][p.en_last]
            if alts:
                last = r.choice(alts)
                ops.append("surname-spelling")
            elif fold(first) != first:
                first = fold(first)
                ops.append("fold")
            else:
                last, o = typo(last, r)
                ops.append(o)
        elif op == "typo":
            if r.random() < 0.5:
                last, o = typo(last, r)
            else:
                first, o = typo(first, r) if len(first) > 3 else typo(last, r)
            ops.append(o)
        elif op == "ocr":
            last, o = ocr(last, r)
            ops.append(o)
        elif op == "middle":
            if middle:
                middle = ""
                ops.append("middle-dropped")
            else:
                middle = r.choice(T.en["middle_" + p.gender])
                ops.append("middle-added")
        elif op == "order":
            ops.append("surname-first")
        elif op == "upper":
            ops.append("upper")
    if "surname-first" in ops:
        name = f"{last}, {' '.join(x for x in (first, middle) if x)}"
    else:
        name = " ".join(x for x in (first, middle, last) if x)
    if "upper" in ops:
        name = name.upper()
    return name, "english:" + "+".join(ops)


# --------------------------------------------------------------------------------------------- records


def truncate(d: str, level: str) -> str:
    return {"year": d[:4], "month": d[:7], "full": d}[level]


def record(
    name: str,
    p: Person,
    *,
    dob: str | None = None,
    nat: bool = False,
    gender: bool = False,
    idn: bool = False,
    aliases: list[str] | None = None,
) -> dict[str, Any]:
    rec: dict[str, Any] = {"name": name}
    if aliases:
        rec["aliases"] = aliases
    if dob:
        rec["birth_date"] = truncate(p.birth_date, dob)
    if nat:
        rec["nationality"] = p.nationality
    if gender:
        rec["gender"] = p.gender
    if idn:
        rec["id_number"] = p.id_number
    return rec


def extras_positive(r: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    """Partial, consistent extra information for two records of the same person."""
    a: dict[str, Any] = {}
    b: dict[str, Any] = {}
    mode = r.choices(
        ["none", "one", "full_full", "full_year", "year_year", "full_month"], [18, 22, 18, 27, 7, 8]
    )[0]
    if mode == "one":
        a["dob"] = r.choice(["full", "year", "full"])
    elif mode == "full_full":
        a["dob"], b["dob"] = "full", "full"
    elif mode == "full_year":
        a["dob"], b["dob"] = "full", "year"
    elif mode == "year_year":
        a["dob"], b["dob"] = "year", "year"
    elif mode == "full_month":
        a["dob"], b["dob"] = "full", "month"
    for key, w in (("nat", [30, 35, 35]), ("gender", [45, 30, 25])):
        m = r.choices(["none", "one", "both"], w)[0]
        if m == "one":
            a[key] = True
        elif m == "both":
            a[key] = b[key] = True
    m = r.choices(["none", "one", "both"], [75, 15, 10])[0]
    if m == "one":
        a["idn"] = True
    elif m == "both":
        a["idn"] = b["idn"] = True
    return (a, b) if r.random() < 0.5 else (b, a)


def extras_negative(r: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    """Extra information for two different persons: mostly not comparable, sometimes both present."""
    a: dict[str, Any] = {}
    b: dict[str, Any] = {}
    mode = r.choices(["none", "one", "both"], [35, 35, 30])[0]
    if mode == "one":
        a["dob"] = r.choice(["full", "year"])
    elif mode == "both":
        a["dob"], b["dob"] = r.choice(["full", "year"]), r.choice(["full", "year"])
    for key in ("nat", "gender"):
        m = r.choices(["none", "one", "both"], [35, 35, 30])[0]
        if m == "one":
            a[key] = True
        elif m == "both":
            a[key] = b[key] = True
    return (a, b) if r.random() < 0.5 else (b, a)


def rec_with(
    name: str, p: Person, ex: dict[str, Any], aliases: list[str] | None = None
) -> dict[str, Any]:
    return record(
        name,
        p,
        dob=ex.get("dob"),
        nat=ex.get("nat", False),
        gender=ex.get("gender", False),
        idn=ex.get("idn", False),
        aliases=aliases,
    )


# --------------------------------------------------------------------------------------------- name keys


def zh_keys(p: Person) -> set[str]:
    sur, giv = zh_syllables(p)
    s = T.surnames[p.surname]
    keys = {
        "py:" + "".join(sur) + "|" + "".join(giv),
        "wg:"
        + fold(
            "".join(wade_giles(x) for x in sur) + "|" + "".join(wade_giles(x) for x in giv)
        ).replace("'", ""),
        "hz:" + p.surname + p.given,
    }
    for c in s.canto:
        keys.add(
            "ct:"
            + c.lower().replace("-", "")
            + "|"
            + "".join(T.given[ch][1].lower() for ch in p.given)
        )
    # romanised forms read in any system collide with each other
    return keys | {"rom:" + k.split(":", 1)[1] for k in keys if not k.startswith("hz:")}


def keys_of(p: Person) -> set[str]:
    if p.culture == "zh":
        return zh_keys(p)
    if p.culture == "ru":
        base = p.surname[:-1] if p.gender == "female" and p.surname.endswith("а") else p.surname
        return {f"ru:{base}|{p.given}"}
    if p.culture == "ar":
        return {f"ar:{p.given}|{p.surname}"}
    first = p.given
    return {f"en:{fold(first)}|{fold(p.en_last)}"}


def names_disjoint(a: Person, b: Person) -> bool:
    ka = {k for k in keys_of(a) if not k.startswith("hz:")}
    kb = {k for k in keys_of(b) if not k.startswith("hz:")}
    if a.culture == "zh" and b.culture == "zh":
        return not (ka & kb) and (a.surname + a.given) != (b.surname + b.given)
    return not (ka & kb)


# --------------------------------------------------------------------------------------------- pair categories

Pair = dict[str, Any]


class PairMaker:
    def __init__(self, seed: int) -> None:
        self.g = Gen(seed)
        self.r = self.g.rng
        self.out: list[Pair] = []

    def add(self, cat: str, variant: str, a: dict[str, Any], b: dict[str, Any], label: int) -> None:
        if self.r.random() < 0.5:
            a, b = b, a
        self.out.append(
            {
                "id": f"{cat}-{len(self.out):05d}",
                "category": cat,
                "variant": variant,
                "a": a,
                "b": b,
                "label": label,
            }
        )

    def pos(
        self,
        cat: str,
        p: Person,
        name_a: str,
        name_b: str,
        variant: str,
        alias_a: list[str] | None = None,
        alias_b: list[str] | None = None,
    ) -> None:
        ea, eb = extras_positive(self.r)
        self.add(
            cat, variant, rec_with(name_a, p, ea, alias_a), rec_with(name_b, p, eb, alias_b), 1
        )

    def neg(self, cat: str, pa: Person, name_a: str, pb: Person, name_b: str, variant: str) -> None:
        ea, eb = extras_negative(self.r)
        self.add(cat, variant, rec_with(name_a, pa, ea), rec_with(name_b, pb, eb), 0)

    # zh helpers
    def zh_hanzi_side(self, p: Person) -> tuple[str, str]:
        script = self.r.choices(["simplified", "traditional"], [80, 20])[0]
        return hanzi(p, script), f"hanzi-{script}"

    def similar_zh(self, p: Person, mode: str | None = None) -> Person:
        """A different invented person whose name shares the surname or the given name of p."""
        g = self.g
        for _ in range(200):
            m = mode or self.r.choice(
                ["same_surname_one_char", "same_given_other_surname", "same_surname"]
            )
            if m == "same_surname_one_char" and len(p.given) == 2:
                i = self.r.randrange(2)
                new = list(p.given)
                new[i] = g.zh_given(p.gender, 1)
                q = g.zh(surname=p.surname, given="".join(new), gender=p.gender)
            elif m == "same_given_other_surname":
                s = T.surnames[p.surname]
                pool = T.compound if s.kind == "compound" else T.common
                q = g.zh(surname=self.r.choice(pool).hz, given=p.given, gender=p.gender)
            else:
                q = g.zh(surname=p.surname, gender=self.r.choice(["male", "female"]))
            if names_disjoint(p, q):
                return q
        raise RuntimeError("no similar person")

    # ----- categories
    def hanzi_vs_pinyin(self, npos: int, nneg: int) -> None:
        cat = "hanzi_vs_pinyin"
        for _ in range(npos):
            p = self.g.zh()
            a, va = self.zh_hanzi_side(p)
            b, vb = pinyin_form(p, self.r)
            alias_a = None
            if self.r.random() < 0.1:  # the hanzi record also carries an English alias
                alias_a = [
                    en_form(self.g.en(gender=p.gender), self.r, 0)[0].split()[0]
                    + " "
                    + cap(zh_syllables(p)[0][0])
                ]
            self.pos(cat, p, a, b, f"{va}|{vb}", alias_a=alias_a)
        for _ in range(nneg):
            p = self.g.zh()
            q = self.similar_zh(p)
            a, va = self.zh_hanzi_side(p)
            b, vb = pinyin_form(q, self.r)
            self.neg(cat, p, a, q, b, f"{va}|{vb}")

    def simplified_vs_traditional(self, npos: int, nneg: int) -> None:
        cat = "simplified_vs_traditional"
        for _ in range(npos):
            p = self.g.zh(nat=self.r.choice(["CN", "HK", "TW", "CN"]))
            script = self.r.choice(["traditional", "hk", "tw"])
            while hanzi(p, script) == hanzi(p):  # only names that change between the two scripts
                p = self.g.zh(nat=p.nationality)
            t = hanzi(p, script)
            alias_b = [pinyin_form(p, self.r, tone=False)[0]] if self.r.random() < 0.15 else None
            self.pos(cat, p, hanzi(p), t, f"simplified|{script}", alias_b=alias_b)
        for _ in range(nneg):
            p = self.g.zh()
            q = self.similar_zh(
                p, self.r.choice(["same_surname_one_char", "same_given_other_surname"])
            )
            self.neg(cat, p, hanzi(p), q, hanzi(q, "traditional"), "simplified|traditional")

    def wade_giles_cat(self, npos: int, nneg: int) -> None:
        cat = "wade_giles"
        for _ in range(npos):
            p = self.g.zh(nat=self.r.choices(["TW", "CN", "US"], [70, 20, 10])[0])
            if self.r.random() < 0.5:
                a, va = hanzi(p, self.r.choice(["simplified", "tw"])), "hanzi"
            else:
                a, va = pinyin_form(p, self.r, tone=False)
            b, vb = wg_form(p, self.r)
            self.pos(cat, p, a, b, f"{va}|{vb}")
        for _ in range(nneg):
            p = self.g.zh(nat="TW")
            q = self.similar_zh(p)
            a, va = (
                (hanzi(p, "tw"), "hanzi")
                if self.r.random() < 0.5
                else pinyin_form(p, self.r, tone=False)
            )
            b, vb = wg_form(q, self.r)
            self.neg(cat, p, a, q, b, f"{va}|{vb}")

    def cantonese(self, npos: int, nneg: int) -> None:
        cat = "cantonese"
        for _ in range(npos):
            p = self.g.zh(nat=self.r.choices(["HK", "MO", "GB", "CA"], [80, 5, 8, 7])[0])
            x = self.r.random()
            if x < 0.3:
                a, va = hanzi(p), "hanzi-simplified"
            elif x < 0.7:
                a, va = hanzi(p, "hk"), "hanzi-traditional"
            else:
                a, va = pinyin_form(p, self.r, tone=False)
            b, vb = canto_form(p, self.r)
            self.pos(cat, p, a, b, f"{va}|{vb}")
        for _ in range(nneg):
            p = self.g.zh(nat="HK")
            q = self.similar_zh(p)
            a, va = (hanzi(p, "hk"), "hanzi") if self.r.random() < 0.6 else canto_form(p, self.r)
            b, vb = canto_form(q, self.r)
            self.neg(cat, p, a, q, b, f"{va}|{vb}")

    def heteronym_surnames(self, npos: int, nneg: int) -> None:
        cat = "heteronym_surnames"
        for _ in range(npos):
            p = self.g.zh("heteronym")
            a, va = self.zh_hanzi_side(p)
            if self.r.random() < 0.8:
                b, vb = pinyin_form(p, self.r)
            else:
                b, vb = canto_form(p, self.r, english_name=False)
            self.pos(cat, p, a, b, f"{va}|{vb}|surname={p.surname}")
        confusable = [s for s in T.heteronym if s.confuser]
        for i in range(nneg):
            if i % 3 != 2:
                # the naive (wrong) reading of the surname belongs to another surname: 区伟 vs "Qu Wei" (曲伟)
                s = self.r.choice(confusable)
                p = self.g.zh(surname=s.hz)
                q = self.g.zh(surname=s.confuser, given=p.given, gender=p.gender)
                a, va = self.zh_hanzi_side(p)
                b, vb = pinyin_form(q, self.r, tone=False)
                self.neg(cat, p, a, q, b, f"{va}|{vb}|naive-reading:{s.hz}->{s.confuser}")
            else:
                p = self.g.zh("heteronym")
                q = self.similar_zh(p, "same_surname")
                a, va = self.zh_hanzi_side(p)
                b, vb = pinyin_form(q, self.r)
                self.neg(cat, p, a, q, b, f"{va}|{vb}|same-surname")

    def compound_surnames(self, npos: int, nneg: int) -> None:
        cat = "compound_surnames"
        for _ in range(npos):
            p = self.g.zh("compound")
            x = self.r.random()
            a, va = self.zh_hanzi_side(p)
            if x < 0.55:
                b, vb = pinyin_form(p, self.r)
            elif x < 0.7:
                b, vb = pinyin_form(p, self.r, tone=False, surname_split=True)
            elif x < 0.85:
                b, vb = wg_form(p, self.r)
            else:
                b, vb = canto_form(p, self.r, english_name=False)
            if self.r.random() < 0.2:  # romanised vs romanised
                a, va = pinyin_form(p, self.r, tone=False)
            self.pos(cat, p, a, b, f"{va}|{vb}")
        for _ in range(nneg):
            p = self.g.zh("compound")
            s = T.surnames[p.surname]
            # the other person's surname is one syllable of the compound (欧阳晓明 vs 欧晓明 "Ou Xiaoming")
            singles = [c for c in T.common if toneless(c.tone[0]) in {toneless(x) for x in s.tone}]
            if singles and self.r.random() < 0.75:
                q = self.g.zh(surname=self.r.choice(singles).hz, given=p.given, gender=p.gender)
                variant = "compound-vs-single-syllable-surname"
            else:
                q = self.similar_zh(p, "same_surname")
                variant = "same-compound-other-given"
            if not names_disjoint(p, q):
                q = self.similar_zh(p, "same_surname")
                variant = "same-compound-other-given"
            a, va = self.zh_hanzi_side(p)
            b, vb = pinyin_form(q, self.r)
            self.neg(cat, p, a, q, b, f"{va}|{vb}|{variant}")

    def english_variants(self, npos: int, nneg: int) -> None:
        cat = "english_variants"
        for _ in range(npos):
            p = self.g.en()
            b, vb = en_form(p, self.r)
            self.pos(cat, p, en_canonical(p), b, vb)
        for i in range(nneg):
            p = self.g.en()
            k = i % 3
            if k == 0:  # same surname, another first name (not a nickname of it)
                q = self.g.en(last=p.en_last)
                while q.given == p.given or fold(q.given)[:3] == fold(p.given)[:3]:
                    q = self.g.en(last=p.en_last)
                variant = "same-surname-other-first"
            elif k == 1:  # same first and last name, conflicting middle names (both written out)
                mids = T.en["middle_" + p.gender]
                mid = self.r.choice([m for m in mids if m != p.middle])
                if not p.middle:
                    p = replace(p, middle=self.r.choice([m for m in mids if m != mid]))
                q = replace(
                    self.g.en(gender=p.gender), given=p.given, middle=mid, en_last=p.en_last
                )
                variant = "middle-name-conflict"
            else:  # same surname, another first name of the other gender (Daniel / Danielle style)
                other = "female" if p.gender == "male" else "male"
                q = self.g.en(gender=other, last=p.en_last)
                while fold(q.given)[:3] == fold(p.given)[:3]:  # Alexander / Alexandra share "Alex"
                    q = self.g.en(gender=other, last=p.en_last)
                variant = "same-surname-other-gender"
            b = en_canonical(q) if self.r.random() < 0.6 else en_form(q, self.r, 1)[0]
            if k == 1:
                b = en_canonical(q)
            self.neg(cat, p, en_canonical(p), q, b, variant)

    def cyrillic(self, npos: int, nneg: int) -> None:
        cat = "cyrillic"
        for _ in range(npos):
            p = self.g.ru()
            x = self.r.random()
            if x < 0.65:
                a, va = ru_form(p, self.r, latin=False)
                b, vb = ru_form(p, self.r)
            else:  # Latin vs Latin in two different systems
                s1, s2 = self.r.sample(
                    ["bgn_pcgn", "icao", "scientific", "german", "french", "conventional"], 2
                )
                a, va = ru_form(p, self.r, system=s1)
                b, vb = ru_form(p, self.r, system=s2)
            self.pos(cat, p, a, b, f"{va}|{vb}")
        for i in range(nneg):
            p = self.g.ru()
            base = p.surname[:-1] if p.gender == "female" and p.surname.endswith("а") else p.surname
            if i % 2 == 0:
                q = self.g.ru(gender=self.r.choice(["male", "female"]), base=base)
                while q.given == p.given:
                    q = self.g.ru(gender=q.gender, base=base)
                a, va = ru_form(p, self.r, latin=False)
                b, vb = ru_form(q, self.r)
                variant = "same-surname-other-given"
            else:  # same given name and surname, another patronymic; both written in full
                q = replace(self.g.ru(gender=p.gender, base=base), given=p.given)
                while q.middle == p.middle:
                    q = replace(self.g.ru(gender=p.gender, base=base), given=p.given)
                sysb = self.r.choice(["bgn_pcgn", "icao", "german"])
                a, va = f"{p.given} {p.middle} {p.surname}", "cyrillic:full"
                b, vb = (
                    f"{translit(q.given, sysb)} {translit(q.middle, sysb)} {translit(q.surname, sysb)}",
                    f"latin:{sysb}:full",
                )
                variant = "patronymic-conflict"
            self.neg(cat, p, a, q, b, f"{va}|{vb}|{variant}")

    def arabic(self, npos: int, nneg: int) -> None:
        cat = "arabic"
        for _ in range(npos):
            p = self.g.ar()
            if self.r.random() < 0.6:
                a, va = ar_form(p, self.r, latin=False)
            else:
                a, va = ar_form(p, self.r)
            b, vb = ar_form(p, self.r)
            self.pos(cat, p, a, b, f"{va}|{vb}")
        for i in range(nneg):
            p = self.g.ar()
            if i % 2 == 0:
                q = self.g.ar(family=p.surname)
                while q.given == p.given:
                    q = self.g.ar(family=p.surname)
                a, va = ar_form(p, self.r, latin=self.r.random() < 0.4)
                b, vb = ar_form(q, self.r)
                variant = "same-family-other-given"
            else:
                q = replace(self.g.ar(gender=p.gender, family=p.surname), given=p.given)
                while q.middle == p.middle:
                    q = replace(self.g.ar(gender=p.gender, family=p.surname), given=p.given)
                a = f"{p.given} {p.middle} {p.surname}"
                gl = self.r.choice(
                    T.ar["given_male" if q.gender == "male" else "given_female"][q.given]
                )
                b = f"{gl} {self.r.choice(T.ar['given_male'][q.middle])} {ar_family_latin(q.surname, self.r)}"
                va, vb, variant = "arabic-script:full", "latin:full", "father-name-conflict"
            self.neg(cat, p, a, q, b, f"{va}|{vb}|{variant}")

    # ----- cross-culture hard negatives
    def render_any(self, p: Person, cross: bool) -> tuple[str, str]:
        r = self.r
        if p.culture == "zh":
            if cross:
                return r.choice(
                    [
                        lambda: (hanzi(p), "hanzi"),
                        lambda: pinyin_form(p, r),
                        lambda: wg_form(p, r),
                        lambda: canto_form(p, r, False),
                        lambda: (hanzi(p, "traditional"), "hanzi-trad"),
                    ]
                )()
            return hanzi(p), "hanzi"
        if p.culture == "ru":
            return ru_form(p, r, latin=cross or r.random() < 0.5)
        if p.culture == "ar":
            return ar_form(p, r, latin=cross or r.random() < 0.5)
        return (
            en_form(p, r, 1)
            if cross and r.random() < 0.5
            else (en_canonical(p), "english:canonical")
        )

    def same_surname_other_person(self, n: int) -> None:
        cat = "same_surname_other_person"
        for _i in range(n):
            c = self.r.choices(["zh", "en", "ru", "ar"], [55, 15, 15, 15])[0]
            if c == "zh":
                p = self.g.zh()
                q = self.similar_zh(p, "same_surname")
            elif c == "en":
                p = self.g.en()
                q = self.g.en(last=p.en_last)
                while q.given == p.given or fold(q.given)[:3] == fold(p.given)[:3]:
                    q = self.g.en(last=p.en_last)
            elif c == "ru":
                p = self.g.ru()
                base = (
                    p.surname[:-1]
                    if p.gender == "female" and p.surname.endswith("а")
                    else p.surname
                )
                q = self.g.ru(base=base)
                while q.given == p.given:
                    q = self.g.ru(base=base)
            else:
                p = self.g.ar()
                q = self.g.ar(family=p.surname)
                while q.given == p.given:
                    q = self.g.ar(family=p.surname)
            a, va = self.render_any(p, False)
            b, vb = self.render_any(q, self.r.random() < 0.6)
            self.neg(cat, p, a, q, b, f"{c}|{va}|{vb}")

    def clone(self, p: Person, *, other_year: bool = True) -> Person:
        """Another invented person with exactly the same name as p but another birth date."""
        q = self.g.any() if p.culture == "en" else None
        nat = p.nationality
        for _ in range(100):
            d = self.g._dob()
            if (
                (d[:4] != p.birth_date[:4])
                if other_year
                else (d[:4] == p.birth_date[:4] and d != p.birth_date)
            ):
                break
            if not other_year:
                d = p.birth_date[:4] + d[4:]
                if d != p.birth_date:
                    try:
                        date.fromisoformat(d)
                        break
                    except ValueError:
                        continue
        del q
        return replace(p, uid=self.g._next(), birth_date=d, id_number=self.g._id(nat))

    def common_person(self) -> Person:
        c = self.r.choices(["zh", "en", "ru", "ar"], [60, 15, 10, 15])[0]
        if (
            c == "zh"
        ):  # very common names: a top-10 surname and a one- or two-character top given name
            s = self.r.choice(T.common[:10]).hz
            gender = self.r.choice(["male", "female"])
            pool = (T.male_chars if gender == "male" else T.female_chars)[:8]
            given = self.r.choice(pool) + (self.r.choice(pool) if self.r.random() < 0.3 else "")
            return self.g.zh(surname=s, given=given, gender=gender)
        return getattr(self.g, c)()

    def common_name_other_birth_date(self, n: int) -> None:
        cat = "common_name_other_birth_date"
        for _i in range(n):
            p = self.common_person()
            same_year = self.r.random() < 0.2
            q = self.clone(p, other_year=not same_year)
            a, va = self.render_any(p, False)
            b, vb = self.render_any(q, self.r.random() < 0.5)
            lv = (
                ("full", "full")
                if same_year
                else self.r.choice(
                    [("full", "full"), ("full", "year"), ("year", "year"), ("year", "full")]
                )
            )
            ea = {"dob": lv[0], "nat": self.r.random() < 0.5, "gender": self.r.random() < 0.4}
            eb = {"dob": lv[1], "nat": self.r.random() < 0.5, "gender": self.r.random() < 0.4}
            self.add(
                cat,
                f"{p.culture}|{va}|{vb}|{'same-year-other-day' if same_year else 'other-year'}",
                rec_with(a, p, ea),
                rec_with(b, q, eb),
                0,
            )

    def common_name_other_given(self, n: int) -> None:
        cat = "common_name_other_given"
        homs = list(T.homophones.values())
        for i in range(n):
            s = self.r.choice(T.common[:15]).hz
            if i % 2 == 0:  # homophone given names, both in hanzi: 张伟 vs 张威
                grp = self.r.choice(homs)
                c1, c2 = self.r.sample(grp, 2)
                g1 = T.given[c1][2]
                gender = "female" if g1 == "f" else "male"
                pre = (
                    self.r.choice(T.male_chars if gender == "male" else T.female_chars)
                    if self.r.random() < 0.4
                    else ""
                )
                p = self.g.zh(surname=s, given=pre + c1, gender=gender)
                q = self.g.zh(surname=s, given=pre + c2, gender=gender)
                a, b = hanzi(p), hanzi(q, self.r.choice(["simplified", "traditional"]))
                variant = f"hanzi-homophone:{c1}/{c2}"
            else:  # one given syllable differs: Zhang Wei vs Zhang Wen
                p = self.g.zh(surname=s)
                q = self.similar_zh(
                    p, "same_surname_one_char" if len(p.given) == 2 else "same_surname"
                )
                a, va = (
                    pinyin_form(p, self.r, tone=False)
                    if self.r.random() < 0.5
                    else (hanzi(p), "hanzi")
                )
                b, vb = pinyin_form(q, self.r, tone=False)
                variant = f"{va}|{vb}"
            self.neg(cat, p, a, q, b, variant)

    def identifier_conflict(self, n: int) -> None:
        cat = "identifier_conflict"
        for _i in range(n):
            p = self.common_person() if self.r.random() < 0.5 else self.g.any()
            q = replace(p, uid=self.g._next(), id_number=self.g._id(p.nationality))
            m = self.r.choices(["none", "one", "year"], [50, 30, 20])[0]
            ea: dict[str, Any] = {"idn": True, "nat": True}
            eb: dict[str, Any] = {"idn": True, "nat": self.r.random() < 0.5}
            if m == "one":
                ea["dob"] = "full"
            elif m == "year":
                ea["dob"], eb["dob"] = "full", "year"
            a, va = self.render_any(p, False)
            b, vb = self.render_any(q, self.r.random() < 0.5)
            self.add(
                cat, f"{p.culture}|{va}|{vb}|dob-{m}", rec_with(a, p, ea), rec_with(b, q, eb), 0
            )

    def unrelated(self, n: int) -> None:
        cat = "unrelated"
        for _ in range(n):
            p, q = self.g.any(), self.g.any()
            if not names_disjoint(p, q):
                continue
            a, va = self.render_any(p, self.r.random() < 0.5)
            b, vb = self.render_any(q, self.r.random() < 0.5)
            self.neg(cat, p, a, q, b, f"{p.culture}/{q.culture}")


PAIR_PLAN: list[tuple[str, tuple[int, ...]]] = [
    ("hanzi_vs_pinyin", (600, 200)),
    ("simplified_vs_traditional", (300, 100)),
    ("wade_giles_cat", (300, 100)),
    ("cantonese", (350, 120)),
    ("heteronym_surnames", (300, 150)),
    ("compound_surnames", (250, 100)),
    ("english_variants", (600, 240)),
    ("cyrillic", (400, 140)),
    ("arabic", (400, 140)),
    ("same_surname_other_person", (300,)),
    ("common_name_other_birth_date", (300,)),
    ("common_name_other_given", (250,)),
    ("identifier_conflict", (200,)),
    ("unrelated", (300,)),
]


def make_pairs(seed: int = SEED) -> list[Pair]:
    pm = PairMaker(seed)
    for meth, args in PAIR_PLAN:
        getattr(pm, meth)(*args)
    # stable, category-prefixed ids
    counters: Counter[str] = Counter()
    for pair in pm.out:
        counters[pair["category"]] += 1
        pair["id"] = f"{pair['category']}-{counters[pair['category']]:04d}"
    return pm.out


# --------------------------------------------------------------------------------------------- screening


def list_entry(p: Person, eid: str, r: random.Random) -> dict[str, Any]:
    aliases: list[str] = []
    if p.culture == "zh":
        x = r.random()
        trad = p.nationality in ("HK", "TW", "MO")
        hz = hanzi(p, "hk" if p.nationality == "HK" else "tw") if trad else hanzi(p)
        if p.nationality == "HK":
            rom = canto_form(p, r, english_name=False)[0]
        elif p.nationality == "TW" and r.random() < 0.5:
            rom = wg_form(p, r)[0]
        else:
            rom = pinyin_form(p, r, tone=False)[0]
        if x < 0.5:
            name, aliases = hz, [rom]
        elif x < 0.75:
            name, aliases = rom, [hz]
        elif x < 0.9:
            name = hz
        else:
            name = rom
    elif p.culture == "ru":
        x = r.random()
        lat = ru_form(p, r, system=r.choice(["icao", "bgn_pcgn"]))[0]
        cyr = f"{p.surname} {p.given} {p.middle}"
        name, aliases = (lat, [cyr]) if x < 0.5 else (cyr, [lat]) if x < 0.8 else (lat, [])
    elif p.culture == "ar":
        x = r.random()
        lat = ar_form(p, r)[0]
        ara = f"{p.given} {p.middle} {p.surname}"
        name, aliases = (lat, [ara]) if x < 0.5 else (ara, [lat]) if x < 0.8 else (lat, [])
    else:
        name = en_canonical(p)
        nick = (
            T.en["given_male" if p.gender == "male" else "given_female"][p.given].get("nick") or []
        )
        if nick and r.random() < 0.2:
            aliases = [f"{r.choice(nick)} {p.en_last}"]
    e: dict[str, Any] = {"id": eid, "name": name}
    if aliases:
        e["aliases"] = aliases
    if r.random() < 0.85:
        e["birth_date"] = p.birth_date if r.random() < 0.7 else p.birth_date[:4]
    if r.random() < 0.85:
        e["nationality"] = p.nationality
    if r.random() < 0.7:
        e["gender"] = p.gender
    if r.random() < 0.3:
        e["id_number"] = p.id_number
    return e


def list_persons(n: int, seed: int) -> Iterator[Person]:
    g = Gen(seed)
    for _ in range(n):
        yield g.any()


def screening_list(n: int, seed: int = SEED + 1) -> Iterator[tuple[Person, dict[str, Any]]]:
    r = random.Random(seed + 7)
    width = max(6, len(str(n)))
    for i, p in enumerate(list_persons(n, seed)):
        yield p, list_entry(p, f"E{i + 1:0{width}d}", r)


def query_form(p: Person, entry: dict[str, Any], r: random.Random) -> tuple[str, str]:
    """The person written in another form than the list entry."""
    if p.culture == "zh":
        has_hz = any(
            any("\u4e00" <= c <= "\u9fff" for c in s)
            for s in [entry["name"], *entry.get("aliases", [])]
        )
        opts: list[Callable[[], tuple[str, str]]] = [
            lambda: pinyin_form(p, r),
            lambda: wg_form(p, r),
            lambda: canto_form(p, r),
        ]
        if has_hz:
            opts.append(lambda: (hanzi(p, "traditional"), "hanzi-traditional"))
        else:
            opts += [lambda: (hanzi(p), "hanzi"), lambda: (hanzi(p), "hanzi")]
        w = [40, 15, 15] + [30] * (len(opts) - 3)
        if p.nationality == "HK":
            w[2] = 40
        return r.choices(opts, w)[0]()
    if p.culture == "ru":
        return ru_form(
            p,
            r,
            latin=r.random() < 0.7,
            system=r.choice(["scientific", "german", "french", "conventional", "bgn_pcgn"]),
        )
    if p.culture == "ar":
        return ar_form(p, r, latin=r.random() < 0.7)
    return en_form(p, r)


def query_record(
    name: str, p: Person, r: random.Random, *, dob_full: bool = False
) -> dict[str, Any]:
    rec: dict[str, Any] = {"name": name}
    x = r.random()
    if dob_full:
        rec["birth_date"] = p.birth_date if r.random() < 0.7 else p.birth_date[:4]
    elif x < 0.6:
        rec["birth_date"] = p.birth_date if r.random() < 0.6 else p.birth_date[:4]
    if r.random() < 0.5:
        rec["nationality"] = p.nationality
    if r.random() < 0.4:
        rec["gender"] = p.gender
    return rec


def clean_render(pm: PairMaker, q: Person, r: random.Random) -> tuple[str, str]:
    """A form of q's name for a query that must match nobody: no initials, no nicknames (they could stand for
    another list entry's name)."""
    if q.culture == "en":
        return en_canonical(q), "english:canonical"
    for _ in range(50):
        name, v = pm.render_any(q, r.random() < 0.5)
        if "initials" not in v and "english-name" not in v:
            return name, v
    return pm.render_any(q, False)


def make_screening(
    n_list: int = 10_000,
    n_true: int = 500,
    n_same_name: int = 150,
    n_fresh: int = 350,
    seed: int = SEED + 1,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    persons: list[Person] = []
    entries: list[dict[str, Any]] = []
    for p, e in screening_list(n_list, seed):
        persons.append(p)
        entries.append(e)
    key_index: dict[str, list[int]] = {}
    for i, p in enumerate(persons):
        for k in keys_of(p):
            if not k.startswith("hz:"):
                key_index.setdefault(k, []).append(i)
    r = random.Random(seed + 99)
    queries: list[dict[str, Any]] = []
    # true subjects, written in another form
    for _j, i in enumerate(r.sample(range(n_list), n_true)):
        name, v = query_form(persons[i], entries[i], r)
        queries.append(
            {
                "id": f"Q{len(queries) + 1:04d}",
                "kind": "true_subject",
                "variant": v,
                "record": query_record(name, persons[i], r),
                "expected": entries[i]["id"],
            }
        )
    # same name as list entries, another birth date: every same-name entry carries a birth date of another year
    g = Gen(seed + 1234)
    pm = PairMaker(seed + 4321)
    pm.g = g
    pm.r = r
    done = 0
    tries = 0
    while done < n_same_name and tries < 100_000:
        tries += 1
        i = r.randrange(n_list)
        p = persons[i]
        coll = {j for k in keys_of(p) if not k.startswith("hz:") for j in key_index.get(k, [])}
        if any("birth_date" not in entries[j] for j in coll):
            continue
        years = {entries[j]["birth_date"][:4] for j in coll}
        q = pm.clone(p)
        if q.birth_date[:4] in years:
            continue
        name, v = clean_render(pm, q, r)
        rec = query_record(name, q, r, dob_full=True)
        queries.append(
            {
                "id": f"Q{len(queries) + 1:04d}",
                "kind": "same_name_other_birth_date",
                "variant": v,
                "record": rec,
                "expected": None,
                "same_name_entries": sorted(entries[j]["id"] for j in coll),
            }
        )
        done += 1
    # fresh people whose names are in no list entry
    done = 0
    while done < n_fresh:
        q = g.any()
        if any(k in key_index for k in keys_of(q) if not k.startswith("hz:")):
            continue
        name, v = clean_render(pm, q, r)
        queries.append(
            {
                "id": f"Q{len(queries) + 1:04d}",
                "kind": "clean",
                "variant": v,
                "record": query_record(name, q, r),
                "expected": None,
            }
        )
        done += 1
    return entries, queries


# --------------------------------------------------------------------------------------------- main


def _compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """No field of the two records contradicts the other (birth dates compared on their common precision)."""
    da, db = a.get("birth_date"), b.get("birth_date")
    if da and db and not (da.startswith(db) or db.startswith(da)):
        return False
    return all(
        a.get(k) is None or b.get(k) is None or a[k] == b[k]
        for k in ("nationality", "gender", "id_number")
    )


def check(pairs: list[Pair], entries: list[dict[str, Any]], queries: list[dict[str, Any]]) -> None:
    """Invariants of the construction; the generator refuses to write a set that breaks one."""
    assert len({p["id"] for p in pairs}) == len(pairs), "duplicate pair ids"
    for p in pairs:
        for rec in (p["a"], p["b"]):
            assert rec["name"].strip(), p["id"]
            bd = rec.get("birth_date")
            assert bd is None or (
                len(bd) in (4, 7, 10) and date.fromisoformat((bd + "-01-01")[:10])
            ), p["id"]
        if p["label"] == 1:
            assert _compatible(p["a"], p["b"]), f"positive with contradicting fields: {p['id']}"
        elif p["a"]["name"] == p["b"]["name"]:
            assert not _compatible(p["a"], p["b"]) or (
                p["a"].get("id_number")
                and p["b"].get("id_number")
                and p["a"]["id_number"] != p["b"]["id_number"]
            ), f"negative that nothing tells apart: {p['id']}"
    ids = {e["id"]: e for e in entries}
    assert len(ids) == len(entries), "duplicate entry ids"
    for q in queries:
        if q["expected"]:
            assert q["expected"] in ids and _compatible(q["record"], ids[q["expected"]]), q["id"]
        for eid in q.get("same_name_entries", []):
            assert ids[eid]["birth_date"][:4] != q["record"]["birth_date"][:4], q["id"]


def write_jsonl(path: Path, rows: list[dict[str, Any]] | Iterator[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--list", type=int, help="only write an N-entry screening list to --out")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--seed", type=int, default=SEED + 1)
    args = ap.parse_args()
    if args.list:
        if not args.out:
            ap.error("--list needs --out")
        write_jsonl(args.out, (e for _, e in screening_list(args.list, args.seed)))
        return
    DATA.mkdir(parents=True, exist_ok=True)
    pairs = make_pairs()
    write_jsonl(DATA / "pairs.jsonl", pairs)
    entries, queries = make_screening()
    check(pairs, entries, queries)
    write_jsonl(DATA / "screening_list.jsonl", entries)
    write_jsonl(DATA / "screening_queries.jsonl", queries)
    stats: dict[str, Any] = {"pairs": len(pairs), "categories": {}}
    for p in pairs:
        c = stats["categories"].setdefault(p["category"], {"positive": 0, "negative": 0})
        c["positive" if p["label"] else "negative"] += 1
    stats["screening_list"] = len(entries)
    stats["screening_queries"] = dict(Counter(q["kind"] for q in queries))
    (DATA / "stats.json").write_text(
        json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(json.dumps(stats, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
