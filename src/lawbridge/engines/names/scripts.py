"""Which writing system a name is in, by Unicode block."""

from __future__ import annotations

import re

HAN = "han"
HANGUL = "hangul"
KANA = "kana"
LATIN = "latin"
OTHER = "other"

_RANGES = (
    (0x3400, 0x4DBF, HAN),
    (0x4E00, 0x9FFF, HAN),
    (0xF900, 0xFAFF, HAN),
    (0x20000, 0x3134F, HAN),
    (0xAC00, 0xD7A3, HANGUL),
    (0x1100, 0x11FF, HANGUL),
    (0x3130, 0x318F, HANGUL),
    (0x3040, 0x30FF, KANA),
    (0x31F0, 0x31FF, KANA),
    (0xFF66, 0xFF9F, KANA),
)


def _class(script: str) -> str:
    return "".join(f"{chr(start)}-{chr(end)}" for start, end, name in _RANGES if name == script)


# One or more characters that ``char_script`` calls Han, and one character of each script, as
# regexes: a Python loop per character was a visible part of preparing a name.
HAN_RUN = re.compile(f"[{_class(HAN)}]+")
_SCRIPT_CHARS = {script: re.compile(f"[{_class(script)}]") for script in (HAN, HANGUL, KANA)}


def has_letters(text: str, script: str) -> bool:
    """Whether ``script`` is among ``detect_scripts(text)`` (HAN, HANGUL or KANA)."""
    return any(match.group().isalpha() for match in _SCRIPT_CHARS[script].finditer(text))


def char_script(ch: str) -> str:
    code = ord(ch)
    if code < 0x250:
        return LATIN
    for start, end, script in _RANGES:
        if start <= code <= end:
            return script
    return OTHER


def detect_scripts(text: str) -> frozenset[str]:
    """The scripts of the letters in ``text`` (punctuation and digits ignored)."""
    return frozenset(char_script(ch) for ch in text if ch.isalpha())


def has_han(text: str) -> bool:
    return any(char_script(ch) == HAN for ch in text)


def is_hangul_syllable(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"
