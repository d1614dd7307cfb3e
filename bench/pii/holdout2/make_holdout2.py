# ruff: noqa: T201 - command-line script reports on stdout
"""Generate the second held-out PII set: ``python bench/pii/holdout2/make_holdout2.py [--seed N] [--out F]``.

Default seed 20261127_2 → ``holdout2.jsonl`` (600 documents). See README.md; never tune the engine on it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import h2_docs as D  # noqa: E402
import h2_docs2 as D2  # noqa: E402
from h2_doc import Doc  # noqa: E402

SEED = 202611272
Maker = Callable[[random.Random, str], Doc]
KINDS: dict[str, Maker] = {
    "email": D.make_email, "hr_form": D.make_hr_form, "chat": D.make_chat, "label": D.make_label,
    "statement": D.make_statement, "api_log": D2.make_api_log, "incident": D2.make_incident,
    "travel": D2.make_travel, "csv": D2.make_csv, "notes": D2.make_notes,
}  # fmt: skip
PLAN: dict[str, dict[str, int]] = {
    "zh": {"hr_form": 35, "chat": 40, "label": 35, "statement": 30, "api_log": 20, "incident": 30, "csv": 15, "notes": 15},
    "en": {"email": 45, "hr_form": 30, "chat": 30, "label": 30, "statement": 30, "api_log": 25, "travel": 10,
           "csv": 10, "notes": 10},
    "mixed": {"email": 35, "hr_form": 20, "chat": 45, "label": 20, "api_log": 20, "travel": 15, "notes": 5},
}  # fmt: skip


def build(seed: int = SEED) -> list[dict[str, Any]]:
    """All documents, each with its recorded ``negatives`` (dropped by ``public``)."""
    r = random.Random(seed)
    jobs = [
        (lang, kind) for lang, kinds in PLAN.items() for kind, n in kinds.items() for _ in range(n)
    ]
    r.shuffle(jobs)
    return [KINDS[kind](r, lang).record(f"h2-{i:04d}") for i, (lang, kind) in enumerate(jobs)]


def public(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: doc[k] for k in ("id", "lang", "kind", "text", "spans")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--out", type=Path, default=HERE / "holdout2.jsonl")
    args = ap.parse_args(argv)
    docs = build(args.seed)
    with args.out.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(public(d), ensure_ascii=False) + "\n")
    spans = Counter(s["type"] for d in docs for s in d["spans"])
    print(f"{len(docs)} documents, {sum(len(d['text']) for d in docs):,} characters -> {args.out}")
    print("langs:", dict(Counter(d["lang"] for d in docs)))
    print("kinds:", dict(Counter(d["kind"] for d in docs)))
    print("spans:", dict(spans.most_common()))
    print(
        "negatives:", dict(Counter(n["kind"] for d in docs for n in d["negatives"]).most_common())
    )
    print("documents without spans:", sum(not d["spans"] for d in docs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
