# ruff: noqa: T201 - command-line script reports on stdout
"""Score lawbridge's PII engine on the held-out set, once: ``.venv/bin/python bench/pii/holdout/run_holdout.py``.

Micro / per-type / per-language P/R/F1 on exact spans (bench/pii/pii_scoring.py) and up to ``--examples``
errors grouped by type. Report the figures; do not tune the engine on what this prints (README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from pii_scoring import Counts, as_spans  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=HERE / "holdout.jsonl")
    ap.add_argument("--examples", type=int, default=40)
    ap.add_argument("--json", type=Path, help="also write the figures and examples here")
    args = ap.parse_args(argv)
    from lawbridge.engines.pii import Analyzer

    analyzer = Analyzer()
    docs = [json.loads(line) for line in args.data.open(encoding="utf-8")]
    overall = Counts()
    by_lang: dict[str, Counts] = defaultdict(Counts)
    errors: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in docs:
        text = d["text"]
        gold = as_spans(d["spans"])
        pred = as_spans(
            {"start": f.start, "end": f.end, "type": f.type} for f in analyzer.analyze(text)
        )
        overall.add(gold, pred)
        by_lang[d["lang"]].add(gold, pred)
        for kind, spans, other in (("missed", gold - pred, pred), ("false", pred - gold, gold)):
            for s in sorted(spans):
                near = [
                    f"{text[o[0] : o[1]]!r} {o[2]}"
                    for o in sorted(other)
                    if o[0] < s[1] and s[0] < o[1]
                ]
                errors[s[2]].append({"id": d["id"], "kind": kind, "value": text[s[0] : s[1]], "near": near,
                                     "context": text[max(0, s[0] - 30) : s[1] + 30]})  # fmt: skip
    result = {
        "micro": overall.micro(),
        "per_type": overall.per_type(),
        "per_lang": {k: c.micro() for k, c in sorted(by_lang.items())},
    }
    show(result)
    picked = pick(errors, args.examples)
    for typ, items in sorted(picked.items()):
        print(f"\n## {typ}")
        for e in items:
            ctx = e["context"].replace("\n", "⏎")
            print(
                f"- [{e['kind']}] {e['id']} expected/got {e['value']!r}; other side {e['near']}\n    …{ctx}…"
            )
    if args.json:
        args.json.write_text(
            json.dumps({**result, "examples": picked}, ensure_ascii=False, indent=1)
        )
    return 0


def row(name: str, m: dict[str, Any]) -> str:
    return f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['tp']} | {m['fp']} | {m['fn']} |"


def show(result: dict[str, Any]) -> None:
    print("| | P | R | F1 | tp | fp | fn |\n|---|---|---|---|---|---|---|")
    print(row("**micro**", result["micro"]))
    for t, m in result["per_type"].items():
        print(row(t, m))
    for lang, m in result["per_lang"].items():
        print(row(f"lang={lang}", m))


def pick(errors: dict[str, list[dict[str, Any]]], limit: int) -> dict[str, list[dict[str, Any]]]:
    """Up to ``limit`` errors in all, spread over the types round-robin (misses and false alarms mixed)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    queues = {t: sorted(v, key=lambda e: (e["kind"], e["id"]))[::-1] for t, v in errors.items()}
    while sum(len(v) for v in out.values()) < limit and any(queues.values()):
        for t in sorted(queues):
            if queues[t] and sum(len(v) for v in out.values()) < limit:
                q = queues[t]
                # alternate misses and false alarms within a type
                want = "false" if out[t] and out[t][-1]["kind"] == "missed" else "missed"
                i = next((i for i in range(len(q) - 1, -1, -1) if q[i]["kind"] == want), len(q) - 1)
                out[t].append(q.pop(i))
    return dict(out)


if __name__ == "__main__":
    raise SystemExit(main())
