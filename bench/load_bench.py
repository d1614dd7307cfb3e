"""Load test of the API (issue 8, item 4): screening and post ingest under 64 concurrent clients.

    pip install -e '.[bench]'                       # locust (runs in a process of its own)
    python bench/load_bench.py                      # 60 s per run, 1/2/4 workers, 10k and 100k lists
    python bench/load_bench.py --duration 20 --workers 1 2 --lists 10000 --json OUT.json
    python bench/load_bench.py --lists 1000000 --million    # 1M-entry list (~1.6 GB per process)

For each watchlist size: a fresh database (a new schema of the PostgreSQL URL ``--db``, default this
machine's ``postgresql+psycopg://postgres@127.0.0.1:5432/test``, dropped afterwards; or a SQLite URL),
an agency with an analyst and a list of N synthetic people (``lawbridge.jobs.synthetic``), a provider
whose moderators judged a scam text. For each worker count: ``lawbridge serve --workers W`` on
loopback (indexes warmed; the time until every worker logged "indexes warm" is printed), then locust
(``bench/load/locustfile.py``, headless, in its own process) with ``--users`` clients and no think
time, once against ``POST /api/v1/screenings`` (a query record against the party's lists; one in
four a listed person written otherwise) and once against ``POST /api/v1/content/posts`` (new text posts, one
in twenty a copy of the judged scam: blocked with a takedown), ``--duration`` seconds each. Then the
server stops and the bench checks: 0 failed requests, every acknowledged post is in the database
under the id its answer gave (0 lost writes), and the audit chain verifies (``workflows/audit``).
Printed per run: requests, failures, throughput (requests/s over the run), p50/p95/p99 latency (ms),
and the load average. Exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import resource
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2 as httpx
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from content_propagation import SCAM, fresh_database  # noqa: E402

from lawbridge.domain.actor import Actor  # noqa: E402
from lawbridge.jobs import synthetic  # noqa: E402
from lawbridge.settings import Settings  # noqa: E402
from lawbridge.store import migrate  # noqa: E402
from lawbridge.store.content_models import ContentPost  # noqa: E402
from lawbridge.store.db import Database  # noqa: E402
from lawbridge.workflows import (  # noqa: E402
    accounts,
    audit,
    auth,
    monitoring,
    parties,
    takedowns,
    watchlists,
)
from lawbridge.workflows.unit import Context  # noqa: E402

HERE = Path(__file__).resolve().parent
LOCUSTFILE = HERE / "load" / "locustfile.py"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SYSTEM = Actor.system("load-bench")
SCENARIOS = {"screen": "ScreenUser", "ingest": "IngestUser"}
IMPORT_CHUNK = 20_000
BYTES_PER_ENTRY = 1_700  # resident size of a compact NameIndex (docs/benchmarks.md: 1.6 GB for 1M)
READY_TIMEOUT = 1_800.0


@dataclass
class Setup:
    url: str
    list_size: int
    screen_token: str
    ingest_token: str
    queries: list[dict[str, Any]]
    import_s: float


@dataclass
class Run:
    list_size: int
    workers: int
    scenario: str
    users: int
    duration_s: int
    requests: int = 0
    failures: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    server_cpu_ms: float = 0.0  # CPU of the server's processes per request
    db_cpu_ms: float = 0.0  # CPU of PostgreSQL's processes per request
    client_cpu_ms: float = 0.0  # CPU of locust per request
    acknowledged: int = 0
    lost: int = 0
    load: str = ""
    errors: list[str] = field(default_factory=list)
    repeats: list[dict[str, Any]] = field(default_factory=list)


def prepare(url: str, list_size: int) -> Setup:
    """Migrate, then an agency analyst with a list of ``list_size`` people and a provider account."""
    db = Database(url)
    migrate.upgrade(db)
    context = Context(Settings(database_url=url), db)
    tag = secrets.token_hex(3)
    with context.write(SYSTEM) as unit:
        agency = parties.create_party(
            unit, slug=f"agency-{tag}", name="Agency", kind="agency", jurisdiction="CN"
        )
        provider = parties.create_party(
            unit, slug=f"net-{tag}", name="Net", kind="provider", jurisdiction="CN"
        )
        analyst = accounts.create_account(
            unit, party=agency.id, username=f"a@{tag}", display_name="a", roles=["analyst"]
        )
        moderator = accounts.create_account(
            unit, party=provider.id, username=f"m@{tag}", display_name="m", roles=["admin"]
        )
        _, screen_token = auth.issue_token(unit, analyst.id, "load")
        _, ingest_token = auth.issue_token(unit, moderator.id, "load")
    entries = synthetic.watchlist(list_size)
    started = time.perf_counter()
    with context.write(accounts.actor_for(analyst)) as unit:
        listed = watchlists.create_watchlist(unit, name="Load list", kind="red_notice")
        list_id = listed.id
    for start in range(0, list_size, IMPORT_CHUNK):
        with context.write(accounts.actor_for(analyst)) as unit:
            chunk = entries[start : start + IMPORT_CHUNK]
            watchlists.import_records(unit, list_id, chunk, source="load-bench")
    import_s = time.perf_counter() - started
    with context.write(accounts.actor_for(moderator)) as unit:
        post = monitoring.PostIn("judged", "x", datetime(2026, 11, 1, tzinfo=UTC), SCAM, "zh")
        judged = monitoring.ingest(unit, post).post
        unit.session.flush()
        takedowns.decide(unit, judged.id, category="scam", legal_ground="law", explanation="scam")
    context.close()
    queries = [row["record"] for row in synthetic.queries(2_000, entries)]
    return Setup(url, list_size, screen_token, ingest_token, queries, import_s)


class Server:
    """``lawbridge serve --workers W`` on a loopback port, output to a log file."""

    def __init__(self, url: str, workers: int, port: int, log: Path) -> None:
        self.workers, self.port, self.log = workers, port, log
        lawbridge = str(Path(sys.executable).with_name("lawbridge"))
        env = os.environ | {
            "LAWBRIDGE_DATABASE_URL": url,
            "LAWBRIDGE_ENV": "development",
            "LAWBRIDGE_LOG_LEVEL": "INFO",
        }
        command = [lawbridge, "serve", "--host", "127.0.0.1", "--port", str(port)]
        command += ["--workers", str(workers), "--warm-indexes"]
        self._out = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            command, env=env, stdout=self._out, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_warm(self) -> float:
        """Seconds until every worker logged its indexes warm and /ready answers 200."""
        started = time.perf_counter()
        base = f"http://127.0.0.1:{self.port}/api/v1"
        while time.perf_counter() - started < READY_TIMEOUT:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited ({self.process.returncode}); see {self.log}")
            warm = self.log.read_text(encoding="utf-8").count("screening indexes warm")
            if warm >= self.workers:
                status, body = _ready(base)
                if status == 200:
                    return time.perf_counter() - started
                if body.get("schema_revision") != body.get("expected_revision"):
                    raise RuntimeError(f"the database's schema is not the code's: {body}")
            time.sleep(0.5)
        raise RuntimeError(f"server not ready after {READY_TIMEOUT:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._out.close()


def _ready(base: str) -> tuple[int, dict[str, Any]]:
    try:
        answer = httpx.get(f"{base}/ready", timeout=5)
        return answer.status_code, answer.json()
    except (httpx.HTTPError, ValueError):
        return 0, {}


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds so far of the server's process tree and of the PostgreSQL server's processes."""
    import psutil  # installed with locust

    server = 0.0
    try:
        root = psutil.Process(pid)
        for process in [root, *root.children(recursive=True)]:
            times = process.cpu_times()
            server += times.user + times.system
    except psutil.Error:
        pass
    database = 0.0
    for process in psutil.process_iter(["name", "cpu_times"]):
        if (process.info["name"] or "").startswith("postgres") and process.info["cpu_times"]:
            database += process.info["cpu_times"].user + process.info["cpu_times"].system
    return server, database


