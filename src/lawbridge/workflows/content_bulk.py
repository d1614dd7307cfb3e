"""Bulk reads and writes of propagation: plain rows instead of ORM objects.

A decision may take down tens of thousands of posts in one transaction. Building an ORM object per
takedown and notice and flushing them one by one costs far more than the database work, so
propagation reads posts as :class:`PostView` rows (Core selects), collects takedowns, notices and
new post states in a :class:`TakedownBatch`, and writes them in the caller's transaction: on
PostgreSQL with ``COPY … FROM STDIN`` (psycopg; the takedowns streamed while they are built, see
:meth:`TakedownBatch.streaming`), on SQLite with one executemany of the driver (values converted
once per distinct value by the column types' own bind processors), elsewhere with SQLAlchemy
executemany inserts; post states with one ``UPDATE`` per state, by ``seq`` where known. JSON
values are encoded once, by us. The cyclic garbage collector is paused meanwhile
(:func:`gc_paused`).

A set of ids goes to the database as one parameter (:func:`among`): on PostgreSQL one
comma-separated text split by ``string_to_array`` (``= ANY(…)``; an array parameter where an id
holds a comma), on SQLite a JSON array read by ``json_each``; no statement grows with the number
of ids.
"""

from __future__ import annotations

import gc
import json
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, fields
from datetime import datetime
from operator import attrgetter
from typing import Any, Protocol, cast

