"""Postal addresses: a Chinese grammar (province/city/district … 路/号/室) and a US grammar
(house number, street, suffix, unit, city, state, ZIP)."""

from __future__ import annotations

import re

from lawbridge.engines.pii.base import Finding, Pattern, Recognizer, Scan, words

_H = r"[\u4e00-\u9fff]"
_NUM = r"[0-9０-９一二三四五六七八九十百零〇]+"
_ZH_ADDRESS = re.compile(
    rf"(?:{_H}{{1,7}}?(?:省|自治区|特别行政区))?"
    rf"(?:{_H}{{1,7}}?(?:市|自治州|地区|盟))?"
    rf"(?:{_H}{{1,7}}?(?:区|县|旗|市))?"
    rf"(?:{_H}{{1,8}}?(?:街道|镇|乡))?"
    rf"(?:{_H}{{1,10}}?(?:村|社区|小区|新村|花园|园区|开发区))?"
    rf"(?:[\u4e00-\u9fff0-9A-Za-z]{{1,12}}?(?:大道|大街|路|街|道|巷|弄|胡同|里))?"
    rf"(?:{_NUM}(?:号院|号|弄))?"
    rf"(?:[\u4e00-\u9fffA-Za-z0-9\-]{{0,14}}?[0-9A-Za-z一二三四五六七八九十]+"
    rf"(?:号楼|号院|栋|幢|座|楼|单元|层|室|号|户))*"
)
_ZH_END = ("号院", "号楼", "号", "室", "楼", "层", "单元", "栋", "幢", "座", "户")
ZH_REGIONS = (
    "北京", "上海", "天津", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
    "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
    "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门", "深圳", "广州",
    "杭州", "南京", "苏州", "成都", "武汉", "西安", "长沙", "郑州", "青岛", "大连", "宁波", "厦门",
    "沈阳", "哈尔滨", "长春", "济南", "合肥", "福州", "南昌", "昆明", "贵阳", "南宁", "海口", "兰州",
    "西宁", "银川", "乌鲁木齐", "拉萨", "呼和浩特", "石家庄", "太原", "无锡", "佛山", "东莞", "珠海",
    "温州", "常州", "南通", "徐州", "烟台", "泉州", "惠州", "中山", "绍兴", "嘉兴", "台州", "金华",
    "保定", "唐山", "洛阳", "潍坊", "扬州", "镇江", "芜湖", "桂林", "三亚", "朝阳区", "海淀区",
    "浦东新区", "南山区", "福田区", "天河区", "西湖区", "徐汇区", "静安区", "东城区", "西城区",
)  # fmt: skip
ADDRESS_CUES = words(
    "地址", "住址", "家住", "住在", "寄到", "送到", "寄往", "位于", "收货地址", "通讯地址", "居住地",
    "户籍地址", "现住址", "办公地址", "注册地址", "地点", "address", "addr", "lives at", "located at",
    "ship to", "mailing address", "home address",
)  # fmt: skip
_CUE_GAP = set("：: \u3000\t是为在")
#: A district or county unit, then a street (…路/街/大道) and a house number.
_DISTRICT_STREET = (
    "(?:区|县|旗)[\u4e00-\u9fff0-9A-Za-z]{1,12}?(?:大道|大街|路|街|巷|弄|胡同|里)[0-9０-９]{1,5}号"
)
_DISTRICT_NAME = 5
#: Characters that end a walk back from a district unit: the verb or preposition before a place.
_LEAD = set("住在到于至往为是的和与及把从向去来由经址")


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


class ZhAddressRecognizer(Recognizer):
    """Chinese postal address: from the first administrative unit written (a province, city or
    district, or the text right after an address cue word) to the last 号/室/楼/层/单元/栋/号院."""

    NAME = "zh_address"
    ENTITY = "ADDRESS"
    LANGUAGES = ("zh",)
    KEYWORDS = ZH_REGIONS + tuple(sorted(ADDRESS_CUES))
    PATTERNS = (
        Pattern(
            "district_street",
            re.compile(_DISTRICT_STREET + "(?!线)"),  # 3号线 is a metro line
            _DISTRICT_STREET,
            0.8,
        ),
    )

    def on_keyword(self, start: int, end: int, word: str, scan: Scan) -> list[Finding]:
        text = scan.text
        if word in ADDRESS_CUES:
            while end < len(text) and text[end] in _CUE_GAP:
                end += 1
            return self._address_at(text, end, 0.75)  # less sure where it starts
        return self._address_at(text, start)

    def on_pattern(self, pattern: Pattern, match: re.Match[str], scan: Scan) -> list[Finding]:
        """A district or county (…区/县/旗) followed by a street and number: the address starts
        at the district's name (two characters or more), found by walking back over at most five Hanzi to a non-Hanzi or
        a word that introduces a place (住, 在, 到, 于, 为 …)."""
        start = match.start()
        floor = max(0, start - _DISTRICT_NAME)
        while start > floor and _is_han(scan.text[start - 1]) and scan.text[start - 1] not in _LEAD:
            start -= 1
        if match.start() - start < 2:  # a district's name has two characters or more
            return []
        return self._address_at(scan.text, start)

    def _address_at(self, text: str, start: int, score: float = 0.8) -> list[Finding]:
        match = _ZH_ADDRESS.match(text, start, min(len(text), start + 80))
        if match is None:
            return []
        value = match.group(0)
        stop = max((value.rfind(e) + len(e) for e in _ZH_END if e in value), default=-1)
        if stop < 4:
            return []
        return [self.finding(start, start + stop, score)]

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            (
                "地址：北京市朝阳区建国路88号SOHO现代城5号楼1203室，谢谢",
                ["北京市朝阳区建国路88号SOHO现代城5号楼1203室"],
            ),
            ("寄到广东省深圳市南山区科技园路1号", ["广东省深圳市南山区科技园路1号"]),
            ("我在北京工作", []),
            (
                "第三人某某，住岳麓区花园大街124号3号楼1901室，电话",
                ["岳麓区花园大街124号3号楼1901室"],
            ),
            ("office: 中原区松涛东路294号. Tel", ["中原区松涛东路294号"]),
            ("本区道路3号线", []),
        ]


