"""Document kinds of the second held-out set. Each ``make_<kind>(r, lang)`` returns a ``Doc``.

Kinds: e-mails with signatures, HR forms, customer-service chats (zh, en, code-switching), shipping
labels, bank statements, JSON API logs, incident reports, travel bookings, payroll CSV exports and
ops/release notes that are mostly hard negatives.
"""

from __future__ import annotations

import random

import h2_negatives as N
import h2_values as V
import h2_words as W
from h2_doc import Doc, L


def person(r: random.Random, lang: str) -> L:
    if lang == "zh":
        return L(V.zh_name(r), "PERSON")
    if lang == "en":
        return L(V.en_name(r), "PERSON")
    x = r.random()
    text = (
        V.zh_name(r)
        if x < 0.45
        else V.pinyin_name(r)
        if x < 0.7
        else V.intl_chinese(r)
        if x < 0.8
        else V.en_name(r)
    )
    return L(text, "PERSON")


def phone(r: random.Random, lang: str) -> L:
    if lang == "en":
        return L(V.us_phone(r), "PHONE")
    return L(V.cn_landline(r) if r.random() < 0.2 else V.cn_mobile(r), "PHONE")


def address(r: random.Random, lang: str, multiline: bool = False) -> L:
    if lang == "en" or (lang == "mixed" and r.random() < 0.3):
        sep = "\n" if multiline else ", "
        return L(V.us_street(r) + sep + V.us_city_line(r, r.random() < 0.85), "ADDRESS")
    return L(V.zh_address(r), "ADDRESS")


def email_of(r: random.Random, name: L | None = None) -> L:
    ascii_name = name.text if name is not None and name.text.isascii() else None
    return L(V.email(r, ascii_name), "EMAIL")


def dob(r: random.Random, lang: str) -> L:
    d = V.birth(r)
    return L(V.dob_zh(d, r) if lang == "zh" else V.dob_en(d, r), "DATE_OF_BIRTH")


# ------------------------------------------------------------------ e-mail with signature


def make_email(r: random.Random, lang: str) -> Doc:
    d = Doc(lang, "email")
    sender, to = person(r, "en" if lang == "en" else "mixed"), person(r, lang)
    d.put("From: {n} <{e}>\n", n=sender, e=email_of(r, sender))
    d.put("To: {e}\n", e=email_of(r, to))
    d.put("Date: {t}\nSubject: ", t=N.timestamp(r))
    topic = r.choice(["refund", "contract", "address", "payroll", "visa"])
    if topic == "refund":
        d.put("Refund for order {o}\n\nHi {n},\n\nThe refund of {a} was sent back to the credit card {c}. ",
              o=N.order(r), n=to, a=N.amount(r, "en"), c=L(V.card(r), "CREDIT_CARD"))  # fmt: skip
        d.put(
            "The card {b} you tried first was declined, so please do not use it again.\n",
            b=N.bad_card(r),
        )
    elif topic == "contract":
        d.put("Lease renewal\n\nDear {n},\n\nAttached is the renewal for the unit at {a}. "
              "Please sign by {dt} and call me if anything is unclear.\n", n=to, a=address(r, lang), dt=N.date(r, "en"))  # fmt: skip
    elif topic == "address":
        d.put("New mailing address\n\nHello team,\n\nPlease update my records: my new address is\n{a}\n"
              "Old tickets ({t}, {t2}) can be closed.\n", a=address(r, lang, True), t=N.ref9(r), t2=N.sku(r))  # fmt: skip
    elif topic == "payroll":
        d.put("Direct deposit change\n\nHi {n},\n\nPlease move my salary to account number {acc} "
              "(my card {m} is being replaced). Effective {dt}.\n", n=to, acc=L(V.account(r), "BANK_ACCOUNT"),
              m=N.masked_card(r), dt=N.date(r, "en"))  # fmt: skip
    else:
        d.put("Visa appointment\n\nDear {n},\n\nYour appointment is confirmed. Bring passport {p} and proof "
              "that you were born on {b}. Reference {ref}.\n", n=to, p=L(V.us_passport(r) if lang == "en" else V.cn_passport(r), "PASSPORT"),
              b=dob(r, "en"), ref=N.ref9(r))  # fmt: skip
    if r.random() < 0.3:
        d.put("\nP.S. {x} is sponsoring the event again.\n", x=N.name_like(r, "en"))
    d.add("\n", r.choice(["Best regards,", "Thanks,", "Cheers,", "Kind regards,", "--"]), "\n")
    if lang == "mixed" and r.random() < 0.6:
        sig = L(V.zh_name(r), "PERSON")
        d.put("{n} | {title}\n{co}\n手机：{p}\n地址：{a}\n", n=sig, title=r.choice(["销售经理", "HR BP", "财务主管"]),
              co=r.choice(W.COMPANIES_ZH), p=phone(r, "zh"), a=L(V.zh_address(r), "ADDRESS"))  # fmt: skip
    else:
        d.put("{n}\n{title}, {co}\n{lab} {p}\n", n=sender, title=r.choice(["Account Manager", "HR Generalist", "Paralegal"]),
              co=r.choice(W.COMPANIES_EN), lab=r.choice(["M:", "Mobile:", "Tel", "Direct:"]), p=phone(r, lang))  # fmt: skip
        if r.random() < 0.5:
            d.put("{a}\n", a=address(r, "en", r.random() < 0.5))
    return d


