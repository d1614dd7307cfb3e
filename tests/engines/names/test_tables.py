"""The committed data/ tables equal a fresh run of genscripts/names_tables.py (CI fails when stale)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_committed_tables_are_fresh() -> None:
    spec = importlib.util.spec_from_file_location(
        "names_tables", ROOT / "genscripts" / "names_tables.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.build_tables()
    data = ROOT / "src" / "lawbridge" / "engines" / "names" / "data"
    committed = {p.name for p in data.glob("*.json")}
    assert committed == set(fresh), "run python genscripts/names_tables.py"
    for name, text in fresh.items():
        assert (data / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run python genscripts/names_tables.py"
        )
