"""Word lists for the second held-out PII set, typed by hand for it (no name-list package, no Faker).

Names lean international on purpose (West/East African, South Asian, East/South-East Asian, Arabic,
Persian, Turkish, Slavic, Nordic, Irish, Iberian and Latin-American, Dutch/German particles) because the
first two sets drew mostly from common US names. Places are real provinces/cities/districts and US
cities/states (an address needs them); streets, estates, companies and brands are invented or generic.
"""

from __future__ import annotations

# ------------------------------------------------------------------ English-script given names
GIVEN_INTL = """
Chidi Oluwaseun Ngozi Adaeze Emeka Folasade Kwame Yaw Efua Akosua Kofi Ama Thandiwe Sipho Lindiwe Themba
Wanjiru Njeri Otieno Achieng Babajide Temitope Chiamaka Ifeoma Obinna Tunde Aarav Ishaan Priyanka Siddharth
Anjali Rohan Deepika Venkatesh Lakshmi Kavitha Arjun Meenakshi Harpreet Gurpreet Raghav Sanjana Nikhil
Divya Hiroshi Yuki Haruto Sakura Takumi Aiko Kenji Naoko Min-jun Ji-woo Seo-yeon Hye-jin Dong-hyun
Thanh Minh Huong Quang Linh Duc Fatima Youssef Omar Layla Aisha Tariq Farhan Nasrin Reza Parisa Kaveh
Dariush Shirin Mehmet Elif Emre Zeynep Burak Selin Dmitri Svetlana Yevgeny Oksana Anastasia Bogdan
Zbigniew Malgorzata Agnieszka Wojciech Katarzyna Bjorn Soren Astrid Ingrid Sigrid Lars Henrik Freya
Niamh Aoife Siobhan Cian Eoin Ruairi Tadhg Saoirse Mateo Santiago Valentina Ximena Joaquin Ines Leticia
Rodrigo Catalina Gonzalo Etienne Benoit Margaux Anouk Sven Jurgen Annika Giuseppe Francesca Lorenzo
Chiara Alessandro Paolo Marisa Kalani Ikaika Leilani Tevita Sione Mele Anahera Wiremu Rangi
"""
GIVEN_ANGLO = """
Brenda Clifford Delia Everett Gwendolyn Harlan Imogen Jasper Kendra Leland Mabel Nolan Opal Percival
Quentin Rosalind Silas Tabitha Ulysses Verna Wendell Yolanda Zachariah Augustus Beatrix Cornelius
Dorothea Ezekiel Florence Gideon Hattie Ignatius Josephine Lucius Matilda Octavia Philippa Rupert
Theodora Winifred Ambrose Cecily Desmond Eugenia Fletcher Harriet Lionel Marjorie
"""
SURNAMES_INTL = """
Okonkwo Adeyemi Mensah Boateng Nwosu Chukwu Oyelaran Asante Owusu Mwangi Kamau Odhiambo Ndlovu Dlamini
Khumalo Banerjee Raghunathan Subramanian Krishnamurthy Chatterjee Iyer Venkataraman Mukherjee Bhattacharya
Chaudhary Deshpande Kulkarni Nakamura Takahashi Watanabe Kobayashi Yamamoto Matsumoto Inoue Hashimoto
Park Choi Jeong Kang Yoon Nguyen Tran Pham Hoang Vu Dang Bui Haddad Khoury Abdullah Rahman Hosseini
Karimi Moradi Rostami Tehrani Yilmaz Ozturk Demir Kaya Celik Kowalczyk Wisniewski Nowak Lewandowska
Zielinski Novak Dvorak Ivanova Petrov Smirnov Kuznetsova Volkov Sokolova Schafer Muller Lindqvist
Hakansson Jarvinen Virtanen Korhonen Johansson Gudmundsdottir Fernandez Gutierrez Villanueva Restrepo
Quintero Echeverria Figueroa Baptiste Lefebvre Rousseau Beaumont Castellano Esposito Ricci Bianchi
Moretti Ferrara Kealoha Fifita Tupou Ngata Paewai
"""
SURNAMES_ANGLO = """
Ashcombe Blackwood Carrington Dunmore Ellsworth Fairbanks Greaves Hollingsworth Ingleby Jessup Kettering
Lockridge Merriweather Northcott Oakhurst Pemberton Quimby Ravenscroft Stanhope Thistlewood Underhill
Vickery Whitlock Yardley Abernathy Brightwell Cheshire Dalrymple Everly Fenwick
"""
# multi-word and particle surnames: the whole string is the surname
SURNAMES_PARTICLE = [
    "van der Berg", "de la Cruz", "Al-Masri", "El-Amin", "O'Sullivan", "MacLeod", "Ben-David",
    "dos Santos", "van Dijk", "de Souza", "Abu-Bakr", "St. Clair",
]  # fmt: skip
GIVEN = GIVEN_INTL.split() + GIVEN_ANGLO.split()
SURNAMES = SURNAMES_INTL.split() + SURNAMES_ANGLO.split()

