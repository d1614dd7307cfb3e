# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""Score name pairs / screening queries with lawbridge's names engine — runs in lawbridge's own .venv.

Called by bench/names_bench.py, one fresh process per run. If the engine cannot be imported it prints
{"available": false, "error": ...} and exits 0, so the benchmark still reports the anchor.

  python lawbridge_runner.py pairs IN.jsonl OUT.jsonl
  python lawbridge_runner.py screen LIST.jsonl QUERIES.jsonl OUT.jsonl [--max-queries N]
  python lawbridge_runner.py latency LIST.jsonl QUERIES.jsonl        (median search latency; index build time)
  python lawbridge_runner.py memory LIST.jsonl                       (peak RSS of an index over LIST)
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import time
from typing import Any


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def current_rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


try:
    from lawbridge.engines.names import DEFAULT_THRESHOLD, Matcher, NameIndex, PersonRecord
    from lawbridge.errors import InvalidInput
except Exception as exc:  # noqa: BLE001 - any import failure means "not available yet"
    print(json.dumps({"available": False, "error": f"{type(exc).__name__}: {exc}"}))
    sys.exit(0)


def record(data: dict[str, Any]) -> PersonRecord | None:
    try:
        return PersonRecord.from_dict({k: v for k, v in data.items() if k != "id"})
    except InvalidInput:
        return None


def run_pairs(args: argparse.Namespace) -> None:
    pairs = [json.loads(line) for line in open(args.input, encoding="utf-8")]
    matcher = Matcher()
    t_warm = time.perf_counter()
    matcher.compare(PersonRecord(name="Maria Example"), PersonRecord(name="Mario Exemple"))
    warm = time.perf_counter() - t_warm
    out: list[tuple[str, float | None]] = []
    errors = 0
    t0 = time.perf_counter()
    for p in pairs:  # timed end to end: record validation + prepare + compare
        a, b = record(p["a"]), record(p["b"])
        if a is None or b is None:
            errors += 1
            out.append((p["id"], None))
            continue
        out.append((p["id"], matcher.compare(a, b).score))
    seconds = time.perf_counter() - t0
    with open(args.output, "w", encoding="utf-8") as fh:
        for pid, s in out:
            fh.write(json.dumps({"id": pid, "score": s}) + "\n")
    print(
        json.dumps(
            {
                "available": True,
                "algorithm": Matcher.NAME,
                "threshold": DEFAULT_THRESHOLD,
                "n": len(pairs),
                "errors": errors,
                "seconds": seconds,
                "pairs_per_s": len(pairs) / seconds,
                "warm_up_s": warm,
            }
        )
    )


def build_index(
    path: str, max_entries: int = 0, compact: bool = False
) -> tuple[NameIndex, int, float]:
    index = NameIndex(Matcher(), compact=compact)
    bad = 0
    t0 = time.perf_counter()
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if max_entries and n >= max_entries:
                break
            row = json.loads(line)
            rec = record(row)
            if rec is None:
                bad += 1
                continue
            index.add(row["id"], rec)
    return index, bad, time.perf_counter() - t0


def run_screen(args: argparse.Namespace) -> None:
    index, bad, build_s = build_index(args.list)
    queries = [json.loads(line) for line in open(args.queries, encoding="utf-8")]
    if args.max_queries:
        queries = queries[: args.max_queries]
    lat: list[float] = []
    with open(args.output, "w", encoding="utf-8") as fh:
        for q in queries:
            rec = record(q["record"])
            t = time.perf_counter()
            cands = index.search(rec, limit=10, floor=0.0) if rec is not None else []
            lat.append(time.perf_counter() - t)
            fh.write(
                json.dumps(
                    {
                        "query_id": q["id"],
                        "candidates": [{"id": c.id, "score": c.score} for c in cands],
                    }
                )
                + "\n"
            )
    lat.sort()
    print(
        json.dumps(
            {
                "available": True,
                "threshold": DEFAULT_THRESHOLD,
                "entries": len(index),
                "bad_entries": bad,
                "queries": len(queries),
                "build_s": build_s,
                "median_ms": 1000 * lat[len(lat) // 2],
            }
        )
    )


def run_latency(args: argparse.Namespace) -> None:
    index, bad, build_s = build_index(args.list)
    queries = [record(json.loads(line)["record"]) for line in open(args.queries, encoding="utf-8")]
    recs = [q for q in queries if q is not None]
    if args.max_queries:
        recs = recs[:: max(1, len(recs) // args.max_queries)][
            : args.max_queries
        ]  # spread over all kinds
    for q in recs[:20]:  # warm caches of the query side a little, as a running service would be
        index.search(q, limit=10)
    lat = []
    for q in recs:
        t = time.perf_counter()
        index.search(q, limit=10)
        lat.append(time.perf_counter() - t)
    lat.sort()
    print(
        json.dumps(
            {
                "available": True,
                "entries": len(index),
                "bad_entries": bad,
                "build_s": build_s,
                "queries": len(lat),
                "median_ms": 1000 * lat[len(lat) // 2],
                "p95_ms": 1000 * lat[int(len(lat) * 0.95)],
                "max_rss_mb": rss_mb(),
            }
        )
    )


def run_memory(args: argparse.Namespace) -> None:
    if args.limit_mb:  # refuse to take the shared machine down: fail with MemoryError instead
        lim = args.limit_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (lim, lim))
    gc.collect()
    base = current_rss_mb()
    try:
        index, bad, build_s = build_index(args.list, args.max_entries, compact=True)
    except MemoryError:
        print(
            json.dumps(
                {
                    "available": True,
                    "exceeded_limit_mb": args.limit_mb,
                    "baseline_rss_mb": base,
                    "peak_rss_mb": rss_mb(),
                }
            )
        )
        return
    gc.collect()
    queries = [record(q) for q in index_sample(args.list, 50)]
    lat = []
    for q in queries:
        if q is None:
            continue
        t = time.perf_counter()
        index.search(q, limit=10)
        lat.append(time.perf_counter() - t)
    lat.sort()
    print(
        json.dumps(
            {
                "available": True,
                "mode": "compact",
                "median_ms": 1000 * lat[len(lat) // 2] if lat else None,
                "entries": len(index),
                "bad_entries": bad,
                "build_s": build_s,
                "baseline_rss_mb": base,
                "rss_after_mb": current_rss_mb(),
                "peak_rss_mb": rss_mb(),
            }
        )
    )


def index_sample(path: str, n: int) -> list[dict[str, Any]]:
    """``n`` list entries spread over the first 10,000 lines, as queries (the 1M index's latency)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= 10_000:
                break
            if i % (10_000 // n) == 0:
                row = json.loads(line)
                out.append({k: v for k, v in row.items() if k != "id"})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pairs")
    p.add_argument("input")
    p.add_argument("output")
    s = sub.add_parser("screen")
    s.add_argument("list")
    s.add_argument("queries")
    s.add_argument("output")
    s.add_argument("--max-queries", type=int, default=0)
    la = sub.add_parser("latency")
    la.add_argument("list")
    la.add_argument("queries")
    la.add_argument("--max-queries", type=int, default=0)
    m = sub.add_parser("memory")
    m.add_argument("list")
    m.add_argument("--max-entries", type=int, default=0, help="only the first N entries of LIST")
    m.add_argument("--limit-mb", type=int, default=0, help="address-space limit (RLIMIT_AS)")
    args = ap.parse_args()
    {"pairs": run_pairs, "screen": run_screen, "latency": run_latency, "memory": run_memory}[
        args.cmd
    ](args)


if __name__ == "__main__":
    main()
