"""Chinese documents for the held-out PII test set: chats, orders, HR forms, police/court texts, bank
notices, CSV, JSON, logs and news. Every labelled value goes through ``V``; hard negatives through ``N``."""

from __future__ import annotations

import ho_words as W
from ho_doc import Doc, N, V, write_json
from ho_negatives import Gen

PER, PH, ID, CC, SSN, IP, IBAN, PP, BA, PL, DOB, ADDR, EM = (
    "PERSON", "PHONE", "CN_RESIDENT_ID", "CREDIT_CARD", "US_SSN", "IP_ADDRESS", "IBAN", "PASSPORT",
    "BANK_ACCOUNT", "CN_LICENSE_PLATE", "DATE_OF_BIRTH", "ADDRESS", "EMAIL",
)  # fmt: skip


def phone_zh(g: Gen) -> V:
    return V(g.cn_mobile() if g.r.random() < 0.8 else g.cn_landline(), PH)


class Clock:
    """Chat times that move forward."""

    def __init__(self, g: Gen) -> None:
        self.m = g.r.randint(8 * 60, 21 * 60)
        self.r = g.r

    def __call__(self) -> str:
        self.m += self.r.randint(0, 4)
        return f"{self.m // 60 % 24:02d}:{self.m % 60:02d}"


def hhmm(g: Gen) -> str:
    return f"{g.r.randint(8, 23):02d}:{g.r.randint(0, 59):02d}"


def city_district(g: Gen) -> str:
    _, city, dists = g.r.choice(W.ZH_CITIES)
    return city + g.r.choice(dists)


def chat(g: Gen, d: Doc) -> None:
    r = g.r
    user = g.zh_name()
    agent = r.choice(["客服", "在线客服", "店小二", "售后专员", "智能助手"])
    sp_user = r.choice(["{n}：", "【{n}】", "{n} {t}\n", "[{t}] {n}: "])
    sp_agent = r.choice(["{n}：", "【{n}】", "{n} {t}\n", "[{t}] {n}: "])
    clock = Clock(g)

    def say(who: str, is_person: bool, *items: object) -> None:
        fmt = sp_user if is_person else sp_agent
        pre, _, post = fmt.partition("{n}")
        d.add(pre.replace("{t}", clock()))
        d.add(V(who, PER) if is_person else who)
        d.add(post.replace("{t}", clock()))
        d.add(*items)  # type: ignore[arg-type]
        d.add("\n")

    say(
        agent,
        False,
        r.choice(
            ["您好，这里是售后，请问有什么可以帮您？", "亲，在的哦~ 请问有什么问题", "您好😊"]
        ),
    )
    topic = r.randrange(5)
    if topic == 0:
        say(
            user,
            True,
            r.choice(["快递三天了还没到😭 订单号", "我买的东西一直没发货，单号"]),
            " ",
            N(g.order_no(), "order"),
        )
        say(
            agent,
            False,
            "麻烦提供下收货人手机号哦，系统显示的是 ",
            N(g.masked_phone(), "masked"),
            " 吗",
        )
        say(user, True, r.choice(["手机", "电话事", "手机号吗是", "我电话"]), r.choice(["", " "]), phone_zh(g),
            r.choice(["", " 谢谢", "，尽快啊", " 🙏"]))  # fmt: skip
        say(
            agent,
            False,
            "查到了，物流单号 ",
            N(g.tracking(), "tracking"),
            "，预计",
            r.choice(["周末", "明天", "马上"]),
            "送达",
        )
    elif topic == 1:
        say(
            user,
            True,
            "地址填错了，帮我改成",
            r.choice(["", " "]),
            V(g.addr_zh(), ADDR),
            r.choice(["", "！", " 谢谢"]),
        )
        if r.random() < 0.5:
            say(
                user,
                True,
                "收件人写我",
                r.choice(["老公", "老婆", "妈妈", "同事"]),
                V(g.zh_name(), PER),
                "，电话",
                phone_zh(g),
            )
        say(
            agent,
            False,
            "好的亲，已经修改，原地址（",
            N(city_district(g), "admin_only"),
            "）已作废",
        )
    elif topic == 2:
        num, _ = g.ric()
        say(agent, False, "为了核实身份，请提供身份证号码")
        say(user, True, V(num, ID))
        say(agent, False, r.choice(["您提供的号码与实名信息不一致，您再核对一下？之前登记的是 ", "系统里另一个号码 "]),
            N(g.bad_ric(), "bad_ric"), "（校验不通过）")  # fmt: skip
        say(
            user,
            True,
            "退款打到我",
            r.choice(["银行卡", "储蓄卡", "借记卡"]),
            "吧：",
            V(g.debit_cn(), BA),
        )
    elif topic == 3:
        say(
            user,
            True,
            "我的车",
            V(g.plate(), PL),
            r.choice(["在地下二层停了三天", "被贴条了", "出不了闸"]),
            r.choice(["😡", "", "？？"]),
        )
        say(agent, False, "请问车主姓名和联系电话？")
        say(user, True, V(g.zh_name(), PER), " ", phone_zh(g))
        say(
            agent,
            False,
            "已登记，停车费",
            g.amount_zh(),
            "元，",
            r.choice(W.ZH_SURNAME_WORDS[:6]),
            "可以到物业前台处理",
        )
    else:
        say(user, True, r.choice(["余额不足怎么办", "钱包里的钱怎么提现", "金额扣了两次！"]))
        say(agent, False, "请提供绑定的邮箱或QQ号")
        say(user, True, r.choice(["邮箱 ", "email: ", "邮箱是"]), V(g.email(r.choice(["xiaoyu", "chenjing", "tiantian", "mumu"])), EM),
            "，QQ ", N(g.qq(), "qq"))  # fmt: skip
        say(
            agent,
            False,
            "已提交工单 ",
            N(g.ref9(), "ref9"),
            "，预计",
            str(r.randint(1, 3)),
            "个工作日内处理",
        )


