"""What every takedown keeps: evidence, statement of reasons, notice, and its audit event.

A takedown (a judged post, a copy or reshare found by propagation, or a post blocked at upload)
keeps a snapshot of the post and its signals with the snapshot's SHA-256 (of its compact
sorted-key JSON), its own statement of reasons in the DSA Transparency Database format, and a
notice to the author saying how to appeal. The evidence goes to the audit log in events of up to
500 takedowns (:func:`audit_takedowns`).

:class:`TakedownMaker` builds these rows for one decision in bulk: the statements of a decision
differ only in their ``puid``, their ``decision_facts`` and a few other facts, so a statement is
built (and JSON-encoded) by :func:`lawbridge.domain.content.statement_of_reasons` once per
(via, content, language, day) and copied with the row's ``puid`` and facts (the same dict, key
for key, and the same JSON text as building it anew).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, overload

from lawbridge.domain import audit as audit_rules
from lawbridge.domain.content import (
    AutomatedDecision,
    DecisionRecord,
    Modality,
    PostState,
    StatementFacts,
    Via,
    describe_match,
    statement_of_reasons,
    take_down,
)
from lawbridge.store import audit_log
from lawbridge.store.content_models import ContentDecision, ContentNotice, ContentTakedown
from lawbridge.workflows.content_bulk import (
    JSON_TEXT,
    PostLike,
    TakedownBatch,
    TakedownLike,
    TakedownRow,
    TakedownRows,
)
from lawbridge.workflows.unit import Unit

TAKEDOWN_TYPE = "content_takedown"
EVIDENCE_PER_EVENT = 500
# A statement is built once per (via, content, language, day) with these markers for its puid and
# ``decision_facts``, and copied with the takedown's own (the same dict, key for key, and the same
# JSON text as building it anew).
_PUID = "00000000-puid-0000-0000-000000000000"
_FACTS = "00000000-facts-0000-0000-000000000000"
_FACTS_JSON = f'"{_FACTS}"'
FACTS_LIMIT = 5000  # longer facts are clipped by statement_of_reasons: built anew


@dataclass(frozen=True, slots=True)
class Found:
    """How a stored post was found to copy the judged one."""

    signal: str
    distance: float
    detail: dict[str, Any] = field(default_factory=dict)


def record_of(decision: ContentDecision) -> DecisionRecord:
    """The decision record (legal ground, decider, automation) of a stored decision."""
    return DecisionRecord(
        category=decision.category,
        legal_ground=decision.legal_ground,
        explanation=decision.explanation,
        decider=decision.decider,
        automated_detection=decision.automated_detection,
        automated_decision=AutomatedDecision(decision.automated_decision),
    )


def modalities(post: PostLike) -> list[Modality]:
    """The kinds of content a post has (text, image, link)."""
    present = []
    if post.signals.get("text"):
        present.append(Modality.TEXT)
    if post.signals.get("pdq") or post.image_sha256:
        present.append(Modality.IMAGE)
    if post.signals.get("links"):
        present.append(Modality.LINK)
    return present


def snapshot(post: PostLike) -> dict[str, Any]:
    signals = {k: v for k, v in post.signals.items() if not k.startswith("_")}
    thumb = post.thumbnail
    return {
        "post_id": post.id,
        "external_id": post.external_id,
        "author": post.author,
        "posted_at": audit_rules.format_time(post.posted_at),
        "lang": post.lang,
        "text": post.text,
        "links": list(post.links),
        "image_sha256": post.image_sha256,
        "image_size": post.image_size,
        "thumbnail_sha256": hashlib.sha256(thumb).hexdigest() if thumb else None,
        "reshare_of": post.reshare_of,
        "reply_to": post.reply_to,
        "signals": signals,
    }


def evidence_digest(evidence: dict[str, Any]) -> str:
    """SHA-256 of the snapshot as compact JSON with sorted keys (UTF-8, no ASCII escapes)."""
    return hashlib.sha256(evidence_text(evidence).encode("utf-8")).hexdigest()


def evidence_text(evidence: dict[str, Any]) -> str:
    """The snapshot as compact JSON with sorted keys (what :func:`evidence_digest` hashes)."""
    return _COMPACT.encode(evidence)


_COMPACT = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class IdSource:
    """Random version-4 UUID strings, as :func:`lawbridge.store.models.new_id` writes them,
    drawn from ``os.urandom`` a block at a time (one per takedown and one per notice). Blocks
    start small and double up to ``BLOCK``: an upload block takes two ids, a decision thousands."""

    FIRST = 8
    BLOCK = 512

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._next = self.FIRST

    def __call__(self) -> str:
        if not self._ids:
            self._ids = self._block(self._next)
            self._next = min(self._next * 2, self.BLOCK)
        return self._ids.pop()

    @staticmethod
    def _block(n: int) -> list[str]:
        raw = bytearray(os.urandom(16 * n))
        for i in range(6, 16 * n, 16):
            raw[i] = (raw[i] & 0x0F) | 0x40  # version 4
            raw[i + 2] = (raw[i + 2] & 0x3F) | 0x80  # RFC 4122 variant
        h = raw.hex()
        return [
            f"{h[o : o + 8]}-{h[o + 8 : o + 12]}-{h[o + 12 : o + 16]}-{h[o + 16 : o + 20]}-"
            f"{h[o + 20 : o + 32]}"
            for o in range(0, 32 * n, 32)
        ]


def _distance(found: Found | None) -> float | None:
    return None if found is None else float(found.distance)


def notice_text(post: PostLike, statement: dict[str, Any]) -> str:
    return (
        f"Your post {post.external_id} was "
        f"{'blocked' if post.state == PostState.BLOCKED.value else 'removed'} "
        f"under {statement['illegal_content_legal_ground']}. {statement['decision_facts']} "
        f"You may appeal this decision (statement {statement['puid']})."
    )


class TakedownMaker:
    """Builds the takedowns of one decision (or one upload block): rows, evidence, statements
    and notices, with the statements of equal facts built once."""

    def __init__(
        self,
        record: DecisionRecord,
        decision_id: str | None,
        now: datetime,
        source: dict[str, str] | None = None,
    ) -> None:
        self.record = record
        self.decision_id = decision_id
        self.now = now
        self.source = source or {}
        self._statements: dict[tuple[Any, ...], tuple[dict[str, Any], str, list[str]]] = {}
        self.new_id = IdSource()

    def statement(
        self, puid: str, via: Via, post: PostLike, facts: str
    ) -> tuple[dict[str, Any], str]:
        """The statement of reasons of one takedown and its JSON text."""
        content = tuple(m.value for m in modalities(post))
        key = (via, content, post.lang, post.posted_at.date())
        cached = self._statements.get(key)
        if cached is None:
            cached = self._statements[key] = self._template(via, post, content)
        template, text, lists = cached
        if not text or len(facts) > FACTS_LIMIT:  # a marker clashes, or the facts are clipped
            return self._built(puid, via, post, content, facts)
        statement = template.copy()
        statement["puid"] = puid
        statement["decision_facts"] = facts
        for name in lists:  # no list shared between two statements
            statement[name] = list(statement[name])
        return statement, text.replace(_PUID, puid).replace(_FACTS_JSON, JSON_TEXT.encode(facts))

    def _built(
        self, puid: str, via: Via, post: PostLike, content: tuple[str, ...], facts: str
    ) -> tuple[dict[str, Any], str]:
        statement = statement_of_reasons(
            StatementFacts(
                puid=puid,
                via=via,
                decision=self.record,
                content=content,
                language=post.lang,
                content_date=post.posted_at,
                application_date=self.now,
                facts=facts,
            )
        )
        statement.update(self.source)
        return statement, JSON_TEXT.encode(statement)

    def _template(
        self, via: Via, post: PostLike, content: tuple[str, ...]
    ) -> tuple[dict[str, Any], str, list[str]]:
        """The statement with marker puid and facts, its JSON text ("" when a marker is found
        anywhere else in it) and its list-valued fields."""
        built, text = self._built(_PUID, via, post, content, _FACTS)
        if text.count(_PUID) != 1 or text.count(_FACTS) != 1 or _FACTS_JSON not in text:
            text = ""
        return built, text, [k for k, v in built.items() if type(v) is list]

    def row(
        self,
        post: PostLike,
        via: Via,
        source: str,
        found: Found | None,
        bank_entry_id: str | None = None,
        source_post_id: str | None = None,
    ) -> tuple[TakedownRow, str, str]:
        """The takedown of ``post`` with its evidence and statement as JSON text."""
        evidence = snapshot(post)
        text = _COMPACT.encode(evidence)
        takedown_id = self.new_id()
        signal = found.signal if found else None
        distance = _distance(found)
        facts = (
            f"{describe_match(via, source, signal, distance)} Decision: {self.record.explanation}"
        )
        statement, statement_text = self.statement(takedown_id, via, post, facts)
        row = TakedownRow(
            id=takedown_id,
            party_id=post.party_id,
            post_id=post.id,
            decision_id=self.decision_id,
            bank_entry_id=bank_entry_id,
            via=via.value,
            source_post_id=source_post_id,
            signal=signal,
            distance=distance,
            match=dict(found.detail) if found else {},
            evidence=evidence,
            evidence_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            statement=statement,
            state="active",
            created_at=self.now,
        )
        return row, text, statement_text

    def take(
        self,
        post: PostLike,
        via: Via,
        source: str,
        found: Found | None,
        batch: TakedownBatch,
        source_post_id: str | None = None,
    ) -> TakedownRow:
        """Take ``post`` down, collected in ``batch`` (written by :meth:`TakedownBatch.write`)."""
        post.state = take_down(post.state).value
        post.state_changed_at = self.now
        row, text, statement_text = self.row(post, via, source, found, None, source_post_id)
        seq = getattr(post, "seq", None)
        batch.add(row, text, self.notice(post, row), post.state, statement_text, seq)
        return row

    def notice(self, post: PostLike, row: TakedownRow) -> dict[str, Any]:
        return {
            "id": self.new_id(),
            "party_id": post.party_id,
            "post_id": post.id,
            "takedown_id": row.id,
            "appeal_id": None,
            "author": post.author,
            "kind": "takedown",
            "body": notice_text(post, row.statement),
            "created_at": self.now,
        }


@overload
def record_takedown(
    unit: Unit,
    post: PostLike,
    *,
    via: Via,
    record: DecisionRecord,
    decision_id: str | None,
    source: str,
    now: datetime,
    bank_entry_id: str | None = None,
    source_post_id: str | None = None,
    found: Found | None = None,
    batch: None = None,
) -> ContentTakedown: ...


@overload
def record_takedown(
    unit: Unit,
    post: PostLike,
    *,
    via: Via,
    record: DecisionRecord,
    decision_id: str | None,
    source: str,
    now: datetime,
    bank_entry_id: str | None = None,
    source_post_id: str | None = None,
    found: Found | None = None,
    batch: TakedownBatch,
) -> TakedownRow: ...


def record_takedown(
    unit: Unit,
    post: PostLike,
    *,
    via: Via,
    record: DecisionRecord,
    decision_id: str | None,
    source: str,
    now: datetime,
    bank_entry_id: str | None = None,
    source_post_id: str | None = None,
    found: Found | None = None,
    batch: TakedownBatch | None = None,
) -> ContentTakedown | TakedownRow:
    """Take ``post`` down (or mark it blocked) with evidence, statement of reasons and notice:
    added to the session, or collected in ``batch`` for :meth:`TakedownBatch.write`."""
    post.state = take_down(post.state).value
    post.state_changed_at = now
    maker = TakedownMaker(record, decision_id, now)
    row, text, statement_text = maker.row(post, via, source, found, bank_entry_id, source_post_id)
    notice = maker.notice(post, row)
    if batch is not None:
        batch.add(row, text, notice, post.state, statement_text)
        return row
    takedown = ContentTakedown(**row.values())
    unit.session.add(takedown)
    unit.session.add(ContentNotice(**notice))
    return takedown


def _json_number(value: float | None) -> float | int | None:
    """An integral distance as an int: the audit's canonical JSON writes it so anyway (RFC 8785),
    and would otherwise copy the item to convert it."""
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def audit_takedowns(unit: Unit, takedowns: Sequence[TakedownLike]) -> None:
    """The evidence of each takedown into the audit log, up to 500 takedowns per event (the
    events' payloads built already where ``takedowns`` carry them: :func:`takedown_events`)."""
    events = takedowns.events if isinstance(takedowns, TakedownRows) else None
    events = takedown_events(takedowns) if events is None else events
    if not events:
        return
    with audit_log.lz4_payloads(unit.session):  # large payloads: cheaper for the server
        for object_id, payload in events:
            unit.record("content.takedown", TAKEDOWN_TYPE, object_id, payload)


def takedown_events(takedowns: Sequence[TakedownLike]) -> list[tuple[str, dict[str, Any]]]:
    """The (object id, payload) of each ``content.takedown`` event of ``takedowns``.

    Where ``takedowns`` carry their evidence texts (:class:`TakedownRows`), a snapshot that RFC
    8785 writes as that text (:func:`_plain`) goes into the event's canonical text as it is,
    instead of being encoded a second time (:func:`audit_log.encode_payload`: the same bytes)."""
    texts = takedowns.evidence if isinstance(takedowns, TakedownRows) else None
    events = []
    for start in range(0, len(takedowns), EVIDENCE_PER_EVENT):
        chunk = takedowns[start : start + EVIDENCE_PER_EVENT]
        items = [_audit_item(t) for t in chunk]
        payload: dict[str, Any] = {"takedowns": items}
        if texts is not None:
            payload = _encoded(payload, items, texts[start : start + EVIDENCE_PER_EVENT])
        events.append((chunk[0].id, payload))
    return events


def _audit_item(t: TakedownLike) -> dict[str, Any]:
    return {
        "takedown": t.id,
        "post": t.post_id,
        "via": t.via,
        "decision": t.decision_id,
        "bank_entry": t.bank_entry_id,
        "signal": t.signal,
        "distance": _json_number(t.distance),
        "evidence_sha256": t.evidence_sha256,
        "snapshot": t.evidence,
    }


def _encoded(
    payload: dict[str, Any], items: list[dict[str, Any]], texts: Sequence[str]
) -> dict[str, Any]:
    """``payload`` with its canonical text made from the snapshots' texts where they are
    :func:`_plain` (or ``payload`` as it is, encoded in full by the audit log)."""
    parts: list[str] = []
    skeleton = []
    for item, text in zip(items, texts, strict=True):
        if _plain(item["snapshot"]):
            item = item.copy()
            item["snapshot"] = audit_log.PART
            parts.append(text)
        skeleton.append(item)
    if not parts:
        return payload
    return audit_log.encode_payload({"takedowns": skeleton}, parts, payload) or payload


_SAFE_INT = 2**53 - 1
_SNAPSHOT_TEXT = (
    "post_id", "external_id", "author", "posted_at", "lang", "text", "image_sha256",
    "thumbnail_sha256", "reshare_of", "reply_to",
)  # fmt: skip
_SNAPSHOT_KEYS = frozenset((*_SNAPSHOT_TEXT, "image_size", "links", "signals"))


def _plain(evidence: dict[str, Any]) -> bool:
    """Whether RFC 8785 writes this snapshot exactly as its evidence text (compact sorted-key
    JSON): keys ASCII (sorted alike in UTF-16), values strings, null, booleans, integers of at
    most 53 bits, and lists of strings; a float (which JCS may spell otherwise) or anything else
    says no, and the snapshot is encoded anew."""
    if evidence.keys() != _SNAPSHOT_KEYS:
        return False
    for name in _SNAPSHOT_TEXT:
        value = evidence.get(name)
        if value is not None and type(value) is not str:
            return False
    size = evidence.get("image_size")
    if size is not None and (type(size) is not int or not -_SAFE_INT <= size <= _SAFE_INT):
        return False
    links, signals = evidence.get("links"), evidence.get("signals")
    if type(links) is not list or type(signals) is not dict or not _strings(links):
        return False
    for key, value in signals.items():
        if type(key) is not str or not key.isascii():
            return False
        kind = type(value)
        if kind is list:
            if not _strings(value):
                return False
        elif not (kind is str or value is None or kind is bool):
            if kind is not int or not -_SAFE_INT <= value <= _SAFE_INT:
                return False
    return True


def _strings(values: list[Any]) -> bool:
    return all(type(v) is str for v in values)
