"""Posts over NATS JetStream (``nats-py``): a producer and a pull consumer run by N workers.

Posts of a provider party travel on ``lawbridge.posts.<party>`` (or a subject of one's own),
kept by the JetStream stream ``LAWBRIDGE_POSTS`` (created on first use; each party's subject is
added to it when first used). Publishers set the
``Nats-Msg-Id`` header to the post's id, so JetStream drops a post published twice within its
duplicate window. Workers share one durable pull consumer (a work queue): each fetches a batch,
hands it to :class:`~lawbridge.jobs.stream.PostHandler` (one transaction per batch, one per
message if that fails) and acknowledges each message only after its post's transaction committed. A worker killed mid-batch leaves its unacknowledged messages to
be redelivered to the others after ``ack_wait``; a message whose commit landed but whose ack was
lost comes back as a duplicate and is acknowledged without being stored again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

import nats
from nats.errors import NoServersError
from nats.errors import TimeoutError as NatsTimeout
from nats.js import api
from nats.js.errors import NotFoundError

from lawbridge.errors import ExternalServiceError, InvalidInput
from lawbridge.jobs.stream import Handled, HandlerFactory, PostHandler, Verdict

log = logging.getLogger(__name__)
DEFAULT_URL = "nats://127.0.0.1:4222"
DEFAULT_STREAM = "LAWBRIDGE_POSTS"
SUBJECT_ROOT = "lawbridge.posts"
DUPLICATE_WINDOW = 120.0  # seconds: a post published twice within it is stored once by NATS
FETCH_TIMEOUT = 1.0
WAITING_FETCH_TIMEOUT = 0.1  # while posts wait for their originals, look again soon
MAX_WAITING = 2000
RESTART_DELAY = 0.5  # seconds before a dead worker is replaced


def subject_for(party_slug: str) -> str:
    return f"{SUBJECT_ROOT}.{party_slug}"


@dataclass(frozen=True, slots=True)
class StreamSpec:
    """Where posts come from and how the shared consumer behaves."""

    subject: str
    url: str = DEFAULT_URL
    stream: str = DEFAULT_STREAM
    durable: str = "lawbridge"
    batch: int = 32
    ack_wait: float = 30.0  # seconds before an unacknowledged message is redelivered
    retry_delay: float = 0.2  # seconds before a "retry" message comes back
    dead_letter: str | None = None  # subject for refused messages (with the reason)

    def __post_init__(self) -> None:
        tokens = self.subject.split(".")
        if not all(t and t not in ("*", ">") and t.isprintable() and " " not in t for t in tokens):
            raise InvalidInput(f"not a NATS subject one can publish to: {self.subject!r}")
        if not 1 <= self.batch <= 1000:
            raise InvalidInput("batch: 1 to 1000 messages")
        if self.ack_wait <= 0 or self.retry_delay < 0:
            raise InvalidInput("ack_wait must be positive, retry_delay not negative")


async def _connect(url: str) -> Any:
    try:
        return await nats.connect(url, connect_timeout=2, max_reconnect_attempts=3)
    except (NoServersError, OSError, NatsTimeout) as exc:
        raise ExternalServiceError(f"cannot reach NATS at {url}: {exc}") from exc


async def ensure_stream(js: Any, spec: StreamSpec) -> None:
    """Create the stream on first use (file storage: posts survive a NATS restart), or add the
    subject to it when another party's posts created it."""
    try:
        info = await js.stream_info(spec.stream)
    except NotFoundError:
        config = api.StreamConfig(
            name=spec.stream,
            subjects=[spec.subject],
            storage=api.StorageType.FILE,
            duplicate_window=DUPLICATE_WINDOW,
        )
        await js.add_stream(config)
        return
    subjects = list(info.config.subjects or [])
    if spec.subject not in subjects:
        await js.update_stream(replace(info.config, subjects=[*subjects, spec.subject]))


def _post_id(body: bytes) -> str | None:
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    found = value.get("id") if isinstance(value, dict) else None
    return str(found) if isinstance(found, str | int) and not isinstance(found, bool) else None


async def publish(spec: StreamSpec, bodies: Iterable[bytes]) -> int:
    """Publish message bodies (one post each); returns how many the stream acknowledged."""
    nc = await _connect(spec.url)
    try:
        js = nc.jetstream()
        await ensure_stream(js, spec)
        sent = 0
        for body in bodies:
            post_id = _post_id(body)
            headers = {"Nats-Msg-Id": post_id} if post_id is not None else None
            await js.publish(spec.subject, body, stream=spec.stream, headers=headers)
            sent += 1
        return sent
    finally:
        await nc.close()


