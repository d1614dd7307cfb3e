# ruff: noqa: T201 - command-line script reports on stdout
"""Generate the held-out PII test set (see README.md here): ``python make_holdout.py --seed N --out FILE``.

Deterministic for a given seed. Written independently of bench/pii/devset_*.py (never read); labels come
from construction (``ho_values.Doc``), never from a detector. Do not tune lawbridge's engine against it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ho_docs_en  # noqa: E402
import ho_docs_mixed  # noqa: E402
import ho_docs_zh  # noqa: E402
from ho_doc import Doc  # noqa: E402
from ho_negatives import Gen  # noqa: E402

DEFAULT_SEED = 4_2024_0611
PLAN = {"zh": (250, ho_docs_zh), "en": (200, ho_docs_en), "mixed": (150, ho_docs_mixed)}


def build(seed: int = DEFAULT_SEED) -> list[dict[str, Any]]:
    """All documents, each with its hard negatives under ``"negatives"`` (dropped when written)."""
    rng = random.Random(seed)
    g = Gen(rng)
    docs: list[dict[str, Any]] = []
    for lang, (n, mod) in PLAN.items():
        kinds = list(mod.WEIGHTS)
        for _ in range(n):
            kind = rng.choices(kinds, weights=[mod.WEIGHTS[k] for k in kinds])[0]
            d = Doc(lang, kind)
            mod.KINDS[kind](g, d)
            docs.append(finish(d))
    rng.shuffle(docs)
    for i, doc in enumerate(docs):
        doc["id"] = f"ho-{i:04d}"
    return docs


def finish(d: Doc) -> dict[str, Any]:
    """Trim the document (shifting offsets) and return it in the dev-set line shape."""
    text = d.text
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    spans = [
        {"start": s["start"] - lead, "end": s["end"] - lead, "type": s["type"]} for s in d.spans
    ]
    negs = [
        {"start": s["start"] - lead, "end": s["end"] - lead, "kind": s["kind"]} for s in d.negatives
    ]
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return {
        "id": "",
        "lang": d.lang,
        "kind": d.kind,
        "text": body,
        "spans": spans,
        "negatives": negs,
    }


def public(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: doc[k] for k in ("id", "lang", "kind", "text", "spans")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "holdout.jsonl")
    args = ap.parse_args(argv)
    docs = build(args.seed)
    with args.out.open("w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(public(doc), ensure_ascii=False) + "\n")
    types = Counter(s["type"] for d in docs for s in d["spans"])
    print(f"{len(docs)} documents, {sum(len(d['text']) for d in docs):,} characters -> {args.out}")
    print("lang:", dict(Counter(d["lang"] for d in docs)))
    print("kind:", dict(Counter(f"{d['lang']}/{d['kind']}" for d in docs)))
    print("spans:", dict(types.most_common()))
    print(
        "negatives:", dict(Counter(n["kind"] for d in docs for n in d["negatives"]).most_common())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
