"""Second part of the PII dev set: the harder PERSON and BANK_ACCOUNT styles (bench/pii/make_devset.py).

Added on 2026-11-27 after the blind holdout2 showed PERSON and BANK_ACCOUNT below the goal. Written
from how such data is met in practice, not from holdout2 (whose documents were not read): Chinese
names without any cue word (chat mentions, attendee lists, table rows, approval lines), names as
JSON keys and values under keys that do not say "name", English names with leading or middle
initials, in lower case, in e-mail signatures and next to job titles; bank accounts in Chinese
payment instructions (户名 / 开户行 / 账号 / 卡号), US routing + account pairs, European account
numbers written without an IBAN (Kontonummer, conto corrente, numéro de compte, rekeningnummer …),
account numbers split by spaces or hyphens in irregular groups; and hard negatives beside account
words (order, tracking and transaction numbers, routing numbers, BLZ, "account ending in 1234",
balances, customer numbers).

Every labelled value goes through ``Doc.e`` exactly as in the first part. Word lists here are new
hand-typed ones (plus those of devset_words.py).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import TYPE_CHECKING

import devset_entities as G
import devset_words as W

if TYPE_CHECKING:
    from make_devset import Doc

# More first and last names (typed here; international, as a demanding user's customers are).
EN_FIRST2 = (
    "Aaron", "Beatrice", "Cedric", "Delphine", "Emmett", "Francesca", "Gideon", "Harriet", "Ivan",
    "Jolene", "Kieran", "Lorena", "Malcolm", "Noemi", "Oscar", "Penelope", "Quentin", "Rosalind",
    "Silas", "Tamsin", "Ulrich", "Valeria", "Wendell", "Yvonne", "Zachary", "Anika", "Bjorn",
    "Camila", "Dario", "Esther", "Farid", "Greta", "Hector", "Imogen", "Joaquin", "Katrin",
    "Lucas", "Mirela", "Nikolai", "Odette", "Pablo", "Rania", "Stefan", "Thea", "Viktor",
)  # fmt: skip
EN_LAST2 = (
    "Alvarez", "Brennan", "Castellano", "Dubois", "Eriksen", "Fontaine", "Gallagher", "Horvath",
    "Iversen", "Jablonski", "Keller", "Larsson", "Moreau", "Novak", "Oyelaran", "Pereira",
    "Quinlan", "Rossi", "Schneider", "Tanaka", "Underwood", "Vasquez", "Weber", "Yilmaz",
    "Zimmermann", "Bianchi", "Costa", "Dimitrov", "Esposito", "Fischer", "Gonzalez", "Hoffmann",
    "Janssen", "Kowalczyk", "Lambert", "Mendes", "Nielsen", "Olsen", "Popescu", "Ramos",
)  # fmt: skip
EN_JOB_TITLES = (
    "CEO", "CFO", "Chief Financial Officer", "Senior Engineer", "Product Manager", "Director of Sales",
    "Head of Payments", "General Counsel", "Account Manager", "HR Business Partner", "Nurse",
    "Attorney", "Detective", "Coach", "Editor", "Analyst", "VP of Engineering", "Senior Counsel",
)  # fmt: skip
ZH_JOB_TITLES = (
    "财务总监", "项目经理", "总经理", "主治医师", "产品经理", "人事专员", "法务", "销售代表",
    "区域经理", "技术总监", "出纳", "会计", "行政主管", "部门经理", "客户经理", "主任医师",
)  # fmt: skip
ZH_DEPTS = ("财务部", "销售部", "技术部", "人事部", "法务部", "市场部", "运营部", "客服部")
COMPANIES = (
    "Northwind Legal", "Bluefinch Labs", "Acme Corp", "Harbor Freight Logistics", "云杉数科",
    "星河物流有限公司", "Meridian Health", "青橙科技",
)  # fmt: skip
BANKS_EN = (
    "Chase", "Bank of America", "Wells Fargo", "Citibank", "US Bank", "First Republic",
    "PNC Bank", "Capital One",
)  # fmt: skip
#: European account numbers without an IBAN: (label before, the bank-code text after, digits).
EU_ACCOUNT_STYLES = (
    ("Bitte überweisen Sie den Betrag auf ", "Kontonummer: {BA}, BLZ {blz}", 10),
    ("Zahlung an ", "Konto-Nr. {BA} bei der {bank}", 10),
    ("Bonifico su ", "conto corrente n. {BA}, ABI {abi} CAB {cab}", 12),
    ("Virement sur le ", "numéro de compte {BA} (code banque {abi}, clé RIB {rib})", 11),
    ("Graag overmaken op ", "rekeningnummer {BA}", 10),
    ("Transferencia al ", "número de cuenta {BA}", 10),
    ("Betala till ", "kontonummer {BA} (clearingnummer {clearing})", 11),
    ("Please pay the invoice to ", "Account no. {BA} (bank code {blz})", 12),
)
EU_BANKS = ("Sparkasse Köln", "Deutsche Bank", "Commerzbank", "Volksbank Mittelhessen")


def _en(d: Doc, lower: bool = False) -> str:
    """An English name in one of the harder written forms."""
    r = d.rng
    first = r.choice(W.EN_FIRST + EN_FIRST2)
    last = r.choice(W.EN_LAST + EN_LAST2)
    middle = r.choice(W.EN_MIDDLE)
    form = r.random()
    if form < 0.35:
        name = f"{first} {middle[0]}. {last}"
    elif form < 0.5:
        name = f"{first} {middle[0]} {last}"
    elif form < 0.6:
        name = f"{first[0]}. {middle} {last}"
    elif form < 0.7:
        name = f"{first} {middle[0]}. {r.choice(W.EN_MIDDLE)[0]}. {last}"
    else:
        name = f"{first} {last}"
    return name.lower() if lower else name


def _zh(d: Doc) -> str:
    return G.zh_person(d.rng).hanzi


def _zh3(d: Doc) -> str:
    """A Chinese name, two-character names less often (they are the hardest without a cue)."""
    while True:
        name = _zh(d)
        if len(name) >= 3 or d.rng.random() < 0.4:
            return name


def _any(d: Doc) -> str:
    if d.lang == "zh":
        return _zh(d)
    if d.lang == "en":
        return _en(d)
    return _zh(d) if d.rng.random() < 0.5 else _en(d)


def _account(d: Doc, size: int | None = None) -> str:
    """A 10-19 digit account number, Luhn-invalid, written compact or split in irregular groups."""
    r = d.rng
    while True:
        n = G.digits(r, size or r.choice([10, 11, 12, 13, 14, 16, 17, 19]), "0123456789")
        if n[0] != "0" or r.random() < 0.5:
            if not G.luhn_ok(n):
                break
    style = r.random()
    if style < 0.45:
        return n
    sep = r.choice([" ", "-"])
    if style < 0.65:
        return G.group(n, (4,) * 5, sep)
    if style < 0.8:
        return G.group(n, (3,) * 7, sep)
    cut = r.randint(2, 4)
    return n[:cut] + sep + n[cut:]


def _debit(d: Doc) -> str:
    n = G.luhn_complete(
        d.rng.choice(["6222", "6217", "6228", "6212", "6216"]) + G.digits(d.rng, 14)
    )
    return G.group(n, (4,) * 5, d.rng.choice([" ", "-", " "])) if d.rng.random() < 0.5 else n


def _routing(d: Doc) -> str:
    while True:
        n = G.digits(d.rng, 9, "0123")
        if sum(int(c) * w for c, w in zip(n, (3, 7, 1) * 3, strict=True)) % 10 == 0:
            return n


def _order_digits(d: Doc) -> str:
    """A 10-14 digit order or transaction number: Luhn-invalid, like the first part's."""
    while True:
        n = G.digits(d.rng, d.rng.choice([10, 12, 14]), "123456789")
        if not G.luhn_ok(n):
            return n