async def consume(
    spec: StreamSpec,
    handler: PostHandler,
    *,
    until_idle: float | None = None,
    stop: asyncio.Event | None = None,
    report: Callable[[Counter[str]], None] | None = None,
) -> Counter[str]:
    """Work the shared consumer until ``stop`` is set, or nothing came for ``until_idle`` s."""
    nc = await _connect(spec.url)
    dead: list[tuple[bytes, Handled]] = []
    handler.dead_letter = lambda body, handled: dead.append((body, handled))
    try:
        js = nc.jetstream()
        await ensure_stream(js, spec)
        config = api.ConsumerConfig(
            durable_name=spec.durable,
            ack_policy=api.AckPolicy.EXPLICIT,
            ack_wait=spec.ack_wait,
            max_deliver=-1,  # the handler decides when to give up (and dead-letters then)
            filter_subject=spec.subject,
            max_ack_pending=max(1000, spec.batch * 8),
        )
        sub = await js.pull_subscribe(
            spec.subject, durable=spec.durable, stream=spec.stream, config=config
        )
        idle_since = time.monotonic()
        waiting: list[Any] = []  # reshares and replies held here until their original is in
        while stop is None or not stop.is_set():
            try:
                timeout = WAITING_FETCH_TIMEOUT if waiting else FETCH_TIMEOUT
                fetched = await sub.fetch(spec.batch, timeout=timeout)
            except (NatsTimeout, TimeoutError):  # nats-py raises either when nothing came
                fetched = []
                idle = time.monotonic() - idle_since
                if not waiting and until_idle is not None and idle >= until_idle:
                    break
                if not waiting:
                    continue
            if fetched:
                idle_since = time.monotonic()
            waiting = await _settle(spec, handler, fetched + waiting)
            await _send_dead(nc, spec, dead)
            if report is not None:
                report(handler.counts)
        await sub.unsubscribe()
        return handler.counts
    finally:
        # Every message was acknowledged synchronously or left for redelivery: nothing to drain.
        try:
            await nc.close()
        except Exception:  # closing a broken connection must not lose the counts
            log.warning("closing the NATS connection failed", exc_info=True)


async def _settle(spec: StreamSpec, handler: PostHandler, messages: list[Any]) -> list[Any]:
    """Handle ``messages`` in stream order (an original before its reshares) and acknowledge or
    return them; those still waiting for their original come back to be tried again after the
    next fetch (their ack timer reset) rather than be redelivered one round at a time — a chain
    of reshares split between workers then resolves at the pace of batches."""
    messages.sort(key=lambda m: m.metadata.sequence.stream)
    now = time.time()
    batch = [
        (m.data, m.metadata.num_delivered, now - m.metadata.timestamp.timestamp()) for m in messages
    ]
    still: list[Any] = []
    for message, handled in zip(messages, handler.handle_batch(batch), strict=True):
        if handled.verdict.ack:
            await message.ack()  # a lost ack only brings a duplicate back
        elif handled.waiting and len(still) < MAX_WAITING:
            await message.in_progress()
            still.append(message)
        else:  # back off gently before the redelivery
            delay = spec.retry_delay * min(message.metadata.num_delivered, 10)
            await message.nak(delay=delay)
    return still


async def _send_dead(nc: Any, spec: StreamSpec, dead: list[tuple[bytes, Handled]]) -> None:
    while dead:
        body, handled = dead.pop(0)
        if spec.dead_letter is None:
            continue
        letter = {
            "post_id": handled.post_id,
            "reason": handled.reason,
            "body": body.decode("utf-8", "replace")[:10_000],
        }
        await nc.publish(spec.dead_letter, json.dumps(letter, ensure_ascii=False).encode())


# --- N workers -----------------------------------------------------------------------------------


def run_worker(
    spec: StreamSpec,
    factory: HandlerFactory,
    until_idle: float | None,
    report: Callable[[Counter[str]], None] | None = None,
) -> Counter[str]:
    """One worker in this process; SIGTERM/SIGINT finish the current message, then stop."""

    async def main() -> Counter[str]:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        handler = factory()
        try:
            return await consume(spec, handler, until_idle=until_idle, stop=stop, report=report)
        finally:
            handler.context.close()

    return asyncio.run(main())


def _worker_main(
    spec: StreamSpec, factory: HandlerFactory, until_idle: float | None, results: Any
) -> None:
    counts = run_worker(spec, factory, until_idle)
    results.put(dict(counts))


def run_workers(
    spec: StreamSpec,
    factory: HandlerFactory,
    workers: int,
    *,
    until_idle: float | None = None,
    max_restarts: int = 10,
) -> Counter[str]:
    """``workers`` processes on the shared consumer; one that dies is restarted (up to
    ``max_restarts`` times in all) while the others go on. Returns the summed verdict counts."""
    if workers < 1:
        raise InvalidInput("workers: at least 1")
    if workers == 1:
        return run_worker(spec, factory, until_idle)
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    args = (spec, factory, until_idle, results)
    procs = [ctx.Process(target=_worker_main, args=args) for _ in range(workers)]
    for proc in procs:
        proc.start()
    restarts = finished = 0
    stopping = False

    def stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for proc in procs:
            if proc.is_alive():
                proc.terminate()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while procs:
            time.sleep(0.2)
            for proc in [p for p in procs if not p.is_alive()]:
                procs.remove(proc)
                if proc.exitcode == 0:
                    finished += 1
                elif not stopping and restarts < max_restarts:
                    log.warning("a worker died (exit %s); restarting it", proc.exitcode)
                    restarts += 1
                    time.sleep(RESTART_DELAY)
                    procs.append(ctx.Process(target=_worker_main, args=args))
                    procs[-1].start()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if finished == 0 and not stopping:
        raise ExternalServiceError("every worker failed (see the log above)")
    total: Counter[str] = Counter()
    for _ in range(finished):
        total.update(results.get(timeout=10))
    return total


__all__ = [
    "DEFAULT_STREAM",
    "DEFAULT_URL",
    "HandlerFactory",
    "PostHandler",
    "StreamSpec",
    "Verdict",
    "consume",
    "ensure_stream",
    "publish",
    "run_workers",
    "subject_for",
]
