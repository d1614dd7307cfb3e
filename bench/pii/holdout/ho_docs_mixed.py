"""Mixed Chinese/English documents for the held-out PII test set: code-switching chats, cross-border
orders, bilingual forms and bookings, JSON with English keys and Chinese values, logs and e-mails."""

from __future__ import annotations

import ho_words as W
from ho_doc import Doc, N, V, write_json
from ho_docs_zh import Clock, phone_zh
from ho_negatives import Gen

PER, PH, ID, CC, SSN, IP, IBAN, PP, BA, PL, DOB, ADDR, EM = (
    "PERSON", "PHONE", "CN_RESIDENT_ID", "CREDIT_CARD", "US_SSN", "IP_ADDRESS", "IBAN", "PASSPORT",
    "BANK_ACCOUNT", "CN_LICENSE_PLATE", "DATE_OF_BIRTH", "ADDRESS", "EMAIL",
)  # fmt: skip


def any_name(g: Gen) -> str:
    k = g.r.random()
    return g.zh_name() if k < 0.45 else (g.pinyin_name() if k < 0.75 else g.cn_en_name())


def chat(g: Gen, d: Doc) -> None:
    r = g.r
    user = any_name(g)
    agent = r.choice(["Agent", "客服", "CS-bot", "Support"])
    clock = Clock(g)

    def say(person: bool, *items: object) -> None:
        d.add(f"{clock()} ", V(user, PER) if person else agent, r.choice([": ", "："]))
        d.add(*items)  # type: ignore[arg-type]
        d.add("\n")

    say(False, r.choice(["Hi 您好，请问有什么可以帮您？", "Hello! 在的~", "您好 how can I help?"]))
    k = r.randrange(4)
    if k == 0:
        say(
            True,
            "pls ship to ",
            V(g.addr_zh(), ADDR),
            r.choice(["，收件人", "，recipient "]),
            V(g.zh_name(), PER),
            "，Tel: ",
            V(g.cn_mobile(), PH),
        )
        say(False, "OK 已更新，tracking no. ", N(g.tracking(), "tracking"))
    elif k == 1:
        say(
            True,
            "我的 email 是 ",
            V(g.email(r.choice(["leo", "ivy", "xiaomi"])), EM),
            "，phone ",
            phone_zh(g),
            r.choice(["", " 😊", " thx"]),
        )
        say(
            False,
            "收到，order ",
            N(g.order_no(), "order"),
            " 会在 ",
            r.choice(["周末", "Friday", "明天"]),
            " 发出",
        )
    elif k == 2:
        num, born = g.ric()
        say(
            True,
            "实名认证一直失败 😤 ID: ",
            V(num, ID),
            "，DOB ",
            V(g.date_zh(born) if r.random() < 0.5 else g.date_en(born), DOB),
        )
        say(
            False,
            "Please also upload 护照 passport page, 护照号 ",
            V(g.passport_cn(), PP),
            " 对吗？",
        )
    else:
        say(True, "card ", V(g.card(), CC), " 被扣了两次 ", g.amount_zh(), " 元!!")
        say(False, "Sorry！请确认持卡人姓名")
        say(True, V(any_name(g), PER), "，登录IP ", V(g.ipv4(), IP))


def order(g: Gen, d: Doc) -> None:
    r = g.r
    d.fill("Order Confirmation 订单确认\nOrder No. 订单号: {o}\nConsignee 收件人: {n}\nMobile 手机: {p}\nAddress 地址: {a}\n",
           o=N(g.order_no(), "order"), n=V(any_name(g), PER), p=V(g.cn_mobile(), PH), a=V(g.addr_zh(), ADDR))  # fmt: skip
    d.fill("Item 商品: {i}  Qty 1  {a}\nPaid by 支付方式: {c}\nCourier 快递: {t}\n",
           i=r.choice(["李宁 T-shirt XL", "王府井 gift card", "Jordan 1 Retro High", "张江 Coffee beans 1kg"]),
           a=f"¥{g.amount_zh()}", c=V(g.card(), CC) if r.random() < 0.5 else N(f"Alipay ****{r.randint(1000, 9999)}", "masked"),
           t=N(g.tracking(), "tracking"))  # fmt: skip


def form(g: Gen, d: Doc) -> None:
    r = g.r
    num, born = g.ric()
    name, pinyin = g.zh_pair()
    d.add(
        r.choice(["入职登记 / Employee Registration\n", "签证申请信息表 Visa Application Form\n"])
    )
    rows: list[tuple[str, object]] = [
        ("姓名 Name", V(name, PER)), ("拼音 Pinyin", V(pinyin, PER)),
        ("出生日期 Date of Birth", V(r.choice([g.date_zh(born), g.date_en(born)]), DOB)),
        ("身份证号 ID No.", V(num, ID)), ("护照号 Passport No.", V(g.passport_cn(), PP)),
        ("手机 Mobile", V(g.cn_mobile(), PH)), ("邮箱 Email", V(g.email("zhang"), EM)),
        ("住址 Address", V(g.addr_zh(), ADDR)), ("签发日期 Date of Issue", N(g.date_zh(g.birth(2016, 2024)), "date")),
    ]  # fmt: skip
    if r.random() < 0.5:
        rows.append(("车牌 Plate", V(g.plate(), PL)))
    if r.random() < 0.5:
        rows.append(("银行卡号 Debit card", V(g.debit_cn(), BA)))
    if r.random() < 0.3:
        rows.append(("Overseas account IBAN", V(g.iban(), IBAN)))
    sep = r.choice([": ", "：", " | "])
    for k, v in rows:
        d.add(k, sep, v, "\n")  # type: ignore[arg-type]


