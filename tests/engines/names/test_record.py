"""PersonRecord validation: every bad field is named in the InvalidInput message."""

from __future__ import annotations

import pytest

from lawbridge.engines.names import PersonRecord
from lawbridge.errors import InvalidInput


def test_from_dict_normalises_fields() -> None:
    record = PersonRecord.from_dict(
        {"name": " 郭声琨 ", "aliases": ["Kuo Sheng-kun", "Kuo Sheng-kun", " "], "birth_date": "1954-10",
         "nationality": "chn", "gender": "男", "id_number": "e 123-456"}
    )  # fmt: skip
    assert record == PersonRecord("郭声琨", ("Kuo Sheng-kun",), "1954-10", "CN", "male", "E123456")
    assert PersonRecord.from_dict(record.to_dict()) == record


def test_to_dict_omits_missing_fields() -> None:
    assert PersonRecord("Wang Wei").to_dict() == {"name": "Wang Wei"}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({}, "name"),
        ({"name": 5}, "name"),
        ({"name": "12345"}, "name"),
        ({"name": "A", "birth_date": "1985-13-40"}, "birth_date"),
        ({"name": "A", "birth_date": "1985-02-30"}, "birth_date"),
        ({"name": "A", "birth_date": "85"}, "birth_date"),
        ({"name": "A", "nationality": "ZZ"}, "nationality"),
        ({"name": "A", "nationality": "China"}, "nationality"),
        ({"name": "A", "gender": "robot"}, "gender"),
        ({"name": "A", "aliases": "B"}, None),
        ({"name": "A", "aliases": [1]}, "aliases"),
        ({"name": "A", "colour": "red"}, "colour"),
        ({"name": "A", "id_number": "--"}, "id_number"),
    ],
)
def test_bad_fields_are_named(data: dict[str, object], field: str | None) -> None:
    if field is None:  # a single alias string is accepted as a one-element list
        assert PersonRecord.from_dict(data).aliases == ("B",)
        return
    with pytest.raises(InvalidInput, match=field):
        PersonRecord.from_dict(data)


def test_direct_construction_is_validated_too() -> None:
    with pytest.raises(InvalidInput, match="birth_date"):
        PersonRecord("A", birth_date="1985-13")
    with pytest.raises(InvalidInput, match="nationality"):
        PersonRecord("A", nationality="cn")
