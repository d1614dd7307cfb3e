"""The bulk takedown builder writes what building each takedown anew would: the same statement
of reasons (key for key, JSON text included) and version-4 UUIDs."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime

from lawbridge.domain.content import (
    AutomatedDecision,
    DecisionRecord,
    StatementFacts,
    Via,
    describe_match,
    statement_of_reasons,
)
from lawbridge.workflows.content_bulk import JSON_TEXT, PostView, TakedownBatch
from lawbridge.workflows.content_evidence import (
    Found,
    IdSource,
    TakedownMaker,
    evidence_digest,
    modalities,
)

RECORD = DecisionRecord(
    category="scam",
    legal_ground="Cybersecurity Law of the PRC, Art. 47",
    explanation="Prize scam.",
    decider="reviewer",
    automated_detection=False,
    automated_decision=AutomatedDecision.NOT_AUTOMATED,
)
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def view(i: int, lang: str | None, signals: dict[str, object]) -> PostView:
    return PostView(
        id=f"post-{i}",
        party_id="party",
        external_id=f"p{i}",
        author=f"u{i}",
        posted_at=datetime(2026, 11, 1 + i % 3, 8, i, tzinfo=UTC),
        lang=lang,
        text="恭喜您获得大奖" if signals.get("text") else "",
        image_sha256="ab" * 32 if signals.get("pdq") else None,
        image_size=100 if signals.get("pdq") else None,
        thumbnail=None,
        links=[],
        reshare_of=f"post-{i - 1}" if i % 2 else None,
        reply_to=None,
        signals=dict(signals),
        state="visible",
    )


def test_statements_equal_building_each_anew() -> None:
    maker = TakedownMaker(RECORD, "decision", NOW)
    batch = TakedownBatch()
    cases = [
        (Via.JUDGED, None, "decision d"),
        (Via.COPY, Found("text_near_dup", 0.0, {"containment": 1.0}), "post p0"),
        (Via.COPY, Found("pdq", 12.0, {"bits": 12}), "post p0"),
        (Via.RESHARE, None, "post post-3"),
    ]
    for i in range(24):
        signals: dict[str, object] = {"text": "恭 喜"} if i % 3 else {"pdq": "00" * 32}
        post = view(i, ["zh", "en-GB", None][i % 3], signals)
        via, found, source = cases[i % len(cases)]
        row = maker.take(post, via, source, found, batch)
        facts = describe_match(via, source, found.signal if found else None, row.distance)
        expected = statement_of_reasons(
            StatementFacts(
                puid=row.id,
                via=via,
                decision=RECORD,
                content=tuple(m.value for m in modalities(post)),
                language=post.lang,
                content_date=post.posted_at,
                application_date=NOW,
                facts=f"{facts} Decision: {RECORD.explanation}",
            )
        )
        assert row.statement == expected
        assert batch.statements[-1] == JSON_TEXT.encode(expected)
        assert row.evidence_sha256 == evidence_digest(row.evidence)
        assert json.loads(batch.evidence[-1]) == row.evidence
    first, second = batch.rows[1].statement, batch.rows[5].statement
    first["content_type"].append("changed")
    assert second["content_type"] == ["CONTENT_TYPE_TEXT"]  # no list shared between two


def _expected(maker: TakedownMaker, row_id: str, via: Via, post: PostView, facts: str) -> dict:
    statement = statement_of_reasons(
        StatementFacts(
            puid=row_id,
            via=via,
            decision=maker.record,
            content=tuple(m.value for m in modalities(post)),
            language=post.lang,
            content_date=post.posted_at,
            application_date=NOW,
            facts=facts,
        )
    )
    statement.update(maker.source)
    return statement


def test_statements_with_odd_facts_equal_building_each_anew() -> None:
    """Facts that JSON escapes, facts clipped at 5,000 characters, and decision texts that hold
    the template's own markers are written as building each statement anew would."""
    odd = '引号 "quoted" \\ back\nslash\t\u2028 00000000-facts-0000-0000-000000000000 '
    records = [
        RECORD,
        replace(RECORD, explanation=odd),
        replace(
            RECORD, legal_ground="00000000-puid-0000-0000-000000000000", explanation="x" * 6000
        ),
        replace(RECORD, legal_ground="00000000-facts-0000-0000-000000000000"),
    ]
    for n, record in enumerate(records + [RECORD]):
        maker = TakedownMaker(record, "decision", NOW, {"source_identity": odd} if n else None)
        batch = TakedownBatch()
        for i, source in enumerate([odd, "post p1", odd * 200, "post p2"]):
            post = view(i, "zh", {"text": "恭 喜"})
            row = maker.take(post, Via.RESHARE, source, None, batch)
            facts = (
                f"{describe_match(Via.RESHARE, source, None, None)} Decision: {record.explanation}"
            )
            expected = _expected(maker, row.id, Via.RESHARE, post, facts)
            assert row.statement == expected
            assert list(row.statement) == list(expected)
            assert batch.statements[-1] == JSON_TEXT.encode(expected)


def test_source_of_an_order_replaces_the_voluntary_source() -> None:
    source = {"source_type": "SOURCE_TYPE_OTHER_NOTIFICATION", "source_identity": "office"}
    maker = TakedownMaker(RECORD, "decision", NOW, source)
    row = maker.take(view(1, "zh", {"text": "恭 喜"}), Via.JUDGED, "d", None, TakedownBatch())
    assert row.statement["source_type"] == "SOURCE_TYPE_OTHER_NOTIFICATION"
    assert row.statement["source_identity"] == "office"


def test_ids_are_distinct_version_4_uuids() -> None:
    source = IdSource()
    ids = [source() for _ in range(5 * IdSource.BLOCK)]
    assert len(set(ids)) == len(ids)
    for text in ids:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122
