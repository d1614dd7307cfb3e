"""The in-process index cache of screening: one built :class:`NameIndex` per list version.

Building an index scores nothing but costs a pass over the list, so a query must not rebuild it. A
list's version changes with every import and delisting, so an index keyed by (list id, version,
matcher NAME, config hash) is never stale; the cache is bounded and drops the least recently used.

By default a query that finds no index for its list's current version builds it, inside the request.
A long-running server instead runs an :class:`IndexRefresher` per process (``warm_indexes``): it
builds every list's index at start-up (readiness waits for that), then polls the list versions every
``index_refresh_seconds`` with a random jitter of its own, builds a changed list's index off the
request path and swaps it in atomically. While a refresher is attached, a query whose list has
changed keeps using that list's previous index until the new one is in (counted in
``IndexCache.stale_served``), and :func:`search_current` scores the entries changed since that
version (imported, edited, delisted: ``changed_version`` above it) directly, so the answer is the
current list's all the same. Several processes thus never rebuild a changed list at the same
instant, nor inside a request.
"""

from __future__ import annotations

import logging
import random
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Literal

from sqlalchemy import select

from lawbridge.domain.actor import Actor
from lawbridge.domain.screening import EntryStatus
from lawbridge.engines.names import Candidate, Matcher, NameIndex, PersonRecord
from lawbridge.errors import InvalidInput
from lawbridge.store.models import Watchlist, WatchlistEntry
from lawbridge.workflows.unit import Context, Unit

log = logging.getLogger(__name__)
Key = tuple[str, int, str, str]  # (list id, list version, matcher NAME, config hash)
INDEXER = Actor.system("indexer")
# Each poll waits the refresh interval times a factor drawn from this range (per process, per poll).
JITTER = (0.8, 1.2)


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    """The matcher screening uses (built once per process; it caches prepared names)."""
    return Matcher()


def index_key(watchlist_id: str, version: int, matcher: Matcher) -> Key:
    return (watchlist_id, version, matcher.NAME, matcher.config_hash)


class IndexCache:
    """Built :class:`NameIndex` objects keyed by (list id, list version, matcher, config hash).

    A list's version changes with every import and delisting, so a cached index is never stale.
    Bounded by the number of lists and of entries held; least recently used goes first. Putting a
    list's new version drops its older ones in the same step (the swap is atomic for readers).
    ``builds`` counts indexes built (by requests or a refresher), ``stale_served`` the queries
    answered from a list's previous version while a refresher was attached.
    """

    def __init__(self, max_lists: int = 16, max_entries: int = 2_000_000) -> None:
        self.max_lists, self.max_entries = max_lists, max_entries
        self._items: OrderedDict[Key, NameIndex] = OrderedDict()
        self._lock = threading.Lock()
        self._refreshers = 0
        self.builds = 0
        self.stale_served = 0

    def get(self, unit: Unit, watchlist: Watchlist, matcher: Matcher) -> NameIndex:
        return self.lookup(unit, watchlist, matcher)[0]

    def lookup(self, unit: Unit, watchlist: Watchlist, matcher: Matcher) -> tuple[NameIndex, int]:
        """The list's index and the list version it was built from: the current one, or, while a
        refresher is attached, the newest previous one (search it with :func:`search_current`)."""
        key = index_key(watchlist.id, watchlist.version, matcher)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key], key[1]
            previous = self._previous(key) if self._refreshers else None
            if previous is not None:
                self.stale_served += 1
                return previous  # the refresher builds the new version off the request path
        index = build_index(unit, watchlist, matcher)
        self.put(key, index)
        return index, key[1]

    def _previous(self, key: Key) -> tuple[NameIndex, int] | None:
        """The newest cached index of the same list and matcher (another version), if any."""
        versions = [k for k in self._items if _same_list(k, key) and k[1] < key[1]]
        if not versions:
            return None
        newest = max(versions, key=lambda k: k[1])
        return self._items[newest], newest[1]

    def has(self, key: Key) -> bool:
        with self._lock:
            return key in self._items

    def holds_list(self, key: Key) -> bool:
        """Whether some version of ``key``'s list (same matcher) is cached."""
        with self._lock:
            return any(_same_list(k, key) for k in self._items)

    def put(self, key: Key, index: NameIndex) -> None:
        """Hold ``index`` under ``key``; older versions of the same list go in the same step."""
        with self._lock:
            self.builds += 1
            for old in [k for k in self._items if _same_list(k, key) and k[1] < key[1]]:
                del self._items[old]
            self._items[key] = index
            self._evict()

    def _evict(self) -> None:
        while len(self._items) > 1 and (
            len(self._items) > self.max_lists
            or sum(len(i) for i in self._items.values()) > self.max_entries
        ):
            self._items.popitem(last=False)

    def attach(self) -> None:
        """A refresher starts: a changed list's previous index answers until the new one is in."""
        with self._lock:
            self._refreshers += 1

    def detach(self) -> None:
        with self._lock:
            self._refreshers = max(0, self._refreshers - 1)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _same_list(a: Key, b: Key) -> bool:
    return a[0] == b[0] and a[2:] == b[2:]


INDEXES = IndexCache()
RefresherState = Literal["idle", "warming", "warm", "stopped"]


