"""Every Latin form a name may be written in: the ``Form``s compared by ``compare.py``.

A name in Hanzi becomes its Hanzi form (simplified, via opencc, so 郭聲琨 and 郭声琨 are one name)
plus Hanyu Pinyin (surname readings from our table: 单 Shan, 区 Ou, 曾 Zeng …), Wade-Giles,
Hong Kong Cantonese and, when the surname is a Korean one, the Korean reading (金正恩 → Kim Jong Un).
A Hangul name becomes its Revised Romanization and the customary spellings (Kim, Lee, Park …,
eo → o, eu → u). Anything else is folded to ASCII by anyascii (``normalize.fold``).
Surname first, given name joined into one token, as the romanisations write it ("Sheng-kun").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc
from anyascii import anyascii

from lawbridge.engines.names import tables
from lawbridge.engines.names.normalize import fold
from lawbridge.engines.names.scripts import HAN, HANGUL, KANA, char_script, is_hangul_syllable
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

    @lru_cache(maxsize=65536)  # noqa: B019 - one instance for the process (_t2s), never freed
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
    text = unicodedata.normalize("NFKC", name).strip()
    scripts = {char_script(ch) for ch in text if ch.isalpha()}
    if HAN in scripts and KANA not in scripts:
        forms = han_forms(text)
    elif HANGUL in scripts:
        forms = hangul_forms(text)
    else:
        tokens = fold(_comma_order(text))
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


def _split_on(text: str) -> tuple[str, ...]:
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
    forms.extend(_pinyin_forms(parts, structured))
    forms.extend(_cantonese_forms(parts, structured))
    if structured:
        forms.extend(_korean_from_hanja(parts))
    return tuple(forms)


def _syllables(chars: str) -> list[str]:
    table = tables.pinyin()
    return [table[ch] for ch in chars if ch in table]


def _surname_readings(surname: str, key: str) -> list[str]:
    entry = tables.chinese_surnames().get(surname)
    return list(entry[key]) if entry and entry[key] else []


def _pinyin_forms(parts: tuple[str, ...], structured: bool) -> list[Form]:
    wade = tables.wade_giles()
    given = ["".join(_syllables(part)) for part in parts[1:]]
    surnames = (_surname_readings(parts[0], "pinyin") if structured else []) or [
        "".join(_syllables(parts[0]))
    ]
    forms = []
    for surname in surnames:
        forms.append(Form((surname, *given), "hanzi→pinyin", ROMANISED))
    wg_given = ["".join(wade.get(s, s) for s in _syllables(part)) for part in parts[1:]]
    if structured and parts[0] in tables.compound_surnames():
        wg_surname = "".join(wade.get(s, s) for s in _split_pinyin_like(parts[0]))
    else:
        first = surnames[0]
        wg_surname = wade.get(first, "".join(wade.get(s, s) for s in _syllables(parts[0])))
    forms.append(Form((wg_surname, *wg_given), "hanzi→wade-giles", ROMANISED))
    return [f for f in forms if all(f.tokens)]


def _split_pinyin_like(surname: str) -> list[str]:
    return _syllables(surname)


def _cantonese_forms(parts: tuple[str, ...], structured: bool) -> list[Form]:
    table = tables.cantonese()
    given = ["".join(table.get(ch, "") for ch in part) for part in parts[1:]]
    spellings = _surname_readings(parts[0], "hk") if structured else []
    if not spellings:
        spellings = ["".join(table.get(ch, "") for ch in parts[0])]
    forms = [
        Form((spelling.replace(" ", ""), *given), "hanzi→cantonese", ROMANISED)
        for spelling in spellings[:2]
    ]
    return [f for f in forms if all(f.tokens)]


def _korean_from_hanja(parts: tuple[str, ...]) -> list[Form]:
    surname = tables.korean_hanja_surnames().get(_traditional_surname(parts[0]))
    if surname is None:
        return []
    readings = tables.hanja()
    given = "".join(readings.get(ch, "") for ch in _t2t(parts[1]))
    if len(given) != len(parts[1]):
        return []
    # Two forms only (the usual surname spelling, Revised and customary given name): most Chinese
    # surnames are Korean ones too, and every form costs comparisons and index keys.
    forms = _korean_romanised(surname, given)[:2]
    return [Form(f.tokens, "hanzi→korean", ROMANISED) for f in forms]


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
    return "".join(ch for ch in anyascii(hangul).lower() if ch.isalpha())


def _korean_romanised(surname: str, given: str) -> list[Form]:
    revised = _romanise(given)
    customary = revised.replace("eo", "o").replace("eu", "u")
    spellings = tables.korean_surnames().get(surname, [])[:MAX_KOREAN_SURNAME_SPELLINGS]
    forms = []
    for spelling in [*spellings, _romanise(surname)]:
        for given_form in dict.fromkeys((revised, customary)):
            forms.append(Form((spelling, given_form), "korean", ROMANISED))
    return forms
