"""In-memory indexes of content monitoring: one per bank version (upload matching) and one per
party over its stored posts (propagation: which stored posts copy the judged one).

* :class:`BankIndex` holds a bank's live entries, one engine index per signal type, built with the
  bank's thresholds; cached by (database, bank id, version), so it is rebuilt only when the bank
  changes (an entry added, removed or quarantined moves the version, in the database). An index
  of a version not committed yet is kept by the transaction that made it, never shared.
* :class:`PostIndex` holds every stored post's signals under an integer *slot* (slots map to post
  ids): exact text hashes, text shingle postings (the overlap count of a banned text with a post is
  exact, so containment needs no verification), PDQ (canonical hash per post, queried with the
  banned image's dihedral variants), multi-crop region hashes (candidates, verified by the caller
  with the engine's brute-force comparison) and canonical links (every hop of a redirect chain).
  It catches up with the database by ``seq`` before use; a slot whose post never committed (a
  rolled-back transaction) is harmless: candidates are always read back from the database.
  ``seq`` values are handed out at insert, not at commit: on PostgreSQL another process's post
  with a lower ``seq`` can commit after one with a higher ``seq`` was read, so a catch-up also
  looks again for the numbers it skipped (the *gaps*) until they turn up or every transaction
  that could still write them has ended.
"""

from __future__ import annotations

import threading
import time
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import or_, select, text

from lawbridge.domain.content import EntryStatus
from lawbridge.engines.signals import (
    ExactIndex,
    LinkIndex,
    MultiCropConfig,
    MultiCropIndex,
    MultiCropSignal,
    PdqConfig,
    PdqIndex,
    PdqSignal,
    PolicyRuleSignal,
    RuleIndex,
    SignalIndex,
    TextConfig,
    TextIndex,
    TextNearDupSignal,
)
from lawbridge.engines.signals.hamming import HammingIndex
from lawbridge.engines.signals.multicrop import NBITS, parse_multicrop
from lawbridge.engines.signals.text import identifiers, required_overlap
from lawbridge.errors import InvalidInput
from lawbridge.store.content_models import ContentBank, ContentBankEntry, ContentPost
from lawbridge.workflows.unit import Unit

TEXT = TextNearDupSignal()
PDQ = PdqSignal()
MULTICROP = MultiCropSignal()
RULES = PolicyRuleSignal()
DEFAULT_THRESHOLDS: dict[str, float] = {
    "text_near_dup": TEXT.config.threshold,
    "pdq": PDQ.config.threshold,
    "image_multicrop": MULTICROP.config.threshold,
    "image_multicrop_confirm": MULTICROP.config.confirm,
}


def database_key(unit: Unit) -> str:
    info = unit.session.info
    if "lawbridge_db_key" not in info:
        info["lawbridge_db_key"] = str(unit.session.get_bind().engine.url)
    key: str = info["lawbridge_db_key"]
    return key


_NO_IDENTS: frozenset[str] = frozenset()


def text_shingles(signal: str | None) -> frozenset[str]:
    return TEXT.shingle_set(signal) if signal else frozenset()


# --- Banks ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BankHit:
    """One bank entry a post matched."""

    entry_id: str
    signal_type: str
    modality: str
    distance: float
    detail: Mapping[str, Any]
    quarantined: bool

    @property
    def low_quality(self) -> bool:
        return bool(self.detail.get("low_quality"))


@dataclass(slots=True)
class BankIndex:
    """One engine index per signal type over a bank's live entries (refs: entry numbers)."""

    entry_ids: list[str] = field(default_factory=list)
    quarantined: set[int] = field(default_factory=set)
    indexes: dict[str, SignalIndex] = field(default_factory=dict)

    @classmethod
    def build(cls, bank: ContentBank, entries: Iterable[tuple[str, str, str, str]]) -> BankIndex:
        index = cls()
        signal_types = _bank_signal_types(bank.thresholds)
        for entry_id, signal_type, signal, status in entries:
            if signal_type not in signal_types:
                continue
            slot = len(index.entry_ids)
            index.entry_ids.append(entry_id)
            if status == EntryStatus.QUARANTINED.value:
                index.quarantined.add(slot)
            target = index.indexes.get(signal_type)
            if target is None:
                target = index.indexes[signal_type] = signal_types[signal_type]()
            try:
                target.add(signal, str(slot))
            except InvalidInput:
                continue  # validated on entry; a stale row never stops matching
        return index

    def match(self, signals: Mapping[str, Any], rule_form: str | None) -> list[BankHit]:
        hits: list[BankHit] = []
        for signal_type, index in self.indexes.items():
            for modality, query in _queries(signal_type, signals, rule_form):
                found = (
                    index.query_shingles(query)
                    if isinstance(index, TextIndex) and isinstance(query, frozenset)
                    else index.query(str(query))
                )
                for m in found:
                    slot = int(m.ref)
                    hits.append(
                        BankHit(
                            self.entry_ids[slot],
                            signal_type,
                            modality,
                            m.distance,
                            dict(m.comparison.detail),
                            slot in self.quarantined,
                        )
                    )
        return hits

    def __len__(self) -> int:
        return len(self.entry_ids)


