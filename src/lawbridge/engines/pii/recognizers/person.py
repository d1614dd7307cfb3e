"""Personal names: Chinese (surname dictionary + cue words, brand/place exclusions) and English
(census first names and surnames, capitalisation, titles and cue words; pinyin names)."""

from __future__ import annotations

import re
from typing import ClassVar

from lawbridge.engines.pii.base import Finding, Pattern, Recognizer, Scan, words
from lawbridge.engines.pii.lexicon import Lexicon, is_pinyin, load_lexicon

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

ZH_CUES = words(
    "我叫", "名叫", "叫做", "我是", "姓名", "名字", "联系人", "收件人", "收货人", "寄件人", "发件人",
    "客户", "用户", "患者", "病人", "员工", "业主", "租客", "申请人", "投诉人", "举报人", "持卡人",
    "户名", "开户名", "开户人", "法人", "法定代表人", "负责人", "经办人", "签名", "签字", "嫌疑人",
    "当事人", "证人", "乘客", "房东", "记者", "作者", "买家", "卖家", "会员", "学生", "被告", "原告",
    "代理人", "监护人", "紧急联系人", "同事", "朋友", "老公", "老婆", "妻子", "丈夫", "儿子", "女儿",
    "父亲", "母亲", "致", "亲爱的", "主管", "家长", "车主", "住户", "借款人", "担保人", "受益人",
    "被保险人", "投保人", "姓名：", "name", "name:", "姓名:",
)  # fmt: skip
ZH_HONORIFICS = (
    "先生", "女士", "小姐", "老师", "经理", "总监", "主任", "医生", "大夫", "律师", "教授", "同学",
    "师傅", "阿姨", "警官", "处长", "科长", "局长", "院长", "校长", "博士", "太太", "夫人", "总",
    "叔叔", "大爷", "董事长", "工程师", "护士",
)  # fmt: skip
#: Words that may follow a name: the given name stops before them.
ZH_FOLLOWERS = ZH_HONORIFICS + (
    "电话", "手机", "身份证", "邮箱", "地址", "住址", "住在", "家住", "今天", "昨天", "明天", "已经",
    "目前", "现在", "刚才", "一直", "正在", "表示", "称", "您好", "你好", "同志", "本人", "签收",
    "护照", "银行", "账号", "卡号", "出生", "生于", "性别", "年龄", "联系", "微信", "收",
)  # fmt: skip
#: Single characters that never belong to a given name (function words, verbs of speech).
ZH_STOP = set(
    "的了是在说和与及跟同从到对向把被给让请也还都就又才再没不很去来吗呢吧啊呀哦嗯等或于为以而"
    "这那你我他她它们个些里上下中内外前后年月日时分秒号元岁省市区县路街镇村乡"
)
#: Brands, places and companies written with a surname character first.
ZH_EXCLUDED = (
    "张江", "王府井", "李宁牌", "王老吉", "李锦记", "马来西亚", "高新", "黄山", "黄河", "周大福", "方正",
    "江苏", "江西", "江南", "平安", "金山", "万达", "华为", "华夏", "高速", "高铁", "高兴", "金额",
    "时间", "明天", "和平", "国家", "文件", "方便", "方法", "方式", "方面", "安全", "安排", "常见",
    "平台", "成功", "成本", "元旦", "周末", "周年", "高级", "黄金", "白色", "关于", "关系", "关注",
    "马上", "石油", "钱包", "包裹", "包括", "程序", "于是", "路上", "路线", "应该", "应用", "全部",
    "全国", "司机", "申请", "古代", "时候", "任何", "任务", "和谐", "东方", "西门", "上官网", "公司",
    "信息", "利用", "海关", "海外", "云南", "宁夏", "广东", "广西", "山东", "山西", "湖南", "湖北",
    "河南", "河北", "海南", "吉林", "台湾", "香港", "澳门", "北京", "上海", "天津", "重庆", "万元",
    "余额", "宋体", "黄色", "白天", "毛利", "石家庄", "武汉", "长沙", "常州", "温州", "贵州", "林业",
    "高中", "高考", "高校", "高层", "单位", "单号", "车牌", "车辆", "车主", "邮政", "康复", "安装",
    "安徽", "齐全", "龙岗", "南山", "南京", "杭州", "苏州", "钟表", "童装", "叶子", "任职", "向前",
)  # fmt: skip
ZH_PLACE_SUFFIX = tuple("市省区县路街镇村乡州山河湖江岛港湾桥站厂店楼") + (
    "公司", "集团", "银行", "大学", "学院", "医院", "酒店", "广场", "大厦", "中心", "牌", "科技",
    "股份", "有限", "控股", "体育", "小区", "花园", "商场", "超市", "餐厅", "家具", "电器",
)  # fmt: skip
_CUE_GAP = set("：: \u3000\t是为")
_SPEAKER_LEFT = set("\n] \t】>")


