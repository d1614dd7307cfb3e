"""Concurrent writers never lose an event nor fork the chain (PostgreSQL advisory lock, SQLite
BEGIN IMMEDIATE), and a verification running beside them never mistakes their appends for tampering.

Run with ``-s`` to see the throughput figures.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lawbridge.domain.actor import Actor
from lawbridge.settings import Settings
from lawbridge.store import audit_log
from lawbridge.store.db import Database
from lawbridge.store.models import AuditEvent
from lawbridge.workflows import audit
from lawbridge.workflows.audit import VerifyReport
from lawbridge.workflows.unit import Context
from tests.conftest import database

CHECKPOINT_EVERY = 8
SYSTEM = Actor.system("test")


def context_for(db: Database, threads: int) -> Context:
    # One pooled connection per thread: the default pool (5 + 10 overflow) would queue the 16th.
    pooled = Database(db.url, pool_size=threads + 1, max_overflow=0)
    settings = Settings(env="test", database_url=db.url, audit_checkpoint_every=CHECKPOINT_EVERY)
    return Context(settings, pooled)


def run_threads(count: int, work: Callable[[int], None]) -> float:
    """Start ``count`` threads together on ``work(thread)``; re-raise the first error; seconds."""
    barrier = threading.Barrier(count + 1)
    errors: list[BaseException] = []

    def target(number: int) -> None:
        barrier.wait()
        try:
            work(number)
        except BaseException as exc:  # collected and re-raised in the test's thread
            errors.append(exc)

    workers = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - started


def writer(context: Context, per_thread: int) -> Callable[[int], None]:
    def work(thread: int) -> None:
        for i in range(per_thread):
            with context.write(SYSTEM) as unit:
                unit.record("load.event", "thread", str(thread), {"thread": thread, "i": i})

    return work


def verify(context: Context) -> VerifyReport:
    with context.read(SYSTEM) as unit:
        return audit.verify_chain(unit)


def assert_one_unforked_chain(context: Context, threads: int, per_thread: int) -> None:
    total = threads * per_thread
    with context.db.reading() as session:
        seqs = list(session.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)))
        forks = session.scalar(select(func.count(func.distinct(AuditEvent.prev_hash))))
        payloads = list(session.scalars(select(AuditEvent.payload)))
        checkpoints = [c.tree_size for c in audit_log.checkpoints(session)]
    assert seqs == list(range(total)), "events lost or numbered twice"
    assert forks == total, "two events share a predecessor: the chain forked"
    written = sorted((p["thread"], p["i"]) for p in map(json.loads, payloads))
    assert written == [(t, i) for t in range(threads) for i in range(per_thread)]
    assert checkpoints == list(range(CHECKPOINT_EVERY, total + 1, CHECKPOINT_EVERY))
    report = verify(context)
    assert (report.ok, report.size, report.checkpoints) == (True, total, len(checkpoints))


def report_figures(dialect: str, events: int, seconds: float) -> None:
    print(f"\n{dialect}: {events} events in {seconds:.2f} s = {events / seconds:,.0f} events/s")


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[Database]:
    with database("postgresql", tmp_path) as built:
        yield built


@pytest.fixture
def sqlite(tmp_path: Path) -> Iterator[Database]:
    with database("sqlite", tmp_path) as built:
        yield built


def write_concurrently(db: Database, threads: int, per_thread: int) -> None:
    """``threads`` writers append ``per_thread`` events each; one unforked chain must result."""
    context = context_for(db, threads)
    try:
        seconds = run_threads(threads, writer(context, per_thread))
        report_figures(db.dialect, threads * per_thread, seconds)
        assert_one_unforked_chain(context, threads, per_thread)
    finally:
        context.close()


@pytest.mark.postgres
@pytest.mark.slow
def test_16_writers_500_events_each_on_postgresql(postgres: Database) -> None:
    write_concurrently(postgres, threads=16, per_thread=500)


@pytest.mark.slow
def test_8_writers_100_events_each_on_sqlite(sqlite: Database) -> None:
    write_concurrently(sqlite, threads=8, per_thread=100)


@pytest.mark.postgres
@pytest.mark.slow
def test_verifying_beside_writers_never_reports_tampering(
    postgres: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On PostgreSQL each statement sees the latest commits: a verification that read the head and
    # then streamed events in batches used to see events past the head and call that tampering.
    # Small batches give the writers many chances to commit between two of them.
    monkeypatch.setattr(audit_log, "iter_events", partial(audit_log.iter_events, batch=25))
    threads, per_thread = 4, 200
    context = context_for(postgres, threads + 1)
    reports: list[VerifyReport] = []
    finished: list[int] = []
    done = threading.Event()

    def work(thread: int) -> None:
        if thread == threads:  # the verifier
            while not done.is_set():
                reports.append(verify(context))
            return
        try:
            writer(context, per_thread)(thread)
        finally:
            finished.append(thread)
            if len(finished) == threads:
                done.set()

    try:
        run_threads(threads + 1, work)
        assert len(reports) > 1, "the verifier did not run beside the writers"
        assert [r for r in reports if not r.ok] == []
        assert_one_unforked_chain(context, threads, per_thread)
    finally:
        context.close()
