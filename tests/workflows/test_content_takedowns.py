"""Decisions propagate at once to stored copies, near-copies and reshares (not replies or quotes),
block future uploads, keep evidence and a valid DSA statement of reasons, and commit whole or not
at all."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import func, select

from lawbridge.domain import audit as rules
from lawbridge.domain.content import PostState
from lawbridge.errors import InvalidTransition, NotFound
from lawbridge.store import audit_log
from lawbridge.store.content_models import (
    ContentBankEntry,
    ContentDecision,
    ContentNotice,
    ContentTakedown,
)
from lawbridge.store.models import AuditEvent
from lawbridge.workflows import monitoring, takedowns
from lawbridge.workflows.content_evidence import TakedownMaker
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.workflows.content_helpers import (
    COPIES,
    INNOCENT,
    SCAM_ZH,
    T0,
    Feed,
    build_world_feed,
    dsa_validator,
)


def judge(feed: Feed, pid: str = "judged", **extra: object) -> takedowns.DecisionResult:
    with feed.context.write(feed.actor) as unit:
        return takedowns.decide(
            unit,
            feed.ids[pid],
            category="scam",
            legal_ground="Cybersecurity Law of the PRC, Art. 47",
            explanation="Prize scam asking victims to add a contact.",
            **extra,  # type: ignore[arg-type]
        )


@pytest.fixture
def feed(context: Context, world: World) -> Feed:
    built = Feed(context, world.provider["admin"].actor)
    build_world_feed(built)
    return built


def test_decision_takes_down_copies_and_reshares_but_not_replies(feed: Feed) -> None:
    result = judge(feed)
    states = feed.states()
    assert {p for p in COPIES | {"judged"} if states[p] == "taken_down"} == COPIES | {"judged"}
    assert {p for p in INNOCENT if states[p] == "visible"} == INNOCENT
    vias = {t.post_id: t.via for t in result.takedowns}
    assert vias[feed.ids["judged"]] == "judged"
    assert vias[feed.ids["copy"]] == "copy"
    assert vias[feed.ids["reshare2"]] == "reshare"
    signals = {t.post_id: t.signal for t in result.takedowns}
    assert signals[feed.ids["crop"]] in ("pdq", "image_multicrop")
    assert signals[feed.ids["short"]] == "url_canonical"
    assert signals[feed.ids["embedded"]] in ("text_near_dup", "exact_sha256")


def test_future_uploads_and_reshares_are_blocked(feed: Feed) -> None:
    judge(feed)
    assert feed.post("again", "快看 " + SCAM_ZH).action == "blocked"
    assert feed.post("mirror", "wow", image="mirror").action == "blocked"
    assert feed.post("link", "", links=["http://www.phish.example/login?utm_source=x"]).action == (
        "blocked"
    )
    assert feed.post("reshare-judged", "", reshare_of="judged").action == "blocked"
    assert feed.post("innocent", "今天天气很好，我们去公园散步吧").action == "published"
    assert feed.post("quote", "别信这种'加微信领取现金红包'的骗局").action == "published"


def test_every_statement_of_reasons_validates_against_the_dsa_schema(feed: Feed) -> None:
    judge(feed)
    feed.post("again", SCAM_ZH + "!!")
    validator = dsa_validator()
    with feed.context.read(feed.actor) as unit:
        found = takedowns.list_takedowns(unit, limit=1000)
    assert len(found) == len(COPIES) + 2
    for takedown in found:
        errors = [e.message for e in validator.iter_errors(takedown.statement)]
        assert errors == [], takedown.via
        assert takedown.statement["puid"] == takedown.id
    automated = {t.via: t.statement["automated_decision"] for t in found}
    assert automated["judged"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert automated["copy"] == "AUTOMATED_DECISION_PARTIALLY"
    assert automated["upload_block"] == "AUTOMATED_DECISION_FULLY"
    copy = next(t for t in found if t.via == "copy")
    assert "by signal" in copy.statement["decision_facts"]


def test_evidence_and_notices(feed: Feed) -> None:
    result = judge(feed)
    with feed.context.read(feed.actor) as unit:
        events = unit.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "content.takedown")
        ).all()
        notices = unit.session.scalars(select(ContentNotice)).all()
    logged = {
        item["takedown"]: item
        for event in events
        for item in audit_rules_payload(event)["takedowns"]
    }
    for takedown in result.takedowns:
        item = logged[takedown.id]
        text = json.dumps(
            item["snapshot"], sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        digest = hashlib.sha256(text.encode()).hexdigest()
        assert digest == takedown.evidence_sha256 == item["evidence_sha256"]
        assert item["snapshot"]["post_id"] == takedown.post_id
    assert {n.post_id for n in notices if n.kind == "takedown"} == {
        t.post_id for t in result.takedowns
    }
    judged = next(t for t in result.takedowns if t.via == "judged")
    assert judged.evidence["text"] == SCAM_ZH
    assert judged.evidence["thumbnail_sha256"] is not None
    assert {"text", "text_sha256", "pdq", "image_multicrop", "links"} <= set(
        logged[judged.id]["snapshot"]["signals"]
    )


def audit_rules_payload(event: AuditEvent) -> dict[str, object]:
    import json

    payload: dict[str, object] = json.loads(event.payload)
    return payload


def test_a_failing_propagation_commits_nothing(feed: Feed, monkeypatch: pytest.MonkeyPatch) -> None:
    real = TakedownMaker.take
    calls = {"n": 0}

    def flaky(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    before = feed.states()
    with feed.context.read(feed.actor) as unit:
        events = unit.session.scalar(select(func.count()).select_from(AuditEvent))
    monkeypatch.setattr(TakedownMaker, "take", flaky)
    with pytest.raises(RuntimeError):
        judge(feed)
    assert feed.states() == before
    with feed.context.read(feed.actor) as unit:
        for model in (ContentDecision, ContentTakedown, ContentBankEntry, ContentNotice):
            assert unit.session.scalar(select(func.count()).select_from(model)) == 0
        assert unit.session.scalar(select(func.count()).select_from(AuditEvent)) == events
    monkeypatch.setattr(TakedownMaker, "take", real)
    assert len(judge(feed).takedowns) == len(COPIES) + 1


def test_a_deleted_post_cannot_be_judged(feed: Feed) -> None:
    with feed.context.write(feed.actor) as unit:
        monitoring.delete_post(unit, feed.ids["judged"])
    with pytest.raises(InvalidTransition):
        judge(feed)


def test_modality_limits_what_propagates(feed: Feed) -> None:
    result = judge(feed, modalities=["link"])
    taken = {t.post_id for t in result.takedowns}
    assert taken == {feed.ids["judged"], feed.ids["short"]}


def test_another_party_cannot_judge_or_read(feed: Feed, world: World) -> None:
    with feed.context.write(world.us["admin"].actor) as unit, pytest.raises(NotFound):
        takedowns.decide(
            unit, feed.ids["judged"], category="scam", legal_ground="x", explanation="y"
        )


def test_image_only_decision_ignores_the_caption(feed: Feed) -> None:
    result = judge(feed, modalities=["image"])
    taken = {t.post_id for t in result.takedowns}
    assert feed.ids["crop"] in taken and feed.ids["copy"] not in taken


def test_takedown_audit_events_are_stored_in_canonical_form(feed: Feed) -> None:
    """The takedown events' payloads splice each snapshot's row text into their canonical text
    (``audit_log.encode_payload``) instead of encoding it again: what is stored must still be
    exactly the RFC 8785 text of what it says, and name each takedown with its own evidence."""
    result = judge(feed)
    with feed.context.read(feed.actor) as unit:
        events = unit.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "content.takedown")
        ).all()
        rows = {t.id: t for t in unit.session.scalars(select(ContentTakedown)).all()}
    assert events
    seen = set()
    for event in events:
        payload = json.loads(event.payload)
        assert rules.canonical_json(payload).decode("utf-8") == event.payload
        for item in payload["takedowns"]:
            row = rows[item["takedown"]]
            assert item["evidence_sha256"] == row.evidence_sha256
            assert item["snapshot"] == row.evidence
            seen.add(item["takedown"])
    assert seen == {t.id for t in result.takedowns}


def test_encode_payload_gives_the_canonical_text() -> None:
    snapshot = {"text": '中奖 prize \u2028 "quoted"', "n": 3, "nested": [1, {"b": None, "a": True}]}
    other = {"x": "y"}
    payload = {"takedowns": [{"id": "t1", "snapshot": snapshot}, {"id": "t2", "snapshot": other}]}
    skeleton = {
        "takedowns": [
            {"id": "t1", "snapshot": audit_log.PART},
            {"id": "t2", "snapshot": audit_log.PART},
        ]
    }
    parts = [rules.canonical_json(v).decode("utf-8") for v in (snapshot, other)]
    encoded = audit_log.encode_payload(skeleton, parts, payload)
    assert encoded is not None
    assert encoded.text == rules.canonical_json(payload).decode("utf-8")
    assert dict(encoded) == payload
    assert audit_log.encode_payload(skeleton, parts[:1], payload) is None  # parts must match


def test_a_reshare_sees_its_parent_as_this_transaction_holds_it(feed: Feed) -> None:
    """A reshare's parent is read from the store, except one the transaction already holds:
    then its state there counts (here taken down, not yet written), not the stored one."""
    post = monitoring.PostIn(
        external_id="reshare-held", author="u", posted_at=T0, text="", reshare_of="judged"
    )
    with feed.context.write(feed.actor) as unit:
        parent = takedowns.get_post(unit, feed.ids["judged"])
        with unit.session.no_autoflush:
            parent.state = PostState.TAKEN_DOWN.value
            assert monitoring.ingest(unit, post, monitor=feed.monitor).action == "blocked"
        unit.session.rollback()
    with feed.context.write(feed.actor) as unit:  # stored: still visible, so the reshare stays
        assert monitoring.ingest(unit, post, monitor=feed.monitor).action == "published"
