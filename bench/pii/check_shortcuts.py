#!/usr/bin/env python3
# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""Each speed shortcut of the pii engine against the plain computation it replaces, on random
inputs built from the pieces that matter (cue words, tail characters, Hanzi, digits, line breaks).

  .venv/bin/python bench/pii/check_shortcuts.py [--n 20000] [--seed 1]

Exits 1 at the first disagreement, printing the input. (The byte-compare of whole documents is
``compare_outputs.py``; this one reaches the corners documents seldom do.)
"""

from __future__ import annotations

import argparse
import random
import sys
from itertools import accumulate

import phonenumbers
from stdnum import iban, luhn
from stdnum.us import ssn

from lawbridge.engines.pii import Analyzer
from lawbridge.engines.pii.base import _cells
from lawbridge.engines.pii.lexicon import load_lexicon
from lawbridge.engines.pii.recognizers import person, person_en
from lawbridge.engines.pii.recognizers.contact import _valid_for_region
from lawbridge.engines.pii.recognizers.numbers import (
    _IBAN_COUNTRIES,
    _IBAN_HEAD,
    iban_tail,
    iban_valid,
    luhn_valid,
    ssn_valid,
)
from lawbridge.engines.pii.scanner import _CONTINUATION, _char_offsets, _collect

CUE_PIECES = [
    *person_en._TITLE_WORDS,
    *person_en._STRONG_WORDS,
    *person_en._CUE_WORDS,
    *person_en._LABELS_WITH_COLON,
    *person_en._PLACE_WORDS,
    "Name", "name", "Full name", "full_name", "Item", "Colors", "Bank", "Flavour", "Mr.", "St.",
    "先生", "女士", "姓名", "客人", "颜色", "x", "ab", "A", "Z", "é", "9", "42", "DE89", "GB82",
    "3704", "0044 ", " ", " ", "\t", "\n", "\n\n", ":", "：", ",", '"', "'", "=", "|", ".", "-",
    "\u3000", "_", "says", "say", "spokesperson",
]  # fmt: skip
HAN = "张王李伟娜先生女士收件人颜色的了总部总店公司电话表示说银行江河"


def pieces_text(rng: random.Random, pieces: list[str], most: int) -> str:
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, most)))


def fail(what: str, value: object) -> None:
    print(f"DISAGREE: {what}: {value!r}")
    sys.exit(1)


def check_cues(rng: random.Random, n: int) -> None:
    """``_EndCue.found`` (prefiltered) against the search from the same start without it."""
    for _ in range(n):
        before = pieces_text(rng, CUE_PIECES, 8)[-rng.randint(1, 30) :]
        for cue in (person_en._TITLE, person_en._STRONG_CUE, person_en._CUE):
            start = max(0, len(before.rstrip(cue.strip)) - cue.longest)
            plain = cue.regex.search(before, start) is not None
            if cue.found(before) != plain or (plain and not cue.regex.search(before)):
                fail("cue", (cue.regex.pattern[:30], before))
        after = pieces_text(rng, [*CUE_PIECES, "<", "(", "（", "a@b", "Email", "46,"], 6)[:24]
        head = after.lstrip(" \t")[:1]
        if person_en._AFTER_STRONG.match(after) and not (head and head in person_en._AFTER_HEADS):
            fail("after strong", after)


def check_word_vetoes(rng: random.Random, n: int) -> None:
    """The product-label and place-word look-ups and the IBAN head before a number."""
    heads = ["Item", "Items", "Color", "Colour", "Bank", "Flavour", "Model", "Size"]
    heads += [*person_en._PLACE_WORDS, "Xan", "Sant", "Mt", "St"]
    gaps = ["", " ", ":", ": ", " ：", "\t:\t", "颜色:", " 颜色 :", "\n", " \n", ":\n", "  "]
    for _ in range(n):
        text = pieces_text(rng, CUE_PIECES, 4) + rng.choice(heads) + rng.choice(gaps) + "John"
        for start in range(len(text) + 1):
            low16, low8, low40 = max(0, start - 16), max(0, start - 8), max(0, start - 40)
            label = bool(person_en._PRODUCT_LABEL.search(text, low16, start))
            if person_en._after_product_label(text, start) != label:
                fail("product label", (text, start))
            place = bool(person_en._PLACE_HEAD.search(text, low8, start))
            if person_en._after_place_word(text, start) != place:
                fail("place word", (text, start))
            if iban_tail(text, start) != (_IBAN_HEAD.search(text, low40, start) is not None):
                fail("iban tail", (text, start))


def check_heads(rng: random.Random, n: int) -> None:
    """``text.startswith(heads.get(text[pos : pos + 1], ()), pos)`` = ``startswith(words, pos)``."""
    tables = [
        (person.ZH_PLACE_SUFFIX, person._PLACE_SUFFIX_HEADS),
        (person.ZH_EXCLUDED, person._EXCLUDED_HEADS),
        (person.ZH_HONORIFICS, person._HONORIFIC_HEADS),
        (person.ZH_NOT_HONORIFIC, person._NOT_HONORIFIC_HEADS),
        (person.ZH_AFTER_CUES, person._AFTER_CUE_HEADS),
        (person.ZH_FOLLOWERS, person._FOLLOWER_HEADS),
    ]
    pieces = [word for words, _ in tables for word in words] + list(HAN) + ["", "x", "，"]
    for _ in range(n):
        text = pieces_text(rng, pieces, 5)
        for pos in range(len(text) + 2):
            for words, heads in tables:
                if text.startswith(heads.get(text[pos : pos + 1], ()), pos) != text.startswith(
                    words, pos
                ):
                    fail("heads", (text, pos))
    given = person.ZhPersonRecognizer._given_length
    for _ in range(n):
        text = pieces_text(rng, pieces, 4)
        for pos in range(len(text) + 1):
            length = 0  # the plain reading of _given_length
            while length < 2 and pos + length < len(text):
                char = text[pos + length]
                if (
                    not person._is_han(char)
                    or char in person.ZH_STOP
                    or text.startswith(person.ZH_FOLLOWERS, pos + length)
                ):
                    break
                length += 1
            if given(text, pos) != length:
                fail("given length", (text, pos))


def check_judge_tokens(rng: random.Random, n: int) -> None:
    """Where ``_cue_counts`` says no, ``judge_tokens`` answers the same whatever ``cued`` is."""
    lexicon = load_lexicon()
    names = [*sorted(lexicon.en_first_names)[:50], *sorted(lexicon.en_surnames)[:50]]
    names += ["Zzz", "Qwerty", "Smith", "John", "Mary", "Lee"]
    for _ in range(n):
        tokens = [rng.choice(names) for _ in range(rng.randint(1, 4))]
        if not person_en._cue_counts(tokens, lexicon):
            with_cue = person_en.judge_tokens(tokens, lexicon, False, True)
            if with_cue != person_en.judge_tokens(tokens, lexicon, False, False):
                fail("cue counts", tokens)


def check_numbers(rng: random.Random, n: int) -> None:
    """Luhn over bytes, SSN checks written out, phone validity with the likeliest types first."""
    for _ in range(n):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 20)))
        for value in (digits, digits + "０", " " + digits):
            if luhn_valid(value) != luhn.is_valid(value):
                fail("luhn", value)
        nine = rng.choice(["000", "666", "900", "078", "457", "219", "536", "123"])
        nine += rng.choice(["00", "05", "55", "09", "22"]) + rng.choice(["0000", "1120", "5462"])
        for value in (nine, digits[:9], nine[:8] + "٣", nine + "1"):
            if ssn_valid(value) != ssn.is_valid(value):
                fail("ssn", value)
        for country, region in ((1, "US"), (86, "CN")):
            national = int("".join(rng.choice("0123456789") for _ in range(rng.randint(1, 13))))
            number = phonenumbers.PhoneNumber(country_code=country, national_number=national)
            for place in ("US", "CN", region):
                if _valid_for_region(number, place) != phonenumbers.is_valid_number_for_region(
                    number, place
                ):
                    fail("phone", (country, national, place))


def check_iban(rng: random.Random, n: int) -> None:
    """IBAN validity with stdnum's tables read once, against ``stdnum.iban.is_valid``."""
    countries = [*sorted(_IBAN_COUNTRIES or ()), "XX", "DD", "SF"]
    for _ in range(n):
        country = rng.choice(countries)
        structure = (_IBAN_COUNTRIES or {}).get(country, {}).get("bban", "")
        if structure and rng.random() < 0.7:  # a BBAN of the country's own structure
            kinds = {"n": "0123456789", "a": "ABCXYZ", "c": "0123456789ABCXYZ"}
            bban = "".join(
                rng.choice(kinds[kind])
                for count, kind in iban._struct_re.findall(structure)
                for _ in range(int(count))
            )
        else:
            size = rng.choice([8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28])
            bban = "".join(rng.choice("0123456789" * 3 + "ABCXYZ") for _ in range(size))
        check = iban.calc_check_digits(country + "00" + bban) if rng.random() < 0.8 else "00"
        value = country + check + bban
        if rng.random() < 0.5:
            value = " ".join(value[i : i + 4] for i in range(0, len(value), 4))
        for candidate in (value, value.lower(), value[:-1], value + " 1"):
            if iban_valid(candidate) != iban.is_valid(candidate):
                fail("iban", candidate)


