#!/usr/bin/env python3
# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""Audit log under concurrent writers (issue 9, promise 1): nothing lost, no fork, the chain verifies.

  python bench/trust_audit.py [--writers 32] [--events 10000] [--checkpoint-every 1000]
                              [--database-url URL] [--json OUT]

``--writers`` threads start together and each appends ``--events`` audit events, one write unit
(one transaction: PostgreSQL's advisory lock, or SQLite's BEGIN IMMEDIATE) per event, as every
lawbridge workflow does. The database is a fresh schema of its own on the PostgreSQL server of
``--database-url`` (default: the tests' server, ``LAWBRIDGE_TEST_DATABASE_URL``), dropped at the end;
a ``sqlite:///`` URL names a file that must not exist yet. Then it prints:

* lost: events acknowledged (their unit committed) but not in the table, by (writer, i) payload;
* duplicated: events stored twice; forks: rows sharing a predecessor (``prev_hash``);
* gaps: sequence numbers missing from 0 .. N-1;
* the full verification (every link, every checkpoint's Merkle root, the head) and its time;
* append latency (one unit: lock, append, commit) p50 / p95 / p99 / max, and events/s overall.

Exit status 1 if anything was lost, duplicated or forked, or the chain does not verify.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import threading
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from lawbridge.domain.actor import Actor
from lawbridge.settings import Settings
from lawbridge.store import migrate
from lawbridge.store.db import Database, scratch_schema
from lawbridge.store.models import AuditEvent
from lawbridge.workflows import audit
from lawbridge.workflows.unit import Context

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SYSTEM = Actor.system("trust-bench")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


class Scratch:
    """A fresh, migrated database: a schema of its own on PostgreSQL, a new file on SQLite."""

    def __init__(self, url: str, pool: int) -> None:
        self._scratch = ExitStack()
        if url.startswith("sqlite"):
            if Path(url.removeprefix("sqlite:///")).exists():
                raise SystemExit(f"{url} exists: name a new file")
            self.url = url
        else:
            self.url = self._scratch.enter_context(scratch_schema(url, "trust"))
        self.db = Database(self.url, pool_size=pool, max_overflow=0)
        migrate.upgrade(self.db)

    def drop(self) -> None:
        self.db.dispose()
        self._scratch.close()


def write(context: Context, writers: int, events: int) -> tuple[list[float], set[tuple[int, int]]]:
    """Every writer appends ``events`` events; latencies (s) and the acknowledged (writer, i)."""
    barrier = threading.Barrier(writers)
    latencies: list[list[float]] = [[] for _ in range(writers)]
    acknowledged: list[list[tuple[int, int]]] = [[] for _ in range(writers)]
    errors: list[BaseException] = []

    def work(writer: int) -> None:
        barrier.wait()
        try:
            for i in range(events):
                started = time.perf_counter()
                with context.write(SYSTEM) as unit:
                    unit.record("trust.append", "writer", str(writer), {"w": writer, "i": i})
                latencies[writer].append(time.perf_counter() - started)
                acknowledged[writer].append((writer, i))  # the unit committed: acknowledged
        except BaseException as exc:  # reported after the join, with what was acknowledged
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for exc in errors:
        log(f"writer error: {type(exc).__name__}: {exc}")
    flat = sorted(x for per in latencies for x in per)
    return flat, {pair for per in acknowledged for pair in per}


def check(context: Context, acknowledged: set[tuple[int, int]]) -> dict[str, Any]:
    with context.db.reading() as session:
        seqs = list(session.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)))
        predecessors = session.scalar(select(func.count(func.distinct(AuditEvent.prev_hash))))
        payloads = [json.loads(p) for p in session.scalars(select(AuditEvent.payload))]
    stored = Counter((p["w"], p["i"]) for p in payloads)
    started = time.perf_counter()
    with context.read(SYSTEM) as unit:
        report = audit.verify_chain(unit)
    verify_s = time.perf_counter() - started
    return {
        "stored": len(seqs),
        "lost": len(acknowledged - set(stored)),
        "duplicated": sum(n - 1 for n in stored.values() if n > 1),
        "forks": len(seqs) - int(predecessors or 0),
        "gaps": len(set(range(len(seqs))) - set(seqs)),
        "verifies": report.ok,
        "verified_size": report.size,
        "checkpoints": report.checkpoints,
        "first_bad_index": report.first_bad_index,
        "verify_s": round(verify_s, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--writers", type=int, default=32)
    parser.add_argument("--events", type=int, default=10_000, help="events per writer")
    parser.add_argument("--checkpoint-every", type=int, default=1000)
    parser.add_argument(
        "--database-url", default=os.environ.get("LAWBRIDGE_TEST_DATABASE_URL", DEFAULT_PG)
    )
    parser.add_argument("--json", dest="json_out")
    args = parser.parse_args()
    if args.writers < 1 or args.events < 1 or args.checkpoint_every < 1:
        parser.error("--writers, --events and --checkpoint-every must be at least 1")

    scratch = Scratch(args.database_url, pool=args.writers + 1)
    settings = Settings(
        env="test", database_url=scratch.url, audit_checkpoint_every=args.checkpoint_every
    )
    context = Context(settings, scratch.db)
    total = args.writers * args.events
    try:
        log(f"{scratch.db.dialect}: {args.writers} writers x {args.events} events = {total:,}")
        started = time.perf_counter()
        latencies, acknowledged = write(context, args.writers, args.events)
        seconds = time.perf_counter() - started
        log(f"written in {seconds:.1f} s; checking and verifying")
        result: dict[str, Any] = {
            "dialect": scratch.db.dialect,
            "writers": args.writers,
            "events_per_writer": args.events,
            "acknowledged": len(acknowledged),
            **check(context, acknowledged),
            "seconds": round(seconds, 2),
            "events_per_s": round(len(acknowledged) / seconds),
            "append_ms": {
                name: round(percentile(latencies, q) * 1000, 2)
                for name, q in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))
            },
            "append_ms_mean": round(statistics.fmean(latencies) * 1000, 2) if latencies else 0,
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
    finally:
        scratch.drop()

    ms = result["append_ms"]
    print(
        f"{result['dialect']}: {result['writers']} writers x {result['events_per_writer']:,} events"
        f" = {result['acknowledged']:,} acknowledged, {result['stored']:,} stored"
    )
    print(
        f"lost {result['lost']}, duplicated {result['duplicated']}, forks {result['forks']},"
        f" gaps {result['gaps']}"
    )
    print(
        f"chain verifies: {result['verifies']} ({result['verified_size']:,} events,"
        f" {result['checkpoints']} checkpoints, {result['verify_s']} s)"
    )
    print(
        f"append latency ms: p50 {ms['p50']}, p95 {ms['p95']}, p99 {ms['p99']}, max {ms['max']};"
        f" {result['events_per_s']:,} events/s; load average {result['load_average']}"
    )
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    good = (
        result["acknowledged"] == total
        and result["lost"] == result["duplicated"] == result["forks"] == result["gaps"] == 0
        and result["verifies"]
        and result["verified_size"] == total
    )
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
