"""Promise 4 of docs/trust.md: schemathesis against the OpenAPI document finds no 5xx, no schema break.

A small, derandomised pass of ``bench/trust_fuzz_api.py`` (a few schema-valid and schema-breaking
requests per operation, every schemathesis check, an authenticated seeded world) on SQLite and
PostgreSQL, so a new endpoint that answers 500 or breaks its documented answer fails CI. The full
run (200 examples per operation, stateful) is the bench script. A second test shows the harness
does catch a 500.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lawbridge.workflows import documents
from lawbridge.workflows.unit import Context

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import trust_fuzz_api  # noqa: E402

EXAMPLES = 2  # per operation: one schema-valid, one schema-breaking


def test_no_operation_answers_5xx_or_breaks_its_schema(context: Context) -> None:
    results = trust_fuzz_api.run_fuzz(context, max_examples=EXAMPLES, stateful_examples=0)
    # Every documented operation was exercised (the two probes have nothing to vary).
    assert len(results) > 150
    assert all(stats.examples >= 1 for stats in results)
    # Requests are authenticated: the listings and reads of the seeded world answer 2xx.
    assert sum(stats.accepted for stats in results) > 50
    failed = {stats.label: stats.samples for stats in results if stats.failed}
    assert failed == {}


def test_the_harness_reports_a_500(context: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("planted bug")

    monkeypatch.setattr(documents, "list_documents", broken)
    results = trust_fuzz_api.run_fuzz(
        context, max_examples=EXAMPLES, stateful_examples=0, match="GET /api/v1/documents"
    )
    listing = next(s for s in results if s.label == "GET /api/v1/documents")
    assert listing.server_errors == listing.examples > 0
    assert listing.failed
    assert not next(s for s in results if s.label == "GET /api/v1/documents/{document_id}").failed
