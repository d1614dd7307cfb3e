"""Hand-typed word lists for the PII dev set (bench/pii/make_devset.py).

Typed for this benchmark: not Faker (Presidio's own evaluation data is made with Faker) and not read
from lawbridge's tables (the test stays independent of the engine). Every person built from these
lists is invented.
"""

from __future__ import annotations

# Chinese single-character surnames with their pinyin (surname reading).
ZH_SURNAMES: dict[str, str] = {
    "王": "Wang", "李": "Li", "张": "Zhang", "刘": "Liu", "陈": "Chen", "杨": "Yang", "黄": "Huang",
    "赵": "Zhao", "吴": "Wu", "周": "Zhou", "徐": "Xu", "孙": "Sun", "马": "Ma", "朱": "Zhu",
    "胡": "Hu", "郭": "Guo", "何": "He", "高": "Gao", "林": "Lin", "罗": "Luo", "郑": "Zheng",
    "梁": "Liang", "谢": "Xie", "宋": "Song", "唐": "Tang", "许": "Xu", "韩": "Han", "冯": "Feng",
    "邓": "Deng", "曹": "Cao", "彭": "Peng", "曾": "Zeng", "肖": "Xiao", "田": "Tian", "董": "Dong",
    "袁": "Yuan", "潘": "Pan", "蒋": "Jiang", "蔡": "Cai", "余": "Yu", "杜": "Du", "叶": "Ye",
    "程": "Cheng", "苏": "Su", "魏": "Wei", "吕": "Lyu", "丁": "Ding", "任": "Ren", "沈": "Shen",
    "姚": "Yao", "卢": "Lu", "姜": "Jiang", "崔": "Cui", "钟": "Zhong", "谭": "Tan", "陆": "Lu",
    "汪": "Wang", "范": "Fan", "金": "Jin", "石": "Shi", "廖": "Liao", "贾": "Jia", "夏": "Xia",
    "韦": "Wei", "付": "Fu", "方": "Fang", "白": "Bai", "邹": "Zou", "孟": "Meng", "熊": "Xiong",
    "秦": "Qin", "邱": "Qiu", "江": "Jiang", "尹": "Yin", "薛": "Xue", "闫": "Yan", "段": "Duan",
    "雷": "Lei", "侯": "Hou", "龙": "Long", "史": "Shi", "陶": "Tao", "黎": "Li", "贺": "He",
    "顾": "Gu", "毛": "Mao", "郝": "Hao", "龚": "Gong", "邵": "Shao", "万": "Wan", "钱": "Qian",
    "严": "Yan", "覃": "Qin", "武": "Wu", "戴": "Dai", "莫": "Mo", "孔": "Kong", "汤": "Tang",
}  # fmt: skip

ZH_COMPOUND_SURNAMES: dict[str, str] = {
    "欧阳": "Ouyang", "司马": "Sima", "上官": "Shangguan", "诸葛": "Zhuge", "东方": "Dongfang",
    "皇甫": "Huangfu", "尉迟": "Yuchi", "令狐": "Linghu", "慕容": "Murong", "司徒": "Situ",
    "夏侯": "Xiahou", "公孙": "Gongsun", "端木": "Duanmu", "宇文": "Yuwen", "长孙": "Zhangsun",
}  # fmt: skip

# Given-name characters with their pinyin.
ZH_GIVEN: dict[str, str] = {
    "伟": "wei", "芳": "fang", "娜": "na", "敏": "min", "静": "jing", "丽": "li", "强": "qiang",
    "磊": "lei", "军": "jun", "洋": "yang", "勇": "yong", "艳": "yan", "杰": "jie", "娟": "juan",
    "涛": "tao", "明": "ming", "超": "chao", "秀": "xiu", "霞": "xia", "平": "ping", "刚": "gang",
    "桂": "gui", "英": "ying", "华": "hua", "玉": "yu", "萍": "ping", "红": "hong", "建": "jian",
    "文": "wen", "辉": "hui", "鹏": "peng", "宇": "yu", "浩": "hao", "欣": "xin", "怡": "yi",
    "婷": "ting", "雪": "xue", "琳": "lin", "晨": "chen", "博": "bo", "睿": "rui", "思": "si",
    "佳": "jia", "梓": "zi", "晓": "xiao", "志": "zhi", "国": "guo", "海": "hai", "春": "chun",
    "颖": "ying", "慧": "hui", "凯": "kai", "嘉": "jia", "泽": "ze", "瑞": "rui", "倩": "qian",
    "璐": "lu", "昊": "hao", "然": "ran", "诗": "shi", "雨": "yu", "梦": "meng", "琪": "qi",
    "轩": "xuan", "涵": "han", "彤": "tong", "俊": "jun", "峰": "feng", "斌": "bin", "云": "yun",
    "亮": "liang", "兰": "lan", "凤": "feng", "霖": "lin", "瑶": "yao", "晶": "jing", "鑫": "xin",
    "宏": "hong", "毅": "yi", "铭": "ming", "悦": "yue", "航": "hang", "馨": "xin", "蕾": "lei",
}  # fmt: skip

