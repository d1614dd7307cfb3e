from __future__ import annotations

import pytest

SKIPPING = """
import pytest

@pytest.mark.postgres
def test_needs_server():
    pytest.skip("no server")

@pytest.mark.browser
def test_needs_browser():
    pytest.skip("no chromium")

def test_plain_skip():
    pytest.skip("optional")
"""


def test_skips_fail_under_ci(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    pytester.makepyfile(SKIPPING)
    result = pytester.runpytest(
        "-p",
        "tests.plugins.ci_guard",
        "--strict-markers",
        "-p",
        "no:cacheprovider",
        "-o",
        "markers=postgres\nbrowser",
    )
    result.assert_outcomes(failed=2, skipped=1)


def test_skips_are_skips_outside_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    pytester.makepyfile(SKIPPING)
    result = pytester.runpytest("-p", "tests.plugins.ci_guard", "-o", "markers=postgres\nbrowser")
    result.assert_outcomes(skipped=3)
