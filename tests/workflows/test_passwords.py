"""The password hashes: argon2id with RFC 9106 parameters; the dummy hash verified for unknown
accounts costs what a real one does."""

from __future__ import annotations

import pytest
from argon2 import Type, extract_parameters

from lawbridge.workflows import passwords


def test_the_dummy_hash_has_the_parameters_of_a_real_password_hash() -> None:
    """(The tests' conftest swaps PASSWORDS for a cheap hasher; PASSWORD_COST is the real one's.)"""
    dummy = extract_parameters(passwords.DUMMY_PASSWORD_HASH)
    assert dummy.type is Type.ID
    cost = {"time_cost": dummy.time_cost, "memory_cost": dummy.memory_cost}
    assert cost | {"parallelism": dummy.parallelism} == passwords.PASSWORD_COST


def test_the_password_hasher_has_the_password_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real PASSWORDS, not the conftest's cheap one
    real = passwords.PASSWORDS
    cost = {"time_cost": real.time_cost, "memory_cost": real.memory_cost}
    assert cost | {"parallelism": real.parallelism} == passwords.PASSWORD_COST


def test_no_password_matches_an_account_without_one() -> None:
    assert not passwords.check_password(None, "lawbridge-dummy-password")
    assert not passwords.check_password(None, "anything")
    stored = passwords.hash_password("correct horse battery")
    assert passwords.check_password(stored, "correct horse battery")
    assert not passwords.check_password(stored, "wrong horse battery")