def order(g: Gen, d: Doc) -> None:
    r = g.r
    d.add(r.choice(["【订单已提交】", "订单确认通知\n", "您的订单已发货！\n"]))
    d.fill(
        "订单编号：{o}\n下单时间：{t}\n",
        o=N(g.order_no(), "order"),
        t=N(g.timestamp(), "timestamp"),
    )
    item = r.choice(["李宁 韦德之道 篮球鞋 42码", "周大福 足金转运珠手链", "安踏 跑步鞋", "王老吉 凉茶 24罐",
                     "黄山毛峰 绿茶 250g", "华为 MatePad 11", "钱塘江 龙井 礼盒"])  # fmt: skip
    d.fill(
        "商品：{i} ×{n}  ¥{a}\n商品编码：{s}\n",
        i=item,
        n=str(r.randint(1, 3)),
        a=g.amount_zh(),
        s=N(g.sku(), "sku"),
    )
    name = g.zh_name()
    lab = r.choice(
        [
            ("收货人", "联系电话", "收货地址"),
            ("收件人", "手机", "地址"),
            ("收 货 人", "电 话", "送货地址"),
        ]
    )
    d.fill(
        "{a}：{n}\n{b}：{p}\n{c}：{ad}\n",
        a=lab[0],
        n=V(name, PER),
        b=lab[1],
        p=phone_zh(g),
        c=lab[2],
        ad=V(g.addr_zh(), ADDR),
    )
    if r.random() < 0.4:
        d.fill("付款方式：信用卡 {c}\n", c=V(g.card(), CC))
    else:
        d.fill(
            "付款方式：{w}（尾号{t}）\n",
            w=r.choice(["储蓄卡", "花呗", "微信支付"]),
            t=N(str(r.randint(1000, 9999)), "tail4"),
        )
    d.fill(
        "配送：{c} {t}\n",
        c=r.choice(["顺丰速运", "圆通", "京东物流", "极兔"]),
        t=N(g.tracking(), "tracking"),
    )
    if r.random() < 0.4:
        d.fill(
            "发票抬头：{c}  发票号码：{f}\n",
            c=r.choice(W.COMPANIES_ZH),
            f=N(g.safe_digits(20), "invoice"),
        )
    d.add(r.choice(["如有问题请联系在线客服。", "感谢您的购买，祝您生活愉快！", ""]))


