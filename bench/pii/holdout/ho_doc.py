"""Document builder for the held-out PII test set.

`Doc` records a label for every value it is given as `V(text, type)` while writing it, and a hard
negative for every `N(text, kind)`; plain strings are unlabelled. Labels therefore come from
construction, never from a detector.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class V:
    """A labelled value."""

    text: str
    type: str


@dataclass(frozen=True)
class N:
    """A hard negative (unlabelled, but recorded so tests can check it stays invalid)."""

    text: str
    kind: str


Item = str | V | N
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass
class Doc:
    lang: str
    kind: str
    parts: list[str] = field(default_factory=list)
    spans: list[dict[str, Any]] = field(default_factory=list)
    negatives: list[dict[str, Any]] = field(default_factory=list)
    pos: int = 0

    def add(self, *items: Item) -> Doc:
        for it in items:
            s = it if isinstance(it, str) else it.text
            if isinstance(it, V):
                self.spans.append({"start": self.pos, "end": self.pos + len(s), "type": it.type})
            elif isinstance(it, N):
                self.negatives.append(
                    {"start": self.pos, "end": self.pos + len(s), "kind": it.kind}
                )
            self.parts.append(s)
            self.pos += len(s)
        return self

    def fill(self, template: str, **slots: Item) -> Doc:
        """Write ``template`` with ``{name}`` slots replaced by the given items."""
        last = 0
        for m in _SLOT.finditer(template):
            self.add(template[last : m.start()], slots[m.group(1)])
            last = m.end()
        return self.add(template[last:])

    @property
    def text(self) -> str:
        return "".join(self.parts)


def write_json(
    d: Doc,
    fields: list[tuple[str, object]],
    indent: int | None,
    bare_digits: bool = False,
    depth: int = 1,
) -> None:
    """One JSON object written by hand so every value's span is known; nested lists of pairs become
    nested objects. Strings go through json.dumps (values never need escaping; asserted)."""
    nl = "\n" if indent else ""
    pad = " " * (indent or 0) * depth
    d.add("{" + nl)
    for i, (k, v) in enumerate(fields):
        d.add(pad + json.dumps(k, ensure_ascii=False) + (": " if indent else ":"))
        if isinstance(v, list):
            write_json(d, v, indent, bare_digits, depth + 1)
        elif isinstance(v, int | float | bool) or v is None:
            d.add(json.dumps(v))
        else:
            text = v.text if isinstance(v, V | N) else str(v)
            assert json.dumps(text, ensure_ascii=False) == f'"{text}"', text
            if bare_digits and isinstance(v, V) and text.isdigit() and v.type == "PHONE":
                d.add(v)
            else:
                d.add('"', v, '"')  # type: ignore[arg-type]
        d.add(("," if i < len(fields) - 1 else "") + nl)
    d.add(" " * (indent or 0) * (depth - 1) + "}")