def json_doc(g: Gen, d: Doc) -> None:
    r = g.r
    num, born = g.ric()
    fields: list[tuple[str, object]] = [
        ("userId", r.randint(10000, 999999)), ("name", V(g.zh_name(), PER)), ("englishName", V(g.cn_en_name(), PER)),
        ("idCard", V(num, ID)), ("dob", V(g.date_zh(born), DOB)), ("mobile", V(g.cn_mobile(r.choice([0, 4, 6])), PH)),
        ("address", [("province", "浙江省"), ("detail", V(g.addr_zh(), ADDR))]),
        ("payout", [("bank", "云杉银行"), ("account_no", V(g.debit_cn(False), BA))]),
        ("remark", r.choice(["周末不送货", "王府井店自提", "VIP客户", "请勿致电"])), ("ver", N(g.version(), "version")),
    ]  # fmt: skip
    if r.random() < 0.4:
        fields.insert(3, ("ssn", V(g.ssn(0), SSN)))
    write_json(d, fields, r.choice([None, 2]), bare_digits=True)


def log(g: Gen, d: Doc) -> None:
    r = g.r
    for _ in range(r.randint(2, 4)):
        k = r.randrange(3)
        t = N(g.timestamp(), "timestamp")
        if k == 0:
            d.fill(
                "{t} INFO [order] 下单成功 user={u} phone={p} addr={a}\n",
                t=t,
                u=V(any_name(g), PER),
                p=V(g.cn_mobile(0), PH),
                a=V(g.addr_zh(), ADDR),
            )
        elif k == 1:
            d.fill("{t} WARN [risk] login from new device ip={ip} ({v}) email={e}\n", t=t, ip=V(g.ipv4() if r.random() < 0.6 else g.ipv6(), IP),
                   v=N(g.version(), "version"), e=V(g.email("risk"), EM))  # fmt: skip
        else:
            d.fill(
                "{t} ERROR [kyc] id check failed: {b} (checksum) / plate {p} ok\n",
                t=t,
                b=N(g.bad_ric(), "bad_ric"),
                p=V(g.plate(), PL),
            )


def email(g: Gen, d: Doc) -> None:
    r = g.r
    sender = g.zh_name()
    d.fill("Dear {t}{s},\n\n附件是合同扫描件，please review. 收款账户如下：\nAccount name: {a}\nIBAN: {i}\nSWIFT: YSBKCNSHXXX\n\n",
           t=r.choice(["Mr. ", "Ms. "]), s=V(r.choice(W.EN_LAST), PER), a=V(g.en_name(), PER), i=V(g.iban(), IBAN))  # fmt: skip
    if r.random() < 0.5:
        d.fill("（旧账户 {x} 已停用）\n", x=N(g.bad_iban(), "bad_iban"))
    d.fill("如有问题请联系我。\n\nBest,\n{n}\n{co}\n地址：{ad}\nTel: {p}  |  Email: {e}\n",
           n=V(sender, PER), co=r.choice(W.COMPANIES_ZH),
           ad=V(g.addr_zh(), ADDR), p=V(g.cn_landline() if r.random() < 0.5 else g.cn_mobile(), PH), e=V(g.email("bd"), EM))  # fmt: skip


def travel(g: Gen, d: Doc) -> None:
    r = g.r
    name = g.pinyin_name()
    num, born = g.ric()
    d.fill("酒店预订确认 Hotel Booking\nGuest 客人: {n}\nPassport 护照号码: {pp}\n证件号: {i}\nDOB 出生日期: {b}\nCheck-in 入住: {ci}\nPhone: {p}\n",
           n=V(name, PER), pp=V(g.passport_cn(), PP), i=V(num, ID), b=V(g.date_en(born), DOB), ci=N(g.date_zh(g.birth(2024, 2025)), "date"),
           p=V(g.cn_mobile(), PH))  # fmt: skip
    d.fill(
        "Confirmation 确认号 {c}; room 房间 {rm}; 请于入住当天{tm}前到达。",
        c=N(g.ref9(), "ref9"),
        rm=str(r.randint(301, 2418)),
        tm="14:00",
    )


KINDS = {
    "chat": chat,
    "order": order,
    "form": form,
    "json": json_doc,
    "log": log,
    "email": email,
    "travel": travel,
}
WEIGHTS = {"chat": 4, "order": 2, "form": 3, "json": 2, "log": 2, "email": 2, "travel": 2}
