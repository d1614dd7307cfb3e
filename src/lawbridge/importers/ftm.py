"""FollowTheMoney entities as JSON Lines (``{"id", "schema", "properties": {prop: [values]}}``).

Only ``Person`` entities become entries; every other schema (Address, Passport, …) is skipped and
counted. Passport entities are not joined to their holder: that would need the whole file in memory,
and the Person usually carries ``passportNumber`` itself.

Mapping: ``name`` (first) is the name; other names, ``alias``, ``weakAlias`` and the
``firstName``/``middleName``/``lastName`` composite become aliases. A RECORD has one birth date,
nationality and identifier, so several values are reduced without inventing a conflict: birth dates
to their most precise common prefix (``1970-01-01`` and ``1970-05-02`` give ``1970``), nationalities
(``nationality`` + ``citizenship``) to the one value or none when they differ; all values stay in
the entry's ``extra``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from lawbridge.errors import InvalidInput
from lawbridge.importers.base import (
    Importer,
    ImportItem,
    ItemError,
    ParsedItem,
    SkippedItem,
    clean_external_id,
    has_nul,
    json_lines,
)
from lawbridge.importers.lenient import lenient_record

PERSON = "Person"


def values(properties: Mapping[str, Any], *names: str) -> list[str]:
    """All string values of ``names``, in order, without blanks or repeats."""
    found: list[str] = []
    for name in names:
        raw = properties.get(name, [])
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise InvalidInput(f"property '{name}' must be a list of strings")
        for value in raw:
            value = value.strip()
            if value and value not in found:
                found.append(value)
    return found


def common_date(dates: list[str]) -> str | None:
    """The most precise date all of ``dates`` agree on (YYYY, YYYY-MM or YYYY-MM-DD), or None."""
    parts = [d[:10].split("-") for d in dates]
    if not parts:
        return None
    shared: list[str] = []
    for column in zip(*parts, strict=False):
        if len(set(column)) != 1:
            break
        shared.append(column[0])
    return "-".join(shared) or None


def composite_name(properties: Mapping[str, Any]) -> str | None:
    parts = values(properties, "firstName") + values(properties, "middleName", "secondName")
    parts += values(properties, "lastName")
    return " ".join(parts) or None


def record_fields(properties: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(RECORD fields, extra) of one Person's properties."""
    names = values(properties, "name")
    composite = composite_name(properties)
    if not names and composite:
        names, composite = [composite], None
    aliases = names[1:] + values(properties, "alias", "weakAlias")
    if composite and composite not in names and composite not in aliases:
        aliases.append(composite)
    dates = values(properties, "birthDate")
    countries = [c.upper() for c in values(properties, "nationality", "citizenship")]
    ids = values(properties, "idNumber", "passportNumber")
    genders = values(properties, "gender")
    fields: dict[str, Any] = {"name": names[0] if names else ""}
    if aliases:
        fields["aliases"] = aliases
    if birth_date := common_date(dates):
        fields["birth_date"] = birth_date
    if len(set(countries)) == 1:
        fields["nationality"] = countries[0]
    if genders:
        fields["gender"] = genders[0]
    if ids:
        fields["id_number"] = ids[0]
    extra = {"birth_dates": dates, "nationalities": countries, "id_numbers": ids}
    extra["topics"] = values(properties, "topics")
    return fields, {k: v for k, v in extra.items() if len(v) > (0 if k == "topics" else 1)}


def item_from_entity(entity: Mapping[str, Any], line: int) -> ImportItem | ItemError | SkippedItem:
    schema = entity.get("schema")
    raw_id = entity.get("id")
    if not isinstance(schema, str):
        return ItemError(line, f"line {line}: an entity needs a 'schema'")
    if schema != PERSON:
        return SkippedItem(line, schema)
    try:
        external_id = clean_external_id(raw_id)
        properties = entity.get("properties", {})
        if not isinstance(properties, dict) or has_nul(properties):
            raise InvalidInput("'properties' must be an object of lists of strings")
        fields, extra = record_fields(properties)
        record, dropped = lenient_record(fields)
    except InvalidInput as exc:
        shown = raw_id if isinstance(raw_id, str) else None
        return ItemError(line, f"line {line}: {exc.message}", shown)
    if dropped:
        extra["dropped"] = dropped
    sources = values(properties, "sourceUrl")
    return ImportItem(external_id, record, None, sources[0] if sources else None, extra, line)


class FtmImporter(Importer):
    """FollowTheMoney entity JSON Lines; Person entities become entries, others are skipped."""

    NAME = "ftm"
    DESCRIPTION = "FollowTheMoney entities, one JSON object per line (Person schema)"

    def parse(self, lines: Iterable[str]) -> Iterator[ParsedItem]:
        for number, value in json_lines(lines):
            if isinstance(value, ItemError):
                yield value
            elif not isinstance(value, dict):
                yield ItemError(number, f"line {number}: each line must be a JSON object")
            else:
                yield item_from_entity(value, number)

    @staticmethod
    def examples() -> list[tuple[str, list[str]]]:
        person = (
            '{"id": "p1", "schema": "Person", "properties": {"name": ["Li Na"],'
            ' "birthDate": ["1980-02-03"], "nationality": ["cn"]}}\n'
        )
        address = '{"id": "a1", "schema": "Address", "properties": {"full": ["Nowhere"]}}\n'
        return [(person + address, ["p1"])]
