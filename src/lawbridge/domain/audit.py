"""The audit log's hashing rules: canonical event bytes and RFC 6962 Merkle tree hashing.

Pure functions only; the store appends rows and the workflows verify them with these.

* An event's *entry* is the RFC 8785 canonical JSON of its fields (index, time, actor, party, action,
  object, payload hash). Its *leaf hash* is ``SHA-256(0x00 || entry)`` (RFC 6962 §2.1).
* The chain: ``chain_hash[i] = SHA-256(chain_hash[i-1] || leaf_hash[i])`` with ``chain_hash[-1]`` 32
  zero bytes; each row stores its predecessor's chain hash, so a row edited, inserted, deleted or
  moved breaks the link at its index.
* Checkpoints store the Merkle tree head (size, root) every N events; an inclusion proof shows one
  event under a checkpoint's root without the other events (RFC 6962 §2.1.1, RFC 9162 §2.1.3).

The Merkle code is written here rather than taken from a library because it must work from leaf
hashes that live in our own table (pymerkle keeps its own store); tests check it against pymerkle.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import rfc8785

GENESIS = bytes(32)


def canonical_json(value: Any) -> bytes:
    """RFC 8785 (JCS) canonical JSON bytes of ``value``.

    Fast path: where JCS and the C JSON encoder (sorted keys, compact, no ASCII escapes) agree,
    the latter writes the bytes; anything else (a float either would spell differently, a key
    that sorts differently in UTF-16, a non-string key, an integer out of range) goes to
    ``rfc8785``. The property test ``tests/domain/test_audit_canonical.py`` checks they agree.
    """
    ready = _jcs(value)
    if ready is not _UNSAFE:
        try:
            return _ENCODER.encode(ready).encode("utf-8")
        except (TypeError, ValueError, UnicodeEncodeError):
            pass
    return rfc8785.dumps(value)  # the slow path, or rfc8785's own error


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
_UNSAFE: Any = object()
_SAFE_INT = 2**53 - 1


def _jcs(value: Any) -> Any:
    """``value`` ready for the C encoder (integral floats as ints; containers copied only where
    something changed), or ``_UNSAFE`` where json.dumps would not write JCS."""
    kind = type(value)
    if kind is dict:
        return _jcs_dict(value)
    if kind is list or kind is tuple:
        return _jcs_list(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is int:
        return value if -_SAFE_INT <= value <= _SAFE_INT else _UNSAFE
    if kind is float:
        return _jcs_float(value)
    return _jcs_subclass(value)


def _jcs_dict(value: dict[Any, Any]) -> Any:
    out: dict[str, Any] | None = None
    for key, item in value.items():
        if type(key) is not str or not (key.isascii() or max(key) < "\ue000"):
            return _UNSAFE
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        ready = _jcs(item)
        if ready is _UNSAFE:
            return _UNSAFE
        if ready is not item:
            out = dict(value) if out is None else out
            out[key] = ready
    return value if out is None else out


def _jcs_list(value: list[Any] | tuple[Any, ...]) -> Any:
    out: list[Any] | None = None
    for i, item in enumerate(value):
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        ready = _jcs(item)
        if ready is _UNSAFE:
            return _UNSAFE
        if ready is not item:
            out = list(value) if out is None else out
            out[i] = ready
    return value if out is None else out


def _jcs_subclass(value: Any) -> Any:
    """Subclasses of the JSON types (enums, ordered dicts) as their base type; others unsafe."""
    if isinstance(value, str):
        return value  # the C encoder writes a str subclass's content, as rfc8785 does
    if isinstance(value, int):
        return _jcs(int(value))
    if isinstance(value, float):
        return _jcs_float(float(value))
    if isinstance(value, dict):
        return _jcs_dict(dict(value))
    if isinstance(value, (list, tuple)):
        return _jcs_list(list(value))
    return _UNSAFE


def _jcs_float(value: float) -> Any:
    """JCS writes an integral float as an integer; repr agrees with it for 1e-4 <= |x| < 1e16."""
    if value.is_integer():
        return int(value) if abs(value) <= _SAFE_INT else _UNSAFE
    magnitude = abs(value)
    return value if 1e-4 <= magnitude < 1e16 else _UNSAFE


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC time; a naive time is taken to be UTC already.

    Events are stored in UTC: SQLite keeps a time's wall-clock digits and drops its offset, so a
    time stored in any other zone would read back as a different instant and break its hash.
    """
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_time(moment: datetime) -> str:
    """UTC, microsecond, ``Z``-suffixed ISO 8601: the one spelling of a time inside hashes."""
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(slots=True, frozen=True)
class EventFields:
    """What the leaf hash commits to. ``payload_hash`` commits to the payload itself."""

    index: int
    occurred_at: str
    actor_id: str | None
    actor_label: str
    party_id: str | None
    action: str
    object_type: str | None
    object_id: str | None
    payload_hash: str

    def entry(self) -> bytes:
        return canonical_json(
            {
                "index": self.index,
                "occurred_at": self.occurred_at,
                "actor_id": self.actor_id,
                "actor_label": self.actor_label,
                "party_id": self.party_id,
                "action": self.action,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "payload_hash": self.payload_hash,
            }
        )


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def chain_hash(previous: bytes, leaf: bytes) -> bytes:
    return hashlib.sha256(previous + leaf).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """RFC 6962 Merkle Tree Hash of leaf hashes (MTH of an empty list is SHA-256 of nothing)."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    level = list(leaves)
    # Bottom-up pairing is equivalent to RFC 6962's recursive split: an odd node is promoted.
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def inclusion_path(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """RFC 6962 PATH(m, D[n]): sibling hashes from leaf ``index`` up to the root."""
    n = len(leaves)
    if not 0 <= index < n:
        raise ValueError(f"leaf {index} is outside a tree of {n}")
    if n == 1:
        return []
    k = _split(n)
    if index < k:
        return [*inclusion_path(index, leaves[:k]), merkle_root(leaves[k:])]
    return [*inclusion_path(index - k, leaves[k:]), merkle_root(leaves[:k])]


def verify_inclusion(
    index: int, tree_size: int, leaf: bytes, path: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does ``path`` prove ``leaf`` at ``index`` in a tree with ``root``?"""
    if not 0 <= index < tree_size:
        return False
    fn, sn = index, tree_size - 1
    result = leaf
    for sibling in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    return sn == 0 and result == root


