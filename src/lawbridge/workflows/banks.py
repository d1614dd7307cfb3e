"""Banks of known content, owned by a party: entries of any signal type, per-bank thresholds,
``allow`` banks whose matches veto, enable/disable, flood-guard quarantine, and import/export in
python-threatexchange's hash-list formats.

Formats (``fmt``):

* ``txt`` — python-threatexchange's local file exchange (``LocalFileSignalExchangeAPI``): one
  ``<signal type name> <signal>`` per line, split at the first space; with ``signal_type`` given,
  each line is just the signal. Blank lines are skipped.
* ``csv`` / ``tsv`` — the columns of ``threatexchange dataset -P --csv``: ``collab, signal_type,
  signal_str, category, tags`` (tags space-separated), comma- or tab-separated, with a header.

python-threatexchange names map to ours: ``pdq`` → ``pdq``, ``url`` → ``url_canonical`` (the URL is
canonicalised), ``raw_text``/``text`` → ``text_near_dup`` (normalised); our own names
(``exact_sha256``, ``image_multicrop``, ``policy_rule`` …) are read and written as they are. PDQ
entries keep the canonical 64-hex hash only (what python-threatexchange reads), so an export
imports back to the same entries.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import object_session
from sqlalchemy.orm.attributes import set_committed_value

from lawbridge.domain.content import BankKind, EntryStatus, dsa_category, parse
from lawbridge.domain.roles import Permission
from lawbridge.engines.signals import SIGNAL_TYPES, SignalType
from lawbridge.engines.signals.pdq import LOW_QUALITY, parse_pdq
from lawbridge.errors import InvalidInput, InvalidTransition, NotFound
from lawbridge.store.content_models import ContentBank, ContentBankEntry
from lawbridge.store.models import utcnow
from lawbridge.workflows import shares
from lawbridge.workflows.content_index import CHANGED_BANKS, DEFAULT_THRESHOLDS
from lawbridge.workflows.unit import Unit

BANK_TYPE = "content_bank"
ENTRY_TYPE = "content_bank_entry"
SIGNALS: dict[str, SignalType[Any]] = {cls.NAME: cls() for cls in SIGNAL_TYPES}
ALIASES = {"url": "url_canonical", "raw_text": "text_near_dup", "text": "text_near_dup"}
DEFAULT_AUTO_BLOCK = ("exact_sha256", "text_near_dup", "pdq", "url_canonical")
FLOOD_DEFAULTS = {"flood_window": 1000, "flood_ratio": 0.2, "flood_min": 50}
CSV_COLUMNS = ("collab", "signal_type", "signal_str", "category", "tags")
FORMATS = ("txt", "csv", "tsv")
DECISIONS_BANK = "decisions"
MAX_ERRORS = 1000


@dataclass(slots=True)
class BankImport:
    bank_id: str
    version: int
    added: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def _check_thresholds(thresholds: dict[str, Any] | None) -> dict[str, float]:
    clean: dict[str, float] = {}
    for key, value in (thresholds or {}).items():
        if key not in DEFAULT_THRESHOLDS or isinstance(value, bool):
            raise InvalidInput(f"thresholds: unknown key '{key}'", {"field": "thresholds"})
        if key == "text_near_dup" and not 0.5 <= float(value) <= 1.0:
            raise InvalidInput("thresholds.text_near_dup must be in [0.5, 1]")
        if key != "text_near_dup" and not 0 <= int(value) <= (96 if key == "pdq" else 63):
            raise InvalidInput(f"thresholds.{key} is out of range")
        clean[key] = float(value) if key == "text_near_dup" else int(value)
    return clean


def _check_flood(window: int, ratio: float, minimum: int) -> None:
    if window < 10 or not 0.0 < ratio <= 1.0 or minimum < 1:
        raise InvalidInput("flood guard: window >= 10 posts, ratio in (0, 1], min >= 1")


def create_bank(
    unit: Unit,
    *,
    name: str,
    kind: str = "block",
    category: str = "illegal",
    legal_ground: str = "",
    confirmed: bool = False,
    thresholds: dict[str, Any] | None = None,
    auto_block: list[str] | None = None,
    flood_window: int = FLOOD_DEFAULTS["flood_window"],  # type: ignore[assignment]
    flood_ratio: float = FLOOD_DEFAULTS["flood_ratio"],
    flood_min: int = FLOOD_DEFAULTS["flood_min"],  # type: ignore[assignment]
    system: bool = False,
) -> ContentBank:
    """A new bank of the actor's party; a block bank needs the legal ground its takedowns cite."""
    if unit.actor.party_id is None:
        raise InvalidInput("banks belong to a party; the operator has none")
    if not system:  # the decisions bank is made for a reviewer's first decision
        unit.require(Permission.WRITE_RECORDS)
    if not name.strip() or len(name) > 200:
        raise InvalidInput("name: 1 to 200 characters", {"field": "name"})
    bank_kind = parse(BankKind, kind, "kind")
    dsa_category(category)
    if bank_kind is BankKind.BLOCK and not legal_ground.strip():
        raise InvalidInput("a block bank needs a legal_ground", {"field": "legal_ground"})
    _check_flood(flood_window, flood_ratio, flood_min)
    blocks = list(DEFAULT_AUTO_BLOCK if auto_block is None else auto_block)
    if unknown := [s for s in blocks if s not in SIGNALS]:
        raise InvalidInput(f"auto_block: unknown signal types {unknown}")
    bank = ContentBank(
        party_id=unit.actor.party_id,
        name=name.strip(),
        kind=bank_kind.value,
        enabled=True,
        confirmed=confirmed,
        system=system,
        category=category,
        legal_ground=legal_ground.strip(),
        thresholds=_check_thresholds(thresholds),
        auto_block=blocks,
        flood_window=flood_window,
        flood_ratio=flood_ratio,
        flood_min=flood_min,
        version=0,
        created_by=unit.actor.account_id,
    )
    unit.session.add(bank)
    unit.session.flush()
    unit.session.info.pop(BANKS_CACHE, None)
    payload = {"name": bank.name, "kind": bank.kind, "confirmed": confirmed, "system": system}
    unit.record("content.bank.create", BANK_TYPE, bank.id, payload)
    return bank


