"""Date of birth: a date written beside a birth word (出生, 生日, born, DOB); other dates are not
personal information on their own and are never reported."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lawbridge.engines.pii.base import (
    Finding,
    Pattern,
    Recognizer,
    Scan,
    bounded,
    column_header,
    words,
)
from lawbridge.engines.pii.recognizers.numbers import real_date

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_NUMBERS = re.compile(r"\d+")
#: 生 or 出生 right after a date, not starting 生效/生产/生成 (takes effect, produced, generated).
_BORN_AFTER = re.compile(r"出?生(?![效产成])")


class DateOfBirthRecognizer(Recognizer):
    """A birth date as written: 1985年3月12日, 1985-03-12, 03/12/1985, March 12, 1985, 12 March 1985."""

    NAME = "date_of_birth"
    ENTITY = "DATE_OF_BIRTH"
    PATTERNS = (
        bounded("zh", r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}[日号]", score=0.3, right=None),
        bounded(
            "iso",
            r"(?:19|20)\d{2}([\-/.])\d{1,2}\1\d{1,2}",
            score=0.3,
            hs_core=r"(?:19|20)\d{2}[\-/.]\d{1,2}[\-/.]\d{1,2}",
        ),
        bounded(
            "us",
            r"\d{1,2}([\-/.])\d{1,2}\1(?:19|20)\d{2}",
            score=0.3,
            hs_core=r"\d{1,2}[\-/.]\d{1,2}[\-/.](?:19|20)\d{2}",
        ),
        bounded(
            "compact",
            r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])",
            score=0.3,
            needs_context=True,
        ),
        bounded(
            "month_first",
            rf"{_MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?,? (?:19|20)\d{{2}}",
            score=0.3,
        ),
        bounded(
            "day_month_abbr",
            rf"\d{{1,2}}-{_MONTH}-(?:19|20)\d{{2}}",
            score=0.3,
            caseless=True,
        ),
        bounded(
            "day_first",
            rf"\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH}\.?,? (?:19|20)\d{{2}}",
            score=0.3,
        ),
    )
    CONTEXT = words(
        "出生", "出生日期", "出生年月", "出生年月日", "生日", "生于", "出生于", "诞生于", "born",
        "born on", "dob", "d.o.b", "d.o.b.", "date of birth", "birth date", "birthdate", "birthday",
        "b.", "dateofbirth", "birthdate", "birth_date", "date of birth", "出生年月日",
    )  # fmt: skip
    VETO = words(
        "日期", "时间", "入职", "入职日期", "注册", "注册日期", "下单", "下单时间", "发货", "签发",
        "签发日期", "有效期", "有效期至", "到期", "截止", "创建", "更新", "date", "time", "issued",
        "issue date", "expires", "expiry", "expiration", "valid until", "registered", "joined",
        "created", "updated", "order date", "due", "on", "since", "until", "deadline", "updated on",
    )  # fmt: skip

    CONTEXT_GATES_PATTERNS = False  # 1983年8月27日生 and CSV "dob" columns need no birth word

    def __init__(self, context_boost: float = 0.55) -> None:
        super().__init__(context_boost)

    def on_pattern(self, pattern: Pattern, match: re.Match[str], scan: Scan) -> Iterable[Finding]:
        """A date written right before 生 or 出生 ("1983年8月27日生", court style) is a birth
        date whatever comes before it; other dates need a birth word near."""
        if _BORN_AFTER.match(scan.text, match.end()) and self.validate(match.group(0), pattern):
            return (self.finding(match.start(), match.end(), pattern.score + self.context_boost),)
        found = tuple(super().on_pattern(pattern, match, scan))
        if len(found) == 1 and found[0].score <= pattern.score:  # valid, but no birth word near
            start = match.start()
            cell = start == 0 or scan.text[start - 1] in ',\t|｜"'
            if (
                cell and column_header(scan, start) in self.CONTEXT
            ):  # a CSV column "dob", "出生日期"
                return (
                    self.finding(match.start(), match.end(), pattern.score + self.context_boost),
                )
        return found

    def validate(self, value: str, pattern: Pattern) -> bool:
        if pattern.name == "compact":
            return real_date(int(value[:4]), int(value[4:6]), int(value[6:]))
        numbers = list(map(int, _NUMBERS.findall(value)))
        year = next((n for n in numbers if n >= 1000), 0)
        return 1900 <= year <= 2030 and all(1 <= n <= 31 for n in numbers if n < 1000)

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ("出生日期：1985年3月12日", ["1985年3月12日"]),
            ("1990-07-01出生", ["1990-07-01"]),
            ("DOB: 03/12/1985", ["03/12/1985"]),
            ("She was born on March 12, 1985 in Ohio.", ["March 12, 1985"]),
            ("下单时间 2023-05-01", []),
            ("Meeting on March 12, 2024", []),
            ("原告某某，女，1983年8月27日生，汉族", ["1983年8月27日"]),
            ('{"dob": "19581025", "order_id": "20231025"}', ["19581025"]),
            ("2023-05-01生效", []),
            ("Birth date: 30-Apr-1979", ["30-Apr-1979"]),
            ('{"dateOfBirth": "09/05/1969"}', ["09/05/1969"]),
            (
                'name,phone,dob\nAnn Lee,555,04/27/1951\nBo Li,556,"Oct 6, 1982"',
                ["04/27/1951", "Oct 6, 1982"],
            ),
            ("序号,姓名,出生日期,车牌\n1,姚俊,2002年4月1日,辽CD22571", ["2002年4月1日"]),
            ("id,created,total\n1,2024-05-01,3", []),
        ]
