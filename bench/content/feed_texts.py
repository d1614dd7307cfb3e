"""Hand-typed templates and word lists of the synthetic content feed (bench/content/make_feed.py).

Every brand, bank, courier, person, handle and domain here is invented; domains end in ``.example``.
A template is a ``str.format`` pattern; :func:`fill` draws its slots from :data:`SLOTS` with the
caller's ``random.Random`` so that the same seed gives the same text.

* ``SCAM`` — banned-seed templates per (language, category): scam, phishing, counterfeit.
* ``SAME_VOCAB`` — legitimate posts that use the scams' vocabulary (hard negatives).
* ``COUNTER`` — counter-speech that quotes a short fragment of a banned text (hard negatives).
* ``REPLIES`` — replies to a post (some quote a fragment).
* ``CHATTER`` — everyday posts (the innocent background).
* ``CAPTIONS`` / ``TEASERS`` — short generic captions of image and link posts, shared by banned and
  innocent posts alike.
"""

from __future__ import annotations

import random
import re
import string

SLOTS: dict[str, list[str]] = {
    "platform_zh": ["鑫盛", "汇金", "瑞丰", "恒通", "金诺", "国融", "聚宝", "泰和"],
    "platform_en": [
        "Goldwave",
        "Apexon",
        "Stellar Ridge",
        "NovaYield",
        "Crestline",
        "Bluefin Capital",
    ],
    "brand_zh": ["维罗", "金泰诺", "卢美", "佳雅", "凯斯特", "澜庭", "梵希", "奥朗"],
    "brand_en": [
        "Varello",
        "Kintaro",
        "Lumeo",
        "Castellan",
        "Orvane",
        "Belmora",
        "Tessaro",
        "Quillon",
    ],
    "product_zh": ["手表", "包包", "运动鞋", "香水", "墨镜", "皮带", "耳机", "围巾"],
    "product_en": [
        "watch",
        "handbag",
        "sneakers",
        "perfume",
        "sunglasses",
        "belt",
        "earbuds",
        "scarf",
    ],
    "bank_zh": ["华城银行", "东岳银行", "安和银行", "汇通银行", "长宁农商行", "南屿银行"],
    "bank_en": [
        "Northbridge Bank",
        "Harbor Union",
        "Kestrel Credit",
        "Elmfield Savings",
        "Pinecrest Bank",
    ],
    "courier_zh": ["迅达快递", "飞鸿速运", "安途物流", "捷运通", "云驰快运"],
    "courier_en": ["SwiftParcel", "Redline Post", "Parcelway", "Northstar Express", "QuickCourier"],
    "agency_zh": ["税务服务中心", "社保服务大厅", "公积金管理中心", "电子政务平台"],
    "agency_en": [
        "Revenue Service Portal",
        "Benefits Office",
        "Tax Refund Desk",
        "Licensing Bureau",
    ],
    "event_zh": ["周年庆", "年终回馈", "会员日", "新春", "双十二", "开业"],
    "event_en": ["anniversary draw", "year-end giveaway", "member day raffle", "spring lottery"],
    "prize_zh": ["笔记本电脑", "手机", "现金红包", "电动车", "购物卡", "黄金手链"],
    "prize_en": ["laptop", "smartphone", "cash reward", "e-bike", "gift card", "gold bracelet"],
    "role_zh": ["店员", "仓库管理员", "客服专员", "收银员", "配送员"],
    "role_en": ["cashier", "warehouse assistant", "support agent", "barista", "delivery rider"],
    "city_zh": ["杭州", "成都", "南京", "武汉", "西安", "厦门", "长沙", "青岛", "昆明"],
    "city_en": [
        "Riverton",
        "Lakeside",
        "Millbrook",
        "Ashford",
        "Eastvale",
        "Springhill",
        "Oakridge",
    ],
    "name_zh": ["李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "周婷", "吴昊"],
    "name_en": ["Alex Doe", "Sam Rivera", "Jordan Lee", "Taylor Moss", "Casey Ward", "Robin Hale"],
    "food_zh": ["火锅", "牛肉面", "小笼包", "烤鱼", "酸菜鱼", "煎饼果子", "螺蛳粉", "饺子"],
    "food_en": [
        "ramen",
        "tacos",
        "pancakes",
        "curry",
        "dumplings",
        "pizza",
        "noodle soup",
        "salad",
    ],
    "place_zh": ["西湖", "公园", "图书馆", "海边", "老街", "山顶", "博物馆", "菜市场"],
    "place_en": [
        "the park",
        "the library",
        "the beach",
        "the old town",
        "the museum",
        "the market",
    ],
    "pet_zh": ["猫", "狗", "仓鼠", "兔子", "鹦鹉"],
    "pet_en": ["cat", "dog", "hamster", "rabbit", "parrot"],
    "team_zh": ["主队", "校队", "城市队", "我们班"],
    "team_en": ["our team", "the home side", "the city club", "my kid's team"],
    "weather_zh": ["下雨", "大晴天", "降温", "刮大风", "下雪", "闷热"],
    "weather_en": ["raining", "sunny", "freezing", "windy", "snowing", "humid"],
    "thing_zh": ["新书", "电影", "纪录片", "播客", "展览", "话剧"],
    "thing_en": ["book", "movie", "documentary", "podcast", "exhibition", "play"],
    "adj_zh": ["不错", "一般", "超好", "有点贵", "很值", "惊喜"],
    "adj_en": ["great", "okay", "amazing", "a bit pricey", "worth it", "surprisingly good"],
    "day_zh": ["周一", "周三", "周五", "周末", "今天", "昨天"],
    "day_en": ["Monday", "Wednesday", "Friday", "the weekend", "today", "yesterday"],
}
NUMBERS: dict[str, tuple[int, int]] = {
    "pct": (3, 30), "n": (3, 20), "hours": (2, 48), "amount": (300, 9000), "fee": (2, 30),
    "price": (150, 1900), "code": (1000, 9999), "years": (2, 12), "minutes": (10, 90),
    "count": (2, 40),
}  # fmt: skip

SCAM: dict[tuple[str, str], list[str]] = {
    ("zh", "scam"): [
        "【内部消息】{platform_zh}投资群，导师每天带单，日收益{pct}%，稳赚不赔，名额仅剩{n}个，"
        "加微信{wx}进群，备注{code}。",
        "恭喜您被抽中{brand_zh}{event_zh}{prize_zh}，价值{amount}元，请在{hours}小时内加微信{wx}领取，逾期作废。",
        "招聘兼职刷单，在家动动手指日赚{amount}元，无需押金，当天结算，有意者加微信{wx}，{city_zh}本地优先。",
    ],
    ("zh", "phishing"): [
        "【{bank_zh}】尊敬的客户，您的账户存在异常，将于{hours}小时内冻结，请立即登录{domain}完成身份验证，回复TD退订。",
        "【{courier_zh}】您的包裹因地址不详无法派送，请于今日内访问{domain}补充信息并支付{fee}元手续费。",
        "【{agency_zh}】您有一笔{amount}元个税退款待领取，请点击{domain}填写银行卡信息办理，编号{code}。",
    ],
    ("zh", "counterfeit"): [
        "{brand_zh}原单{product_zh}，一比一复刻，专柜品质，支持验货，仅售{price}元，包邮，要的加微信{wx}。",
        "高仿{brand_zh}{product_zh}，顶级版本，细节对版，{price}元一件，批发零售，微信{wx}，朋友圈每日更新。",
    ],
    ("en", "scam"): [
        "Join our private {platform_en} signals group! Our mentor guarantees {pct}% daily profit with zero "
        "risk. Only {n} seats left, add me on WeChat {wx} and quote code {code}.",
        "Congratulations! Your number was drawn in the {brand_en} {event_en}. You won a {prize_en} worth "
        "${amount}. Add our agent on WeChat {wx} within {hours} hours or the prize expires.",
        "Work from home liking videos and earn ${amount} a day, no experience, paid daily, no deposit. "
        "Message our recruiter on WeChat {wx} to start today, {city_en} residents first.",
    ],
    ("en", "phishing"): [
        "{bank_en} alert: unusual sign-in detected on your account. Access will be suspended in {hours} "
        "hours unless you verify your identity at {domain} now. Ref {code}.",
        "{courier_en}: your package could not be delivered because the address is incomplete. Pay the "
        "${fee} redelivery fee at {domain} today to reschedule.",
        "{agency_en}: you are eligible for a tax refund of ${amount}. Submit your card details at {domain} "
        "within {hours} hours to receive it, case {code}.",
    ],
    ("en", "counterfeit"): [
        "Top grade replica {brand_en} {product_en}, 1:1 mirror quality, comes with box and papers, only "
        "${price}, worldwide shipping. DM me on WeChat {wx} for the catalogue.",
        "Factory direct {brand_en} {product_en} copies, identical to the boutique version, ${price} each, "
        "wholesale welcome, WeChat {wx}, new stock every day.",
    ],
}

SAME_VOCAB: dict[str, list[str]] = {
    "zh": [
        "今天去{bank_zh}网点办业务，柜员提醒银行不会让客户点链接验证身份，账户有异常请拨打官方客服电话。",
        "{courier_zh}的快递员说包裹明天派送，不需要额外手续费，收到补缴运费的短信别理。",
        "我们店招聘兼职{role_zh}，需到{city_zh}门店面试，签正式合同，详情见官网招聘页。",
        "恭喜{name_zh}在{event_zh}活动中获得{prize_zh}！奖品已在现场颁发，感谢大家参与。",
        "基金定投{years}年的感受：收益有涨有跌，投资有风险，世上没有稳赚不赔的产品。",
        "我的{brand_zh}{product_zh}是在专柜买的，发票保修卡都在，二手转让{price}元，同城面交。",
        "家里老人差点被骗，说什么加微信领红包，大家多提醒长辈，{bank_zh}不会发这种消息。",
        "{agency_zh}提示：个税退税只在官方App办理，请勿向任何人提供银行卡密码和验证码。",
    ],
    "en": [
        "Reminder from {bank_en}: we will never ask you to verify your account through a link in a "
        "message. Use the official app or call the number on your card.",
        "My {courier_en} package arrived {day_en}, no extra fee, the driver was lovely.",
        "We are hiring part-time {role_en}s, interviews at our {city_en} store, proper contract and payslip.",
        "Congrats to {name_en} who won the {prize_en} at our {event_en}! Prizes were handed out on stage.",
        "Investing lesson of the day: there is no guaranteed daily profit. Anyone promising one is lying.",
        "Selling my authentic {brand_en} {product_en}, bought in store, receipt included, ${price}, "
        "local pickup only.",
        "My grandma almost fell for a prize message asking her to add someone on WeChat. Talk to your "
        "parents about these.",
        "{agency_en} reminder: refunds are only paid through the official portal; never share card "
        "details by message.",
    ],
}

COUNTER: dict[str, list[str]] = {
    "zh": [
        "大家注意！最近流传一条“{frag}……”的消息，是诈骗，千万不要相信，已向平台举报。",
        "辟谣：“{frag}”这种说法是假的，警方已经提醒过多次，请勿转账。",
        "又看到有人发“{frag}”，这是典型骗局，转给家里长辈看看。",
    ],
    "en": [
        'PSA: a message saying "{frag}..." is going around. It is a scam, do not reply, report it.',
        'Fact check: "{frag}" is false. Police have warned about this one several times.',
        'If you see "{frag}" in your inbox, block and report. Share this with your parents.',
    ],
}

REPLIES: dict[str, list[str]] = {
    "zh": ["这是真的吗？", "骗子吧", "已举报", "楼主小心", "千万别信", "谁信谁上当", "求链接",
           "“{frag}”，一看就是假的", "我也收到过“{frag}”这种短信"],
    "en": ["Is this real?", "Scam. Reported.", "Don't click that", "lol no", "Who falls for this?",
           "Careful everyone", '"{frag}" - yeah right', 'I got the same "{frag}" text yesterday'],
}  # fmt: skip

CHATTER: dict[str, list[str]] = {
    "zh": [
        "{day_zh}和朋友去吃了{food_zh}，味道{adj_zh}，下次还来。",
        "{city_zh}今天{weather_zh}，出门记得带伞，路上有点堵。",
        "周末带{pet_zh}去{place_zh}散步，它玩得特别开心。",
        "刚看完一部{thing_zh}，{adj_zh}，推荐给大家。",
        "{team_zh}今晚赢了{count}分，太激动了！",
        "在{place_zh}待了一下午，拍了好多照片，{adj_zh}。",
        "{day_zh}加班到九点，回家煮了碗{food_zh}，终于可以休息了。",
        "有人知道{city_zh}哪里的{food_zh}最正宗吗？求推荐。",
        "今天跑了{count}公里，{weather_zh}也没挡住我。",
        "图书馆新到了一批{thing_zh}，排队借的人好多。",
        "第{count}天学做饭，今天挑战{food_zh}，结果{adj_zh}。",
        "{name_zh}生日快乐！愿新的一岁平安顺利。",
        "{city_zh}地铁新线开通了，去{place_zh}只要{minutes}分钟。",
        "早上在{place_zh}看到日出，心情{adj_zh}。",
    ],
    "en": [
        "Had {food_en} with friends {day_en}, it was {adj_en}. Would go again.",
        "It is {weather_en} in {city_en} today, traffic is a mess.",
        "Took my {pet_en} to {the_place} this morning, best walk of the week.",
        "Just finished a {thing_en} everyone recommended. Honestly {adj_en}.",
        "{team_en} won by {count} points tonight, what a game!",
        "Spent the afternoon at {the_place}, took way too many photos.",
        "Worked late {day_en}, made some {food_en} at home, finally resting.",
        "Anyone know where to get good {food_en} in {city_en}? Asking for a friend.",
        "Ran {count} km today, the {weather_en} weather did not stop me.",
        "Day {count} of learning to cook: {food_en}. Result: {adj_en}.",
        "Happy birthday {name_en}! Have a wonderful year.",
        "The new train line in {city_en} gets you to {the_place} in {minutes} minutes.",
        "Sunrise at {the_place} today. Felt {adj_en}.",
        "Our book club picked a {thing_en} for next month, {adj_en} choice.",
    ],
}

CAPTIONS: dict[str, list[str]] = {
    "zh": ["看看这个", "好价！", "刚收到的", "分享一下", "今日份", "有人要吗", "图片来了", "随手拍"],
    "en": ["look at this", "good deal!", "just arrived", "sharing this", "today's pick", "anyone?",
           "pic of the day", "new in"],
}  # fmt: skip
TEASERS: dict[str, list[str]] = {
    "zh": ["限时活动，详情点链接", "看这里", "链接在此", "这个网站不错", "活动入口"],
    "en": ["details here", "check this out", "link below", "found this site", "sign up here"],
}
RESHARE_COMMENTS: dict[str, list[str]] = {
    "zh": ["", "", "转发", "看看", "转", "真的假的", "分享"],
    "en": ["", "", "sharing", "wow", "fyi", "look", "hmm"],
}
EMBED_PREFIX: dict[str, list[str]] = {
    "zh": ["群里刚看到的，大家看看：", "朋友转给我的，", "早上收到一条消息：", "刚刷到这个，"],
    "en": ["Saw this in a group chat today: ", "A friend forwarded me this. ", "Got this earlier: ",
           "Posting this here: "],
}  # fmt: skip
EMBED_SUFFIX: dict[str, list[str]] = {
    "zh": ["有人了解吗？我先去上班了。", "今天天气不错，晚上吃什么还没想好。", "转给有需要的朋友。",
           "先记下来，周末再说。"],
    "en": [" Anyone tried it? Off to work now.", " Anyway, lovely weather today, no idea what to cook.",
           " Passing it on.", " Saving this for the weekend."],
}  # fmt: skip

HOSTS_SHARED = ["pages.example", "drive.example", "sites.example", "forms.example"]
HOSTS_INNOCENT = ["news.example", "recipes.example", "weather.example", "shop.example",
                  "video.example", "blog.example", "library.example", "transit.example"]  # fmt: skip
SHORTENERS = ["s.example", "t.example", "dwz.example", "url.example"]
DOMAIN_WORDS = ["secure", "verify", "login", "account", "refund", "service", "update", "help"]
PATH_WORDS = ["login", "verify", "claim", "pay", "update", "confirm", "track", "refund"]

_SLOT = re.compile(r"\{(\w+)\}")


def fill(template: str, rng: random.Random, fixed: dict[str, str] | None = None) -> str:
    """``template`` with each slot drawn by ``rng`` (``fixed`` values win)."""
    fixed = fixed or {}
    values: dict[str, str] = {}
    for slot in _SLOT.findall(template):
        if slot in values:
            continue
        values[slot] = fixed[slot] if slot in fixed else draw(slot, rng)
    return template.format(**values)


def draw(slot: str, rng: random.Random) -> str:
    if slot in SLOTS:
        return rng.choice(SLOTS[slot])
    if slot in NUMBERS:
        lo, hi = NUMBERS[slot]
        return str(rng.randint(lo, hi))
    if slot == "wx":
        return handle(rng)
    if slot == "domain":
        return phishing_host(rng)
    if slot == "the_place":
        return rng.choice(SLOTS["place_en"])
    raise KeyError(slot)


def handle(rng: random.Random) -> str:
    """An invented messenger handle such as ``lucky_8831`` or ``vip66a``."""
    word = rng.choice(
        ["lucky", "vip", "kefu", "happy", "gold", "xiaomei", "mentor", "agent", "star"]
    )
    tail = "".join(rng.choice(string.digits) for _ in range(rng.randint(3, 5)))
    return f"{word}{rng.choice(['_', '', '-'])}{tail}{rng.choice(['', 'a', 'x'])}"


def phishing_host(rng: random.Random) -> str:
    brand = rng.choice(SLOTS["brand_en"] + SLOTS["bank_en"] + SLOTS["courier_en"])
    slug = re.sub(r"[^a-z]", "", brand.lower())[:10]
    return f"{slug}-{rng.choice(DOMAIN_WORDS)}{rng.randint(1, 99)}.example"


def token(rng: random.Random, n: int = 6) -> str:
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))
