"""The documented edits of the synthetic feed: text evasions, URL variants, and an overlap measure.

Each edit is a pure function of (content, seed): ``text_edit(text, lang, name, seed)`` and
``link_edit(url, name, seed)`` give the same output for the same arguments, so a test can redo
the edit a truth row documents. Image edits are ``synthetic.apply_edit`` (13 edits).
Nothing here imports a matcher: labels come from construction.
"""

from __future__ import annotations

import random
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import opencc
from feed_texts import CHATTER, EMBED_PREFIX, EMBED_SUFFIX, fill

ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\ufeff")
HOMOGLYPHS = {
    "a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О",
    "P": "Р", "T": "Т", "X": "Х", "v": "ν",
}  # fmt: skip
WECHAT_ZH = ("V信", "vx", "VX", "威信", "薇信", "wx", "v信")
WECHAT_EN = ("vx", "VX", "wx", "Wechat")
SEPARATORS = (".", "-", " ", "*", "/", "_")
PUNCT = re.compile(r"[，。！？：；、,.!?:;()（）【】]")
PUNCT_SWAP = ("", " ", "!", "~", "…", ",", "，", "。", "!!", " . ")

TEXT_EDITS_EN = ("case", "punctuation", "zero_width", "homoglyph", "wechat", "separators", "embed")
TEXT_EDITS_ZH = ("case", "punctuation", "zero_width", "script", "wechat", "separators", "embed")
TEXT_EDITS = tuple(dict.fromkeys(TEXT_EDITS_EN + TEXT_EDITS_ZH + ("combo",)))
LINK_EDITS = (
    "tracking", "www", "mobile", "scheme_case", "fragment", "trailing_slash", "param_order",
    "percent", "short", "short_chain",
)  # fmt: skip

_S2T = opencc.OpenCC("s2t")
_T2S = opencc.OpenCC("t2s")
_HAN = re.compile("[\u4e00-\u9fff]")
_LATIN = re.compile("[A-Za-z]")


def to_traditional(text: str) -> str:
    return str(_S2T.convert(text))


def applicable(text: str, lang: str) -> list[str]:
    """The text edits that change ``text`` (``wechat`` needs the word; ``case`` Latin letters)."""
    names = list(TEXT_EDITS_EN if lang == "en" else TEXT_EDITS_ZH)
    if "微信" not in text and "WeChat" not in text:
        names.remove("wechat")
    if not _LATIN.search(text):
        names.remove("case")
    return names + ["combo"]


def text_edit(text: str, lang: str, name: str, seed: int) -> str:
    """``text`` after the edit ``name`` (see :data:`TEXT_EDITS`), drawn with ``seed``."""
    rng = random.Random(seed)
    if name == "combo":
        pool = [e for e in applicable(text, lang) if e not in ("combo", "embed")]
        for step in rng.sample(pool, min(len(pool), rng.randint(2, 3))):
            text = text_edit(text, lang, step, rng.randrange(2**31))
        return text
    edit = _EDITS.get(name)
    if edit is None:
        raise ValueError(f"unknown text edit {name!r}")
    return edit(text, lang, rng)


def _case(text: str, lang: str, rng: random.Random) -> str:
    mode = rng.choice(["upper", "random"] if lang == "en" else ["upper", "random"])
    if mode == "upper":
        return text.upper()
    return "".join(c.swapcase() if c.isalpha() and rng.random() < 0.4 else c for c in text)


def _punctuation(text: str, lang: str, rng: random.Random) -> str:
    out = PUNCT.sub(lambda m: rng.choice(PUNCT_SWAP) if rng.random() < 0.7 else m.group(), text)
    return out + rng.choice(["!!!", "！！", "~~", "…", ""])


def _zero_width(text: str, lang: str, rng: random.Random) -> str:
    return "".join(
        c + rng.choice(ZERO_WIDTH) if not c.isspace() and rng.random() < 0.3 else c for c in text
    )


def _homoglyph(text: str, lang: str, rng: random.Random) -> str:
    return "".join(HOMOGLYPHS[c] if c in HOMOGLYPHS and rng.random() < 0.6 else c for c in text)


def _script(text: str, lang: str, rng: random.Random) -> str:
    """Simplified → traditional, or traditional → simplified for a seed written in traditional."""
    simplified = str(_T2S.convert(text))
    return to_traditional(text) if simplified == text else simplified


def _wechat(text: str, lang: str, rng: random.Random) -> str:
    choice = rng.choice(WECHAT_ZH if "微信" in text else WECHAT_EN)
    return text.replace("微信", choice).replace("WeChat", choice)


