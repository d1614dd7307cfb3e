"""Invariants of the audit hashing rules, for trees of every shape Hypothesis can think of."""

from __future__ import annotations

import hashlib
import json
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.domain import audit as rules
from tests.domain.merkle_reference import reference_root

SETTINGS = settings(max_examples=200, deadline=None)

# Distinct entries, so that "another index" always means another leaf.
leaf_lists = st.lists(st.binary(max_size=8), min_size=1, max_size=80, unique=True).map(
    lambda entries: [rules.leaf_hash(e) for e in entries]
)
json_scalars = st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@SETTINGS
@given(leaf_lists)
def test_frontier_root_equals_merkle_root_at_every_size(leaves: list[bytes]) -> None:
    frontier: list[bytes] = []
    for size, leaf in enumerate(leaves):
        frontier = rules.frontier_append(frontier, size, leaf)
        assert rules.frontier_root(frontier) == rules.merkle_root(leaves[: size + 1])
    assert rules.merkle_root(leaves) == reference_root(leaves)


@SETTINGS
@given(leaf_lists, st.data())
def test_every_inclusion_proof_verifies(leaves: list[bytes], data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(leaves) - 1))
    root = rules.merkle_root(leaves)
    path = rules.inclusion_path(index, leaves)
    assert len(path) <= max(1, len(leaves) - 1).bit_length()
    assert rules.verify_inclusion(index, len(leaves), leaves[index], path, root)


@SETTINGS
@given(leaf_lists, st.data())
def test_a_proof_fails_for_another_leaf_index_size_or_root(
    leaves: list[bytes], data: st.DataObject
) -> None:
    n = len(leaves)
    index = data.draw(st.integers(0, n - 1))
    root = rules.merkle_root(leaves)
    path = rules.inclusion_path(index, leaves)
    wrong_leaf = rules.leaf_hash(b"not in the tree")
    assert not rules.verify_inclusion(index, n, wrong_leaf, path, root)
    assert not rules.verify_inclusion(index, n, leaves[index], path, hashlib.sha256(root).digest())
    other = data.draw(st.integers(0, n).filter(lambda i: i != index))
    assert not rules.verify_inclusion(other, n, leaves[index], path, root)
    if path:
        bent = [*path[:-1], hashlib.sha256(path[-1]).digest()]
        assert not rules.verify_inclusion(index, n, leaves[index], bent, root)


@SETTINGS
@given(leaf_lists, st.data())
def test_a_proof_fails_for_a_larger_tree(leaves: list[bytes], data: st.DataObject) -> None:
    # A tree size whose path shape differs must not accept the proof (it would need other hashes).
    n = len(leaves)
    index = data.draw(st.integers(0, n - 1))
    path = rules.inclusion_path(index, leaves)
    bigger = [*leaves, rules.leaf_hash(b"extra")]
    assert not rules.verify_inclusion(index, n + 1, leaves[index], path, rules.merkle_root(bigger))


@SETTINGS
@given(st.dictionaries(st.text(), json_values, max_size=8), st.randoms(use_true_random=False))
def test_canonical_json_ignores_key_order(value: dict[str, Any], shuffler: random.Random) -> None:
    items = list(value.items())
    shuffler.shuffle(items)
    assert rules.canonical_json(dict(items)) == rules.canonical_json(value)


@SETTINGS
@given(json_values)
def test_canonical_json_is_a_fixed_point(value: Any) -> None:
    once = rules.canonical_json(value)
    assert rules.canonical_json(json.loads(once)) == once


@SETTINGS
@given(leaf_lists, st.data())
def test_every_consistency_proof_verifies(leaves: list[bytes], data: st.DataObject) -> None:
    first = data.draw(st.integers(1, len(leaves)))
    path = rules.consistency_path(first, leaves)
    first_root, second_root = rules.merkle_root(leaves[:first]), rules.merkle_root(leaves)
    assert rules.verify_consistency(first, len(leaves), first_root, second_root, path)


@SETTINGS
@given(leaf_lists, st.data())
def test_a_consistency_proof_fails_for_a_rewritten_history(
    leaves: list[bytes], data: st.DataObject
) -> None:
    first = data.draw(st.integers(1, len(leaves)))
    second = len(leaves)
    path = rules.consistency_path(first, leaves)
    first_root, second_root = rules.merkle_root(leaves[:first]), rules.merkle_root(leaves)
    # A prefix that differs in one leaf has another root; the proof must not join the two.
    changed = data.draw(st.integers(0, first - 1))
    forged = [
        *leaves[:changed],
        rules.leaf_hash(b"forged" + leaves[changed]),
        *leaves[changed + 1 :],
    ]
    forged_root = rules.merkle_root(forged[:first])
    assert not rules.verify_consistency(first, second, forged_root, second_root, path)
    if path:
        assert not rules.verify_consistency(first, second, first_root, second_root, path[:-1])
