#!/usr/bin/env python3
# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""Byte-compare two versions of lawbridge's pii engine: every finding on every document.

  git archive HEAD src | tar -x -C /tmp/engine_a                        # version A
  .venv/bin/python bench/pii/compare_outputs.py --a /tmp/engine_a/src [--b ""]

Each version runs in its own process (``--a`` / ``--b`` first on ``PYTHONPATH``; an empty string
is the working tree) over the dev set, both holdouts, presidio-research's sentences and one long
document made by joining the dev texts (so the chunked path is read too), at the default
threshold and at threshold 0 (every candidate that survives resolution). It writes each
finding's type, start, end, score and recogniser, one JSON line per document, and compares the
two outputs byte for byte. On a difference it prints only the set's name, the document's index
and the counts of findings, never a document's text (the holdouts stay unread).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PY = ROOT / ".venv" / "bin" / "python"
EXTERNAL = Path(os.environ.get("LAWBRIDGE_SHARED", str(ROOT.parent / "shared"))) / "external"
SETS = {
    "dev": HERE / "devset.jsonl",
    "holdout": HERE / "holdout" / "holdout.jsonl",
    "holdout2": HERE / "holdout2" / "holdout2.jsonl",
    "research": EXTERNAL / "presidio-research" / "synth_dataset_v2.json",
}

CHILD = r"""
import json, sys
from pathlib import Path
from lawbridge.engines.pii import Analyzer
from lawbridge.engines.pii.analyzer import AnalyzerConfig

sets = json.loads(sys.argv[1])
out = open(sys.argv[2], "w", encoding="utf-8")

def texts(path):
    if path.endswith(".json"):
        return [row["full_text"] for row in json.loads(Path(path).read_text(encoding="utf-8"))]
    return [json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip()]

docs = {name: texts(path) for name, path in sets.items() if Path(path).exists()}
if "dev" in docs:
    docs["dev-joined"] = ["\n\n".join(docs["dev"])]
for threshold in (0.5, 0.0):
    analyzer = Analyzer(config=AnalyzerConfig(threshold=threshold))
    for name, items in docs.items():
        for i, text in enumerate(items):
            found = [[f.type, f.start, f.end, f.score, f.recognizer] for f in analyzer.analyze(text)]
            out.write(json.dumps([threshold, name, i, found], ensure_ascii=False) + "\n")
out.close()
"""


def run(path: str, dest: Path) -> None:
    env = {**os.environ, "PYTHONPATH": path, "PYTHONHASHSEED": "0"}
    if not path:
        env.pop("PYTHONPATH")
    python = str(PY) if PY.exists() else sys.executable
    sets = json.dumps({name: str(p) for name, p in SETS.items()})
    subprocess.run([python, "-c", CHILD, sets, str(dest)], env=env, check=True)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--a", required=True, help="PYTHONPATH of version A ('' = working tree)")
    ap.add_argument("--b", default="", help="PYTHONPATH of version B (default: working tree)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        outputs = {name: Path(tmp) / f"{name}.jsonl" for name in ("A", "B")}
        run(args.a, outputs["A"])
        run(args.b, outputs["B"])
        data = {name: path.read_bytes() for name, path in outputs.items()}
    for name, blob in data.items():
        lines = blob.count(b"\n")
        findings = sum(len(json.loads(line)[3]) for line in blob.splitlines())
        digest = hashlib.sha256(blob).hexdigest()[:16]
        print(f"{name}: {lines} documents x thresholds, {findings} findings, sha256 {digest}")
    if data["A"] == data["B"]:
        print("identical")
        return
    differing = 0
    for line_a, line_b in zip(data["A"].splitlines(), data["B"].splitlines(), strict=True):
        if line_a != line_b:
            differing += 1
            a, b = json.loads(line_a), json.loads(line_b)
            if differing <= 20:
                print(
                    f"differs: threshold {a[0]} {a[1]} #{a[2]}: {len(a[3])} vs {len(b[3])} findings"
                )
    print(f"DIFFERENT: {differing} documents")
    sys.exit(1)


if __name__ == "__main__":
    main()