def frontier_append(frontier: Sequence[bytes], size: int, leaf: bytes) -> list[bytes]:
    """Add ``leaf`` to a compact Merkle range.

    ``frontier`` holds the roots of the perfect subtrees that make up a tree of ``size`` leaves,
    largest first (one per set bit of ``size``); appending is O(log n) and needs no old leaves.
    """
    merged = [*frontier, leaf]
    n = size
    while n & 1:
        right = merged.pop()
        left = merged.pop()
        merged.append(node_hash(left, right))
        n >>= 1
    return merged


def frontier_root(frontier: Sequence[bytes]) -> bytes:
    """The RFC 6962 root of the tree a compact range describes."""
    if not frontier:
        return hashlib.sha256(b"").digest()
    root = frontier[-1]
    for subtree in reversed(frontier[:-1]):
        root = node_hash(subtree, root)
    return root


def consistency_path(first: int, leaves: Sequence[bytes]) -> list[bytes]:
    """RFC 6962 §2.1.2 PROOF(m, D[n]): shows the tree of the first ``first`` leaves is a prefix."""
    if not 0 < first <= len(leaves):
        raise ValueError(f"a tree of {first} is not a prefix of a tree of {len(leaves)}")
    return _subproof(first, leaves, complete=True)


def _subproof(m: int, leaves: Sequence[bytes], complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [merkle_root(leaves)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, leaves[:k], complete), merkle_root(leaves[k:])]
    return [*_subproof(m - k, leaves[k:], False), merkle_root(leaves[:k])]


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, path: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: does ``path`` prove the ``first``-leaf tree is a prefix of the second?"""
    if not 0 < first <= second:
        return False
    if first == second:
        return not path and first_root == second_root
    nodes = [first_root, *path] if first & (first - 1) == 0 else list(path)
    if not nodes:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = nodes[0]
    for node in nodes[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(node, fr), node_hash(node, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root
