# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""lawbridge-only figures, in-process through the workflow API — runs in lawbridge's own .venv.

  python lawbridge_runner.py propagate --db sqlite|postgresql [--copies 10000] [--background 1000]
  python lawbridge_runner.py pdq-memory --n 1000000

``propagate``: a fresh database (a temporary SQLite file, or a fresh schema in PostgreSQL at
127.0.0.1:5432, database ``test``, dropped afterwards); one banned Chinese scam text, ``copies / 2``
near-copies of it (feed_edits' text edits, each with its own seed) and ``copies / 2`` reshares
(chains below the copies and below each other), plus innocent background, all ingested through
``monitoring.ingest`` before any decision; then **one** ``takedowns.decide`` on the seed, timed
(the call, and the call plus its commit). Reports how many of the copies and reshares it took down.

``pdq-memory``: the engine's ``PdqIndex`` (as banks use it) filled with ``n`` random 256-bit hashes
under uuid-shaped refs, 1 M at a time; the process's resident memory after the build (inputs freed)
minus before, the index's own array bytes, and the build's peak.

The last stdout line is a JSON summary. If lawbridge cannot be imported it prints
{"available": false, "error": ...} and exits 0.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import secrets
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import numpy as np
    from feed_edits import applicable, text_edit
    from feed_texts import CHATTER, SCAM, fill

    from lawbridge.domain.actor import Actor
    from lawbridge.engines.signals import PdqIndex
    from lawbridge.settings import Settings
    from lawbridge.store import migrate
    from lawbridge.store.db import Database, scratch_schema
    from lawbridge.workflows import accounts, banks, monitoring, parties, takedowns
    from lawbridge.workflows.unit import Context
except Exception as exc:  # noqa: BLE001 - any import failure means "not available yet"
    print(json.dumps({"available": False, "error": f"{type(exc).__name__}: {exc}"}))
    sys.exit(0)

PG_URL = os.environ.get(
    "LAWBRIDGE_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
T0 = datetime(2026, 3, 1, tzinfo=UTC)
OPERATOR = Actor.system("bench")


def current_rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------------------------ propagation


class FreshDatabase:
    """A migrated empty database: a temporary SQLite file or a new PostgreSQL schema."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._scratch = ExitStack()
        if kind == "sqlite":
            folder = self._scratch.enter_context(
                tempfile.TemporaryDirectory(prefix="content_bench_")
            )
            self.url = f"sqlite:///{Path(folder) / 'bench.db'}"
        else:
            self.url = self._scratch.enter_context(scratch_schema(PG_URL, "bench_content"))
        self.db = Database(self.url)
        migrate.upgrade(self.db)

    def close(self) -> None:
        self.db.dispose()
        self._scratch.close()


def setup(context: Context) -> tuple[Actor, str]:
    slug = f"bench-{secrets.token_hex(4)}"
    with context.write(OPERATOR) as unit:
        party = parties.create_party(
            unit, slug=slug, name="bench", kind="provider", jurisdiction="CN"
        )
        account = accounts.create_account(unit, party=party.id, username=f"reviewer@{slug}",
                                          display_name="bench reviewer", roles=["analyst", "reviewer"])  # fmt: skip
        actor = accounts.actor_for(account)
        banks.decisions_bank(unit.acting_as(actor), party.id)
    return actor, party.id


def feed(copies: int, background: int, rng: random.Random) -> list[monitoring.PostIn]:
    seed = fill(SCAM[("zh", "scam")][0], rng)
    edits = [e for e in applicable(seed, "zh") if e != "embed"]
    posts = [monitoring.PostIn("seed", "u0", T0, seed, "zh")]
    parents: list[str] = []
    for i in range(copies // 2):
        body = text_edit(seed, "zh", edits[i % len(edits)], i)
        posts.append(monitoring.PostIn(f"c{i}", f"u{i % 997}", T0, body, "zh"))
        parents.append(f"c{i}")
    for i in range(copies - copies // 2):
        parent = rng.choice(parents)
        posts.append(monitoring.PostIn(f"r{i}", f"u{i % 991}", T0, "转发", "zh", reshare_of=parent))
        parents.append(f"r{i}")
    for i in range(background):
        lang = ("zh", "en")[i % 2]
        posts.append(
            monitoring.PostIn(
                f"b{i}", f"u{i % 983}", T0, fill(rng.choice(CHATTER[lang]), rng), lang
            )
        )
    return [
        p.__class__(**{**_fields(p), "posted_at": T0 + timedelta(seconds=k)})
        for k, p in enumerate(posts)
    ]


def _fields(p: monitoring.PostIn) -> dict[str, Any]:
    return {name: getattr(p, name) for name in p.__dataclass_fields__}


def propagate(args: argparse.Namespace) -> None:
    fresh = FreshDatabase(args.db)
    try:
        context = Context(Settings(database_url=fresh.url), fresh.db)
        actor, _ = setup(context)
        posts = feed(args.copies, args.background, random.Random(5))
        monitor = monitoring.Monitor({})
        t0 = time.perf_counter()
        seed_id = ""
        for start in range(0, len(posts), 500):
            with context.write(actor) as unit:
                for p in posts[start : start + 500]:
                    result = monitoring.ingest(
                        unit, p, monitor=monitor, strict=False, sync_index=False
                    )
                    seed_id = result.post.id if p.external_id == "seed" else seed_id
        ingest_s = time.perf_counter() - t0
        gc.collect()
        t0 = time.perf_counter()
        with context.write(actor) as unit:
            result = takedowns.decide(unit, seed_id, category="scam", legal_ground="bench",
                                      explanation="synthetic benchmark decision", decider="bench")  # fmt: skip
            call_s = time.perf_counter() - t0
        total_s = time.perf_counter() - t0
        taken = {t.post_id for t in result.takedowns}
        context.close()
    finally:
        fresh.close()
    print(json.dumps({"available": True, "db": args.db, "copies_and_reshares": args.copies,
                      "background": args.background, "ingest_s": ingest_s,
                      "ingest_posts_per_s": len(posts) / ingest_s, "decide_call_s": call_s,
                      "decide_with_commit_s": total_s, "takedowns": len(taken)}))  # fmt: skip


# ------------------------------------------------------------------------------------ PDQ memory


def pdq_memory(args: argparse.Namespace) -> None:
    rng = np.random.default_rng(11)
    index = PdqIndex()
    gc.collect()
    before, peak_before = current_rss_mb(), peak_rss_mb()
    t0 = time.perf_counter()
    done = 0
    while done < args.n:
        k = min(1_000_000, args.n - done)
        hashes = rng.integers(0, 256, size=(k, 32), dtype=np.uint8)
        refs = [f"{done + i:08x}-0000-4000-8000-{done + i:012x}" for i in range(k)]
        index.add_many(hashes, refs)
        done += k
        del hashes, refs
    build_s = time.perf_counter() - t0
    gc.collect()
    probe = index.query(bytes(32).hex())
    after = current_rss_mb()
    print(json.dumps({"available": True, "n": args.n, "build_s": build_s,
                      "rss_mb": after - before, "array_mb": index.nbytes / 2**20,
                      "peak_mb": peak_rss_mb() - peak_before, "bytes_per_hash": (after - before) * 2**20 / args.n,
                      "probe_matches": len(probe)}))  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("propagate")
    p.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--copies", type=int, default=10_000)
    p.add_argument("--background", type=int, default=1_000)
    m = sub.add_parser("pdq-memory")
    m.add_argument("--n", type=int, default=1_000_000)
    args = ap.parse_args()
    propagate(args) if args.cmd == "propagate" else pdq_memory(args)


if __name__ == "__main__":
    main()
