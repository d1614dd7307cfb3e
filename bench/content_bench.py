#!/usr/bin/env python3
# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""Stop-the-spread benchmark (issue 5): ``lawbridge content replay`` against a stock HMA-style
pipeline on python-threatexchange, same synthetic feed, one run.

  python bench/content_bench.py [--quick] [--runs N] [--posts N] [--seed N] [--feed DIR]
                                [--json OUT] [--skip-propagation] [--skip-memory]

1. creates/reuses bench/.venvs/threatexchange (threatexchange 1.2.17, pdqhash, faiss-cpu;
   ../shared/guide/ANCHORS.md), never touching lawbridge's .venv;
2. generates the feed (bench/content/make_feed.py; 20,000 posts, --quick 3,000) unless --feed names
   one, and a text-only copy of it (every image dropped) for the text-only throughput;
3. replays it, each run a fresh process, alternating the systems so both meet the same load:
   lawbridge = ``lawbridge content replay`` (the CLI contract, a fresh SQLite database);
   anchor = bench/content/anchor_runner.py (PDQ + MD5, RawTextSignal, UrlMD5Signal; a bank match
   at upload = a takedown; once more with ``--rescan``, a caller that re-scans stored posts at each
   judgement);
4. scores the taken-down lists against truth.jsonl (bench/content/scoring.py): recall of must-remove
   posts, false takedowns as % of innocent posts and of hard negatives (per kind), per-edit recall;
   throughput = posts / CPU-second of the whole process (start-up included; median of runs) —
   "per core" — and posts / wall-second;
5. lawbridge alone (bench/content/lawbridge_runner.py, in-process workflow API): one decision
   propagated to 10,000 copies and reshares on SQLite and on PostgreSQL (127.0.0.1:5432, database
   test, a fresh schema), timed; the resident memory of the engine's PDQ index at 1 M and 2 M hashes,
   10 M built when the machine has the memory (else extrapolated linearly; the JSON says which);
6. writes bench/content/last_run.json and prints markdown tables for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "bench" / "content"
sys.path.insert(0, str(CONTENT))

from scoring import score  # noqa: E402

VENV = ROOT / "bench" / ".venvs" / "threatexchange"
ANCHOR_PY = VENV / "bin" / "python"
PACKAGES = ("threatexchange==1.2.17", "pdqhash", "faiss-cpu")
LB_PY = ROOT / ".venv" / "bin" / "python"
LB_CLI = ROOT / ".venv" / "bin" / "lawbridge"
ENV = {
    **os.environ,
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
}
SYSTEMS = ("lawbridge", "threatexchange")
STEP_TIMEOUT = [7200.0]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def ensure_anchor() -> dict[str, str]:
    check = (
        "import importlib.metadata as m, json; import faiss, pdqhash;"
        "assert m.version('threatexchange') == '1.2.17';"
        "print(json.dumps({p: m.version(p) for p in ('threatexchange', 'pdqhash', 'faiss-cpu')}))"
    )
    for attempt in range(2):
        if ANCHOR_PY.exists():
            res = subprocess.run([str(ANCHOR_PY), "-c", check], capture_output=True, text=True)
            if res.returncode == 0:
                return dict(json.loads(res.stdout))
        if attempt == 0:
            log(f"creating {VENV} and installing {' '.join(PACKAGES)}")
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
            subprocess.run(
                ["nice", "-n", "10", str(VENV / "bin" / "pip"), "install", "-q", *PACKAGES],
                check=True,
            )
    raise RuntimeError("could not install the threatexchange anchor")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# ------------------------------------------------------------------------------------------- feed


def make_feed(out: Path, posts: int, seed: int) -> dict[str, Any]:
    res = subprocess.run(
        [str(LB_PY), str(CONTENT / "make_feed.py"), "--seed", str(seed), "--posts", str(posts), "--out", str(out)],
        capture_output=True, text=True, env=ENV, check=True,
    )  # fmt: skip
    return dict(json.loads(res.stdout.splitlines()[-1]))


