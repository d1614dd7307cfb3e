"""Redaction and pseudonymisation operators (plug-ins, STYLE.md §3.3) and :func:`redact`.

An operator turns one detected value of one type into its replacement:

``mask``            ``13800138000`` → ``*******8000`` (keeps chosen letters/digits, never over half)
``replace``         ``13800138000`` → ``<PHONE>``
``hmac_pseudonym``  ``张伟`` → ``PERSON_kqzvbmtxrd`` (keyed HMAC-SHA256; same key, type, value → same
                    token, so joins still work; letters without vowels or digits, so no recogniser
                    reads a token as personal information)
``fake``            same length, shape and separators, digits to digits; valid check digits where
                    the type has one (Luhn, GB 11643, IBAN mod-97); derived from a key, so stable
``encrypt``         ``<ENC:PHONE:…>`` with AES-SIV under the operator's key; :meth:`decrypt` undoes it

``redact(text, spans, operator_by_type)`` merges overlapping spans (and adjacent spans of one type),
replaces each span from the original text, and reports what it did. ``redact_until_clean(text,
detect, …)`` repeats detect-and-redact until nothing of the redacted types is found (a recogniser
may accept a value only once its neighbour is gone). Idempotent by construction: the outputs of
``mask``, ``replace`` and ``hmac_pseudonym`` carry no pattern a recogniser reads as personal
information, so redacting redacted text finds nothing and changes nothing. Keys are bytes (or text,
UTF-8) of at least :data:`MIN_KEY_BYTES`. The fakes live in ``operator_fakes.py``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from lawbridge.engines.pii.operator_fakes import fake_value
from lawbridge.errors import InvalidInput

MIN_KEY_BYTES = 16
EXAMPLE_KEY = b"example-key-not-secret-0123456789"
PSEUDONYM_ALPHABET = "bcdfghjkmnpqrstvwxz"  # no vowels, no digits: never a word or a number
MASK_SEPARATORS = frozenset(" -")
NUMERIC_TYPES = frozenset(
    {"PHONE", "CN_RESIDENT_ID", "CREDIT_CARD", "US_SSN", "IBAN", "PASSPORT", "BANK_ACCOUNT"}
)
ENC_TOKEN = re.compile(r"<ENC:([A-Z][A-Z0-9_]*):([A-Za-z0-9_-]+)>")


def clean_key(key: bytes | str) -> bytes:
    """The key as bytes; shorter than :data:`MIN_KEY_BYTES` is refused."""
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if len(raw) < MIN_KEY_BYTES:
        raise InvalidInput(f"an operator key must be at least {MIN_KEY_BYTES} bytes long")
    return raw


# --- Spans ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """A typed character range ``[start, end)`` of a text."""

    type: str
    start: int
    end: int


class SpanLike(Protocol):
    @property
    def type(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Applied:
    """One replacement: the range in the original text and in the redacted one, and how."""

    type: str
    start: int
    end: int
    new_start: int
    new_end: int
    operator: str


def as_span(item: SpanLike | tuple[str, int, int], length: int) -> Span:
    if isinstance(item, tuple) and not hasattr(item, "type"):  # a Finding may be a NamedTuple
        span = Span(*item)
    else:
        found: SpanLike = item  # type: ignore[assignment]
        span = Span(found.type, found.start, found.end)
    if not 0 <= span.start < span.end <= length:
        raise InvalidInput(f"span {span.start}-{span.end} is outside a text of length {length}")
    return span


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Overlapping spans, and adjacent spans of one type, become one; the longest names the type."""
    merged: list[tuple[Span, int]] = []  # (group, length of its longest member)
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.type)):
        if merged:
            group, longest = merged[-1]
            touches = span.start < group.end or (
                span.start == group.end and span.type == group.type
            )
            if touches:
                size = span.end - span.start
                kind = span.type if size > longest else group.type
                merged[-1] = (Span(kind, group.start, max(group.end, span.end)), max(size, longest))
                continue
        merged.append((span, span.end - span.start))
    return [group for group, _ in merged]


