"""A document under construction whose labels come from construction, never from a detector.

``Doc.add`` appends plain strings, labelled values ``L(text, type)`` and recorded hard negatives
``H(text, kind)``; ``Doc.put(template, **slots)`` fills ``{slot}`` placeholders the same way. The
recorded negatives stay out of the published file; the tests check them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class L:
    """A labelled value."""

    text: str
    type: str


@dataclass(frozen=True)
class H:
    """A hard negative (never labelled), recorded with its kind."""

    text: str
    kind: str


Piece = str | L | H
SLOT = re.compile(r"\{(\w+)\}")


class Doc:
    def __init__(self, lang: str, kind: str) -> None:
        self.lang, self.kind = lang, kind
        self.parts: list[str] = []
        self.size = 0
        self.spans: list[dict[str, Any]] = []
        self.negatives: list[dict[str, Any]] = []

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def add(self, *pieces: Piece) -> Doc:
        for p in pieces:
            s = p if isinstance(p, str) else p.text
            if isinstance(p, L):
                self.spans.append({"start": self.size, "end": self.size + len(s), "type": p.type})
            elif isinstance(p, H):
                self.negatives.append(
                    {"start": self.size, "end": self.size + len(s), "kind": p.kind}
                )
            self.parts.append(s)
            self.size += len(s)
        return self

    def put(self, template: str, **slots: Piece) -> Doc:
        pos = 0
        for m in SLOT.finditer(template):
            self.add(template[pos : m.start()], slots[m.group(1)])
            pos = m.end()
        return self.add(template[pos:])

    def json_value(self, value: Any, indent: int | None, depth: int = 0) -> Doc:
        """Write ``value`` as JSON; strings may be L/H pieces (their span excludes the quotes)."""
        pad = "" if indent is None else "\n" + " " * (indent * (depth + 1))
        end = "" if indent is None else "\n" + " " * (indent * depth)
        sep = ", " if indent is None else ","
        if isinstance(value, dict):
            self.add("{")
            for i, (k, v) in enumerate(value.items()):
                self.add(sep if i else "", pad, json.dumps(k, ensure_ascii=False), ": ")
                self.json_value(v, indent, depth + 1)
            return self.add(end, "}")
        if isinstance(value, list):
            self.add("[")
            for i, v in enumerate(value):
                self.add(sep if i else "", pad)
                self.json_value(v, indent, depth + 1)
            return self.add(end, "]")
        if isinstance(value, L | H):
            quoted = json.dumps(value.text, ensure_ascii=False)
            assert quoted[1:-1] == value.text, value  # spans must stay exact
            return self.add('"', value, '"')
        return self.add(json.dumps(value, ensure_ascii=False))

    def record(self, doc_id: str) -> dict[str, Any]:
        return {
            "id": doc_id,
            "lang": self.lang,
            "kind": self.kind,
            "text": self.text,
            "spans": sorted(self.spans, key=lambda s: (s["start"], s["end"])),
            "negatives": self.negatives,
        }