# ------------------------------------------------------------------------------------------ kinds


def _sep(d: Doc) -> str:
    return "\n"


def kind_zh_nocue(d: Doc) -> None:
    """Chinese names with no cue word: chat mentions, lists, headerless table rows, approvals."""
    r = d.rng
    d.lang = "zh"
    lines: list[Callable[[], None]] = [
        lambda: (d.t("@"), d.e(_zh(d), "PERSON"), d.t(" 明天的会你参加吗？")),
        lambda: (d.t("参会人员："), _zh_list(d, r.randint(2, 4), "、"), d.t("。")),
        lambda: (d.t("抄送："), _zh_list(d, r.randint(1, 3), "；")),
        lambda: (
            d.e(_zh3(d), "PERSON"),
            d.t(r.choice(["今天请假，", "下午外出，", "已离职，"])),
            d.t("工作由"),
            d.e(_zh3(d), "PERSON"),
            d.t("接手。"),
        ),
        lambda: (d.t("审批人："), d.e(_zh(d), "PERSON"), d.t("  审批意见：同意")),
        lambda: (d.t("经办："), d.e(_zh(d), "PERSON"), d.t("　复核："), d.e(_zh(d), "PERSON")),
        lambda: (
            d.t("值班表："),
            d.t(r.choice(["周一", "周二", "周三"])),
            d.t(" "),
            d.e(_zh(d), "PERSON"),
            d.t("，"),
            d.t(r.choice(["周四", "周五", "周六"])),
            d.t(" "),
            d.e(_zh(d), "PERSON"),
        ),
        lambda: (
            d.t(f"{r.randint(1, 30)}\t"),
            d.e(_zh(d), "PERSON"),
            d.t("\t"),
            d.t(r.choice(ZH_DEPTS)),
            d.t("\t"),
            d.e(G.cn_mobile(r), "PHONE"),
        ),
        lambda: (
            d.t("| "),
            d.e(_zh(d), "PERSON"),
            d.t(" | "),
            d.t(r.choice(ZH_DEPTS)),
            d.t(" | "),
            d.t(r.choice(["已到", "未到", "请假"])),
            d.t(" |"),
        ),
        lambda: (
            d.e(_zh3(d), "PERSON"),
            d.t(r.choice(["和", "跟"])),
            d.e(_zh3(d), "PERSON"),
            d.t(r.choice(["负责这个项目。", "一起出差。", "都在群里。"])),
        ),
        lambda: (
            d.t("今天"),
            d.e(_zh3(d), "PERSON"),
            d.t(r.choice(["值班", "加班", "不在"])),
            d.t("。"),
        ),
        lambda: (d.t(r.choice(["主讲：", "主持：", "记录："])), d.e(_zh(d), "PERSON")),
        lambda: (
            d.t("[" + r.choice(["09:12", "14:03", "21:47"]) + "] "),
            d.e(_zh(d), "PERSON"),
            d.t("："),
            d.t(r.choice(["收到", "好的，马上处理", "我晚点到"])),
        ),
        lambda: (d.t(r.choice(["恭喜", "欢迎新同事", "谢谢"])), d.e(_zh3(d), "PERSON"), d.t("！")),
        # hard negatives: places, brands, roles, surname + title, anonymised names
        lambda: d.t(r.choice(W.ZH_PLACE_WORDS) + "那边今天下雨。"),
        lambda: d.t("本周" + r.choice(W.ZH_BRANDS) + "专柜打八折。"),
        lambda: d.t(r.choice(list(W.ZH_SURNAMES)) + r.choice(W.ZH_TITLES) + "说明天再来。"),
        lambda: d.t("被告" + r.choice(list(W.ZH_SURNAMES)) + "某未到庭。"),
    ]
    for i, k in enumerate(r.sample(range(len(lines)), r.randint(3, 5))):
        if i:
            d.t("\n")
        lines[k]()