def hr_form(g: Gen, d: Doc) -> None:
    r = g.r
    num, born = g.ric()
    sep = r.choice(["：", ": ", "\t", "｜"])
    d.add(r.choice(["员工入职登记表\n", "新员工信息采集表\n", "人事档案（内部）\n"]))
    rows: list[tuple[str, object]] = [
        (r.choice(["姓名", "姓 名", "员工姓名"]), V(g.zh_name(), PER)),
        ("性别", r.choice(["男", "女"])),
        (r.choice(["出生日期", "出生年月日", "生日"]), V(g.date_zh(born), DOB)),
        (r.choice(["身份证号", "身份证号码", "证件号码"]), V(num, ID)),
        (r.choice(["手机", "手机号码", "联系电话"]), V(g.cn_mobile(), PH)),
        (
            r.choice(["邮箱", "电子邮箱", "E-mail"]),
            V(g.email(r.choice(["work", "hr", "liyun", "dongdong"])), EM),
        ),
        (r.choice(["现住址", "现居住地址", "家庭住址"]), V(g.addr_zh(), ADDR)),
        (r.choice(["入职日期", "到岗日期"]), N(g.date_zh(g.birth(2020, 2024)), "date")),
        (r.choice(["工资卡账号", "工资卡卡号", "银行卡号"]), V(g.debit_cn(), BA)),
    ]
    if r.random() < 0.4:
        rows.append((r.choice(["车牌号", "车辆号牌"]), V(g.plate(), PL)))
    if r.random() < 0.3:
        rows.append((r.choice(["护照号码", "护照号"]), V(g.passport_cn(), PP)))
    if r.random() < 0.5:
        rows.append(("紧急联系人", V(g.zh_name(), PER)))
        rows.append(("紧急联系人电话", V(g.cn_mobile(), PH)))
    rows.append(
        ("工号", N(g.ref9() if r.random() < 0.5 else f"EMP{r.randint(10000, 99999)}", "ref9"))
    )
    tail = rows[4:]
    r.shuffle(tail)
    rows = rows[:4] + tail
    for k, v in rows:
        d.add(k, sep, v, "\n")  # type: ignore[arg-type]
    d.add(r.choice(["本人承诺以上信息真实有效。", "填表人签字：__________", ""]))


