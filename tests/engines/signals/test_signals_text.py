"""Text normalisation, containment scoring and the prefix-filter index against brute force."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.engines.signals import ExactSignal, TextConfig, TextIndex, TextNearDupSignal
from lawbridge.engines.signals.normalize import normalize_text, tokens
from lawbridge.engines.signals.text import required_overlap
from lawbridge.errors import InvalidInput

# fmt: off
NORMALISED = [
    ("加 V 信：abc123 領取獎金", "加微信abc123领取奖金"),
    ("加微.信", "加微信"),
    ("加薇信", "加微信"),
    ("vx: lucky888", "微信: lucky888"),
    ("加v领取", "加微信领取"),
    ("扣扣 一三八一二三四五六七八", "qq 13812345678"),
    ("纸飞机 @fastcash", "telegram fastcash"),
    ("ＦＲＥＥ ｍｏｎｅｙ", "free money"),
    ("f r e e  m-o-n-e-y now", "free  money now"),
    ("frее mоnеy", "free money"),            # Cyrillic е, о
    ("ze\u200bro\u200c-width", "zero-width"),
    ("café", "cafe"),
    ("因为信任", "因为信任"),                  # no false evasion fold
    ("ΝЕW ΒАNK", "vew bank"),                 # upper-case Greek Ν, Β and Cyrillic Е, А fold
    ("Y…O U.R BOX AT S.E!R…V，I.C。E77 E…X.A.M!!P,L,E", "your box at service77 example"),  # punctuation
    ("S U N G L A S SЕS ІD", "sunglasses id"),  # spacing stopped at a look-alike: glued
    ("c l a i m your prize", "claim your prize"),  # an ordinary next word is not glued
    ("call 138-1234-5678, pay $5,000", "call 13812345678, pay $5000"),  # digit groups
]
# fmt: on


@pytest.mark.parametrize(("raw", "form"), NORMALISED)
def test_normalisation_table(raw: str, form: str) -> None:
    assert normalize_text(raw) == form


def test_tokens_split_cjk_characters_words_and_digits() -> None:
    assert tokens("加微信abc123领") == ["加", "微", "信", "abc", "123", "领"]


@given(st.text(max_size=60), st.lists(st.integers(0, 60), max_size=5))
@settings(derandomize=True, deadline=None, max_examples=200)
def test_signal_is_canonical_and_blind_to_zero_width_characters(text: str, at: list[int]) -> None:
    signal = TextNearDupSignal()
    hashed = signal.hash(text)
    assert signal.validate(hashed) == hashed
    for i in sorted(at, reverse=True):
        text = text[:i] + "\u200b" + text[i:]
    assert signal.hash(text) == hashed


def test_pinyin_folding_is_optional() -> None:
    signal = TextNearDupSignal(TextConfig(pinyin=True))
    assert signal.hash("加微信领取红包") == signal.hash("jia wei xin ling qu hong bao")
    assert TextNearDupSignal().hash("加微信领取红包") != TextNearDupSignal().hash(
        "jia wei xin ling qu hong bao"
    )


BANNED = "投资稳赚不赔，每天收益百分之二十，名额有限，立即加微信 money666 进群领取内部消息"


@pytest.mark.parametrize(
    ("post", "matches"),
    [
        (BANNED, True),
        ("投資穩賺不賠，每天收益百分之二十，名額有限，立即加V信 money666 進群領取內部消息", True),
        ("看到一个好消息：" + BANNED + " 大家抓紧", True),
        (
            "投资稳赚不赔，每天收益百分之二十，名额有限，立即加微信进群领取内部消息",
            True,
        ),  # most of it
        ("这种'稳赚不赔'的说法都是骗局，千万别信", False),  # counter-speech quote
        ("投资有风险，每天收益不确定，名额不限，欢迎咨询银行理财经理", False),  # same template
        ("立即加微信", False),  # a fragment
    ],
)
def test_containment_matches_copies_not_quotes(post: str, matches: bool) -> None:
    signal = TextNearDupSignal()
    assert signal.compare(signal.hash(post), signal.hash(BANNED)).matched is matches


TEMPLATE = "【电子政务平台】您有一笔501元个税退款待领取，请点击parcelway-account59.example填写银行卡信息办理，编号7679。"
SCAM_EN = (
    "Congratulations! Your number was drawn in the Kintaro spring lottery. You won a e-bike worth "
    "$8282. Add our agent on WeChat lucky-43105a within 39 hours or the prize expires."
)


@pytest.mark.parametrize(
    ("post", "matches"),
    [
        (
            TEMPLATE.replace("501", "1847")
            .replace("account59", "update54")
            .replace("7679", "3180"),
            False,
        ),
        (TEMPLATE.replace("501", "520"), False),  # one number replaced is enough
        (TEMPLATE.replace("，编号7679", ""), True),  # a number removed, nothing in its place
        ("朋友发我的：" + TEMPLATE + "今天3点开会", True),  # embedded: all identifiers present
        (SCAM_EN.replace("43105", "77120").replace("8282", "950").replace("39", "12"), False),
        (SCAM_EN.upper().replace("WECHAT", "vx"), True),
    ],
)
def test_identifiers_tell_copies_from_template_fills(post: str, matches: bool) -> None:
    signal = TextNearDupSignal()
    comparison = signal.compare(
        signal.hash(post), signal.hash(TEMPLATE if "一笔" in post else SCAM_EN)
    )
    assert comparison.matched is matches
    assert comparison.score >= 0.7  # containment alone would have matched every one


def test_identifier_rule_can_be_switched_off_and_spares_near_identity() -> None:
    other = TEMPLATE.replace("501", "520")
    off = TextNearDupSignal(TextConfig(identifiers=False))
    assert off.compare(off.hash(other), off.hash(TEMPLATE)).matched
    on = TextNearDupSignal()
    long_text = (
        " ".join(f"word{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(80)) + " call 555"
    )
    changed = on.compare(on.hash(long_text.replace("555", "556")), on.hash(long_text))
    assert changed.matched and changed.score >= on.config.near_identity
    with pytest.raises(InvalidInput):
        TextConfig(near_identity=0.0)


def test_score_is_the_share_of_the_reference_present() -> None:
    signal = TextNearDupSignal(TextConfig(ngram=1, min_shingles=1))
    comparison = signal.compare("a b c x y", "a b c d")
    assert comparison.score == 0.75 and comparison.detail["shared"] == 3


def test_exact_signal_hashes_the_normalised_form() -> None:
    exact = ExactSignal()
    assert exact.hash("加 微 信 領 取") == exact.hash("加微信领取")
    assert exact.hash(b"ABC") != exact.hash("ABC")  # bytes are hashed raw


def test_refusals() -> None:
    signal = TextNearDupSignal(TextConfig(max_chars=10))
    with pytest.raises(InvalidInput):
        signal.hash("x" * 11)
    with pytest.raises(InvalidInput):
        signal.hash(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        signal.new_index().add("too short", "r1")
    with pytest.raises(InvalidInput):
        TextConfig(threshold=0.4, min_threshold=0.5)
    with pytest.raises(InvalidInput):
        signal.new_index().query("a b c d", threshold=0.3)


@pytest.mark.parametrize(("t", "n"), [(0.7, 10), (0.5, 3), (1.0, 7), (0.3, 10), (0.1, 10)])
def test_required_overlap_is_the_least_k(t: float, n: int) -> None:
    k = required_overlap(t, n)
    assert k / n >= t and (k == 0 or (k - 1) / n < t)


WORDS = st.sampled_from(list("abcdefghij") + ["加", "微", "信", "领", "奖", "12", "345", "67"])
TEXTS = st.lists(WORDS, min_size=0, max_size=25).map(" ".join)


@given(
    refs=st.lists(st.lists(WORDS, min_size=4, max_size=25).map(" ".join), min_size=1, max_size=12),
    queries=st.lists(TEXTS, min_size=1, max_size=6),
    threshold=st.sampled_from([0.5, 0.6, 0.7, 0.85, 1.0]),
    removed=st.sets(st.integers(0, 11), max_size=3),
    near_identity=st.sampled_from([0.8, 0.95, 1.0]),
    edits=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 30), WORDS), max_size=6),
)
@settings(derandomize=True, deadline=None, max_examples=200)
def test_index_equals_brute_force(
    refs: list[str],
    queries: list[str],
    threshold: float,
    removed: set[int],
    near_identity: float,
    edits: list[tuple[int, int, str]],
) -> None:
    """Also on references with one token replaced (a number for a number: template fills)."""
    signal = TextNearDupSignal(TextConfig(ngram=2, min_shingles=1, near_identity=near_identity))
    for which, at, word in edits:
        words = refs[which % len(refs)].split()
        words[at % len(words)] = word
        queries = [*queries, " ".join(words)]
    index = signal.new_index()
    for i, ref in enumerate(refs):
        index.add(signal.hash(ref), f"r{i}")
    for i in removed:
        index.remove(f"r{i}")
    restored = TextIndex.deserialize(index.serialize(), signal)
    for query in queries:
        q = signal.hash(query)
        sh = signal.shingle_set(q)
        expected = {
            f"r{i}": signal.compare_sets(sh, signal.shingle_set(signal.hash(ref)), threshold).score
            for i, ref in enumerate(refs)
            if i not in removed
            and signal.compare_sets(sh, signal.shingle_set(signal.hash(ref)), threshold).matched
        }
        got = {m.ref: m.comparison.score for m in index.query(q, threshold)}
        assert got == expected
        assert all(signal.compare(q, signal.hash(refs[int(r[1:])])).score == got[r] for r in got)
        assert {m.ref for m in restored.query(q, threshold)} == set(expected)


def test_round_trip_refuses_another_configuration() -> None:
    index = TextNearDupSignal().new_index()
    index.add(TextNearDupSignal().hash(BANNED), "b1")
    with pytest.raises(InvalidInput):
        TextIndex.deserialize(index.serialize(), TextNearDupSignal(TextConfig(ngram=2)))
