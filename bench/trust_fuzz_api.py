#!/usr/bin/env python3
# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""API fuzzing against the OpenAPI document (issue 9, promise 4): 0 5xx, 0 schema violations.

  python bench/trust_fuzz_api.py [--max-examples 200] [--stateful-examples 50]
                                 [--no-stateful | --stateful-only]
                                 [--match SUBSTRING] [--database-url URL] [--seed N] [--json OUT]
                                 [--show CHECK ...]

schemathesis reads ``/api/v1/openapi.json`` from the app in-process (ASGI transport, no socket)
over a fresh database (default: a SQLite file in a temporary folder; a PostgreSQL URL gets a
schema of its own, dropped at the end). The world is seeded like the tests' ``world`` fixture: an
agency (CN) and a provider party, each with one account holding every role; a request goes out
with the provider's token when its path is under ``/api/v1/provider/``, the agency's otherwise.

Every operation gets ``--max-examples`` generated requests, half schema-valid (positive) and half
schema-breaking (negative), each answer checked by **all** of schemathesis' checks. Then, unless
``--no-stateful``, the stateful run (schemathesis' state machine over the links it infers from the
document) chains calls, e.g. create a case then transition it, ``--stateful-examples`` scenarios.

It prints, per operation: examples sent, 5xx answers, schema violations (an answer whose status,
content type, headers or body the document does not allow), and the other checks' findings. Exit
status 1 on any 5xx or schema violation. The other checks (e.g. ``positive_data_acceptance``: a
valid-looking request answered 404 because its random id names nothing) are reported, not failed.
``--show CHECK`` (repeatable, e.g. ``--show negative_data_rejection``) prints every finding of that
check with the request that drew it (as a curl command) and keeps them in the ``--json`` output.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.result import Err

from lawbridge.domain.actor import Actor
from lawbridge.domain.roles import Role
from lawbridge.server.app import create_app
from lawbridge.settings import Settings
from lawbridge.store import migrate
from lawbridge.store.db import Database, scratch_schema
from lawbridge.workflows import accounts, auth, parties
from lawbridge.workflows.unit import Context

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SYSTEM = Actor.system("trust-fuzz")
SPEC = "/api/v1/openapi.json"
# Checks whose failure means the answer broke the published document.
SCHEMA_CHECKS = frozenset(
    {
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    }
)
STATEFUL = "(stateful)"
# A schema-breaking request counts as rejected when answered with one of these: schemathesis' default
# list plus 413. A body over ``LAWBRIDGE_MAX_BODY_BYTES`` (1 MiB; schemathesis stretches strings past
# a ``maxLength``, some of 1,000,000) is refused with 413 in the one error shape before a field is
# read; 413 is documented on every operation that takes a body, but the default list lacks it.
REJECTED = "400 401 403 404 405 406 409 413 415 422 428 429 5xx".split()


@dataclass
class OperationStats:
    label: str
    examples: int = 0
    accepted: int = 0  # answered 2xx: the request got past validation and authorization
    server_errors: int = 0
    schema_violations: int = 0
    other: Counter[str] = field(default_factory=Counter)
    errors: int = 0  # the call itself raised (the app crashed through the transport)
    samples: list[str] = field(default_factory=list)
    other_samples: list[str] = field(default_factory=list)  # the first few other findings
    shown: list[str] = field(default_factory=list)  # every finding of the --show checks

    def note(self, kind: str, message: str) -> None:
        if len(self.samples) < 3:
            self.samples.append(f"{kind}: {message.strip()[:400]}")

    @property
    def failed(self) -> bool:
        return bool(self.server_errors or self.schema_violations or self.errors)


@dataclass
class Tokens:
    agency: str
    provider: str

    def headers_for(self, path: str) -> dict[str, str]:
        token = self.provider if path.startswith("/api/v1/provider/") else self.agency
        return {"Authorization": f"Bearer {token}"}


def seed_world(context: Context) -> Tokens:
    """An agency and a provider, each with one account holding every role, and their API tokens."""
    tokens: dict[str, str] = {}
    with context.write(SYSTEM) as unit:
        for slug, kind, jurisdiction in (
            ("cn-agency", "agency", "CN"),
            ("provider", "provider", "CN"),
        ):
            party = parties.create_party(
                unit, slug=slug, name=f"{slug} (fuzz)", kind=kind, jurisdiction=jurisdiction
            )
            account = accounts.create_account(
                unit,
                party=party.id,
                username=f"fuzz@{slug}",
                display_name=f"fuzzer of {slug}",
                roles=[role.value for role in Role],
                password="correct horse battery",
            )
            _, tokens[kind] = auth.issue_token(unit, account.id, "fuzz")
    return Tokens(agency=tokens["agency"], provider=tokens["provider"])