def _bank_signal_types(thresholds: Mapping[str, Any]) -> dict[str, Any]:
    t = {**DEFAULT_THRESHOLDS, **thresholds}
    text = TextNearDupSignal(
        TextConfig(threshold=float(t["text_near_dup"]), min_threshold=min(0.5, t["text_near_dup"]))
    )
    pdq = PdqSignal(PdqConfig(threshold=int(t["pdq"])))
    mc_threshold = int(t["image_multicrop"])
    multicrop = MultiCropSignal(
        MultiCropConfig(
            threshold=mc_threshold,
            confirm=max(mc_threshold, int(t["image_multicrop_confirm"])),
        )
    )
    return {
        "exact_sha256": ExactIndex,
        "text_near_dup": lambda: TextIndex(text),
        "pdq": lambda: PdqIndex(pdq),
        "image_multicrop": lambda: MultiCropIndex(multicrop),
        "url_canonical": LinkIndex,
        "policy_rule": lambda: RuleIndex(RULES),
    }


def _queries(
    signal_type: str, signals: Mapping[str, Any], rule_form: str | None
) -> list[tuple[str, Any]]:
    """(modality, query) pairs of a post's signals that an index of ``signal_type`` answers."""
    if signal_type == "exact_sha256":
        pairs = (("text", signals.get("text_sha256")), ("image", signals.get("image_sha256")))
        return [(m, s) for m, s in pairs if s]
    if signal_type == "text_near_dup":
        shingles = signals.get("_shingles")
        return [("text", shingles)] if shingles else []
    if signal_type in ("pdq", "image_multicrop"):
        return [("image", signals[signal_type])] if signals.get(signal_type) else []
    if signal_type == "url_canonical":
        return [("link", url) for url in signals.get("links") or ()]
    if signal_type == "policy_rule":
        return [("text", rule_form)] if rule_form else []
    return []


# session.info key: ids of the banks this transaction changed (``banks.bump``); the session is the
# transaction's (``Unit``), so the mark ends with it.
CHANGED_BANKS = "lawbridge_changed_banks"
_OWN_INDEXES = "lawbridge_own_bank_indexes"


class BankIndexCache:
    """Built :class:`BankIndex` objects keyed by (database, bank id, version); LRU-bounded.

    Only indexes of committed versions are shared: a transaction that changed a bank builds
    the index of its own, uncommitted version for itself (kept in its session), since it may
    still roll back and the version number be given to other entries."""

    def __init__(self, max_banks: int = 64) -> None:
        self.max_banks = max_banks
        self._items: OrderedDict[tuple[str, str, int], BankIndex] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0

    def get(self, unit: Unit, bank: ContentBank) -> BankIndex:
        info = unit.session.info
        if bank.id in info.get(CHANGED_BANKS, ()):
            own: dict[tuple[str, int], BankIndex] = info.setdefault(_OWN_INDEXES, {})
            mine = own.get((bank.id, bank.version))
            if mine is None:
                for stale in [k for k in own if k[0] == bank.id]:
                    del own[stale]  # an earlier version of this transaction's: not asked again
                mine = own[(bank.id, bank.version)] = self._build(unit, bank)
            return mine
        key = (database_key(unit), bank.id, bank.version)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        index = self._build(unit, bank)
        with self._lock:
            self._items[key] = index
            while len(self._items) > self.max_banks:
                self._items.popitem(last=False)
        return index

    def _build(self, unit: Unit, bank: ContentBank) -> BankIndex:
        query = select(
            ContentBankEntry.id,
            ContentBankEntry.signal_type,
            ContentBankEntry.signal,
            ContentBankEntry.status,
        ).where(
            ContentBankEntry.bank_id == bank.id,
            ContentBankEntry.status != EntryStatus.REMOVED.value,
        )
        rows = unit.session.execute(query.order_by(ContentBankEntry.created_at)).all()
        index = BankIndex.build(bank, [(r[0], r[1], r[2], r[3]) for r in rows])
        with self._lock:
            self.builds += 1
        return index

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


# --- Stored posts --------------------------------------------------------------------------------


def _append(buckets: dict[Any, array[int]], key: Any, slot: int) -> None:
    bucket = buckets.get(key)
    if bucket is None:
        buckets[key] = array("q", (slot,))
    else:
        bucket.append(slot)


