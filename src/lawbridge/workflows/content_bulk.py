"""Bulk reads and writes of propagation: plain rows instead of ORM objects.

A decision may take down tens of thousands of posts in one transaction. Building an ORM object per
takedown and notice and flushing them one by one costs far more than the database work, so
propagation reads posts as :class:`PostView` rows (Core selects), collects takedowns, notices and
new post states in a :class:`TakedownBatch`, and writes them in the caller's transaction: on
PostgreSQL with ``COPY … FROM STDIN`` (psycopg), on SQLite with one executemany of the driver
(values converted once per distinct value by the column types' own bind processors), elsewhere
with SQLAlchemy executemany inserts; post states with one ``UPDATE`` per state. JSON values are
encoded once, by us.

A set of ids goes to the database as one parameter (:func:`among`): a PostgreSQL array
(``= ANY(:ids)``) or, on SQLite, a JSON array read by ``json_each``; no statement grows with the
number of ids.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import (
    JSON,
    ColumnElement,
    String,
    Table,
    any_,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from lawbridge.store.content_models import ContentNotice, ContentPost, ContentTakedown

CHUNK = 500
INSERT_CHUNK = 2000
TAKEDOWNS = cast(Table, ContentTakedown.__table__)
NOTICES = cast(Table, ContentNotice.__table__)
POSTS = cast(Table, ContentPost.__table__)
JSON_TEXT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass(slots=True)
class PostView:
    """The columns of a stored post that propagation reads (a Core row, not an ORM object)."""

    id: str
    party_id: str
    external_id: str
    author: str
    posted_at: datetime
    lang: str | None
    text: str
    image_sha256: str | None
    image_size: int | None
    thumbnail: bytes | None
    links: list[str]
    reshare_of: str | None
    reply_to: str | None
    signals: dict[str, Any]
    state: str
    state_changed_at: datetime | None = None


POST_COLUMNS = [getattr(ContentPost, f.name) for f in fields(PostView)]


class PostLike(Protocol):
    """A stored post: an ORM :class:`ContentPost` or a :class:`PostView`."""

    id: str
    party_id: str
    external_id: str
    author: str
    posted_at: datetime
    lang: str | None
    text: str
    image_sha256: str | None
    image_size: int | None
    thumbnail: bytes | None
    links: list[str]
    reshare_of: str | None
    reply_to: str | None
    signals: dict[str, Any]
    state: str
    state_changed_at: datetime | None


@dataclass(slots=True)
class TakedownRow:
    """A takedown as propagation writes it; the attributes of :class:`ContentTakedown`."""

    id: str
    party_id: str
    post_id: str
    decision_id: str | None
    bank_entry_id: str | None
    via: str
    source_post_id: str | None
    signal: str | None
    distance: float | None
    match: dict[str, Any]
    evidence: dict[str, Any]
    evidence_sha256: str
    statement: dict[str, Any]
    state: str
    created_at: datetime
    reversed_at: datetime | None = None
    reversed_reason: str | None = None

    def values(self) -> dict[str, Any]:
        """The column values (shallow: the JSON values are shared, not copied)."""
        return {name: getattr(self, name) for name in TAKEDOWN_FIELDS}


TAKEDOWN_FIELDS = tuple(f.name for f in fields(TakedownRow))


class TakedownLike(Protocol):
    """What the audit log keeps of a takedown (a :class:`TakedownRow` or an ORM row)."""

    id: str
    post_id: str
    via: str
    decision_id: str | None
    bank_entry_id: str | None
    signal: str | None
    distance: float | None
    evidence_sha256: str
    evidence: dict[str, Any]


class EncodedJSON(TypeDecorator[str]):
    """A JSON column bound from text that is JSON already (no second encoding)."""

    impl = JSON
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Any:
        if dialect.name == "postgresql":
            from psycopg.types.json import Json

            return lambda text: Json(text, dumps=_as_is)
        return None


def _as_is(text: Any) -> str:
    return str(text)


def among(session: Session, column: Any, ids: list[str]) -> ColumnElement[bool]:
    """``column IN ids`` with the ids bound as one parameter (see the module docstring)."""
    if session.connection().dialect.name == "postgresql":
        return cast(ColumnElement[bool], column == any_(bindparam(None, ids, type_=ARRAY(String))))
    values = func.json_each(bindparam(None, JSON_TEXT.encode(ids), type_=String)).table_valued(
        "value"
    )
    return cast(ColumnElement[bool], column.in_(select(values.c.value)))


def bulk_insert(
    session: Session, table: Table, rows: list[dict[str, Any]], json_columns: tuple[str, ...] = ()
) -> None:
    """Insert ``rows`` (all with the same keys; ``json_columns`` hold JSON text) in the session's
    transaction: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        _copy(connection.connection.driver_connection, connection.dialect, table, rows)
        return
    if connection.dialect.name == "sqlite":
        _executemany(connection.connection.driver_connection, connection.dialect, table, rows,
                     json_columns)  # fmt: skip
        return
    statement = insert(table).values({c: bindparam(c, type_=EncodedJSON()) for c in json_columns})
    for start in range(0, len(rows), INSERT_CHUNK):
        session.execute(statement, rows[start : start + INSERT_CHUNK])


