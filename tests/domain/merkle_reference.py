"""RFC 6962 §2.1 Merkle Tree Hash written as the RFC's recursion: an oracle independent of the
bottom-up and compact-range code in ``lawbridge.domain.audit``."""

from __future__ import annotations

import hashlib


def reference_root(leaves: list[bytes]) -> bytes:
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return hashlib.sha256(
        b"\x01" + reference_root(leaves[:k]) + reference_root(leaves[k:])
    ).digest()