def _zh_list(d: Doc, k: int, sep: str) -> None:
    for i in range(k):
        if i:
            d.t(sep)
        d.e(_zh(d), "PERSON")


def kind_json_people(d: Doc) -> None:
    """Names as JSON values under keys that do not say "name", and as JSON keys."""
    r = d.rng
    role_keys = ["assignee", "owner", "reviewer", "approver", "createdBy", "handler", "contact",
                 "负责人", "承办人", "审核人", "经办人", "sales_rep", "manager", "lead"]  # fmt: skip
    parts: list[Callable[[], None]] = []
    for key in r.sample(role_keys, r.randint(2, 3)):

        def one(key: str = key) -> None:
            d.t(json.dumps(key, ensure_ascii=False) + ': "')
            d.e(_any(d), "PERSON")
            d.t('"')

        parts.append(one)

    def members() -> None:
        d.t('"members": [')
        for i in range(r.randint(2, 3)):
            d.t(", " if i else "")
            d.t('"')
            d.e(_any(d), "PERSON")
            d.t('"')
        d.t("]")

    def keyed() -> None:
        d.t('"contacts": {')
        for i in range(r.randint(1, 2)):
            d.t(", " if i else "")
            d.t('"')
            d.e(_any(d), "PERSON")
            d.t('": "')
            d.e(G.cn_mobile(r) if r.random() < 0.5 else G.us_phone(r), "PHONE")
            d.t('"')
        d.t("}")

    def negatives() -> None:
        d.t(json.dumps(r.choice(["order_id", "tracking_no", "txn_id"])) + ': "')
        d.t(_order_digits(d) if r.random() < 0.7 else "SF" + G.digits(r, 13))
        d.t('", "status": "' + r.choice(["open", "closed", "已处理"]) + '"')

    parts += [members, keyed, negatives]
    r.shuffle(parts)
    d.t('{"id": ' + str(r.randint(100, 99999)) + ", ")
    for i, part in enumerate(parts):
        d.t(", " if i else "")
        part()
    d.t("}")