def variants(feed: Path, truth: list[dict[str, Any]]) -> dict[str, Path]:
    """posts.jsonl as is, a text-only copy (every image dropped), and both without the lines that
    hold lone surrogates (``*_clean``: the fallback when a system stops on them)."""
    lines = (feed / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    bad = {t["id"] for t in truth if "lone_surrogate" in t.get("bad_input", [])}
    textonly = []
    for line in lines:
        post = json.loads(line)
        post["image"] = None
        textonly.append(json.dumps(post, ensure_ascii=post["id"] in bad))
    files: dict[str, Path] = {}
    for name, rows in (("full", lines), ("textonly", textonly)):
        files[name] = feed / f"posts_{name}.jsonl"
        files[name].write_text("\n".join(rows) + "\n", encoding="utf-8")
        files[f"{name}_clean"] = feed / f"posts_{name}_clean.jsonl"
        clean = [ln for ln in rows if json.loads(ln)["id"] not in bad]
        files[f"{name}_clean"].write_text("\n".join(clean) + "\n", encoding="utf-8")
    return files


# ------------------------------------------------------------------------------------------- runs


def timed(cmd: list[str]) -> tuple[subprocess.CompletedProcess[str], float, float]:
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    res = subprocess.run(
        cmd, capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=STEP_TIMEOUT[0]
    )
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    return res, wall, cpu


def replay(system: str, posts: Path, feed: Path, out: Path, rescan: bool = False) -> dict[str, Any]:
    args = ["--posts", str(posts), "--media-dir", str(feed / "media"), "--redirects",
            str(feed / "redirects.jsonl"), "--banned", str(feed / "banned.json"), "-o", str(out)]  # fmt: skip
    if system == "lawbridge":
        cmd = [str(LB_CLI), "content", "replay", *args]
    else:
        cmd = [
            str(ANCHOR_PY),
            str(CONTENT / "anchor_runner.py"),
            "replay",
            *args,
            *(["--rescan"] if rescan else []),
        ]
    if out.exists():
        out.unlink()
    res, wall, cpu = timed(cmd)
    info: dict[str, Any] = {
        "ok": res.returncode == 0 and out.exists(),
        "wall_s": wall,
        "cpu_s": cpu,
    }
    if system == "threatexchange" and res.returncode == 0:
        info.update(json.loads(res.stdout.splitlines()[-1]))
    if system == "lawbridge":
        errs = [ln for ln in res.stderr.splitlines() if ln.startswith("error: ")]
        info["item_errors"] = sum(ln.startswith("error: line") for ln in errs)
        info["item_error_examples"] = [ln for ln in errs if ln.startswith("error: line")][:8]
        info["summary"] = next(
            (ln for ln in res.stderr.splitlines()[::-1] if ln.startswith("replayed")), ""
        )
    if not info["ok"]:
        info["error"] = (res.stderr or res.stdout)[-1500:]
    return info


def rounds(
    systems: list[str], files: dict[str, Path], feed: Path, tmp: Path, runs: int, n_posts: int
) -> dict[str, Any]:
    """Alternate the systems (L, T, L, T …) on the full feed, then on the text-only copy."""
    out: dict[str, Any] = {s: {"runs": {"full": [], "textonly": []}} for s in systems}
    for variant in ("full", "textonly"):
        for rnd in range(runs):
            for system in systems:
                entry = out[system]
                posts = files[f"{variant}_clean" if entry.get(f"fallback_{variant}") else variant]
                taken = tmp / f"{system}_{variant}.txt"
                info = replay(system, posts, feed, taken)
                if not info["ok"] and system == "lawbridge" and rnd == 0:
                    log(
                        f"lawbridge replay failed on the {variant} feed: {info.get('error', '')[-300:]}"
                    )
                    entry[f"failure_{variant}"] = info
                    entry[f"fallback_{variant}"] = "lines with lone surrogates dropped"
                    info = replay(system, files[f"{variant}_clean"], feed, taken)
                if not info["ok"]:
                    log(f"{system} {variant} failed: {info.get('error', '')[-300:]}")
                    entry["runs"][variant].append(info)
                    continue
                info["posts_per_cpu_s"] = n_posts / info["cpu_s"]
                info["posts_per_wall_s"] = n_posts / info["wall_s"]
                if rnd == 0:
                    entry[f"taken_{variant}"] = set(taken.read_text().split())
                entry["runs"][variant].append(info)
                log(f"{system} {variant} round {rnd + 1}/{runs}: {info['posts_per_cpu_s']:,.0f} posts/CPU-s, "
                    f"{info['wall_s']:.1f} s wall")  # fmt: skip
    for system in systems:
        for variant in ("full", "textonly"):
            good = [r for r in out[system]["runs"][variant] if r["ok"]]
            if good:
                out[system][f"posts_per_cpu_s_{variant}"] = statistics.median(
                    r["posts_per_cpu_s"] for r in good
                )
                out[system][f"posts_per_wall_s_{variant}"] = statistics.median(
                    r["posts_per_wall_s"] for r in good
                )
    return out


# ------------------------------------------------------------------------------------------- lawbridge alone


def lb_runner(*args: str) -> dict[str, Any]:
    res = subprocess.run([str(LB_PY), str(CONTENT / "lawbridge_runner.py"), *args],
                         capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=STEP_TIMEOUT[0])  # fmt: skip
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("{")]
    if res.returncode != 0 or not lines:
        return {"available": False, "error": (res.stderr or res.stdout)[-1500:]}
    return dict(json.loads(lines[-1]))


