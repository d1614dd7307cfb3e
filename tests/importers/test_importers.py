"""Importers: pure parsing, per-item errors with line numbers, every built-in's examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lawbridge.errors import InvalidInput
from lawbridge.importers import (
    IMPORTERS,
    ImportItem,
    ItemError,
    SkippedItem,
    get_importer,
    importer_names,
)
from lawbridge.importers.ftm import common_date
from lawbridge.importers.interpol import notice_url
from tests.importers.ftm_schema import schema_properties

DATA = Path(__file__).parent / "data"


def parse(name: str, text: str) -> list[ImportItem | ItemError | SkippedItem]:
    return list(get_importer(name).parse(text.splitlines(keepends=True)))


def items(parsed: list[ImportItem | ItemError | SkippedItem]) -> dict[str, ImportItem]:
    return {p.external_id: p for p in parsed if isinstance(p, ImportItem)}


def errors(parsed: list[ImportItem | ItemError | SkippedItem]) -> list[ItemError]:
    return [p for p in parsed if isinstance(p, ItemError)]


# --- Contract over every built-in ----------------------------------------------------------------


def test_names_are_unique_and_lookup_works() -> None:
    assert len(set(importer_names())) == len(IMPORTERS)
    assert {"lawbridge", "csv", "ftm", "interpol"} <= set(importer_names())
    with pytest.raises(InvalidInput, match="unknown format"):
        get_importer("xlsx")


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.NAME)
def test_examples_yield_their_ids(importer: type) -> None:
    for text, expected in importer.examples():
        parsed = list(importer().parse(text.splitlines(keepends=True)))
        assert not errors(parsed), parsed
        assert [p.external_id for p in parsed if isinstance(p, ImportItem)] == expected


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.NAME)
def test_garbage_is_an_item_error_not_an_exception(importer: type) -> None:
    parsed = list(importer().parse(["{not json\n", "\x00\n"]))
    assert parsed and all(isinstance(p, ItemError) for p in parsed)


# --- lawbridge JSON Lines and CSV ----------------------------------------------------------------

JSONL = "\n".join(
    [
        json.dumps(
            {"id": "F-1", "name": "Chen Jianguo", "aliases": ["陈建国"], "birth_date": "1961"}
        ),
        "{broken",
        json.dumps({"id": "F-3", "name": "  "}),
        json.dumps({"id": "F-4", "name": "Liu Fang", "birth_date": "1985-13-40"}),
        json.dumps({"id": "F-5", "name": "Liu Fang", "nationality": "XQ"}),
        json.dumps({"name": "No Id"}),
        "",
        json.dumps({"id": 7, "name": "Ana Example", "legal_basis": "Warrant 7", "note": "kept"}),
        "[1, 2]",
        '{"id": "F-9", "name": "Bad Number", "score": NaN}',
    ]
)


def test_jsonl_keeps_good_lines_and_names_bad_ones() -> None:
    parsed = parse("lawbridge", JSONL)
    good = items(parsed)
    assert set(good) == {"F-1", "7"}
    assert good["F-1"].record.aliases == ("陈建国",) and good["F-1"].line == 1
    assert good["7"].legal_basis == "Warrant 7" and dict(good["7"].extra) == {"note": "kept"}
    bad = {e.line: e for e in errors(parsed)}
    assert sorted(bad) == [2, 3, 4, 5, 6, 9, 10]
    assert bad[3].external_id == "F-3" and "name" in bad[3].message
    assert "birth_date" in bad[4].message and "line 4" in bad[4].message
    assert "nationality" in bad[5].message
    assert "id" in bad[6].message
    assert "NaN" in bad[10].message


def test_csv_splits_aliases_and_reports_bad_rows() -> None:
    text = (
        "\ufeffid,name,aliases,birth_date,nationality,gender,legal_basis\n"
        "F-1,Zhang Wei,张伟; Cheung Wai ;,1970-03,CN,m,Warrant 1\n"
        ",Nameless Id,,,,,\n"
        "F-3,Li Lei,,1985-13-40,,,\n"
        'F-4,"Wong, Ka Ming",,,HK,,\n'
        "F-5,Wang Fang,,,,,,too,many\n"
    )
    parsed = parse("csv", text)
    good = items(parsed)
    assert set(good) == {"F-1", "F-4"}
    assert good["F-1"].record.aliases == ("张伟", "Cheung Wai")
    assert good["F-1"].legal_basis == "Warrant 1" and good["F-1"].line == 2
    assert good["F-4"].record.name == "Wong, Ka Ming"
    assert [e.line for e in errors(parsed)] == [3, 4, 6]


def test_csv_without_id_column_is_one_error() -> None:
    parsed = parse("csv", "name,birth_date\nZhang Wei,1970\n")
    assert len(parsed) == 1 and isinstance(parsed[0], ItemError)
    assert "header" in parsed[0].message


# --- FollowTheMoney ------------------------------------------------------------------------------


def test_ftm_example_file_keeps_the_person_and_counts_the_rest() -> None:
    with (DATA / "ftm" / "example_entities.ftm.json").open(encoding="utf-8") as stream:
        parsed = list(get_importer("ftm").parse(stream))
    person = items(parsed)["lb-test-person-1"]
    assert person.record.name == "Jane Quincy Example"
    assert person.record.aliases == ("J. Q. Example",)
    assert person.record.birth_date == "1970-01-01"
    assert (person.record.nationality, person.record.gender) == ("DE", "female")
    assert person.source == "https://example.org/fictional-list/1"
    assert sorted(p.kind for p in parsed if isinstance(p, SkippedItem)) == ["Address", "Passport"]


def test_ftm_reads_every_name_and_reduces_many_values_without_conflict() -> None:
    entity = {
        "id": "p-2",
        "schema": "Person",
        "properties": {
            "firstName": ["Wei"],
            "lastName": ["Zhang"],
            "alias": ["張偉"],
            "weakAlias": ["Big Wei"],
            "birthDate": ["1970-01-01", "1970-05-02"],
            "nationality": ["cn"],
            "citizenship": ["tw"],
            "passportNumber": ["E00000000"],
        },
    }
    good = items(parse("ftm", json.dumps(entity)))["p-2"]
    assert good.record.name == "Wei Zhang"
    assert good.record.aliases == ("張偉", "Big Wei")
    assert good.record.birth_date == "1970"
    assert good.record.nationality is None
    assert good.record.id_number == "E00000000"
    assert good.extra["nationalities"] == ["CN", "TW"]
    assert good.extra["birth_dates"] == ["1970-01-01", "1970-05-02"]


def test_ftm_drops_an_unreadable_country_but_keeps_the_person() -> None:
    entity = {
        "id": "p-3",
        "schema": "Person",
        "properties": {"name": ["Old Name"], "nationality": ["suhh"]},
    }
    good = items(parse("ftm", json.dumps(entity)))["p-3"]
    assert good.record.nationality is None and "nationality" in good.extra["dropped"]


def test_ftm_errors() -> None:
    lines = [
        {"id": "p-4", "schema": "Person", "properties": {"birthDate": ["1970"]}},
        {"id": "p-5", "properties": {"name": ["x"]}},
        {"id": "p-6", "schema": "Person", "properties": {"name": "not a list"}},
    ]
    parsed = parse("ftm", "\n".join(json.dumps(x) for x in lines))
    assert [(e.line, e.external_id) for e in errors(parsed)] == [(1, "p-4"), (2, None), (3, "p-6")]


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["1970-01-01"], "1970-01-01"),
        (["1970-01-01", "1970-01-09"], "1970-01"),
        (["1970", "1971"], None),
        ([], None),
    ],
)
def test_common_date(dates: list[str], expected: str | None) -> None:
    assert common_date(dates) == expected


def test_ftm_properties_read_are_person_properties() -> None:
    read = {"name", "alias", "weakAlias", "firstName", "middleName", "secondName", "lastName"}
    read |= {"birthDate", "nationality", "citizenship", "gender", "idNumber", "passportNumber"}
    read |= {"sourceUrl", "topics"}
    properties = schema_properties("Person")
    assert read <= set(properties)
    assert properties["birthDate"]["type"] == "date"
    assert properties["nationality"]["type"] == "country"


# --- INTERPOL red notices ------------------------------------------------------------------------


def test_interpol_list_response() -> None:
    text = (DATA / "interpol" / "example_list_response.json").read_text(encoding="utf-8")
    parsed = parse("interpol", text)
    good = items(parsed)
    assert list(good) == ["2099/00001", "2099/00002"]
    first, second = good["2099/00001"], good["2099/00002"]
    assert first.record.name == "TESTY QUINCY EXAMPLEPERSON"
    assert first.record.birth_date == "1900-01-01"
    assert first.record.nationality is None and first.extra["nationalities"] == ["DE", "FR"]
    assert first.source == "https://ws-public.interpol.int/notices/v1/red/2099-00001"
    assert second.record.name == "PLACEHOLDER" and second.record.birth_date == "1900"
    assert "nationality" in second.extra["dropped"]  # "ZZ" is no country


def test_interpol_detail_carries_the_warrant_as_legal_basis() -> None:
    text = (DATA / "interpol" / "example_notice_detail.json").read_text(encoding="utf-8")
    (item,) = parse("interpol", text)
    assert isinstance(item, ImportItem)
    assert item.legal_basis is not None
    assert item.legal_basis.startswith("Arrest warrant (DE): Fictional charge")
    assert "Second line" in item.legal_basis
    assert item.record.gender is None  # sex_id "U"
    assert "weight" not in item.extra and item.extra["height"] == 1.7  # weight 0 is unknown
    assert item.extra["country_of_birth_id"] == "DE"


def test_interpol_json_lines_and_bad_notices() -> None:
    lines = [
        {"entity_id": "2099/00010", "name": "SAMPLE", "forename": "-", "sex_id": "F"},
        {"entity_id": "2099/00011", "forename": "NO FAMILY NAME"},
        {"total": 0},
        {"entity_id": "2099/00012", "name": "DATED", "date_of_birth": "1985/13/40"},
    ]
    parsed = parse("interpol", "\n".join(json.dumps(x) for x in lines))
    good = items(parsed)
    assert good["2099/00010"].record.name == "SAMPLE"
    assert good["2099/00010"].record.gender == "female"
    assert good["2099/00012"].record.birth_date is None  # dropped, named in extra
    assert "birth_date" in good["2099/00012"].extra["dropped"]
    assert [e.line for e in errors(parsed)] == [2, 3]
    assert notice_url("2099/00010").endswith("/red/2099-00010")


def test_csv_reader_errors_end_the_file_with_an_item_error() -> None:
    huge = "x" * 200_000  # over the csv module's default field limit
    parsed = parse("csv", f"id,name\nF-1,Li Na\nF-2,{huge}\n")
    assert list(items(parsed)) == ["F-1"]
    assert [e.line for e in errors(parsed)] == [3]
