"""Retention purge (issue 9, promise 8): records past retention are gone, nothing else is, and each
purge is audited once per rule that deleted anything; the audit log itself is never purged.

Time is a simulated ``NOW``; every row is placed one second either side of its rule's cutoff.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from lawbridge.errors import PermissionDenied
from lawbridge.settings import Settings
from lawbridge.store import audit_log
from lawbridge.store.content_models import ContentNotice, ContentPost, ContentReview
from lawbridge.store.db import Database
from lawbridge.store.models import (
    ApiToken,
    AuditEvent,
    IdempotencyRecord,
    LoginThrottle,
    PotentialMatch,
    Screening,
    Watchlist,
    WatchlistEntry,
    WebSession,
)
from lawbridge.workflows import audit, retention
from lawbridge.workflows.unit import Context, Unit
from tests.conftest import SYSTEM, World

NOW = datetime(2031, 1, 1, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
DAYS = {
    "web_session": 30,
    "login_throttle": 1,
    "idempotency": 30,
    "api_token": 90,
    "unmatched_screening": 365,
    "content_post": 180,
}
WINDOW = timedelta(minutes=15)  # the login failure window of the default settings


def cutoff(rule: str) -> datetime:
    return NOW - timedelta(days=DAYS[rule])


@pytest.fixture
def settings(db: Database) -> Settings:
    """Every rule on (the API-token, screening and post rules are off by default)."""
    return Settings(
        env="test",
        database_url=db.url,
        audit_checkpoint_every=8,
        retention_api_token_days=DAYS["api_token"],
        retention_unmatched_screening_days=DAYS["unmatched_screening"],
        retention_content_post_days=DAYS["content_post"],
    )


@dataclass
class Seeded:
    """Ids of the rows placed around each cutoff: (table -> ids that must go / must stay)."""

    gone: dict[str, set[str]] = field(default_factory=dict)
    kept: dict[str, set[str]] = field(default_factory=dict)

    def add(self, table: str, row_id: str, *, gone: bool) -> None:
        (self.gone if gone else self.kept).setdefault(table, set()).add(row_id)

    def counts(self) -> dict[str, int]:
        return {rule: len(self.gone.get(rule, ())) for rule in DAYS}


def _sessions(unit: Unit, account: str, seeded: Seeded) -> None:
    edge = cutoff("web_session")
    rows = {
        "expired-past": (edge - SECOND, None, True),
        "expired-inside": (edge + SECOND, None, False),
        "signed-out-past": (NOW + timedelta(hours=1), edge - SECOND, True),
        "signed-out-inside": (NOW + timedelta(hours=1), edge + SECOND, False),
        "live": (NOW + timedelta(hours=8), None, False),
    }
    for name, (expires, revoked, gone) in rows.items():
        unit.session.add(
            WebSession(
                id=name, account_id=account, csrf_token="c", expires_at=expires, revoked_at=revoked
            )
        )
        seeded.add("web_session", name, gone=gone)


def _throttles(unit: Unit, seeded: Seeded) -> None:
    edge = cutoff("login_throttle")
    rows = {
        "window-ended-past": (edge - WINDOW - SECOND, None, True),
        "window-ended-inside": (edge - WINDOW + SECOND, None, False),
        "lockout-ended-past": (edge - WINDOW - SECOND, edge - SECOND, True),
        "lockout-ended-inside": (edge - WINDOW - SECOND, edge + SECOND, False),
        "locked-now": (NOW - timedelta(minutes=5), NOW + timedelta(minutes=10), False),
    }
    for key, (start, locked, gone) in rows.items():
        unit.session.add(
            LoginThrottle(key=key, failures=5, window_start=start, locked_until=locked)
        )
        seeded.add("login_throttle", key, gone=gone)


def _idempotency(unit: Unit, account: str, seeded: Seeded) -> None:
    edge = cutoff("idempotency")
    for key, created, gone in (("past", edge - SECOND, True), ("inside", edge + SECOND, False)):
        record = IdempotencyRecord(
            account_id=account,
            key=key,
            method="POST",
            path="/api/v1/documents",
            request_hash="h",
            status_code=201,
            response_body="{}",
            created_at=created,
        )
        unit.session.add(record)
        unit.session.flush()
        seeded.add("idempotency", str(record.id), gone=gone)


def _tokens(unit: Unit, account: str, seeded: Seeded) -> None:
    edge = cutoff("api_token")
    rows = {
        "revoked-past": (None, edge - SECOND, True),
        "revoked-inside": (None, edge + SECOND, False),
        "expired-past": (edge - SECOND, None, True),
        "expired-inside": (edge + SECOND, None, False),
        "never-expires": (None, None, False),
    }
    for name, (expires, revoked, gone) in rows.items():
        token = ApiToken(
            account_id=account, name=name, secret_hash="x", expires_at=expires, revoked_at=revoked
        )
        unit.session.add(token)
        unit.session.flush()
        seeded.add("api_token", token.id, gone=gone)


def _screening(unit: Unit, party: str, fingerprint: str, created: datetime) -> Screening:
    screening = Screening(
        party_id=party,
        record={"name": "Wang Xiaoming"},
        fingerprint=fingerprint,
        matcher="m",
        config_hash="c",
        created_at=created,
    )
    unit.session.add(screening)
    unit.session.flush()
    return screening


def _match(unit: Unit, screening: Screening, entry: WatchlistEntry) -> None:
    unit.session.add(
        PotentialMatch(
            party_id=screening.party_id,
            screening_id=screening.id,
            watchlist_id=entry.watchlist_id,
            entry_id=entry.id,
            fingerprint=screening.fingerprint,
            entry_hash=entry.content_hash,
            entry_record={},
            score=0.9,
            threshold=0.8,
            explanation={},
            status="dismissed",
            matcher="m",
            config_hash="c",
        )
    )


def _screenings(unit: Unit, world: World, seeded: Seeded) -> None:
    cn, us = world.cn.id, world.us.id
    author = world.cn["admin"].account_id
    watchlist = Watchlist(party_id=cn, name="l", kind="fugitives", created_by=author)
    unit.session.add(watchlist)
    unit.session.flush()
    entry = WatchlistEntry(
        watchlist_id=watchlist.id,
        external_id="e1",
        name="Wang",
        record={},
        content_hash="h",
        added_version=1,
        changed_version=1,
    )
    unit.session.add(entry)
    unit.session.flush()
    edge = cutoff("unmatched_screening")
    old, recent = edge - SECOND, edge + SECOND
    seeded.add("unmatched_screening", _screening(unit, cn, "f-clean", old).id, gone=True)
    seeded.add("unmatched_screening", _screening(unit, cn, "f-clean", recent).id, gone=False)
    own = _screening(unit, cn, "f-hit", old)  # raised a match itself
    _match(unit, own, entry)
    seeded.add("unmatched_screening", own.id, gone=False)
    remembered = _screening(unit, cn, "f-remembered", old)  # a later screening raised it
    _match(unit, _screening(unit, cn, "f-remembered", NOW - SECOND), entry)
    seeded.add("unmatched_screening", remembered.id, gone=False)
    # The match memory is per party: the same record screened by another party never alerted.
    seeded.add("unmatched_screening", _screening(unit, us, "f-hit", old).id, gone=True)


def _post(unit: Unit, party: str, name: str, stored: datetime, **links: str) -> str:
    post = ContentPost(
        party_id=party, external_id=name, author="u", posted_at=stored, text="synthetic",
        created_at=stored, **links,
    )  # fmt: skip
    unit.session.add(post)
    unit.session.flush()
    return post.id


def _posts(unit: Unit, world: World, seeded: Seeded) -> None:
    edge = cutoff("content_post")
    old, recent = edge - SECOND, edge + SECOND
    party = world.provider.id

    def put(name: str, stored: datetime, *, gone: bool, **links: str) -> str:
        post_id = _post(unit, party, name, stored, **links)
        seeded.add("content_post", post_id, gone=gone)
        return post_id

    put("old", old, gone=True)
    put("recent", recent, gone=False)
    for state in ("blocked", "taken_down", "restored", "deleted"):  # moderation touched them
        put(state, old, gone=False, state=state)
    queued = put("queued", old, gone=False)
    unit.session.add(ContentReview(party_id=party, post_id=queued, matches=[]))
    told = put("told", old, gone=False)
    unit.session.add(ContentNotice(party_id=party, post_id=told, author="u", kind="k", body="b"))
    # A chain nothing else holds goes whole, its last link first; a recent reply holds its parent.
    root = put("root", old, gone=True)
    middle = put("middle", old, gone=True, reshare_of=root)
    put("leaf", old, gone=True, reply_to=middle)
    held = put("held", old, gone=False)
    put("recent-reply", recent, gone=False, reply_to=held)
    deep = put("deep-root", old, gone=False)  # held two links up
    put("deep-leaf", recent, gone=False, reply_to=put("deep-mid", old, gone=False, reshare_of=deep))


def seed(context: Context, world: World) -> Seeded:
    seeded = Seeded()
    account = world.cn["analyst"].account_id
    with context.write(SYSTEM) as unit:
        _sessions(unit, account, seeded)
        _throttles(unit, seeded)
        _idempotency(unit, account, seeded)
        _tokens(unit, account, seeded)
        _screenings(unit, world, seeded)
        _posts(unit, world, seeded)
    return seeded


TABLES = {
    "web_session": WebSession.id,
    "login_throttle": LoginThrottle.key,
    "idempotency": IdempotencyRecord.id,
    "api_token": ApiToken.id,
    "unmatched_screening": Screening.id,
    "content_post": ContentPost.id,
}


def remaining(context: Context) -> dict[str, set[str]]:
    with context.read(SYSTEM) as unit:
        return {
            rule: {str(key) for key in unit.session.scalars(select(column))}
            for rule, column in TABLES.items()
        }


def purge_events(context: Context) -> list[AuditEvent]:
    with context.read(SYSTEM) as unit:
        query = select(AuditEvent).where(AuditEvent.action == retention.ACTION)
        return list(unit.session.scalars(query.order_by(AuditEvent.seq)))


def chain_size(context: Context) -> int:
    with context.read(SYSTEM) as unit:
        head = audit_log.head(unit.session)
        assert head is not None
        return head.size


def test_purge_deletes_exactly_the_records_past_retention(context: Context, world: World) -> None:
    seeded = seed(context, world)
    before = remaining(context)
    with context.write(SYSTEM) as unit:
        deleted = retention.purge(unit, NOW)
    assert deleted == seeded.counts()
    after = remaining(context)
    for rule in DAYS:
        assert seeded.gone[rule] <= before[rule]
        assert after[rule] == before[rule] - seeded.gone[rule], rule
        assert seeded.kept[rule] <= after[rule], rule


def test_each_purge_is_audited_once_per_rule_and_the_chain_verifies(
    context: Context, world: World
) -> None:
    seeded = seed(context, world)
    size = chain_size(context)
    with context.read(SYSTEM) as unit:
        old_events = unit.session.scalar(select(func.count()).select_from(AuditEvent))
    with context.write(SYSTEM) as unit:
        retention.purge(unit, NOW)
    events = purge_events(context)
    assert chain_size(context) == size + len(DAYS)  # every rule deleted something
    payloads = [json.loads(event.payload) for event in events]
    assert [p["rule"] for p in payloads] == list(DAYS)
    for event, payload in zip(events, payloads, strict=True):
        rule = payload["rule"]
        assert payload == {
            "rule": rule,
            "cutoff": cutoff(rule).isoformat(),
            "count": len(seeded.gone[rule]),
        }
        assert (event.object_type, event.object_id) == ("retention_rule", rule)
        assert event.party_id is None
    with context.read(SYSTEM) as unit:
        # Every event is older than every cutoff, and none was purged.
        assert unit.session.scalar(select(func.count()).select_from(AuditEvent)) == (
            old_events + len(DAYS)
        )
        report = audit.verify_chain(unit)
    assert report.ok, report.reason


def test_a_second_purge_deletes_nothing_and_records_nothing(context: Context, world: World) -> None:
    seed(context, world)
    with context.write(SYSTEM) as unit:
        retention.purge(unit, NOW)
    size, rows = chain_size(context), remaining(context)
    with context.write(SYSTEM) as unit:
        assert retention.purge(unit, NOW) == dict.fromkeys(DAYS, 0)
    assert chain_size(context) == size
    assert remaining(context) == rows


def test_dry_run_counts_and_deletes_nothing(context: Context, world: World) -> None:
    seeded = seed(context, world)
    size, rows = chain_size(context), remaining(context)
    with context.read(SYSTEM) as unit:
        assert retention.count_due(unit, NOW) == seeded.counts()
    assert (chain_size(context), remaining(context)) == (size, rows)


def test_purge_is_undone_with_its_transaction(context: Context, world: World) -> None:
    seed(context, world)
    size, rows = chain_size(context), remaining(context)
    with pytest.raises(RuntimeError), context.write(SYSTEM) as unit:
        retention.purge(unit, NOW)
        raise RuntimeError("the caller fails after the purge")
    assert (chain_size(context), remaining(context)) == (size, rows)


def test_deletes_in_batches(
    context: Context, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retention, "BATCH", 2)
    seeded = seed(context, world)
    with context.write(SYSTEM) as unit:
        assert retention.purge(unit, NOW) == seeded.counts()
    assert len(purge_events(context)) == len(DAYS)


def test_a_rule_without_retention_keeps_everything(
    context: Context, world: World, db: Database
) -> None:
    seed(context, world)
    rows = remaining(context)
    off = dict.fromkeys((rule.setting for rule in retention.RULES), None)
    keep_all = Context(context.settings.model_copy(update=off), db)
    with keep_all.write(SYSTEM) as unit:
        assert retention.purge(unit, NOW) == {}
    assert remaining(context) == rows
    assert purge_events(context) == []


def test_defaults_are_conservative() -> None:
    defaults = Settings(env="test")
    assert defaults.retention_api_token_days is None
    assert defaults.retention_unmatched_screening_days is None
    assert defaults.retention_content_post_days is None
    assert set(retention.cutoffs(defaults, NOW)) == {"web_session", "login_throttle", "idempotency"}


@pytest.mark.parametrize("days", [0, -1, 36_501])
def test_retention_days_are_validated(days: int) -> None:
    with pytest.raises(ValueError, match="retention_web_session_days"):
        Settings(env="test", retention_web_session_days=days)


@pytest.mark.parametrize("value", ["keep", "", "None"])
def test_keep_switches_a_rule_off(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAWBRIDGE_RETENTION_IDEMPOTENCY_DAYS", value)
    assert Settings(env="test").retention_idempotency_days is None


def test_only_the_operator_purges(context: Context, world: World) -> None:
    admin = world.cn["admin"].actor
    with context.write(admin) as unit, pytest.raises(PermissionDenied):
        retention.purge(unit, NOW)
    with context.read(admin) as unit, pytest.raises(PermissionDenied):
        retention.count_due(unit, NOW)
