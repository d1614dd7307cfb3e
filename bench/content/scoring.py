"""Scores a list of taken-down post ids against the feed's truth.jsonl (see README.md).

recall of must-remove posts (overall, per modality, per edit, per reshare depth, per phase, per
language); false takedowns as a share of innocent posts and of hard negatives (per kind); bad-input
items; a few examples of each kind of error (post id, why it should or should not be taken down).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def _rate(hits: int, n: int) -> dict[str, Any]:
    return {"n": n, "hits": hits, "rate": hits / n if n else None}


def _group(rows: list[dict[str, Any]], taken: set[str], key: Any) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[bool]] = defaultdict(list)
    for r in rows:
        k = key(r)
        if k is not None:
            groups[str(k)].append(r["id"] in taken)
    return {k: _rate(sum(v), len(v)) for k, v in sorted(groups.items())}


def edit_key(r: dict[str, Any]) -> str | None:
    if r["kind"] in ("copy", "near_copy"):
        return f"{r['modality']}:{r['edit']}"
    if r["kind"] == "reshare":
        return f"reshare:depth{min(r['depth'], 4)}{'+' if r['depth'] >= 4 else ''}"
    return None


def why(r: dict[str, Any]) -> str:
    """A one-line reason a post must (or must not) be taken down."""
    kind = r["kind"]
    if kind == "seed":
        return f"banned seed ({r['modality']}, {r['category']})"
    if kind in ("copy", "near_copy"):
        return f"{r['modality']} {kind.replace('_', '-')} of {r['seed']} (edit {r['edit']}), {r['phase']} the judgement"
    if kind == "reshare":
        return f"reshare depth {r['depth']} of {r['root']} ({r['root_kind']} of {r['seed']}), {r['phase']} the judgement"
    if kind == "hard_negative":
        extra = ""
        if "overlap" in r:
            extra = f", overlap {r['overlap']}"
        if "closest_seed" in r:
            extra += f"; closest banned text {r['closest_seed']} ({r['max_overlap']})"
        return f"hard negative {r['hard_negative']} of {r['seed']}{extra}"
    return f"innocent ({r.get('sub', '')})"


def score(truth: list[dict[str, Any]], taken: set[str], examples: int = 5) -> dict[str, Any]:
    must = [r for r in truth if r["must_remove"]]
    innocent = [r for r in truth if not r["must_remove"]]
    hard = [r for r in innocent if r["kind"] == "hard_negative"]
    found = sum(r["id"] in taken for r in must)
    false = [r for r in innocent if r["id"] in taken]
    false_hard = [r for r in hard if r["id"] in taken]
    unknown = sorted(taken - {r["id"] for r in truth})
    out: dict[str, Any] = {
        "must_remove": len(must),
        "recall": found / len(must) if must else None,
        "innocent": len(innocent),
        "false_takedowns": len(false),
        "false_takedown_rate": len(false) / len(innocent) if innocent else None,
        "hard_negatives": len(hard),
        "hard_negative_false": len(false_hard),
        "hard_negative_false_rate": len(false_hard) / len(hard) if hard else None,
        "per_hard_negative": _group(hard, taken, lambda r: r["hard_negative"]),
        "per_innocent_sub": _group(innocent, taken, lambda r: r.get("sub") or r["kind"]),
        "per_modality": _group(must, taken, lambda r: r["modality"]),
        "per_edit": _group(must, taken, edit_key),
        "per_phase": _group(must, taken, lambda r: r["phase"]),
        "per_lang": _group(must, taken, lambda r: r["lang"]),
        "per_kind": _group(must, taken, lambda r: r["kind"]),
        "bad_input": _group(
            [dict(r, bad=b) for r in truth for b in r.get("bad_input", [])],
            taken,
            lambda r: r["bad"],
        ),
        "ids_not_in_feed": unknown[:20],
    }
    out["missed_examples"] = _examples([r for r in must if r["id"] not in taken], examples)
    out["false_examples"] = _examples(false, examples)
    return out


def _examples(rows: list[dict[str, Any]], per_key: int) -> dict[str, list[dict[str, str]]]:
    by: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        key = edit_key(r) or r.get("hard_negative") or r.get("sub") or r["kind"]
        if len(by[key]) < per_key:
            by[key].append({"id": r["id"], "why": why(r)})
    return dict(sorted(by.items()))
