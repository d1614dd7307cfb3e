"""The signals engine: content → signals, brute-force comparison, indexes (pure; no I/O).

Public API::

    from lawbridge.engines.signals import SIGNAL_TYPES, signal_registry, decode_image
    pdq = PdqSignal()
    image = pdq.decode(upload_bytes)              # decode once, hash with every image signal
    index = pdq.new_index()
    index.add(pdq.hash_reference(banned_bytes), "bank-entry-1")
    index.query(pdq.hash_image(image))            # [IndexMatch(ref, comparison)], best first
    pdq.compare(query_signal, reference_signal)   # brute force: what every index is tested against
    PdqIndex.deserialize(index.serialize())       # npz or JSON bytes, never pickle

Built-ins (:data:`SIGNAL_TYPES`, listed here explicitly): ``exact_sha256``, ``text_near_dup``,
``pdq``, ``image_multicrop``, ``url_canonical``, ``policy_rule``. Third-party signal types register
under the entry-point group ``lawbridge.signal_types`` (:func:`signal_registry`).
"""

from __future__ import annotations

from typing import Any

from lawbridge.engines.signals.base import (
    Comparison,
    Example,
    IndexMatch,
    SignalIndex,
    SignalType,
)
from lawbridge.engines.signals.exact import ExactConfig, ExactIndex, ExactSignal
from lawbridge.engines.signals.image import WorkImage, decode_image
from lawbridge.engines.signals.link import (
    Chain,
    LinkConfig,
    LinkIndex,
    LinkSignal,
    canonical_redirects,
    canonical_url,
    resolve_chain,
)
from lawbridge.engines.signals.multicrop import MultiCropConfig, MultiCropIndex, MultiCropSignal
from lawbridge.engines.signals.normalize import normalize_text
from lawbridge.engines.signals.pdq import PdqConfig, PdqIndex, PdqSignal
from lawbridge.engines.signals.rules import PolicyRuleSignal, RuleConfig, RuleHit, RuleIndex
from lawbridge.engines.signals.text import TextConfig, TextIndex, TextNearDupSignal
from lawbridge.registry import Registry

SIGNAL_TYPES: tuple[type[SignalType[Any]], ...] = (
    ExactSignal,
    TextNearDupSignal,
    PdqSignal,
    MultiCropSignal,
    LinkSignal,
    PolicyRuleSignal,
)
ENTRY_POINT_GROUP = "lawbridge.signal_types"


def signal_registry() -> Registry[SignalType[Any]]:
    """A registry of the built-in signal types (entry points are read when it is loaded)."""
    return Registry(ENTRY_POINT_GROUP, SIGNAL_TYPES)


__all__ = [
    "ENTRY_POINT_GROUP",
    "SIGNAL_TYPES",
    "Chain",
    "Comparison",
    "Example",
    "ExactConfig",
    "ExactIndex",
    "ExactSignal",
    "IndexMatch",
    "LinkConfig",
    "LinkIndex",
    "LinkSignal",
    "MultiCropConfig",
    "MultiCropIndex",
    "MultiCropSignal",
    "PdqConfig",
    "PdqIndex",
    "PdqSignal",
    "PolicyRuleSignal",
    "RuleConfig",
    "RuleHit",
    "RuleIndex",
    "SignalIndex",
    "SignalType",
    "TextConfig",
    "TextIndex",
    "TextNearDupSignal",
    "WorkImage",
    "canonical_redirects",
    "canonical_url",
    "decode_image",
    "normalize_text",
    "resolve_chain",
]
