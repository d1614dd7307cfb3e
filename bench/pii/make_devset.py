#!/usr/bin/env python3
# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""Generate lawbridge's labelled PII dev set (issue 4) — deterministic for a seed, invented data only.

  python bench/pii/make_devset.py [--seed N] [--out FILE.jsonl] [--n 1500] [--n-styles 500]

Each output line: {"id", "lang": "en"|"zh"|"mixed", "kind", "text", "spans": [{"start","end","type"}]}
with Python character offsets (end exclusive) following bench/pii/LABELS.md.

A document is assembled piece by piece from the templates in templates.py: every labelled value is
appended through ``Doc.e`` which records its span at the moment it is written, so labels come from
construction, never from a detector. Nothing here imports lawbridge.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
import sys
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import devset_entities as G  # noqa: E402
import devset_styles as S  # noqa: E402
import devset_templates as T  # noqa: E402
import devset_words as W  # noqa: E402

SEED = 20261127
N_DOCS = 1500
#: Documents of the second part (devset_styles.py: harder PERSON and BANK_ACCOUNT styles), drawn
#: from their own random stream so the first part's 1,500 documents stay as they were.
N_STYLES = 500
LANG_SHARE = (("zh", 0.40), ("en", 0.34), ("mixed", 0.26))
KIND_SHARE = (
    ("chat", 0.2),
    ("ticket", 0.18),
    ("form", 0.16),
    ("json", 0.16),
    ("log", 0.14),
    ("news", 0.16),
)

TYPE_OF = {
    "P": "PERSON", "E": "EMAIL", "PH": "PHONE", "ID": "CN_RESIDENT_ID", "CC": "CREDIT_CARD",
    "SSN": "US_SSN", "IP": "IP_ADDRESS", "IBAN": "IBAN", "PP": "PASSPORT", "BA": "BANK_ACCOUNT",
    "PLATE": "CN_LICENSE_PLATE", "DOB": "DATE_OF_BIRTH", "ADDR": "ADDRESS",
}  # fmt: skip
SLOT = re.compile(r"\{(~?[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?)\}")


class Doc:
    """A document under construction: text pieces and the spans of the labelled ones."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        self.lang = lang
        self.parts: list[str] = []
        self.spans: list[dict[str, Any]] = []
        self.n = 0
        self.zh: G.ZhPerson | None = None
        self.en: G.EnPerson | None = None

    def t(self, s: str) -> None:
        self.parts.append(s)
        self.n += len(s)

    def e(self, s: str, typ: str) -> None:
        assert s and s == s.strip(), repr(s)
        self.spans.append({"start": self.n, "end": self.n + len(s), "type": typ})
        self.t(s)

    def fill(self, template: str) -> None:
        pos = 0
        for m in SLOT.finditer(template):
            self.t(template[pos : m.start()])
            self.slot(m.group(1))
            pos = m.end()
        self.t(template[pos:])

    def slot(self, key: str) -> None:
        if key.startswith("~"):
            self.t(FILLERS[key[1:]](self))
            return
        head = key.split(".")[0]
        self.e(VALUES[key](self), TYPE_OF[head])

    @property
    def text(self) -> str:
        return "".join(self.parts)

    # ---- people within a document
    def new_zh(self) -> G.ZhPerson:
        self.zh = G.zh_person(self.rng)
        return self.zh

    def new_en(self) -> G.EnPerson:
        self.en = G.en_person(self.rng)
        return self.en

    def pick(self, zh: str, en: str) -> str:
        """A slot key for this document's language (mixed: either)."""
        if self.lang == "zh":
            return zh
        if self.lang == "en":
            return en
        return self.rng.choice([zh, en])


# --------------------------------------------------------------------------------------------- values


def _email_zh(d: Doc) -> str:
    p = d.zh or d.new_zh()
    given = "".join(p.given_py)
    parts = d.rng.choice([[p.surname_py, given], [given, p.surname_py], [p.surname_py + given[0]]])
    return G.email_for(d.rng, parts, W.EMAIL_DOMAINS_CN)