def get_bank(unit: Unit, bank_id: str, *, write: bool = False) -> ContentBank:
    bank = unit.session.get(ContentBank, bank_id)
    if bank is None:
        raise NotFound(f"no {BANK_TYPE} '{bank_id}'")
    shares.check_access(unit, BANK_TYPE, bank.id, bank.party_id, write=write)
    return bank


def list_banks(unit: Unit, *, party_id: str | None = None) -> list[ContentBank]:
    unit.require(Permission.READ_RECORDS)
    party = party_id or unit.actor.party_id
    query = select(ContentBank).where(ContentBank.party_id == party)
    return list(unit.session.scalars(query.order_by(ContentBank.name, ContentBank.id)))


def update_bank(unit: Unit, bank_id: str, **changes: Any) -> ContentBank:
    """Enable/disable, confirm, rename, new thresholds, flood settings; moves the version."""
    bank = get_bank(unit, bank_id, write=True)
    allowed = {"name", "enabled", "confirmed", "thresholds", "auto_block", "legal_ground"}
    allowed |= set(FLOOD_DEFAULTS)
    given = {k: v for k, v in changes.items() if v is not None}
    if unknown := set(given) - allowed:
        raise InvalidInput(f"cannot change {sorted(unknown)}")
    if "thresholds" in given:
        given["thresholds"] = _check_thresholds(given["thresholds"])
    for key, value in given.items():
        setattr(bank, key, value)
    _check_flood(bank.flood_window, bank.flood_ratio, bank.flood_min)
    bump(bank)
    unit.record("content.bank.update", BANK_TYPE, bank.id, _jsonable(given))
    return bank


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in values.items()}


BANKS_CACHE = "lawbridge_content_banks"