def police(g: Gen, d: Doc) -> None:
    r = g.r
    num, born = g.ric()
    name = g.zh_name()
    k = r.randrange(3)
    if k == 0:
        d.fill("{c}人民法院\n民 事 判 决 书\n（{y}）{a}民初{n}号\n原告：{p}，{s}，{b}生，汉族，住{ad}，公民身份号码{i}。\n",
               c=city_district(g), y=str(r.randint(2021, 2024)),
               a=r.choice(["浙0106", "京0105", "粤0305"]), n=str(r.randint(100, 9999)), p=V(name, PER),
               s=r.choice(["男", "女"]), b=V(f"{born.year}年{born.month}月{born.day}日", DOB),
               ad=V(g.addr_zh(), ADDR), i=V(num, ID))  # fmt: skip
        d.fill("委托诉讼代理人：{l}，{f}律师。\n被告：{x}，{s}，住{c}。\n",
               l=V(g.zh_name(), PER), f=r.choice(W.COMPANIES_ZH[4:5] + ["某某律师事务所"]),
               x=r.choice(["张某", "王某某", "李某", "刘某某"]), s=r.choice(["男", "女"]),
               c=N(r.choice(["北京市朝阳区", "杭州市余杭区", "南京市鼓楼区"]), "admin_only"))  # fmt: skip
        d.fill(
            "本院于{t}立案后，依法适用简易程序，公开开庭进行了审理。原告{p}到庭参加诉讼。",
            t=N(f"{r.randint(2021, 2024)}年{r.randint(1, 12)}月{r.randint(1, 28)}日", "date"),
            p=V(name, PER),
        )
    elif k == 1:
        d.fill(
            "接警记录\n报警时间：{t}\n报警人：{p}，联系电话{ph}\n",
            t=N(g.timestamp(), "timestamp"),
            p=V(name, PER),
            ph=phone_zh(g),
        )
        d.fill("简要案情：报警人称其驾驶的{pl}号小型轿车在{loc}附近与一辆{pl2}发生剐蹭，对方司机{q}驾车离开。",
               pl=V(g.plate(), PL), loc=r.choice(["王府井大街", "张江地铁站", "黄山路口", "万达广场"]),
               pl2=r.choice(["白色SUV", "电动车"]), q=r.choice(["未留联系方式即", "（男，约30岁）"]))  # fmt: skip
        d.fill("\n当事人身份证号：{i}，出生日期：{b}，户籍地址：{ad}。\n处警民警：{m}（警号{j}）",
               i=V(num, ID), b=V(g.date_zh(born), DOB), ad=V(g.addr_zh(), ADDR), m=V(g.zh_name(), PER),
               j=N(str(r.randint(100000, 999999)), "badge"))  # fmt: skip
    else:
        d.fill("询问笔录\n被询问人：{p}　性别：{s}　出生日期：{b}\n身份证件种类及号码：居民身份证 {i}\n现住址：{ad}\n联系方式：{ph}\n",
               p=V(name, PER), s=r.choice(["男", "女"]), b=V(g.date_zh(born), DOB), i=V(num, ID),
               ad=V(g.addr_zh(), ADDR), ph=phone_zh(g))  # fmt: skip
        if r.random() < 0.5:
            d.fill("护照号码：{pp}\n", pp=V(g.passport_cn(), PP))
        if r.random() < 0.3:
            d.fill("曾用身份证号（一代证）：{o}\n", o=V(g.ric15(), ID))
        d.fill("问：你把什么情况向公安机关反映？\n答：我在{w}被人骗了{a}元，对方自称{x}，让我把钱转到账号{acc}。",
               w=r.choice(["网上", "微信群里", "一个投资APP上"]), a=g.amount_zh(), x=r.choice(["客服", "王总", "李老师"]),
               acc=V(g.account(), BA))  # fmt: skip


def bank(g: Gen, d: Doc) -> None:
    r = g.r
    k = r.randrange(3)
    if k == 0:
        d.fill("【{b}】尊敬的{x}，您尾号{t}的储蓄卡于{m}月{dd}日{h}支出人民币{a}元，余额{bal}元。客服热线{hot}。",
               b=r.choice(["云杉银行", "鲸跃银行"]), x=r.choice(["客户", "张先生", "王女士"]), t=N(str(r.randint(1000, 9999)), "tail4"),
               m=str(r.randint(1, 12)), dd=str(r.randint(1, 28)), h=hhmm(g), a=g.amount_zh(), bal=g.amount_zh(),
               hot=N(f"95{r.randint(100, 999)}", "short_code"))  # fmt: skip
    elif k == 1:
        d.fill("开户确认书\n户名：{p}\n账号：{acc}\n开户日期：{dt}\n预留手机：{ph}\n证件号码：{i}\n",
               p=V(g.zh_name(), PER), acc=V(g.debit_cn() if r.random() < 0.5 else g.account(), BA),
               dt=N(g.date_zh(g.birth(2018, 2024)), "date"), ph=V(g.cn_mobile(), PH), i=V(g.ric()[0], ID))  # fmt: skip
        d.add(
            "原证件（",
            N(g.masked_id(), "masked"),
            "）已失效。请妥善保管，如有疑问请致电",
            N(f"95{r.randint(100, 999)}", "short_code"),
            "。",
        )
    else:
        d.fill(
            "信用卡账单提醒：{p}您好，您的信用卡 {c} 本期应还{a}元，最后还款日{dt}。",
            p=V(g.zh_name(), PER),
            c=V(g.card(), CC),
            a=g.amount_zh(),
            dt=N(f"{r.randint(1, 12)}月{r.randint(1, 28)}日", "date"),
        )
        if r.random() < 0.6:
            d.fill("另：卡号{b}的申请因校验失败被退回。", b=N(g.bad_card(), "bad_card"))


