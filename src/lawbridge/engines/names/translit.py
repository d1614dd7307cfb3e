"""Every Latin form a name may be written in: the ``Form``s compared by ``compare.py``.

A name in Hanzi becomes its Hanzi form (simplified, via opencc, so 郭聲琨 and 郭声琨 are one name)
plus Hanyu Pinyin (surname readings from our table: 单 Shan, 区 Ou, 曾 Zeng …), Wade-Giles,
Hong Kong Cantonese and, when the surname is a Korean one, the Korean reading (金正恩 → Kim Jong Un).
A Hangul name becomes its Revised Romanization and the customary spellings (Kim, Lee, Park …,
eo → o, eu → u). Anything else is folded to ASCII by anyascii (``normalize.fold``).
Surname first, given name joined into one token, as the romanisations write it ("Sheng-kun").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc

from lawbridge.engines.names import tables
from lawbridge.engines.names.normalize import ASCII, fold_text
from lawbridge.engines.names.scripts import (
    HAN,
    HAN_RUN,
    HANGUL,
    KANA,
    char_script,
    has_letters,
    is_hangul_syllable,
)
from lawbridge.errors import InvalidInput

HANZI, ROMANISED, LATIN = 0, 1, 2
_SEPARATORS = "·•・．.‧ 　,，、-"
MAX_KOREAN_SURNAME_SPELLINGS = 3


@dataclass(frozen=True, slots=True)
class Form:
    """One way of writing a name: tokens (surname first where known) and how it was derived."""

    tokens: tuple[str, ...]
    via: str
    kind: int


class _Simplifier:
    """Traditional (Taiwan, Hong Kong variants included: 衞, 綫) to simplified, via opencc."""

    def __init__(self) -> None:
        self._steps = (opencc.OpenCC("hk2s"), opencc.OpenCC("tw2s"), opencc.OpenCC("t2s"))

    # Not cached: it runs once per name, and ``prepare_name`` caches what is made of the name.
    def convert(self, text: str) -> str:
        for step in self._steps:
            text = step.convert(text)
        return text


@cache
def _t2s() -> _Simplifier:
    return _Simplifier()


@lru_cache(maxsize=65536)
def name_forms(name: str) -> tuple[Form, ...]:
    """All forms of one name; raise InvalidInput when no supported script yields letters."""
    return forms_of(name)


def forms_of(name: str) -> tuple[Form, ...]:
    """``name_forms`` uncached (``prepare_name`` caches what it makes of the forms)."""
    text = unicodedata.normalize("NFKC", name).strip()
    if text.isascii():  # no Han, Kana or Hangul: the Latin branch, and via "latin"
        tokens = fold_text(_comma_order(text))
        if not tokens:
            raise InvalidInput(f"name: {name!r} is in a script we cannot transliterate")
        return (Form(tokens, "latin", LATIN),)
    if has_letters(text, HAN) and not has_letters(text, KANA):
        forms = han_forms(text)
    elif has_letters(text, HANGUL):
        forms = hangul_forms(text)
    else:
        tokens = fold_text(_comma_order(text))
        forms = (Form(tokens, _script_via(text), LATIN),) if tokens else ()
    if not forms:
        raise InvalidInput(f"name: {name!r} is in a script we cannot transliterate")
    return _dedupe(forms)


def _comma_order(text: str) -> str:
    """ "SMITH, John Andrew" as it is said, "John Andrew SMITH": the family name written first
    and set off by a comma goes last, so the given and middle names sit where they usually do
    (``compare`` weighs a first or last name more than a middle one)."""
    head, comma, tail = text.partition(",")
    if not comma or "," in tail or not head.strip() or not tail.strip():
        return text
    if len(head.split()) > 2:
        return text
    return f"{tail.strip()} {head.strip()}"


def _dedupe(forms: tuple[Form, ...]) -> tuple[Form, ...]:
    if len(forms) == 1:
        return forms if forms[0].tokens else ()
    seen: dict[tuple[int, tuple[str, ...]], Form] = {}
    for form in forms:
        if form.tokens:
            seen.setdefault((form.kind, form.tokens), form)
    return tuple(seen.values())


def _script_via(text: str) -> str:
    for ch in text:
        if ch.isalpha() and not ch.isascii():
            script = unicodedata.name(ch, "OTHER").split()[0].lower()
            return "latin" if script == "latin" else f"{script}→latin"
    return "latin"


# --- Chinese ---------------------------------------------------------------------------------


def split_han_name(text: str) -> tuple[str, ...]:
    """(surname, given) of an unspaced Hanzi name, or its parts if it is written with separators."""
    simplified = _t2s().convert(text)
    if _han_title_pattern().search(simplified):  # most names have none: one search says so
        for title in tables.han_titles():
            if simplified.endswith(title) and len(simplified) > len(title):
                simplified = simplified[: -len(title)]
            if simplified.startswith(title) and len(simplified) > len(title):
                simplified = simplified[len(title) :]
    parts = _split_on(simplified)
    if len(parts) != 1:
        return parts
    name = parts[0]
    if len(name) >= 3 and name[:2] in tables.compound_surnames():
        return (name[:2], name[2:])
    if len(name) >= 2:
        return (name[0], name[1:])
    return (name,)


@cache
def _han_title_pattern() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, tables.han_titles())))


def _split_on(text: str) -> tuple[str, ...]:
    if HAN_RUN.fullmatch(text):  # the usual name: Han characters only, no separators
        return (text,)
    parts: list[str] = []
    current: list[str] = []
    for ch in text:
        if ch in _SEPARATORS or ch.isspace():
            if current:
                parts.append("".join(current))
            current = []
        elif char_script(ch) == HAN:
            current.append(ch)
    if current:
        parts.append("".join(current))
    return tuple(parts)


def han_forms(text: str) -> tuple[Form, ...]:
    parts = split_han_name(text)
    if not parts:
        return ()
    forms = [Form(parts, "hanzi", HANZI)]
    structured = len(parts) == 2 and len("".join(parts)) <= 4
    readings = [_readings(part) for part in parts]
    forms.extend(_pinyin_forms(parts, structured, readings))
    forms.extend(_cantonese_forms(parts, structured, readings))
    if structured:
        forms.extend(_korean_from_hanja(parts, readings))
    return tuple(forms)


# (pinyin, Wade-Giles, Cantonese, hanja readings) of one part of a Hanzi name, each written
# together: read once per part (given names and surnames recur across names).
_Readings = tuple[str, str, str, str]


@lru_cache(maxsize=65536)
def _readings(part: str) -> _Readings:
    wade = tables.wade_giles()
    syllables = _syllables(part)
    cantonese = tables.cantonese()
    hanja = tables.hanja()
    return (
        "".join(syllables),
        "".join([wade.get(s, s) for s in syllables]),
        "".join([cantonese.get(ch, "") for ch in part]),
        "".join([hanja.get(ch, "") for ch in _t2t(part)]),
    )


def _syllables(chars: str) -> list[str]:
    table = tables.pinyin()
    return [table[ch] for ch in chars if ch in table]


def _surname_readings(surname: str, key: str) -> list[str]:
    entry = tables.chinese_surnames().get(surname)
    return list(entry[key]) if entry and entry[key] else []


def _pinyin_forms(
    parts: tuple[str, ...], structured: bool, readings: list[_Readings]
) -> list[Form]:
    wade = tables.wade_giles()
    given = [reading[0] for reading in readings[1:]]
    surnames = (_surname_readings(parts[0], "pinyin") if structured else []) or [readings[0][0]]
    forms = []
    for surname in surnames:
        forms.append(Form((surname, *given), "hanzi→pinyin", ROMANISED))
    wg_given = [reading[1] for reading in readings[1:]]
    if structured and parts[0] in tables.compound_surnames():
        wg_surname = readings[0][1]
    else:
        first = surnames[0]
        wg_surname = wade.get(first, readings[0][1])
    forms.append(Form((wg_surname, *wg_given), "hanzi→wade-giles", ROMANISED))
    return [f for f in forms if all(f.tokens)]


def _cantonese_forms(
    parts: tuple[str, ...], structured: bool, readings: list[_Readings]
) -> list[Form]:
    given = [reading[2] for reading in readings[1:]]
    spellings = _surname_readings(parts[0], "hk") if structured else []
    if not spellings:
        spellings = [readings[0][2]]
    forms = [
        Form((spelling.replace(" ", ""), *given), "hanzi→cantonese", ROMANISED)
        for spelling in spellings[:2]
    ]
    return [f for f in forms if all(f.tokens)]


def _korean_from_hanja(parts: tuple[str, ...], readings: list[_Readings]) -> list[Form]:
    surname = tables.korean_hanja_surnames().get(_traditional_surname(parts[0]))
    if surname is None:
        return []
    given = readings[1][3]
    if len(given) != len(parts[1]):
        return []
    # Two forms only (the usual surname spelling, Revised and customary given name): most Chinese
    # surnames are Korean ones too, and every form costs comparisons and index keys.
    return [Form(t, "hanzi→korean", ROMANISED) for t in _korean_spellings(surname, given, 2)]


def _traditional_surname(surname: str) -> str:
    return _hanja_by_simplified().get(surname, surname)


@cache
def _hanja_by_simplified() -> dict[str, str]:
    """Simplified spelling -> the Korean hanja surname table's (traditional) key; first wins."""
    out: dict[str, str] = {}
    for hanja_form in tables.korean_hanja_surnames():
        out.setdefault(_t2s().convert(hanja_form), hanja_form)
    return out


