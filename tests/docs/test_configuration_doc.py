"""Every setting has a heading in docs/configuration.md (datasette's tested-docs rule)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lawbridge.settings import Settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
HEADINGS = set(re.findall(r"^## (LAWBRIDGE_[A-Z_]+)$", DOC.read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_setting_is_documented(name: str) -> None:
    assert f"LAWBRIDGE_{name.upper()}" in HEADINGS


def test_no_documented_setting_is_gone() -> None:
    known = {f"LAWBRIDGE_{name.upper()}" for name in Settings.model_fields}
    assert HEADINGS - known == {"LAWBRIDGE_TEST_DATABASE_URL", "LAWBRIDGE_TEST_NATS_URL"}


def test_every_field_has_a_description() -> None:
    missing = [n for n, f in Settings.model_fields.items() if not f.description]
    assert missing == []