def kind_signature(d: Doc) -> None:
    """An e-mail body ending in a signature block (English or Chinese), sometimes lower case."""
    r = d.rng
    if d.lang == "zh" or (d.lang == "mixed" and r.random() < 0.5):
        d.t(
            r.choice(
                ["各位好，\n附件是本月报销单，请查收。\n\n", "王总您好：\n合同已盖章寄出。\n\n"]
            )
        )
        d.t(r.choice(["此致\n敬礼\n\n", "祝好，\n", "谢谢！\n--\n"]))
        d.e(_zh(d), "PERSON")
        if r.random() < 0.4:
            d.t(" ")
            p = G.zh_person(r)
            d.e(f"{''.join(p.given_py).capitalize()} {p.surname_py}", "PERSON")
        d.t("\n" + r.choice(ZH_DEPTS) + " | " + r.choice(COMPANIES) + "\n电话：")
        d.e(G.cn_mobile(r), "PHONE")
        return
    lower = r.random() < 0.25
    d.t(r.choice(["Hi team,\n", "Hello,\n", "hi all,\n"]))
    d.t(r.choice(["Please find the signed agreement attached.\n\n", "see you at the review tomorrow.\n\n",
                  "The refund was approved this morning.\n\n"]))  # fmt: skip
    d.t(
        r.choice(
            ["Best regards,\n", "Kind regards,\n", "Thanks,\n", "Cheers,\n", "-- \n", "Best,\n"]
        )
    )
    d.e(_en(d, lower=lower), "PERSON")
    d.t(
        "\n" + r.choice(EN_JOB_TITLES) + (" | " if r.random() < 0.5 else ", ") + r.choice(COMPANIES)
    )
    d.t("\n" + r.choice(["T: ", "Tel: ", "Mobile: ", "M "]))
    d.e(G.us_phone(r), "PHONE")
    if r.random() < 0.4:
        d.t("\nSent from my iPhone")


