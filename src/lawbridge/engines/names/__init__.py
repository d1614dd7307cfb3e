"""The names engine: cross-script person matching and screening (pure; no I/O but its tables).

Public API::

    from lawbridge.engines.names import (
        PersonRecord, MatchConfig, Matcher, Comparison, NameIndex, Candidate, DEFAULT_THRESHOLD
    )

``Matcher`` is the built-in ``lawbridge_v1`` plug-in; :data:`MATCHERS` lists the built-ins for
``lawbridge.registry.Registry`` (entry-point group ``lawbridge.matchers``).
"""

from __future__ import annotations

from lawbridge.engines.names.compare import Comparison
from lawbridge.engines.names.index import Candidate, NameIndex
from lawbridge.engines.names.matchers import (
    DEFAULT_THRESHOLD,
    LawbridgeV1Matcher,
    MatchConfig,
    Matcher,
)
from lawbridge.engines.names.prepared import PreparedRecord
from lawbridge.engines.names.record import PersonRecord

MATCHERS: tuple[type[LawbridgeV1Matcher], ...] = (LawbridgeV1Matcher,)
ENTRY_POINT_GROUP = "lawbridge.matchers"

__all__ = [
    "DEFAULT_THRESHOLD",
    "ENTRY_POINT_GROUP",
    "MATCHERS",
    "Candidate",
    "Comparison",
    "LawbridgeV1Matcher",
    "MatchConfig",
    "Matcher",
    "NameIndex",
    "PersonRecord",
    "PreparedRecord",
]