def _t2t(chars: str) -> str:
    """Hanja tables are keyed by traditional characters; the hanja table covers most simplified too."""
    return chars


# --- Korean ----------------------------------------------------------------------------------


def hangul_forms(text: str) -> tuple[Form, ...]:
    syllables = "".join(ch for ch in text if is_hangul_syllable(ch))
    if not syllables:
        return ()
    if len(syllables) == 1:
        return (Form((_romanise(syllables),), "hangul→latin", LATIN),)
    words = [w for w in text.split() if any(is_hangul_syllable(ch) for ch in w)]
    if len(words) >= 2 and len(syllables) > 4:
        # Written with spaces and long: a foreign name in Hangul (블라디미르 푸틴), not Korean.
        return (Form(tuple(_romanise(w) for w in words), "hangul→latin", LATIN),)
    surnames = tables.korean_surnames()
    cut = 2 if len(syllables) >= 4 and syllables[:2] in surnames else 1
    return tuple(
        Form(f.tokens, "hangul→latin", LATIN)
        for f in _korean_romanised(syllables[:cut], syllables[cut:])
    )


def _romanise(hangul: str) -> str:
    return "".join([ch for ch in hangul.translate(ASCII).lower() if ch.isalpha()])


def _korean_romanised(surname: str, given: str) -> list[Form]:
    return [Form(t, "korean", ROMANISED) for t in _korean_spellings(surname, given, None)]


def _korean_spellings(surname: str, given: str, limit: int | None) -> list[tuple[str, str]]:
    """The tokens of ``_korean_romanised``'s forms, in order; the first ``limit`` of them."""
    revised = _romanise(given)
    customary = revised.replace("eo", "o").replace("eu", "u")
    spellings = tables.korean_surnames().get(surname, [])[:MAX_KOREAN_SURNAME_SPELLINGS]
    out: list[tuple[str, str]] = []
    for spelling in [*spellings, _romanise(surname)]:
        for given_form in dict.fromkeys((revised, customary)):
            if len(out) == limit:
                return out
            out.append((spelling, given_form))
    return out