def locust_once(
    setup: Setup, server: Server, scenario: str, args: argparse.Namespace, work: Path, n: int
) -> dict[str, Any]:
    """One locust run of ``scenario``; its figures, CPU per request and problems."""
    acked_path = work / f"acked-{scenario}-{n}.json"
    config = {
        "screen_token": setup.screen_token,
        "ingest_token": setup.ingest_token,
        "queries": setup.queries,
        "scam": SCAM,
        "tag": secrets.token_hex(4),
        "acked_path": str(acked_path),
    }
    config_path = work / "config.json"
    config_path.write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    prefix = work / f"locust-{scenario}-{n}"
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
    command += ["-u", str(args.users), "-r", str(args.users), "-t", f"{args.duration}s"]
    command += ["--host", f"http://127.0.0.1:{server.port}", "--csv", str(prefix)]
    command += ["--only-summary", "--stop-timeout", "30", "--loglevel", "WARNING"]
    command.append(SCENARIOS[scenario])
    env = os.environ | {"LAWBRIDGE_LOAD_CONFIG": str(config_path)}
    load_before = os.getloadavg()[0]
    cpu_before = cpu_seconds(server.process.pid)
    client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    log = work / f"locust-{scenario}-{n}.log"
    with log.open("w", encoding="utf-8") as out:
        subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_after = cpu_seconds(server.process.pid)
    figures: dict[str, Any] = {"load": [load_before, os.getloadavg()[0]], "errors": []}
    row = _aggregated(Path(f"{prefix}_stats.csv"))
    if row is None:
        figures["errors"].append(f"locust wrote no statistics; see {log}")
        return figures
    requests = int(row["Request Count"])
    figures |= {"requests": requests, "failures": int(row["Failure Count"])}
    figures["rps"] = float(row["Requests/s"])
    for key in ("50%", "95%", "99%"):
        figures[f"p{key[:-1]}_ms"] = float(row[key] or 0)
    per = 1_000 / max(requests, 1)
    figures["server_cpu_ms"] = (cpu_after[0] - cpu_before[0]) * per
    figures["db_cpu_ms"] = (cpu_after[1] - cpu_before[1]) * per
    client = (client_after.ru_utime + client_after.ru_stime) - (
        client_before.ru_utime + client_before.ru_stime
    )
    figures["client_cpu_ms"] = client * per
    if figures["failures"]:
        failures = Path(f"{prefix}_failures.csv")
        detail = failures.read_text(encoding="utf-8")[:600] if failures.exists() else ""
        figures["errors"].append(f"{figures['failures']} failed requests: {detail}")
    if scenario == "ingest":
        if acked_path.exists():
            figures["acknowledged"] = len(json.loads(acked_path.read_text(encoding="utf-8")))
        else:
            figures["errors"].append("locust wrote no acknowledged posts")
    return figures


