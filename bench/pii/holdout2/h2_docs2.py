"""More document kinds of the second held-out set: JSON API logs, incident reports, travel bookings,
payroll CSV exports and ops/release notes (mostly hard negatives)."""

from __future__ import annotations

import random
from typing import Any

import h2_negatives as N
import h2_values as V
from h2_doc import Doc, L
from h2_docs import address, dob, email_of, person, phone

# ------------------------------------------------------------------ JSON API logs


def make_api_log(r: random.Random, lang: str) -> Doc:
    d = Doc(lang, "api_log")
    indent = None if r.random() < 0.7 else 2
    for _ in range(r.randint(1, 3)):
        who = person(r, lang)
        user: dict[str, Any] = {"id": r.randint(10000, 99999)}
        user[r.choice(["full_name", "displayName", "name", "customer_name"])] = who
        user[r.choice(["email", "emailAddress"])] = email_of(r, who)
        user[r.choice(["mobile", "phone", "tel"])] = phone(r, lang)
        x = r.random()
        if x < 0.25:
            user[r.choice(["dob", "dateOfBirth", "birth_date"])] = dob(
                r, "en" if lang == "en" else "zh"
            )
        elif x < 0.45:
            user["card_number"] = L(V.card(r), "CREDIT_CARD")
        elif x < 0.6 and lang != "en":
            user[r.choice(["id_card", "idNo"])] = L(V.resident_id(r), "CN_RESIDENT_ID")
        elif x < 0.72:
            user["iban"] = L(V.iban_text(r), "IBAN")
        elif x < 0.82 and lang == "en":
            user["ssn"] = L(V.ssn_text(r), "US_SSN")
        if r.random() < 0.3:
            user["shipping_address"] = address(r, lang)
        rec: dict[str, Any] = {
            "ts": N.timestamp(r),
            "level": r.choice(["INFO", "WARN", "DEBUG"]),
            "route": r.choice(
                ["/v2/users", "/api/orders/checkout", "/kyc/submit", "/account/profile"]
            ),
            "client_ip": L(V.ipv6(r) if r.random() < 0.25 else V.ipv4(r), "IP_ADDRESS"),
            "request_id": N.request_id(r),
            "app_version": N.version(r),
            "user": user,
        }
        if r.random() < 0.4:
            rec["order_id"] = N.order(r)
        if r.random() < 0.3:
            rec["rejected_card"] = N.bad_card(r)
        d.json_value(rec, indent)
        d.add("\n")
    return d


# ------------------------------------------------------------------ incident reports (zh)


def make_incident(r: random.Random, lang: str) -> Doc:
    d = Doc(lang, "incident")
    a, b = person(r, "zh"), person(r, "zh")
    d.put("接警记录 编号{k}\n报警时间：{ts}\n", k=N.ref9(r), ts=N.timestamp(r))
    d.put(
        "报警人{a}（身份证号{i}，联系电话{p}）称：",
        a=a,
        i=L(V.resident_id(r), "CN_RESIDENT_ID"),
        p=phone(r, "zh"),
    )
    d.put("其驾驶的{pl}小型轿车在{ad}门口被{pl2}追尾。", pl=L(V.plate(r), "CN_LICENSE_PLATE"),
          ad=L(V.zh_address(r), "ADDRESS"), pl2=L(V.plate(r), "CN_LICENSE_PLATE"))  # fmt: skip
    d.put(
        "对方驾驶人{b}，{y}出生，住{ad}。",
        b=b,
        y=L(V.dob_zh(V.birth(r), r), "DATE_OF_BIRTH"),
        ad=L(V.zh_address(r), "ADDRESS"),
    )
    if r.random() < 0.5:
        d.put("现场另有一张身份证复印件，号码{x}经核验无效。", x=N.bad_ric(r))
    if r.random() < 0.5:
        d.put("事发地点附近有{x}的广告牌。", x=N.name_like(r, "zh"))
    d.put("民警{c}到场处置，双方于{dt}达成和解。\n", c=person(r, "zh"), dt=N.date(r, "zh"))
    return d


# ------------------------------------------------------------------ travel bookings


