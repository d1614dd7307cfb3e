"""INTERPOL's public red-notice JSON: a list response, a notice detail, or JSON Lines of either.

Field names follow ``ws-public.interpol.int/notices/v1/red`` (see
``shared/external/interpol-red-notice/README.md``): ``entity_id`` ("YYYY/NNNNN") is the entry id,
``forename`` + ``name`` the name, ``date_of_birth`` "YYYY/MM/DD" or "YYYY", ``nationalities``,
``sex_id`` (M/F/U), and each ``arrest_warrants[]`` item's issuing country and charge form the legal
basis. A response is one JSON document, so the input is read whole when it parses as one (a page
holds at most 160 notices); otherwise each line is decoded on its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from lawbridge.errors import InvalidInput
from lawbridge.importers.base import (
    Importer,
    ImportItem,
    ItemError,
    ParsedItem,
    clean_external_id,
    has_nul,
    json_lines,
    loads,
)
from lawbridge.importers.lenient import lenient_record

NOTICE_URL = "https://ws-public.interpol.int/notices/v1/red/{}"
SEXES = {"M": "male", "F": "female"}


def notice_url(entity_id: str) -> str:
    """The detail URL of a notice: the path uses '-' where the id has '/'."""
    return NOTICE_URL.format(entity_id.replace("/", "-"))


def _text(notice: Mapping[str, Any], key: str) -> str | None:
    value = notice.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{key} must be a string")
    value = " ".join(value.split())
    return value if value and value != "-" else None


def _warrants(notice: Mapping[str, Any]) -> list[dict[str, Any]]:
    raw = notice.get("arrest_warrants") or []
    if not isinstance(raw, list) or not all(isinstance(w, dict) for w in raw):
        raise InvalidInput("arrest_warrants must be a list of objects")
    return [
        {"issuing_country_id": _text(w, "issuing_country_id"), "charge": _text(w, "charge")}
        for w in raw
    ]


def legal_basis(warrants: list[dict[str, Any]]) -> str | None:
    lines = [
        f"Arrest warrant ({w['issuing_country_id'] or 'country unknown'}): {w['charge']}"
        for w in warrants
        if w["charge"]
    ]
    return "\n".join(lines) or None


def record_fields(notice: Mapping[str, Any]) -> dict[str, Any]:
    family = _text(notice, "name")
    if family is None:
        raise InvalidInput("name must not be empty")
    forename = _text(notice, "forename")
    fields: dict[str, Any] = {"name": f"{forename} {family}" if forename else family}
    if born := _text(notice, "date_of_birth"):
        fields["birth_date"] = born.replace("/", "-")
    nationalities = notice.get("nationalities") or []
    if not isinstance(nationalities, list):
        raise InvalidInput("nationalities must be a list")
    if len(set(nationalities)) == 1:
        fields["nationality"] = nationalities[0]
    if sex := SEXES.get(str(notice.get("sex_id") or "").upper()):
        fields["gender"] = sex
    return fields


def extra_fields(notice: Mapping[str, Any], warrants: list[dict[str, Any]]) -> dict[str, Any]:
    extra: dict[str, Any] = {
        "nationalities": notice.get("nationalities") or [],
        "arrest_warrants": warrants,
        "country_of_birth_id": notice.get("country_of_birth_id"),
        "place_of_birth": _text(notice, "place_of_birth"),
    }
    for measure in ("height", "weight"):  # 0 means unknown
        value = notice.get(measure)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            extra[measure] = value
    return {k: v for k, v in extra.items() if v not in (None, [])}


def item_from_notice(notice: Mapping[str, Any], line: int | None, where: str) -> ParsedItem:
    raw_id = notice.get("entity_id")
    try:
        if has_nul(notice):
            raise InvalidInput("NUL characters are not allowed")
        external_id = clean_external_id(raw_id)
        warrants = _warrants(notice)
        record, dropped = lenient_record(record_fields(notice))
    except InvalidInput as exc:
        shown = raw_id if isinstance(raw_id, str) else None
        return ItemError(line, f"{where}: {exc.message}", shown)
    extra = extra_fields(notice, warrants)
    if dropped:
        extra["dropped"] = dropped
    links = notice.get("_links")
    href = links.get("self", {}).get("href") if isinstance(links, dict) else None
    source = href if isinstance(href, str) else notice_url(external_id)
    return ImportItem(external_id, record, legal_basis(warrants), source, extra, line)


def notices_of(document: Any) -> list[Any] | None:
    """The notices in a list response, a single notice, or a JSON array of notices."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        return None
    embedded = document.get("_embedded")
    if isinstance(embedded, dict) and isinstance(embedded.get("notices"), list):
        notices: list[Any] = embedded["notices"]
        return notices
    return [document] if "entity_id" in document else None


class InterpolImporter(Importer):
    """INTERPOL public red notices: list responses, notice details, or JSON Lines of either."""

    NAME = "interpol"
    DESCRIPTION = "INTERPOL public red-notice JSON (list response, notice detail, or JSON Lines)"

    def parse(self, lines: Iterable[str]) -> Iterator[ParsedItem]:
        buffered = list(lines)
        try:
            document = loads("".join(buffered))
        except (json.JSONDecodeError, InvalidInput):
            yield from self._parse_lines(buffered)
            return
        yield from self._parse_document(document, None)

    def _parse_lines(self, lines: list[str]) -> Iterator[ParsedItem]:
        for number, value in json_lines(lines):
            if isinstance(value, ItemError):
                yield value
            else:
                yield from self._parse_document(value, number)

    def _parse_document(self, document: Any, line: int | None) -> Iterator[ParsedItem]:
        notices = notices_of(document)
        prefix = f"line {line}" if line is not None else "document"
        if notices is None:
            yield ItemError(line, f"{prefix}: not a red-notice list or notice")
            return
        for position, notice in enumerate(notices, start=1):
            where = f"{prefix}, notice {position}" if len(notices) > 1 else prefix
            if not isinstance(notice, dict):
                yield ItemError(line, f"{where}: a notice must be a JSON object")
            else:
                yield item_from_notice(notice, line if line is not None else position, where)

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        notice = {
            "entity_id": "2099/00009",
            "forename": "TESTY",
            "name": "EXAMPLEPERSON",
            "date_of_birth": "1900/01/01",
            "nationalities": ["DE"],
        }
        listing = {"total": 1, "_embedded": {"notices": [notice]}}
        return [(json.dumps(listing), ["2099/00009"]), (json.dumps(notice) + "\n", ["2099/00009"])]
