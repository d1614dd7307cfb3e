"""Hand-typed word lists for the held-out PII test set (independent of bench/pii/devset_*.py).

Nothing here comes from Faker or from lawbridge's own tables. Streets, estates, companies and people are
invented; cities, provinces and districts are real administrative units (they have to be, to be addresses).
"""

from __future__ import annotations

# Chinese surnames with pinyin (single characters) and compound surnames.
ZH_SURNAMES: dict[str, str] = {
    "陈": "Chen", "林": "Lin", "黄": "Huang", "吴": "Wu", "郑": "Zheng", "谢": "Xie", "罗": "Luo",
    "梁": "Liang", "宋": "Song", "唐": "Tang", "许": "Xu", "韩": "Han", "冯": "Feng", "邓": "Deng",
    "曹": "Cao", "彭": "Peng", "曾": "Zeng", "萧": "Xiao", "田": "Tian", "董": "Dong", "潘": "Pan",
    "袁": "Yuan", "蔡": "Cai", "蒋": "Jiang", "余": "Yu", "杜": "Du", "叶": "Ye", "程": "Cheng",
    "魏": "Wei", "苏": "Su", "吕": "Lyu", "丁": "Ding", "任": "Ren", "沈": "Shen", "姚": "Yao",
    "卢": "Lu", "姜": "Jiang", "崔": "Cui", "钟": "Zhong", "谭": "Tan", "陆": "Lu", "汪": "Wang",
    "范": "Fan", "廖": "Liao", "石": "Shi", "贾": "Jia", "夏": "Xia", "韦": "Wei", "付": "Fu",
    "方": "Fang", "邹": "Zou", "熊": "Xiong", "白": "Bai", "孟": "Meng", "秦": "Qin", "邱": "Qiu",
    "侯": "Hou", "江": "Jiang", "尹": "Yin", "薛": "Xue", "闫": "Yan", "段": "Duan", "雷": "Lei",
    "龙": "Long", "黎": "Li", "史": "Shi", "陶": "Tao", "贺": "He", "顾": "Gu", "毛": "Mao",
    "郝": "Hao", "龚": "Gong", "邵": "Shao", "万": "Wan", "覃": "Qin", "武": "Wu", "戴": "Dai",
    "莫": "Mo", "孔": "Kong", "向": "Xiang", "常": "Chang", "温": "Wen", "康": "Kang", "施": "Shi",
    "严": "Yan", "牛": "Niu", "洪": "Hong", "金": "Jin", "王": "Wang", "李": "Li", "张": "Zhang",
    "刘": "Liu", "杨": "Yang", "赵": "Zhao", "周": "Zhou", "徐": "Xu", "孙": "Sun", "马": "Ma",
    "朱": "Zhu", "胡": "Hu", "郭": "Guo", "何": "He", "高": "Gao", "钱": "Qian", "岳": "Yue",
}  # fmt: skip

ZH_COMPOUND: dict[str, str] = {
    "欧阳": "Ouyang", "司徒": "Situ", "皇甫": "Huangfu", "东方": "Dongfang", "端木": "Duanmu",
    "慕容": "Murong", "夏侯": "Xiahou", "公孙": "Gongsun", "南宫": "Nangong", "万俟": "Moqi",
}  # fmt: skip

