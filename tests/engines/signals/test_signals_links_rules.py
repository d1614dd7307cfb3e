"""URL canonicalisation, redirect chains, and keyword/regex policy rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.engines.signals import (
    LinkSignal,
    PolicyRuleSignal,
    RuleIndex,
    canonical_redirects,
    canonical_url,
    resolve_chain,
)
from lawbridge.errors import InvalidInput

# fmt: off
CANONICAL = [
    ("HTTPS://WWW.Example.COM:443/a/b/?utm_source=x&b=2&a=1#frag", "http://example.com/a/b?a=1&b=2"),
    ("example.com", "http://example.com"),
    ("http://m.example.com/", "http://example.com"),
    ("http://example.com:8080/x", "http://example.com:8080/x"),
    ("http://example.com/%7Euser/%e4%bd%a0", "http://example.com/~user/%E4%BD%A0"),
    ("http://example.com/a/./b/../c", "http://example.com/a/c"),
    ("http://user:pw@example.com/", "http://example.com"),
    ("http://例子.中国/路径", "http://xn--fsqu00a.xn--fiqs8s/%E8%B7%AF%E5%BE%84"),
    ("http://example.com/?fbclid=1&gclid=2&spm=3", "http://example.com"),
    ("http://example.com./", "http://example.com"),
    ("http://www.com/", "http://www.com"),  # not a prefix when it is the name itself
]
# fmt: on


@pytest.mark.parametrize(("url", "canonical"), CANONICAL)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


@given(st.sampled_from([u for u, _ in CANONICAL]))
@settings(derandomize=True, deadline=None)
def test_canonicalisation_is_idempotent(url: str) -> None:
    assert canonical_url(canonical_url(url)) == canonical_url(url)


@pytest.mark.parametrize("bad", ["", "   ", "http://", "http://[::1", "x" * 5000])
def test_bad_urls_are_invalid_input(bad: str) -> None:
    with pytest.raises(InvalidInput):
        canonical_url(bad)


def test_chains_follow_the_table_with_guards() -> None:
    table = canonical_redirects(
        {
            "t.cn/a": "bit.ly/b",
            "https://bit.ly/b?utm_source=x": "https://evil.test/p#x",
            "t.cn/c": "t.cn/d",
            "t.cn/d": "t.cn/c",
        }
    )
    chain = resolve_chain("http://t.cn/a", table)
    assert (
        chain.urls == ("http://t.cn/a", "http://bit.ly/b", "http://evil.test/p")
        and chain.stopped == "final"
    )
    assert resolve_chain("t.cn/c", table).stopped == "cycle"
    deep = {f"http://s.test/{i}": f"s.test/{i + 1}" for i in range(50)}
    chain = resolve_chain("s.test/0", deep, max_depth=5)
    assert chain.stopped == "depth" and len(chain.urls) == 6
    assert LinkSignal().hash_chain("t.cn/a", table).final == "http://evil.test/p"


def test_link_index_finds_canonical_copies() -> None:
    link = LinkSignal()
    index = link.new_index()
    index.add(link.hash("https://evil.test/p"), "bank-1")
    assert [m.ref for m in index.query(link.hash("http://www.evil.test/p/?utm_campaign=z"))] == [
        "bank-1"
    ]
    with pytest.raises(InvalidInput):
        index.add("HTTP://Not.Canonical/", "bank-2")


def rules(*pairs: tuple[str, str]) -> RuleIndex:
    index = PolicyRuleSignal().new_index()
    for rule, ref in pairs:
        index.add(rule, ref)
    return index


def test_rules_report_which_rule_matched_where() -> None:
    signal = PolicyRuleSignal()
    index = rules(
        ("keyword:加V信", "contact"), ("keyword:scam", "scam"), ("regex:\\d{11}", "phone")
    )
    form = signal.hash("快来加 薇 信，电话13812345678，not a scamper but a SCAM")
    hits = index.scan(form)
    assert [(h.ref, form[h.start : h.end]) for h in hits] == [
        ("contact", "加微信"),
        ("phone", "13812345678"),
        ("scam", "scam"),
    ]
    assert [m.ref for m in index.query(form)] == ["contact", "phone", "scam"]


def test_rules_round_trip_remove_and_refuse() -> None:
    index = rules(("keyword:免费领取", "a"), ("keyword:免费领取", "b"), ("regex:usdt", "c"))
    restored = RuleIndex.deserialize(index.serialize())
    form = PolicyRuleSignal().hash("免費領取 USDT")
    assert [m.ref for m in restored.query(form)] == ["a", "b", "c"]
    assert index.remove("a") == 1 and [m.ref for m in index.query(form)] == ["b", "c"]
    for bad in ("keyword:", "regex:(", "other:x"):
        with pytest.raises(InvalidInput):
            index.add(bad, "x")


@given(
    st.lists(st.sampled_from(["加微信", "领取", "qq", "免费", "红包"]), min_size=1, max_size=5),
    st.text(max_size=40),
)
@settings(derandomize=True, deadline=None, max_examples=100)
def test_automaton_equals_one_rule_at_a_time(words: list[str], text: str) -> None:
    signal = PolicyRuleSignal()
    index = rules(*[(f"keyword:{w}", f"k{i}") for i, w in enumerate(words)])
    form = signal.hash(text + "".join(words[:2]))
    expected = {
        f"k{i}" for i, w in enumerate(words) if signal.compare(form, f"keyword:{w}").matched
    }
    assert {m.ref for m in index.query(form)} == expected