@contextlib.contextmanager
def fresh_database(url: str | None) -> Iterator[Database]:
    """A migrated, empty database: a SQLite file, or a PostgreSQL schema dropped afterwards."""
    if url is None or url.startswith("sqlite"):
        with tempfile.TemporaryDirectory(prefix="lawbridge-fuzz-") as folder:
            db = Database(url or f"sqlite:///{Path(folder) / 'fuzz.db'}")
            migrate.upgrade(db)
            try:
                yield db
            finally:
                db.dispose()
        return
    with scratch_schema(url, "fuzz") as schema_url:
        db = Database(schema_url)
        try:
            migrate.upgrade(db)
            yield db
        finally:
            db.dispose()


# Checks whose every finding is kept with its request (``--show``).
SHOW: set[str] = set()


def all_checks() -> list[Any]:
    load_all_checks()
    return list(CHECKS.get_all())


def record(stats: OperationStats, case: Any, call: Callable[[], Any], checks: list[Any]) -> None:
    """Send one case, count it and classify every check failure on its answer."""
    try:
        response = call()
    except Exception as exc:  # the app raised through the ASGI transport: a 500 to a client
        raised(stats, case, exc)
        return
    classify(stats, case, response, checks)


def raised(stats: OperationStats, case: Any, exc: Exception) -> None:
    stats.examples += 1
    stats.errors += 1
    stats.server_errors += 1
    stats.note("raised", f"{type(exc).__name__}: {exc}  [{case.method} {case.formatted_path}]")


def classify(
    stats: OperationStats, case: Any, response: Any, checks: list[Any], recorder: Any = None
) -> None:
    """Count one answer and classify every check failure on it."""
    stats.examples += 1
    if 200 <= response.status_code < 300:
        stats.accepted += 1
    if response.status_code >= 500:
        stats.server_errors += 1
        stats.note("5xx", f"{response.status_code} {case.as_curl_command()}\n{response.text[:300]}")
    failures: list[Failure] = []
    try:
        case.validate_response(
            response,
            checks=checks,
            headers=dict(case.headers or {}),
            transport_kwargs=None,
            recorder=recorder,
        )
    except FailureGroup as group:
        failures = list(group.exceptions)
    except Failure as single:
        failures = [single]
    for found in failures:
        names = found.checks or (type(found).__name__,)
        if "not_a_server_error" in names:
            continue  # counted from the status code above
        if SCHEMA_CHECKS.intersection(names):
            stats.schema_violations += 1
            stats.note("schema", f"{found.title}: {found.message}  [{case.as_curl_command()}]")
        else:
            stats.other[names[0]] += 1
            if len(stats.other_samples) < 3:
                where = f"{case.method} {case.formatted_path} -> {response.status_code}"
                stats.other_samples.append(f"{names[0]}: {found.title} [{where}]"[:400])
            if SHOW.intersection(names):
                stats.shown.append(
                    f"{names[0]} -> {response.status_code}: {found.message.strip()[:600]}\n"
                    f"    {case.as_curl_command()}"
                )


