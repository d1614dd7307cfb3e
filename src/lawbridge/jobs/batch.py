"""Batch jobs as pure partition functions over Arrow record batches.

Each job is a small frozen config (:class:`ScreenJob`, :class:`PiiJob`, :class:`HashJob`: paths
and numbers, cheap to ship to a worker) and a function ``run(batch, job) -> batch`` with one output
row per input row, in order. The engine a job needs (a watchlist's :class:`NameIndex`, the pii
:class:`Analyzer`, a bank's signal indexes) is built once per worker process and cached by the
file's path, modification time and size plus the job's settings: indexes and banks travel as
their files (JSON Lines, Parquet, hash-list text), never pickled. :mod:`lawbridge.jobs.local` (a
process pool) and :mod:`lawbridge.jobs.spark` (``mapInArrow``) run the same functions.

A row that alone is bad (no id, an invalid record, a text the analyzer refuses) gets its
``error`` column set and the batch goes on; a batch without the columns a job needs is
:class:`InvalidInput` (:func:`check_columns`), raised before any work starts.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from lawbridge.engines.names import DEFAULT_THRESHOLD, MatchConfig, Matcher, NameIndex, PersonRecord
from lawbridge.engines.pii import Analyzer, AnalyzerConfig
from lawbridge.engines.pii.operators import ReplaceOperator, redact
from lawbridge.engines.signals import (
    ExactSignal,
    LinkSignal,
    MultiCropSignal,
    PdqSignal,
    SignalIndex,
    TextNearDupSignal,
)
from lawbridge.errors import InvalidInput
from lawbridge.importers.simple import RECORD_FIELDS

T = TypeVar("T")

# --- Engines, once per worker ------------------------------------------------------------------

_CACHE: dict[Hashable, Any] = {}
_LOCK = threading.Lock()
CACHE_SIZE = 8


def file_key(path: str) -> tuple[str, int, int]:
    """(absolute path, mtime in ns, size): a changed file is a new cache entry."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc
    return os.path.abspath(path), stat.st_mtime_ns, stat.st_size


def cached(key: Hashable, build: Callable[[], T]) -> T:
    """The engine under ``key``, built on first use in this process (a few kept)."""
    with _LOCK:
        if key in _CACHE:
            value: T = _CACHE[key]
            return value
    value = build()
    with _LOCK:
        while len(_CACHE) >= CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = value
    return value


def check_columns(schema: pa.Schema, required: tuple[str, ...], what: str) -> None:
    missing = [name for name in required if name not in schema.names]
    if missing:
        raise InvalidInput(f"{what}: missing column(s) {', '.join(missing)}")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


# --- Screening ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScreenJob:
    """Screen query records against the list file ``list_path`` (JSON Lines or Parquet of
    RECORDs with an ``id``), as ``lawbridge screen --list`` does."""

    list_path: str
    threshold: float = DEFAULT_THRESHOLD
    limit: int = 10


CANDIDATE = pa.struct([("id", pa.string()), ("score", pa.float64())])
SCREEN_SCHEMA = pa.schema(
    [
        ("query_id", pa.string()),
        ("candidates", pa.list_(CANDIDATE)),
        ("threshold", pa.float64()),
        ("error", pa.string()),
    ]
)


def list_rows(path: str) -> list[dict[str, Any]]:
    """The rows of a list file: Parquet by its suffix, else JSON Lines (bad lines skipped)."""
    if path.lower().endswith((".parquet", ".pq")):
        try:
            rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
        except (OSError, pa.ArrowException) as exc:
            raise InvalidInput(f"{path}: not a readable Parquet file ({exc})") from exc
        return rows
    rows = []
    try:
        with open(path, encoding="utf-8") as stream:
            for line in stream:
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(data, dict):
                    rows.append(data)
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}") from exc
    return rows


def record_of(data: dict[str, Any]) -> PersonRecord:
    return PersonRecord.from_dict({k: data[k] for k in RECORD_FIELDS if data.get(k) is not None})


