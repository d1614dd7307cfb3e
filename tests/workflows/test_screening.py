"""Screening: potential matches, review decisions, dismissal memory, isolation, audit, index cache."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import select

from lawbridge.engines.names import NameIndex, PersonRecord
from lawbridge.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from lawbridge.store.models import AuditEvent, Screening
from lawbridge.workflows import screening, screening_index, watchlists
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, Member, World
from tests.importers.ftm_schema import assert_ftm_person
from tests.workflows.meanwhile import meanwhile
from tests.workflows.screening_helpers import FUGITIVES, entry_id, item, make_list

SUBJECT = PersonRecord.from_dict({"name": "Zhao Minghui", "birth_date": "1966-04-02"})
STRANGER = PersonRecord.from_dict({"name": "Margarethe Oyelaran-Whitcombe", "birth_date": "1999"})


def screen(
    context: Context, member: Member, record: PersonRecord = SUBJECT, **options: Any
) -> screening.ScreeningResult:
    with context.write(member.actor) as unit:
        result = screening.screen_record(unit, record, **options)
        unit.session.expunge(result.screening)
        return result


def decide(context: Context, member: Member, match_id: str, decision: str, reason: str) -> str:
    with context.write(member.actor) as unit:
        return screening.decide(unit, match_id, decision=decision, reason=reason).status


def test_a_match_becomes_an_open_potential_match(context: Context, world: World) -> None:
    listed = make_list(context, world.cn["analyst"], FUGITIVES)
    result = screen(context, world.cn["analyst"], subject_ref="passenger-17")
    (alert,) = result.alerts
    assert alert.external_id == "RN-1" and alert.new and alert.match_status == "open"
    assert alert.score >= alert.threshold and alert.explanation
    assert result.screening.subject_ref == "passenger-17"
    assert result.screening.watchlists == [listed.id]
    assert result.screening.results[0]["match_id"] == alert.match_id
    assert alert.match_id is not None
    with context.read(world.cn["reviewer"].actor) as unit:
        view = screening.get_potential_match(unit, alert.match_id)
        assert view.query_record == SUBJECT.to_dict()
        assert view.entry_record["name"] == "Zhao Minghui"
        assert view.explanation == alert.explanation
        assert view.match.matcher == screening.default_matcher().NAME
        queue = screening.list_potential_matches(unit, status="open")
        assert [m.id for m in queue] == [alert.match_id]


def test_nobody_matches_a_stranger(context: Context, world: World) -> None:
    make_list(context, world.cn["analyst"], FUGITIVES)
    result = screen(context, world.cn["analyst"], STRANGER)
    assert result.alerts == []
    with context.read(world.cn["analyst"].actor) as unit:
        assert screening.count_potential_matches(unit) == 0


def test_decisions_follow_the_state_machine(context: Context, world: World) -> None:
    make_list(context, world.cn["analyst"], FUGITIVES)
    match_id = screen(context, world.cn["analyst"]).alerts[0].match_id
    assert match_id is not None
    reviewer = world.cn["reviewer"]
    with context.write(reviewer.actor) as unit, pytest.raises(InvalidInput):
        screening.decide(unit, match_id, decision="confirm", reason="   ")
    with context.write(reviewer.actor) as unit, pytest.raises(InvalidInput):
        screening.decide(unit, match_id, decision="approve", reason="why not")
    with context.write(world.cn["analyst"].actor) as unit, pytest.raises(PermissionDenied):
        screening.decide(unit, match_id, decision="confirm", reason="analysts do not review")
    assert (
        decide(context, reviewer, match_id, "escalate", "same name, check the photo") == "escalated"
    )
    with context.write(reviewer.actor) as unit, pytest.raises(InvalidTransition):
        screening.decide(unit, match_id, decision="escalate", reason="twice")
    assert decide(context, world.cn["admin"], match_id, "confirm", "photo matches") == "confirmed"
    with context.write(reviewer.actor) as unit, pytest.raises(InvalidTransition):
        screening.decide(unit, match_id, decision="dismiss", reason="changed my mind")
    assert decide(context, reviewer, match_id, "reopen", "new evidence") == "open"
    with context.read(reviewer.actor) as unit:
        view = screening.get_potential_match(unit, match_id)
    steps = [(d.from_status, d.to_status, d.decided_by) for d in view.decisions]
    assert steps == [
        ("open", "escalated", reviewer.account_id),
        ("escalated", "confirmed", world.cn["admin"].account_id),
        ("confirmed", "open", reviewer.account_id),
    ]
    assert all(d.matcher == view.match.matcher and d.config_hash for d in view.decisions)


def test_a_dismissal_is_remembered_until_the_entry_changes(context: Context, world: World) -> None:
    analyst, reviewer = world.cn["analyst"], world.cn["reviewer"]
    listed = make_list(context, analyst, FUGITIVES)
    first = screen(context, analyst).alerts[0]
    assert first.match_id is not None
    decide(context, reviewer, first.match_id, "dismiss", "different person: other passport")
    # Same record again (spacing and case differ): no new alert, the dismissal stands.
    again = screen(
        context,
        analyst,
        PersonRecord.from_dict({"name": " zhao  MINGHUI ", "birth_date": "1966-04-02"}),
    )
    (remembered,) = again.alerts
    assert not remembered.new and remembered.match_id == first.match_id
    assert remembered.match_status == "dismissed"
    assert again.new_alerts == []
    # The list entry changes (new legal basis): the same record alerts again.
    with context.write(analyst.actor) as unit:
        changed = item(FUGITIVES[0], legal_basis="New warrant 2026-17")
        watchlists.import_entries(unit, listed.id, [changed])
    renewed = screen(context, analyst).alerts[0]
    assert renewed.new and renewed.match_id != first.match_id
    with context.read(reviewer.actor) as unit:
        assert screening.count_potential_matches(unit, status="open") == 1
        assert screening.count_potential_matches(unit, status="dismissed") == 1


def test_delisted_entries_never_alert(context: Context, world: World) -> None:
    analyst = world.cn["analyst"]
    listed = make_list(context, analyst, FUGITIVES)
    assert screen(context, analyst).alerts
    with context.write(analyst.actor) as unit:
        target = entry_id(context, analyst, listed.id, "RN-1")
        watchlists.delist_entry(unit, target, reason="returned", route="returned_surrendered")
    result = screen(context, analyst)
    assert all(hit.entry_id != target for hit in result.hits)
    assert result.alerts == []


def test_screenings_and_matches_stay_with_their_party(context: Context, world: World) -> None:
    listed = make_list(context, world.cn["analyst"], FUGITIVES)
    us = world.us["analyst"]
    # Without a share the list is invisible to us: nothing to screen against.
    assert screen(context, us).hits == []
    with context.write(us.actor) as unit, pytest.raises(NotFound):
        screening.screen_record(unit, SUBJECT, watchlist_ids=[listed.id])
    with context.write(world.cn["analyst"].actor) as unit:
        watchlists.share_watchlist(unit, listed.id, grantee="us-agency")
    ours = screen(context, us, watchlist_ids=[listed.id])
    match_id = ours.alerts[0].match_id
    assert match_id is not None
    with context.read(world.cn["admin"].actor) as unit:
        assert screening.list_potential_matches(unit) == []
        assert screening.list_screenings(unit) == []
        with pytest.raises(NotFound):
            screening.get_potential_match(unit, match_id)
        with pytest.raises(NotFound):
            screening.get_screening(unit, ours.screening.id)
    with context.write(world.cn["admin"].actor) as unit, pytest.raises(NotFound):
        screening.decide(unit, match_id, decision="dismiss", reason="not yours")
    # The owner's own screening of the same record is a separate alert of its own party.
    cn_alert = screen(context, world.cn["analyst"]).alerts[0]
    assert cn_alert.new and cn_alert.match_id != match_id


def test_every_step_is_audited_with_matcher_and_config(context: Context, world: World) -> None:
    make_list(context, world.cn["analyst"], FUGITIVES)
    result = screen(context, world.cn["analyst"])
    match_id = result.alerts[0].match_id
    assert match_id is not None
    decide(context, world.cn["reviewer"], match_id, "confirm", "fingerprints match")
    with context.read(SYSTEM) as unit:
        rows = unit.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_id.in_([result.screening.id, match_id]))
            .order_by(AuditEvent.seq)
        ).all()
    assert [r.action for r in rows] == [
        "potential_match.create",
        "screening.create",
        "potential_match.decide",
    ]
    matcher = screening.default_matcher()
    for row in rows:
        assert row.party_id == world.cn.id
        assert matcher.NAME in row.payload and matcher.config_hash in row.payload
    assert "fingerprints match" in rows[-1].payload
    assert "Zhao" not in rows[1].payload  # names stay out of the log


def test_bad_requests(context: Context, world: World) -> None:
    with context.write(world.cn["analyst"].actor) as unit:
        with pytest.raises(InvalidInput):
            screening.screen_record(unit, SUBJECT, limit=0)
        with pytest.raises(InvalidInput):
            screening.list_potential_matches(unit, status="maybe")
    with context.write(world.cn["reviewer"].actor) as unit, pytest.raises(PermissionDenied):
        screening.screen_record(unit, SUBJECT)
    with context.write(SYSTEM) as unit, pytest.raises(InvalidInput):
        screening.screen_record(unit, SUBJECT)


def test_the_index_is_built_once_per_list_version(context: Context, world: World) -> None:
    analyst = world.cn["analyst"]
    listed = make_list(context, analyst, FUGITIVES)
    before = screening.INDEXES.builds
    screen(context, analyst)
    screen(context, analyst, STRANGER)
    assert screening.INDEXES.builds == before + 1
    with context.write(analyst.actor) as unit:
        watchlists.import_entries(unit, listed.id, [item({"id": "RN-9", "name": "Zhou Xin"})])
    screen(context, analyst)
    assert screening.INDEXES.builds == before + 2


def test_index_cache_is_bounded() -> None:
    cache = screening_index.IndexCache(max_lists=2)
    for n in range(4):
        cache._items[(str(n), 1, "m", "c")] = NameIndex()
        cache._evict()
    assert [key[0] for key in cache._items] == ["2", "3"]


def test_matches_export_as_ftm_with_judgements(context: Context, world: World) -> None:
    make_list(context, world.cn["analyst"], FUGITIVES)
    match_id = screen(context, world.cn["analyst"]).alerts[0].match_id
    assert match_id is not None
    decide(context, world.cn["reviewer"], match_id, "dismiss", "other person")
    with context.read(world.cn["reviewer"].actor) as unit:
        lines = list(screening.export_matches_ftm(unit))
        assert list(screening.export_matches_ftm(unit, status="open")) == []
    entry, query, edge = lines
    assert_ftm_person(entry)
    assert_ftm_person(query)
    assert (edge["source"], edge["target"]) == (query["id"], entry["id"])
    assert (edge["judgement"], edge["match_id"]) == ("negative", match_id)
    assert edge["user"] == world.cn["reviewer"].account_id


def test_screening_rows_hold_the_normalised_record(context: Context, world: World) -> None:
    make_list(context, world.cn["analyst"], FUGITIVES)
    record = PersonRecord.from_dict({"name": "Sun Jiayi", "gender": "F"})
    result = screen(context, world.cn["analyst"], record)
    with context.read(SYSTEM) as unit:
        stored = unit.session.get_one(Screening, result.screening.id)
        assert stored.record == record.to_dict()


def test_two_reviewers_deciding_at_once_decide_one_after_the_other(
    context: Context, world: World
) -> None:
    """The later decision waits for the earlier and is judged from the state it left: before,
    both were judged from "open", so a match was dismissed and escalated at once."""
    if context.settings.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: two decisions cannot overlap")
    make_list(context, world.cn["analyst"], FUGITIVES)
    match_id = screen(context, world.cn["analyst"]).alerts[0].match_id
    assert match_id is not None
    with context.write(world.cn["reviewer"].actor) as unit:
        screening.decide(unit, match_id, decision="dismiss", reason="other birth place")
        thread, errors = meanwhile(
            lambda: decide(context, world.cn["admin"], match_id, "escalate", "check the photo")
        )
        time.sleep(0.5)  # the other decision gets as far as it can before this one commits
    thread.join(30)
    assert [type(e) for e in errors] == [InvalidTransition]
    with context.read(world.cn["reviewer"].actor) as unit:
        view = screening.get_potential_match(unit, match_id)
    assert view.match.status == "dismissed"
    assert [(d.from_status, d.to_status) for d in view.decisions] == [("open", "dismissed")]


def test_a_screening_does_not_wait_for_an_import_into_the_list_it_alerts_on(
    context: Context, world: World
) -> None:
    """An import holds its list (``Unit.lock``) until it commits; a screening meanwhile stores
    potential matches that refer to the list (a foreign-key check) and does not wait for it,
    where ``FOR UPDATE`` held it until the import ended."""
    if context.settings.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: an import and a screening cannot overlap")
    listed = make_list(context, world.cn["analyst"], FUGITIVES)
    screened: list[int] = []
    with context.write(world.cn["analyst"].actor) as unit:
        watchlists.get_watchlist(unit, listed.id, write=True)  # held, as by an import
        thread, errors = meanwhile(
            lambda: screened.append(len(screen(context, world.cn["analyst"]).alerts))
        )
        thread.join(30)
        assert not thread.is_alive()  # done while the list is still held
    assert errors == []
    assert screened == [1]
