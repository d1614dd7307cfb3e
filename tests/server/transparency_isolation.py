"""Transparency reports' rows in the party-isolation table (``test_isolation.py``): the endpoints
that take a party id, tried with party cn's (an agency's id must answer like one that is absent)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.conftest import World

T = "/api/v1/transparency"


@dataclass(frozen=True)
class Swap:
    method: str
    path: str  # as in the OpenAPI document
    json: dict[str, Any] | None = None


TRANSPARENCY_SWAPS = [
    Swap("GET", f"{T}/{{party_id}}/report"),
    Swap("GET", f"{T}/{{party_id}}/events/{{index}}/proof"),
    Swap("GET", f"{T}/{{party_id}}/consistency"),
]


def transparency_ids(world: World) -> dict[str, str]:
    return {"party_id": world.cn.id}