def make_travel(r: random.Random, lang: str) -> Doc:
    d = Doc(lang, "travel")
    zh = lang == "mixed"
    who = person(r, lang)
    d.put("BOOKING CONFIRMATION {pnr}\nPassenger: {n}\n", pnr=N.sku(r), n=who)
    if zh:
        d.put("护照号 Passport No.: {p}\n", p=L(V.cn_passport(r), "PASSPORT"))
        d.put("出生日期 Date of birth: {b}\n", b=dob(r, "zh" if r.random() < 0.5 else "en"))
        d.put("联系电话 Contact: {p}\n", p=phone(r, "zh"))
    else:
        d.put(
            "Passport number: {p}\nDOB: {b}\nContact phone: {ph}\n",
            p=L(V.us_passport(r), "PASSPORT"),
            b=dob(r, "en"),
            ph=phone(r, "en"),
        )
    d.put("E-mail: {e}\n", e=email_of(r, who))
    d.put("Flight {f} departs {dt}; seat {s}. Baggage tag {t}.\n", f=f"MU{r.randint(100, 999)}", dt=N.timestamp(r),
          s=f"{r.randint(1, 60)}{r.choice('ABCDEF')}", t=N.ref9(r))  # fmt: skip
    if r.random() < 0.5:
        d.put(
            "Paid with card {c}; a previous attempt with {b} failed.\n",
            c=L(V.card(r), "CREDIT_CARD"),
            b=N.bad_card(r),
        )
    if r.random() < 0.4:
        d.put("Travel companion: {n}\n", n=person(r, lang))
    return d


# ------------------------------------------------------------------ payroll CSV exports


def make_csv(r: random.Random, lang: str) -> Doc:
    d = Doc(lang, "csv")
    sep = r.choice([",", ";", "\t"])
    if lang == "zh":
        cols = ["工号", "姓名", "身份证号", "手机", "出生日期", "工资卡号"]
    else:
        cols = ["employee_id", "full_name", "ssn", "phone", "dob", "bank_account"]
    d.add(sep.join(cols), "\n")
    for _ in range(r.randint(2, 5)):
        row = [
            N.ref9(r),
            person(r, lang),
            L(V.resident_id(r), "CN_RESIDENT_ID") if lang == "zh" else L(V.ssn_text(r), "US_SSN"),
            phone(r, "zh" if lang == "zh" else "en"),
            dob(r, lang),
            L(V.account(r).replace(" ", ""), "BANK_ACCOUNT"),
        ]
        for i, cell in enumerate(row):
            d.add(sep if i else "", cell)
        d.add("\n")
    return d


# ------------------------------------------------------------------ ops / release notes (mostly negatives)


def make_notes(r: random.Random, lang: str) -> Doc:
    d = Doc(lang, "notes")
    if lang == "zh":
        d.put("发布说明 版本{v}（构建号{b}）\n", v=N.version(r), b=N.oid(r))
        d.put(
            "- 修复了{x}页面在{dt}之后无法加载的问题，感谢{y}团队。\n",
            x=N.name_like(r, "zh"),
            dt=N.date(r, "zh"),
            y=N.name_like(r, "zh"),
        )
        d.put(
            "- 订单{o}、运单{t}的状态同步延迟已解决；测试卡号{c}被正确拒绝。\n",
            o=N.order(r),
            t=N.tracking(r),
            c=N.bad_card(r),
        )
        d.put(
            "- 灰度服务器 {ip}，负责人{n}，值班电话{p}。\n",
            ip=L(V.ipv4(r), "IP_ADDRESS"),
            n=person(r, "zh"),
            p=phone(r, "zh"),
        )
        d.put("- 流水号{f}、时间戳{ts}不再写入日志。\n", f=N.bad_ric(r), ts=N.timestamp(r))
        return d
    d.put("Release notes {v} (build {b})\n", v=N.version(r), b=N.oid(r))
    d.put(
        "- Fixed checkout crash for {x} customers since {dt}.\n",
        x=N.name_like(r, "en"),
        dt=N.date(r, "en"),
    )
    d.put(
        "- Test card {c} is now rejected; IBAN {i} fails mod-97 as expected.\n",
        c=N.bad_card(r),
        i=N.bad_iban(r),
    )
    d.put("- Order {o} / shipment {t} reconciled; SKU {s} restocked ({a}).\n", o=N.order(r), t=N.tracking(r), s=N.sku(r),
          a=N.amount(r, "en"))  # fmt: skip
    d.put("- Canary host {ip} ({ip6}); on call: {n}, {p}.\n", ip=L(V.ipv4(r), "IP_ADDRESS"), ip6=L(V.ipv6(r), "IP_ADDRESS"),
          n=person(r, lang), p=phone(r, "en" if lang == "en" else "zh"))  # fmt: skip
    d.put("- Trace {q} at {ts}; ticket {k}.\n", q=N.request_id(r), ts=N.timestamp(r), k=N.ref9(r))
    return d