# Gaps in ``seq`` a sync looks for again (see the module docstring), on PostgreSQL only: SQLite
# runs one writer at a time, so a number below one already read never commits later. A gap is a
# post another transaction is still writing (it fills when that commits), a rolled-back insert (it
# never fills) or another party's post still being written (it never fills for this party).
# A gap is looked for until every transaction that was running when it was seen has ended (the
# server's oldest running transaction id passed the next id of then) and it is GAP_MIN_AGE old —
# the margin covers a writer that took its number but not yet its transaction id — or, failing
# that, for GAP_TTL.
GAP_MIN_AGE = 30.0  # seconds
GAP_TTL = 600.0  # seconds
GAP_SPAN = 100_000  # only the newest numbers below a sync's high mark can be gaps
MAX_GAPS = 20_000
GAP_CHUNK = 500  # numbers per IN (...) list
_XMIN = text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
_XMAX = text("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")


@dataclass(frozen=True, slots=True)
class _Gap:
    seen: float  # PostIndex.clock() when first seen
    horizon: int  # the server's next transaction id then: every writer of it has a lower one


class PostIndex:
    """The signals of one party's stored posts, by slot (see the module docstring)."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.slot_of: dict[str, int] = {}
        self.external: dict[str, str] = {}
        self.last_seq = 0
        self._gaps: dict[int, _Gap] = {}  # seq a sync skipped -> when and where it was seen
        self.clock: Callable[[], float] = time.monotonic
        self.lock = threading.RLock()
        # Slot lists are int arrays, not lists: the garbage collector does not walk them (a
        # list per shingle was a fifth of the objects every full collection walked).
        self._exact: dict[str, array[int]] = {}
        self._shingles: dict[int, array[int]] = {}
        self._idents: list[frozenset[str]] = []  # slot -> its identifier tokens (numbers)
        self._pdq = PdqIndex(PDQ)
        self._multicrop = HammingIndex(NBITS, MULTICROP.config.threshold)
        self._links: dict[str, array[int]] = {}

    def add(self, post_id: str, external_id: str, signals: Mapping[str, Any]) -> int:
        with self.lock:
            if post_id in self.slot_of:
                return self.slot_of[post_id]
            self.external[external_id] = post_id
            slot = len(self.ids)
            self.ids.append(post_id)
            self.slot_of[post_id] = slot
            if signals.get("text_sha256"):
                _append(self._exact, signals["text_sha256"], slot)
            post_shingles = signals.get("_shingles") or text_shingles(signals.get("text"))
            buckets = self._shingles
            for shingle in post_shingles:
                key = hash(shingle)
                bucket = buckets.get(key)
                if bucket is None:
                    buckets[key] = array("q", (slot,))
                else:
                    bucket.append(slot)
            self._idents.append(identifiers(frozenset(post_shingles)) or _NO_IDENTS)
            if signals.get("pdq"):
                self._pdq.add(signals["pdq"], str(slot))
            if signals.get("image_multicrop"):
                self._multicrop.add(parse_multicrop(signals["image_multicrop"]), slot)
            for url in signals.get("links") or ():
                _append(self._links, url, slot)
            return slot

    def sync(self, unit: Unit, party_id: str) -> None:
        """Add the party's posts stored since the last sync (by ``seq``), and those whose
        ``seq`` a sync skipped because their transaction had not committed yet."""
        with self.lock:
            now = self.clock()
            last_look = self._settled_gaps(unit, now) if self._gaps else set()
            previous = self.last_seq
            found: list[int] = []
            for seq, post_id, external_id, signals in self._unseen(unit, party_id):
                self.add(post_id, external_id, signals or {})
                self._gaps.pop(seq, None)
                if seq > previous:
                    found.append(seq)
                    self.last_seq = max(self.last_seq, seq)
            for seq in last_look:  # looked for once after its writer ended: never coming
                self._gaps.pop(seq, None)
            skipped = self.last_seq > previous + len(found)
            if skipped and unit.session.get_bind().dialect.name == "postgresql":
                self._note_gaps(unit, party_id, previous, found, now)

    def _settled_gaps(self, unit: Unit, now: float) -> set[int]:
        """Gaps whose writers have all ended: read before the rows are, so this sync's read sees
        whatever they committed."""
        oldest_running = int(unit.session.scalar(_XMIN) or 0)
        return {
            seq
            for seq, gap in self._gaps.items()
            if (now - gap.seen >= GAP_MIN_AGE and gap.horizon <= oldest_running)
            or now - gap.seen >= GAP_TTL
        }

    def _unseen(self, unit: Unit, party_id: str) -> list[Any]:
        columns = (ContentPost.seq, ContentPost.id, ContentPost.external_id, ContentPost.signals)
        mine = ContentPost.party_id == party_id
        gaps = sorted(self._gaps)
        if len(gaps) <= GAP_CHUNK:
            newer = ContentPost.seq > self.last_seq
            where = or_(newer, ContentPost.seq.in_(gaps)) if gaps else newer
            return list(
                unit.session.execute(select(*columns).where(mine, where).order_by(ContentPost.seq))
            )
        # Many gaps (another transaction's many rows, or many rolled back): find which turned up
        # by number first, then read only those rows.
        window = ContentPost.seq.between(gaps[0], gaps[-1])
        present = unit.session.scalars(select(ContentPost.seq).where(mine, window))
        wanted = sorted(set(present).intersection(gaps))
        rows = list(
            unit.session.execute(select(*columns).where(mine, ContentPost.seq > self.last_seq))
        )
        for start in range(0, len(wanted), GAP_CHUNK):
            chunk = wanted[start : start + GAP_CHUNK]
            rows.extend(
                unit.session.execute(select(*columns).where(mine, ContentPost.seq.in_(chunk)))
            )
        return rows

    def _note_gaps(
        self, unit: Unit, party_id: str, previous: int, found: list[int], now: float
    ) -> None:
        """Remember the numbers between ``previous`` and the new ``last_seq`` that no row of this
        party filled, less those other parties' rows hold (the sequence is shared)."""
        low = max(previous + 1, self.last_seq - GAP_SPAN)
        missing = set(range(low, self.last_seq)).difference(found)
        if not missing:
            return
        others = select(ContentPost.seq).where(
            ContentPost.seq.between(min(missing), max(missing)), ContentPost.party_id != party_id
        )
        missing.difference_update(unit.session.scalars(others))
        if not missing:
            return
        gap = _Gap(now, int(unit.session.scalar(_XMAX) or 0))
        for seq in missing:
            self._gaps.setdefault(seq, gap)
        if len(self._gaps) > MAX_GAPS:  # keep the newest: an old gap is most likely a rollback
            for seq in sorted(self._gaps)[: len(self._gaps) - MAX_GAPS]:
                del self._gaps[seq]

    def exact_text(self, sha: str) -> list[str]:
        return [self.ids[s] for s in self._exact.get(sha, ())]

    def containing(self, signal: str, threshold: float) -> dict[str, float]:
        """Posts holding at least ``threshold`` of the shingles of ``signal`` (containment), less
        those the text signal's identifier rule sets apart: below near-identity, a post that
        lacks the judged text's numbers and carries numbers of its own is another fill of the
        same template, not a copy (``engines/signals/text.py``, as its ``compare_sets``)."""
        reference = text_shingles(signal)
        if len(reference) < TEXT.config.min_shingles:
            return {}
        need = required_overlap(threshold, len(reference))
        counts: Counter[int] = Counter()
        for shingle in reference:
            counts.update(self._shingles.get(hash(shingle), ()))
        wanted = identifiers(reference) if TEXT.config.identifiers else _NO_IDENTS
        found = {}
        for slot, count in counts.items():
            score = count / len(reference)
            if count >= need and not self._other_fill(slot, wanted, score):
                found[self.ids[slot]] = score
        return found

    def _other_fill(self, slot: int, wanted: frozenset[str], score: float) -> bool:
        if not wanted or score >= TEXT.config.near_identity:
            return False
        own = self._idents[slot]
        return bool(wanted - own) and bool(own - wanted)

    def pdq(self, signal: str, threshold: int) -> dict[str, tuple[float, bool]]:
        """Posts whose image is within ``threshold`` bits of any variant of ``signal``."""
        return {
            self.ids[int(m.ref)]: (m.distance, bool(m.comparison.detail.get("low_quality")))
            for m in self._pdq.query(signal)
            if m.distance <= threshold
        }

    def multicrop_candidates(self, reference: str) -> set[str]:
        """Posts with some region within the signal's threshold of some reference hash."""
        hashes = parse_multicrop(reference)
        _, rows, _ = self._multicrop.search(hashes)
        owners = np.unique(self._multicrop.owners(rows)).tolist()
        return {self.ids[int(slot)] for slot in owners}

    def linking(self, urls: Iterable[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for url in urls:
            for slot in self._links.get(url, ()):
                found.setdefault(self.ids[slot], url)
        return found

    def __len__(self) -> int:
        return len(self.ids)


class PostIndexes:
    """One :class:`PostIndex` per (database, party)."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], PostIndex] = {}
        self._lock = threading.Lock()

    def get(self, unit: Unit, party_id: str, *, sync: bool = True) -> PostIndex:
        key = (database_key(unit), party_id)
        with self._lock:
            index = self._items.get(key)
            if index is None:
                index = self._items[key] = PostIndex()
        if sync:
            index.sync(unit, party_id)
        return index

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


BANK_INDEXES = BankIndexCache()
POST_INDEXES = PostIndexes()
