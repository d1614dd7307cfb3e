"""lawbridge's own list formats: JSON Lines and CSV of RECORDs with an ``id``.

A line is ``{"id", "name", "aliases"?: [..], "birth_date"?, "nationality"?, "gender"?,
"id_number"?, "legal_basis"?, "source"?}``; any other key is kept in the entry's ``extra``. The CSV
form has the same columns (header row required); ``aliases`` holds several names separated by ``;``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from lawbridge.engines.names import PersonRecord
from lawbridge.errors import InvalidInput
from lawbridge.importers.base import (
    Importer,
    ImportItem,
    ItemError,
    ParsedItem,
    clean_external_id,
    has_nul,
    json_lines,
    optional_text,
)

RECORD_FIELDS = ("name", "aliases", "birth_date", "nationality", "gender", "id_number")
ENTRY_FIELDS = ("id", "legal_basis", "source")


def item_from_mapping(data: Mapping[str, Any], line: int) -> ImportItem | ItemError:
    """One entry from a decoded line (JSON object or CSV row); errors name the line and field."""
    raw_id = data.get("id")
    try:
        if has_nul(data):
            raise InvalidInput("NUL characters are not allowed")
        external_id = clean_external_id(raw_id)
        record = PersonRecord.from_dict({k: data[k] for k in RECORD_FIELDS if k in data})
        known = set(RECORD_FIELDS) | set(ENTRY_FIELDS)
        return ImportItem(
            external_id=external_id,
            record=record,
            legal_basis=optional_text(data, "legal_basis"),
            source=optional_text(data, "source"),
            extra={k: v for k, v in data.items() if k not in known},
            line=line,
        )
    except InvalidInput as exc:
        shown = raw_id if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else None
        return ItemError(line, f"line {line}: {exc.message}", str(shown) if shown else None)


class JsonlImporter(Importer):
    """lawbridge JSON Lines: one RECORD with an ``id`` (and optional legal_basis, source) a line."""

    NAME = "lawbridge"
    DESCRIPTION = "lawbridge JSON Lines: one RECORD with an id per line"

    def parse(self, lines: Iterable[str]) -> Iterator[ParsedItem]:
        for number, value in json_lines(lines):
            if isinstance(value, ItemError):
                yield value
            elif not isinstance(value, dict):
                yield ItemError(number, f"line {number}: each line must be a JSON object")
            else:
                yield item_from_mapping(value, number)

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        return [
            ('{"id": "F-1", "name": "Zhang Wei", "birth_date": "1970-03"}\n', ["F-1"]),
            ('{"id": "F-2", "name": "王小明", "aliases": ["Wang Xiaoming"]}\n', ["F-2"]),
        ]


class CsvImporter(Importer):
    """CSV with a header row: id, name, aliases (``;``-separated), birth_date, … legal_basis, source."""

    NAME = "csv"
    DESCRIPTION = "CSV with a header: id, name, aliases (;-separated), birth_date, nationality, …"

    def parse(self, lines: Iterable[str]) -> Iterator[ParsedItem]:
        reader = csv.reader(_strip_bom(lines))
        try:
            yield from self._rows(reader)
        except csv.Error as exc:  # e.g. a field over the csv module's size limit
            yield ItemError(reader.line_num, f"line {reader.line_num}: unreadable CSV ({exc})")

    def _rows(self, reader: Any) -> Iterator[ParsedItem]:
        header: list[str] | None = None
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip() for cell in row]
                if "id" not in header or "name" not in header:
                    yield ItemError(reader.line_num, "the CSV header must name 'id' and 'name'")
                    return
                continue
            yield self._item(header, row, reader.line_num)

    def _item(self, header: list[str], row: list[str], line: int) -> ImportItem | ItemError:
        if len(row) > len(header):
            return ItemError(line, f"line {line}: {len(row)} cells but {len(header)} columns")
        data: dict[str, Any] = {
            k: v.strip() for k, v in zip(header, row, strict=False) if v.strip()
        }
        if "aliases" in data:
            data["aliases"] = [a.strip() for a in data["aliases"].split(";") if a.strip()]
        return item_from_mapping(data, line)

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        text = "id,name,aliases,birth_date,nationality\nF-1,Zhang Wei,张伟;Cheung Wai,1970,CN\n"
        return [(text, ["F-1"])]


def _strip_bom(lines: Iterable[str]) -> Iterator[str]:
    first = True
    for line in lines:
        yield line.removeprefix("\ufeff") if first else line
        first = False