def mem_available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pdq_memory(quick: bool) -> dict[str, Any]:
    sizes = [200_000, 400_000] if quick else [1_000_000, 2_000_000]
    res: dict[str, Any] = {"builds": {}}
    for n in sizes:
        log(f"lawbridge: PDQ index of {n:,} hashes")
        res["builds"][str(n)] = lb_runner("pdq-memory", "--n", str(n))
    a, b = (res["builds"][str(n)] for n in sizes)
    if a.get("available") and b.get("available"):
        slope = (b["rss_mb"] - a["rss_mb"]) / (sizes[1] - sizes[0])
        res["extrapolated_10m_mb"] = a["rss_mb"] + slope * (10_000_000 - sizes[0])
        res["extrapolated_10m_array_mb"] = a["array_mb"] / sizes[0] * 10_000_000
        need = res["extrapolated_10m_mb"] * 1.6 + 2048
        if not quick and mem_available_mb() > need:
            log("lawbridge: PDQ index of 10,000,000 hashes (the machine has the memory)")
            res["builds"]["10000000"] = lb_runner("pdq-memory", "--n", "10000000")
            res["ten_million"] = "built"
        else:
            res["ten_million"] = (
                f"extrapolated (MemAvailable {mem_available_mb():.0f} MB < {need:.0f} MB needed, or --quick)"
            )
    return res


# ------------------------------------------------------------------------------------------- report