def check_cells(rng: random.Random, n: int) -> None:
    """Table cells split at the delimiter (no quotes) against the walk over every character."""
    for _ in range(n):
        line = "".join(rng.choice('ab,\t|｜" 1') for _ in range(rng.randint(0, 15)))
        for delimiter in (",", "\t", "|", "｜"):
            cells, quoted, begin = [], False, 0
            for i, char in enumerate(line):
                if char == '"':
                    quoted = not quoted
                elif char == delimiter and not quoted:
                    cells.append((begin, i))
                    begin = i + 1
            cells.append((begin, len(line)))
            if _cells(line, delimiter) != cells:
                fail("cells", (line, delimiter))


def check_offsets(rng: random.Random, n: int) -> None:
    """Byte -> character offsets: the running count against the per-offset count."""
    scanner = Analyzer()._scanner
    alphabet = "ab 1张伟😀\n邮箱:@x.cn 13800138000 John Smith" + "\udc80"
    for _ in range(n):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        data = text.encode("utf-8", "replace")
        raw: list[tuple[int, int, int]] = []
        scanner._database.scan(
            data, match_event_handler=_collect, context=raw, scratch=scanner._scratch
        )
        if not raw:
            continue
        before = [0, *accumulate(data.translate(_CONTINUATION))]
        chars = _char_offsets(data, raw)
        for _, start, end in raw:
            if (start - before[start], end - before[end]) != (chars[start], chars[end]):
                fail("offsets", text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    for check in (
        check_cues,
        check_word_vetoes,
        check_heads,
        check_judge_tokens,
        check_numbers,
        check_iban,
        check_cells,
        check_offsets,
    ):
        check(rng, args.n)
        print(f"{check.__name__}: {args.n} random inputs agree")


if __name__ == "__main__":
    main()