# Given-name characters with pinyin; picked to rarely form everyday words with each other.
ZH_GIVEN: dict[str, str] = {
    "雨": "Yu", "欣": "Xin", "泽": "Ze", "宇": "Yu", "梓": "Zi", "涵": "Han", "浩": "Hao",
    "然": "Ran", "思": "Si", "琪": "Qi", "俊": "Jun", "熙": "Xi", "若": "Ruo", "萱": "Xuan",
    "博": "Bo", "文": "Wen", "佳": "Jia", "怡": "Yi", "子": "Zi", "轩": "Xuan", "晨": "Chen",
    "曦": "Xi", "瑶": "Yao", "嘉": "Jia", "懿": "Yi", "昊": "Hao", "天": "Tian", "逸": "Yi",
    "凡": "Fan", "诗": "Shi", "婷": "Ting", "睿": "Rui", "哲": "Zhe", "悦": "Yue", "彤": "Tong",
    "锦": "Jin", "程": "Cheng", "沐": "Mu", "阳": "Yang", "可": "Ke", "馨": "Xin", "亦": "Yi",
    "航": "Hang", "柏": "Bai", "霖": "Lin", "书": "Shu", "瑾": "Jin", "晓": "Xiao", "峰": "Feng",
    "丽": "Li", "娟": "Juan", "秀": "Xiu", "英": "Ying", "桂": "Gui", "芳": "Fang", "建": "Jian",
    "国": "Guo", "志": "Zhi", "强": "Qiang", "军": "Jun", "平": "Ping", "红": "Hong", "燕": "Yan",
    "海": "Hai", "波": "Bo", "玲": "Ling", "静": "Jing", "敏": "Min", "鹏": "Peng", "辉": "Hui",
    "振": "Zhen", "兰": "Lan", "淑": "Shu", "德": "De", "福": "Fu", "荣": "Rong", "昕": "Xin",
    "颖": "Ying", "璐": "Lu", "蕾": "Lei", "楠": "Nan", "冰": "Bing", "岚": "Lan", "铭": "Ming",
}  # fmt: skip

# Two-character given names that read as words, and full names that are brands/places/famous.
ZH_BAD_GIVEN = {"天然", "文书", "国强", "海波", "平安", "建国", "子轩", "可然", "红军", "志国"}
ZH_BAD_FULL = {"李宁", "张江", "周大福", "黄山", "马云", "金海", "高峰", "程序", "方文", "江波"}

EN_FIRST = [
    "Marisol", "Tobias", "Ingrid", "Desmond", "Priya", "Anand", "Keiko", "Mateo", "Siobhan",
    "Callum", "Dolores", "Everett", "Fatima", "Gideon", "Harriet", "Imogen", "Jasper", "Kirsten",
    "Leandro", "Magnus", "Noor", "Octavia", "Percival", "Rosalind", "Soren", "Thaddeus", "Ursula",
    "Vivian", "Wendell", "Yusuf", "Zara", "Ambrose", "Bettina", "Cormac", "Delphine", "Elias",
    "Florence", "Gustavo", "Hollis", "Isadora", "Jonah", "Kwame", "Lorraine", "Malcolm", "Nadia",
    "Oren", "Petra", "Quentin", "Renata", "Stellan", "Tamsin", "Ulrich", "Vera", "Winston",
    "Ximena", "Yolanda", "Zachary", "Bernadette", "Clement", "Dorothea", "Emeka", "Felicity",
    "Graham", "Hannelore", "Ignatius", "Juniper", "Kenji", "Lucinda", "Mireille", "Nathaniel",
]  # fmt: skip

EN_MIDDLE = ["Louise", "James", "Ann", "Marie", "Edward", "Rose", "Thomas", "Jean", "Paul"]

EN_LAST = [
    "Okafor", "Lindqvist", "Brennan", "Castellano", "Whitford", "Hargrove", "Nakamura", "Delgado",
    "Pruitt", "Ashworth", "Kowalski", "Fairbanks", "Thibodeaux", "Abernathy", "Blackwood",
    "Carrington", "Dunmore", "Eastwick", "Fitzgerald", "Galloway", "Holloway", "Iverson",
    "Jaramillo", "Kettering", "Lockhart", "McAllister", "Northcott", "Oyelaran", "Pemberton",
    "Quimby", "Radcliffe", "Sandoval", "Tremblay", "Underhill", "Vandermeer", "Wexler",
    "Yamaguchi", "Zielinski", "Albright", "Beaumont", "Crawley", "Draper", "Ellsworth",
    "Forsythe", "Greenleaf", "Hathaway", "Ingram", "Jessup", "Kimura", "Lachance", "Mulligan",
    "Nygaard", "O'Donnell", "Petrakis", "Rasmussen", "Saltonstall", "Tolliver", "Villanueva",
    "Wakefield", "Yardley", "Osei", "Mendoza-Ruiz", "Haverford", "Brightwater", "Calloway",
]  # fmt: skip

# Used only as Western first names of Chinese people ("Kevin Liu").
EN_FIRST_CN = ["Kevin", "Grace", "Vincent", "Cindy", "Eric", "Jasmine", "Leo", "Sunny", "Ivy"]

