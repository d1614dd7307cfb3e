"""The unit of work every workflow runs in: one transaction, one actor, one audit hook."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from lawbridge.domain.actor import Actor
from lawbridge.domain.roles import Permission
from lawbridge.errors import PermissionDenied
from lawbridge.settings import Settings
from lawbridge.store import audit_log
from lawbridge.store.db import Database
from lawbridge.store.models import AuditEvent

T = TypeVar("T")
_LOCKED = "lawbridge_locked_rows"  # session.info: rows Unit.lock took in this transaction
_NAMED = "lawbridge_named_locks"  # session.info: name -> exclusive?, locks Unit.lock_name took


@dataclass(slots=True)
class Unit:
    """A transaction acting for ``actor``. Only write units may record audit events."""

    session: Session
    actor: Actor
    settings: Settings
    writable: bool

    def acting_as(self, actor: Actor) -> Unit:
        """The same transaction, acting for someone else (the demo loader writes as each author)."""
        return Unit(self.session, actor, self.settings, self.writable)

    def lock(self, row: T) -> T:
        """``row`` locked until this transaction ends (``SELECT … FOR NO KEY UPDATE`` on
        PostgreSQL; SQLite runs one writer at a time) and read again under the lock: what a change
        then checks (a version, a state) is what it changes, not what another transaction changed
        meanwhile. ``NO KEY``: the writes that lock never change a key, so a row another
        transaction adds that refers to this one (its foreign-key check takes ``KEY SHARE``) does
        not wait, where ``FOR UPDATE`` held it until this transaction ended. Once per row and
        transaction; a change of ``row`` this transaction made before is flushed first, so reading
        again keeps it."""
        state = inspect(row)
        locked: set[Any] = self.session.info.setdefault(_LOCKED, set())
        key = (type(row), state.identity)
        if key in locked:
            return row
        if state.modified:
            self.session.flush()
        self.session.refresh(row, with_for_update={"key_share": True})
        locked.add(key)
        return row

    def lock_name(self, name: str, *, shared: bool = False) -> None:
        """A lock on ``name`` (what it stands for is the caller's: no row holds it) until this
        transaction ends: shared locks go together, an exclusive one waits for every other and
        they for it. A PostgreSQL advisory transaction lock on a 64-bit hash of the name (two
        names that collide only wait for each other); SQLite runs one writer at a time. Once per
        name and mode per transaction; an exclusive lock taken after a shared one is an upgrade
        (two transactions upgrading at once deadlock: PostgreSQL fails one)."""
        held: dict[str, bool] = self.session.info.setdefault(_NAMED, {})
        if name in held and (held[name] or shared):
            return
        if self.session.get_bind().dialect.name == "postgresql":
            digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
            call = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
            key = int.from_bytes(digest, "big", signed=True)
            self.session.execute(text(f"SELECT {call}(:key)"), {"key": key})
        held[name] = not shared

    def require(self, permission: Permission) -> None:
        if not self.actor.can(permission):
            raise PermissionDenied(
                f"this action needs the '{permission}' permission",
                {"permission": str(permission)},
            )

    def record(
        self,
        action: str,
        object_type: str | None,
        object_id: str | None,
        payload: dict[str, Any] | None = None,
        *,
        party_id: str | None = None,
    ) -> AuditEvent:
        """Write the audit event for a change made in this unit (same transaction)."""
        if not self.writable:
            raise RuntimeError("audit events can only be recorded in a write unit")
        return audit_log.append(
            self.session,
            actor_id=self.actor.account_id,
            actor_label=self.actor.label,
            party_id=party_id if party_id is not None else self.actor.party_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            payload=payload or {},
            checkpoint_every=self.settings.audit_checkpoint_every,
        )


def database_for(settings: Settings) -> Database:
    """The process's database: on PostgreSQL with the pool sized by the settings."""
    if settings.is_sqlite:
        return Database(settings.database_url)
    pool = {"pool_size": settings.db_pool_size, "max_overflow": settings.db_max_overflow}
    return Database(settings.database_url, **pool)


class Context:
    """What a process edge (CLI, server, stream worker) builds once from settings: the database
    (pooled as the settings say) and the config."""

    def __init__(self, settings: Settings, db: Database | None = None) -> None:
        self.settings = settings
        self.db = db or database_for(settings)

    @contextmanager
    def write(self, actor: Actor) -> Iterator[Unit]:
        with self.db.writing() as session:
            yield Unit(session, actor, self.settings, writable=True)

    @contextmanager
    def read(self, actor: Actor) -> Iterator[Unit]:
        with self.db.reading() as session:
            yield Unit(session, actor, self.settings, writable=False)

    def close(self) -> None:
        self.db.dispose()
