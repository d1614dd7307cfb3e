"""Validate STIX 2.1 bundles against the OASIS JSON schemas kept in ``shared/external/stix2``.

The bundle schema lets unknown object types through as custom objects, so each object is also
validated against its own SDO/SRO/SCO/marking schema where one exists.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import referencing

STIX = Path(__file__).resolve().parents[3] / "shared" / "external" / "stix2"
if not STIX.exists():
    STIX = Path("/work/shared/external/stix2")
SCHEMAS = STIX / "schemas"
FOLDERS = ("sdos", "sros", "observables", "common")


@cache
def _registry() -> tuple[referencing.Registry[Any], dict[str, dict[str, Any]]]:
    documents = {p: json.loads(p.read_text()) for p in SCHEMAS.glob("*/*.json")}
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        (d["$id"], referencing.Resource.from_contents(d)) for d in documents.values()
    )
    by_name = {f"{p.parent.name}/{p.stem}": d for p, d in documents.items()}
    return registry, by_name


def _validator(name: str) -> jsonschema.Draft202012Validator:
    registry, by_name = _registry()
    return jsonschema.Draft202012Validator(by_name[name], registry=registry)


def schema_errors(bundle: dict[str, Any]) -> list[str]:
    """Every schema error of ``bundle`` and of each of its objects; empty when valid."""
    _, by_name = _registry()
    errors = [e.message for e in _validator("common/bundle").iter_errors(bundle)]
    for obj in bundle.get("objects", []):
        for folder in FOLDERS:
            name = f"{folder}/{obj.get('type')}"
            if name in by_name:
                found = _validator(name).iter_errors(obj)
                errors += [f"{obj.get('id')}: {e.message}" for e in found]
                break
    return errors


def example(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((STIX / "examples" / name).read_text())
    return loaded
