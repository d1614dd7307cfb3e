"""Chinese personal names: surname dictionary + cue words before or after, brand/place exclusions.
English and pinyin names are in :mod:`~lawbridge.engines.pii.recognizers.person_en`."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import ClassVar

from lawbridge.engines.pii.base import Finding, Recognizer, Scan, words
from lawbridge.engines.pii.lexicon import load_lexicon

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

ZH_CUES = words(
    "我叫", "名叫", "叫做", "我是", "姓名", "名字", "联系人", "收件人", "收货人", "寄件人", "发件人",
    "客户", "用户", "患者", "病人", "员工", "业主", "租客", "申请人", "投诉人", "举报人", "持卡人",
    "户名", "开户名", "开户人", "法人", "法定代表人", "负责人", "经办人", "签名", "签字", "嫌疑人",
    "当事人", "证人", "乘客", "房东", "记者", "作者", "买家", "卖家", "会员", "学生", "被告", "原告",
    "代理人", "监护人", "紧急联系人", "同事", "朋友", "老公", "老婆", "妻子", "丈夫", "儿子", "女儿",
    "父亲", "母亲", "致", "亲爱的", "主管", "家长", "车主", "住户", "借款人", "担保人", "受益人",
    "被保险人", "投保人", "姓名：", "name", "name:", "姓名:",
    # roles in news, court and police writing
    "市民", "村民", "居民", "网友", "游客", "司机", "驾驶人", "驾驶员", "第三人", "被告人", "上诉人",
    "被上诉人", "被申请人", "犯罪嫌疑人", "受害人", "被害人", "报案人", "来电人", "民警", "店主",
    "客户姓名", "ceo", "cto", "cfo", "总经理", "董事", "联系人姓名", "收款人", "付款人", "汇款人",
    "户主",
    "收 货 人", "收 件 人", "姓 名", "家属", "妈妈", "爸爸", "user", "username", "user name",
    "realname", "real name", "consignee", "recipient", "报警人", "持卡人姓名",
    # verbs whose object is a person
    "联系", "转给", "交给", "找", "据", "通知", "告知", "诱导", "询问", "感谢", "委托", "自称是",
    "名为", "嫁给", "认识", "专家", "学者",
    # job titles and approval or meeting roles written before the name (财务总监王芳, 经办：孙怡)
    "经理", "总监", "主管", "主任", "法务", "会计", "出纳", "医师", "审批人",
    "审核人", "经办", "复核", "复核人", "主讲", "主讲人", "主持", "主持人", "记录人", "抄送",
    "参会人员", "出席", "承办人", "发言人", "签收人", "报销人", "新同事", "恭喜", "欢迎",
)  # fmt: skip
#: Words right after a name that make it one (a verb of speech or action, the family, 化名).
ZH_AFTER_CUES = (
    "表示", "告诉", "介绍", "透露", "认为", "指出", "称", "说", "回访", "处理", "登录", "登陆",
    "的家属", "已被", "因", "（化名）", "(化名)", "是一名", "就行", "报道", "无法", "反映", "投诉",
    "来电", "要求", "确认", "签收", "本人", "同志", "提醒", "的电话", "的手机", "的邮箱", "的地址",
    "的身份证", "的银行卡", "的账号", "的护照", "的车", "您好", "你好", "，男", "，女", "到庭",
)  # fmt: skip
ZH_HONORIFICS = (
    "先生", "女士", "小姐", "老师", "经理", "总监", "主任", "医生", "大夫", "律师", "教授", "同学",
    "师傅", "阿姨", "警官", "处长", "科长", "局长", "院长", "校长", "博士", "太太", "夫人", "总",
    "叔叔", "大爷", "董事长", "工程师", "护士", "大妈", "大叔", "大姐", "大哥", "阿婆",
)  # fmt: skip
#: Words that start with an honorific but are not one after a name (李宁总部: headquarters).
ZH_NOT_HONORIFIC = ("总部", "总店", "总公司", "总行", "总台", "总共", "总计", "总是")
#: Words that may follow a name: the given name stops before them.
ZH_FOLLOWERS = ZH_HONORIFICS + (
    "电话", "手机", "身份证", "邮箱", "地址", "住址", "住在", "家住", "今天", "昨天", "明天", "已经",
    "目前", "现在", "刚才", "一直", "正在", "表示", "称", "您好", "你好", "同志", "本人", "签收",
    "护照", "银行", "账号", "卡号", "出生", "生于", "性别", "年龄", "联系", "微信", "收",
    "登录", "登陆", "回访", "处理", "介绍", "告诉", "透露", "报道", "无法", "反映", "投诉", "就行",
    "要求", "确认", "指出", "认为", "来电", "已被", "提醒", "接手", "接替", "负责", "值班", "加班",
    "请假", "出差", "外出", "离职", "到岗", "签字", "审批", "一起", "都在",
)  # fmt: skip
#: Single characters that never belong to a given name (function words, verbs of speech).
ZH_STOP = set(
    "的了是在说和与及跟同从到对向把被给让请也还都就又才再没不很去来吗呢吧啊呀哦嗯等或于为以而"
    "这那你我他她它们个些里上下中内外前后年月日时分秒号元岁省市区县路街镇村乡某因已"
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
    "来电", "来自", "来源", "来信", "银行", "费用", "商品", "原告", "钱塘江", "项目", "谢谢", "麻烦",
    "李宁总部", "区域", "周一", "周二", "周三", "周四", "周五", "周六", "周日", "周天",
)  # fmt: skip
#: Everyday words whose second character is a surname: 公安机关 holds no 安机关, 对方自称 no 方自.
ZH_WORDS_ENDING_IN_SURNAME = frozenset(
    "公安 对方 双方 警方 甲方 乙方 官方 各方 一方 我方 他方 地方 治安 平安 公司 本周 每周 上周 下周"
    " 这周 一周 两周".split()
)
#: Characters that bound a table cell or a line: a name alone in one is a name.
_CELL_EDGE = set("\n\t|｜,，")
#: A list item or quoted value: a name alone between these (on both sides) is a name too
#: ("张伟、李娜", a JSON string "张伟", "周一 张伟，").
_ITEM_LEFT = _CELL_EDGE | set('"、；; \u3000@')
_ITEM_RIGHT = _CELL_EDGE | set('"、；;。！!\u3000')
#: Characters right before a name that link it to the sentence (由张伟接手, 跟李娜一起): a name of
#: three characters after one is a name.
_LIST_SEPARATORS = set("、；;")
#: Last characters of place names (黄浦江, 朱家角): a name with no cue does not end in one.
_PLACE_END = set("江河湖山岛港湾桥站村镇街路角城")
_LINK_LEFT = set("和跟与由")
_LINK_WORDS = ("今天", "明天", "昨天", "后天")
#: An organisation's name that starts like a person's (户名：云杉数科): its last characters.
_ORG_END = ("科", "公司", "集团", "银行", "中心", "店", "厂", "所", "局", "部", "院", "馆", "社")
ZH_PLACE_SUFFIX = tuple("市省区县路街镇村乡州山河湖江岛港湾桥站厂店楼") + (
    "公司", "集团", "银行", "大学", "学院", "医院", "酒店", "广场", "大厦", "中心", "牌", "科技",
    "股份", "有限", "控股", "体育", "小区", "花园", "商场", "超市", "餐厅", "家具", "电器",
)  # fmt: skip
_CUE_WINDOW = 8  # characters before a name in which its cue word must end
#: What may stand between a cue word and the name: label punctuation, quotes, table bars.
_CUE_GAP = set("：: \u3000\t是为\"'|｜=")
_SPEAKER_LEFT = set("\n] \t】>")
#: After a name standing alone: its phone or ID number, or "(Email: …" / "<…@…>".
_CONTACT_AFTER = re.compile(
    r"[ \t]*(?:[(（<][ \t]*(?:Email|E-mail|email|Tel|电话|邮箱|手机)|[(（<][^)）>\s]{1,40}@"
    r"|\+\d|00\d|1[3-9]\d(?:\d{8}|[ \-]\d{4}[ \-]\d{4})(?!\d)|\d{17}[\dXx](?!\d))"
)


def _by_head(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """``words`` grouped by their first character: ``text.startswith(heads.get(text[pos : pos +
    1], ()), pos)`` answers ``text.startswith(words, pos)`` reading only the words that may
    match there (the long tuples of this module are read for every surname found)."""
    heads: dict[str, list[str]] = {}
    for word in words:
        if not word:
            raise ValueError("an empty word would match everywhere")
        heads.setdefault(word[0], []).append(word)
    return {head: tuple(group) for head, group in heads.items()}


_PLACE_SUFFIX_HEADS = _by_head(ZH_PLACE_SUFFIX)
_EXCLUDED_HEADS = _by_head(ZH_EXCLUDED)
_HONORIFIC_HEADS = _by_head(ZH_HONORIFICS)
_NOT_HONORIFIC_HEADS = _by_head(ZH_NOT_HONORIFIC)
_AFTER_CUE_HEADS = _by_head(ZH_AFTER_CUES)
_FOLLOWER_HEADS = _by_head(ZH_FOLLOWERS)


def _is_han(char: str) -> bool:
    """One character of ``HAN``."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _org_name(text: str, start: int, stop: int) -> bool:
    """Whether the run of Hanzi from ``start`` goes on past the name and ends like an
    organisation's name (云杉数科, 星河物流公司)."""
    end = stop
    while end < len(text) and end - start < 12 and _is_han(text[end]):
        end += 1
    return end > stop and text.endswith(_ORG_END, start, end)


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
        if start > 0 and text[start - 1] == word and text.startswith(word * 3, end):
            return []  # inside a run of one character (张张张…): no name, and no time spent
        if end >= len(text) or not _is_han(text[end]):
            return []  # no given name can follow (what _given_length would read as 0)
        given = self._given_length(text, end)
        stop = end + given
        after = text[stop : stop + 1]  # the character after the name ("" at the end)
        if given == 0 or text.startswith(_PLACE_SUFFIX_HEADS.get(after, ()), stop):
            return []
        if start > 0 and text[start - 1 : start + 1] in ZH_WORDS_ENDING_IN_SURNAME:
            return []
        if text.startswith(
            _EXCLUDED_HEADS.get(text[start], ()), start
        ) and not self._compound_named(word, text, stop):
            return []
        if self._speaker(text, start, stop):
            return [self.finding(start, stop, 0.85)]  # a speaker is a person
        if start > 0 and text[start - 1] == "【" and text.startswith("】", stop):
            return [self.finding(start, stop, 0.8)]  # 【张伟】 a speaker in brackets
        if self._has_cue(scan, start):
            if _org_name(text, start, stop):
                return []
            return [self.finding(start, stop, 0.85)]
        if (
            text.startswith(_HONORIFIC_HEADS.get(after, ()), stop)
            and not text.startswith(_NOT_HONORIFIC_HEADS.get(after, ()), stop)
        ) or text.startswith(_AFTER_CUE_HEADS.get(after, ()), stop):
            return [self.finding(start, stop, 0.8)]
        if start > 0 and text[start - 1] == "@":
            return [self.finding(start, stop, 0.8)]  # a chat mention
        if (
            len(word) + given >= 3
            and start > 0
            and (
                text[start - 1] in _LINK_LEFT
                or (start >= 2 and text.startswith(_LINK_WORDS, start - 2))
            )
            and word in self.lexicon.zh_common_surnames
            and not _org_name(text, start, stop)
            and text[stop - 1] not in _PLACE_END
        ):
            return [self.finding(start, stop, self.standalone_score)]
        if start > 0 and _is_han(text[start - 1]) or text[stop - 1] in _PLACE_END:
            return []
        if stop < len(text) and not _is_han(text[stop]) and _CONTACT_AFTER.match(text, stop):
            return [self.finding(start, stop, 0.8)]  # a name, then its phone, ID or e-mail
        if (
            word in self.lexicon.zh_common_surnames
            and (start == 0 or text[start - 1] in _ITEM_LEFT)
            and (stop >= len(text) or text[stop] in _ITEM_RIGHT)
            and self._list_of_names(text, start, stop)
        ):
            return [self.finding(start, stop, self.standalone_score)]  # a cell, item or value
        ends = stop >= len(text) or not _is_han(text[stop]) or text[stop] in ZH_STOP
        if ends and len(word) + given == 3 and word in self.lexicon.zh_common_surnames:
            return [self.finding(start, stop, self.standalone_score)]
        return []

    def _list_of_names(self, text: str, start: int, stop: int) -> bool:
        """An item of a 、/； list counts only when the item beside it across the separator is
        name-shaped too (张伟、李娜 — not 李宁、安踏, a list of brands)."""
        common = self.lexicon.zh_common_surnames
        if stop < len(text) and text[stop] in _LIST_SEPARATORS:
            end = stop + 1
            while end < len(text) and end - stop <= 5 and _is_han(text[end]):
                end += 1
            if not (
                3 <= end - stop <= 5
                and text[stop + 1] in common
                or text[stop + 1 : stop + 3] in common
            ):
                return False
        if start > 0 and text[start - 1] in _LIST_SEPARATORS:
            begin = start - 1
            while begin > 0 and start - begin <= 5 and _is_han(text[begin - 1]):
                begin -= 1
            if not (
                3 <= start - begin <= 5
                and (text[begin] in common or text[begin : begin + 2] in common)
            ):
                return False
        return True

    @staticmethod
    def _compound_named(word: str, text: str, stop: int) -> bool:
        """An excluded word that is only the compound surname itself (东方) does not exclude a
        name written with it (东方明亮) unless a place suffix follows."""
        return (
            len(word) == 2
            and word in ZH_EXCLUDED
            and not text.startswith(_PLACE_SUFFIX_HEADS.get(text[stop : stop + 1], ()), stop)
        )

    @staticmethod
    def _speaker(text: str, start: int, stop: int) -> bool:
        """A chat or transcript speaker: the name at a line start (or after a time stamp) and
        followed by a colon."""
        return text.startswith((":", "："), stop) and (
            start == 0 or text[start - 1] in _SPEAKER_LEFT
        )

    def _has_cue(self, scan: Scan, start: int) -> bool:
        # Where no cue word ends in the window there is nothing to walk: in a run of surnames
        # (张张张…) every character is a keyword, and the walk would read eight per character.
        ends = scan.notes.get("zh_cue_ends")
        if ends is None:
            ends = scan.notes["zh_cue_ends"] = [
                end for end, _, word in scan.keywords if word in ZH_CUES
            ]
        i = bisect_left(ends, start - _CUE_WINDOW)
        if i == len(ends) or ends[i] > start:
            return False
        for word_start, word in scan.words_before(start, window=_CUE_WINDOW):
            if word in ZH_CUES:
                gap = scan.text[word_start + len(word) : start]
                return all(char in _CUE_GAP for char in gap)
        return False

    @staticmethod
    def _given_length(text: str, pos: int) -> int:
        length, size = 0, len(text)
        while length < 2 and pos + length < size:
            char = text[pos + length]
            if (
                not ("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf")  # _is_han
                or char in ZH_STOP
                or (
                    char in _FOLLOWER_HEADS and text.startswith(_FOLLOWER_HEADS[char], pos + length)
                )
            ):
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
            ("被告张某因合同纠纷", []),
            ("office, contact 任涛 +8613720915517", ["任涛"]),
            ("实名校验通过：龚睿 110101200203190000", ["龚睿"]),
            ("冯萍 (Email: fp@example.cn)", ["冯萍"]),
            ("余律师来电催单", []),
            ("[WARN] 银行卡6222 0202 0000 1234 567 绑定失败", []),
            ("司机东方明亮。", ["东方明亮"]),
            ("黄金 999 克", []),
            ("据秦斌介绍，系统已上线", ["秦斌"]),
            ("[INFO] 用户付雨登录成功", ["付雨"]),
            ('{"name": "张梓", "age": 3}', ["张梓"]),
            ("[10:02] 东方宇：您好", ["东方宇"]),
            ("我们去东方明珠玩", []),
            ("，侯然彤表示将继续投入。", ["侯然彤"]),
            ("问：你把什么情况向公安机关反映？", []),
            ("对方自称客服", []),
            ("商品：华为 MatePad", []),
            ("序号,姓名,手机\n1,谭阳,13134891465", ["谭阳"]),
            ("Best,\n陈丽\n云杉数科有限公司", ["陈丽"]),
            ("收 货 人：谢强", ["谢强"]),
            ("紧急联系人｜潘琪", ["潘琪"]),
            ("【唐俊】余额不足怎么办", ["唐俊"]),
            ('{"realName":"毛宇"}', ["毛宇"]),
            ('{"members": ["王涵", "陶磊慧"]}', ["王涵", "陶磊慧"]),
            ("参会人员：袁建鑫、吕建、曹凤鑫。", ["袁建鑫", "吕建", "曹凤鑫"]),
            ("工作由潘琳馨接手。", ["潘琳馨"]),
            ("@朱然 明天的会你参加吗", ["朱然"]),
            ("财务总监王芳表示将继续推进", ["王芳"]),
            ("户名：云杉数科", []),
            ("李宁总部在北京。", []),
            ("本周钱大妈专柜打八折。", []),
            ("项目经理会另行通知。", []),
        ]
