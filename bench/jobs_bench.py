#!/usr/bin/env python3
# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""Batch jobs benchmark (issue 8): the local engine (process pool) against Spark local mode, same
partition functions, same input files, same number of cores.

  python bench/jobs_bench.py [--list 10000] [--queries 200000] [--docs 100000] [--runs 3]
                             [--cores 2] [--json OUT]

1. writes a synthetic watchlist (JSON Lines), screening queries and pii documents (Parquet) at two
   sizes each, N/2 and N (lawbridge.jobs.synthetic, seeded);
2. starts a process pool of ``--cores`` workers and a Spark session ``local[cores]`` (its start is
   timed: the fixed overhead) and warms both up (every worker builds its index once: timed too);
3. runs each job ``--runs`` times per engine and size, alternating the engines so both meet the same
   load on a shared machine, and checks that both engines returned the same table (Spark's as the
   CLI gets it: Parquet parts written by the executors, read back in input order);
4. prints the medians, rows/s per core, the local/Spark ratio per core (goal: Spark within 1.5×)
   and the N/(N/2) time ratio per engine (2.0 is linear); ``--json`` keeps every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from lawbridge.jobs import synthetic
from lawbridge.jobs.batch import Job, PiiJob, ScreenJob, output_schema
from lawbridge.jobs.local import new_pool, run_local
from lawbridge.jobs.spark import spark_batches, spark_session


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def write_inputs(tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    entries = synthetic.watchlist(args.list)
    list_path = tmp / "list.jsonl"
    list_path.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), "utf-8"
    )
    inputs: dict[str, Any] = {"list": str(list_path), "screen": {}, "pii": {}}
    for size in (args.queries // 2, args.queries):
        path = tmp / f"queries-{size}.parquet"
        pq.write_table(pa.Table.from_pylist(synthetic.queries(size, entries)), path)
        inputs["screen"][size] = str(path)
    for size in (args.docs // 2, args.docs):
        path = tmp / f"docs-{size}.parquet"
        pq.write_table(pa.Table.from_pylist(synthetic.documents(size)), path)
        inputs["pii"][size] = str(path)
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", type=int, default=10_000, help="watchlist entries")
    parser.add_argument("--queries", type=int, default=200_000, help="screening queries (N)")
    parser.add_argument("--docs", type=int, default=100_000, help="pii documents (N)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--json", dest="json_out")
    args = parser.parse_args()

    results: dict[str, Any] = {
        "args": vars(args),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "loadavg_start": os.getloadavg(),
        },
        "jobs": {},
    }
    with tempfile.TemporaryDirectory(prefix="lawbridge-jobs-bench-") as name:
        tmp = Path(name)
        log("writing inputs")
        inputs = write_inputs(tmp, args)
        jobs: dict[str, Job] = {"screen": ScreenJob(inputs["list"]), "pii": PiiJob(("text",))}

        pool = new_pool(args.cores)
        start_spark, spark = timed(lambda: spark_session(f"local[{args.cores}]"))
        results["spark_session_start_s"] = start_spark
        log(f"spark session started in {start_spark:.1f}s")

        def local(job: Job, path: str) -> pa.Table:
            reader = pq.ParquetFile(path).iter_batches(batch_size=2048)
            batches = run_local(job, reader, workers=args.cores, pool=pool)
            return pa.Table.from_batches(list(batches), schema=output_schema(job))

        def on_spark(job: Job, path: str) -> pa.Table:
            # as the CLI runs it: the executors write Parquet parts, read back in input order
            parts = tmp / f"spark-out-{time.monotonic_ns()}"
            batches = list(spark_batches(job, path, spark, parts))
            shutil.rmtree(parts)
            return pa.Table.from_batches(batches, schema=output_schema(job))

        engines = {"local": local, "spark": on_spark}
        for task, job in jobs.items():
            sizes = sorted(inputs[task])
            warm_rows = pq.read_table(inputs[task][sizes[0]]).slice(0, 512)
            warm = tmp / f"warm-{task}.parquet"
            pq.write_table(warm_rows, warm)
            figures: dict[str, Any] = {"warmup_s": {}, "runs_s": {}}
            for engine, run in engines.items():
                # small chunks so that every worker builds its engine during the warm-up
                if engine == "local":
                    chunks = warm_rows.to_batches()
                    seconds, _ = timed(
                        lambda job=job, chunks=chunks: list(
                            run_local(job, chunks, workers=args.cores, chunk_rows=32, pool=pool)
                        )
                    )
                else:
                    seconds, _ = timed(lambda job=job, run=run, warm=warm: run(job, str(warm)))
                figures["warmup_s"][engine] = seconds
                log(f"{task}: {engine} warm-up {seconds:.1f}s")
            for size in sizes:
                path = inputs[task][size]
                times: dict[str, list[float]] = {engine: [] for engine in engines}
                outputs: dict[str, pa.Table] = {}
                for round_ in range(args.runs):
                    order = list(engines) if round_ % 2 == 0 else list(engines)[::-1]
                    for engine in order:
                        seconds, table = timed(
                            lambda job=job, path=path, run=engines[engine]: run(job, path)
                        )
                        times[engine].append(seconds)
                        outputs[engine] = table
                        log(f"{task} n={size}: {engine} run {round_ + 1}: {seconds:.1f}s")
                same = outputs["local"].equals(outputs["spark"])
                figures["runs_s"][size] = {"times": times, "same_output": same}
                if not same:
                    figures["runs_s"][size]["differences"] = differences(outputs)
            results["jobs"][task] = figures
        spark.stop()
        pool.shutdown()
    results["machine"]["loadavg_end"] = os.getloadavg()
    summarise(results, args.cores)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2) + "\n", "utf-8")


