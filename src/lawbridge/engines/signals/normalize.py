"""Text normalisation for matching: one canonical form for the evasions posters use.

Steps, in order (each undoes an evasion seen in copied scam and propaganda posts):

1. NFKD, dropping combining marks, format characters (zero-width space/joiners, BOM, soft hyphen,
   bidi marks) and variation selectors; then NFC. Fullwidth forms and circled letters fold here.
2. ``casefold`` (so upper-case Cyrillic and Greek fold like lower case: Ν → ν, Е → е); letters
   spaced out (``f r e e``, ``Y…O U.R``, ``s.e!r…v，i``: single letters split by a space or by one
   to three punctuation marks, optionally space-flanked) are joined; the run absorbs the fragment
   after it when that holds a Cyrillic/Greek look-alike (``s u n g l a s sеs``: the evader's
   spacing stopped where a look-alike interrupted the word) and trailing digits
   (``s.e.r.v.i.c.e77``); then Cyrillic and Greek look-alikes (а, е, о, р, с, х, ο, α, ν …)
   become Latin.
3. Traditional → simplified Chinese (opencc ``t2s``), only when the text has Han characters.
4. Separators beside a CJK character go (微.信, 加 V 信); digit groups split by one space, comma,
   dot or hyphen are joined (``138-1234-5678``, ``5,000``), so a regrouped number is one token;
   runs of Chinese numerals (一三八…) become digits.
5. Contact evasions fold to one word: V信/vx/wx/威信/薇信/wechat → 微信, 加V → 加微信,
   扣扣/抠抠 → qq, 纸飞机/tg → telegram.
6. Optional pinyin folding: each Han character becomes its toneless pinyin syllable (needs
   ``pypinyin`` at run time), so 加微信 and "jia wei xin" are one text.

:func:`tokens` then splits the form into CJK characters (one token each) and words of any other
script; shingles are n-grams of tokens (characters for Chinese, words for English).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import opencc

_DROP_CATEGORIES = frozenset({"Mn", "Me", "Cf"})
_VARIATION = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef\u3164\u115f\u1160\u2800]")

_HOMOGLYPHS = str.maketrans(
    {
        # Cyrillic (lower case: casefold runs first)
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
        "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "һ": "h", "ɡ": "g", "ʟ": "l",
        # Greek
        "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ς": "c", "σ": "o",
        # symbols used as letters
        "€": "e", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ı": "i",
    }
)  # fmt: skip

_LOOKALIKES = frozenset(chr(k) for k in _HOMOGLYPHS if chr(k) not in "€ß")

_CJK = (
    "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\U00020000-\U0003134f"
)
_HAN = re.compile(f"[{_CJK}]")
_SEP = r"[^\w]|_"
_SEP_BESIDE_CJK = re.compile(f"(?<=[{_CJK}])(?:{_SEP})+|(?:{_SEP})+(?=[{_CJK}])")
_SPACED_LETTERS = re.compile(r"(?<![^\W_])(?:[^\W_][ .\-_*·•|/]){2,}[^\W_](?![^\W_])")
_SPACED_SEP = re.compile(r"[ .\-_*·•|/]")
# A run of >= 3 single letters split by a space or by 1-3 punctuation marks (space-flanked or
# not), then an optional fragment glued on the right (kept only when it holds a look-alike).
_GAP = r"(?:\s?[^\w\s]{1,3}\s?|\s|_)"
_SPACED_RUN = re.compile(
    rf"(?<![^\W_])(?P<run>[^\W_](?:{_GAP}[^\W_]){{2,}})"
    rf"(?:(?P<digits>\d+)|(?![^\W_])(?:(?P<gap>{_GAP})(?P<right>[^\W_]+))?)"
)
_GAP_RE = re.compile(_GAP)
_DIGIT_GROUPS = re.compile(r"(?<=\d)[ ,.\-](?=\d)")
_CN_DIGITS = re.compile("[〇零一二三四五六七八九两]{5,}")
_CN_DIGIT_MAP = str.maketrans("〇零一二三四五六七八九两", "001234567892")

_EVASIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile("(?:v|威|薇|徽|溦|嶶)信|(?<![a-z])(?:vx|wx|weixin|wechat)(?![a-z])"), "微信"),
    (re.compile("(?:加|\\+|＋)v(?![a-z])"), "加微信"),
    (re.compile("扣扣|抠抠|蔻蔻|(?<![a-z])qq号?"), " qq "),
    (re.compile("纸飞机|(?<![a-z])tg(?![a-z])"), " telegram "),
)  # fmt: skip

_TOKEN = re.compile(f"[{_CJK}]|\\d+|(?:(?![{_CJK}])[^\\W\\d_])+")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def strip_marks(text: str) -> str:
    """NFKD, drop combining marks, format and variation characters, then NFC."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) not in _DROP_CATEGORIES)
    return unicodedata.normalize("NFC", _VARIATION.sub("", kept))