# ------------------------------------------------------------------ Chinese names
# single surnames with their pinyin (the polyphonic ones as surnames: 曾 Zeng, 单 Shan, 区 Ou, 仇 Qiu)
ZH_SURNAMES = (
    "郑Zheng 冯Feng 韩Han 曹Cao 彭Peng 曾Zeng 萧Xiao 田Tian 董Dong 潘Pan 袁Yuan 蔡Cai 蒋Jiang 余Yu "
    "杜Du 叶Ye 程Cheng 魏Wei 苏Su 吕Lü 丁Ding 任Ren 沈Shen 姚Yao 卢Lu 姜Jiang 崔Cui 钟Zhong 谭Tan "
    "陆Lu 汪Wang 范Fan 廖Liao 邹Zou 熊Xiong 邱Qiu 秦Qin 傅Fu 龚Gong 贺He 单Shan 区Ou 仇Qiu 柏Bai "
    "莫Mo 覃Qin 翟Zhai 詹Zhan 阎Yan 戴Dai 侯Hou 邵Shao 孟Meng 龙Long 万Wan 段Duan 雷Lei 钱Qian "
    "汤Tang 尹Yin 易Yi 常Chang 武Wu 乔Qiao 贾Jia 赖Lai 岳Yue 顾Gu 毛Mao 郝Hao 薛Xue 白Bai 殷Yin"
).split()
ZH_COMPOUND = "皇甫Huangfu 东方Dongfang 端木Duanmu 公孙Gongsun 慕容Murong 夏侯Xiahou 长孙Zhangsun 宇文Yuwen 南宫Nangong 澹台Tantai".split()  # noqa: E501
# given-name characters with pinyin (chosen so that pairs read as names, not words)
ZH_GIVEN = (
    "梓Zi 涵Han 浩Hao 宇Yu 欣Xin 怡Yi 轩Xuan 桐Tong 诺Nuo 熙Xi 彤Tong 嘉Jia 嫣Yan 皓Hao 沐Mu 锦Jin "
    "曦Xi 佑You 宸Chen 昊Hao 瑾Jin 璐Lu 琪Qi 骁Xiao 朗Lang 钰Yu 歆Xin 珂Ke 晗Han 煜Yu 铭Ming 芮Rui "
    "婧Jing 彦Yan 翊Yi 萱Xuan 瑶Yao 泽Ze 楷Kai 妍Yan 蕾Lei 溪Xi 茗Ming 韬Tao 屹Yi 筱Xiao 曼Man 濛Meng"
).split()

# ------------------------------------------------------------------ Chinese places (real units, invented streets)
ZH_PLACES = [
    ("浙江省", "宁波市", "鄞州区"), ("江苏省", "苏州市", "吴中区"), ("广东省", "佛山市", "顺德区"),
    ("福建省", "厦门市", "思明区"), ("湖南省", "长沙市", "岳麓区"), ("四川省", "绵阳市", "涪城区"),
    ("山东省", "青岛市", "崂山区"), ("河南省", "洛阳市", "涧西区"), ("安徽省", "合肥市", "蜀山区"),
    ("陕西省", "西安市", "雁塔区"), ("辽宁省", "大连市", "甘井子区"), ("云南省", "昆明市", "五华区"),
    ("", "重庆市", "渝北区"), ("", "天津市", "南开区"), ("广西壮族自治区", "桂林市", "七星区"),
    ("湖北省", "宜昌市", "西陵区"), ("江西省", "赣州市", "章贡区"), ("贵州省", "贵阳市", "观山湖区"),
]  # fmt: skip
ZH_ROADS = "银杏 青枫 栖霞 明湖 锦绣 松涛 望江 紫薇 丹桂 云栖 汇丰 长乐 新港 清泉 翠屏 凤鸣".split()
ZH_ROAD_KINDS = ["路", "大道", "街", "巷", "中路", "北路"]
ZH_ESTATES = (
    "蓝湾花园 翠湖苑 星河湾 金桂小区 润园 书香门第 鹭岛公寓 海棠里 绿城玫瑰园 万象新村".split()
)
# county-level addresses: (province, city, county, town)
ZH_TOWNS = [
    ("浙江省", "湖州市", "德清县", "莫干山镇"), ("浙江省", "湖州市", "长兴县", "泗安镇"),
    ("浙江省", "金华市", "浦江县", "郑宅镇"), ("浙江省", "宁波市", "宁海县", "西店镇"),
    ("浙江省", "台州市", "仙居县", "白塔镇"), ("浙江省", "湖州市", "安吉县", "孝丰镇"),
]  # fmt: skip