# ---- places -----------------------------------------------------------------------------------
# (province or "" for municipalities, city, [districts]) — real units.
ZH_CITIES: list[tuple[str, str, list[str]]] = [
    ("", "北京市", ["朝阳区", "海淀区", "东城区", "丰台区", "通州区"]),
    ("", "上海市", ["浦东新区", "徐汇区", "静安区", "闵行区", "杨浦区"]),
    ("", "天津市", ["河西区", "南开区", "滨海新区"]),
    ("", "重庆市", ["渝中区", "江北区", "沙坪坝区"]),
    ("广东省", "深圳市", ["南山区", "福田区", "龙岗区", "宝安区"]),
    ("广东省", "广州市", ["天河区", "越秀区", "番禺区"]),
    ("广东省", "东莞市", ["南城街道", "东城街道"]),
    ("浙江省", "杭州市", ["西湖区", "滨江区", "拱墅区", "余杭区"]),
    ("浙江省", "宁波市", ["鄞州区", "海曙区"]),
    ("江苏省", "南京市", ["鼓楼区", "建邺区", "江宁区"]),
    ("江苏省", "苏州市", ["姑苏区", "工业园区", "吴中区"]),
    ("四川省", "成都市", ["武侯区", "锦江区", "高新区"]),
    ("湖北省", "武汉市", ["武昌区", "洪山区", "江汉区"]),
    ("陕西省", "西安市", ["雁塔区", "碑林区", "未央区"]),
    ("湖南省", "长沙市", ["岳麓区", "开福区", "雨花区"]),
    ("山东省", "济南市", ["历下区", "市中区"]),
    ("山东省", "青岛市", ["市南区", "崂山区"]),
    ("福建省", "厦门市", ["思明区", "湖里区"]),
    ("河南省", "郑州市", ["金水区", "二七区"]),
    ("辽宁省", "沈阳市", ["和平区", "浑南区"]),
    ("云南省", "昆明市", ["五华区", "盘龙区"]),
    ("广西壮族自治区", "南宁市", ["青秀区", "西乡塘区"]),
    ("黑龙江省", "哈尔滨市", ["南岗区", "道里区"]),
    ("安徽省", "合肥市", ["蜀山区", "包河区"]),
]
ZH_COUNTIES = [("浙江省", "湖州市", "安吉县", "递铺街道"), ("江西省", "赣州市", "瑞金市", "象湖镇"),
               ("河北省", "保定市", "涞水县", "永阳镇"), ("贵州省", "遵义市", "湄潭县", "湄江街道")]  # fmt: skip
ZH_ROAD_STEMS = [
    "云栖", "枫林", "望江东", "栖霞北", "翠屏", "锦绣", "梧桐", "星湖", "兴业", "学府", "丹霞",
    "青松", "海晏", "凌霄", "琴台", "映月", "沁园", "瑞丰", "晨光", "启航", "芙蓉中", "桃源",
    "苍梧", "松涛", "金穗", "白鹭", "长乐西", "嘉禾", "明珠", "榕荫",
]  # fmt: skip
ZH_ROAD_SUFFIX = ["路", "路", "街", "大道", "大街", "巷"]
ZH_ESTATES = [
    "锦绣华庭", "星河湾", "金桂苑", "翡翠城", "枫丹白露", "和园", "滨江花园", "紫荆公寓", "观澜府",
    "南湖新村", "云栖雅苑", "绿洲小区", "朗诗苑", "碧桂花城", "蓝湾国际", "青枫苑", "清水湾",
]  # fmt: skip
ZH_TOWERS = ["科创大厦", "国际金融中心", "创业园", "数码港", "中心广场", "世贸大厦", "软件园"]