# --- Operators -----------------------------------------------------------------------------------


class Operator(ABC):
    """A redaction operator: ``apply(value, type)`` returns the replacement of one value."""

    NAME: ClassVar[str]
    CONFIG: ClassVar[dict[str, str]]
    # Whether the output is never read as personal information (fake output is, by design).
    IDEMPOTENT: ClassVar[bool] = True

    @abstractmethod
    def apply(self, value: str, entity: str) -> str:
        """The replacement of ``value``, a detected value of type ``entity``."""

    def options(self) -> dict[str, Any]:
        """The configuration that shapes the output (never a key)."""
        return {}

    @property
    def config_hash(self) -> str:
        canonical = json.dumps({"name": self.NAME, **self.options()}, sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    @classmethod
    def for_example(cls) -> Operator:
        """An instance for :meth:`examples` (keyed operators use :data:`EXAMPLE_KEY`)."""
        return cls()

    @staticmethod
    def examples() -> list[tuple[str, str, str]]:
        """(type, value, output of ``for_example()``) triples; every operator lists some."""
        return []


class MaskOperator(Operator):
    """Hide a value behind a masking character, keeping the last (or first) letters/digits."""

    NAME = "mask"
    CONFIG = {
        "masking_char": "the character that replaces hidden characters (default '*')",
        "keep_last": "letters/digits kept at the end, at most half of them (default 4)",
        "keep_first": "letters/digits kept at the start, within the same half (default 0)",
    }

    def __init__(self, masking_char: str = "*", keep_last: int = 4, keep_first: int = 0) -> None:
        if len(masking_char) != 1 or masking_char.isalnum() or masking_char in MASK_SEPARATORS:
            raise InvalidInput("masking_char must be one character, not a letter, digit or space")
        if keep_last < 0 or keep_first < 0:
            raise InvalidInput("keep_last and keep_first must not be negative")
        self.masking_char, self.keep_last, self.keep_first = masking_char, keep_last, keep_first

    def options(self) -> dict[str, Any]:
        return {"char": self.masking_char, "last": self.keep_last, "first": self.keep_first}

    def apply(self, value: str, entity: str) -> str:
        keepable = [i for i, c in enumerate(value) if c.isascii() and c.isalnum()]
        budget = len(keepable) // 2  # never more than half: no full pattern survives
        first = min(self.keep_first, budget)
        last = min(self.keep_last, budget - first)
        kept = set(keepable[:first]) | set(keepable[len(keepable) - last :] if last else [])
        return "".join(
            c if i in kept or c in MASK_SEPARATORS else self.masking_char
            for i, c in enumerate(value)
        )

    @staticmethod
    def examples() -> list[tuple[str, str, str]]:
        return [
            ("PHONE", "13800138000", "*******8000"),
            ("CREDIT_CARD", "4111-1111-1111-1111", "****-****-****-1111"),
            ("PERSON", "张伟", "**"),
            ("EMAIL", "li.na@example.cn", "***********le*cn"),
        ]


class ReplaceOperator(Operator):
    """Replace a value with its type tag, e.g. ``<PHONE>``."""

    NAME = "replace"
    CONFIG = {"template": "the replacement; '{type}' becomes the type name (default '<{type}>')"}

    def __init__(self, template: str = "<{type}>") -> None:
        if any(c.isdigit() for c in template.replace("{type}", "")):
            raise InvalidInput("a replacement template must not contain digits")
        self.template = template

    def options(self) -> dict[str, Any]:
        return {"template": self.template}

    def apply(self, value: str, entity: str) -> str:
        return self.template.replace("{type}", entity)

    @staticmethod
    def examples() -> list[tuple[str, str, str]]:
        return [("PHONE", "13800138000", "<PHONE>"), ("PERSON", "王小明", "<PERSON>")]


def normalize_value(value: str, entity: str) -> str:
    """The form a pseudonym is computed from: 138 0013 8000 and 13800138000 are one number."""
    text = unicodedata.normalize("NFKC", value).casefold()
    if entity in NUMERIC_TYPES:
        return "".join(c for c in text if c.isalnum())
    return " ".join(text.split())


class HmacPseudonymOperator(Operator):
    """A keyed HMAC-SHA256 pseudonym ``TYPE_xxxxxxxxxx``: stable per key, type and value."""

    NAME = "hmac_pseudonym"
    CONFIG = {
        "key": "secret of at least 16 bytes; the same key gives the same pseudonyms",
        "length": "letters of the token (default 10, about 42 bits; 6 to 40)",
    }

    def __init__(self, key: bytes | str, length: int = 10) -> None:
        if not 6 <= length <= 40:
            raise InvalidInput("pseudonym length must be between 6 and 40")
        self._key, self.length = clean_key(key), length

    @classmethod
    def for_example(cls) -> Operator:
        return cls(EXAMPLE_KEY)

    def options(self) -> dict[str, Any]:
        return {"length": self.length}

    def apply(self, value: str, entity: str) -> str:
        message = f"{entity}\x1f{normalize_value(value, entity)}".encode()
        number = int.from_bytes(hmac.new(self._key, message, hashlib.sha256).digest(), "big")
        letters = []
        for _ in range(self.length):
            number, digit = divmod(number, len(PSEUDONYM_ALPHABET))
            letters.append(PSEUDONYM_ALPHABET[digit])
        return f"{entity}_{''.join(letters)}"

    @staticmethod
    def examples() -> list[tuple[str, str, str]]:
        return [
            ("PERSON", "张伟", "PERSON_vhtrwrrbpw"),
            ("PHONE", "138 0013 8000", "PHONE_svjjqcmpfx"),
            ("PHONE", "13800138000", "PHONE_svjjqcmpfx"),
        ]


class FakeOperator(Operator):
    """A format-preserving fake: same length, shape and separators; digits stay digits; valid
    check digits (Luhn, GB 11643, IBAN mod-97); the same key and value give the same fake."""

    NAME = "fake"
    IDEMPOTENT = False
    CONFIG = {"key": "secret of at least 16 bytes from which every fake is derived"}

    def __init__(self, key: bytes | str) -> None:
        self._key = clean_key(key)

    @classmethod
    def for_example(cls) -> Operator:
        return cls(EXAMPLE_KEY)

    def apply(self, value: str, entity: str) -> str:
        return fake_value(self._key, value, entity)

    @staticmethod
    def examples() -> list[tuple[str, str, str]]:
        return [
            ("CREDIT_CARD", "4111 1111 1111 1111", "4360 5289 2788 0290"),
            ("CN_RESIDENT_ID", "11010519491231002X", "610322198902268538"),
            ("PHONE", "13800138000", "13802589898"),
        ]


class EncryptOperator(Operator):
    """Reversible: ``<ENC:TYPE:…>`` by AES-SIV (deterministic, authenticated; the type is bound as
    associated data) under a key derived from the operator's key; :meth:`decrypt` restores it."""

    NAME = "encrypt"
    IDEMPOTENT = False  # a token's letters may happen to look like something
    CONFIG = {"key": "secret of at least 16 bytes; whoever holds it can decrypt"}

    def __init__(self, key: bytes | str) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESSIV

        derived = hashlib.sha512(b"lawbridge.pii.encrypt\x00" + clean_key(key)).digest()
        self._cipher = AESSIV(derived)

    @classmethod
    def for_example(cls) -> Operator:
        return cls(EXAMPLE_KEY)

    def apply(self, value: str, entity: str) -> str:
        sealed = self._cipher.encrypt(value.encode("utf-8"), [entity.encode()])
        return f"<ENC:{entity}:{base64.urlsafe_b64encode(sealed).decode().rstrip('=')}>"

    def decrypt(self, token: str) -> str:
        """The original value of one token; a token of another key is bad input."""
        match = ENC_TOKEN.fullmatch(token)
        if match is None:
            raise InvalidInput("not an encrypted token")
        return self._open(match)

    def decrypt_text(self, text: str) -> str:
        """``text`` with every token restored."""
        return ENC_TOKEN.sub(self._open, text)

    def _open(self, match: re.Match[str]) -> str:
        from cryptography.exceptions import InvalidTag

        sealed = base64.urlsafe_b64decode(match.group(2) + "=" * (-len(match.group(2)) % 4))
        try:
            return self._cipher.decrypt(sealed, [match.group(1).encode()]).decode("utf-8")
        except (InvalidTag, ValueError) as exc:
            raise InvalidInput("a token does not decrypt with this key") from exc

    @staticmethod
    def examples() -> list[tuple[str, str, str]]:
        return [("PHONE", "13800138000", "<ENC:PHONE:97jBulB8e-tnjE2HGnJaHyZR08psgqyGCbrX>")]


OPERATORS: tuple[type[Operator], ...] = (
    MaskOperator,
    ReplaceOperator,
    HmacPseudonymOperator,
    FakeOperator,
    EncryptOperator,
)
OPERATOR_ENTRY_POINT_GROUP = "lawbridge.operators"


def redact(
    text: str,
    spans: Iterable[SpanLike | tuple[str, int, int]],
    operator_by_type: Mapping[str, Operator],
    *,
    default: Operator | None = None,
) -> tuple[str, list[Applied]]:
    """``text`` with every span whose type has an operator (or ``default``) replaced.

    Overlapping spans merge, and so do adjacent spans of one type (the longest member names the
    merged span's type); each span is taken from the original text, so replacements never shift
    the others. Spans of types without an operator stay as they are.
    """
    chosen = [
        span
        for span in (as_span(item, len(text)) for item in spans)
        if span.type in operator_by_type or default is not None
    ]
    pieces: list[str] = []
    applied: list[Applied] = []
    cursor = position = 0
    for span in merge_spans(chosen):
        operator = operator_by_type.get(span.type, default)
        assert operator is not None  # noqa: S101 - filtered above
        before = text[cursor : span.start]
        replacement = operator.apply(text[span.start : span.end], span.type)
        new_start = position + len(before)
        pieces += [before, replacement]
        position = new_start + len(replacement)
        applied.append(Applied(span.type, span.start, span.end, new_start, position, operator.NAME))
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces), applied


