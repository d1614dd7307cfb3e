"""Normalisation: any name to lower-case ASCII tokens, and phonetic keys of a token.

``fold`` turns a non-Chinese name into ASCII tokens (anyascii transliterates Cyrillic, Greek,
Arabic, Hebrew, Thai, Devanagari …); honorifics and titles are dropped. ``phonetic`` merges the
spellings that transliteration systems disagree on (w/v, ph/f, ts/tz/ch, ou/u …); ``skeleton``
keeps only consonant classes, so that "Poutine", "Putyin", "بوتين" (bwtyn) and "פוטין" (fvtyn)
meet. The blocking keys are a token's skeleton and, for longer skeletons, its one-deletion
neighbourhood, so one typo still shares a key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from lawbridge.engines.names import tables
from lawbridge.engines.names.syllables import is_sinitic, is_syllable

_NON_LETTER = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['`ʼʻ’‘ʹʾʿ]")
# OCR confusions: a digit inside a name is a misread letter.
_DIGITS = str.maketrans("0123456789", "olzeasgtbg")
_PHONETIC = (
    ("tsch", "C"), ("dzh", "J"), ("tch", "C"), ("sch", "S"), ("zh", "J"), ("ch", "C"),
    ("sh", "S"), ("dj", "J"), ("tz", "C"), ("ts", "C"), ("ph", "f"), ("th", "t"), ("kh", "k"),
    ("gh", "g"), ("ck", "k"), ("gy", "d"), ("x", "ks"), ("q", "k"), ("w", "v"), ("y", "i"),
    ("ou", "u"), ("oo", "u"), ("oe", "u"), ("ee", "i"),
)  # fmt: skip
# Consonant groups first (leftmost, longest listed first), then vowel groups on the result.
_CONSONANT_GROUPS = [(o, n) for o, n in _PHONETIC if o not in {"ou", "oo", "oe", "ee"}]
_PHONETIC_MAP = dict(_PHONETIC)
_PHONETIC_PATTERN = re.compile("|".join(o for o, _ in _CONSONANT_GROUPS))
_PHONETIC_VOWELS = re.compile("ou|oo|oe|ee")


def _phonetic_replacement(match: re.Match[str]) -> str:
    return _PHONETIC_MAP[match.group()]


_CLASSES = str.maketrans(
    {
        "p": "P", "b": "P", "f": "P", "v": "P", "t": "T", "d": "T", "k": "K", "g": "K",
        "c": "K", "l": "L", "r": "L", "s": "S", "z": "S", "S": "S", "C": "S", "J": "S",
        "j": None, "m": "M", "n": "N", "a": None, "e": None, "i": None, "o": None, "u": None,
        "h": None,
    }
)  # fmt: skip
MIN_DELETION_SKELETON = 4
PREFIX_KEY_LENGTH = 4
# "Abdul Aziz", "Abdel Aziz", "Abd al-Aziz": the article inside Abd-names is spelled many ways.
_ABD = ("abdul", "abdel", "abdal", "abdol", "abdoul")


# Letters whose ASCII fold loses a sound that other transliterations spell out (Ševčenko).
_CARONS = str.maketrans({"š": "sh", "Š": "Sh", "č": "ch", "Č": "Ch", "ž": "zh", "Ž": "Zh"})
# Arabic article with sun-letter assimilation ("at-Tamimi", "ash-Shami"): dropped like "al-".
_ARTICLE = re.compile(r"\b(?:al|el|ul)-|\ba([nrstdz]|sh)-(?=\1)", re.IGNORECASE)
# Greek writes b, d, g as μπ, ντ, γκ; anyascii spells them mp, nt, gk.
_GREEK = (("ντ", "d"), ("ΝΤ", "D"), ("Ντ", "D"), ("μπ", "b"), ("ΜΠ", "B"), ("Μπ", "B"), ("γκ", "g"))
_ARABIC_ARTICLE = re.compile(r"(?<![\w])\u0627\u0644(?=\w{2})")


# An initial ("П. Ю. Романова"): one letter and a dot; its transliteration may be two letters.
_INITIAL = re.compile(r"(?<!\w)(\w)\.")


def _initial(match: re.Match[str]) -> str:
    letter = anyascii(match.group(1))[:1]
    return f" {letter} " if letter else " "


@lru_cache(maxsize=65536)
def fold(text: str) -> tuple[str, ...]:
    """ASCII tokens of a name in any script anyascii knows, titles and particles dropped."""
    text = _ARABIC_ARTICLE.sub("", unicodedata.normalize("NFKC", text).translate(_CARONS))
    text = _INITIAL.sub(_initial, text)
    if any("\u0370" <= ch <= "\u03ff" for ch in text):
        for greek, latin in _GREEK:
            text = text.replace(greek, latin)
    abjad = any("\u0590" <= ch <= "\u06ff" for ch in text)  # Hebrew, Arabic
    ascii_text = _ARTICLE.sub(" ", anyascii(text).lower())
    if abjad:
        ascii_text = _AYN.sub("a", ascii_text)  # ع starting a word: Ali, Omar, Abd
    ascii_text = _APOSTROPHES.sub("", ascii_text).replace("-", "")
    tokens = [t.translate(_DIGITS) for t in _NON_LETTER.split(ascii_text) if t]
    tokens = [t for t in tokens if any(ch.isalpha() for ch in t) or t.isalpha()]
    if abjad:  # no titles to drop (عمر, mr, is Umar), but بن / بنت (son / daughter of)
        kept = [t for t in tokens if t not in _ABJAD_PARTICLES]
        return tuple(kept or tokens)
    kept = [t for t in tokens if t not in tables.titles()]
    return tuple(kept or tokens)


_AYN = re.compile(r"(?<![a-z])`(?=[a-z])")
_ABJAD_PARTICLES = frozenset({"bn", "bnt", "abn"})
_ABJAD_DIGRAPHS = re.compile("kh|sh|ch|th|dh|gh|ph|ck|q")
_ABJAD_SOUNDS = {"kh": "k", "sh": "S", "ch": "S", "th": "t", "dh": "d", "gh": "g", "ph": "f",
                 "ck": "k", "q": "k"}  # fmt: skip
_ABJAD_DROP = str.maketrans({"a": None, "e": None, "i": None, "o": None, "u": None, "y": None,
                             "w": None, "v": "b", "p": "b", "f": "b"})  # fmt: skip


@lru_cache(maxsize=65536)
def consonants(token: str) -> str:
    """What an abjad writes of a token: its consonants (w and y are vowels there; Arabic has no
    p or v), for comparing Arabic and Hebrew with Latin spellings (Khaled / khld)."""
    if token.startswith("w"):
        token = "b" + token[1:]  # initial و is a consonant (Walid; Persian ولادیمیر Vladimir)
    for prefix in _ABD:
        if token.startswith(prefix) and len(token) > len(prefix) + 2:
            token = "abd" + token[len(prefix) :]  # Abdelhamid: عبد الحميد, the article unwritten
            break
    body = _ABJAD_DIGRAPHS.sub(lambda m: _ABJAD_SOUNDS[m.group()], token).translate(_ABJAD_DROP)
    if body.endswith("h") and len(body) > 2:
        body = body[:-1]  # ه / ة at the end is often not written in Latin
    return _collapse(body)


@lru_cache(maxsize=65536)
def phonetic(token: str, sinitic: bool | None = None) -> str:
    """Spelling variants merged; vowels kept (for scoring). ``sinitic``: known to be Chinese
    syllables (skips the check)."""
    out = token
    if not (is_sinitic(token) if sinitic is None else sinitic):
        # European j is a glide (Darja, Pjotr, Julija); ё is written yo, io, jo or e.
        out = out.replace("j", "y")
        for old, new in (("yo", "e"), ("io", "e")):
            out = out.replace(old, new)
    out = _PHONETIC_PATTERN.sub(_phonetic_replacement, out)
    out = _PHONETIC_VOWELS.sub(_phonetic_replacement, out)
    for prefix in _ABD:
        if out.startswith(prefix) and len(out) > len(prefix) + 2:
            out = "abd" + out[len(prefix) :]
            break
    if len(out) > 2 and out[-1] == "h" and out[-2] in "aeiou":
        out = out[:-1]  # Wah, Yeh, Sarah: a final h after a vowel is not heard
    return _collapse(out)


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant classes of the phonetic form, repeats collapsed (for blocking)."""
    return _collapse(phonetic(token).translate(_CLASSES))


