"""The audit log's hashing rules against RFC 6962 test vectors, a reference and pymerkle."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pymerkle import InmemoryTree

from lawbridge.domain import audit as rules
from tests.domain.merkle_reference import reference_root

# The leaf inputs and tree heads of Certificate Transparency's RFC 6962 test vectors (also used by
# transparency-dev/merkle): MTH of the first n inputs, for n = 1 .. 8.
CT_INPUTS = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes(range(0x50, 0x58)),
    bytes(range(0x60, 0x70)),
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (leaf index, tree size) -> audit path, from the same vectors.
CT_PATHS = {
    (0, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (5, 8): [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 3): ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    (1, 5): [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}
CT_LEAVES = [rules.leaf_hash(data) for data in CT_INPUTS]


def test_empty_tree_root_is_sha256_of_nothing() -> None:
    empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert rules.merkle_root([]).hex() == empty
    assert rules.frontier_root([]).hex() == empty


def test_leaf_and_node_hashes_use_rfc6962_prefixes() -> None:
    assert rules.leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert rules.node_hash(b"L", b"R") == hashlib.sha256(b"\x01LR").digest()
    assert rules.chain_hash(b"P", b"L") == hashlib.sha256(b"PL").digest()


@pytest.mark.parametrize("size", range(1, 9))
def test_ct_tree_heads(size: int) -> None:
    assert rules.merkle_root(CT_LEAVES[:size]).hex() == CT_ROOTS[size - 1]


@pytest.mark.parametrize(("index", "size"), sorted(CT_PATHS))
def test_ct_inclusion_paths(index: int, size: int) -> None:
    path = rules.inclusion_path(index, CT_LEAVES[:size])
    assert [h.hex() for h in path] == CT_PATHS[(index, size)]
    root = bytes.fromhex(CT_ROOTS[size - 1])
    assert rules.verify_inclusion(index, size, CT_LEAVES[index], path, root)


@pytest.mark.parametrize("size", range(0, 70))
def test_roots_agree_with_reference_and_pymerkle(size: int) -> None:
    entries = [f"entry {i}".encode() for i in range(size)]
    leaves = [rules.leaf_hash(e) for e in entries]
    tree = InmemoryTree(algorithm="sha256")
    for entry in entries:
        tree.append_entry(entry)
    assert rules.merkle_root(leaves) == reference_root(leaves) == tree.get_root()


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13, 33])
def test_inclusion_paths_agree_with_pymerkle(size: int) -> None:
    entries = [f"entry {i}".encode() for i in range(size)]
    leaves = [rules.leaf_hash(e) for e in entries]
    tree = InmemoryTree(algorithm="sha256")
    for entry in entries:
        tree.append_entry(entry)
    for index in range(size):
        theirs = tree.prove_inclusion(index + 1)  # pymerkle counts leaves from one
        ours = rules.inclusion_path(index, leaves)
        # pymerkle's path starts with the leaf itself, then the same siblings bottom-up.
        assert theirs.path == [leaves[index], *ours]
        theirs.verify(leaves[index], tree.get_root(), index=index + 1, size=size)
        assert rules.verify_inclusion(index, size, leaves[index], ours, tree.get_root())


def test_inclusion_path_refuses_an_index_outside_the_tree() -> None:
    with pytest.raises(ValueError, match="outside a tree of 3"):
        rules.inclusion_path(3, CT_LEAVES[:3])
    with pytest.raises(ValueError):
        rules.inclusion_path(-1, CT_LEAVES[:3])


def test_verify_inclusion_rejects_malformed_proofs() -> None:
    root = bytes.fromhex(CT_ROOTS[7])
    path = rules.inclusion_path(5, CT_LEAVES)
    assert rules.verify_inclusion(5, 8, CT_LEAVES[5], path, root)
    assert not rules.verify_inclusion(5, 8, CT_LEAVES[5], [*path, path[0]], root)  # too long
    assert not rules.verify_inclusion(5, 8, CT_LEAVES[5], path[:-1], root)  # too short
    assert not rules.verify_inclusion(8, 8, CT_LEAVES[5], path, root)  # index past the end
    assert not rules.verify_inclusion(-1, 8, CT_LEAVES[5], path, root)
    assert not rules.verify_inclusion(0, 0, CT_LEAVES[0], [], rules.merkle_root([]))
    assert rules.verify_inclusion(0, 1, CT_LEAVES[0], [], CT_LEAVES[0])


def test_frontier_holds_one_subtree_root_per_set_bit() -> None:
    frontier: list[bytes] = []
    for size, leaf in enumerate(CT_LEAVES):
        frontier = rules.frontier_append(frontier, size, leaf)
        assert len(frontier) == bin(size + 1).count("1")
        assert rules.frontier_root(frontier).hex() == CT_ROOTS[size]
    assert frontier == [bytes.fromhex(CT_ROOTS[7])]


def test_canonical_json_is_rfc8785() -> None:
    value = {"b": [1, 2.5, "x"], "a": {"z": None, "é": True}, "10": 1e21}
    assert rules.canonical_json(value) == (
        '{"10":1e+21,"a":{"z":null,"é":true},"b":[1,2.5,"x"]}'.encode()
    )
    assert rules.canonical_json({"k": "\u2028"}) == b'{"k":"\xe2\x80\xa8"}'


def test_times_are_hashed_in_utc_with_microseconds() -> None:
    shanghai = timezone(timedelta(hours=8))
    moment = datetime(2024, 1, 1, 20, 0, 0, 5, tzinfo=shanghai)
    assert rules.format_time(moment) == "2024-01-01T12:00:00.000005Z"
    assert rules.format_time(datetime(2024, 1, 1, 12, 0, 0, 5)) == "2024-01-01T12:00:00.000005Z"
    assert rules.as_utc(moment) == moment
    assert rules.as_utc(moment).tzinfo is UTC


def test_event_entry_commits_to_every_field() -> None:
    base = rules.EventFields(
        index=3,
        occurred_at="2024-01-01T00:00:00.000000Z",
        actor_id="a",
        actor_label="Alice",
        party_id="p",
        action="case.open",
        object_type="case",
        object_id="c1",
        payload_hash=rules.sha256_hex(b"{}"),
    )
    entry = base.entry()
    assert entry.startswith(b'{"action":"case.open","actor_id":"a"')
    changes = {
        "index": 4,
        "occurred_at": "2024-01-01T00:00:00.000001Z",
        "actor_id": None,
        "actor_label": "Mallory",
        "party_id": "q",
        "action": "case.close",
        "object_type": "party",
        "object_id": "c2",
        "payload_hash": rules.sha256_hex(b"[]"),
    }
    for name, value in changes.items():
        assert dataclasses.replace(base, **{name: value}).entry() != entry, name


def rfc6962_example() -> dict[str, bytes]:
    """The seven-leaf tree of RFC 6962 §2.1.3, its nodes named as in the RFC's figure."""
    nodes = {name: rules.leaf_hash(f"d{i}".encode()) for i, name in enumerate("abcdef")}
    nodes["j"] = rules.leaf_hash(b"d6")
    for name, (left, right) in {"g": "ab", "h": "cd", "i": "ef", "k": "gh", "l": "ij"}.items():
        nodes[name] = rules.node_hash(nodes[left], nodes[right])
    return nodes


