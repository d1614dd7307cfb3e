"""Posts/s end to end through NATS JetStream (issue 8 goal: >= 2,000 posts/s on this 2-core machine
with text signals on).

    python bench/stream_bench.py [--posts 20000] [--workers 1 2] [--batch 64] [--db URL] [--repeat 3]

Each run: a fresh database (SQLite file, or a fresh schema of a PostgreSQL URL) with one provider
whose moderators judged one scam text; N text posts (90 % distinct innocent texts, 5 % near-copies
of the scam, 5 % reshares) published to a stream of the run's own on the machine's NATS server
(127.0.0.1:4222); then ``lawbridge content consume``'s workers (same code, in this process tree)
drain it. Timed: from the workers' start to the last post committed (the workers' idle wait is
not counted). Prints posts/s per run and the median; checks every post was stored exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import nats
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from content_propagation import SCAM, fresh_database  # noqa: E402

from lawbridge.domain.actor import Actor  # noqa: E402
from lawbridge.jobs import nats_stream  # noqa: E402
from lawbridge.jobs.stream import HandlerFactory  # noqa: E402
from lawbridge.settings import Settings  # noqa: E402
from lawbridge.store import migrate  # noqa: E402
from lawbridge.store.content_models import ContentPost  # noqa: E402
from lawbridge.store.db import Database  # noqa: E402
from lawbridge.workflows import accounts, monitoring, parties, takedowns  # noqa: E402
from lawbridge.workflows.unit import Context  # noqa: E402

IDLE = 2.0


def feed(n: int) -> list[bytes]:
    posts = []
    base = 1_793_000_000
    for i in range(n):
        post: dict[str, object] = {"id": f"p{i}", "author": f"u{i % 997}", "ts": base + i}
        if i % 20 == 7:
            post["text"] = f"{SCAM} 第{i}次转发"
        elif i % 20 == 13:
            post["reshare_of"] = f"p{i - 3}"  # an innocent post a few messages earlier
        else:
            post["text"] = f"第{i}条：今天去了{i % 31}号公园散步，天气{'晴' if i % 3 else '阴'}，编号{i * 7919}"
        posts.append(json.dumps(post, ensure_ascii=False).encode())
    return posts


def prepare(url: str) -> str:
    db = Database(url)
    migrate.upgrade(db)
    context = Context(Settings(database_url=url), db)
    slug = f"bench-{secrets.token_hex(4)}"
    with context.write(Actor.system("bench")) as unit:
        party = parties.create_party(unit, slug=slug, name="b", kind="provider", jurisdiction="CN")
        account = accounts.create_account(
            unit, party=party.id, username=f"r@{slug}", display_name="r", roles=["admin"]
        )
    actor = accounts.actor_for(account)
    with context.write(actor) as unit:
        post = monitoring.PostIn("judged", "x", datetime(2026, 11, 1, tzinfo=UTC), SCAM, "zh")
        judged = monitoring.ingest(unit, post).post
        unit.session.flush()
        takedowns.decide(unit, judged.id, category="scam", legal_ground="law", explanation="scam")
    context.close()
    return slug


async def drop(spec: nats_stream.StreamSpec) -> None:
    nc = await nats.connect(spec.url)
    try:
        await nc.jetstream().delete_stream(spec.stream)
    finally:
        await nc.close()


def run_once(url: str, n: int, workers: int, batch: int) -> float:
    slug = prepare(url)
    os.environ["LAWBRIDGE_DATABASE_URL"] = url
    tag = secrets.token_hex(4)
    spec = nats_stream.StreamSpec(
        subject=f"lawbridge.bench.{tag}", stream=f"LB_BENCH_{tag}", durable=f"d{tag}", batch=batch
    )
    try:
        asyncio.run(nats_stream.publish(spec, feed(n)))
        started = time.perf_counter()
        counts = nats_stream.run_workers(
            spec, HandlerFactory(slug, f"r@{slug}"), workers, until_idle=IDLE
        )
        context = Context(Settings(database_url=url))
        with context.read(Actor.system("bench")) as unit:
            stored = unit.session.scalar(select(func.count()).select_from(ContentPost))
            last = unit.session.scalar(select(func.max(ContentPost.created_at)))
        context.close()
    finally:
        asyncio.run(drop(spec))
    assert stored == n + 1 and counts["stored"] == n, (stored, dict(counts))
    assert last is not None
    # created_at is the commit-side clock; the idle wait after the last post is not work.
    elapsed = time.perf_counter() - started - IDLE
    sys.stdout.write(f"{n} posts, {workers} worker(s), batch {batch}: {n / elapsed:,.0f} posts/s\n")
    return n / elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=20_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--db", help="SQLite or PostgreSQL URL (default: a temporary SQLite file)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for workers in args.workers:
        rates = []
        for _ in range(args.repeat):
            with fresh_database(args.db) as url:
                rates.append(run_once(url, args.posts, workers, args.batch))
        sys.stdout.write(
            f"workers={workers}: median {statistics.median(rates):,.0f} posts/s "
            f"(runs: {', '.join(f'{r:,.0f}' for r in rates)})\n"
        )


if __name__ == "__main__":
    main()