def _email_en(d: Doc) -> str:
    p = d.en or d.new_en()
    parts = d.rng.choice([[p.first, p.last], [p.first[0] + p.last], [p.first, p.middle[0], p.last]])
    return G.email_for(d.rng, parts, W.EMAIL_DOMAINS_EN)


def _iso_dob(d: Doc) -> str:
    b = G.birth_date(d.rng)
    return d.rng.choice([b.isoformat(), b.strftime("%Y/%m/%d"), b.strftime("%Y%m%d")])


VALUES: dict[str, Callable[[Doc], str]] = {
    "P.zh": lambda d: d.new_zh().hanzi,
    "P.py": lambda d: G.pinyin_name(d.rng, d.new_zh()),
    "P.pyl": lambda d: d.new_zh().surname_py,
    "P.en": lambda d: G.en_name(d.rng, d.new_en()),
    "P.last": lambda d: d.new_en().last,
    "P.any": lambda d: VALUES[d.pick("P.zh", d.rng.choice(["P.en", "P.en", "P.py"]))](d),
    "E.zh": _email_zh,
    "E.py": _email_zh,
    "E.en": _email_en,
    "E.any": lambda d: VALUES[d.pick("E.zh", "E.en")](d),
    "PH.cn": lambda d: G.cn_mobile(d.rng),
    "PH.cnl": lambda d: G.cn_landline(d.rng),
    "PH.any_cn": lambda d: G.cn_mobile(d.rng) if d.rng.random() < 0.6 else G.cn_landline(d.rng),
    "PH.us": lambda d: G.us_phone(d.rng),
    "PH.any": lambda d: VALUES[d.pick("PH.any_cn", "PH.us")](d),
    "ID": lambda d: G.resident_id(d.rng),
    "ID.15": lambda d: G.resident_id_15(d.rng),
    "CC": lambda d: G.card_number(d.rng),
    "CC.visa": lambda d: G.card_number(d.rng, "visa"),
    "SSN.dash": lambda d: G.ssn(d.rng, "-"),
    "SSN.bare": lambda d: G.ssn(d.rng, ""),
    "SSN.any": lambda d: G.ssn(d.rng, d.rng.choice(["-", "-", " ", ""])),
    "IP.4": lambda d: G.ipv4(d.rng),
    "IP.6": lambda d: G.ipv6(d.rng),
    "IP.any": lambda d: G.ipv4(d.rng) if d.rng.random() < 0.7 else G.ipv6(d.rng),
    "IBAN": lambda d: G.iban(d.rng),
    "PP.cn": lambda d: G.passport_cn(d.rng),
    "PP.us": lambda d: G.passport_us(d.rng),
    "BA": lambda d: G.bank_account(d.rng),
    "BA.debit": lambda d: G.debit_card(d.rng),
    "PLATE": lambda d: G.plate(d.rng),
    "DOB.zh": lambda d: G.zh_date(d.rng, G.birth_date(d.rng)),
    "DOB.en": lambda d: G.en_date(d.rng, G.birth_date(d.rng)),
    "DOB.iso": _iso_dob,
    "ADDR.zh": lambda d: G.zh_address(d.rng),
    "ADDR.us": lambda d: G.us_address(d.rng, zip_code=d.rng.random() < 0.8),
    "ADDR.us1": lambda d: G.us_address(d.rng).replace("\n", ", "),
    "ADDR.any1": lambda d: VALUES[d.pick("ADDR.zh", "ADDR.us1")](d),
}

# --------------------------------------------------------------------------------------------- fillers


def _no_luhn(rng: random.Random, s: str) -> str:
    """Make an all-digit filler Luhn-invalid (and, at 18 digits, GB 11643-invalid)."""
    while G.luhn_ok(s) or (len(s) == 18 and G.gb11643_check(s[:17]) == s[17]):
        s = s[:-1] + rng.choice(string.digits)
    return s


def _order(d: Doc) -> str:
    r = d.rng
    day = _when(r)
    kind = r.randrange(5)
    if kind == 0:
        return "DD" + day.strftime("%Y%m%d") + G.digits(r, 6)
    if kind == 1:
        return _no_luhn(r, day.strftime("%Y%m%d") + G.digits(r, r.choice([8, 10, 11])))
    if kind == 2:
        return _no_luhn(r, r.choice("79") + G.digits(r, r.choice([11, 15, 18])))
    if kind == 3:
        return f"PO-{day.year}-{G.digits(r, 6)}"
    return f"{day.strftime('%y%m%d')}-{G.digits(r, 6)}"


