"""Stored answers for Idempotency-Key: per account, bound to one request."""

from __future__ import annotations

import pytest

from lawbridge.errors import InvalidInput
from lawbridge.workflows import idempotency
from lawbridge.workflows.unit import Context
from tests.conftest import World


@pytest.mark.parametrize(
    ("key", "clean"), [("abc", "abc"), (" spaced ", "spaced"), ("键-1", "键-1")]
)
def test_check_key_accepts(key: str, clean: str) -> None:
    assert idempotency.check_key(key) == clean


@pytest.mark.parametrize("key", ["", "   ", "a\x00b", "new\nline", "k" * 201])
def test_check_key_refuses(key: str) -> None:
    with pytest.raises(InvalidInput, match="Idempotency-Key"):
        idempotency.check_key(key)


def test_answers_are_per_account_and_bound_to_the_request(context: Context, world: World) -> None:
    answer = idempotency.StoredAnswer(201, '{"id": "1"}')
    cn, us = world.cn["analyst"].actor, world.us["analyst"].actor
    with context.write(cn) as unit:
        assert idempotency.find_answer(unit, "k", "hash-1") is None
        idempotency.save_answer(
            unit, key="k", method="POST", path="/x", request_hash="hash-1", answer=answer
        )
    with context.read(cn) as unit:
        assert idempotency.find_answer(unit, "k", "hash-1") == answer
        with pytest.raises(InvalidInput, match="different request"):
            idempotency.find_answer(unit, "k", "hash-2")
    with context.read(us) as unit:
        assert idempotency.find_answer(unit, "k", "hash-2") is None
