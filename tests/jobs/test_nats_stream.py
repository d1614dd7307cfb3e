"""Posts over the machine's real NATS JetStream server: a worker killed with SIGKILL mid-batch
loses nothing and doubles nothing; N workers drain a subject; a post published twice is stored
once. Without a server the tests skip with the reason (under CI=true a skip is a failure)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.js.errors import NotFoundError
from sqlalchemy import func, select

from lawbridge.jobs import nats_stream
from lawbridge.jobs.nats_stream import StreamSpec
from lawbridge.store.content_models import ContentPost, ContentReview, ContentTakedown
from lawbridge.store.db import Database
from lawbridge.workflows import takedowns
from lawbridge.workflows.audit import verify_chain
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World
from tests.workflows.content_helpers import SCAM_ZH, Feed

URL = os.environ.get("LAWBRIDGE_TEST_NATS_URL", nats_stream.DEFAULT_URL)
LAWBRIDGE = str(Path(sys.executable).with_name("lawbridge"))
pytestmark = pytest.mark.nats


def _reachable() -> str | None:
    async def ping() -> None:
        nc = await nats.connect(URL, connect_timeout=2, max_reconnect_attempts=0)
        await nc.close()

    try:
        asyncio.run(ping())
    except Exception as exc:  # any failure means "no server here": say why
        return f"no NATS server answers at {URL}: {type(exc).__name__}: {exc}"
    return None


@pytest.fixture
def spec() -> Iterator[StreamSpec]:
    """A stream and subject of this test's own, deleted afterwards."""
    reason = _reachable()
    if reason is not None:
        pytest.skip(reason)
    tag = uuid.uuid4().hex[:12]
    made = StreamSpec(
        subject=f"lawbridge.test.{tag}", url=URL, stream=f"LB_TEST_{tag}", durable=f"d{tag}",
        ack_wait=2.0, batch=16, retry_delay=0.2,
    )  # fmt: skip
    yield made

    async def drop() -> None:
        nc = await nats.connect(URL)
        try:
            await nc.jetstream().delete_stream(made.stream)
        except NotFoundError:
            pass  # this test never created it
        finally:
            await nc.close()

    asyncio.run(drop())


def posts(n_innocent: int, n_copies: int, n_reshares: int) -> list[dict[str, Any]]:
    """Distinct innocent posts, near-copies of the judged scam, reshares of innocent ones."""
    made: list[dict[str, Any]] = []
    for i in range(n_innocent):
        text = f"第{i}天的日记：今天去了{i % 17}号公园，天气{'晴' if i % 2 else '阴'}，心情编号{i * 7919}"
        made.append({"id": f"p{i}", "author": f"u{i % 50}", "ts": 1_793_000_000 + i, "text": text})
    for i in range(n_copies):
        made.append({"id": f"c{i}", "author": f"s{i}", "ts": 1_793_100_000 + i, "text": f"{i}号转发 {SCAM_ZH}"})  # fmt: skip
    for i in range(n_reshares):
        made.append({"id": f"r{i}", "author": f"v{i}", "ts": 1_793_200_000 + i, "reshare_of": f"p{i}"})  # fmt: skip
    return made


def publish(spec: StreamSpec, items: list[dict[str, Any]]) -> int:
    bodies = [json.dumps(p, ensure_ascii=False).encode() for p in items]
    return asyncio.run(nats_stream.publish(spec, bodies))


def judged_world(context: Context, world: World) -> None:
    feed = Feed(context, world.provider["admin"].actor)
    feed.post("judged", SCAM_ZH)
    with context.write(feed.actor) as unit:
        takedowns.decide(
            unit, feed.ids["judged"], category="scam",
            legal_ground="Cybersecurity Law of the PRC, Art. 47", explanation="Prize scam.",
        )  # fmt: skip


