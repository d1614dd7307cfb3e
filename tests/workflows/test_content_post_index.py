"""The in-memory index of stored posts catches up with the database without skipping a post: a
``seq`` is handed out at insert, so on PostgreSQL a post can commit after a later-numbered one was
already read (two API or stream workers writing at once). Such a post must still be indexed,
or a copy of judged content would escape propagation in every other worker."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from lawbridge.errors import InvalidInput
from lawbridge.settings import Settings
from lawbridge.store.content_models import ContentPost
from lawbridge.store.db import Database
from lawbridge.workflows import content_index, retention, takedowns
from lawbridge.workflows.content_index import PostIndex
from lawbridge.workflows.unit import Context
from tests.conftest import SYSTEM, World, database, make_party
from tests.workflows.content_helpers import SCAM_ZH, Feed

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def put(session: Session, party_id: str, external_id: str) -> int:
    post = ContentPost(
        party_id=party_id, external_id=external_id, author="u", posted_at=T0,
        text=external_id, signals={"text_sha256": external_id},
    )  # fmt: skip
    session.add(post)
    session.flush()
    return post.seq


def synced(context: Context, index: PostIndex, party_id: str) -> set[str]:
    with context.read(SYSTEM) as unit:
        index.sync(unit, party_id)
    return set(index.external)


@pytest.fixture
def pg(tmp_path: Path) -> Iterator[Database]:
    with database("postgresql", tmp_path) as built:
        yield built


@pytest.fixture
def pg_context(pg: Database) -> Context:
    return Context(Settings(env="test", database_url=pg.url), pg)


@pytest.mark.postgres
def test_a_post_that_commits_after_a_later_numbered_one_is_still_indexed(
    pg: Database, pg_context: Context
) -> None:
    party = make_party(pg_context, "provider", "provider", "CN").id
    observer = PostIndex()  # another worker's index: it sees only what is committed
    with pg.writing() as slow:
        early = put(slow, party, "early")  # numbered first, still uncommitted ...
        with pg.writing() as fast:
            late = put(fast, party, "late")
        assert early < late  # ... while a later number commits
        assert synced(pg_context, observer, party) == {"late"}
        assert observer.last_seq == late
        assert set(observer._gaps) == {early}
    assert synced(pg_context, observer, party) == {"early", "late"}
    assert not observer._gaps  # found: no longer looked for


@pytest.mark.postgres
def test_gaps_are_numbers_no_row_holds_looked_for_until_their_writers_ended(
    pg: Database, pg_context: Context
) -> None:
    mine = make_party(pg_context, "provider", "provider", "CN").id
    other = make_party(pg_context, "other", "provider", "US").id
    with pg.writing() as session:
        put(session, mine, "a")
    with pytest.raises(RuntimeError), pg.writing() as session:
        lost = put(session, mine, "rolled-back")
        raise RuntimeError("abort")
    with pg.writing() as session:
        foreign = put(session, other, "theirs")  # the sequence is shared between parties
        last = put(session, mine, "b")
    observer = PostIndex()
    now = 1000.0
    observer.clock = lambda: now
    assert synced(pg_context, observer, mine) == {"a", "b"}
    assert observer.last_seq == last
    assert set(observer._gaps) == {lost}  # not another party's number
    assert foreign not in observer._gaps
    # Its writer has ended, but a gap is kept GAP_MIN_AGE: looked for again meanwhile.
    now += content_index.GAP_MIN_AGE - 1
    assert synced(pg_context, observer, mine) == {"a", "b"}
    assert set(observer._gaps) == {lost}
    now += 2
    assert synced(pg_context, observer, mine) == {"a", "b"}
    assert not observer._gaps  # looked for a last time, then forgotten
    # A gap whose writers may still run (a horizon the server has not passed) waits GAP_TTL.
    observer._gaps[lost] = content_index._Gap(now, 2**62)
    now += content_index.GAP_TTL - 1
    synced(pg_context, observer, mine)
    assert set(observer._gaps) == {lost}
    now += 1
    synced(pg_context, observer, mine)
    assert not observer._gaps


def test_sqlite_keeps_no_gaps(tmp_path: Path) -> None:
    """One writer at a time: a number below one already read never commits later."""
    with database("sqlite", tmp_path) as db:
        context = Context(Settings(env="test", database_url=db.url), db)
        mine = make_party(context, "provider", "provider", "CN").id
        other = make_party(context, "other", "provider", "US").id
        with db.writing() as session:
            put(session, mine, "a")
        with pytest.raises(RuntimeError), db.writing() as session:
            put(session, mine, "rolled-back")
            raise RuntimeError("abort")
        with db.writing() as session:
            put(session, other, "theirs")
            put(session, mine, "b")
        observer = PostIndex()
        assert synced(context, observer, mine) == {"a", "b"}
        assert not observer._gaps


@pytest.mark.postgres
def test_many_gaps_are_read_back_by_number(
    pg: Database, pg_context: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = make_party(pg_context, "provider", "provider", "CN").id
    monkeypatch.setattr(content_index, "GAP_CHUNK", 2)
    with pg.writing() as session:
        put(session, mine, "first")
    observer = PostIndex()
    assert synced(pg_context, observer, mine) == {"first"}
    with pg.writing() as session:
        wanted = [put(session, mine, f"p{i}") for i in range(7)]
    # As if an earlier sync had skipped these numbers (their transaction was in flight then).
    observer._gaps = {seq: content_index._Gap(observer.clock(), 2**62) for seq in wanted}
    observer.last_seq = wanted[-1]
    assert synced(pg_context, observer, mine) == {"first"} | {f"p{i}" for i in range(7)}
    assert not observer._gaps


def test_a_reshare_of_a_post_the_index_has_not_caught_up_with_is_stored(
    context: Context, world: World
) -> None:
    feed = Feed(context, world.provider["analyst"].actor)
    feed.post("original", "今天的天气真好，我们去公园散步吧")
    with context.read(SYSTEM) as unit:
        index = content_index.POST_INDEXES.get(unit, world.provider.id)
    index.external.pop("original")  # as if another worker had stored it a moment ago
    result = feed.post("reshare", "", reshare_of="original")
    assert result.post.reshare_of == feed.ids["original"]
    with pytest.raises(InvalidInput, match="unknown post 'nowhere'"):
        feed.post("orphan", "", reshare_of="nowhere")


def test_a_purged_post_left_in_the_index_is_neither_a_parent_nor_a_copy(
    context: Context, world: World, db: Database
) -> None:
    feed = Feed(context, world.provider["admin"].actor)
    feed.post("gone", "转发：" + SCAM_ZH)  # a copy, stored before any decision
    keep_a_day = Context(context.settings.model_copy(update={"retention_content_post_days": 1}), db)
    with keep_a_day.write(SYSTEM) as unit:
        assert retention.purge(unit, datetime.now(UTC) + timedelta(days=2)) == {
            **dict.fromkeys(retention.cutoffs(keep_a_day.settings, datetime.now(UTC)), 0),
            "content_post": 1,
        }
    with context.read(SYSTEM) as unit:  # this process's index still holds it
        assert "gone" in content_index.POST_INDEXES.get(unit, world.provider.id).external
    for link in ("reshare_of", "reply_to"):
        with pytest.raises(InvalidInput, match=f"{link}: unknown post 'gone'"):
            feed.post(f"{link}-of-gone", "", **{link: "gone"})
    feed.post("judged", SCAM_ZH)
    with context.write(feed.actor) as unit:
        result = takedowns.decide(
            unit, feed.ids["judged"], category="scam",
            legal_ground="Cybersecurity Law of the PRC, Art. 47", explanation="Prize scam.",
        )  # fmt: skip
    # The index still offers the purged copy; propagation reads it back, finds nothing, goes on.
    assert {t.post_id for t in result.takedowns} == {feed.ids["judged"]}