def kind_titled(d: Doc) -> None:
    """Names next to job titles (before and after), and lower-case names in chat."""
    r = d.rng
    en = [
        lambda: (
            d.t(r.choice(EN_JOB_TITLES) + " "),
            d.e(_en(d), "PERSON"),
            d.t(
                r.choice(
                    [" said the deal closed.", " approved the refund.", " will join the call."]
                )
            ),
        ),
        lambda: (
            d.e(_en(d), "PERSON"),
            d.t(
                ", "
                + r.choice(EN_JOB_TITLES)
                + " at "
                + r.choice(COMPANIES)
                + ", said the team grew."
            ),
        ),
        lambda: (
            d.t(r.choice(["Prof. Dr. ", "Dr. ", "Judge ", "Officer "])),
            d.e(_en(d), "PERSON"),
            d.t(r.choice([" testified on Monday.", " signed the order.", " was not available."])),
        ),
        lambda: (
            d.t(r.choice(["talked to ", "ping ", "cc ", "ask "])),
            d.e(_en(d, lower=True), "PERSON"),
            d.t(r.choice([" about it.", " pls", " tomorrow.", ""])),
        ),
        lambda: (
            d.t(r.choice(["Assigned to: ", "Owner: ", "Reviewed by "])),
            d.e(_en(d), "PERSON"),
        ),
        lambda: d.t(
            r.choice(
                [
                    "The CEO said revenue grew.",
                    "Director of Sales: TBD",
                    "The Head of Payments role is open.",
                    "Head of Payments (vacant)",
                    "Grace Hopper Celebration tickets",
                    "Best Buy order",
                ]
            )
        ),  # fmt: skip
    ]
    zh = [
        lambda: (
            d.t(r.choice(ZH_JOB_TITLES)),
            d.e(_zh(d), "PERSON"),
            d.t(r.choice(["表示将继续推进。", "已签字。", "下午到岗。"])),
        ),
        lambda: (
            d.e(_zh(d), "PERSON"),
            d.t(r.choice(["总监", "经理", "主任", "律师"])),
            d.t(r.choice(["已审批。", "在开会。", "请回电。"])),
        ),
        lambda: (
            d.t(r.choice(ZH_DEPTS) + r.choice(["经理", "主管", "负责人"])),
            d.e(_zh(d), "PERSON"),
            d.t("，电话"),
            d.e(G.cn_mobile(r), "PHONE"),
        ),
        lambda: d.t(r.choice(["财务总监一职空缺。", "项目经理会另行通知。", "李宁总部在北京。"])),
    ]
    pool = zh if d.lang == "zh" else en if d.lang == "en" else zh + en
    for i in range(r.randint(2, 4)):
        d.t("\n" if i else "")
        r.choice(pool)()


def kind_bank_zh(d: Doc) -> None:
    """Chinese payment instructions: 户名 / 开户行 / 账号 / 卡号, and negatives beside them."""
    r = d.rng
    d.lang = "zh" if d.lang != "mixed" else "mixed"
    bank = r.choice(
        ["中国工商银行", "招商银行", "中国建设银行", "交通银行", "中国农业银行", "浦发银行"]
    )
    branch = r.choice(["北京分行", "深圳科技园支行", "杭州西湖支行", "营业部", "上海陆家嘴支行"])
    style = r.randrange(4)
    if style == 0:
        d.t(r.choice(["收款信息\n", "请汇款至：\n", ""]))
        d.t("户名：")
        d.e(_zh(d), "PERSON")
        d.t(f"\n开户行：{bank}{branch}\n" + r.choice(["账号：", "银行账号：", "卡号：", "账户："]))
        d.e(_account(d) if r.random() < 0.6 else _debit(d), "BANK_ACCOUNT")
    elif style == 1:
        d.t("收款人")
        d.e(_zh(d), "PERSON")
        d.t(f"，{bank}" + r.choice(["卡号", "账号", "借记卡"]))
        d.e(_debit(d) if r.random() < 0.6 else _account(d), "BANK_ACCOUNT")
        d.t(r.choice(["，到账后请截图。", "。", "，谢谢"]))
    elif style == 2:
        d.t("对公账户：" if r.random() < 0.5 else "转账至账户 ")
        d.e(_account(d), "BANK_ACCOUNT")
        d.t(f"（{bank}{branch}）")
    else:
        d.t(f"开户银行：{bank}\t账号：")
        d.e(_account(d), "BANK_ACCOUNT")
        d.t("\t户名：" + r.choice(COMPANIES[4:6]))
    negs = [
        lambda: d.t("退款已原路退回至您尾号" + G.digits(r, 4) + "的银行卡。"),
        lambda: d.t("订单号" + _order_digits(d) + "已付款，款项已进入平台账户。"),
        lambda: d.t(
            "交易流水号"
            + _order_digits(d)
            + "，账户余额"
            + f"{r.randint(10, 99999)}.{r.randint(0, 99):02d}元。"
        ),
        lambda: d.t(
            "银行卡绑定失败，请联系客服" + r.choice(["95555", "95588", "400-820-8820"]) + "。"
        ),
        lambda: d.t("快递单号SF" + G.digits(r, 13) + "，请查收银行卡。"),
        lambda: d.t("会员账号" + r.choice(["VIP", "M"]) + G.digits(r, 8) + "积分已到账。"),
    ]
    d.t("\n")
    r.choice(negs)()


