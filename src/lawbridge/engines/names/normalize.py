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
import sys
import unicodedata
from functools import lru_cache
from operator import itemgetter

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
# Both passes in one scan, split into [text, group, text, group, …]: the two passes are
# independent, since no consonant group contains o, u or e and no replacement writes one, so the
# vowel groups meet the same neighbours either way; and the first letters (t d s z c p k g x q w
# y / o e) tell the consonant and vowel groups apart. Splitting and mapping the groups through a
# dict avoids a Python call per match, which made ``phonetic`` the hottest function.
_SCAN_GROUPS = [o for o, _ in _CONSONANT_GROUPS] + ["ou", "oo", "oe", "ee"]  # all letters
_PHONETIC_SPLIT = re.compile("(" + "|".join(_SCAN_GROUPS) + ")")


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
# Russian, Ukrainian and Serbian patronymics as English, French, German and Polish write them.
PATRONYMIC_ENDINGS = (
    "vich",
    "vitch",
    "witsch",
    "wicz",
    "vych",
    "vna",
    "wna",
    "ichna",
    "ovic",
    "evic",
)
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


class _Ascii(dict[int, str]):
    """anyascii of single characters, by code point, for ``str.translate``: anyascii spells each
    character on its own, so ``text.translate(ASCII) == anyascii(text)``, in C rather than in
    anyascii's loop over the characters. At most 65,536 characters are kept."""

    def __missing__(self, code: int) -> str:
        if len(self) >= 65536:
            self.clear()
        spelled = self[code] = anyascii(chr(code))
        return spelled


ASCII = _Ascii()
_GREEK_LETTERS = re.compile("[\u0370-\u03ff]")
_ABJAD_LETTERS = re.compile("[\u0590-\u06ff]")  # Hebrew, Arabic


def _initial(match: re.Match[str]) -> str:
    letter = anyascii(match.group(1))[:1]
    return f" {letter} " if letter else " "


@lru_cache(maxsize=65536)
def fold(text: str) -> tuple[str, ...]:
    """ASCII tokens of a name in any script anyascii knows, titles and particles dropped."""
    return fold_text(text)


def fold_text(text: str) -> tuple[str, ...]:
    """``fold`` uncached (``prepare_name`` caches what it makes of a name)."""
    if text.isascii():
        # NFKC, the carons, the Arabic article and Greek change no ASCII text, and anyascii
        # returns it unchanged: of the steps below, only these do anything to it.
        abjad = False
        ascii_text = _ARTICLE.sub(" ", _INITIAL.sub(_initial, text).lower())
    else:
        text = _ARABIC_ARTICLE.sub("", unicodedata.normalize("NFKC", text).translate(_CARONS))
        text = _INITIAL.sub(_initial, text)
        if _GREEK_LETTERS.search(text):
            for greek, latin in _GREEK:
                text = text.replace(greek, latin)
        abjad = _ABJAD_LETTERS.search(text) is not None
        ascii_text = _ARTICLE.sub(" ", text.translate(ASCII).lower())
        if abjad:
            ascii_text = _AYN.sub("a", ascii_text)  # ع starting a word: Ali, Omar, Abd
    ascii_text = _APOSTROPHES.sub("", ascii_text).replace("-", "")
    tokens = [t.translate(_DIGITS) for t in _NON_LETTER.split(ascii_text) if t]
    tokens = [t for t in tokens if t.isalpha() or any(ch.isalpha() for ch in t)]
    if abjad:  # no titles to drop (عمر, mr, is Umar), but بن / بنت (son / daughter of)
        kept = [t for t in tokens if t not in _ABJAD_PARTICLES]
        return tuple(kept or tokens)
    titles = tables.titles()
    kept = [t for t in tokens if t not in titles]
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
    return spell_phonetic(token, is_sinitic(token) if sinitic is None else sinitic)


def spell_phonetic(token: str, sinitic: bool) -> str:
    """``phonetic`` uncached, for strings seen once (tokens written together, their spellings in
    other romanisations): they would only push the tokens out of ``phonetic``'s cache."""
    return _finish(_scan(_glides(token) if not sinitic else token))


# A final h after a vowel, at the end of a line of at least 3 letters (see ``_finish``).
_FINAL_H = re.compile(r"(?<=[^\n][aeiou])h(?=\n|\Z)")


def spell_phonetics(tokens: list[str], sinitic: bool) -> list[str]:
    """``[spell_phonetic(token, sinitic) for token in tokens]``, in a few passes over all of
    them written one per line: every step works within a line (no letter group, glide, repeat
    or final h spans a line break), so each line comes out as it would alone. For the up to 18
    spellings of a run in other romanisations, where one call each was most of the cost."""
    batch = "\n".join(tokens)
    if not tokens or batch.count("\n") != len(tokens) - 1:
        return [spell_phonetic(token, sinitic) for token in tokens]
    scanned = _scan(batch if sinitic else _glides(batch))
    if scanned.startswith("abd") or "\nabd" in scanned:  # the rule is per word: one by one
        return [spell_phonetic(token, sinitic) for token in tokens]
    return _collapse(_FINAL_H.sub("", scanned)).split("\n")