def worker(db: Database, spec: StreamSpec, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "LAWBRIDGE_DATABASE_URL": db.url, "LAWBRIDGE_ENV": "test"}
    command = [
        LAWBRIDGE, "content", "consume", "--party", "provider", "--as", "analyst@provider",
        "--nats", spec.url, "--stream", spec.stream, "--subject", spec.subject,
        "--durable", spec.durable, "--ack-wait", str(spec.ack_wait), "--batch", str(spec.batch),
        *extra,
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stored(context: Context) -> dict[str, tuple[int, int]]:
    """Every stored post's external id: (its takedowns, its review-queue items)."""
    with context.read(SYSTEM) as unit:
        ids = dict(unit.session.execute(select(ContentPost.id, ContentPost.external_id)).all())
        counts = {pid: [0, 0] for pid in ids}
        for model, slot in ((ContentTakedown, 0), (ContentReview, 1)):
            rows = unit.session.execute(
                select(model.post_id, func.count()).group_by(model.post_id)  # type: ignore[attr-defined]
            )
            for post_id, n in rows:
                counts[post_id][slot] = int(n)
        return {str(ids[pid]): (t, r) for pid, (t, r) in counts.items()}


def finish(proc: subprocess.Popen[bytes], timeout: float = 180) -> tuple[dict[str, int], str]:
    """The worker's totals (the last line it writes to stderr) and the log before them."""
    _, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err.decode()
    lines = err.decode().strip().splitlines()
    return json.loads(lines[-1]), "\n".join(lines[-40:-1])


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(
    context: Context, db: Database, world: World, spec: StreamSpec
) -> None:
    judged_world(context, world)
    items = posts(300, 60, 40)
    assert publish(spec, items) == len(items)
    first = worker(db, spec)
    deadline = time.monotonic() + 120
    while len(stored(context)) < 60:  # well into its work, mid-batch
        assert first.poll() is None and time.monotonic() < deadline, "worker stopped early"
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    assert first.returncode == -signal.SIGKILL
    assert len(stored(context)) < len(items) + 1, "killed too late to prove anything"
    second = worker(db, spec, "--until-idle", "6")
    totals, _ = finish(second)
    found = stored(context)
    assert set(found) == {p["id"] for p in items} | {"judged"}  # nothing lost
    # Every copy blocked once, or (once the flood guard sees a spike of one entry) queued once
    # for a person: nothing doubled.
    assert {found[f"c{i}"] for i in range(60)} <= {(1, 0), (0, 1)}
    assert all(found[pid] == (0, 0) for pid in found if pid[0] in "pr")
    assert totals["invalid"] == 0 and totals["stored"] > 0
    with context.read(SYSTEM) as unit:
        assert verify_chain(unit).ok


def test_n_workers_drain_the_subject_and_a_republished_post_is_stored_once(
    context: Context, db: Database, world: World, spec: StreamSpec
) -> None:
    judged_world(context, world)
    items = posts(120, 20, 30)
    publish(spec, items)
    publish(spec, items[:40])  # published twice within the duplicate window: dropped by NATS
    bad = [b"{not json", json.dumps({"id": "no-author-ts"}).encode()]
    asyncio.run(nats_stream.publish(spec, bad))
    totals, logged = finish(
        worker(db, spec, "--workers", "2", "--until-idle", "6", "--max-attempts", "3")
    )
    found = stored(context)
    missing = {p["id"] for p in items} - set(found)
    assert not missing, f"lost {sorted(missing)}; totals {totals}; log:\n{logged}"
    assert set(found) == {p["id"] for p in items} | {"judged"}
    assert {found[f"c{i}"] for i in range(20)} <= {(1, 0), (0, 1)}
    assert all(found[pid] == (0, 0) for pid in found if pid[0] in "pr")
    assert totals["stored"] == len(items) and totals["invalid"] == 2
    with context.read(SYSTEM) as unit:
        assert verify_chain(unit).ok


def test_bad_options_and_an_absent_server_are_clear_errors(
    db: Database, world: World, spec: StreamSpec
) -> None:
    gone = StreamSpec(subject=spec.subject, url="nats://127.0.0.1:1", stream=spec.stream)
    failed = worker(db, gone, "--until-idle", "1")
    _, err = failed.communicate(timeout=60)
    assert failed.returncode != 0 and b"cannot reach NATS at nats://127.0.0.1:1" in err
    wrong = worker(db, spec, "--as", "analyst@cn-agency")
    _, err = wrong.communicate(timeout=60)
    assert wrong.returncode == 2 and b"not an active account" in err
    with pytest.raises(nats_stream.InvalidInput, match="NATS subject"):
        StreamSpec(subject="lawbridge.posts.>")