def differences(outputs: dict[str, pa.Table]) -> dict[str, Any]:
    """How the two engines' tables differ (rows, schema, the first differing row)."""
    local, spark = outputs["local"], outputs["spark"]
    found: dict[str, Any] = {"rows": [local.num_rows, spark.num_rows]}
    found["same_schema"] = local.schema.equals(spark.schema)
    a, b = local.to_pylist(), spark.to_pylist()
    rows = [i for i in range(min(len(a), len(b))) if a[i] != b[i]]
    found["differing_rows"] = len(rows)
    if rows:
        found["first"] = {"row": rows[0], "local": a[rows[0]], "spark": b[rows[0]]}
    log(f"engines differ: {json.dumps(found, ensure_ascii=False, default=str)[:2000]}")
    return found


def summarise(results: dict[str, Any], cores: int) -> None:
    print(f"\nSpark session start: {results['spark_session_start_s']:.1f} s (fixed overhead)\n")
    print("| job | rows | engine | median s | rows/s per core | Spark time / local time | same |")
    print("|---|---:|---|---:|---:|---:|---|")
    for task, figures in results["jobs"].items():
        medians: dict[str, dict[int, float]] = {"local": {}, "spark": {}}
        for size, run in figures["runs_s"].items():
            for engine in ("local", "spark"):
                median = statistics.median(run["times"][engine])
                medians[engine][int(size)] = median
            ratio = medians["spark"][int(size)] / medians["local"][int(size)]
            for engine in ("local", "spark"):
                median = medians[engine][int(size)]
                per_core = int(size) / median / cores
                shown = f"{ratio:.2f}×" if engine == "spark" else ""
                print(
                    f"| {task} | {size} | {engine} | {median:.1f} | {per_core:.0f} | {shown} "
                    f"| {run['same_output']} |"
                )
        small, big = sorted(medians["local"])
        for engine in ("local", "spark"):
            growth = medians[engine][big] / medians[engine][small]
            results["jobs"][task].setdefault("linearity", {})[engine] = growth
            print(f"\n{task} {engine}: time({big}) / time({small}) = {growth:.2f} (2.00 is linear)")
        warm = ", ".join(f"{k} {v:.1f} s" for k, v in figures["warmup_s"].items())
        print(f"{task} warm-up (engine built in every worker): {warm}")


if __name__ == "__main__":
    main()
