"""Cryptocurrency wallet address formats, checked offline. Pure: no I/O.

Supported chains and what is checked:

- **bitcoin**: Base58Check with version byte 0x00 (P2PKH, ``1…``) or 0x05 (P2SH, ``3…``); or a
  native SegWit address ``bc1…``: Bech32 (BIP 173) for witness version 0 with a 20- or 32-byte
  program, Bech32m (BIP 350) for versions 1–16 with 2–40 bytes. Mixed case is refused.
- **ethereum**: ``0x`` and 40 hex digits; an all-lower or all-upper address carries no checksum,
  a mixed-case one must match its EIP-55 checksum (Keccak-256 of the lower-case hex).
- **tron**: Base58Check with version byte 0x41 (``T…``), 21 bytes of payload.

Keccak-256 is the original Keccak padding (0x01), not NIST SHA3-256 (0x06): ``hashlib.sha3_256``
cannot stand in, so the permutation is written out below (addresses are short: speed is moot).
"""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum

from lawbridge.errors import InvalidInput


class Chain(StrEnum):
    BITCOIN = "bitcoin"
    ETHEREUM = "ethereum"
    TRON = "tron"


# --- Keccak-256 ------------------------------------------------------------------------------

_MASK = (1 << 64) - 1
_ROUND_CONSTANTS = (
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
)  # fmt: skip
_ROTATIONS = (
    (0, 36, 3, 41, 18), (1, 44, 10, 45, 2), (62, 6, 43, 15, 61), (28, 55, 25, 21, 56),
    (27, 20, 39, 8, 14),
)  # fmt: skip
_RATE = 136  # bytes: 1600 - 2 * 256 bits


def _rotl(value: int, shift: int) -> int:
    return ((value << shift) | (value >> (64 - shift))) & _MASK if shift else value


def _permute(lanes: list[list[int]]) -> None:
    """Keccak-f[1600] on ``lanes[x][y]``, in place."""
    for constant in _ROUND_CONSTANTS:
        parity = [
            lanes[x][0] ^ lanes[x][1] ^ lanes[x][2] ^ lanes[x][3] ^ lanes[x][4] for x in range(5)
        ]
        for x in range(5):
            d = parity[(x - 1) % 5] ^ _rotl(parity[(x + 1) % 5], 1)
            for y in range(5):
                lanes[x][y] ^= d
        moved = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                moved[y][(2 * x + 3 * y) % 5] = _rotl(lanes[x][y], _ROTATIONS[x][y])
        for x in range(5):
            for y in range(5):
                lanes[x][y] = moved[x][y] ^ (~moved[(x + 1) % 5][y] & moved[(x + 2) % 5][y])
        lanes[0][0] ^= constant