@pytest.mark.parametrize(("first", "expected"), [(3, "cdgl"), (4, "l"), (6, "ijk"), (7, "")])
def test_consistency_paths_of_the_rfc_example(first: int, expected: str) -> None:
    nodes = rfc6962_example()
    leaves = [nodes[n] for n in "abcdefj"]
    path = rules.consistency_path(first, leaves)
    assert path == [nodes[n] for n in expected]
    old = rules.merkle_root(leaves[:first])
    assert rules.verify_consistency(first, 7, old, rules.merkle_root(leaves), path)


@pytest.mark.parametrize(("index", "expected"), [(0, "bhl"), (3, "cgl"), (4, "fjk"), (6, "ik")])
def test_inclusion_paths_of_the_rfc_example(index: int, expected: str) -> None:
    nodes = rfc6962_example()
    leaves = [nodes[n] for n in "abcdefj"]
    assert rules.inclusion_path(index, leaves) == [nodes[n] for n in expected]


def test_consistency_path_refuses_a_tree_that_is_not_a_prefix() -> None:
    leaves = [rules.leaf_hash(b"x")] * 3
    for first in (0, 4):
        with pytest.raises(ValueError, match="not a prefix"):
            rules.consistency_path(first, leaves)
    assert not rules.verify_consistency(0, 3, b"", b"", [])
    assert not rules.verify_consistency(4, 3, b"", b"", [])