def _glides(token: str) -> str:
    # European j is a glide (Darja, Pjotr, Julija); ё is written yo, io, jo or e.
    return token.replace("j", "y").replace("yo", "e").replace("io", "e")


def _scan(text: str) -> str:
    """The letter groups of ``_PHONETIC`` replaced, in one left-to-right pass."""
    parts = _PHONETIC_SPLIT.split(text)
    if len(parts) == 1:
        return text
    groups = _PHONETIC_MAP
    parts[1::2] = [groups[group] for group in parts[1::2]]
    return "".join(parts)


def _finish(out: str) -> str:
    """What ``phonetic`` does after the letter groups: whole-word rules and repeats."""
    if out.startswith("abd"):  # every one of _ABD does
        for prefix in _ABD:
            if out.startswith(prefix) and len(out) > len(prefix) + 2:
                out = "abd" + out[len(prefix) :]
                break
    if len(out) > 2 and out[-1] == "h" and out[-2] in "aeiou":
        out = out[:-1]  # Wah, Yeh, Sarah: a final h after a vowel is not heard
    return _collapse(out)


# --- phonetic forms of pieces written together ------------------------------------------------
# Tokens written together ("Sheng Kun" → "shengkun") and the spellings of a run in other
# romanisations are keyed by the phonetic form of the whole; computing it afresh for each was
# most of the cost of preparing a name. ``phonetic_piece`` keeps what that needs of one piece
# and ``phonetic_joined`` puts pieces together, or gives None when it cannot vouch for the
# result. It is exact because:
# - the letter-group pass of a whole is the passes of its pieces put together unless a group
#   could straddle two pieces (…t·s…, …n·g·h…: a piece ending in a group's first letters and
#   the next starting with the rest, or shorter than the rest), or, before it, j/yo/io could
#   (…y·o…); those are refused;
# - the whole-word rules see the ends of the whole: "abd…" (refused if the first piece might
#   start it) and the final h (taken from the last piece, which must have 2 letters at least);
# - repeats: collapsing a whole is collapsing its parts and merging the letter where they meet.

# Letters that end a piece in the middle of a letter group → what would complete the group.
_CONTINUATIONS: dict[str, tuple[str, ...]] = {}
for _group, _ in _PHONETIC:
    for _cut in range(1, len(_group)):
        _CONTINUATIONS[_group[:_cut]] = (*_CONTINUATIONS.get(_group[:_cut], ()), _group[_cut:])
_LONGEST_OPEN = max(map(len, _CONTINUATIONS))
# A piece that is the start of a continuation may let a group run through it into the next.
_PART_CONTINUATIONS = frozenset(
    rest[:cut] for rests in _CONTINUATIONS.values() for rest in rests for cut in range(1, len(rest))
)

# (letters the letter-group pass reads, what must not follow them, the pass collapsed, the pass
# with a final h dropped as at the end of a word and collapsed, or "" if too short to tell,
# whether the whole might start with "abd", whether a group might run through the piece)
PhoneticPiece = tuple[str, tuple[str, ...], str, str, bool, bool]


def phonetic_piece(token: str, sinitic: bool) -> PhoneticPiece:
    """What ``phonetic_joined`` needs of one piece (``sinitic`` as for ``phonetic``)."""
    text = token if sinitic else _glides(token)
    continuations: tuple[str, ...] = ()
    for size in range(1, _LONGEST_OPEN + 1):
        if len(text) >= size:
            continuations += _CONTINUATIONS.get(text[-size:], ())
    if not sinitic and token[-1:] in ("j", "y", "i"):
        continuations += ("o",)  # …y·o…, …i·o…: the glide step would straddle the pieces
    scan = _scan(text)
    tail = ""
    if len(scan) >= 2:
        tail = scan[:-1] if scan[-1] == "h" and scan[-2] in "aeiou" else scan
    abd = scan.startswith("abd") or "abd".startswith(scan)
    through = not text or text in _PART_CONTINUATIONS
    return text, continuations, _collapse(scan), _collapse(tail), abd, through


