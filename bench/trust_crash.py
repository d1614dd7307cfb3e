#!/usr/bin/env python3
# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""Crash safety (issue 9, promise 2): ``kill -9`` of the server mid-write loses nothing acknowledged.

  python bench/trust_crash.py [--kills 200] [--writers 4] [--pg-restart | --database-url URL]
                              [--seed N]

``lawbridge serve`` runs on a free loopback port over PostgreSQL: by default a fresh schema of its
own on the tests' server (``LAWBRIDGE_TEST_DATABASE_URL``), dropped at the end. ``--writers``
client threads POST documents, each with its own ``Idempotency-Key`` (the key is also the title),
and record every key answered 201 with its id. The server is killed with SIGKILL (its whole process
group) at a random moment 0.2-1.5 s after it is ready, ``--kills`` times, and started again each
time. A write whose answer was lost to the kill is retried with the same key after the restart, as
a client would; its answer then counts as the acknowledgement.

``--pg-restart`` runs PostgreSQL itself as a private throwaway cluster (``initdb`` in a temporary
folder, as the ``postgres`` user when run as root, on its own port) and restarts it once, in
immediate mode (no shutdown checkpoint: crash recovery on start), half-way through the run while
writes are in flight. The shared server is never restarted.

Afterwards, read from the database directly:

* missing: acknowledged ids that are not stored (must be 0);
* duplicated: keys stored as more than one document (must be 0);
* partial: documents without their ``document.create`` audit event, or such events without their
  document (must be 0);
* the audit chain's full verification (must be ok).

Exit status 1 on any of these failing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack, closing
from pathlib import Path

import httpx2 as httpx
from sqlalchemy import select