def bump(bank: ContentBank) -> None:
    """A new version of ``bank`` (its index is rebuilt on next use).

    The version moves in the database (``version = version + 1``, the row locked until the
    transaction ends), not from the value this transaction read: two transactions that change
    the bank at once get two versions, where both writing "read + 1" gave one version number to
    two sets of entries, and a process that had cached the index of the first never saw the
    second's. The bank is marked changed in this transaction, so an index built from what it
    has not committed stays in it (``content_index.BankIndexCache``)."""
    session = object_session(bank)
    now = utcnow()
    if session is not None:
        session.info.pop(BANKS_CACHE, None)
        session.info.setdefault(CHANGED_BANKS, set()).add(bank.id)
    if session is None or bank in session.new:  # no row to update yet
        bank.version += 1
        bank.updated_at = now
        return
    step = (
        update(ContentBank)
        .where(ContentBank.id == bank.id)
        .values(version=ContentBank.version + 1, updated_at=now)
        .returning(ContentBank.version)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(bank, "version", session.execute(step).scalar_one())
    set_committed_value(bank, "updated_at", now)


def enabled_banks(unit: Unit, party_id: str) -> list[ContentBank]:
    """The party's enabled banks, cached in the unit until a bank changes in it."""
    cache: dict[str, list[ContentBank]] = unit.session.info.setdefault(BANKS_CACHE, {})
    if party_id not in cache:
        query = select(ContentBank).where(
            ContentBank.party_id == party_id, ContentBank.enabled.is_(True)
        )
        cache[party_id] = list(unit.session.scalars(query.order_by(ContentBank.id)))
    return cache[party_id]


def decisions_bank(unit: Unit, party_id: str) -> ContentBank:
    """The party's bank of judged content (created on first use): confirmed, blocks at upload,
    multi-crop image matches included (a person judged this very content)."""
    query = select(ContentBank).where(
        ContentBank.party_id == party_id, ContentBank.system.is_(True)
    )
    bank = unit.session.scalars(query.limit(1)).first()
    if bank is not None:
        return bank
    return create_bank(
        unit,
        name=DECISIONS_BANK,
        legal_ground="content judged illegal by a decision (see each entry's decision)",
        confirmed=True,
        auto_block=[*DEFAULT_AUTO_BLOCK, "image_multicrop"],
        system=True,
    )


# --- Entries -------------------------------------------------------------------------------------


def clean_signal(signal_type: str, signal: str) -> tuple[str, str, list[str]]:
    """(our signal type name, canonical signal, tags) of one signal of a hash list."""
    name = ALIASES.get(signal_type.strip(), signal_type.strip())
    kind = SIGNALS.get(name)
    if kind is None:
        raise InvalidInput(f"unknown signal type '{signal_type}'")
    value = signal.strip()
    if not value:
        raise InvalidInput("empty signal")
    tags: list[str] = []
    if name == "pdq":
        parsed = parse_pdq(value)
        if parsed.quality is not None and parsed.quality < LOW_QUALITY:
            tags.append("low_quality")
        return name, bytes(parsed.hashes[0]).hex(), tags
    if name == "text_near_dup":
        value = kind.hash(value)
        if len(kind.shingle_set(value)) < kind.config.min_shingles:  # type: ignore[attr-defined]
            raise InvalidInput("text too short for text_near_dup; use exact_sha256 or a rule")
        return name, value, tags
    if name == "url_canonical":
        return name, kind.hash(value), tags
    return name, kind.validate(value), tags


def entry_key(signal_type: str, signal: str) -> str:
    return hashlib.sha256(f"{signal_type}\x00{signal}".encode()).hexdigest()


def add_signal(
    unit: Unit,
    bank: ContentBank,
    signal_type: str,
    signal: str,
    *,
    source: str = "",
    tags: list[str] | None = None,
    decision_id: str | None = None,
) -> tuple[ContentBankEntry, bool]:
    """Add one already-canonical signal (no audit event: the caller records one for the batch).

    The bank's additions go one transaction at a time (``Unit.lock_name``, taken at the first
    signal): two imports of overlapping hash lists at once both found a signal missing and the
    later failed on the unique entry key; now it waits and finds the signal there."""
    unit.lock_name(f"bank-entries:{bank.id}")
    key = entry_key(signal_type, signal)
    query = select(ContentBankEntry).where(
        ContentBankEntry.bank_id == bank.id, ContentBankEntry.key == key
    )
    existing = unit.session.scalars(query).first()
    if existing is not None:
        if existing.status == EntryStatus.REMOVED.value:
            existing.status = EntryStatus.ACTIVE.value
            existing.decision_id = decision_id or existing.decision_id
            existing.updated_at = utcnow()
            return existing, True
        return existing, False
    entry = ContentBankEntry(
        bank_id=bank.id,
        signal_type=signal_type,
        signal=signal,
        key=key,
        source=source[:200],
        tags=list(tags or []),
        decision_id=decision_id,
        status=EntryStatus.ACTIVE.value,
        match_count=0,
    )
    unit.session.add(entry)
    return entry, True


def add_entry(
    unit: Unit,
    bank_id: str,
    *,
    signal_type: str,
    signal: str | None = None,
    content: str | bytes | None = None,
    source: str = "",
    tags: list[str] | None = None,
) -> ContentBankEntry:
    """Add a signal (``signal``) or the reference signal of ``content`` (a text, a URL, image
    bytes) to a bank."""
    bank = get_bank(unit, bank_id, write=True)
    unit.require(Permission.WRITE_RECORDS)
    if (signal is None) == (content is None):
        raise InvalidInput("give either a signal or content")
    if content is not None:
        kind = SIGNALS.get(ALIASES.get(signal_type, signal_type))
        if kind is None:
            raise InvalidInput(f"unknown signal type '{signal_type}'")
        signal = kind.hash_reference(content)
    assert signal is not None
    name, value, extra = clean_signal(signal_type, signal)
    entry, _ = add_signal(unit, bank, name, value, source=source, tags=[*(tags or []), *extra])
    bump(bank)
    unit.session.flush()
    unit.record(
        "content.bank_entry.add", ENTRY_TYPE, entry.id, {"bank": bank.id, "signal_type": name}
    )
    return entry


def get_entry(unit: Unit, entry_id: str, *, write: bool = False) -> ContentBankEntry:
    entry = unit.session.get(ContentBankEntry, entry_id)
    if entry is None:
        raise NotFound(f"no {ENTRY_TYPE} '{entry_id}'")
    try:
        get_bank(unit, entry.bank_id, write=write)
    except NotFound as exc:
        raise NotFound(f"no {ENTRY_TYPE} '{entry_id}'") from exc
    return entry


def list_entries(
    unit: Unit, bank_id: str, *, status: str | None = None, limit: int = 100, offset: int = 0
) -> list[ContentBankEntry]:
    bank = get_bank(unit, bank_id)
    query = select(ContentBankEntry).where(ContentBankEntry.bank_id == bank.id)
    if status is not None:
        query = query.where(ContentBankEntry.status == parse(EntryStatus, status, "status").value)
    query = query.order_by(ContentBankEntry.created_at, ContentBankEntry.id)
    return list(unit.session.scalars(query.limit(limit).offset(offset)))


def set_entry_status(unit: Unit, entry_id: str, status: str, reason: str = "") -> ContentBankEntry:
    """Remove an entry, quarantine it, or release it from quarantine (back to ``active``)."""
    entry = get_entry(unit, entry_id, write=True)
    target = parse(EntryStatus, status, "status")
    if entry.status == EntryStatus.REMOVED.value and target is not EntryStatus.REMOVED:
        raise InvalidTransition("a removed entry cannot come back; add it again")
    if entry.status != target.value:
        previous = entry.status
        entry.status = target.value
        entry.updated_at = utcnow()
        bank = unit.session.get(ContentBank, entry.bank_id)
        assert bank is not None
        bump(bank)
        unit.record(
            f"content.bank_entry.{target.value}",
            ENTRY_TYPE,
            entry.id,
            {"bank": entry.bank_id, "from": previous, "reason": reason[:2000]},
        )
    return entry


# --- Import and export ---------------------------------------------------------------------------


def _rows(text: str, fmt: str, signal_type: str | None) -> list[tuple[int, str, str, list[str]]]:
    """(line, signal type, signal, tags) of each row of a hash list."""
    if fmt == "txt":
        rows: list[tuple[int, str, str, list[str]]] = []
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            kind, _, value = (signal_type, "", line) if signal_type else line.partition(" ")
            rows.append((number, kind or "", value, []))
        return rows
    reader = csv.DictReader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t")
    if reader.fieldnames is None or not {"signal_type", "signal_str"} <= set(reader.fieldnames):
        raise InvalidInput(f"{fmt}: a header with signal_type and signal_str is required")
    return [
        (
            reader.line_num,
            row.get("signal_type") or signal_type or "",
            row.get("signal_str") or "",
            (row.get("tags") or "").split(),
        )
        for row in reader
    ]


def import_entries(
    unit: Unit, bank_id: str, text: str, *, fmt: str = "txt", signal_type: str | None = None
) -> BankImport:
    """Add every good row of a hash list; bad rows are reported (line and why), good ones kept."""
    bank = get_bank(unit, bank_id, write=True)
    unit.require(Permission.WRITE_RECORDS)
    if fmt not in FORMATS:
        raise InvalidInput(f"format must be one of {list(FORMATS)}")
    report = BankImport(bank.id, bank.version)
    for number, kind, value, tags in _rows(text, fmt, signal_type):
        try:
            name, signal, extra = clean_signal(kind, value)
        except InvalidInput as exc:
            report.failed += 1
            if len(report.errors) < MAX_ERRORS:
                report.errors.append({"line": number, "error": exc.message})
            continue
        _, added = add_signal(unit, bank, name, signal, source="import", tags=[*tags, *extra])
        report.added += added
        report.unchanged += not added
    if report.added:
        bump(bank)
    report.version = bank.version
    unit.session.flush()
    counts = {"added": report.added, "unchanged": report.unchanged, "failed": report.failed}
    unit.record("content.bank.import", BANK_TYPE, bank.id, {"format": fmt, **counts})
    return report


def export_entries(unit: Unit, bank_id: str, *, fmt: str = "txt") -> str:
    """The bank's live entries as a hash list (see the module docstring)."""
    bank = get_bank(unit, bank_id)
    if fmt not in FORMATS:
        raise InvalidInput(f"format must be one of {list(FORMATS)}")
    entries = list_entries(unit, bank.id, status="active", limit=10_000_000)
    if fmt == "txt":
        return "".join(f"{e.signal_type} {e.signal}\n" for e in entries)
    out = io.StringIO()
    writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    opinion = "POSITIVE_CLASS" if bank.kind == BankKind.BLOCK.value else "NEGATIVE_CLASS"
    for e in entries:
        writer.writerow((bank.name, e.signal_type, e.signal, opinion, " ".join(e.tags)))
    return out.getvalue()
