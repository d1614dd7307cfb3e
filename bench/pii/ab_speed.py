#!/usr/bin/env python3
# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""A/B speed of two versions of lawbridge's pii engine on the same documents, interleaved.

  git archive HEAD src/lawbridge | tar -x -C /tmp/engine_a        # version A, e.g. the last commit
  .venv/bin/python bench/pii/ab_speed.py --a /tmp/engine_a/src [--b ""] [--rounds 3] [FILE.jsonl]

Each round starts one fresh process per version (A, B, A, B …) so both meet the same machine load; a
process analyses every document five times and reports the median pass as characters per second (wall)
and per CPU-second of the process. Prints every round with the 1-minute load average before it, then
the medians and their ratio B / A. ``--a`` / ``--b`` are put first on ``PYTHONPATH`` (an empty
string: the working tree).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PY = ROOT / ".venv" / "bin" / "python"

CHILD = """
import json, statistics, sys, time
from lawbridge.engines.pii import Analyzer
analyzer = Analyzer()
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
chars = sum(map(len, texts))
analyzer.analyze("Warm-up: 张伟 13800138000, John Smith (212) 555-0199.")
walls, cpus = [], []
for _ in range(5):
    t0, c0 = time.perf_counter(), time.process_time()
    for text in texts:
        analyzer.analyze(text)
    walls.append(time.perf_counter() - t0)
    cpus.append(time.process_time() - c0)
print(json.dumps({"wall": chars / statistics.median(walls), "cpu": chars / statistics.median(cpus)}))
"""


def one(path: str, data: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": path} if path else dict(os.environ)
    python = str(PY) if PY.exists() else sys.executable
    out = subprocess.run(
        [python, "-c", CHILD, str(data)], capture_output=True, text=True, env=env, check=True
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("data", nargs="?", type=Path, default=HERE / "devset.jsonl")
    ap.add_argument("--a", required=True, help="PYTHONPATH of version A ('' = working tree)")
    ap.add_argument("--b", default="", help="PYTHONPATH of version B (default: working tree)")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"A": [], "B": []}
    for i in range(args.rounds):
        for name, path in (("A", args.a), ("B", args.b)):
            load = os.getloadavg()[0]
            result = one(path, args.data)
            runs[name].append(result)
            print(f"round {i + 1} {name}: load {load:.2f}, {result['wall']:,.0f} chars/s, "
                  f"{result['cpu']:,.0f} chars per CPU-second")  # fmt: skip
    medians: dict[str, tuple[float, float]] = {}
    for name, results in runs.items():
        wall = statistics.median(r["wall"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        medians[name] = (wall, cpu)
        print(f"{name} median: {wall:,.0f} chars/s, {cpu:,.0f} chars per CPU-second")
    (wall_a, cpu_a), (wall_b, cpu_b) = medians["A"], medians["B"]
    print(f"B / A: {wall_b / wall_a:.3f}x wall, {cpu_b / cpu_a:.3f}x per CPU-second; "
          f"load {os.getloadavg()[0]:.2f} at the end")  # fmt: skip


if __name__ == "__main__":
    main()
