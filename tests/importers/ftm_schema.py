"""FtM's Person schema (copied from shared/external/ftm, MIT), flattened over ``extends`` for property checks."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

FTM = Path(__file__).parent / "data" / "ftm"


@cache
def schema_properties(name: str) -> dict[str, dict[str, Any]]:
    """Every property of schema ``name``, inherited ones included, with its YAML definition."""
    data = yaml.safe_load((FTM / f"{name}.yaml").read_text(encoding="utf-8"))[name]
    properties: dict[str, dict[str, Any]] = {}
    for parent in data.get("extends", []):
        properties |= schema_properties(parent)
    return properties | {k: v or {} for k, v in data.get("properties", {}).items()}


def assert_ftm_person(entity: dict[str, Any]) -> None:
    """``entity`` is a Person in FtM's JSON form and uses only Person properties."""
    assert set(entity) == {"id", "schema", "properties"}, entity
    assert entity["schema"] == "Person" and isinstance(entity["id"], str) and entity["id"]
    known = schema_properties("Person")
    unknown = set(entity["properties"]) - set(known)
    assert not unknown, f"not Person properties: {unknown}"
    assert entity["properties"]["name"], "Person requires a name"
    for values in entity["properties"].values():
        assert isinstance(values, list) and all(isinstance(v, str) for v in values)