def phonetic_joined(pieces: list[PhoneticPiece]) -> str | None:
    """``spell_phonetic`` of the pieces' tokens written together (every piece made by
    ``phonetic_piece`` with the same ``sinitic``), or None if it cannot vouch for it."""
    previous = pieces[0]
    if previous[4] or len(pieces) < 2:
        return None
    out = previous[2]
    last = len(pieces) - 1
    for index in range(1, last + 1):
        piece = pieces[index]
        after = previous[1]
        if after and (piece[5] or piece[0].startswith(after)):
            return None  # a group may straddle the pieces, or run through this one
        part = piece[3] if index == last else piece[2]
        if not part:
            return None
        out = out + part[1:] if out[-1] == part[0] else out + part
        previous = piece
    return out


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Consonant classes of the phonetic form, repeats collapsed (for blocking)."""
    return _collapse(phonetic(token).translate(_CLASSES))


_REPEATS = re.compile(r"(.)\1+")
_REPEAT = re.compile(r"(.)\1")
_FIRST_GROUP = itemgetter(1)


def _collapse(text: str) -> str:
    # Most keys have no doubled letter: one search says so. Otherwise the replacement is a C
    # callable (on Python 3.11 an r"\1" template costs a Python call per match).
    if _REPEAT.search(text) is None:
        return text
    return _REPEATS.sub(_FIRST_GROUP, text)


def exact_key(token: str, sinitic: bool | None = None) -> str:
    """The phonetic form as a key: what Chinese syllables written together are keyed by."""
    # phonetic(token) rather than phonetic(token, None), the same value: the cache keys them apart
    return "v" + (phonetic(token) if sinitic is None else phonetic(token, sinitic))


def primary_key(token: str) -> str:
    """The skeleton or, for a token with too few consonants to tell, its phonetic form.

    One Chinese syllable (Wang, Yong, Huang) is keyed by its phonetic form too: its skeleton
    (NK) would be shared by hundreds of syllables, and the spellings of other systems are
    generated forms, not typos."""
    skel = skeleton(token)
    if is_syllable(token) or not (len(skel) >= 2 or (skel and len(token) >= 4)):
        return "v" + phonetic(token)
    return skel


def run_key(joined: str, phon: str | None = None) -> str:
    """``primary_key`` of tokens written together that do not read as Chinese syllables
    (``is_sinitic`` false), uncached: each such run is seen once or twice. ``phon``: its
    ``phonetic``, if known."""
    if phon is None:
        phon = spell_phonetic(joined, False)
    skel = _collapse(phon.translate(_CLASSES))
    if is_syllable(joined) or not (len(skel) >= 2 or (skel and len(joined) >= 4)):
        return "v" + phon
    return skel


@lru_cache(maxsize=65536)
def token_keys(token: str) -> tuple[str, ...]:
    """Blocking keys of one ASCII token: skeleton (+ deletion neighbourhood) or, if short, itself;
    the first letters of a long token (a typo late in the name); nickname groups."""
    return _token_keys(token)


def py_token_keys(token: str) -> tuple[str, ...]:
    """``token_keys`` uncached: the reference of the compiled ``_speedups.token_keys``."""
    skel = skeleton(token)
    keys = {primary_key(token)}
    sinitic = is_sinitic(token)
    if sinitic:
        keys.add(exact_key(token))
    if len(token) > PREFIX_KEY_LENGTH:
        keys.add("p" + token[:PREFIX_KEY_LENGTH])
    if not sinitic:
        # Not for Chinese syllables, whose endings and consonants hundreds of names share:
        if len(token) > PREFIX_KEY_LENGTH and not token.endswith(PATRONYMIC_ENDINGS):
            # a change in the first letters: Jamal / Gamal (not of a patronymic, whose ending
            # every other Russian name shares)
            keys.add("s" + token[-PREFIX_KEY_LENGTH:])
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


_token_keys = py_token_keys  # the compiled twin when built (the end of this module)


# Letter groups OCR misreads as one another ("Greeri" for "Green", "Edwarcls" for "Edwards").
_OCR = (("rn", "m"), ("ri", "n"), ("cl", "d"), ("vv", "w"), ("ii", "u"))


@lru_cache(maxsize=65536)
def ocr_fold(token: str) -> str:
    out = token
    for old, new in _OCR:
        out = out.replace(old, new)
    return out


# The compiled letter-group pass, repeat collapsing and token keys (``_speedups.pyx``: C loops
# over the characters, the same strings out; ``make venv`` builds it). Without it, the Python
# above runs.
py_scan, py_collapse = _scan, _collapse
try:
    from lawbridge.engines.names import _speedups
except ImportError:  # not built (no C compiler): the reference implementation serves
    COMPILED = False
else:
    # A module built from an older source lacks these: the reference serves (CI fails then)
    COMPILED = hasattr(_speedups, "bind_normalize")
if COMPILED:
    _speedups.bind_normalize(sys.modules[__name__])
    _scan = _speedups.scan  # noqa: F811
    _collapse = _speedups.collapse  # noqa: F811
    _token_keys = _speedups.token_keys