US_STREETS = [
    "Quillfeather", "Birchwood", "Larkspur", "Harrowgate", "Copperleaf", "Marrowbone", "Tanglewood",
    "Ravensworth", "Stillwater", "Foxglove", "Wexford", "Briarcliff", "Amberfield", "Cinderhill",
    "Juniper Ridge", "Old Mill", "Kestrel", "Saddlebrook", "Hawthorne", "Windmere", "Lantern Hill",
    "Bramblewood", "Meadowlark", "Cobblestone", "Washington", "Lincoln", "Jefferson", "Franklin",
]  # fmt: skip
US_SUFFIX = ["St", "Street", "Ave", "Avenue", "Rd", "Road", "Blvd", "Ln", "Lane", "Dr", "Drive",
             "Ct", "Way", "Pkwy", "Pl", "Ter"]  # fmt: skip
US_CITIES = [
    ("Tacoma", "WA", "Washington", "984"), ("Dayton", "OH", "Ohio", "454"),
    ("Boise", "ID", "Idaho", "837"), ("Savannah", "GA", "Georgia", "314"),
    ("Fort Collins", "CO", "Colorado", "805"), ("Ann Arbor", "MI", "Michigan", "481"),
    ("Chattanooga", "TN", "Tennessee", "374"), ("Albuquerque", "NM", "New Mexico", "871"),
    ("Providence", "RI", "Rhode Island", "029"), ("Spokane", "WA", "Washington", "992"),
    ("Madison", "WI", "Wisconsin", "537"), ("Lexington", "KY", "Kentucky", "405"),
    ("Eugene", "OR", "Oregon", "974"), ("Burlington", "VT", "Vermont", "054"),
    ("San Jose", "CA", "California", "951"), ("Austin", "TX", "Texas", "787"),
    ("Brooklyn", "NY", "New York", "112"), ("Durham", "NC", "North Carolina", "277"),
]  # fmt: skip

COMPANIES_EN = ["Harrow & Finch LLP", "Bluegate Logistics", "Northwind Paper Co.", "Kestrel Analytics",
                "Ironbark Legal Group", "Tidewater Outfitters", "Solace Health Partners",
                "Copperline Freight"]  # fmt: skip
COMPANIES_ZH = ["云杉数科有限公司", "鲸跃物流", "青禾文化传媒", "蓝鲸智联科技", "锦程律师事务所",
                "启明星教育", "瀚海供应链", "森屿餐饮管理有限公司"]  # fmt: skip
EMAIL_DOMAINS = ["gmail.com", "outlook.com", "163.com", "qq.com", "126.com", "yahoo.com",
                 "protonmail.com", "foxmail.com", "icloud.com", "sina.cn", "harrowfinch.com",
                 "bluegate-logistics.com", "kestrel.io", "yunshan-tech.cn", "mail.jingyue.com.cn"]  # fmt: skip

# ---- hard-negative vocabulary ---------------------------------------------------------------------
ZH_BRAND_PLACES = [
    "王府井百货", "张江高科", "李宁运动鞋", "周大福金店", "黄山风景区", "白云机场", "金山办公", "高德地图",
    "宋城景区", "武夷山大红袍", "方正证券", "万达广场", "安踏", "余杭区政府", "钟楼", "张家界",
    "常州", "温州", "马栏山", "石家庄", "岳麓书院", "孔府家酒", "梁山", "唐宁街", "苏宁易购",
]  # fmt: skip
ZH_SURNAME_WORDS = [
    "余额不足", "周末", "马上", "金额", "方便", "程序", "高兴", "白天", "温度", "钱包", "石头",
    "许多", "常见问题", "何时", "叶子", "江苏", "毛巾", "牛奶", "万一", "黄金", "林地", "丁香",
]  # fmt: skip
EN_NAMEWORDS = [
    "Will the refund arrive before May 20?", "Please mark as resolved.",
    "Bill to the card on file.", "A 30-day grace period applies.", "Color: Rose Gold, 256GB.",
    "Summer Sale ends Friday.", "Flight to Austin delayed.", "Chase Sapphire rewards apply.",
    "Jordan 1 Retro High, size 10.", "Ford Focus rental, 3 days.", "To be frank, the package was late.",
    "Hunter rain boots, green.", "Wells Fargo branch closed on Monday.", "See page 4 of the manual.",
    "Lincoln Navigator, black.", "Joy of Cooking, 9th ed.",
]  # fmt: skip
SKU_PARTS = ["LN-AR", "ZM", "HW-MT", "XM-RB", "KB", "TS-G", "BK", "PX"]
