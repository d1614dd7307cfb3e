"""Time one decision propagating to N stored copies and reshares (issue 5 goal: 10,000 in < 1 s).

    python bench/content_propagation.py [--copies 5000] [--reshares 5000] [--db URL] [--repeat 1]

Stores N near-copies of a scam text (each a little different) and M reshares of them among as many
innocent posts, then judges the original and prints the seconds ``decide`` took (one transaction:
decision, bank entries, takedowns with statements and notices, evidence in the audit log) and the
CPU seconds of this process (the rest is the database server's time, or waiting for a core).

``--db`` takes a SQLite or PostgreSQL URL (default: a temporary SQLite file). On PostgreSQL each
run gets a fresh schema (``bench_<hex>``, dropped afterwards), as the tests do. ``--repeat`` runs
the whole thing (fresh database, store, judge) that many times and prints the best and median.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from lawbridge.domain.actor import Actor
from lawbridge.settings import Settings
from lawbridge.store import migrate
from lawbridge.store.content_models import ContentPost
from lawbridge.store.db import Database, scratch_schema
from lawbridge.workflows import accounts, monitoring, parties, takedowns
from lawbridge.workflows.unit import Context

SCAM = "恭喜您获得本月幸运大奖，请立即加微信 lucky888 领取五千元现金红包，名额有限先到先得"


@contextmanager
def fresh_database(url: str | None) -> Iterator[str]:
    """A URL of an empty database: a new SQLite file, or a new schema of the PostgreSQL URL."""
    if url is None or url.startswith("sqlite"):
        yield url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
        return
    with scratch_schema(url, "bench") as schema_url:
        yield schema_url


def store(context: Context, actor: Actor, copies: int, reshares: int) -> int:
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    monitor = monitoring.Monitor()
    n = 0
    with context.write(actor) as unit:

        def post(pid: str, text: str, reshare_of: str | None = None) -> None:
            nonlocal n
            n += 1
            p = monitoring.PostIn(pid, f"u{n % 997}", t0 + timedelta(seconds=n), text, "zh",
                                  reshare_of=reshare_of)  # fmt: skip
            monitoring.ingest(unit, p, monitor=monitor, sync_index=False)

        for i in range(copies):
            post(f"c{i}", f"{SCAM} 第{i}次转发")
            post(f"i{i}", f"今天天气很好，我们去公园散步，第{i}天")
        for i in range(reshares):
            post(f"r{i}", "", reshare_of=f"c{i % copies}")
        post("judged", SCAM)
    return n


def run_once(url: str, copies: int, reshares: int) -> float:
    db = Database(url)
    migrate.upgrade(db)
    context = Context(Settings(database_url=url), db)
    with context.write(Actor.system("bench")) as unit:
        party = parties.create_party(
            unit, slug=f"bench-{secrets.token_hex(4)}", name="b", kind="provider",
            jurisdiction="CN",
        )  # fmt: skip
        account = accounts.create_account(
            unit, party=party.id, username=f"r@{party.slug}", display_name="r", roles=["admin"]
        )
    actor = accounts.actor_for(account)
    started = time.perf_counter()
    n = store(context, actor, copies, reshares)
    sys.stdout.write(f"stored {n} posts in {time.perf_counter() - started:.1f} s\n")
    with context.read(actor) as unit:
        judged = unit.session.scalars(
            select(ContentPost).where(ContentPost.external_id == "judged")
        ).one()
    started, cpu = time.perf_counter(), time.process_time()
    with context.write(actor) as unit:
        result = takedowns.decide(
            unit, judged.id, category="scam", legal_ground="law", explanation="scam",
            sync_index=False,
        )  # fmt: skip
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    sys.stdout.write(
        f"decision took down {len(result.takedowns)} posts in {seconds:.2f} s "
        f"(this process's CPU: {cpu:.2f} s; {db.dialect})\n"
    )
    context.close()
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=5000)
    ap.add_argument("--reshares", type=int, default=5000)
    ap.add_argument("--db", help="SQLite or PostgreSQL URL (default: a temporary SQLite file)")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    times = []
    for _ in range(args.repeat):
        with fresh_database(args.db) as url:
            times.append(run_once(url, args.copies, args.reshares))
    if args.repeat > 1:
        best, median = min(times), statistics.median(times)
        sys.stdout.write(f"best {best:.2f} s, median {median:.2f} s of {args.repeat}\n")


if __name__ == "__main__":
    main()