from sqlalchemy import (
    JSON,
    ColumnElement,
    Integer,
    String,
    Table,
    any_,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy import (
    cast as sa_cast,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from lawbridge.domain.content import PostState
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
    seq: int | None = None
    state_changed_at: datetime | None = None


# Table columns, not ORM attributes: the rows come back through Core, without the ORM's loading.
POST_COLUMNS = [POSTS.c[f.name] for f in fields(PostView)]


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


class TakedownRows(list[TakedownRow]):
    """Takedown rows with their evidence JSON texts (as in the rows) and, once built, their
    audit events (both reused by :func:`.content_evidence.audit_takedowns`)."""

    __slots__ = ("evidence", "events")

    def __init__(self, rows: Sequence[TakedownRow], evidence: Sequence[str]) -> None:
        super().__init__(rows)
        self.evidence = list(evidence)
        self.events: list[tuple[str, dict[str, Any]]] | None = None


TAKEDOWN_FIELDS = tuple(f.name for f in fields(TakedownRow))
_TAKEDOWN_VALUES = attrgetter(*TAKEDOWN_FIELDS)
_JSON_TEXT_COLUMNS = ("evidence", "match", "statement")  # written as the JSON text we encoded
_MATCH, _EVIDENCE, _STATEMENT = (
    TAKEDOWN_FIELDS.index(n) for n in ("match", "evidence", "statement")
)


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


_GC_LOCK = threading.Lock()
_gc_pauses = [0, False]  # open pauses, whether the collector was enabled before the first


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for a bulk step.

    A decision builds tens of thousands of rows, dicts and strings that all stay alive until
    they are written; each generation-0 collection walks them again and moves them up, which
    cost a fifth of a 10,000-takedown propagation. They hold no reference cycles (reference
    counting frees them), so the collector is paused meanwhile and restored after (nested and
    concurrent pauses restore it once, when the last one ends)."""
    with _GC_LOCK:
        if _gc_pauses[0] == 0:
            _gc_pauses[1] = gc.isenabled()
            gc.disable()
        _gc_pauses[0] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_pauses[0] -= 1
            if _gc_pauses[0] == 0 and _gc_pauses[1]:
                gc.enable()


def among(
    session: Session, column: Any, ids: list[str], *, integers: bool = False
) -> ColumnElement[bool]:
    """``column IN ids`` with the ids bound as one parameter (see the module docstring);
    ``integers``: the ids are the decimal strings of an integer column's values."""
    if session.connection().dialect.name == "postgresql":
        joined = ",".join(ids)
        if joined.count(",") == len(ids) - 1 and all(ids):
            # one text parameter split by the server (the driver dumps a list item by item)
            array: Any = func.string_to_array(bindparam(None, joined, type_=String), ",")
        else:  # an id holds a comma or is empty
            array = bindparam(None, ids, type_=ARRAY(String))
        if integers:
            array = sa_cast(array, ARRAY(Integer))
        return cast(ColumnElement[bool], column == any_(array))
    text = f"[{','.join(ids)}]" if integers else JSON_TEXT.encode(ids)
    values = func.json_each(bindparam(None, text, type_=String)).table_valued("value")
    return cast(ColumnElement[bool], column.in_(select(values.c.value)))


def same_party(session: Session, column: Any, party_id: str) -> ColumnElement[bool]:
    """``column == party_id`` beside :func:`among` on the same table. SQLite (without ANALYZE
    statistics) would otherwise walk the (party, state) index over all the party's posts and
    test each against the id set; ``column || ''`` keeps the index of the ids in use."""
    if session.connection().dialect.name == "sqlite":
        return cast(ColumnElement[bool], column.concat("") == party_id)
    return cast(ColumnElement[bool], column == party_id)


def bulk_insert(
    session: Session,
    table: Table,
    rows: list[dict[str, Any]],
    json_columns: tuple[str, ...] = (),
    meanwhile: Callable[[], None] | None = None,
) -> None:
    """Insert ``rows`` (all with the same keys; ``json_columns`` hold JSON text) in the session's
    transaction: COPY on PostgreSQL, executemany elsewhere. ``meanwhile`` runs once: on
    PostgreSQL after the last row is sent, while the server inserts; elsewhere after."""
    connection = session.connection()
    driver: Any = connection.connection.driver_connection
    if rows and connection.dialect.name == "postgresql":
        names = list(rows[0])
        with (
            driver.cursor() as cursor,
            cursor.copy(_copy_sql(connection.dialect, table, names)) as copy,
        ):
            for row in rows:
                copy.write_row([row[n] for n in names])
            if meanwhile is not None:
                meanwhile()
        return
    if rows and connection.dialect.name == "sqlite":
        names = list(rows[0])
        data = [[row[n] for n in names] for row in rows]
        _executemany(driver, connection.dialect, table, names, data, json_columns)
    elif rows:
        statement = insert(table).values(
            {c: bindparam(c, type_=EncodedJSON()) for c in json_columns}
        )
        for start in range(0, len(rows), INSERT_CHUNK):
            session.execute(statement, rows[start : start + INSERT_CHUNK])
    if meanwhile is not None:
        meanwhile()


def _update_states(
    session: Session, state: str, ids: list[str], seqs: list[int | None], now: datetime
) -> None:
    """Posts ``ids`` (``seqs``: their seq, the table's key, where known) set to ``state``."""
    if not ids:
        return
    if None in seqs:
        where = among(session, POSTS.c.id, ids)
    else:
        where = among(session, POSTS.c.seq, [str(seq) for seq in seqs], integers=True)
    session.execute(update(POSTS).where(where).values(state=state, state_changed_at=now))


def _copy_sql(dialect: Dialect, table: Table, names: Sequence[str]) -> str:
    quote = dialect.identifier_preparer.quote
    return f"COPY {quote(table.name)} ({', '.join(quote(n) for n in names)}) FROM STDIN"


def _executemany(
    driver: Any,
    dialect: Dialect,
    table: Table,
    names: Sequence[str],
    data: list[list[Any]],
    raw: tuple[str, ...],
) -> None:
    """One executemany of the DBAPI driver over ``data`` (lists of the ``names`` columns' values,
    converted in place); the columns' bind processors (datetimes, JSON) run once per distinct
    value; ``raw`` columns hold what the driver takes as it is."""
    quote = dialect.identifier_preparer.quote
    converters: list[tuple[int, Any]] = []
    for i, name in enumerate(names):
        processor = None if name in raw else table.c[name].type._cached_bind_processor(dialect)
        if processor is not None:
            converters.append((i, processor))
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
class _Stream:  # a TakedownBatch.streaming in progress: the states' pipeline, then the COPY
    driver: Any
    stack: ExitStack
    sql: str
    pipeline: ExitStack = field(default_factory=ExitStack)
    open_at: int = 0


@dataclass(slots=True)
class TakedownBatch:
    """Takedowns, notices and new post states collected for one bulk write.

    Inside :meth:`streaming` (PostgreSQL), each takedown added is sent to the server at once, in
    one ``COPY`` that stays open meanwhile: the server inserts the rows while the next ones are
    built, on the machine's other core, instead of after them all.
    """

    rows: list[TakedownRow] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    notices: list[dict[str, Any]] = field(default_factory=list)
    states: dict[str, list[str]] = field(default_factory=dict)
    seqs: dict[str, list[int | None]] = field(default_factory=dict)  # the same posts' seq
    _copy: Any = None
    _stream: _Stream | None = None
    _written: int = 0  # takedowns already sent (streamed)
    _matches: dict[str, str] = field(default_factory=dict)
    _updated: set[str] = field(default_factory=set)  # posts whose new state is written already

    def add(
        self,
        row: TakedownRow,
        evidence: str,
        notice: dict[str, Any],
        state: str,
        statement: str,
        seq: int | None = None,
    ) -> None:
        """One takedown; ``evidence`` and ``statement`` are its JSON texts, ``seq`` the post's
        (when stored: the states are then updated by it, the table's own key)."""
        self.rows.append(row)
        self.evidence.append(evidence)
        self.statements.append(statement)
        self.notices.append(notice)
        self.states.setdefault(state, []).append(row.post_id)
        self.seqs.setdefault(state, []).append(seq)
        if self._copy is not None:
            self._copy.write_row(self._values(len(self.rows) - 1))
            self._written = len(self.rows)
        elif self._stream is not None and len(self.rows) >= self._stream.open_at:
            self._open_copy()

    def taken(self) -> TakedownRows:
        """The takedowns collected, with their evidence texts."""
        return TakedownRows(self.rows, self.evidence)

    def _values(self, i: int) -> list[Any]:
        """The column values of takedown ``i`` in :data:`TAKEDOWN_FIELDS` order, JSON as text."""
        row = self.rows[i]
        match = JSON_TEXT.encode(row.match) if row.match else "{}"
        values = list(_TAKEDOWN_VALUES(row))
        values[_MATCH] = self._matches.setdefault(match, match)
        values[_EVIDENCE] = self.evidence[i]
        values[_STATEMENT] = self.statements[i]
        return values

    @contextmanager
    def streaming(
        self, session: Session, now: datetime, taking: Sequence[PostView] = ()
    ) -> Iterator[None]:
        """The states of ``taking`` (posts taken down inside) written first (:meth:`take_states`);
        on PostgreSQL sent in pipeline mode, not waited for, and the takedowns added inside sent
        as they come in a ``COPY`` opened once half of ``taking`` is built (the server updates
        the posts meanwhile). The session is flushed first; nothing else may use it inside."""
        connection = session.connection()
        if connection.dialect.name != "postgresql":
            self.take_states(session, taking, now)
            yield
            return
        session.flush()
        driver: Any = connection.connection.driver_connection
        sql = _copy_sql(connection.dialect, TAKEDOWNS, TAKEDOWN_FIELDS)
        with ExitStack() as stack:
            self._stream = _Stream(driver, stack, sql)
            try:
                if taking:
                    self._stream.pipeline.enter_context(driver.pipeline())
                    self.take_states(session, taking, now)  # sent; its result comes at the sync
                    self._stream.open_at = len(self.rows) + len(taking) // 2
                else:
                    self._open_copy()
                yield
                self._open_copy()
            except BaseException:
                self._stream.pipeline.__exit__(*sys.exc_info())
                raise
            finally:
                self._copy = None
                self._stream = None

    def _open_copy(self) -> None:
        """End the pipeline (its ``UPDATE`` done), open the ``COPY`` and send what is built."""
        stream = self._stream
        if stream is None or self._copy is not None:
            return
        stream.pipeline.close()  # raises the UPDATE's error, if any
        cursor = stream.stack.enter_context(stream.driver.cursor())
        copy = stream.stack.enter_context(cursor.copy(stream.sql))
        for i in range(self._written, len(self.rows)):
            copy.write_row(self._values(i))
        self._written = len(self.rows)
        self._copy = copy

    def write(
        self,
        session: Session,
        now: datetime,
        *,
        update_states: bool = True,
        meanwhile: Callable[[], None] | None = None,
    ) -> None:
        """Everything collected (and not streamed), in the session's transaction (the posts'
        new states too, unless set on ORM objects); ``meanwhile``: see :func:`bulk_insert`."""
        data = [self._values(i) for i in range(self._written, len(self.rows))]
        self._written = len(self.rows)
        connection = session.connection()
        if data and connection.dialect.name == "sqlite":  # the lists as they are
            _executemany(connection.connection.driver_connection, connection.dialect, TAKEDOWNS,
                         TAKEDOWN_FIELDS, data, _JSON_TEXT_COLUMNS)  # fmt: skip
        else:
            rows = [dict(zip(TAKEDOWN_FIELDS, values, strict=True)) for values in data]
            bulk_insert(session, TAKEDOWNS, rows, _JSON_TEXT_COLUMNS)
        bulk_insert(session, NOTICES, self.notices, meanwhile=meanwhile)
        if update_states:
            self.take_states(session, (), now)
            self._refresh_loaded(session)

    def take_states(self, session: Session, posts: Sequence[PostView], now: datetime) -> None:
        """Write the new states of the takedowns added so far and of the visible ``posts`` (to
        be taken down next), one ``UPDATE`` per state; :meth:`write` leaves them out."""
        pending: dict[str, tuple[list[str], list[int | None]]] = {}
        for state, ids in self.states.items():
            left = [(i, q) for i, q in zip(ids, self.seqs[state], strict=True)
                    if i not in self._updated]  # fmt: skip
            pending[state] = ([i for i, _ in left], [q for _, q in left])
        ids, seqs = pending.setdefault(PostState.TAKEN_DOWN.value, ([], []))
        for post in posts:
            if post.state == PostState.VISIBLE.value and post.id not in self._updated:
                ids.append(post.id)
                seqs.append(post.seq)
        for state, (ids, seqs) in pending.items():
            _update_states(session, state, ids, seqs, now)
            self._updated.update(ids)

    def _refresh_loaded(self, session: Session) -> None:
        """Posts of the session's identity map that the bulk update changed behind its back are
        expired (the judged post, changed through the ORM already, is left as it is)."""
        changed = {post_id: state for state, ids in self.states.items() for post_id in ids}
        for obj in list(session.identity_map.values()):
            if isinstance(obj, ContentPost) and changed.get(obj.id, obj.state) != obj.state:
                session.expire(obj, ["state", "state_changed_at"])