def build_index(path: str, threshold: float) -> NameIndex:
    """The list file loaded into a :class:`NameIndex`; lines without a valid record or with a
    repeated id are skipped (``lawbridge screen`` warns about them)."""
    index = NameIndex(Matcher(MatchConfig(threshold=threshold)))
    for data in list_rows(path):
        entry_id = data.get("id")
        if isinstance(entry_id, bool) or not isinstance(entry_id, str | int) or entry_id == "":
            continue
        try:
            record = record_of(data)
        except InvalidInput:
            continue
        if str(entry_id) not in index:
            index.add(str(entry_id), record)
    return index


def screen_index(job: ScreenJob) -> NameIndex:
    key = ("screen", *file_key(job.list_path), job.threshold)
    return cached(key, lambda: build_index(job.list_path, job.threshold))


def _query(row: dict[str, Any], flat: bool) -> PersonRecord:
    if flat:
        return record_of(row)
    value = row.get("record")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"record: not valid JSON ({exc.msg})") from exc
    if not isinstance(value, dict):
        raise InvalidInput("each query needs a 'record' object")
    return PersonRecord.from_dict({k: v for k, v in value.items() if v is not None})


def check_screen(schema: pa.Schema) -> None:
    check_columns(schema, ("id",), "screening input")
    if "record" not in schema.names and "name" not in schema.names:
        raise InvalidInput("screening input: needs a 'record' column or RECORD columns ('name' …)")


def screen_batch(batch: pa.RecordBatch, job: ScreenJob) -> pa.RecordBatch:
    """Top-``limit`` candidates per query row: columns ``id`` and ``record`` (a struct or JSON
    text) or the RECORD fields flat (``name``, ``aliases`` …); an ``error`` column passes through
    and a ``line`` column (the input's line numbers) prefixes the errors found here."""
    check_screen(batch.schema)
    index = screen_index(job)
    flat = "record" not in batch.schema.names
    numbered = "line" in batch.schema.names
    floor = min(0.5, job.threshold)
    ids: list[str | None] = []
    candidates: list[list[dict[str, Any]] | None] = []
    thresholds: list[float | None] = []
    errors: list[str | None] = []
    for row in batch.to_pylist():
        query_id = _text(row.get("id"))
        ids.append(query_id)
        error = row.get("error")
        try:
            if error is None and query_id is None:
                raise InvalidInput("each query needs an 'id' (string or integer)")
            if error is None:
                found = index.search(_query(row, flat), limit=job.limit, floor=floor)
        except InvalidInput as exc:
            error = f"line {row['line']}: {exc.message}" if numbered else exc.message
        if error is not None:
            candidates.append(None)
            thresholds.append(None)
            errors.append(error)
            continue
        candidates.append([{"id": c.id, "score": c.score} for c in found])
        thresholds.append(job.threshold)
        errors.append(None)
    return pa.RecordBatch.from_arrays(
        [
            pa.array(ids, pa.string()),
            pa.array(candidates, pa.list_(CANDIDATE)),
            pa.array(thresholds, pa.float64()),
            pa.array(errors, pa.string()),
        ],
        schema=SCREEN_SCHEMA,
    )


# --- Personal information ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PiiJob:
    """Scan the text ``columns`` of each row; ``redacted`` adds ``<column>_redacted`` copies with
    every finding replaced by its type tag."""

    columns: tuple[str, ...] = ("text",)
    threshold: float = AnalyzerConfig().threshold
    redacted: bool = False


