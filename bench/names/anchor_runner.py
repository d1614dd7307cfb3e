# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""Score name pairs / screening queries with OpenSanctions' nomenklatura — runs INSIDE bench/.venvs/nomenklatura.

Entities are built the way yente builds a /match query entity (yente.data.entity.Entity.from_example): an FtM
Person, each property added with ``cleaned=False, fuzzy=True``, then ``combine_names`` and country hints from
typed values. Both sides of a pair are built that way (list entries in yente's index are FtM entities too).
Every entity gets a unique id, because nomenklatura caches per entity id.

Usage (called by bench/names_bench.py, one fresh process per run):
  python anchor_runner.py pairs ALGO IN.jsonl OUT.jsonl         -> prints {"algorithm", "n", "seconds", ...}
  python anchor_runner.py screen ALGO LIST.jsonl QUERIES.jsonl OUT.jsonl [--candidates 50]
Input pairs: {"id", "a": RECORD, "b": RECORD}; output lines {"id", "score"}.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
from collections import defaultdict
from typing import Any

from followthemoney import ValueEntity, model
from followthemoney.helpers import combine_names
from followthemoney.types import registry
from nomenklatura.matching import ALGORITHMS, ScoringConfig

PROPS = {
    "name": "name",
    "aliases": "alias",
    "birth_date": "birthDate",
    "nationality": "nationality",
    "gender": "gender",
    "id_number": "idNumber",
}
PERSON = model.get("Person")


def entity(eid: str, rec: dict[str, Any]) -> ValueEntity:
    """yente's Entity.from_example for {"schema": "Person", "properties": {...}}."""
    obj = ValueEntity(PERSON, {"id": eid, "schema": "Person"})
    for key, prop in PROPS.items():
        val = rec.get(key)
        if val is None:
            continue
        values = val if isinstance(val, list) else [val]
        obj.add(prop, values, cleaned=False, fuzzy=True)
    combine_names(obj)
    countries = obj.get_type_values(registry.country)
    for prop, value in list(obj.itervalues()):
        hint = prop.type.country_hint(value)
        if hint is not None and hint not in countries:
            obj.add("country", hint, cleaned=True)
    return obj


def algorithm(name: str) -> Any:
    for algo in ALGORITHMS:
        if algo.NAME == name:
            return algo
    raise SystemExit(f"unknown algorithm {name}; have {[a.NAME for a in ALGORITHMS]}")


def warm_up(algo: Any, config: ScoringConfig) -> float:
    """Load the algorithm's data files (first call) on a throw-away pair; return the seconds it took."""
    t = time.perf_counter()
    algo.compare(
        entity("warm-q", {"name": "Maria Example"}),
        entity("warm-r", {"name": "Mario Exemple"}),
        config,
    )
    return time.perf_counter() - t


def run_pairs(args: argparse.Namespace) -> None:
    algo = algorithm(args.algorithm)
    config = ScoringConfig.defaults()
    pairs = [json.loads(line) for line in open(args.input, encoding="utf-8")]
    startup = warm_up(algo, config)
    scores: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    for p in pairs:  # timed end to end: entity construction (cleaning) + compare
        a = entity(p["id"] + "/a", p["a"])
        b = entity(p["id"] + "/b", p["b"])
        scores.append((p["id"], algo.compare(a, b, config).score))
    seconds = time.perf_counter() - t0
    with open(args.output, "w", encoding="utf-8") as fh:
        for pid, s in scores:
            fh.write(json.dumps({"id": pid, "score": s}) + "\n")
    print(
        json.dumps(
            {
                "algorithm": algo.NAME,
                "n": len(pairs),
                "seconds": seconds,
                "pairs_per_s": len(pairs) / seconds,
                "warm_up_s": startup,
            }
        )
    )


# ---- screening: an in-memory stand-in for yente's Elasticsearch candidate retrieval


def _keys(e: ValueEntity) -> set[str]:
    """Index keys of an entity's names: ASCII-folded tokens (ICU any-Latin like yente's name_parts), their
    metaphone keys (yente's name_phonetic) and single CJK characters (ICU tokenizer splits CJK)."""
    from normality import ascii_text
    from rigour.names import tokenize_name
    from rigour.text.phonetics import metaphone
    from rigour.text.scripts import is_latin

    out: set[str] = set()
    for name in e.get_type_values(registry.name):
        for tok in tokenize_name(name.lower()):
            out.add("t:" + tok)
            for ch in tok:
                if "\u4e00" <= ch <= "\u9fff":
                    out.add("c:" + ch)
            asc = ascii_text(tok) or ""
            for part in asc.split():
                if len(part) > 1:
                    out.add("a:" + part)
                    if is_latin(part):
                        mp = metaphone(part)
                        if mp:
                            out.add("m:" + mp)
    return out


def run_screen(args: argparse.Namespace) -> None:
    algo = algorithm(args.algorithm)
    config = ScoringConfig.defaults()
    entries = [json.loads(line) for line in open(args.list, encoding="utf-8")]
    queries = [json.loads(line) for line in open(args.queries, encoding="utf-8")]
    if args.max_queries:
        queries = queries[: args.max_queries]
    startup = warm_up(algo, config)
    t0 = time.perf_counter()
    ents = []
    postings: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(entries):
        rec = {k: v for k, v in row.items() if k != "id"}
        e = entity(row["id"], rec)
        ents.append(e)
        for k in _keys(e):
            postings[k].append(i)
    n = len(ents)
    idf = {k: math.log(1 + n / len(v)) for k, v in postings.items()}
    build_s = time.perf_counter() - t0
    lat: list[float] = []
    with open(args.output, "w", encoding="utf-8") as fh:
        for q in queries:
            t = time.perf_counter()
            qe = entity("query-" + q["id"], q["record"])
            acc: dict[int, float] = defaultdict(float)
            for k in _keys(qe):
                for i in postings.get(k, ()):
                    acc[i] += idf[k]
            cands = sorted(acc, key=lambda i: (-acc[i], i))[: args.candidates]
            scored = sorted(
                ((algo.compare(qe, ents[i], config).score, ents[i].id) for i in cands),
                key=lambda x: (-x[0], x[1]),
            )[:10]
            lat.append(time.perf_counter() - t)
            fh.write(
                json.dumps(
                    {
                        "query_id": q["id"],
                        "candidates": [{"id": i, "score": s} for s, i in scored],
                        # was the expected entry among the retrieved candidates at all?
                        "retrieved": any(ents[i].id == q.get("expected") for i in cands),
                    }
                )
                + "\n"
            )
    lat.sort()
    print(
        json.dumps(
            {
                "algorithm": algo.NAME,
                "queries": len(queries),
                "entries": n,
                "build_s": build_s,
                "median_ms": 1000 * lat[len(lat) // 2],
                "warm_up_s": startup,
                "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pairs")
    p.add_argument("algorithm")
    p.add_argument("input")
    p.add_argument("output")
    s = sub.add_parser("screen")
    s.add_argument("algorithm")
    s.add_argument("list")
    s.add_argument("queries")
    s.add_argument("output")
    s.add_argument("--candidates", type=int, default=50)
    s.add_argument("--max-queries", type=int, default=0)
    sub.add_parser("algorithms")
    args = ap.parse_args()
    if args.cmd == "algorithms":
        print(json.dumps([a.NAME for a in ALGORITHMS]))
    elif args.cmd == "pairs":
        run_pairs(args)
    else:
        run_screen(args)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
