"""Exact copies: SHA-256 of normalised bytes (text: the matching form; anything else: raw bytes)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from lawbridge.engines.signals.base import (
    Comparison,
    Example,
    IndexMatch,
    SignalIndex,
    SignalType,
    check_ref,
    dump_json,
    dump_shape,
    load_json,
)
from lawbridge.engines.signals.normalize import normalize_text, tokens
from lawbridge.errors import InvalidInput

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_KIND = "lawbridge.exact"


@dataclass(frozen=True, slots=True)
class ExactConfig:
    normalize_text: bool = True


class ExactSignal(SignalType[ExactConfig]):
    """SHA-256 of the content: for text, of its normalised token sequence (so case, width,
    zero-width characters, look-alike letters, traditional characters and spacing do not count);
    for bytes (an image, a file), of the raw bytes. Hex, lower case."""

    NAME = "exact_sha256"
    CONTENT = "any"
    CONFIG = {"normalize_text": "hash text in its matching form (else its UTF-8 bytes); true"}

    def __init__(self, config: ExactConfig | None = None) -> None:
        self.config = config or ExactConfig()

    def hash(self, content: str | bytes) -> str:
        if isinstance(content, str):
            text = (
                " ".join(tokens(normalize_text(content))) if self.config.normalize_text else content
            )
            return hashlib.sha256(text.encode("utf-8")).hexdigest()
        if isinstance(content, bytes | bytearray | memoryview):
            return hashlib.sha256(content).hexdigest()
        raise InvalidInput("exact: content must be str or bytes")

    def validate(self, signal: str) -> str:
        value = signal.strip().lower() if isinstance(signal, str) else ""
        if not _HEX64.match(value):
            raise InvalidInput("exact signal: 64 hex digits expected")
        return value

    def compare(self, query: str, reference: str) -> Comparison:
        same = self.validate(query) == self.validate(reference)
        return Comparison(same, 0.0 if same else 1.0, 1.0 if same else 0.0)

    def new_index(self) -> ExactIndex:
        return ExactIndex(self)

    @classmethod
    def examples(cls) -> list[Example]:
        return [
            Example("加 微 信 領 取 獎 金", "加微信领取奖金", True, "spacing + traditional"),
            Example("ＣＬＩＣＫ here for FREE", "click here for free", True, "width + case"),
            Example("加微信领取奖金", "加微信领取奖", False, "one character less"),
            Example(b"\x89PNG...", b"\x89PNG..!", False, "other bytes"),
        ]


class ExactIndex(SignalIndex):
    """A dict from signal to refs, for any signal type matched by equality (exact hashes,
    canonical URLs); exact by construction."""

    def __init__(self, signal_type: SignalType[Any] | None = None) -> None:
        self.signal_type: SignalType[Any] = signal_type or ExactSignal()
        self._refs: dict[str, list[str]] = {}

    def add(self, signal: str, ref: str) -> None:
        refs = self._refs.setdefault(self.signal_type.validate(signal), [])
        if check_ref(ref) not in refs:
            refs.append(ref)

    def remove(self, ref: str) -> int:
        removed = 0
        for key in list(self._refs):
            if ref in self._refs[key]:
                self._refs[key].remove(ref)
                removed += 1
                if not self._refs[key]:
                    del self._refs[key]
        return removed

    def query(self, signal: str) -> list[IndexMatch]:
        hit = Comparison(True, 0.0, 1.0)
        return [
            IndexMatch(ref, hit)
            for ref in sorted(self._refs.get(self.signal_type.validate(signal), []))
        ]

    def serialize(self) -> bytes:
        entries = [[k, v] for k, v in sorted(self._refs.items())]
        return dump_json(_KIND, {"signal_type": self.signal_type.NAME, "entries": entries})

    @classmethod
    def deserialize(cls, data: bytes, signal_type: SignalType[Any] | None = None) -> ExactIndex:
        index = cls(signal_type)
        doc = load_json(data, _KIND)
        if doc.get("signal_type") != index.signal_type.NAME:
            raise InvalidInput(f"exact index dump: not of {index.signal_type.NAME}")
        with dump_shape(_KIND):
            for key, refs in doc.get("entries", []):
                for ref in refs:
                    index.add(key, ref)
        return index

    def __len__(self) -> int:
        return sum(len(v) for v in self._refs.values())