FINDING = pa.struct(
    [
        ("column", pa.string()),
        ("type", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("score", pa.float64()),
        ("recognizer", pa.string()),
    ]
)
TAG = ReplaceOperator()


def pii_schema(job: PiiJob) -> pa.Schema:
    fields = [("id", pa.string()), ("findings", pa.list_(FINDING)), ("error", pa.string())]
    if job.redacted:
        fields += [(f"{column}_redacted", pa.string()) for column in job.columns]
    return pa.schema(fields)


def check_pii(schema: pa.Schema, job: PiiJob) -> None:
    if not job.columns:
        raise InvalidInput("pii scan: name at least one column")
    check_columns(schema, job.columns, "pii scan input")


def pii_analyzer(job: PiiJob) -> Analyzer:
    key = ("pii", job.threshold)
    return cached(key, lambda: Analyzer(config=AnalyzerConfig(threshold=job.threshold)))


def scan_batch(batch: pa.RecordBatch, job: PiiJob) -> pa.RecordBatch:
    """The findings of every text column of each row (character offsets, end exclusive)."""
    check_pii(batch.schema, job)
    analyzer = pii_analyzer(job)
    names = batch.schema.names
    has_id = "id" in names
    ids: list[str | None] = []
    findings: list[list[dict[str, Any]] | None] = []
    errors: list[str | None] = []
    redacted: dict[str, list[str | None]] = {column: [] for column in job.columns}
    for row in batch.to_pylist():
        ids.append(_text(row.get("id")) if has_id else None)
        found: list[dict[str, Any]] = []
        error = row.get("error") if "error" in names else None
        copies: dict[str, str | None] = dict.fromkeys(job.columns)
        if error is None:
            try:
                for column in job.columns:
                    text = _text(row.get(column))
                    if text is None:
                        continue
                    spans = analyzer.analyze(text)
                    found += [
                        {
                            "column": column,
                            "type": f.type,
                            "start": f.start,
                            "end": f.end,
                            "score": f.score,
                            "recognizer": f.recognizer,
                        }
                        for f in spans
                    ]
                    if job.redacted:
                        copies[column] = redact(text, spans, {}, default=TAG)[0]
            except InvalidInput as exc:
                error = f"{column}: {exc.message}"
            except Exception as exc:  # a process edge: one bad row must not end the batch
                error = f"{column}: unexpected {type(exc).__name__} while scanning"
        findings.append(None if error is not None else found)
        errors.append(error)
        for column in job.columns:
            redacted[column].append(None if error is not None else copies[column])
    arrays = [
        pa.array(ids, pa.string()),
        pa.array(findings, pa.list_(FINDING)),
        pa.array(errors, pa.string()),
    ]
    if job.redacted:
        arrays += [pa.array(redacted[column], pa.string()) for column in job.columns]
    return pa.RecordBatch.from_arrays(arrays, schema=pii_schema(job))


# --- Content hashing and bank matching ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HashJob:
    """Hash each post row (``text``, ``image`` bytes, ``links``: any of them may be absent) with
    every signal; with ``bank_path`` (python-threatexchange's hash-list text: ``<signal type>
    <signal>`` per line) also list the bank signals each post matches."""

    bank_path: str | None = None


TEXT = TextNearDupSignal()
EXACT = ExactSignal()
PDQ = PdqSignal()
MULTICROP = MultiCropSignal()
LINKS = LinkSignal()
MATCH = pa.struct(
    [
        ("signal_type", pa.string()),
        ("signal", pa.string()),
        ("distance", pa.float64()),
        ("score", pa.float64()),
    ]
)
SIGNAL_COLUMNS = ("text_sha256", "text_near_dup", "image_sha256", "pdq", "image_multicrop")
HASH_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        *[(name, pa.string()) for name in SIGNAL_COLUMNS],
        ("links", pa.list_(pa.string())),
        ("matches", pa.list_(MATCH)),
        ("warnings", pa.list_(pa.string())),
        ("error", pa.string()),
    ]
)
#: Which of a post's signals each bank signal type is matched against.
MATCHED_BY = {
    "exact_sha256": ("text_sha256", "image_sha256"),
    "text_near_dup": ("text_near_dup",),
    "pdq": ("pdq",),
    "image_multicrop": ("image_multicrop",),
    "url_canonical": ("links",),
}


def check_hash(schema: pa.Schema) -> None:
    check_columns(schema, ("id",), "content hash input")
    if not {"text", "image", "links"} & set(schema.names):
        raise InvalidInput("content hash input: needs a 'text', 'image' or 'links' column")