from lawbridge.domain.actor import Actor
from lawbridge.settings import Settings
from lawbridge.store import migrate
from lawbridge.store.db import Database, scratch_schema
from lawbridge.store.models import AuditEvent, Document
from lawbridge.workflows import accounts, audit, auth, parties
from lawbridge.workflows.unit import Context

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SYSTEM = Actor.system("trust-crash")
READY_TIMEOUT = 120.0


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivatePostgres:
    """A throwaway PostgreSQL cluster in a temporary folder, on its own port."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        pg_ctl = shutil.which("pg_ctl") or (str(bins[-1]) if bins else None)
        if pg_ctl is None:
            raise SystemExit("--pg-restart needs PostgreSQL's pg_ctl and initdb")
        self.bin = Path(pg_ctl).parent
        self.folder = Path(tempfile.mkdtemp(prefix="lawbridge-crash-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # postgres refuses to run as root
            shutil.chown(self.folder, "postgres", "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        self.start()

    def _run(self, tool: str, *args: str) -> None:
        command = [*self.prefix, str(self.bin / tool), *args]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=on"
        log = str(self.folder / "postgres.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def restart_immediate(self) -> None:
        """Stop without a checkpoint (as after a crash), then start: recovery replays the WAL."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        self.start()

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def remove(self) -> None:
        with_errors = subprocess.run(
            [*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        del with_errors
        shutil.rmtree(self.folder, ignore_errors=True)


class Server:
    """``lawbridge serve`` on a loopback port, in its own process group."""

    def __init__(self, url: str, port: int, log: Path) -> None:
        self.url, self.port, self.log = url, port, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        lawbridge = str(Path(sys.executable).with_name("lawbridge"))
        env = os.environ | {
            "LAWBRIDGE_DATABASE_URL": self.url,
            "LAWBRIDGE_ENV": "development",
            "LAWBRIDGE_WARM_INDEXES": "false",
        }
        command = [lawbridge, "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        with self.log.open("a", encoding="utf-8") as out:
            self.process = subprocess.Popen(
                command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        started = time.monotonic()
        while time.monotonic() - started < READY_TIMEOUT:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited ({self.process.returncode}); see {self.log}")
            try:
                if httpx.get(f"{self.base}/ready", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server not ready after {READY_TIMEOUT:.0f} s; see {self.log}")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def kill9(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill9()


class Writers:
    """Client threads writing documents with Idempotency-Keys; acknowledged keys and their ids."""

    def __init__(self, base: str, token: str, count: int) -> None:
        self.base, self.token = base, token
        self.acked: dict[str, str] = {}
        self.outcomes: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self._write, args=(i,), daemon=True) for i in range(count)
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def _write(self, writer: int) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        n = 0
        key = f"crash-{writer}-{n}"
        with httpx.Client(timeout=10) as client:
            while True:
                body = {"title": key, "body": f"written by {writer}"}
                try:
                    answer = client.post(
                        f"{self.base}/documents",
                        json=body,
                        headers=headers | {"Idempotency-Key": key},
                    )
                except httpx.ConnectError:
                    self._count("refused (server down)")
                    if self.stopping.is_set():
                        return
                    time.sleep(0.05)
                    continue
                except httpx.HTTPError:
                    # Killed mid-request: unknown outcome; retry the same key once it is back.
                    self._count("answer lost mid-request (retried)")
                    if self.stopping.is_set():
                        return
                    time.sleep(0.05)
                    continue
                if answer.status_code == 201:
                    with self.lock:
                        previous = self.acked.setdefault(key, answer.json()["id"])
                        if previous != answer.json()["id"]:
                            self.outcomes["same key, other id"] += 1
                    self._count("201")
                    if self.stopping.is_set():
                        return
                    n += 1
                    key = f"crash-{writer}-{n}"
                else:
                    # 5xx while the database restarts, 409 while the first try is in flight...
                    self._count(str(answer.status_code))
                    time.sleep(0.05)

    def _count(self, outcome: str) -> None:
        with self.lock:
            self.outcomes[outcome] += 1


def seed(context: Context) -> str:
    with context.write(SYSTEM) as unit:
        party = parties.create_party(
            unit, slug="crash-agency", name="crash agency", kind="agency", jurisdiction="CN"
        )
        account = accounts.create_account(
            unit,
            party=party.id,
            username="writer@crash",
            display_name="crash writer",
            roles=["analyst"],
            password="correct horse battery",
        )
        _, token = auth.issue_token(unit, account.id, "crash")
    return str(token)


def check(context: Context, acked: dict[str, str]) -> dict[str, object]:
    with context.read(SYSTEM) as unit:
        documents = {d.id: d.title for d in unit.session.scalars(select(Document))}
        events = Counter(
            unit.session.scalars(
                select(AuditEvent.object_id).where(AuditEvent.action == "document.create")
            )
        )
        report = audit.verify_chain(unit)
    by_title = Counter(documents.values())
    missing = [key for key, id_ in acked.items() if id_ not in documents]
    duplicated = [title for title, n in by_title.items() if n > 1]
    no_event = [id_ for id_ in documents if events[id_] != 1]
    no_document = [id_ for id_ in events if id_ not in documents]
    unacked = len(set(documents) - set(acked.values()))
    return {
        "acknowledged": len(acked),
        "stored": len(documents),
        "stored, never acknowledged": unacked,
        "missing": len(missing),
        "duplicated": len(duplicated),
        "partial: document without its event (or with several)": len(no_event),
        "partial: event without its document": len(no_document),
        "chain verifies": f"{report.ok} ({report.size} events)",
        "ok": not (missing or duplicated or no_event or no_document) and report.ok,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--pg-restart", action="store_true", help="private cluster, restarted once")
    parser.add_argument(
        "--database-url", default=os.environ.get("LAWBRIDGE_TEST_DATABASE_URL", DEFAULT_PG)
    )
    parser.add_argument("--seed", type=int)
    args = parser.parse_args()
    if args.kills < 1 or args.writers < 1:
        parser.error("--kills and --writers must be >= 1")
    rng = random.Random(args.seed)
    started = time.monotonic()
    say(f"load average at start: {os.getloadavg()[0]:.2f}")
    private = PrivatePostgres() if args.pg_restart else None
    base_url = private.url if private else args.database_url
    scratch = ExitStack()
    if private is not None:
        scratch.callback(private.remove)  # runs last: after the schema is dropped
    url = scratch.enter_context(scratch_schema(base_url, "crash"))
    db = Database(url)
    log = Path(tempfile.mkstemp(prefix="lawbridge-crash-", suffix=".log")[1])
    server = Server(url, free_port(), log)
    writers: Writers | None = None
    result: dict[str, object] | None = None
    try:
        migrate.upgrade(db)
        context = Context(Settings(env="test", database_url=url), db)
        token = seed(context)
        server.start()
        writers = Writers(server.base, token, args.writers)
        writers.start()
        restart_at = args.kills // 2 if private else -1
        for kill in range(args.kills):
            time.sleep(rng.uniform(0.2, 1.5))
            if kill == restart_at and private is not None:
                say("PostgreSQL: immediate stop and restart, writes in flight")
                private.restart_immediate()
                db.dispose()  # this script's own pooled connections died with it
                time.sleep(rng.uniform(0.2, 1.0))
            server.kill9()
            if (kill + 1) % 10 == 0:
                say(f"kill {kill + 1}/{args.kills}: {len(writers.acked)} acknowledged")
            server.start()
        time.sleep(1.0)  # the last lost answers are retried against a live server
        writers.stop()
        server.stop()
        result = check(context, writers.acked)
    finally:
        if writers is not None and not writers.stopping.is_set():
            writers.stopping.set()
        server.kill9()
        db.dispose()
        try:
            scratch.close()  # drops the schema, then removes the private server
        finally:
            if result is None:
                say(f"run failed; server log kept: {log}")
    print(f"kills: {args.kills} (SIGKILL to the server's process group), writers: {args.writers}")
    print(
        f"PostgreSQL restarted mid-run: {'yes (immediate mode, private cluster)' if private else 'no'}"
    )
    print(f"client outcomes: {dict(sorted(writers.outcomes.items()))}")
    for name, value in result.items():
        print(f"{name}: {value}")
    print(f"{time.monotonic() - started:.0f} s, load average at end {os.getloadavg()[0]:.2f}")
    log.unlink(missing_ok=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
