# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""Minimal cases of bench/pii/LABELS.md (rules and clarifications) — runs lawbridge's engine on each
and prints the ones where its spans differ from the convention. Runs in lawbridge's .venv:

  .venv/bin/python bench/pii/probe_conventions.py [--all]

Each case is (text, [(value, TYPE), ...]): the spans LABELS.md expects, written as their text (each
value occurs once in its text). They are cut from dev-set documents where the engine disagreed with the
labels, shortened to the part that matters; this is feedback for the engine, not a test suite.
"""

from __future__ import annotations

import json
import sys

CASES: list[tuple[str, list[tuple[str, str]]]] = [
    (
        '{"name": "Wan Lin", "id_card": "110101195305019512", "amount": "$63898"}',
        [("Wan Lin", "PERSON"), ("110101195305019512", "CN_RESIDENT_ID")],
    ),
    (
        '{"bank_account": "47911051777548245", "id_card": "320102200410240111"}',
        [("47911051777548245", "BANK_ACCOUNT"), ("320102200410240111", "CN_RESIDENT_ID")],
    ),
    (
        '{"app_version": "1.2.14.22", "id_card": "340104198610080809"}',
        [("340104198610080809", "CN_RESIDENT_ID")],
    ),
    ("客户的银行卡号6228380926731510688退款失败", [("6228380926731510688", "BANK_ACCOUNT")]),
    (
        "退款请打到我的储蓄卡，卡号6228238992919976293，开户行是招商银行",
        [("6228238992919976293", "BANK_ACCOUNT")],
    ),
    ('{"信用卡号": "6259 8991 7032 5482 066"}', [("6259 8991 7032 5482 066", "CREDIT_CARD")]),
    (
        "客户称信用卡6259-6512-2079-1818-240在2022-10-20被重复扣款",
        [("6259-6512-2079-1818-240", "CREDIT_CARD")],
    ),
    ("Card 6228 3230 1521 7549 064 was rejected by the processor.", []),
    ("信用卡号2720637086190333校验失败。", []),
    (
        "[INFO] 银行卡6212 9925 9517 0446 672绑定失败，户名龚博瑞\n20210909030555 [DEBUG] 请求",
        [("6212 9925 9517 0446 672", "BANK_ACCOUNT"), ("龚博瑞", "PERSON")],
    ),
    ("Routing number: 093954943\nPassport number: Z11975734", [("Z11975734", "PASSPORT")]),
    ("Passport number: M81204602\nRouting number: 058598768", [("M81204602", "PASSPORT")]),
    ("打+86-15263626523找钱芳就行", [("+86-15263626523", "PHONE"), ("钱芳", "PERSON")]),
    (
        "Please call Elliot Price back at 312.214.2145 before Friday.",
        [("Elliot Price", "PERSON"), ("312.214.2145", "PHONE")],
    ),
    ("打180 6400 2236找长孙晓桂就行", [("180 6400 2236", "PHONE"), ("长孙晓桂", "PERSON")]),
    (
        'rolled out to 333 hosts\n203.13.226.67 - - [22/Dec/2025:13:34:54 +0800] "GET /',
        [("203.13.226.67", "IP_ADDRESS")],
    ),
    ("We updated to v2.10.3.1 last night.", []),
    (
        "Home address: 5896 Hillcrest Ln, Salem, OR 97301",
        [("5896 Hillcrest Ln, Salem, OR 97301", "ADDRESS")],
    ),
    (
        "ship to 7685 Harbor Ave, Salem, OR 97332-5328.",
        [("7685 Harbor Ave, Salem, OR 97332-5328", "ADDRESS")],
    ),
    (
        "billing address to 3019 Mill St, Suite 247, Austin, TX 78727.",
        [("3019 Mill St, Suite 247, Austin, TX 78727", "ADDRESS")],
    ),
    (
        "Our new office: 皇姑区光华南路76号星河大厦A座903室. Tel",
        [("皇姑区光华南路76号星河大厦A座903室", "ADDRESS")],
    ),
    ("不服南京市鼓楼区人民法院2020年9月15日作出的判决", []),
    (
        "原告孙昊凤，女，1958/3/16生，身份证号码610113198401020852",
        [
            ("孙昊凤", "PERSON"),
            ("1958/3/16", "DATE_OF_BIRTH"),
            ("610113198401020852", "CN_RESIDENT_ID"),
        ],
    ),
    (
        '{"name": "马凯雨", "birth_date": "1948/03/26"}',
        [("马凯雨", "PERSON"), ("1948/03/26", "DATE_OF_BIRTH")],
    ),
    ('{"dob": "19750204"}', [("19750204", "DATE_OF_BIRTH")]),
    ("Date of birth: 03/17/1947\nSigned: July 31, 2023", [("03/17/1947", "DATE_OF_BIRTH")]),
    (
        "我出生日期是1946-11-09，系统里显示的不对\n会议定于2020.04.12在2306会议室召开。",
        [("1946-11-09", "DATE_OF_BIRTH")],
    ),
    (
        "The court heard that Jonathan R Rogers transferred funds.",
        [("Jonathan R Rogers", "PERSON")],
    ),
    ("[08:28] Dmitri Ward: My phone number is", [("Dmitri Ward", "PERSON")]),
    ('{"name": "ZHOU Xiaoyi", "status": "paid"}', [("ZHOU Xiaoyi", "PERSON")]),
    (
        "The company's chief executive, Zeng Linhang, said revenue rose.",
        [("Zeng Linhang", "PERSON")],
    ),
    (
        "Leiyu Yin born on Nov 20, 1953",
        [("Leiyu Yin", "PERSON"), ("Nov 20, 1953", "DATE_OF_BIRTH")],
    ),
    ("请联系 Ms. He，她负责 KYC review。", [("He", "PERSON")]),
    ("| 客户姓名 | 段然 |", [("段然", "PERSON")]),
    ('{"姓名": "袁宏", "订单号": "DD20250403665040"}', [("袁宏", "PERSON")]),
    (
        "用户付雨登录成功，IP：203.232.221.170",
        [("付雨", "PERSON"), ("203.232.221.170", "IP_ADDRESS")],
    ),
    ("记者长孙玉报道：2020年11月17日", [("长孙玉", "PERSON")]),
    (
        "涉案车辆车牌为云DF81008，驾驶人梁涵斌已被依法处理。",
        [("云DF81008", "CN_LICENSE_PLATE"), ("梁涵斌", "PERSON")],
    ),
    ("市民崔晨告诉记者，她在王府井附近的商场被骗走¥32,036.00。", [("崔晨", "PERSON")]),
    (
        "第三人曾思斌，住岳麓区花园大街124号3号楼1901室",
        [("曾思斌", "PERSON"), ("岳麓区花园大街124号3号楼1901室", "ADDRESS")],
    ),
    (
        "Description: Caller claimed to be the spouse of Tiffany Ross; no details were disclosed.",
        [("Tiffany Ross", "PERSON")],
    ),
    ("[11:52] 梁敏：App版本号是v1.7.2.199，更新后就打不开了", [("梁敏", "PERSON")]),
    ("The meeting is on Jan 15, 2020 in room 2606.", []),
    (
        "Emily Thompson: Wire the refund to IBAN NL74BVFY8123456789 please.",
        [("Emily Thompson", "PERSON")],
    ),
    ("Bryan Maclean's killers sentenced to life", [("Bryan Maclean", "PERSON")]),
    (
        "同事Walter L Peterson的手机是(702) 238-3923，他在San Francisco办公室。",
        [("Walter L Peterson", "PERSON"), ("(702) 238-3923", "PHONE")],
    ),
    ("客户的 IP 是 66.49.203.112，设备 A3971，App 1.18.28.42", [("66.49.203.112", "IP_ADDRESS")]),
]


def main() -> int:
    from lawbridge.engines.pii import Analyzer

    analyzer = Analyzer()
    differ = 0
    for text, expected in CASES:
        got = [(text[f.start : f.end], f.type) for f in analyzer.analyze(text)]
        same = sorted(got) == sorted(expected)
        differ += not same
        if not same or "--all" in sys.argv:
            print("OK  " if same else "DIFF", json.dumps(text, ensure_ascii=False))
            print("     expected", expected)
            print("     got     ", got)
    print(f"{differ} of {len(CASES)} cases differ from LABELS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
