"""The engine's shortcuts give the answers of the plain computations they replace."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban

from lawbridge.engines.pii import Analyzer, Finding, resolve
from lawbridge.engines.pii.base import Pending
from lawbridge.engines.pii.recognizers import person_en
from lawbridge.engines.pii.recognizers.numbers import iban_valid
from lawbridge.engines.pii.scanner import Scanner

ANALYZER = Analyzer()
SCANNER = Scanner(ANALYZER.recognizers)
CUES = (person_en._TITLE, person_en._STRONG_CUE, person_en._CUE)
CUE_PIECES = st.sampled_from(
    [
        *person_en._TITLE_WORDS[:6],
        "Name",
        "name:",
        "Emergency contact",
        "Full name",
        "姓名",
        "先生",
        "said",
        "Thank you",
        "&",
        ":",
        "：",
        " ",
        "\t",
        "\n",
        '"',
        "=",
        "|",
        ",",
        ".",
        "x",
        "\u3000",
        "Assigned to",
    ]
)


@settings(derandomize=True, deadline=None, max_examples=400)
@given(st.lists(CUE_PIECES, max_size=8).map("".join), st.integers(1, 30))
def test_a_cue_searched_from_its_latest_start_is_found_as_from_the_first(
    pieces: str, size: int
) -> None:
    before = pieces[-size:]
    for cue in CUES:
        assert cue.found(before) == bool(cue.regex.search(before))


@settings(derandomize=True, deadline=None, max_examples=300)
@given(
    st.text(alphabet="ABDEGLPZ0123456789 ", min_size=15, max_size=34),
    st.sampled_from(["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", ""]),
)
def test_the_iban_checksum_shortcut_agrees_with_stdnum(noise: str, valid: str) -> None:
    for value in (noise, valid, valid + noise[:5]):
        if len(value.replace(" ", "")) >= 5:
            assert iban_valid(value) == iban.is_valid(value)


def test_a_pending_candidate_is_checked_only_when_it_would_be_kept() -> None:
    checked: list[int] = []

    def check(start: int, valid: bool) -> Pending:
        def run() -> bool:
            checked.append(start)
            return valid

        return Pending("PHONE", start, start + 5, 0.7, "phone", run)

    better = Finding("BANK_ACCOUNT", 0, 10, 0.9, "bank_account")
    found = resolve([check(2, True), better, check(20, False), check(22, True)])
    assert found == [better, Finding("PHONE", 22, 27, 0.7, "phone")]
    assert type(found[1]) is Finding
    assert checked == [20, 22]  # the one under the better finding never ran


WORDS = ("date", "time", "出生", "出生日期", "日期", "phone", "on", "电话")


def _ascii_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _at_boundary(lowered: str, word: str, start: int) -> bool:
    end = start + len(word)
    if _ascii_word(word[0]) and start > 0 and _ascii_word(lowered[start - 1]):
        return False
    return not (_ascii_word(word[-1]) and end < len(lowered) and _ascii_word(lowered[end]))


@settings(derandomize=True, deadline=None, max_examples=300)
@given(
    st.text(
        alphabet=st.sampled_from(list("date Time_ 出生日期 phone:ONmonth电话\n,İ\u212a")),
        max_size=60,
    )
)
def test_keywords_are_every_dictionary_word_at_a_word_boundary(text: str) -> None:
    lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text).replace("_", " ")
    expected = sorted(
        (m.start() + len(word), m.start(), word)
        for word in WORDS
        for m in re.finditer(f"(?={re.escape(word)})", lowered)
        if _at_boundary(lowered, word, m.start())
    )
    found = SCANNER.scan_keywords(text)
    assert sorted(hit for hit in found if hit[2] in WORDS) == expected
    assert found == sorted(found, key=lambda hit: (hit[0], hit[0] - hit[1]))


def test_every_shortcut_agrees_with_the_plain_computation_on_random_inputs() -> None:
    """``bench/pii/check_shortcuts.py``: cue and veto look-aheads, IBAN tail, Luhn, SSN, phone
    validity, table cells, byte offsets, each against what it replaces (seeded, 3,000 each)."""
    script = Path(__file__).resolve().parents[3] / "bench/pii/check_shortcuts.py"
    done = subprocess.run(
        [sys.executable, str(script), "--n", "3000", "--seed", "11"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.stdout.count("random inputs agree") >= 8


def test_rounded_scores_stay_rounded_past_the_memo() -> None:
    from lawbridge.engines.pii import base

    for k in range(5000):  # more distinct scores than the memo keeps
        assert base._rounded(0.5 + k * 1e-7 + 1e-9) == round(min(0.5 + k * 1e-7 + 1e-9, 1.0), 3)
    assert len(base._ROUNDED) <= 4096