# ------------------------------------------------------------------ HR forms


def make_hr_form(r: random.Random, lang: str) -> Doc:
    d = Doc(lang, "hr_form")
    sep = r.choice(["：", ": ", "\t", " | "])
    if lang == "zh" or (lang == "mixed" and r.random() < 0.5):
        rows = [
            (
                "员工姓名" if lang == "zh" else "姓名 Name",
                person(r, "zh" if lang == "zh" else "mixed"),
            ),
            ("性别", r.choice(["男", "女"])),
            ("出生日期", dob(r, "zh")),
            ("身份证号码", L(V.resident_id(r), "CN_RESIDENT_ID")),
            ("手机号码" if lang == "zh" else "Mobile 手机", phone(r, "zh")),
            ("户籍地址", L(V.zh_address(r), "ADDRESS")),
            (
                "工资卡开户行",
                r.choice(["招商银行宁波分行", "工商银行苏州分行", "建设银行厦门分行"]),
            ),
            ("工资卡账号", L(V.account(r), "BANK_ACCOUNT")),
            ("紧急联系人", person(r, "zh")),
            ("紧急联系人电话", phone(r, "zh")),
            ("车牌号（停车登记）", L(V.plate(r), "CN_LICENSE_PLATE")),
            ("入职日期", N.date(r, "zh")),
            ("工号", N.ref9(r)),
        ]
        if r.random() < 0.4:
            rows.append(("因公护照号", L(V.cn_passport(r), "PASSPORT")))
        if r.random() < 0.3:
            rows.append(("备注", N.name_like(r, "zh")))
        title = "员工入职登记表" if lang == "zh" else "员工入职登记表 Employee Onboarding"
    else:
        rows = [
            ("Full legal name", person(r, "en")),
            ("Date of birth", dob(r, "en")),
            ("SSN", L(V.ssn_text(r, r.choice(["-", " ", ""])), "US_SSN")),
            ("Home address", address(r, "en")),
            ("Personal email", email_of(r)),
            ("Mobile", phone(r, "en")),
            ("Direct deposit account no.", L(V.account(r), "BANK_ACCOUNT")),
            ("Emergency contact", person(r, "en")),
            ("Emergency phone", phone(r, "en")),
            ("Start date", N.date(r, "en")),
            ("Employee ID", N.ref9(r)),
            ("Laptop asset tag", N.sku(r)),
        ]
        title = "Employee Onboarding Form"
        if lang == "mixed":
            zh = ["法定姓名", "出生日期", "社保号", "家庭住址", "个人邮箱", "手机", "工资账号", "紧急联系人", "紧急电话",
                  "入职日期", "工号", "资产编号"]  # fmt: skip
            rows = [(f"{z} {label}", v) for z, (label, v) in zip(zh, rows, strict=True)]
            title = "入职登记 " + title
    r.shuffle(rows)
    d.add(title, "\n")
    for label, value in rows:
        d.put("{l}{s}{v}\n", l=label, s=sep, v=value)
    return d