def fold_script(text: str) -> str:
    """Case, spaced-out letters, look-alike letters, traditional characters."""
    folded = join_spaced(text.casefold()).translate(_HOMOGLYPHS)
    if _HAN.search(folded):
        folded = _t2s().convert(folded)
    return folded


def join_spaced(text: str) -> str:
    """Join letters spaced out by spaces or sprinkled punctuation (step 2; before look-alikes
    are folded, so a fragment holding one can be told from an ordinary neighbouring word)."""
    return _SPACED_RUN.sub(_join_run, text)


def _join_run(m: re.Match[str]) -> str:
    run = _GAP_RE.sub("", m.group("run")) + (m.group("digits") or "")
    right = m.group("right")
    if right is None:
        return run
    return run + (right if _has_lookalike(right) else m.group("gap") + right)


def _has_lookalike(fragment: str) -> bool:
    return any(ch in _LOOKALIKES for ch in fragment)


def fold_evasions(text: str) -> str:
    """Separators, spaced letters, Chinese numerals and contact words (steps 4 and 5)."""
    text = _SEP_BESIDE_CJK.sub("", text)
    text = _SPACED_LETTERS.sub(lambda m: _SPACED_SEP.sub("", m.group()), text)
    text = _DIGIT_GROUPS.sub("", text)
    text = _CN_DIGITS.sub(lambda m: m.group().translate(_CN_DIGIT_MAP), text)
    for pattern, replacement in _EVASIONS:
        text = pattern.sub(replacement, text)
    return text.strip()


def normalize_text(text: str, *, pinyin: bool = False) -> str:
    """The canonical matching form of a text (steps 1 to 5, and 6 when ``pinyin``).

    The last few forms are remembered: a post's text signal, exact hash and rule form all start
    from the same normalisation."""
    if not isinstance(text, str):
        raise TypeError("normalize_text: text must be str")
    return _normalized(text, pinyin)


@lru_cache(maxsize=64)
def _normalized(text: str, pinyin: bool) -> str:
    form = fold_evasions(fold_script(strip_marks(text)))
    if pinyin and _HAN.search(form):
        form = _pinyin_folder()(form)
    return form


def tokens(form: str) -> list[str]:
    """CJK characters one by one, and words of other scripts, in order."""
    return _TOKEN.findall(form)


def shingles(toks: list[str], n: int) -> frozenset[str]:
    """The set of token n-grams (a text shorter than ``n`` tokens is one shingle)."""
    if len(toks) <= n:
        return frozenset([" ".join(toks)]) if toks else frozenset()
    return frozenset(" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1))


def is_cjk(token: str) -> bool:
    return len(token) == 1 and _HAN.match(token) is not None


@lru_cache(maxsize=1)
def _pinyin_folder() -> Callable[[str], str]:
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError("pinyin folding needs the pypinyin package") from exc

    def fold(form: str) -> str:
        syllables = lazy_pinyin(form, style=Style.NORMAL, errors="default")
        return " ".join(syllables)

    return fold
