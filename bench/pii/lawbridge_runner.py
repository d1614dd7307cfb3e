# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""Run lawbridge's pii engine on documents — runs in lawbridge's own .venv.

Called by bench/pii_bench.py, one fresh process per step. If the engine cannot be imported it prints
{"available": false, "error": ...} and exits 0, so the benchmark still reports Presidio.

  python lawbridge_runner.py scan IN.jsonl OUT.jsonl [--runs N]   findings + chars/s per run
  python lawbridge_runner.py time FILE [FILE ...] [--runs N]         seconds per long document
  python lawbridge_runner.py memory FILE [--limit-mb N]              peak RSS analysing one document

IN.jsonl lines: {"id", "text"}; OUT.jsonl lines: {"id", "spans": [{"start","end","type","score"}]}
— the output contract of ``lawbridge pii scan -i DOCS.jsonl -o FINDINGS.jsonl``. The last stdout
line is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

Scanner = Callable[[list[str]], list[list[dict[str, Any]]]]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def current_rss_mb() -> float:
    import os

    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def load_scanner() -> Scanner:
    """The one adapter to the engine: a function from texts to their spans (interchange dicts)."""
    from lawbridge.engines.pii import Analyzer

    analyzer = Analyzer()

    def scan_texts(texts: list[str]) -> list[list[dict[str, Any]]]:
        return [
            [
                {"start": f.start, "end": f.end, "type": f.type, "score": f.score}
                for f in analyzer.analyze(t)
            ]
            for t in texts
        ]

    scan_texts(["Warm-up: 张伟 13800138000, John Smith (212) 555-0199."])
    return scan_texts


def scanner_or_exit() -> tuple[Scanner, float]:
    t = time.perf_counter()
    try:
        fn = load_scanner()
    except Exception as exc:  # noqa: BLE001 - any import/build failure means "not available yet"
        print(json.dumps({"available": False, "error": f"{type(exc).__name__}: {exc}"}))
        sys.exit(0)
    return fn, time.perf_counter() - t


def scan(args: argparse.Namespace) -> None:
    fn, load_s = scanner_or_exit()
    docs = [json.loads(line) for line in open(args.input, encoding="utf-8") if line.strip()]
    texts = [d["text"] for d in docs]
    seconds: list[float] = []
    cpu_seconds: list[float] = []  # this process's CPU time: less disturbed by a busy machine
    results: list[list[dict[str, Any]]] = []
    for run in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn(texts)
        seconds.append(time.perf_counter() - t0)
        cpu_seconds.append(time.process_time() - c0)
        if run == 0:
            results = out
    with open(args.output, "w", encoding="utf-8") as fh:
        for d, spans in zip(docs, results, strict=True):
            fh.write(json.dumps({"id": d["id"], "spans": spans}, ensure_ascii=False) + "\n")
    print(
        json.dumps(
            {
                "available": True,
                "system": "lawbridge",
                "documents": len(docs),
                "chars": sum(len(t) for t in texts),
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "load_s": load_s,
                "max_rss_mb": rss_mb(),
            }
        )
    )


def time_docs(args: argparse.Namespace) -> None:
    fn, _ = scanner_or_exit()
    out = []
    for path in args.files:
        text = open(path, encoding="utf-8").read()
        runs = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            fn([text])
            runs.append(time.perf_counter() - t0)
        out.append({"file": path, "chars": len(text), "seconds": runs})
    print(json.dumps({"available": True, "system": "lawbridge", "docs": out}))


def memory(args: argparse.Namespace) -> None:
    if args.limit_mb:  # never take the shared machine down: fail with MemoryError instead
        lim = args.limit_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (lim, lim))
    fn, _ = scanner_or_exit()
    text = open(args.file, encoding="utf-8").read()
    base = current_rss_mb()
    t0 = time.perf_counter()
    try:
        spans = fn([text])[0]
    except MemoryError:
        print(json.dumps({"available": True, "exceeded_limit_mb": args.limit_mb}))
        return
    print(
        json.dumps(
            {
                "available": True,
                "chars": len(text),
                "findings": len(spans),
                "seconds": time.perf_counter() - t0,
                "rss_before_mb": base,
                "peak_rss_mb": rss_mb(),
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("scan")
    s.add_argument("input")
    s.add_argument("output")
    s.add_argument("--runs", type=int, default=1)
    t = sub.add_parser("time")
    t.add_argument("files", nargs="+")
    t.add_argument("--runs", type=int, default=1)
    m = sub.add_parser("memory")
    m.add_argument("file")
    m.add_argument("--limit-mb", type=int, default=0)
    args = ap.parse_args()
    {"scan": scan, "time": time_docs, "memory": memory}[args.cmd](args)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