# Surname + given combinations that read as ordinary words are never generated.
ZH_NAME_BLOCKLIST = frozenset(
    {"王子", "高明", "金华", "江华", "周明", "方明", "高强", "白云", "黄海", "江海", "石林",
     "龙华", "万华", "高华", "文明", "何时", "马云", "高峰", "钟情", "任性", "高亮", "白雪",
     "海军", "金文", "杜鹃", "江南", "余华", "钱海", "方静", "严明", "孔明", "石华", "龙凤",
     "苏州", "夏雨", "秦晨", "黎明", "史诗", "钟鑫", "金鑫", "万鑫"}
)  # fmt: skip

EN_FIRST: tuple[str, ...] = (
    "James", "Emily", "Michael", "Sarah", "Robert", "Jessica", "David", "Laura", "Daniel",
    "Megan", "Thomas", "Rachel", "Andrew", "Hannah", "Kevin", "Olivia", "Brian", "Natalie",
    "Jason", "Lauren", "Eric", "Amanda", "Steven", "Rebecca", "Timothy", "Victoria", "Gregory",
    "Melissa", "Patrick", "Caroline", "Nathan", "Abigail", "Samuel", "Danielle", "Peter",
    "Heather", "Jonathan", "Kimberly", "Jeffrey", "Allison", "Raymond", "Brenda", "Harold",
    "Gloria", "Dennis", "Theresa", "Walter", "Denise", "Russell", "Priya", "Carlos", "Sofia",
    "Mateo", "Isabel", "Ahmed", "Fatima", "Dmitri", "Elena", "Kenji", "Yuki", "Oluwaseun",
    "Marcus", "Tiffany", "Derek", "Bethany", "Trevor", "Chloe", "Garrett", "Leah", "Wesley",
    "Ingrid", "Colin", "Miriam", "Felix", "Nadia", "Owen", "Clara", "Elliot", "Vivian",
)  # fmt: skip

EN_MIDDLE: tuple[str, ...] = (
    "Andrew", "Marie", "Lee", "Ann", "James", "Louise", "Ray", "Grace", "Paul", "Rose", "Jean",
    "Lynn", "Scott", "Elaine", "Wayne", "Claire",
)  # fmt: skip

EN_LAST: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Miller", "Davis", "Garcia", "Rodriguez", "Wilson",
    "Martinez", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Thompson", "White", "Harris",
    "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
    "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner",
    "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris",
    "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell",
    "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett",
    "Gray", "Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster", "O'Connor",
    "McAllister", "Fitzgerald", "Kowalski", "Nakamura", "Okafor", "Petrov", "Haddad",
    "Lindqvist", "Delgado", "Hartley", "Whitfield", "Ashworth", "Pemberton", "Sullivan",
)  # fmt: skip

EN_TITLES = ("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mr", "Ms", "Dr")
ZH_TITLES = ("先生", "女士", "老师", "经理", "医生", "律师", "主任", "总")

# (province or None for a municipality, city, districts, road-name stems)
ZH_PLACES: tuple[tuple[str | None, str, tuple[str, ...]], ...] = (
    (None, "北京市", ("朝阳区", "海淀区", "东城区", "西城区", "丰台区", "通州区")),
    (None, "上海市", ("浦东新区", "徐汇区", "静安区", "闵行区", "杨浦区")),
    (None, "天津市", ("和平区", "南开区", "河西区")),
    (None, "重庆市", ("渝中区", "江北区", "沙坪坝区")),
    ("广东省", "深圳市", ("南山区", "福田区", "宝安区", "龙岗区")),
    ("广东省", "广州市", ("天河区", "越秀区", "海珠区", "番禺区")),
    ("浙江省", "杭州市", ("西湖区", "滨江区", "余杭区", "拱墅区")),
    ("江苏省", "南京市", ("鼓楼区", "玄武区", "建邺区")),
    ("江苏省", "苏州市", ("姑苏区", "工业园区", "吴中区")),
    ("四川省", "成都市", ("武侯区", "锦江区", "青羊区")),
    ("湖北省", "武汉市", ("洪山区", "江汉区", "武昌区")),
    ("山东省", "青岛市", ("市南区", "崂山区", "黄岛区")),
    ("福建省", "厦门市", ("思明区", "湖里区")),
    ("陕西省", "西安市", ("雁塔区", "碑林区", "未央区")),
    ("河南省", "郑州市", ("金水区", "二七区", "中原区")),
    ("湖南省", "长沙市", ("岳麓区", "芙蓉区", "天心区")),
    ("辽宁省", "沈阳市", ("和平区", "沈河区", "皇姑区")),
)