_REPEATS = re.compile(r"(.)\1+")


def _collapse(text: str) -> str:
    return _REPEATS.sub(r"\1", text)


def exact_key(token: str, sinitic: bool | None = None) -> str:
    """The phonetic form as a key: what Chinese syllables written together are keyed by."""
    return "v" + phonetic(token, sinitic)


def primary_key(token: str) -> str:
    """The skeleton or, for a token with too few consonants to tell, its phonetic form.

    One Chinese syllable (Wang, Yong, Huang) is keyed by its phonetic form too: its skeleton
    (NK) would be shared by hundreds of syllables, and the spellings of other systems are
    generated forms, not typos."""
    skel = skeleton(token)
    if is_syllable(token) or not (len(skel) >= 2 or (skel and len(token) >= 4)):
        return "v" + phonetic(token)
    return skel


@lru_cache(maxsize=65536)
def token_keys(token: str) -> tuple[str, ...]:
    """Blocking keys of one ASCII token: skeleton (+ deletion neighbourhood) or, if short, itself;
    the first letters of a long token (a typo late in the name); nickname groups."""
    skel = skeleton(token)
    keys = {primary_key(token)}
    sinitic = is_sinitic(token)
    if sinitic:
        keys.add(exact_key(token))
    if len(token) > PREFIX_KEY_LENGTH:
        keys.add("p" + token[:PREFIX_KEY_LENGTH])
    if not sinitic:
        # Not for Chinese syllables, whose endings and consonants hundreds of names share:
        if len(token) > PREFIX_KEY_LENGTH:
            keys.add(
                "s" + token[-PREFIX_KEY_LENGTH:]
            )  # a change in the first letters: Jamal / Gamal
        written = consonants(token)
        if len(written) >= 2:
            keys.add("c" + written)  # what Arabic or Hebrew would write: meets an abjad form
    if len(skel) >= MIN_DELETION_SKELETON and not is_syllable(token):
        keys.update(_collapse(skel[:i] + skel[i + 1 :]) for i in range(len(skel)))
    ocr = ocr_fold(token)
    if ocr != token:
        keys.add(skeleton(ocr))
    for canonical in tables.nicknames().get(token, ()):
        keys.add("n" + canonical)
    if token in tables.nicknames_canonical():
        keys.add("n" + token)
    return tuple(sorted(keys))


# Letter groups OCR misreads as one another ("Greeri" for "Green", "Edwarcls" for "Edwards").
_OCR = (("rn", "m"), ("ri", "n"), ("cl", "d"), ("vv", "w"), ("ii", "u"))


@lru_cache(maxsize=65536)
def ocr_fold(token: str) -> str:
    out = token
    for old, new in _OCR:
        out = out.replace(old, new)
    return out