def _tracking(d: Doc) -> str:
    r = d.rng
    return r.choice(
        [f"SF{G.digits(r, 13)}", f"YT{G.digits(r, 13)}", f"JD00{G.digits(r, 11)}",
         "1Z" + "".join(r.choice(string.ascii_uppercase + string.digits) for _ in range(6)) + G.digits(r, 10),
         _no_luhn(r, "7" + G.digits(r, 13))]
    )  # fmt: skip


def _when(rng: random.Random) -> datetime:
    start = datetime(2019, 1, 1)
    return start + timedelta(seconds=rng.randrange(7 * 365 * 86400))


def _ts(d: Doc) -> str:
    t = _when(d.rng)
    return d.rng.choice(
        [t.strftime("%Y-%m-%d %H:%M:%S"), t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.rng.randint(0, 999):03d}Z",
         t.strftime("%Y/%m/%d %H:%M:%S"), t.strftime("[%Y-%m-%d %H:%M:%S,") + f"{d.rng.randint(0, 999):03d}]",
         t.strftime("%Y%m%d%H%M%S")]
    )  # fmt: skip


def _version(d: Doc, quad: bool = False) -> str:
    """A version string; a bare dotted quad only with ``quad`` (templates that put a version word —
    版本, App, release, version — right before it, LABELS.md clarifications)."""
    r = d.rng
    a, b, c, e = r.randint(1, 12), r.randint(0, 30), r.randint(0, 40), r.randint(0, 200)
    if quad and r.random() < 0.5:
        return f"{a}.{b}.{c}.{e}"
    return r.choice(
        [f"v{a}.{b}.{c}.{e}", f"{a}.{b}.{c}", f"v{a}.{b}.{c}", f"v10.0.{r.randint(10000, 22631)}",
         f"10.0.{r.randint(10000, 22631)}.{r.randint(256, 5000)}", f"{a}.{b}.{c}-beta.{r.randint(1, 9)}"]
    )  # fmt: skip


def _sku(d: Doc) -> str:
    r = d.rng
    up = string.ascii_uppercase
    return r.choice(
        [f"SKU-{G.digits(r, 5)}-{r.choice(['BLK', 'WHT', 'RED', 'XL'])}", f"{r.choice(up)}{r.choice(up)}-{G.digits(r, 4)}{r.choice(up)}",
         f"A{G.digits(r, 4)}", f"MBP-{r.randint(2019, 2026)}-{r.choice(['13', '14', '16'])}"]
    )  # fmt: skip


def _routing(d: Doc) -> str:
    while True:
        n = G.digits(d.rng, 9, "0123")
        if sum(int(c) * w for c, w in zip(n, (3, 7, 1) * 3, strict=True)) % 10 == 0:
            return n


def _money_zh(d: Doc) -> str:
    v = d.rng.randint(5, 90000)
    return d.rng.choice([f"¥{v:,}.00", f"{v}元", f"人民币{v}元", f"{v / 10000:.1f}万元"])


def _money_en(d: Doc) -> str:
    v = d.rng.randint(5, 90000)
    return d.rng.choice([f"${v:,}.{d.rng.randint(0, 99):02d}", f"USD {v}.00", f"${v}"])


def _date(d: Doc, style: str) -> str:
    day = _when(d.rng).date()
    if style == "zh":
        return G.zh_date(d.rng, day)
    if style == "en":
        return G.en_date(d.rng, day)
    return day.isoformat()


def _badiban(d: Doc) -> str:
    return G.iban(d.rng, valid=False)


def _surtitle(d: Doc) -> str:
    return d.rng.choice(list(W.ZH_SURNAMES)) + d.rng.choice(W.ZH_TITLES)


def _district(d: Doc) -> str:
    prov, city, districts = d.rng.choice(W.ZH_PLACES)
    return city + d.rng.choice(districts)


