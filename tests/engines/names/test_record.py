"""PersonRecord validation: every bad field is named in the InvalidInput message."""

from __future__ import annotations

import pytest

from lawbridge.engines.names import PersonRecord
from lawbridge.engines.names.record import check_date, clean_country
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


def test_cached_checks_still_refuse_every_time_and_take_any_value() -> None:
    # check_date and clean_country are cached for plain strings: a bad value is refused each
    # time (a failure is never cached), a good one answered the same, anything else as before.
    for _ in range(2):
        with pytest.raises(InvalidInput, match="not a real date"):
            check_date("1985-02-30")
        with pytest.raises(InvalidInput, match="not an ISO 3166-1"):
            clean_country("ZZ")
        assert check_date("1985-02-28") == "1985-02-28"
        assert clean_country("chn") == "CN"
    with pytest.raises(InvalidInput, match="is not YYYY"):
        check_date([1985])  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        clean_country(["CN"])  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="birth_date"):
        PersonRecord("A", birth_date=1985)  # type: ignore[arg-type]