def pct(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{100 * x:.{digits}f} %"


def rate_cell(g: dict[str, Any] | None) -> str:
    if not g or not g.get("n"):
        return "–"
    return f"{g['rate']:.2f} ({g['hits']}/{g['n']})"


def markdown(r: dict[str, Any]) -> str:
    cols = [c for c in ("lawbridge", "threatexchange", "threatexchange_rescan") if c in r["scores"]]
    names = {"lawbridge": "lawbridge", "threatexchange": "HMA-style (threatexchange 1.2.17)",
             "threatexchange_rescan": "HMA-style + rescan at judgement"}  # fmt: skip
    f = r["feed"]
    lines = [
        f"Feed: {f['posts']:,} posts ({f['zh']:,} Chinese, {f['with_image']:,} with an image), {f['banned']} banned seeds, "
        f"{f['must_remove']:,} must-remove posts, {f['hard_negatives_total']:,} hard negatives (bench/content/README.md; "
        f"seed {r['seed']}). One fresh process per run; throughput = posts / CPU-second of the whole process, median of "
        f"{r['runs']} run(s); {r['machine']['cpu']}, {r['machine']['cores']} cores shared.",
        "",
        "| | " + " | ".join(names[c] for c in cols) + " |",
        "|---|" + "---|" * len(cols),
    ]

    def row(label: str, cells: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    s = [r["scores"][c] for c in cols]
    row("recall of must-remove posts", [f"{x['recall']:.3f}" for x in s])
    row(
        "false takedowns, % of innocent posts",
        [f"{pct(x['false_takedown_rate'], 3)} ({x['false_takedowns']})" for x in s],
    )
    row(
        "false takedowns, % of hard negatives",
        [f"{pct(x['hard_negative_false_rate'])} ({x['hard_negative_false']})" for x in s],
    )
    for kind in sorted(s[0]["per_hard_negative"]):
        row(
            f"&nbsp;&nbsp;hard negative: {kind}",
            [rate_cell(x["per_hard_negative"].get(kind)) for x in s],
        )
    for phase in ("before", "judged", "after"):
        row(f"recall, posted {phase} the judgement" if phase != "judged" else "judged seeds taken down",
            [rate_cell(x["per_phase"].get(phase)) for x in s])  # fmt: skip
    for lang in ("zh", "en"):
        row(f"recall, {lang} posts", [rate_cell(x["per_lang"].get(lang)) for x in s])
    for variant, label in (("full", "with images"), ("textonly", "text only")):
        cells = []
        for c in cols:
            sysinfo = r["systems"].get(c.replace("_rescan", ""), {})
            v = sysinfo.get(f"posts_per_cpu_s_{variant}") if c != "threatexchange_rescan" else None
            cells.append("–" if v is None else f"{v:,.0f}")
        row(f"ingest posts/s per core, {label}", cells)
    lb = r["systems"].get("lawbridge", {})
    for variant in ("full", "textonly"):
        if lb.get(f"failure_{variant}"):
            last = lb[f"failure_{variant}"].get("error", "").strip().splitlines()[-1:]
            lines += ["", f"lawbridge stopped on the {variant} feed ({lb[f'fallback_{variant}']} for its "
                      f"figures): `{' '.join(last)}`"]  # fmt: skip
    lines += [
        "",
        "| recall per edit | " + " | ".join(names[c] for c in cols) + " |",
        "|---|" + "---|" * len(cols),
    ]
    for key in sorted(s[0]["per_edit"]):
        row(key, [rate_cell(x["per_edit"].get(key)) for x in s])
    prop = r.get("propagation", {})
    mem = r.get("pdq_memory", {})
    if prop or mem:
        lines += ["", "| lawbridge alone | figure |", "|---|---|"]
        for db, p in prop.items():
            if p.get("available"):
                row(f"one decision → {p['copies_and_reshares']:,} copies and reshares, {db}",
                    [f"decide() {p['decide_call_s']:.2f} s, with commit {p['decide_with_commit_s']:.2f} s; "
                     f"{p['takedowns']:,} taken down"])  # fmt: skip
            else:
                row(f"propagation, {db}", [f"not available: {p.get('error', '')[-120:]!r}"])
        for n, b in mem.get("builds", {}).items():
            if b.get("available"):
                row(f"PDQ index, {int(n):,} hashes", [f"{b['rss_mb']:,.0f} MB resident ({b['array_mb']:,.0f} MB arrays), "
                                                      f"build {b['build_s']:.1f} s"])  # fmt: skip
        lines_note = (
            "HMA-style = match at upload only (HMA leaves action to the caller; the simplest caller "
            "takes down what matches a bank when it is posted; no propagation, reshares not followed)."
        )
        if "extrapolated_10m_mb" in mem:
            row(
                "PDQ index, 10 M hashes, extrapolated linearly from the two smaller builds",
                [f"{mem['extrapolated_10m_mb']:,.0f} MB ({mem['ten_million']})"],
            )
        lines += ["", lines_note]
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
        "--quick", action="store_true", help="3,000 posts, 1 run, 1,000 copies, small PDQ builds"
    )
    ap.add_argument(
        "--runs", type=int, default=None, help="timing runs per system (default 3; --quick 1)"
    )
    ap.add_argument(
        "--posts", type=int, default=None, help="feed size (default 20,000; --quick 3,000)"
    )
    ap.add_argument("--seed", type=int, default=20260301)
    ap.add_argument("--feed", type=Path, help="reuse a feed directory written by make_feed.py")
    ap.add_argument("--systems", default=",".join(SYSTEMS))
    ap.add_argument("--skip-propagation", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--json", type=Path, default=CONTENT / "last_run.json")
    ap.add_argument("--render", type=Path, help="only print the markdown of an earlier --json file")
    args = ap.parse_args()
    if args.render:
        print(markdown(json.loads(args.render.read_text(encoding="utf-8"))))
        return
    runs = args.runs or (1 if args.quick else 3)
    posts = args.posts or (3_000 if args.quick else 20_000)
    systems = args.systems.split(",")
    started = time.time()
    results: dict[str, Any] = {
        "quick": args.quick,
        "runs": runs,
        "seed": args.seed,
        "machine": machine(),
    }
    if "threatexchange" in systems:
        results["anchor_versions"] = ensure_anchor()
    with tempfile.TemporaryDirectory(prefix="content_bench_") as td:
        tmp = Path(td)
        feed = args.feed or tmp / "feed"
        if not (feed / "posts.jsonl").exists():
            log(f"generating a {posts:,}-post feed (seed {args.seed}) in {feed}")
            results["feed"] = make_feed(feed, posts, args.seed)
        truth = read_jsonl(feed / "truth.jsonl")
        results.setdefault("feed", {"posts": len(truth), "banned": len(json.loads((feed / "banned.json").read_text())["banned"]),
                                    "must_remove": sum(t["must_remove"] for t in truth),
                                    "zh": sum(t["lang"] == "zh" for t in truth),
                                    "with_image": sum(1 for ln in (feed / "posts.jsonl").open() if '"image": "' in ln)})  # fmt: skip
        results["feed"]["hard_negatives_total"] = sum(t["kind"] == "hard_negative" for t in truth)
        files = variants(feed, truth)
        sysres = rounds(systems, files, feed, tmp, runs, len(truth))
        results["scores"] = {}
        for system in systems:
            if "taken_full" in sysres[system]:
                results["scores"][system] = score(truth, sysres[system].pop("taken_full"))
            sysres[system].pop("taken_textonly", None)
        if "threatexchange" in systems:
            log("threatexchange with --rescan (accuracy)")
            info = replay("threatexchange", files["full"], feed, tmp / "tx_rescan.txt", rescan=True)
            sysres["threatexchange_rescan"] = info
            if info["ok"]:
                results["scores"]["threatexchange_rescan"] = score(
                    truth, set((tmp / "tx_rescan.txt").read_text().split())
                )
        results["systems"] = sysres
    if "lawbridge" in systems and not args.skip_propagation:
        results["propagation"] = {}
        for db in ("sqlite", "postgresql"):
            copies = "1000" if args.quick else "10000"
            log(f"lawbridge: one decision → {copies} copies and reshares on {db}")
            results["propagation"][db] = lb_runner("propagate", "--db", db, "--copies", copies)
    if "lawbridge" in systems and not args.skip_memory:
        results["pdq_memory"] = pdq_memory(args.quick)
    results["elapsed_s"] = time.time() - started
    results["markdown"] = markdown(results)
    args.json.write_text(
        json.dumps(results, ensure_ascii=False, indent=1, default=sorted) + "\n", encoding="utf-8"
    )
    print(results["markdown"])
    log(f"wrote {args.json}")


if __name__ == "__main__":
    main()