def run_scenario(
    setup: Setup, server: Server, scenario: str, args: argparse.Namespace, work: Path
) -> Run:
    """``--repeat`` locust runs of ``scenario`` on the same server: sums and medians."""
    run = Run(setup.list_size, server.workers, scenario, args.users, args.duration)
    each = [locust_once(setup, server, scenario, args, work, n) for n in range(args.repeat)]
    done = [f for f in each if "requests" in f]
    run.repeats = each
    run.errors = [e for f in each for e in f["errors"]]
    run.requests = sum(f["requests"] for f in done)
    run.failures = sum(f["failures"] for f in done)
    run.acknowledged = sum(f.get("acknowledged", 0) for f in done)
    if done:
        for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "server_cpu_ms", "db_cpu_ms"):
            setattr(run, key, statistics.median(f[key] for f in done))
        run.client_cpu_ms = statistics.median(f["client_cpu_ms"] for f in done)
    low = min(f["load"][0] for f in each)
    high = max(max(f["load"]) for f in each)
    run.load = f"{low:.1f}–{high:.1f}"
    return run


def _aggregated(path: Path) -> dict[str, str] | None:
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Name"] == "Aggregated":
                return row
    return None


def check_writes(url: str, acked_paths: list[Path]) -> tuple[int, list[str]]:
    """(lost posts, problems): every acknowledged post stored under its id; the chain verifies."""
    problems: list[str] = []
    acked = [pair for path in acked_paths for pair in json.loads(path.read_text(encoding="utf-8"))]
    if len({external for external, _ in acked}) != len(acked):
        problems.append("a post id was acknowledged twice")
    context = Context(Settings(database_url=url))
    try:
        with context.read(SYSTEM) as unit:
            stored: dict[str, str] = {}
            ids = [post_id for _, post_id in acked]
            for start in range(0, len(ids), 5_000):
                query = select(ContentPost.id, ContentPost.external_id).where(
                    ContentPost.id.in_(ids[start : start + 5_000])
                )
                stored.update({row[0]: row[1] for row in unit.session.execute(query)})
            lost = sum(stored.get(post_id) != external for external, post_id in acked)
            report = audit.verify_chain(unit)
    finally:
        context.close()
    if lost:
        problems.append(f"{lost} acknowledged posts not in the database")
    if not report.ok:
        problems.append(f"audit chain broken at {report.first_bad_index}: {report.reason}")
    say(f"  audit chain: {report.size:,} events, {'verifies' if report.ok else 'BROKEN'}")
    return lost, problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--db", default=PG_DEFAULT, help="PostgreSQL URL (a fresh schema per list size)"
    )
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--lists", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--million", action="store_true", help="allow lists of 1,000,000 entries")
    ap.add_argument("--users", type=int, default=64)
    ap.add_argument("--duration", type=int, default=60, help="seconds per run (5 to 600)")
    ap.add_argument("--scenarios", nargs="+", choices=sorted(SCENARIOS), default=sorted(SCENARIOS))
    ap.add_argument("--repeat", type=int, default=1, help="locust runs per scenario (medians)")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--json", type=Path, help="write every run's figures here")
    args = ap.parse_args()
    if importlib.util.find_spec("locust") is None:
        sys.stderr.write("locust is not installed: pip install -e '.[bench]'\n")
        return 2
    if not 5 <= args.duration <= 600 or not 1 <= args.users <= 1_000:
        ap.error("--duration must be 5 to 600 s and --users 1 to 1000")
    if max(args.lists) > 100_000 and not args.million:
        ap.error("lists above 100,000 entries need --million (check memory first)")
    need = max(args.lists) * BYTES_PER_ENTRY * max(args.workers)
    available = _available_bytes()
    if available is not None and need > 0.8 * available:
        ap.error(f"{max(args.workers)} workers × a {max(args.lists):,}-entry index need ~{need / 1e9:.1f}"
                 f" GB; {available / 1e9:.1f} GB available")  # fmt: skip
    runs: list[Run] = []
    for list_size in args.lists:
        with fresh_database(args.db) as url, tempfile.TemporaryDirectory() as tmp:
            setup = prepare(url, list_size)
            say(f"list {list_size:,}: imported in {setup.import_s:.1f} s")
            for workers in args.workers:
                runs += run_workers(setup, workers, args, Path(tmp))
    print_table(runs)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in runs], indent=2), encoding="utf-8")
    bad = [r for r in runs if r.errors]
    for run in bad:
        say(f"FAILED {run.scenario} list={run.list_size} workers={run.workers}: {run.errors}")
    return 1 if bad else 0


