"""The in-process index cache of screening: one built :class:`NameIndex` per list version.

Building an index scores nothing but costs a pass over the list, so a query must not rebuild it. A
list's version changes with every import and delisting, so an index keyed by (list id, version,
matcher NAME, config hash) is never stale; the cache is bounded and drops the least recently used.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from functools import lru_cache

from sqlalchemy import select

from lawbridge.domain.screening import EntryStatus
from lawbridge.engines.names import Matcher, NameIndex, PersonRecord
from lawbridge.errors import InvalidInput
from lawbridge.store.models import Watchlist, WatchlistEntry
from lawbridge.workflows.unit import Unit

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    """The matcher screening uses (built once per process; it caches prepared names)."""
    return Matcher()


class IndexCache:
    """Built :class:`NameIndex` objects keyed by (list id, list version, matcher, config hash).

    A list's version changes with every import and delisting, so a cached index is never stale.
    Bounded by the number of lists and of entries held; least recently used goes first.
    """

    def __init__(self, max_lists: int = 16, max_entries: int = 2_000_000) -> None:
        self.max_lists, self.max_entries = max_lists, max_entries
        self._items: OrderedDict[tuple[str, int, str, str], NameIndex] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0

    def get(self, unit: Unit, watchlist: Watchlist, matcher: Matcher) -> NameIndex:
        key = (watchlist.id, watchlist.version, matcher.NAME, matcher.config_hash)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        index = build_index(unit, watchlist, matcher)
        with self._lock:
            self.builds += 1
            self._items[key] = index
            self._evict()
        return index

    def _evict(self) -> None:
        while len(self._items) > 1 and (
            len(self._items) > self.max_lists
            or sum(len(i) for i in self._items.values()) > self.max_entries
        ):
            self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


INDEXES = IndexCache()


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
