"""``PersonRecord``: the person a watchlist entry or a screened record describes, validated."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import pycountry

from lawbridge.errors import InvalidInput

MAX_NAME_LENGTH = 300
MAX_ALIASES = 50
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_GENDERS = {
    "m": "male", "male": "male", "man": "male", "男": "male", "男性": "male",
    "f": "female", "female": "female", "woman": "female", "女": "female", "女性": "female",
    "other": "other", "x": "other", "diverse": "other", "其他": "other",
}  # fmt: skip
_FIELDS = {"name", "aliases", "birth_date", "nationality", "gender", "id_number"}
_KNOWN = frozenset(_FIELDS | {"id"})
# Names that countries are often written under which ISO 3166-1 does not use as codes.
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """A person to compare: names in any supported script, and optional identifying features.

    ``birth_date`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``nationality`` an ISO 3166-1
    alpha-2 code; ``gender`` ``male``, ``female`` or ``other``. Build it with :meth:`from_dict`
    to have every field validated and normalised.
    """

    name: str
    aliases: tuple[str, ...] = ()
    birth_date: str | None = None
    nationality: str | None = None
    gender: str | None = None
    id_number: str | None = None

    def __post_init__(self) -> None:
        _check_name("name", self.name)
        if not isinstance(self.aliases, tuple) or len(self.aliases) > MAX_ALIASES:
            raise InvalidInput(f"aliases: a list of at most {MAX_ALIASES} names")
        for alias in self.aliases:
            _check_name("aliases", alias)
        if self.birth_date is not None:
            check_date(self.birth_date)
        if self.nationality is not None and clean_country(self.nationality) != self.nationality:
            raise InvalidInput(f"nationality: use the code {clean_country(self.nationality)!r}")
        if self.gender is not None and self.gender not in {"male", "female", "other"}:
            raise InvalidInput("gender: must be male, female or other")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PersonRecord:
        """Validate a RECORD JSON object; raise :class:`InvalidInput` naming the bad field."""
        if not isinstance(data, Mapping):
            raise InvalidInput("record: must be a JSON object")
        unknown = () if _KNOWN.issuperset(data) else sorted(set(data) - _KNOWN)
        if unknown:
            raise InvalidInput(f"record: unknown field(s) {', '.join(unknown)}")
        name = data.get("name")
        if not isinstance(name, str):
            raise InvalidInput("name: required, a string")
        return cls(
            name=name.strip(),
            aliases=_clean_aliases(data.get("aliases")),
            birth_date=_optional(data, "birth_date", check_date),
            nationality=_optional(data, "nationality", clean_country),
            gender=_optional(data, "gender", clean_gender),
            id_number=_optional(data, "id_number", clean_id_number),
        )

    def to_dict(self) -> dict[str, Any]:
        """The RECORD JSON shape; missing fields are omitted."""
        out: dict[str, Any] = {"name": self.name}
        if self.aliases:
            out["aliases"] = list(self.aliases)
        for key in ("birth_date", "nationality", "gender", "id_number"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


def _check_name(field: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{field}: a name must not be empty")
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidInput(f"{field}: a name may have at most {MAX_NAME_LENGTH} characters")
    if not any(unicodedata.category(ch)[0] == "L" for ch in value):
        raise InvalidInput(f"{field}: {value!r} has no letters")


def _clean_aliases(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(a, str) for a in value):
        raise InvalidInput("aliases: must be a list of strings")
    seen: dict[str, None] = {}
    for alias in value:
        if alias.strip():
            seen.setdefault(alias.strip(), None)
    return tuple(seen)


def _optional(data: Mapping[str, Any], key: str, clean: Any) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, int) and key == "birth_date":
        value = str(value)
    if not isinstance(value, str):
        raise InvalidInput(f"{key}: must be a string")
    cleaned: str = clean(value.strip())
    return cleaned


def check_date(value: str) -> str:
    """Return ``value`` if it is a real ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date."""
    return _check_date(value) if type(value) is str else _check_date.__wrapped__(value)


# Records are validated twice (``from_dict``, then ``__post_init__``) and share their dates and
# countries: both checks are cached for plain strings (a value that fails is not cached: it raises
# each time).
@lru_cache(maxsize=4096)
def _check_date(value: str) -> str:
    match = _DATE.match(value) if isinstance(value, str) else None
    if not match:
        raise InvalidInput(f"birth_date: {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        date(year or 1, month or 1, day or 1)
    except ValueError as exc:
        raise InvalidInput(f"birth_date: {value!r} is not a real date") from exc
    if not 1800 <= (year or 0) <= 2200:
        raise InvalidInput(f"birth_date: year of {value!r} out of range")
    return value


def clean_country(value: str) -> str:
    """An ISO 3166-1 alpha-2 code (alpha-3 codes are accepted and converted)."""
    return _clean_country(value) if type(value) is str else _clean_country.__wrapped__(value)


@lru_cache(maxsize=1024)
def _clean_country(value: str) -> str:
    code = _COUNTRY_ALIASES.get(value.upper(), value.upper())
    found = None
    if len(code) == 2:
        found = pycountry.countries.get(alpha_2=code)
    elif len(code) == 3:
        found = pycountry.countries.get(alpha_3=code)
    if found is None:
        raise InvalidInput(f"nationality: {value!r} is not an ISO 3166-1 country code")
    alpha_2: str = found.alpha_2
    return alpha_2


def clean_gender(value: str) -> str:
    gender = _GENDERS.get(value.lower())
    if gender is None:
        raise InvalidInput(f"gender: {value!r} is not male, female or other")
    return gender


def clean_id_number(value: str) -> str:
    cleaned = "".join(ch for ch in unicodedata.normalize("NFKC", value) if ch.isalnum()).upper()
    if not cleaned:
        raise InvalidInput("id_number: has no letters or digits")
    return cleaned