def load_bank(path: str) -> dict[str, SignalIndex]:
    """One index per signal type of a hash-list file; each entry's ref is its canonical signal.
    Lines of unknown or malformed signals are :class:`InvalidInput` naming the line."""
    from lawbridge.workflows.banks import SIGNALS, clean_signal

    indexes: dict[str, SignalIndex] = {}
    try:
        with open(path, encoding="utf-8") as stream:
            lines = list(stream)
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read the bank {path}: {exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        kind, _, value = line.strip().partition(" ")
        try:
            name, signal, _tags = clean_signal(kind, value)
        except InvalidInput as exc:
            raise InvalidInput(f"bank line {number}: {exc.message}") from exc
        if name not in MATCHED_BY:
            raise InvalidInput(f"bank line {number}: {name} signals are not matched in batch")
        if name not in indexes:
            indexes[name] = SIGNALS[name].new_index()
        indexes[name].add(signal, signal)
    return indexes


def hash_bank(job: HashJob) -> dict[str, SignalIndex]:
    if job.bank_path is None:
        return {}
    path = job.bank_path
    return cached(("bank", *file_key(path)), lambda: load_bank(path))


def _links(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = json.loads(value) if value.startswith("[") else [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput("links: a list of URLs")
    return list(value)


def hash_post(row: dict[str, Any], bank: dict[str, SignalIndex]) -> dict[str, Any]:
    """The signals of one post row and the bank signals they match."""
    out: dict[str, Any] = dict.fromkeys(SIGNAL_COLUMNS)
    warnings: list[str] = []
    text = _text(row.get("text"))
    if text is not None and text.strip():
        out["text_sha256"] = EXACT.hash(text)
        out["text_near_dup"] = TEXT.hash(text)
    image = row.get("image")
    if image is not None:
        try:
            work = PDQ.decode(image)
        except InvalidInput as exc:
            warnings.append(f"image dropped: {exc.message}")
        else:
            out["image_sha256"] = EXACT.hash(image)
            out["pdq"] = PDQ.hash_image(work)
            out["image_multicrop"] = MULTICROP.hash_image(work)
    links: list[str] = []
    for link in _links(row.get("links")):
        try:
            chain = LINKS.hash_chain(link, {})
        except InvalidInput as exc:
            warnings.append(f"link dropped: {exc.message}")
            continue
        links.extend(u for u in chain.urls if u not in links)
    out["links"] = links or None
    matches: list[dict[str, Any]] = []
    for name, index in bank.items():
        for column in MATCHED_BY[name]:
            value = out[column]
            for signal in value if isinstance(value, list) else [value] if value else []:
                for match in index.query(signal):
                    c = match.comparison
                    matches.append(
                        {"signal_type": name, "signal": match.ref, "distance": c.distance}
                        | {"score": c.score}
                    )
    out["matches"] = matches
    out["warnings"] = warnings
    return out


def hash_batch(batch: pa.RecordBatch, job: HashJob) -> pa.RecordBatch:
    """Every signal of each post row (and its bank matches), one output row per input row."""
    check_hash(batch.schema)
    bank = hash_bank(job)
    rows: list[dict[str, Any]] = []
    for row in batch.to_pylist():
        post_id = _text(row.get("id"))
        try:
            if post_id is None:
                raise InvalidInput("each post needs an 'id'")
            out = hash_post(row, bank)
            out["error"] = None
        except (InvalidInput, json.JSONDecodeError) as exc:
            message = exc.message if isinstance(exc, InvalidInput) else "links: not valid JSON"
            out = {"error": message}
        except Exception as exc:  # a process edge: one bad post must not end the batch
            out = {"error": f"unexpected {type(exc).__name__} while hashing"}
        out["id"] = post_id
        rows.append(out)
    return pa.RecordBatch.from_pylist(rows, schema=HASH_SCHEMA)


# --- The jobs, by name -------------------------------------------------------------------------

Job = ScreenJob | PiiJob | HashJob


def run_batch(batch: pa.RecordBatch, job: Job) -> pa.RecordBatch:
    """The partition function of ``job`` applied to one batch."""
    if isinstance(job, ScreenJob):
        return screen_batch(batch, job)
    if isinstance(job, PiiJob):
        return scan_batch(batch, job)
    return hash_batch(batch, job)


def output_schema(job: Job) -> pa.Schema:
    if isinstance(job, ScreenJob):
        return SCREEN_SCHEMA
    if isinstance(job, PiiJob):
        return pii_schema(job)
    return HASH_SCHEMA


def check_input(schema: pa.Schema, job: Job) -> None:
    """:class:`InvalidInput` unless a batch of ``schema`` has what ``job`` needs."""
    if isinstance(job, ScreenJob):
        check_screen(schema)
    elif isinstance(job, PiiJob):
        check_pii(schema, job)
    else:
        check_hash(schema)