def csv_doc(g: Gen, d: Doc) -> None:
    r = g.r
    heads = r.choice([["姓名", "手机号", "身份证号", "地址"], ["name", "mobile", "id_card", "addr"],
                      ["客户姓名", "联系电话", "证件号", "出生日期", "车牌"], ["userName", "phoneNo", "idNo", "email"]])  # fmt: skip
    sep = r.choice([",", ",", "\t", "|"])
    d.add(sep.join(["序号"] + heads), "\n")
    for i in range(r.randint(2, 5)):
        num, born = g.ric()
        cells: dict[str, V] = {
            "姓名": V(g.zh_name(), PER), "name": V(g.zh_name(), PER), "客户姓名": V(g.zh_name(), PER),
            "userName": V(g.zh_name(), PER), "手机号": V(g.cn_mobile(0), PH), "mobile": V(g.cn_mobile(), PH),
            "联系电话": phone_zh(g), "phoneNo": V(g.cn_mobile(0), PH), "身份证号": V(num, ID), "id_card": V(num, ID),
            "证件号": V(num, ID), "idNo": V(num, ID), "地址": V(g.addr_zh(), ADDR), "addr": V(g.addr_zh(), ADDR),
            "出生日期": V(g.date_zh(born), DOB), "车牌": V(g.plate(), PL), "email": V(g.email("user"), EM),
        }  # fmt: skip
        d.add(str(i + 1))
        for h in heads:
            d.add(sep, cells[h])
        d.add("\n")


def json_doc(g: Gen, d: Doc) -> None:
    r = g.r
    keys = r.choice([
        {"姓名": PER, "手机号": PH, "身份证号": ID, "出生日期": DOB, "住址": ADDR},
        {"realName": PER, "mobileNo": PH, "idCardNo": ID, "birthDate": DOB, "plateNo": PL},
        {"cust_name": PER, "tel": PH, "email": EM, "bank_card_no": BA, "home_addr": ADDR},
        {"name": PER, "phone": PH, "passport_no": PP, "birthday": DOB, "ip": IP},
    ])  # fmt: skip
    indent = r.choice([None, 2])
    for _ in range(r.randint(1, 2)):
        num, born = g.ric()
        vals = {PER: g.zh_name(), PH: g.cn_mobile(r.choice([0, 0, 2, 4])), ID: num, DOB: g.date_zh(born),
                ADDR: g.addr_zh(), PL: g.plate(), EM: g.email("kefu"), BA: g.debit_cn(False),
                PP: g.passport_cn(), IP: g.ipv4()}  # fmt: skip
        fields: list[tuple[str, object]] = [
            ("id", N(g.order_no(), "order") if r.random() < 0.5 else r.randint(1, 9999))
        ]
        fields += [(k, V(vals[t], t)) for k, t in keys.items()]
        fields.append(
            (r.choice(["created_at", "创建时间", "updateTime"]), N(g.timestamp(), "timestamp"))
        )
        write_json(d, fields, indent, bare_digits=r.random() < 0.3)
        d.add("\n")


