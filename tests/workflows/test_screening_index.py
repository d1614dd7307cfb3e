"""The screening index refresher: warm-up of every list, background refresh swapped in atomically."""

from __future__ import annotations

import time
from typing import Any

from lawbridge.engines.names import PersonRecord
from lawbridge.workflows import screening, watchlists
from lawbridge.workflows.screening_index import IndexCache, IndexRefresher, index_key
from lawbridge.workflows.unit import Context
from tests.conftest import Member, World
from tests.workflows.screening_helpers import FUGITIVES, entry_id, item, make_list

ZHAO = PersonRecord.from_dict({"name": "Zhao Minghui", "birth_date": "1966-04-02"})
ZHOU = PersonRecord.from_dict({"name": "Zhou Xin", "birth_date": "1980-01-01"})
WAIT = 60.0  # seconds a test waits for the refresher thread at most (a condition, never a timing)


def external_ids(context: Context, member: Member, record: PersonRecord) -> set[str]:
    with context.write(member.actor) as unit:
        return {hit.external_id for hit in screening.screen_record(unit, record).hits}


def add_zhou(context: Context, member: Member, watchlist_id: str) -> None:
    record: dict[str, Any] = {"id": "RN-9", "name": "Zhou Xin", "birth_date": "1980-01-01"}
    with context.write(member.actor) as unit:
        watchlists.import_entries(unit, watchlist_id, [item(record)], source="test")


def version_of(context: Context, member: Member, watchlist_id: str) -> int:
    with context.read(member.actor) as unit:
        return watchlists.get_watchlist(unit, watchlist_id).version


def test_warm_up_builds_every_list_and_queries_build_none(
    context: Context, world: World, index_cache: IndexCache
) -> None:
    make_list(context, world.cn["analyst"], FUGITIVES)
    make_list(context, world.us["analyst"], FUGITIVES[:1], name="Wanted")
    refresher = IndexRefresher(context)
    assert refresher.refresh_once() == 2 and index_cache.builds == 2
    assert "RN-1" in external_ids(context, world.cn["analyst"], ZHAO)
    assert "RN-1" in external_ids(context, world.us["analyst"], ZHAO)
    assert index_cache.builds == 2  # no query built an index
    assert refresher.refresh_once() == 0 and index_cache.builds == 2


def test_a_changed_list_is_swapped_in_by_the_refresher_not_by_a_request(
    context: Context, world: World, index_cache: IndexCache
) -> None:
    analyst = world.cn["analyst"]
    listed = make_list(context, analyst, FUGITIVES)
    refresher = IndexRefresher(context)
    refresher.refresh_once()
    old_key = index_key(
        listed.id, version_of(context, analyst, listed.id), screening.default_matcher()
    )
    index_cache.attach()  # as a started refresher does
    try:
        add_zhou(context, analyst, listed.id)
        # The request keeps the previous index (no build) and scores the entries changed
        # since its version directly: the person imported a moment ago is found all the same.
        assert "RN-9" in external_ids(context, analyst, ZHOU)
        assert index_cache.builds == 1 and index_cache.stale_served == 1
        assert refresher.refresh_once(every_list=False) == 1 and index_cache.builds == 2
        assert not index_cache.has(old_key)  # the old version went in the same step
        assert "RN-9" in external_ids(context, analyst, ZHOU)
        assert index_cache.builds == 2 and index_cache.stale_served == 1  # the new index answered
    finally:
        index_cache.detach()


def test_a_stale_index_never_alerts_on_a_delisted_entry(
    context: Context, world: World, index_cache: IndexCache
) -> None:
    analyst = world.cn["analyst"]
    listed = make_list(context, analyst, FUGITIVES)
    IndexRefresher(context).refresh_once()
    index_cache.attach()
    try:
        with context.write(analyst.actor) as unit:
            watchlists.delist_entry(unit, entry_id(context, analyst, listed.id, "RN-1"), reason="x")
        assert "RN-1" not in external_ids(context, analyst, ZHAO)
        assert index_cache.stale_served == 1 and index_cache.builds == 1
    finally:
        index_cache.detach()


def test_without_a_refresher_the_request_builds_the_new_version(
    context: Context, world: World, index_cache: IndexCache
) -> None:
    analyst = world.cn["analyst"]
    listed = make_list(context, analyst, FUGITIVES)
    IndexRefresher(context).refresh_once()
    add_zhou(context, analyst, listed.id)
    assert "RN-9" in external_ids(context, analyst, ZHOU)
    assert index_cache.builds == 2 and index_cache.stale_served == 0


def test_polls_after_the_warm_up_leave_uncached_lists_to_their_queries(
    context: Context, world: World, index_cache: IndexCache
) -> None:
    refresher = IndexRefresher(context)
    refresher.refresh_once()
    make_list(context, world.cn["analyst"], FUGITIVES)  # created after the warm-up
    assert refresher.refresh_once(every_list=False) == 0 and index_cache.builds == 0


def test_the_thread_warms_then_refreshes_in_the_background(
    context: Context, world: World, index_cache: IndexCache
) -> None:
    analyst = world.cn["analyst"]
    listed = make_list(context, analyst, FUGITIVES)
    refresher = IndexRefresher(context, interval=1.0)
    refresher.start()
    try:
        assert refresher.warm.wait(WAIT) and refresher.state == "warm"
        assert index_cache.builds == 1
        add_zhou(context, analyst, listed.id)
        new_key = index_key(
            listed.id, version_of(context, analyst, listed.id), screening.default_matcher()
        )
        deadline = time.monotonic() + WAIT
        while not index_cache.has(new_key) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert index_cache.has(new_key) and index_cache.builds == 2
        assert "RN-9" in external_ids(context, analyst, ZHOU)
        assert index_cache.builds == 2 and index_cache.stale_served == 0
    finally:
        refresher.stop()
    assert refresher.state == "stopped"


def test_a_stale_index_answers_as_the_current_list_does(
    context: Context, world: World, index_cache: IndexCache
) -> None:
    """Entries edited, imported and delisted since the index's version: the same hits, scores and
    order as a fresh index of the list gives."""
    analyst = world.cn["analyst"]
    listed = make_list(context, analyst, FUGITIVES)
    IndexRefresher(context).refresh_once()
    index_cache.attach()
    try:
        add_zhou(context, analyst, listed.id)
        with context.write(analyst.actor) as unit:
            watchlists.delist_entry(unit, entry_id(context, analyst, listed.id, "RN-1"), reason="x")

        def hits(record: PersonRecord) -> list[tuple[str, float]]:
            with context.write(analyst.actor) as unit:
                found = screening.screen_record(unit, record).hits
                return [(hit.external_id, hit.score) for hit in found]

        stale = {r.name: hits(r) for r in (ZHAO, ZHOU)}
        assert index_cache.stale_served == 2 and index_cache.builds == 1
    finally:
        index_cache.detach()
    index_cache.clear()
    assert {r.name: hits(r) for r in (ZHAO, ZHOU)} == stale  # a fresh index: the same answer
    assert index_cache.builds == 2  # the fresh one, built by the first query
    assert "RN-9" in dict(stale["Zhou Xin"]) and "RN-1" not in dict(stale["Zhao Minghui"])