def _copy(driver: Any, dialect: Dialect, table: Table, rows: list[dict[str, Any]]) -> None:
    quote = dialect.identifier_preparer.quote
    names = list(rows[0])
    sql = f"COPY {quote(table.name)} ({', '.join(quote(n) for n in names)}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([row[n] for n in names])


def _executemany(
    driver: Any, dialect: Dialect, table: Table, rows: list[dict[str, Any]], raw: tuple[str, ...]
) -> None:
    """One executemany of the DBAPI driver; the columns' bind processors (datetimes, JSON) run
    once per distinct value; ``raw`` columns hold what the driver takes as it is."""
    quote = dialect.identifier_preparer.quote
    names = list(rows[0])
    converters: list[tuple[int, Any]] = []
    for i, name in enumerate(names):
        processor = None if name in raw else table.c[name].type._cached_bind_processor(dialect)
        if processor is not None:
            converters.append((i, processor))
    data = [[row[n] for n in names] for row in rows]
    for i, processor in converters:
        seen: dict[Any, Any] = {}
        for values in data:
            value = values[i]
            if value is None:
                continue
            try:
                values[i] = seen[value]
            except (KeyError, TypeError):
                values[i] = converted = processor(value)
                if type(value) is not dict and type(value) is not list:
                    seen[value] = converted
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    driver.cursor().executemany(sql, data)


@dataclass(slots=True)
class TakedownBatch:
    """Takedowns, notices and new post states collected for one bulk write."""

    rows: list[TakedownRow] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    notices: list[dict[str, Any]] = field(default_factory=list)
    states: dict[str, list[str]] = field(default_factory=dict)

    def add(
        self, row: TakedownRow, evidence: str, notice: dict[str, Any], state: str, statement: str
    ) -> None:
        """One takedown; ``evidence`` and ``statement`` are its JSON texts."""
        self.rows.append(row)
        self.evidence.append(evidence)
        self.statements.append(statement)
        self.notices.append(notice)
        self.states.setdefault(state, []).append(row.post_id)

    def write(self, session: Session, now: datetime, *, update_states: bool = True) -> None:
        """Everything collected, in the session's transaction (the posts' new states too, unless
        they were set on ORM objects already)."""
        rows = []
        matches: dict[str, str] = {}
        for row, evidence, statement in zip(self.rows, self.evidence, self.statements, strict=True):
            values = row.values()
            values["evidence"] = evidence
            values["statement"] = statement
            match = JSON_TEXT.encode(row.match) if row.match else "{}"
            values["match"] = matches.setdefault(match, match)
            rows.append(values)
        bulk_insert(session, TAKEDOWNS, rows, ("evidence", "match", "statement"))
        bulk_insert(session, NOTICES, self.notices)
        if not update_states:
            return
        for state, ids in self.states.items():
            session.execute(
                update(POSTS)
                .where(among(session, POSTS.c.id, ids))
                .values(state=state, state_changed_at=now)
            )
        self._refresh_loaded(session)

    def _refresh_loaded(self, session: Session) -> None:
        """Posts of the session's identity map that the bulk update changed behind its back are
        expired (the judged post, changed through the ORM already, is left as it is)."""
        changed = {post_id: state for state, ids in self.states.items() for post_id in ids}
        for obj in list(session.identity_map.values()):
            if isinstance(obj, ContentPost) and changed.get(obj.id, obj.state) != obj.state:
                session.expire(obj, ["state", "state_changed_at"])