class IndexRefresher:
    """One per process: warm every list's index, then rebuild changed lists in the background.

    :meth:`refresh_once` is the whole work of one poll (tests call it directly); :meth:`start` runs
    it on a daemon thread: at once (the warm-up, retried until it succeeds), then every
    ``interval`` seconds times a random factor (:data:`JITTER`), the first poll after a random part
    of the interval, so that processes started together drift apart and do not rebuild a changed
    list at the same instant.
    """

    def __init__(
        self,
        context: Context,
        *,
        cache: IndexCache | None = None,
        interval: float = 30.0,
        rng: random.Random | None = None,
    ) -> None:
        self.context = context
        self.cache = cache if cache is not None else INDEXES
        self.interval = interval
        self.rng = rng or random.Random()
        self.state: RefresherState = "idle"
        self.warm = threading.Event()
        self.polls = 0
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def refresh_once(self, *, every_list: bool = True) -> int:
        """Build the current index of every watchlist the cache lacks; the number built.

        With ``every_list`` false (the polls after the warm-up) only lists of which the cache holds
        an older version are rebuilt: a list evicted from the bounded cache, or created since, is
        built by its next query as without a refresher, so that more lists than the cache holds do
        not make every poll rebuild some of them.
        """
        matcher = default_matcher()
        with self.context.read(INDEXER) as unit:
            current = unit.session.execute(
                select(Watchlist.id, Watchlist.version).order_by(Watchlist.id)
            ).all()
        built = 0
        for watchlist_id, version in current:
            if self._stop.is_set():
                break
            key = index_key(watchlist_id, version, matcher)
            if self.cache.has(key) or not (every_list or self.cache.holds_list(key)):
                continue
            with self.context.read(INDEXER) as unit:
                watchlist = unit.session.get(Watchlist, watchlist_id)
                if watchlist is None:
                    continue
                key = index_key(watchlist.id, watchlist.version, matcher)
                index = build_index(unit, watchlist, matcher)
            self.cache.put(key, index)
            built += 1
        self.polls += 1
        return built

    def start(self) -> None:
        if self._thread is not None:
            return
        self.cache.attach()
        self.state = "warming"
        self._thread = threading.Thread(target=self._run, name="index-refresher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop polling (a build in progress finishes on its daemon thread)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
            self.cache.detach()
        self.state = "stopped"

    def _run(self) -> None:
        delay = 0.0
        while not self._stop.wait(delay):
            try:
                built = self.refresh_once(every_list=not self.warm.is_set())
            except Exception as exc:  # a background thread: log, keep the process serving, retry
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("index refresh failed (%s); retrying", self.last_error)
                delay = min(self.interval, 5.0) if not self.warm.is_set() else self._next_delay()
                continue
            self.last_error = None
            if not self.warm.is_set():
                self.state = "warm"
                self.warm.set()
                log.info("screening indexes warm (%d built)", built)
                delay = self.rng.uniform(0.0, self.interval)  # this process's phase
                continue
            if built:
                log.info("screening indexes refreshed in the background (%d built)", built)
            delay = self._next_delay()

    def _next_delay(self) -> float:
        return self.interval * self.rng.uniform(*JITTER)


def build_index(unit: Unit, watchlist: Watchlist, matcher: Matcher) -> NameIndex:
    """An index of the list's active entries, keyed by entry id."""
    index = NameIndex(matcher)
    query = select(WatchlistEntry.id, WatchlistEntry.record).where(
        WatchlistEntry.watchlist_id == watchlist.id,
        WatchlistEntry.status == EntryStatus.ACTIVE.value,
    )
    for entry_id, record in unit.session.execute(query):
        try:
            index.add(entry_id, PersonRecord.from_dict(record))
        except InvalidInput:
            log.warning("watchlist entry %s holds an unreadable record; not indexed", entry_id)
    return index


def search_current(
    unit: Unit,
    watchlist: Watchlist,
    index: NameIndex,
    version: int,
    record: PersonRecord,
    *,
    limit: int,
    floor: float,
    matcher: Matcher,
) -> list[Candidate]:
    """``index.search`` as the list stands now, ``index`` being built from list ``version``: the
    entries changed since then are left out of the index's answer and scored one by one instead
    (a delisted one not at all), so a person imported a moment ago is found before the refresher's
    swap. The changes between two polls are few; the index answers the rest."""
    if version == watchlist.version:
        return index.search(record, limit=limit, floor=floor)
    changed = unit.session.execute(
        select(WatchlistEntry.id, WatchlistEntry.record, WatchlistEntry.status).where(
            WatchlistEntry.watchlist_id == watchlist.id,
            WatchlistEntry.changed_version > version,
        )
    ).all()
    ids = {row.id for row in changed}
    found = [
        c for c in index.search(record, limit=limit + len(ids), floor=floor) if c.id not in ids
    ]
    prepared = matcher.prepare(record)
    for entry_id, data, status in changed:
        if status != EntryStatus.ACTIVE.value:
            continue
        try:
            comparison = matcher.compare(prepared, PersonRecord.from_dict(data))
        except InvalidInput:
            continue  # as build_index: an unreadable record is not indexed
        if comparison.score >= floor:
            found.append(Candidate(entry_id, comparison.score, comparison))
    found.sort(key=lambda c: (-c.score, c.id))
    return found[:limit]