def keccak256(data: bytes) -> bytes:
    """Keccak-256 as Ethereum uses it (``keccak256(b"")`` starts ``c5d24601``)."""
    padded = bytearray(data) + b"\x01" + bytes((-len(data) - 1) % _RATE)
    padded[-1] |= 0x80
    lanes = [[0] * 5 for _ in range(5)]
    for start in range(0, len(padded), _RATE):
        block = padded[start : start + _RATE]
        for i in range(_RATE // 8):
            lanes[i % 5][i // 5] ^= int.from_bytes(block[8 * i : 8 * i + 8], "little")
        _permute(lanes)
    return b"".join(lanes[i % 5][i // 5].to_bytes(8, "little") for i in range(4))


# --- Base58Check ------------------------------------------------------------------------------

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58check_decode(text: str) -> bytes | None:
    """The payload (version byte included) of a Base58Check string; None when it does not check."""
    if not text or any(c not in _B58 for c in text):
        return None
    number = 0
    for char in text:
        number = number * 58 + _B58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    raw = bytes(len(text) - len(text.lstrip("1"))) + body
    if len(raw) < 5:
        return None
    payload, checksum = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != checksum:
        return None
    return payload


# --- Bech32 / Bech32m -------------------------------------------------------------------------

_B32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
BECH32_CONST, BECH32M_CONST = 1, 0x2BC830A3


def _polymod(values: list[int]) -> int:
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i, generator in enumerate(_GENERATOR):
            check ^= generator if (top >> i) & 1 else 0
    return check


def _expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert_bits(data: list[int], source: int, target: int) -> bytes | None:
    """Regroup 5-bit groups into bytes; None on bad padding (BIP 173 rules)."""
    accumulator, bits, result = 0, 0, bytearray()
    for value in data:
        accumulator = (accumulator << source) | value
        bits += source
        while bits >= target:
            bits -= target
            result.append((accumulator >> bits) & ((1 << target) - 1))
    if bits >= source or (accumulator << (target - bits)) & ((1 << target) - 1):
        return None
    return bytes(result)


def segwit_decode(hrp: str, address: str) -> tuple[int, bytes] | None:
    """(witness version, program) of a native SegWit address of ``hrp``; None when invalid."""
    if address.lower() != address and address.upper() != address:
        return None
    text = address.lower()
    found, sep, data_part = text.rpartition("1")
    if not sep or found != hrp or len(text) > 90 or len(data_part) < 7:
        return None
    if any(c not in _B32 for c in data_part):
        return None
    data = [_B32.index(c) for c in data_part]
    version = data[0]
    constant = BECH32_CONST if version == 0 else BECH32M_CONST
    if version > 16 or _polymod(_expand(hrp) + data) != constant:
        return None
    program = _convert_bits(data[1:-6], 5, 8)
    if program is None or not 2 <= len(program) <= 40:
        return None
    if version == 0 and len(program) not in (20, 32):
        return None
    return version, program


# --- Per chain --------------------------------------------------------------------------------

_ETH = re.compile(r"^0x[0-9a-fA-F]{40}$")


def eip55(address: str) -> str:
    """The EIP-55 mixed-case checksum form of a ``0x`` + 40 hex address."""
    hexdigits = address[2:].lower()
    digest = keccak256(hexdigits.encode("ascii")).hex()
    return "0x" + "".join(
        c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c for i, c in enumerate(hexdigits)
    )


def _bitcoin(address: str) -> str | None:
    if address[:3].lower() == "bc1":
        return address.lower() if segwit_decode("bc", address) else None
    payload = base58check_decode(address)
    ok = payload is not None and len(payload) == 21 and payload[0] in (0x00, 0x05)
    return address if ok else None


def _ethereum(address: str) -> str | None:
    if not _ETH.match(address):
        return None
    digits = address[2:]
    checksummed = eip55(address)
    if digits != digits.lower() and digits != digits.upper() and address != checksummed:
        return None
    return checksummed


def _tron(address: str) -> str | None:
    payload = base58check_decode(address)
    ok = payload is not None and len(payload) == 21 and payload[0] == 0x41
    return address if ok else None


CHECKS = {Chain.BITCOIN: _bitcoin, Chain.ETHEREUM: _ethereum, Chain.TRON: _tron}


def guess_chain(address: str) -> Chain | None:
    """The chain an address's shape points to (None when no supported chain fits)."""
    if address.startswith("0x"):
        return Chain.ETHEREUM
    if address.startswith("T"):
        return Chain.TRON
    if address[:1] in ("1", "3") or address[:3].lower() == "bc1":
        return Chain.BITCOIN
    return None


def clean_wallet(address: str, chain: str | None) -> tuple[str, Chain]:
    """The address in its canonical form with its chain; InvalidInput when it does not check.

    Without ``chain`` the chain is taken from the address's shape (``0x`` Ethereum, ``T`` Tron,
    ``1``/``3``/``bc1`` Bitcoin). Bech32 addresses are lower-cased, Ethereum ones get EIP-55 case.
    """
    text = address.strip()
    if chain is None:
        chosen = guess_chain(text)
        if chosen is None:
            choices = ", ".join(c.value for c in Chain)
            raise InvalidInput(f"cannot tell the chain of '{text}'; supported: {choices}")
    else:
        try:
            chosen = Chain(chain)
        except ValueError as exc:
            choices = ", ".join(c.value for c in Chain)
            raise InvalidInput(f"chain must be one of: {choices}", {"field": "chain"}) from exc
    canonical = CHECKS[chosen](text)
    if canonical is None:
        raise InvalidInput(f"'{text}' is not a valid {chosen.value} address", {"field": "value"})
    return canonical, chosen