_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|"
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "West Virginia|Wisconsin|Wyoming"
)
_SUFFIX_WORDS = (
    r"(?:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|"
    r"Terrace|Ter|Way|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Loop|Alley|Aly|"
    r"Plaza|Plz|Crossing|Xing|Ridge|Rdg|Run|Path|Pike|Row|Walk|Heights|Hts|Point|Pt|Crescent|"
    r"Cres|Close|Grove|Gardens|Gdns|Park|Hill|Hills|Creek|Crk|Springs|Spgs|View|Vw|Views|"
    r"Station|Sta|Center|Ctr|Centre|Mall|Fork|Glen|Gln|Harbor|Hbr|Island|Landing|Lndg|Meadow|"
    r"Meadows|Mdws|Pass|Port|Prt|Estate|Estates|Ests|Village|Vlg|Ville|Vista|Vis|Valley|Vly|"
    r"Extension|Ext|Expressway|Expy|Freeway|Fwy|Turnpike|Tpke|Route|Rte|Junction|Jct|Manor|Mnr|"
    r"Mews|Knoll|Knl|Oval|Cove|Cv|Bend|Bnd|Causeway|Cswy|Commons|Cmns|Shore|Shores|Shrs|Lake|"
    r"Lakes|Lks|Stream|Via|Green|Grn|Mill|Mills|Wells|Falls|Ford|Fort|Ft|Haven|Key|Mount|Mt|"
    r"Orchard|Pines|Prairie|Ranch|Rest|River|Rvs|Spur|Summit|Trace|Track|Union|Wall|Well)"
)
_SUFFIX = rf"{_SUFFIX_WORDS}\.?"
_WORD = r"(?:[A-Z][A-Za-z'\-]*|\d{1,3}(?:st|nd|rd|th))"
_DIR = r"(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?"
_UNIT = r"(?:,?[ \t]*(?:Apt|Apartment|Suite|Ste|Unit|Rm|Room|Floor|Fl|Bldg|Building|#)\.?[ \t]*#?[A-Za-z0-9\-]+)"
_PLACE = r"[A-Z][A-Za-z.'\-]*(?:[ \t][A-Z][A-Za-z.'\-]*){0,2}"
_US_ADDRESS = re.compile(
    rf"(?<![0-9A-Za-z])\d{{1,6}}[A-Za-z]?[ \t]+(?:{_DIR}[ \t]+)?(?:{_WORD}[ \t]+){{0,4}}{_SUFFIX}"
    r"(?![A-Za-z])"
    rf"(?:[ \t]+{_DIR}(?![A-Za-z]))?{_UNIT}?"
    rf"(?:(?:[ \t]*,[ \t]*\n?[ \t]*|[ \t]*\n[ \t]*|[ \t]+){_PLACE}"
    rf"(?:[ \t]*,[ \t]*|[ \t]+)(?:{_STATES})(?![A-Za-z])(?:[ \t]*,?[ \t]+\d{{5}}(?:-\d{{4}})?)?)?"
)


class UsAddressRecognizer(Recognizer):
    """US street address: house number, street name and suffix (St, Ave …), optional unit, then
    city, state and ZIP when written (one span across commas and line breaks)."""

    NAME = "us_address"
    ENTITY = "ADDRESS"
    LANGUAGES = ("en",)
    PATTERNS = (
        Pattern(
            "street",
            _US_ADDRESS,
            r"(?:^|[^0-9A-Za-z])\d{1,6}[A-Za-z]?[ \t]+[A-Z0-9]",
            0.75,
            reach=160,
            gate=rf"[ \t]{_SUFFIX_WORDS}",  # every address has a street suffix after a blank
        ),
    )
    CONTEXT = ADDRESS_CUES | words("street", "avenue", "apt", "suite")

    def on_pattern(self, pattern: Pattern, match: re.Match[str], scan: Scan) -> list[Finding]:
        """The match, less a sentence's full stop after a spelt-out word ("Avenue.")."""
        value = match.group(0)
        end = match.end()
        if value.endswith(".") and len(value.rsplit(None, 1)[-1]) > 5:
            end -= 1
        return [self.finding(match.start(), end, pattern.score)]

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            (
                "Ship to 1600 Main St Apt 4, Springfield, IL 62704 please",
                ["1600 Main St Apt 4, Springfield, IL 62704"],
            ),
            ("She lives at 42 West Elm Avenue.", ["42 West Elm Avenue"]),
            ("We sold 300 Main units", []),
        ]
