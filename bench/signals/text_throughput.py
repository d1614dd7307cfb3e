"""Text signals per post: hashing (normalise + tokens), exact SHA-256, containment query, rules.

    .venv/bin/python bench/signals/text_throughput.py [--bank 10000] [--posts 5000]

Synthetic bilingual posts (~60-120 characters) from a seeded vocabulary; the bank holds ``--bank``
banned texts of the same vocabulary (so postings are long), and 200 keyword/regex rules.
"""

# ruff: noqa: T201  (a benchmark prints its figures)

from __future__ import annotations

import argparse
import random
import time

from lawbridge.engines.signals import ExactSignal, PolicyRuleSignal, TextNearDupSignal

ZH = list(
    "投资稳赚不赔每天收益百分之二十名额有限立即加微信进群领取内部消息恭喜您获得本月幸运大奖现金红包先到先得"
)
EN = "free money claim your prize now click here limited offer bonus crypto double wallet send usdt today".split()


def post(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return "".join(rng.choice(ZH) for _ in range(rng.randint(40, 90)))
    return " ".join(rng.choice(EN) for _ in range(rng.randint(12, 25)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bank", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=5_000)
    args = parser.parse_args()
    rng = random.Random(7)
    text, exact, rules = TextNearDupSignal(), ExactSignal(), PolicyRuleSignal()
    index, rule_index = text.new_index(), rules.new_index()
    for i in range(args.bank):
        index.add(text.hash(post(rng)), f"b{i}")
    for i in range(200):
        rule_index.add(
            f"keyword:{''.join(rng.sample(ZH, 3))}" if i % 2 else f"regex:{rng.choice(EN)} \\w+",
            f"r{i}",
        )
    posts = [post(rng) for _ in range(args.posts)]
    timings = {}
    t0 = time.perf_counter()
    signals = [text.hash(p) for p in posts]
    timings["text_near_dup hash"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for p in posts:
        exact.hash(p)
    timings["exact_sha256 hash"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    matches = sum(len(index.query(s)) for s in signals)
    timings[f"containment query, bank {args.bank:,}"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    hits = sum(len(rule_index.query(rules.hash(p))) for p in posts)
    timings["rules (hash + scan, 200 rules)"] = time.perf_counter() - t0
    for label, seconds in timings.items():
        print(f"{label:36s} {seconds / len(posts) * 1e6:8.1f} µs/post")
    print(
        f"total {sum(timings.values()) / len(posts) * 1e6:.1f} µs/post; {matches} bank matches, {hits} rule hits"
    )


if __name__ == "__main__":
    main()
