# ruff: noqa: T201 - a command-line check that reports on stdout
"""Check that two versions of the names engine prepare every name the same, and score the same.

  python bench/names/check_prepare.py                 HEAD (git archive) against the working tree
  python bench/names/check_prepare.py --old-src DIR   DIR (a copy of an older src/) instead of HEAD

Every name string of bench/names/data/*.jsonl (names and aliases of both records of each pair,
of the screening list and of the queries) and of the external name sets under
``shared/external`` (nomenklatura's Putin spellings, watchman's cross-script pairs) is prepared
by each version in its own process, both with PYTHONHASHSEED=0 so that frozensets iterate in the
same order when they were built the same way. Each ``PreparedName`` is written out in full:
text, ``han``, the iteration order of ``keys``, and of every form its tokens, phonetic tokens,
via, kind, full, abjad, sinitic, the iteration order of ``joined`` and the coverage dict's items
in their order; a name that raises is written as its error. The new side also prepares every
name again with prepared.py's Python reference (``py_prepare_form``) when the compiled one
serves, and requires the same. Then each version scores every dev pair (score and explanation).
Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench/names/data"
EXTERNAL = ROOT.parent / "shared/external"


def name_strings() -> list[str]:
    """Every name string of the data sets, first occurrence first."""
    names: dict[str, None] = {}

    def add(record: dict[str, Any]) -> None:
        for text in (record.get("name"), *record.get("aliases", ())):
            if isinstance(text, str):
                names.setdefault(text)
                names.setdefault(text.strip())

    for line in (DATA / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        add(pair["a"])
        add(pair["b"])
    for line in (DATA / "screening_list.jsonl").read_text(encoding="utf-8").splitlines():
        add(json.loads(line))
    for line in (DATA / "screening_queries.jsonl").read_text(encoding="utf-8").splitlines():
        add(json.loads(line)["record"])
    putin = EXTERNAL / "nomenklatura_putin_names/putin_names.txt"
    if putin.exists():
        for line in putin.read_text(encoding="utf-8").splitlines():
            names.setdefault(line.strip())
    watchman = EXTERNAL / "watchman_cross_script_pairs/cross_script_pairs.csv"
    if watchman.exists():
        rows = [r for r in watchman.read_text(encoding="utf-8").splitlines() if r.strip()]
        for row in csv.reader(r for r in rows if not r.startswith("#")):
            for text in row[:2]:
                names.setdefault(text.strip())
    names.pop("", None)
    return list(names)


def describe(name: Any) -> list[Any]:
    """A ``PreparedName`` in full, iteration orders included, as JSON-able lists."""
    return [
        name.text,
        name.han,
        list(name.keys),
        [
            [
                list(form.tokens),
                list(form.phonetic),
                form.via,
                form.kind,
                form.full,
                form.abjad,
                form.sinitic,
                list(form.joined),
                list(form.coverage.items()),
            ]
            for form in name.forms
        ],
    ]


def dump(out: Path) -> None:
    """Run inside the version under test (its src/ first on sys.path): write one JSON line per
    name, then one per dev pair."""
    from lawbridge.engines.names import Matcher, PersonRecord, prepared
    from lawbridge.errors import InvalidInput

    print(f"{prepared.__file__}: compiled {getattr(prepared, 'COMPILED', False)}")
    reference = getattr(prepared, "py_prepare_form", None)
    compiled = getattr(prepared, "COMPILED", False)
    prepare = prepared.prepare_name.__wrapped__  # uncached: every name prepared here
    mismatched = 0
    with out.open("w", encoding="utf-8") as fh:
        for text in name_strings():
            try:
                name = prepare(text)
            except InvalidInput as exc:
                fh.write(json.dumps(["error", text, str(exc)], ensure_ascii=False) + "\n")
                continue
            described = describe(name)
            if compiled and reference is not None:
                forms = tuple([reference(form) for form in prepared.forms_of(text)])
                python = dataclasses.replace(name, forms=forms)
                if python != name or describe(python) != described:
                    mismatched += 1
                    print(f"compiled and Python prepare_form differ: {text!r}")
            fh.write(json.dumps(described, ensure_ascii=False) + "\n")
        matcher = Matcher()
        for line in (DATA / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
            pair = json.loads(line)
            try:
                a = PersonRecord.from_dict({k: v for k, v in pair["a"].items() if k != "id"})
                b = PersonRecord.from_dict({k: v for k, v in pair["b"].items() if k != "id"})
            except InvalidInput as exc:
                fh.write(json.dumps([pair["id"], "error", str(exc)]) + "\n")
                continue
            comparison = matcher.compare(a, b)
            row = [pair["id"], comparison.score, comparison.explanation]
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    if mismatched:
        sys.exit(1)


def run_version(src: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(src)}
    code = (
        "import sys, runpy; from pathlib import Path; "
        f"sys.path.insert(0, {str(src)!r}); "
        f"module = runpy.run_path({str(Path(__file__).resolve())!r}, run_name='check_prepare'); "
        f"module['dump'](Path({str(out)!r}))"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=src.parent)


def lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        yield from fh


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-src", type=Path, help="an older src/ (default: HEAD's)")
    parser.add_argument("--new-src", type=Path, default=ROOT / "src")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        old_src = args.old_src
        if old_src is None:
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", "HEAD", "src"], check=True, capture_output=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(work)], input=archive, check=True)
            old_src = work / "src"
        run_version(old_src.resolve(), work / "old.jsonl")
        run_version(args.new_src.resolve(), work / "new.jsonl")
        differing = 0
        count = 0
        for old, new in zip(lines(work / "old.jsonl"), lines(work / "new.jsonl"), strict=True):
            count += 1
            if old != new:
                differing += 1
                if differing <= 5:
                    print(f"differs:\n  old {old.strip()[:400]}\n  new {new.strip()[:400]}")
    print(json.dumps({"names_and_pairs": count, "differing": differing}))
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