def _uuid(d: Doc) -> str:
    h = "".join(d.rng.choice("0123456789abcdef") for _ in range(32))
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


FILLERS: dict[str, Callable[[Doc], str]] = {
    "order": _order,
    "tracking": _tracking,
    "ticket": lambda d: d.rng.choice(["#", "TK-2024-", "INC00"]) + G.digits(d.rng, 5),
    "invoice": lambda d: f"INV-{d.rng.randint(2019, 2026)}-{G.digits(d.rng, 6)}",
    "ts": _ts,
    "clf": lambda d: _when(d.rng).strftime("%d/%b/%Y:%H:%M:%S +0800"),
    "date.zh": lambda d: _date(d, "zh"),
    "date.en": lambda d: _date(d, "en"),
    "date.iso": lambda d: _date(d, "iso"),
    "version": _version,
    "version4": lambda d: _version(d, quad=True),
    "badcard": lambda d: G.card_number(d.rng, valid=False),
    "badid": lambda d: G.resident_id(d.rng, valid=False),
    "badiban": _badiban,
    "sku": _sku,
    "nine": lambda d: G.digits(d.rng, 9, "123456789"),
    "money.zh": _money_zh,
    "money.en": _money_en,
    "num": lambda d: str(d.rng.randint(1, 3000)),
    "temp": lambda d: str(d.rng.randint(-5, 39)),
    "agenum": lambda d: str(d.rng.randint(19, 80)),
    "age": lambda d: f"{d.rng.randint(18, 80)}岁",
    "pct": lambda d: f"{d.rng.randint(1, 40)}.{d.rng.randint(0, 9)}%",
    "last4": lambda d: G.digits(d.rng, 4),
    "routing": _routing,
    "empid": lambda d: f"E-{G.digits(d.rng, 5)}",
    "room": lambda d: f"{d.rng.randint(1, 30)}0{d.rng.randint(1, 9)}会议室",
    "roomnum": lambda d: f"{d.rng.randint(1, 30)}0{d.rng.randint(1, 9)}",
    "city.zh": lambda d: d.rng.choice(W.ZH_CITIES),
    "city.en": lambda d: d.rng.choice(W.EN_PLACES),
    "district": _district,
    "place": lambda d: d.rng.choice(W.ZH_PLACE_WORDS),
    "brand": lambda d: d.rng.choice(W.ZH_BRANDS),
    "surtitle.zh": _surtitle,
    "anon.zh": lambda d: d.rng.choice(list(W.ZH_SURNAMES)) + d.rng.choice(["某", "某某"]),
    "title.en": lambda d: d.rng.choice(W.EN_TITLES),
    "gender.zh": lambda d: d.rng.choice("男女"),
    "degree.zh": lambda d: d.rng.choice(["本科", "硕士研究生", "大专", "博士"]),
    "bank.zh": lambda d: (
        d.rng.choice(["中国工商银行", "招商银行", "中国建设银行", "交通银行"])
        + d.rng.choice(["北京分行", "深圳科技园支行", "杭州西湖支行", "营业部"])
    ),
    "uuid": _uuid,
    "status": lambda d: d.rng.choice(["paid", "shipped", "已发货", "待付款", "refunded"]),
}

NEG_ZH = (
    "订单{~order}已于{~ts}发货。",
    "本次更新至{~version}版本。",
    "会议定于{~date.zh}在{~room}召开。",
    "{~brand}新品{~date.zh}上市，售价{~money.zh}。",
    "我们就在{~place}附近。",
    "发票号{~invoice}，金额{~money.zh}。",
    "商品编码{~sku}，库存{~num}件。",
    "身份证号{~badid}校验失败，请重新输入。",
    "{~district}今日最高气温{~temp}度。",
    "{~surtitle.zh}说明天再来。",
    "参考编号{~nine}，请妥善保存。",
    "信用卡号{~badcard}校验失败。",
)
NEG_EN = (
    "Order {~order} shipped on {~date.en}.",
    "We updated to {~version} last night.",
    "The meeting is on {~date.en} in room {~roomnum}.",
    "Invoice {~invoice} totals {~money.en}.",
    "SKU {~sku} is back in stock.",
    "Reference number {~nine}.",
    "Card {~badcard} was rejected by the processor.",
    "The server restarted at {~ts}.",
    "IBAN {~badiban} failed validation.",
    "Call extension {~num} for the front desk.",
)