def _is_han(char: str) -> bool:
    return bool(HAN.match(char))


class ZhPersonRecognizer(Recognizer):
    """Chinese personal name: a surname from the dictionary (single or compound) and a one- or
    two-character given name, after a cue word (我叫, 联系人, 姓名, 收件人 …) or before an
    honorific (先生, 女士 …); three-character names standing alone between punctuation count too.
    A surname alone with an honorific (张先生) is not reported."""

    NAME = "zh_person"
    ENTITY = "PERSON"
    LANGUAGES = ("zh",)
    CONFIG: ClassVar[dict[str, str]] = {
        **Recognizer.CONFIG,
        "standalone_score": "score of a three-character name with no cue, between punctuation",
    }
    CONTEXT = ZH_CUES

    def __init__(self, context_boost: float = 0.3, standalone_score: float = 0.6) -> None:
        super().__init__(context_boost)
        self.standalone_score = standalone_score
        self.lexicon = load_lexicon()

    def keywords(self) -> tuple[str, ...]:
        return tuple(sorted(self.lexicon.zh_surnames))

    def on_keyword(self, start: int, end: int, word: str, scan: Scan) -> list[Finding]:
        text = scan.text
        given = self._given_length(text, end)
        stop = end + given
        if given == 0 or self._excluded(text, start, stop):
            return []
        if self._has_cue(scan, start) or text.startswith(ZH_HONORIFICS, stop):
            return [self.finding(start, stop, 0.85)]
        if start > 0 and _is_han(text[start - 1]):
            return []
        if text.startswith((":", "："), stop) and (start == 0 or text[start - 1] in _SPEAKER_LEFT):
            return [self.finding(start, stop, 0.75)]  # a chat or transcript speaker
        standalone = stop >= len(text) or not _is_han(text[stop])
        if standalone and len(word) + given == 3 and word in self.lexicon.zh_common_surnames:
            return [self.finding(start, stop, self.standalone_score)]
        return []

    def _has_cue(self, scan: Scan, start: int) -> bool:
        for word_start, word in scan.words_before(start, window=8):
            if word in ZH_CUES:
                gap = scan.text[word_start + len(word) : start]
                return all(char in _CUE_GAP for char in gap)
        return False

    @staticmethod
    def _given_length(text: str, pos: int) -> int:
        length = 0
        while length < 2 and pos + length < len(text):
            char = text[pos + length]
            if not _is_han(char) or char in ZH_STOP or text.startswith(ZH_FOLLOWERS, pos + length):
                break
            length += 1
        return length

    @staticmethod
    def _excluded(text: str, start: int, stop: int) -> bool:
        return text.startswith(ZH_EXCLUDED, start) or text.startswith(ZH_PLACE_SUFFIX, stop)

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("联系人：张伟，电话13800138000", ["张伟"]),
            ("我叫欧阳娜娜。", ["欧阳娜娜"]),
            ("王小明先生您好", ["王小明"]),
            ("请张先生回电", []),
            ("我们去王府井逛街", []),
            ("李宁牌运动鞋", []),
        ]


_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LOWER = "a-zß-öø-ÿĀ-ž"
_TOKEN = (
    rf"(?:(?:Mc|Mac|O['’]|D['’])?[{_UPPER}][{_LOWER}]+(?:[\-'’][{_UPPER}]?[{_LOWER}]+)*"
    rf"|[{_UPPER}]\.)"
)
_TITLE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Dame|Lord|Lady|Rev|Capt|Sgt|Officer|Judge|"
    r"Professor|Doctor|Mister)\.?|先生|女士)\s*$"
)
_STRONG_CUE = re.compile(
    r"(?:\b(?:Dear|Hi|Hello|Hey|Sincerely|Signed|Signature|[Nn]ame|[Nn]ame is|named|called|"
    r"I'm|I am|[Tt]his is|Attn|Cardholder|Account holder|Recipient|Sender|Patient|Customer)"
    r"[:,]?|姓名[:：]?|联系人[:：]?|名字[:：]?)[ \t]*$"
)
_CUE = re.compile(
    r"(?:\b(?:Thanks|Thank you|Regards|From|To|Cc|Contact|Client|Employee|Applicant|Tenant|"
    r"Holder|Author|Reporter|Witness|Suspect|Passenger|Guest|Student|Manager|by|with|met|call|"
    r"am|is|was|and|&)[:,]?|[:：])[ \t]*$"
)
#: Capitalised words that end a name (or are no name at all) even when the census lists them.
EN_STOP = frozenset(
    """
    The A An And Or Of In On At To For From With By As Is Are Was Were Be I We You He She It They
    My Your His Her Our Their This That These Those Mr Mrs Ms Dr Dear Hi Hello Thanks Regards Inc
    Ltd Llc Corp Co Company Group Bank University College School Hospital Street St Avenue Ave
    Road Rd Drive Dr Lane Ln Boulevard Blvd Court Ct Way Place Suite Apt Unit City County State
    North South East West Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December Please Yes No Ok Okay
    Email Phone Tel Fax Address Card Account Number Id Date Name Street Ave Visa Mastercard Amex
    Apple Google Microsoft Amazon Christmas Easter Congress Senate Court Police Department China
    Chinese English American America Beijing Shanghai Team Customer Service Support Sales Admin
    Dept Office Center Centre Hotel Airport Station Park Square Plaza Mall Church Street Md Phd
    Jr Sr Ii Iii Iv Esq Ceo Cto Cfo Vp Usa Uk Eu Us Pm Am Ip Ssn Dob Iban Dear Sir Madam Mx
    """.split()
)
_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})