def redact_until_clean(
    text: str,
    detect: Callable[[str], Iterable[SpanLike | tuple[str, int, int]]],
    operator_by_type: Mapping[str, Operator],
    *,
    default: Operator | None = None,
    max_rounds: int = 8,
) -> str:
    """``text`` redacted until ``detect`` finds no span that has an operator (or ``default``).

    One round is not always enough: a recogniser that refused a value because of its neighbour
    (an id followed by a phone number's digits) may accept it once the neighbour is a tag. The
    outputs of ``mask``, ``replace`` and ``hmac_pseudonym`` are never detected, so every round
    redacts original characters only and the loop ends; ``max_rounds`` bounds it all the same.
    ``fake`` and ``encrypt`` are refused here: redact once with :func:`redact` instead.
    """
    used = [*operator_by_type.values(), *([default] if default else [])]
    if not all(operator.IDEMPOTENT for operator in used):
        raise InvalidInput("only idempotent operators (mask, replace, hmac_pseudonym) settle")
    for _ in range(max_rounds):
        spans = [
            s
            for s in detect(text)
            if as_span(s, len(text)).type in operator_by_type or default is not None
        ]
        if not spans:
            return text
        text = redact(text, spans, operator_by_type, default=default)[0]
    raise InvalidInput(f"redaction did not settle after {max_rounds} rounds")