# --------------------------------------------------------------------------------------------- kinds


def pool(d: Doc, zh: tuple[str, ...], en: tuple[str, ...]) -> tuple[str, ...]:
    if d.lang == "zh":
        return zh
    if d.lang == "en":
        return en
    return zh + en + T.MIXED + T.MIXED


def sentences(d: Doc, zh: tuple[str, ...], en: tuple[str, ...], k: int, sep: str) -> None:
    items = pool(d, zh, en)
    chosen = [d.rng.choice(items) for _ in range(k)]
    if d.lang == "mixed" and not any(s in T.MIXED for s in chosen):
        chosen[0] = d.rng.choice(T.MIXED)
    for i, s in enumerate(chosen):
        if i:
            d.t(sep if d.lang == "en" or not _is_zh(chosen[i - 1]) else "")
        d.fill(s)


def _is_zh(template: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", template[-3:]))


def maybe_negative(d: Doc, sep: str) -> None:
    if d.rng.random() < 0.45:
        d.t(sep)
        negs = {"zh": NEG_ZH, "en": NEG_EN}.get(d.lang, NEG_ZH + NEG_EN)
        d.fill(d.rng.choice(negs))


def speaker(d: Doc) -> tuple[str, str | None]:
    """A chat participant: (text, type or None for an unlabelled role)."""
    r = d.rng.random()
    if r < 0.2:
        return (d.rng.choice(["客服", "客服小助手", "Agent", "Support", "系统消息"]), None)
    if d.lang == "zh" or (d.lang == "mixed" and r < 0.6):
        return (d.new_zh().hanzi if r < 0.9 else G.pinyin_name(d.rng, d.new_zh()), "PERSON")
    return (G.en_name(d.rng, d.new_en()), "PERSON")


def kind_chat(d: Doc) -> None:
    people = [speaker(d), speaker(d)]
    t = _when(d.rng)
    colon = "：" if d.lang == "zh" else ": "
    for i in range(d.rng.randint(2, 4)):
        if i:
            d.t("\n")
        name, typ = people[i % 2]
        t += timedelta(seconds=d.rng.randint(5, 400))
        d.t(f"[{t:%H:%M}] " if d.rng.random() < 0.7 else "")
        d.e(name, typ) if typ else d.t(name)
        d.t(colon)
        sentences(d, T.ZH_CHAT, T.EN_CHAT, 1, " ")


def fields(d: Doc, table: tuple[tuple[str, str], ...], k: int) -> None:
    first, rest = table[0], list(table[1:])
    chosen = [first, *d.rng.sample(rest, min(k, len(rest)))]
    style = d.rng.randrange(4)
    for i, (label, slot) in enumerate(chosen):
        if i:
            d.t("\n")
        if style == 3:
            d.t(f"| {label} | ")
        else:
            d.t(label + [": " if d.lang == "en" or label.isascii() else "：", ": ", "\t"][style])
        d.fill(slot)
        if style == 3:
            d.t(" |")


def kind_ticket(d: Doc) -> None:
    zh = d.lang == "zh" or (d.lang == "mixed" and d.rng.random() < 0.5)
    head = "工单" if zh else "Ticket"
    d.fill(f"{head} {{~ticket}} | {{~ts}}\n")
    fields(d, T.ZH_TICKET_FIELDS if zh else T.EN_TICKET_FIELDS, d.rng.randint(2, 5))
    d.t("\n问题描述：" if zh else "\nDescription: ")
    desc: tuple[str, ...] = T.ZH_TICKET_DESC if zh else T.EN_TICKET_DESC
    if d.lang == "mixed":
        desc = desc + T.MIXED
    for i in range(d.rng.randint(1, 2)):
        d.t(" " if i and not zh else "")
        d.fill(d.rng.choice(desc))


def kind_form(d: Doc) -> None:
    zh = d.lang == "zh" or (d.lang == "mixed" and d.rng.random() < 0.5)
    d.t(
        d.rng.choice(["个人信息登记表\n", "入职信息表\n", "开户申请\n", ""])
        if zh
        else d.rng.choice(["APPLICATION FORM\n", "New customer\n", ""])
    )
    fields(d, T.ZH_FORM_FIELDS if zh else T.EN_FORM_FIELDS, d.rng.randint(3, 8))
    if d.lang == "mixed":
        d.t("\n备注 / Notes: ")
        d.fill(d.rng.choice(T.MIXED))


def kind_json(d: Doc) -> None:
    zh_keys = d.lang == "zh" and d.rng.random() < 0.5
    pretty = d.rng.random() < 0.3
    for rec in range(d.rng.choice([1, 1, 2, 3])):
        if rec:
            d.t("\n")
        chosen = d.rng.sample(T.JSON_FIELDS[1:], d.rng.randint(3, 6))
        if d.rng.random() < 0.75:
            chosen.insert(0, T.JSON_FIELDS[0])
        d.t("{\n  " if pretty else "{")
        for i, (slot, en_key, zh_key) in enumerate(chosen):
            if i:
                d.t(",\n  " if pretty else ", ")
            d.t(json.dumps(zh_key if zh_keys else en_key, ensure_ascii=False) + ": ")
            if slot == "{~num}":
                d.fill(slot)
            else:
                d.t('"')
                d.fill(slot)
                d.t('"')
        d.t("\n}" if pretty else "}")


def kind_log(d: Doc) -> None:
    for i in range(d.rng.randint(2, 5)):
        if i:
            d.t("\n")
        sentences(d, T.ZH_LOG, T.EN_LOG, 1, "")


def kind_news(d: Doc) -> None:
    sentences(d, T.ZH_NEWS, T.EN_NEWS, d.rng.randint(2, 4), " ")
    maybe_negative(d, "" if d.lang == "zh" else " ")


KINDS: dict[str, Callable[[Doc], None]] = {
    "chat": kind_chat,
    "ticket": kind_ticket,
    "form": kind_form,
    "json": kind_json,
    "log": kind_log,
    "news": kind_news,
}


def weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def make_doc(rng: random.Random, i: int) -> dict[str, Any]:
    lang = weighted(rng, LANG_SHARE)
    kind = weighted(rng, KIND_SHARE)
    d = Doc(rng, lang)
    KINDS[kind](d)
    if kind in ("chat", "ticket"):
        maybe_negative(d, "\n")
    return {"id": f"pii-{i:05d}", "lang": lang, "kind": kind, "text": d.text, "spans": d.spans}


def make_style_doc(rng: random.Random, i: int) -> dict[str, Any]:
    kind, lang = S.pick_kind(rng)
    d = Doc(rng, lang)
    S.STYLE_KINDS[kind](d)
    return {"id": f"pii-{i:05d}", "lang": lang, "kind": kind, "text": d.text, "spans": d.spans}


def make_devset(
    seed: int = SEED, n: int = N_DOCS, n_styles: int = N_STYLES
) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    docs = [make_doc(rng, i) for i in range(n)]
    styles = random.Random(f"{seed}-styles")
    return docs + [make_style_doc(styles, n + i) for i in range(n_styles)]


def stats(docs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "documents": len(docs),
        "characters": sum(len(d["text"]) for d in docs),
        "by_lang": dict(Counter(d["lang"] for d in docs)),
        "by_kind": dict(Counter(d["kind"] for d in docs)),
        "spans_by_type": dict(sorted(Counter(s["type"] for d in docs for s in d["spans"]).items())),
        "documents_without_spans": sum(1 for d in docs if not d["spans"]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--n", type=int, default=N_DOCS, help="documents of the first part")
    ap.add_argument(
        "--n-styles", type=int, default=N_STYLES, help="documents of the second part (styles)"
    )
    ap.add_argument("--out", type=Path, default=HERE / "devset.jsonl")
    args = ap.parse_args()
    docs = make_devset(args.seed, args.n, args.n_styles)
    with args.out.open("w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(json.dumps(stats(docs), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