# ------------------------------------------------------------------ US places
US_CITIES = [
    ("Boise", "ID", "837"), ("Tulsa", "OK", "741"), ("Savannah", "GA", "314"), ("Spokane", "WA", "992"),
    ("Madison", "WI", "537"), ("Albuquerque", "NM", "871"), ("Burlington", "VT", "054"),
    ("Omaha", "NE", "681"), ("Providence", "RI", "029"), ("Chattanooga", "TN", "374"),
    ("Reno", "NV", "895"), ("Des Moines", "IA", "503"), ("Anchorage", "AK", "995"),
    ("Lansing", "MI", "489"), ("Fort Collins", "CO", "805"), ("Little Rock", "AR", "722"),
]  # fmt: skip
US_STREETS = "Juniper Sycamore Willowbrook Harborview Quarry Foxglove Stonegate Meadowlark Cobblestone Bramble Tamarack Larkspur".split()  # noqa: E501
US_STREET_KINDS = [
    "St",
    "Street",
    "Ave",
    "Avenue",
    "Rd",
    "Blvd",
    "Ln",
    "Dr",
    "Ct",
    "Pkwy",
    "Way",
    "Terrace",
]
US_DIRS = ["N", "S", "E", "W", "NE", "SW"]
US_UNITS = ["Apt {n}", "Apt. {n}", "Suite {n}", "Ste {n}", "Unit {n}", "#{n}", "Fl {n}"]

# ------------------------------------------------------------------ e-mail and companies
EMAIL_DOMAINS = [
    "fastmail.com", "proton.me", "outlook.com", "qq.com", "163.com", "126.com", "sina.cn",
    "mail.example.org", "corp.example.net", "student.uni-example.edu", "icloud.com", "gmx.de",
]  # fmt: skip
COMPANIES_EN = [
    "Northwind Logistics",
    "Bluefin Analytics",
    "Crescent Outfitters",
    "Halyard Freight",
    "Pinecrest Dental",
]
COMPANIES_ZH = [
    "云帆物流有限公司",
    "青禾科技有限公司",
    "澄海贸易有限公司",
    "蓝鲸数据服务有限公司",
    "晨星供应链有限公司",
]

# ------------------------------------------------------------------ hard negatives made of words
# brands, places and things that start with a surname character or look like a name
ZH_NAME_LIKE = [
    "高德地图", "黄鹤楼", "宋体", "金山办公", "江南皮革厂", "林芝", "马蜂窝", "白沙门", "钟楼", "方正字体",
    "华润万家", "武夷山", "夏普电视", "田子坊", "康师傅", "龙井茶", "石家庄", "何首乌", "孔明灯", "杨梅",
]  # fmt: skip
EN_NAME_LIKE = [
    "Wells Fargo", "Morgan Stanley", "Dear Customer", "Customer Success", "Apple Pay", "Best Buy",
    "Jordan Brand", "Victoria Station", "Lincoln Tunnel", "Hudson Bay", "Fort Worth", "Warner Music",
    "Ben & Jerry's", "Mount Vernon", "Santa Clara", "Virginia Beach",
]  # fmt: skip
ROLES_EN = ["Support Bot", "Agent", "Billing Team", "System", "Concierge", "HR Ops"]
ROLES_ZH = ["客服小助手", "人工客服", "系统通知", "物流助手", "前台"]