class EnPersonRecognizer(Recognizer):
    """English (and pinyin) personal name: a census first name followed by capitalised name words
    (middle initials allowed), a title or cue word (Mr., Dear, name:, signed) before capitalised
    name words, or a pinyin surname + pinyin given name (Zhang Wei). Titles are not in the span."""

    NAME = "en_person"
    ENTITY = "PERSON"
    LANGUAGES = ("en",)
    PATTERNS = (
        Pattern(
            "capitalised",
            re.compile(rf"(?<![A-Za-z'’\-]){_TOKEN}(?: {_TOKEN}){{0,3}}"),
            rf"(?:^|[^A-Za-z'\-])[{_UPPER}][{_LOWER}]",
            0.0,
            reach=80,
        ),
    )

    def __init__(self, context_boost: float = 0.3) -> None:
        super().__init__(context_boost)
        self.lexicon = load_lexicon()

    def on_pattern(self, pattern: Pattern, match: re.Match[str], scan: Scan) -> list[Finding]:
        tokens = _tokens(match)
        if not tokens:
            return []
        before = scan.text[max(0, match.start() - 24) : match.start()]
        titled = bool(_TITLE.search(before)) or bool(_STRONG_CUE.search(before))
        cued = titled or bool(_CUE.search(before))
        score, count = judge_tokens([t for t, _, _ in tokens], self.lexicon, titled, cued)
        if count == 0:
            return []
        return [self.finding(tokens[0][1], tokens[count - 1][2], score)]

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("Please contact John A. Smith at noon.", ["John A. Smith"]),
            ("Dear Mr. Smith, thank you.", ["Smith"]),
            ("Signed: Zhang Wei", ["Zhang Wei"]),
            ("The Main Street Bank opened.", []),
            ("We met Mary O'Connor-Hughes yesterday.", ["Mary O'Connor-Hughes"]),
        ]


def _tokens(match: re.Match[str]) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    pos = match.start()
    for token in match.group(0).split(" "):
        out.append((token, pos, pos + len(token)))
        pos += len(token) + 1
    while out and out[-1][0] in EN_STOP:
        out.pop()
    for i, (token, _, _) in enumerate(out):
        if token in EN_STOP:
            return out[:i]
    return out


def judge_tokens(
    tokens: list[str], lexicon: Lexicon, titled: bool, cued: bool
) -> tuple[float, int]:
    """(score, how many leading tokens form the name); 0 tokens when it is no name."""
    first = tokens[0]
    if first.endswith(".") or first in EN_STOP:
        return 0.0, 0
    count = len(tokens)
    while count > 1 and tokens[count - 1].endswith(".") and tokens[count - 1][:-1] not in _SUFFIXES:
        count -= 1  # a trailing initial belongs to the next sentence
    if count >= 2 and first in lexicon.pinyin_surnames and _pinyin_given(tokens[1], lexicon):
        return 0.75, 2
    last = tokens[count - 1]
    known_first = first in lexicon.en_first_names
    known_last = last in lexicon.en_surnames
    if titled:
        return 0.85, count
    if count >= 2 and known_first:
        return (0.8 if known_last else 0.6), count
    if cued and (known_first or first in lexicon.en_surnames):
        return (0.75 if count >= 2 else 0.6), count
    if count >= 2 and known_last and first in lexicon.en_surnames and count <= 3:
        return 0.45, count
    return (0.5 if known_first else 0.0), 1 if known_first else 0


def _pinyin_given(token: str, lexicon: Lexicon) -> bool:
    word = token.replace("-", "").replace("'", "").lower()
    return len(word) <= 12 and is_pinyin(word, lexicon.pinyin_syllables)