def log(g: Gen, d: Doc) -> None:
    r = g.r
    for _ in range(r.randint(2, 4)):
        t = N(g.timestamp(), "timestamp")
        k = r.randrange(5)
        lvl = r.choice(["INFO", "WARN", "ERROR", "DEBUG"])
        if k == 0:
            d.fill(
                "{t} {l} [sms-gateway] 短信发送成功 手机号={p} 模板=验证码 耗时={ms}ms\n",
                t=t,
                l=lvl,
                p=V(g.cn_mobile(0), PH),
                ms=str(r.randint(20, 900)),
            )
        elif k == 1:
            d.fill(
                "{t} {l} [kyc] 实名认证失败 姓名={n} 证件号={i} 原因=号码校验不通过\n",
                t=t,
                l=lvl,
                n=V(g.zh_name(), PER),
                i=N(g.bad_ric(), "bad_ric"),
            )
        elif k == 2:
            pre, ip, post = g.ip_port()
            d.fill(
                "{t} {l} [auth] 用户登录 uid={u} remote={a}{ip}{b} 客户端{v}\n",
                t=t,
                l=lvl,
                u=N(g.ref9(), "ref9"),
                a=pre,
                ip=V(ip, IP),
                b=post,
                v=N(g.version(), "version"),
            )
        elif k == 3:
            d.fill(
                "{t} {l} [pay] 支付回调 订单号={o} 金额={a} 持卡人={n}\n",
                t=t,
                l=lvl,
                o=N(g.order_no(), "order"),
                a=g.amount_zh(),
                n=V(g.zh_name(), PER),
            )
        else:
            num, _ = g.ric()
            d.fill(
                "{t} {l} [kyc] 实名认证通过 证件号={i} 车牌={p}\n",
                t=t,
                l=lvl,
                i=V(num, ID),
                p=V(g.plate(), PL),
            )


def news(g: Gen, d: Doc) -> None:
    r = g.r
    name = g.zh_name()
    vb = g.birth()
    k = r.randrange(3)
    if k == 0:
        d.fill("本报讯（记者{a}）近日，{c}警方破获一起电信诈骗案。犯罪嫌疑人{x}通过冒充客服，骗取受害人{v}（{b}出生）{m}万元。",
               a=V(g.zh_name(), PER), c=r.choice(["杭州", "深圳", "成都"]), x=r.choice(["张某", "王某某", "赵某"]),
               v=V(name, PER), b=V(f"{vb.year}年{vb.month}月{vb.day}日", DOB), m=str(r.randint(2, 90)))  # fmt: skip
        d.add(
            "警方提醒，",
            r.choice(["周末", "节假日"]),
            "期间请勿向陌生账户转账，如遇可疑情况请拨打110。",
        )
    elif k == 1:
        d.fill("{c}讯 {t}，{b}发布新品，{p}表示，公司位于{ad}的新园区将于明年投入使用。",
               c=r.choice(["张江", "王府井", "黄山"]), t=N(f"{r.randint(2023, 2025)}年{r.randint(1, 12)}月{r.randint(1, 28)}日", "date"),
               b=r.choice(W.ZH_BRAND_PLACES[:8]), p=V(g.zh_name(), PER) if r.random() < 0.7 else "相关负责人",
               ad=V(g.addr_zh(), ADDR))  # fmt: skip
        d.add("据悉，该产品", N(g.version(), "version"), "已同步上线。")
    else:
        d.fill("寻人启事：{p}，{s}，{b}生，身高约{h}厘米，于{t}在{loc}走失。如有线索请联系其家属{f}，电话{ph}。",
               p=V(name, PER), s=r.choice(["男", "女"]), b=V(g.date_zh(g.birth(1940, 2015)), DOB), h=str(r.randint(100, 185)),
               t=N(f"{r.randint(1, 12)}月{r.randint(1, 28)}日", "date"), loc=r.choice(["白云机场", "钟楼附近", "万达广场"]),
               f=V(g.zh_name(), PER), ph=phone_zh(g))  # fmt: skip


KINDS = {"chat": chat, "order": order, "hr_form": hr_form, "police": police, "bank": bank,
         "csv": csv_doc, "json": json_doc, "log": log, "news": news}  # fmt: skip
WEIGHTS = {
    "chat": 4,
    "order": 3,
    "hr_form": 3,
    "police": 3,
    "bank": 2,
    "csv": 2,
    "json": 2,
    "log": 2,
    "news": 2,
}