# ------------------------------------------------------------------ customer-service chats


def make_chat(r: random.Random, lang: str) -> Doc:
    d = Doc(lang, "chat")
    who = person(r, lang)
    role = r.choice(W.ROLES_EN if lang == "en" else W.ROLES_ZH)
    stamp = r.choice(["[{h}:{m}] ", "{h}:{m} ", ""])

    def turn(speaker: object, template: str, **slots: object) -> None:
        d.add(stamp.format(h=f"{r.randint(8, 22):02d}", m=f"{r.randint(0, 59):02d}"))
        d.put("{s}" + r.choice([": ", "：", " > "]) + template + "\n", s=speaker, **slots)  # type: ignore[arg-type]

    if lang == "en":
        turn(role, "Hi! How can I help today?")
        turn(who, "my package never came. order {o}", o=N.order(r))
        turn(role, "Sorry! Can you confirm the delivery address and a phone number?")
        turn(who, "{a}, cell {p}", a=address(r, "en"), p=phone(r, "en"))
        if r.random() < 0.5:
            turn(
                who,
                "and refund to my card {c} please, not the old one {m}",
                c=L(V.card(r), "CREDIT_CARD"),
                m=N.masked_card(r),
            )
        else:
            turn(
                who,
                "tracking says {t} but nothing arrived since {dt}",
                t=N.tracking(r),
                dt=N.date(r, "en"),
            )
        turn(role, "Thanks, I've escalated it. Ticket {k}.", k=N.ref9(r))
        return d
    turn(
        role,
        r.choice(
            ["您好，请问有什么可以帮您？", "亲，在的哦~ 有什么问题吗", "Hi 您好 how can I help?"]
        ),
    )
    if lang == "mixed":
        turn(who, "hi, 我的 order {o} 还没到, my phone is {p}", o=N.order(r), p=phone(r, "zh"))
        turn(role, "好的，麻烦提供一下收货地址 & email")
        turn(who, "地址 {a}，email {e}", a=address(r, "mixed"), e=email_of(r))
        x = r.random()
        if x < 0.35:
            turn(
                who,
                "refund 到我的信用卡 {c} 吧，之前那张 {b} 已经注销了",
                c=L(V.card(r), "CREDIT_CARD"),
                b=N.bad_card(r),
            )
        elif x < 0.65:
            turn(
                who,
                "顺便问下 parking，我的车牌是 {pl}，停在 B2",
                pl=L(V.plate(r), "CN_LICENSE_PLATE"),
            )
        else:
            turn(who, "app 版本 {v}，打不开 {x} 的页面", v=N.version(r), x=N.name_like(r, "zh"))
    else:
        turn(who, "我的快递 {t} 三天没动了，电话{p}", t=N.tracking(r), p=phone(r, "zh"))
        turn(role, "麻烦提供一下收件人姓名和地址哦")
        turn(who, "收件人{n}，{a}", n=person(r, "zh"), a=L(V.zh_address(r), "ADDRESS"))
        if r.random() < 0.5:
            turn(who, "退款退到信用卡{c}就行", c=L(V.card(r), "CREDIT_CARD"))
        else:
            turn(who, "订单号{o}，下单时间{ts}", o=N.order(r), ts=N.timestamp(r))
    turn(role, "已为您登记，工单号 {k}，请耐心等待~", k=N.ref9(r))
    return d


# ------------------------------------------------------------------ shipping labels


def make_label(r: random.Random, lang: str) -> Doc:
    d = Doc(lang, "label")
    if lang == "en":
        name = V.en_name(r, "gs")
        name = name.upper() if r.random() < 0.35 else name
        d.put("SHIP TO:\n{n}\n{a}\n{lab} {p}\n", n=L(name, "PERSON"), a=address(r, "en", True),
              lab=r.choice(["PH", "Tel:", "Phone"]), p=phone(r, "en"))  # fmt: skip
        d.put("\nFROM: {co}\nTRACKING #: {t}\nREF: {o}  SKU {s}  WT 2.{w} LB\nSHIP DATE: {dt}\n",
              co=r.choice(W.COMPANIES_EN), t=N.tracking(r), o=N.order(r), s=N.sku(r), w=str(r.randint(0, 9)),
              dt=N.date(r, "en"))  # fmt: skip
        return d
    d.put(
        "收件人：{n}  {p}\n收件地址：{a}\n",
        n=person(r, "zh"),
        p=phone(r, "zh"),
        a=L(V.zh_address(r), "ADDRESS"),
    )
    d.put("寄件人：{n}  {p}\n", n=person(r, "zh" if lang == "zh" else "mixed"), p=phone(r, "zh"))
    d.put("运单号：{t}  订单号：{o}\n", t=N.tracking(r), o=N.order(r))
    if lang == "mixed":
        d.put(
            "Contents: {s} x2  Declared value {a}\nDeliver to: {e}\n",
            s=N.sku(r),
            a=N.amount(r, "en"),
            e=email_of(r),
        )
    d.put("打印时间：{ts}\n", ts=N.timestamp(r))
    return d


