"""Under CI=true, a skipped PostgreSQL, browser or NATS test is a failure: CI must prove they ran."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

MUST_RUN = ("postgres", "browser", "nats")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if in_ci() and report.skipped and any(item.get_closest_marker(m) for m in MUST_RUN):
        report.outcome = "failed"
        report.longrepr = f"CI=true: a {'/'.join(MUST_RUN)} test must run, but it skipped: " + str(
            report.longrepr
        )