def _separators(text: str, lang: str, rng: random.Random) -> str:
    sep = rng.choice(SEPARATORS)
    if lang == "en":
        words = list(re.finditer(r"[A-Za-z]{4,}", text))
        picks = sorted(rng.sample(words, min(3, len(words))), key=lambda m: m.start(), reverse=True)
        for m in picks:
            text = text[: m.start()] + sep.join(m.group()) + text[m.end() :]
        return text
    runs = list(re.finditer("[\u4e00-\u9fff]{2,4}", text))
    picks = sorted(rng.sample(runs, min(4, len(runs))), key=lambda m: m.start(), reverse=True)
    for m in picks:
        text = text[: m.start()] + sep.join(m.group()) + text[m.end() :]
    return text


def _embed(text: str, lang: str, rng: random.Random) -> str:
    before = fill(rng.choice(CHATTER[lang]), rng)
    after = fill(rng.choice(CHATTER[lang]), rng)
    join = "" if lang == "zh" else " "
    prefix, suffix = rng.choice(EMBED_PREFIX[lang]), rng.choice(EMBED_SUFFIX[lang])
    return join.join([before, prefix + text + suffix, after])


_EDITS = {
    "case": _case,
    "punctuation": _punctuation,
    "zero_width": _zero_width,
    "homoglyph": _homoglyph,
    "script": _script,
    "wechat": _wechat,
    "separators": _separators,
    "embed": _embed,
}


def fragment(text: str, lang: str, rng: random.Random, share: float = 0.3) -> str:
    """A clause of ``text`` cut to at most ``share`` of its characters (what counter-speech quotes)."""
    clauses = [c.strip() for c in re.split(r"[，。！？,.!?]", text) if len(c.strip()) >= 4]
    clause = rng.choice(clauses) if clauses else text
    limit = max(4, int(len(text) * share))
    if len(clause) <= limit:
        return clause
    if lang == "en":
        cut = clause[:limit].rsplit(" ", 1)[0]
        return cut or clause[:limit]
    return clause[:limit]


# ------------------------------------------------------------------------------------------ links


def link_edit(url: str, name: str, seed: int) -> str:
    """A variant of ``url`` (``short``/``short_chain`` are built by the feed: they need redirects)."""
    rng = random.Random(seed)
    parts = urlsplit(url)
    if name == "tracking":
        extra = [("utm_source", rng.choice(["wechat", "weibo", "sms", "share"])),
                 ("utm_medium", "social"), ("fbclid", f"IwAR{rng.randrange(10**8):08d}")]  # fmt: skip
        query = urlencode(parse_qsl(parts.query) + extra[: rng.randint(1, 3)])
        return urlunsplit(parts._replace(query=query))
    if name in ("www", "mobile"):
        return urlunsplit(parts._replace(netloc=("www." if name == "www" else "m.") + parts.netloc))
    if name == "scheme_case":
        scheme = "http" if parts.scheme == "https" else "https"
        return urlunsplit(parts._replace(scheme=scheme, netloc=parts.netloc.upper()))
    if name == "fragment":
        return urlunsplit(parts._replace(fragment=rng.choice(["top", "main", "step2", "form"])))
    if name == "trailing_slash":
        return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/"))
    if name == "param_order":
        pairs = parse_qsl(parts.query)
        return urlunsplit(parts._replace(query=urlencode(pairs[::-1])))
    if name == "percent":
        letters = [i for i, c in enumerate(parts.path) if c.isalpha()]
        i = rng.choice(letters)
        path = parts.path[:i] + f"%{ord(parts.path[i]):02X}" + parts.path[i + 1 :]
        return urlunsplit(parts._replace(path=path))
    raise ValueError(f"unknown link edit {name!r}")


# ------------------------------------------------------------------------------------------ overlap

_WORDISH = re.compile(r"[\W_]+")


def overlap(reference: str, post: str, n: int = 4) -> float:
    """Share of ``reference``'s character ``n``-grams present in ``post`` (traditional characters
    made simplified, lower-cased, non-word characters dropped): how much of a banned text a hard
    negative repeats."""

    def grams(s: str) -> set[str]:
        s = _WORDISH.sub("", str(_T2S.convert(s)).lower())
        return {s[i : i + n] for i in range(max(len(s) - n + 1, 1))}

    ref = grams(reference)
    return len(ref & grams(post)) / len(ref) if ref else 0.0