def kind_bank_us(d: Doc) -> None:
    """US routing + account pairs (direct deposit, wire instructions), negatives beside them."""
    r = d.rng
    d.lang = "en"
    style = r.randrange(4)
    if style == 0:
        d.t(r.choice(["Direct deposit form\n", "Wire instructions\n", ""]))
        d.t(f"Bank: {r.choice(BANKS_EN)}\nRouting number: {_routing(d)}\n")
        d.t(r.choice(["Account number: ", "Account #: ", "Acct no. ", "Checking account: "]))
        d.e(_account(d), "BANK_ACCOUNT")
        d.t("\nAccount holder: ")
        d.e(_en(d), "PERSON")
    elif style == 1:
        d.t(f"ABA {_routing(d)} / Acct ")
        d.e(_account(d), "BANK_ACCOUNT")
        d.t(f" ({r.choice(BANKS_EN)})")
    elif style == 2:
        d.t(f"Please send the payment to {r.choice(BANKS_EN)}, RTN {_routing(d)}, account ")
        d.e(_account(d), "BANK_ACCOUNT")
        d.t(".")
    else:
        d.t("routing=" + _routing(d) + "&account=")
        d.e(_account(d, r.choice([10, 12])).replace(" ", "").replace("-", ""), "BANK_ACCOUNT")
        d.t("&type=" + r.choice(["checking", "savings"]))
    negs = [
        lambda: d.t(
            f"\nYour account ending in {G.digits(r, 4)} was charged ${r.randint(5, 900)}.00."
        ),
        lambda: d.t(f"\nOrder #{_order_digits(d)} was charged to the account on file."),
        lambda: d.t(f"\nTracking number 1Z{G.digits(r, 16)} shipped to the account holder."),
        lambda: d.t(f"\nCustomer account ID: CUST-{G.digits(r, 8)}"),
        lambda: d.t(f"\nConfirmation {_order_digits(d)} for your account transfer."),
        lambda: d.t(f"\nAvailable balance: ${r.randint(100, 99999):,}.{r.randint(0, 99):02d}"),
    ]
    r.choice(negs)()


def kind_bank_eu(d: Doc) -> None:
    """European account numbers written without an IBAN (with bank codes that are not labelled)."""
    r = d.rng
    intro, template, size = r.choice(EU_ACCOUNT_STYLES)
    d.t(intro if r.random() < 0.7 else "")
    before, after = template.split("{BA}")
    d.t(before)
    d.e(_account(d, size), "BANK_ACCOUNT")
    d.t(
        after.format(
            blz=G.digits(r, 8, "123456789"), bank=r.choice(EU_BANKS), abi=G.digits(r, 5),
            cab=G.digits(r, 5), rib=G.digits(r, 2), clearing=G.digits(r, 4, "123456789"),
        )
    )  # fmt: skip
    if r.random() < 0.5:
        d.t(", Kontoinhaber " if "Konto" in template else ", account holder ")
        d.e(_en(d), "PERSON")
    d.t(".")
    if r.random() < 0.5:
        d.t(r.choice([f" Rechnungsnummer {_order_digits(d)}.", f" Order {_order_digits(d)}.",
                      f" BIC COBADEFF{G.digits(r, 3)}.", f" Sendungsnummer {_order_digits(d)}."]))  # fmt: skip


STYLE_KINDS: dict[str, Callable[[Doc], None]] = {
    "zh_nocue": kind_zh_nocue,
    "json_people": kind_json_people,
    "signature": kind_signature,
    "titled": kind_titled,
    "bank_zh": kind_bank_zh,
    "bank_us": kind_bank_us,
    "bank_eu": kind_bank_eu,
}
#: Language of each kind's documents: fixed for the Chinese- and English-only ones.
STYLE_LANG = {
    "zh_nocue": ("zh",),
    "json_people": ("zh", "en", "mixed"),
    "signature": ("zh", "en", "mixed"),
    "titled": ("zh", "en", "mixed"),
    "bank_zh": ("zh", "mixed"),
    "bank_us": ("en",),
    "bank_eu": ("en",),
}


def pick_kind(rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(list(STYLE_KINDS))
    return kind, rng.choice(STYLE_LANG[kind])