def run_workers(setup: Setup, workers: int, args: argparse.Namespace, tmp: Path) -> list[Run]:
    work = tmp / f"w{workers}"
    work.mkdir()
    server = Server(setup.url, workers, args.port, work / "server.log")
    runs: list[Run] = []
    try:
        warm_s = server.wait_warm()
        say(f"  {workers} worker(s): ready after {warm_s:.1f} s")
        for scenario in args.scenarios:
            run = run_scenario(setup, server, scenario, args, work)
            runs.append(run)
            say(f"  {_line(run)}")
    finally:
        server.stop()
    lost, problems = check_writes(setup.url, sorted(work.glob("acked-ingest-*.json")))
    for run in runs:
        if run.scenario == "ingest":
            run.lost = lost
    if runs:
        runs[-1].errors += problems
    if any("Traceback" in line for line in server.log.read_text(encoding="utf-8").splitlines()):
        runs[-1].errors.append(f"the server logged a traceback; see {server.log}")
    return runs


def _line(run: Run) -> str:
    return (
        f"{run.scenario:<6} list={run.list_size:>9,} workers={run.workers} "
        f"requests={run.requests:,} failures={run.failures} {run.rps:,.1f} req/s "
        f"p50/p95/p99={run.p50_ms:.0f}/{run.p95_ms:.0f}/{run.p99_ms:.0f} ms "
        f"CPU ms/request server {run.server_cpu_ms:.1f} db {run.db_cpu_ms:.1f} "
        f"locust {run.client_cpu_ms:.1f} acked={run.acknowledged:,} load {run.load}"
    )


def print_table(runs: list[Run]) -> None:
    say("\n| endpoint | list | workers | requests | errors | lost | req/s | p50 ms | p95 ms | p99 ms "
        "| server CPU ms/req | PostgreSQL CPU ms/req | load |")  # fmt: skip
    say("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in runs:
        lost = str(r.lost) if r.scenario == "ingest" else ""
        say(f"| {r.scenario} | {r.list_size:,} | {r.workers} | {r.requests:,} | {r.failures} | "
            f"{lost} | {r.rps:,.1f} | {r.p50_ms:.0f} | {r.p95_ms:.0f} | {r.p99_ms:.0f} | "
            f"{r.server_cpu_ms:.1f} | {r.db_cpu_ms:.1f} | {r.load} |")  # fmt: skip


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _available_bytes() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


if __name__ == "__main__":
    sys.exit(main())
