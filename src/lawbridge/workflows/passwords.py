"""Hashing of passwords and token secrets with argon2id (argon2-cffi, RFC 9106 parameters)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# RFC 9106's second recommended option (64 MiB, 3 passes) for passwords people choose.
PASSWORD_COST = {"time_cost": 3, "memory_cost": 65536, "parallelism": 1}
PASSWORDS = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=1)  # PASSWORD_COST
# Token secrets are 256 random bits, so brute force is hopeless whatever the cost; a light argon2
# keeps a stolen table useless without making every API call pay 50 ms.
TOKENS = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
# Verified against when an account does not exist, so timing does not reveal which usernames exist.
# A constant made once by PASSWORDS.hash (a verification costs what its parameters say), not at
# import: hashing took 0.18 s of every process that imports this module, each CLI command included.
# tests/workflows/test_passwords.py checks that its parameters are PASSWORDS'.
DUMMY_PASSWORD_HASH = "$argon2id$v=19$m=65536,t=3,p=1$xYT5GbIGy1QBFh0SXQmMuA$WTX6R7iIyQjtvXHHo14XMDgNHQmnE46f5u1xGHi6+Ms"

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return PASSWORDS.hash(password)


def check_password(stored: str | None, password: str) -> bool:
    try:
        return PASSWORDS.verify(stored or DUMMY_PASSWORD_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def hash_secret(secret: str) -> str:
    return TOKENS.hash(secret)


def check_secret(stored: str, secret: str) -> bool:
    try:
        return TOKENS.verify(stored, secret)
    except (VerificationError, InvalidHashError):
        return False