# ------------------------------------------------------------------ bank statements


def make_statement(r: random.Random, lang: str) -> Doc:
    d = Doc(lang, "statement")
    if lang == "zh":
        d.put("个人账户对账单\n户名：{n}\n账号：{a}\n证件号码：{i}\n", n=person(r, "zh"), a=L(V.account(r), "BANK_ACCOUNT"),
              i=L(V.resident_id(r), "CN_RESIDENT_ID"))  # fmt: skip
        d.put(
            "账单周期：{d1} 至 {d2}\n交易日期\t摘要\t金额\t流水号\n",
            d1=N.date(r, "zh"),
            d2=N.date(r, "zh"),
        )
        for _ in range(r.randint(2, 4)):
            x = r.random()
            if x < 0.4:
                d.put(
                    "{dt}\t转账 收款人{n}\t-{m}\t{o}\n",
                    dt=N.date(r, "zh"),
                    n=person(r, "zh"),
                    m=N.amount(r, "zh"),
                    o=N.order(r),
                )
            elif x < 0.7:
                d.put(
                    "{dt}\t消费 {x}\t-{m}\t{o}\n",
                    dt=N.date(r, "zh"),
                    x=N.name_like(r, "zh"),
                    m=N.amount(r, "zh"),
                    o=N.bad_ric(r),
                )
            else:
                d.put(
                    "{dt}\t信用卡还款 {c}\t-{m}\t{o}\n",
                    dt=N.date(r, "zh"),
                    c=N.masked_card(r),
                    m=N.amount(r, "zh"),
                    o=N.order(r),
                )
        return d
    d.put("ACCOUNT STATEMENT\nAccount holder: {n}\nAccount number: {a}\nIBAN: {i}\n", n=person(r, "en"),
          a=L(V.account(r), "BANK_ACCOUNT"), i=L(V.iban_text(r), "IBAN"))  # fmt: skip
    d.put(
        "Statement date: {dt}\nMailing address: {ad}\n\n", dt=N.date(r, "en"), ad=address(r, "en")
    )
    for _ in range(r.randint(2, 4)):
        x = r.random()
        if x < 0.35:
            d.put("{dt}  ZELLE TO {n}  REF {ref}  -{m}\n", dt=N.date(r, "en"), n=L(V.en_name(r, "gs").upper(), "PERSON"),
                  ref=N.ref9(r), m=N.amount(r, "en"))  # fmt: skip
        elif x < 0.6:
            d.put(
                "{dt}  POS {x} #{s}  -{m}\n",
                dt=N.date(r, "en"),
                x=N.name_like(r, "en"),
                s=N.ref9(r),
                m=N.amount(r, "en"),
            )
        elif x < 0.8:
            d.put("{dt}  SEPA IN from {n} ({i})  +{m}\n", dt=N.date(r, "en"), n=person(r, "en"), i=L(V.iban_text(r), "IBAN"),
                  m=N.amount(r, "en"))  # fmt: skip
        else:
            d.put(
                "{dt}  RETURNED: invalid IBAN {b}  {m}\n",
                dt=N.date(r, "en"),
                b=N.bad_iban(r),
                m=N.amount(r, "en"),
            )
    if r.random() < 0.5:
        d.put(
            "Linked credit card: {c}  (card {m} closed)\n",
            c=L(V.card(r), "CREDIT_CARD"),
            m=N.masked_card(r),
        )
    return d