def fuzz_operation(
    operation: Any, tokens: Tokens, max_examples: int, seed: int | None, checks: list[Any]
) -> OperationStats:
    stats = OperationStats(operation.label)
    headers = tokens.headers_for(operation.path)
    for mode, share in (
        (GenerationMode.POSITIVE, (max_examples + 1) // 2),
        (GenerationMode.NEGATIVE, max_examples // 2),
    ):
        if share == 0:
            continue
        strategy = operation.as_strategy(generation_mode=mode)

        @hypothesis.settings(
            max_examples=share,
            deadline=None,
            database=None,
            derandomize=seed is None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case: Any) -> None:
            case.headers = {**(case.headers or {}), **headers}
            record(stats, case, lambda: case.call(), checks)

        if seed is not None:
            run = hypothesis.seed(seed)(run)
        try:
            run()
        except hypothesis.errors.Unsatisfiable:
            pass  # no more distinct cases to draw (e.g. an operation without parameters)
    return stats


def fuzz_stateful(
    schema: Any, tokens: Tokens, examples: int, seed: int | None, checks: list[Any]
) -> OperationStats:
    stats = OperationStats(STATEFUL)
    base = schema.as_state_machine()

    class Machine(base):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": tokens.headers_for(case.path)}

        def call(self, case: Any, **kwargs: Any) -> Any:
            case.headers = {**(case.headers or {}), **kwargs.pop("headers", {})}
            try:
                return case.call(**kwargs)
            except Exception as exc:
                raised(stats, case, exc)
                raise RuntimeError("the call raised; counted") from exc

        def validate_response(self, response: Any, case: Any, *args: Any, **kwargs: Any) -> None:
            # With the scenario's recorder, so use_after_free and ensure_resource_availability
            # can look back at the earlier steps.
            classify(stats, case, response, checks, recorder=getattr(self, "recorder", None))

    settings = hypothesis.settings(
        max_examples=examples,
        stateful_step_count=6,
        deadline=None,
        database=None,
        derandomize=seed is None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    with contextlib.suppress(RuntimeError):
        run_state_machine_as_test(Machine, settings=settings, _min_steps=2)
    return stats


def run_fuzz(
    context: Context,
    *,
    max_examples: int,
    stateful_examples: int,
    match: str | None = None,
    seed: int | None = None,
    operations: bool = True,
    progress: Callable[[OperationStats], None] | None = None,
) -> list[OperationStats]:
    tokens = seed_world(context)
    # schemathesis' auth checks send wrong tokens from one address by the thousand: past the
    # failed-token limit every answer would be 429 (server/auth_limits.py, tested on its own).
    unlimited = context.settings.model_copy(update={"api_token_max_failures": 10**9})
    app = create_app(settings=unlimited, context=context)
    config = schemathesis.Config.from_dict(
        {"checks": {"negative_data_rejection": {"expected-statuses": REJECTED}}}
    )
    schema = schemathesis.openapi.from_asgi(SPEC, app, config=config)
    checks = all_checks()
    results: list[OperationStats] = []
    for result in schema.get_all_operations() if operations else []:
        if isinstance(result, Err):  # the document describes this operation badly
            broken = OperationStats(str(result.err()), schema_violations=1)
            results.append(broken)
            continue
        operation = result.ok()
        if match and match not in operation.label:
            continue
        stats = fuzz_operation(operation, tokens, max_examples, seed, checks)
        results.append(stats)
        if progress:
            progress(stats)
    if stateful_examples > 0 and not match:
        stats = fuzz_stateful(schema, tokens, stateful_examples, seed, checks)
        results.append(stats)
        if progress:
            progress(stats)
    return results


def line(stats: OperationStats) -> str:
    other = ", ".join(f"{name} {n}" for name, n in sorted(stats.other.items()))
    flag = "FAIL" if stats.failed else "ok  "
    return (
        f"{flag} {stats.label:<70} examples {stats.examples:>4}  2xx {stats.accepted:>4}  5xx {stats.server_errors:>3}"
        f"  schema {stats.schema_violations:>3}  other: {other or '-'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--max-examples", type=int, default=200, help="per operation (default 200)")
    parser.add_argument("--stateful-examples", type=int, default=50, help="state-machine runs")
    parser.add_argument("--no-stateful", action="store_true")
    parser.add_argument("--stateful-only", action="store_true", help="skip the per-operation runs")
    parser.add_argument("--match", help="only operations whose label contains this")
    parser.add_argument(
        "--database-url", help="default: a SQLite file; a PostgreSQL URL gets a schema"
    )
    parser.add_argument("--seed", type=int, help="hypothesis seed (default: derandomized)")
    parser.add_argument("--json", type=Path, help="write the per-operation figures here")
    parser.add_argument(
        "--show",
        action="append",
        default=[],
        metavar="CHECK",
        help="print every finding of this check with its request (repeatable)",
    )
    args = parser.parse_args()
    if args.max_examples < 1 or args.stateful_examples < 0:
        parser.error("--max-examples must be >= 1 and --stateful-examples >= 0")
    SHOW.update(args.show)
    started = time.perf_counter()
    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    with fresh_database(args.database_url) as db:
        context = Context(Settings(env="test", database_url=db.url), db)
        results = run_fuzz(
            context,
            max_examples=args.max_examples,
            stateful_examples=0 if args.no_stateful else args.stateful_examples,
            match=args.match,
            seed=args.seed,
            operations=not args.stateful_only,
            progress=lambda s: print(line(s), flush=True),
        )
    elapsed = time.perf_counter() - started
    failed = [s for s in results if s.failed]
    for stats in failed:
        print(f"\n{stats.label}:")
        for sample in stats.samples:
            print(f"  {sample}")
    for stats in results:
        if stats.shown:
            print(f"\n{stats.label}: {len(stats.shown)} shown")
            for finding in stats.shown:
                print(f"  {finding}")
    total = sum(s.examples for s in results)
    other: Counter[str] = Counter()
    for stats in results:
        other.update(stats.other)
    print(
        f"\n{len(results)} operations, {total} requests,"
        f" 2xx {sum(s.accepted for s in results)}, 5xx {sum(s.server_errors for s in results)},"
        f" schema violations {sum(s.schema_violations for s in results)},"
        f" other findings {dict(sorted(other.items()))}; {elapsed:.0f} s,"
        f" load average at end {os.getloadavg()[0]:.2f}"
    )
    if args.json:
        rows = [asdict(s) | {"other": dict(s.other)} for s in results]
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