ZH_ROAD_STEMS = (
    "建国", "中山", "人民", "解放", "科技", "文三", "长江", "黄河", "和平", "新华", "学院",
    "滨海", "望京", "丹桂", "青枫", "云栖", "春晓", "松涛", "梧桐", "银杏", "东湖", "翠微",
    "星光", "朝晖", "育才", "复兴", "光华", "枫林", "永安", "明珠", "青年", "花园",
)  # fmt: skip
ZH_ROAD_SUFFIXES = ("路", "大道", "街", "大街", "东路", "西路", "南路", "北路", "中路")
ZH_BUILDINGS = (
    "华茂",
    "金鼎",
    "星河",
    "环球",
    "锦绣",
    "万象",
    "瑞丰",
    "恒基",
    "鸿福",
    "远景",
    "天元",
    "嘉禾",
)
ZH_ESTATES = (
    "阳光花园",
    "翠苑",
    "碧水湾",
    "金色家园",
    "幸福里",
    "春和园",
    "绿洲小区",
    "紫荆苑",
    "南湖小区",
)

US_STREETS = (
    "Maple", "Oak", "Cedar", "Pine", "Elm", "Willow", "Birch", "Walnut", "Chestnut", "Spruce",
    "Lakeview", "Hillcrest", "Riverside", "Park", "Meadow", "Sunset", "Highland", "Ridge",
    "Harbor", "Orchard", "Valley", "Spring", "Mill", "Church", "Market", "Union", "Franklin",
    "Madison", "Jefferson", "Lincoln", "Washington", "Magnolia", "Juniper", "Sycamore",
)  # fmt: skip
US_SUFFIXES = (
    "St",
    "Street",
    "Ave",
    "Avenue",
    "Blvd",
    "Rd",
    "Road",
    "Dr",
    "Drive",
    "Ln",
    "Way",
    "Ct",
    "Pl",
)
US_CITIES: tuple[tuple[str, str, str], ...] = (
    ("Springfield", "IL", "627"), ("Austin", "TX", "787"), ("Portland", "OR", "972"),
    ("Denver", "CO", "802"), ("Seattle", "WA", "981"), ("Boston", "MA", "021"),
    ("San Jose", "CA", "951"), ("Columbus", "OH", "432"), ("Madison", "WI", "537"),
    ("Raleigh", "NC", "276"), ("Phoenix", "AZ", "850"), ("Nashville", "TN", "372"),
    ("Albany", "NY", "122"), ("Brooklyn", "NY", "112"), ("Oakland", "CA", "946"),
    ("Tampa", "FL", "336"), ("Salem", "OR", "973"), ("Boise", "ID", "837"),
    ("Richmond", "VA", "232"), ("Ann Arbor", "MI", "481"), ("Santa Fe", "NM", "875"),
)  # fmt: skip
US_AREA_CODES = (
    "212", "415", "312", "617", "206", "303", "512", "646", "702", "808", "919", "971", "213",
    "310", "404", "469", "503", "602", "713", "720", "786", "818", "857", "925", "614", "615",
)  # fmt: skip

EMAIL_DOMAINS_CN = (
    "163.com",
    "126.com",
    "qq.com",
    "example.cn",
    "hengtai-tech.cn",
    "mail.nfu.edu.cn",
    "sina.com",
)
EMAIL_DOMAINS_EN = (
    "example.com",
    "gmail.com",
    "outlook.com",
    "bluefinch.io",
    "acme-corp.com",
    "mail.example.org",
    "yahoo.com",
)

# Places and brands that begin with (or contain) surname characters: never persons.
ZH_PLACE_WORDS = (
    "王府井", "张江", "黄山", "白云机场", "金山", "宋城", "钱塘江", "黄浦江", "朱家角", "石家庄",
    "江北", "万达广场", "孙中山纪念馆", "杨浦", "何家村", "高新区", "马鞍山", "林芝",
)  # fmt: skip
ZH_BRANDS = (
    "李宁",
    "周大福",
    "王老吉",
    "苏宁易购",
    "张江高科",
    "杨国福麻辣烫",
    "黄飞红",
    "马应龙",
    "钱大妈",
    "陈克明面条",
)
ZH_CITIES = ("北京", "上海", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆", "广州")
EN_PLACES = (
    "New York",
    "Chicago",
    "San Francisco",
    "London",
    "Shanghai",
    "Beijing",
    "Toronto",
    "Seattle",
)
