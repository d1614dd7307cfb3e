"""Adversarial text costs work in proportion to its length, and little of it per character.

Work is counted, not timed: the characters the confirming regexes are given
(``Scanner.window_chars``), the context-word walks and given-name reads of the Chinese name
recogniser, and the candidates the recognisers produce. Each is compared between 10,000 and
100,000 characters of the same text (linear: a ratio near 10) and per character.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.engines.pii import Analyzer, default_recognizers
from lawbridge.engines.pii import scanner as scanner_module
from lawbridge.engines.pii.base import Scan
from lawbridge.engines.pii.recognizers.person import ZhPersonRecognizer

DENSE = (
    "张伟 13812345678 zhang.wei@example.com 11010519491231002X 4111111111111111 "
    "192.168.1.1 John Smith lives at 123 Main Street. "
)
TEXTS: dict[str, Callable[[int], str]] = {
    "surname-run": lambda n: "张" * n,
    "at-signs": lambda n: ("a@" * n)[:n],
    "dense-pii": lambda n: (DENSE * (n // len(DENSE) + 1))[:n],
    "address-list": lambda n: (", ".join(f"user{i}@example.com" for i in range(n // 10)))[:n],
}
SMALL, LARGE = 10_000, 100_000


class Work:
    """Counts what one analyzer does: regex window characters, candidates, and the Chinese name
    recogniser's context-word visits and given-name reads."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.visits = 0
        self.reads = 0
        self.candidates = 0
        words_before = Scan.words_before
        given_length = ZhPersonRecognizer._given_length

        def counting_words_before(scan: Scan, pos: int, window: int = 40) -> Iterator[Any]:
            for item in words_before(scan, pos, window):
                self.visits += 1
                yield item

        def counting_given_length(text: str, pos: int) -> int:
            self.reads += 1
            return given_length(text, pos)

        monkeypatch.setattr(Scan, "words_before", counting_words_before)
        monkeypatch.setattr(
            ZhPersonRecognizer, "_given_length", staticmethod(counting_given_length)
        )
        recognizers = default_recognizers()
        for recognizer in recognizers:
            self._count(recognizer, "on_pattern")
            self._count(recognizer, "on_keyword")
        self.analyzer = Analyzer(recognizers)

    def _count(self, recognizer: Any, name: str) -> None:
        handler = getattr(recognizer, name)

        def counted(*args: Any) -> Any:
            found = list(handler(*args))
            self.candidates += len(found)
            return found

        setattr(recognizer, name, counted)

    def measure(self, text: str) -> dict[str, int]:
        self.visits = self.reads = self.candidates = 0
        self.analyzer._scanner.window_chars = 0
        self.analyzer.analyze(text)
        return {
            "window_chars": self.analyzer._scanner.window_chars,
            "visits": self.visits,
            "reads": self.reads,
            "candidates": self.candidates,
        }


@pytest.mark.parametrize("kind", TEXTS)
def test_work_grows_linearly_and_stays_small_per_character(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = Work(monkeypatch)
    small, large = work.measure(TEXTS[kind](SMALL)), work.measure(TEXTS[kind](LARGE))
    for counter, count in large.items():
        # linear: ten times the text, about ten times the work (a few fixed costs aside)
        assert count <= 12 * max(small[counter], 100), (kind, counter, small, large)
    # and little of it: each character is read by a confirming regex a few times at most (a
    # window per trigger over "a@a@…" read each one ~160 times), a run of surnames walks no
    # context words (it walked ~10 a character)
    assert large["window_chars"] <= 8 * LARGE, (kind, large)
    assert large["visits"] + large["reads"] <= 0.5 * LARGE, (kind, large)
    assert large["candidates"] <= LARGE // 10, (kind, large)  # dense-pii: 1 finding / 17 chars


def test_short_adversarial_samples_give_sensible_findings() -> None:
    analyzer = Analyzer()
    assert analyzer.analyze("张" * 200) == []
    assert analyzer.analyze("a@" * 200) == []
    # after a cue word the run's first characters read as a name; nothing inside the run does
    found = analyzer.analyze("联系人：" + "张" * 200)
    assert [(f.type, f.start) for f in found] == [("PERSON", 4)]
    # a run does not hide the name beside it
    found = analyzer.analyze("联系人：张伟，" + "张" * 200)
    assert [("PERSON", "张伟")] == [(f.type, "联系人：张伟，"[f.start : f.end]) for f in found]
    text = DENSE * 3
    values = {(f.type, text[f.start : f.end]) for f in analyzer.analyze(text)}
    assert {
        ("PERSON", "张伟"),
        ("PHONE", "13812345678"),
        ("EMAIL", "zhang.wei@example.com"),
        ("CN_RESIDENT_ID", "11010519491231002X"),
        ("CREDIT_CARD", "4111111111111111"),
        ("IP_ADDRESS", "192.168.1.1"),
        ("PERSON", "John Smith"),
    } <= values


def test_a_long_list_of_addresses_finds_each_address_once() -> None:
    addresses = [f"user.{i}@mail{i % 7}.example.com" for i in range(300)]
    text = "; ".join(addresses)
    found = Analyzer().analyze(text)
    assert [text[f.start : f.end] for f in found] == addresses
    assert {f.type for f in found} == {"EMAIL"}


LOCAL = st.from_regex(r"[a-z][a-z0-9._%+\-]{0,12}[a-z0-9]", fullmatch=True)
DOMAIN = st.from_regex(
    r"[a-z0-9][a-z0-9\-]{0,8}(\.[a-z0-9\-]{1,6}){0,2}\.[a-z]{2,5}", fullmatch=True
)
ADDRESS = st.builds(lambda local, domain: f"{local}@{domain}", LOCAL, DOMAIN)
SEPARATOR = st.sampled_from([" ", ", ", "; ", "\n", "，", " 或 ", "<", ">", " mail: ", "@", "."])


@settings(derandomize=True, max_examples=60, deadline=None)
@given(st.lists(st.tuples(ADDRESS, SEPARATOR), min_size=1, max_size=60))
def test_searching_a_run_of_windows_at_once_finds_what_searching_each_window_finds(
    items: list[tuple[str, str]],
) -> None:
    text = "".join(address + separator for address, separator in items)
    merged = Analyzer().analyze(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scanner_module, "_CLUSTER", 10**9)  # every window searched on its own
        one_by_one = Analyzer().analyze(text)
    assert merged == one_by_one
