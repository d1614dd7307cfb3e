"""The web UI's languages: choosing one per request, loading catalogues, formatting in the reader's locale.

Messages are English msgids in gettext catalogues under ``locale/`` (managed with Babel; ``make
catalogs``). Times are shown in UTC, which the pages say, with dates and numbers in the reader's
locale.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_datetime
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
LOCALES = ("en", "zh_Hans")
LANGUAGE_NAMES = {"en": "English", "zh_Hans": "简体中文"}
HTML_LANG = {"en": "en", "zh_Hans": "zh-Hans"}
SIMPLIFIED = ("zh", "zh-cn", "zh-hans", "zh-sg", "zh-my")


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for extraction; templates translate it with ``_()`` when shown."""
    return message


def _tag_locale(tag: str) -> str | None:
    """The UI locale for one Accept-Language tag, or None when we do not speak it."""
    tag = tag.strip().lower().replace("_", "-")
    if tag in SIMPLIFIED or tag.startswith("zh-hans-"):
        return "zh_Hans"
    if tag == "en" or tag.startswith("en-"):
        return "en"
    return None


def _weighted(header: str) -> list[tuple[float, int, str]]:
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag.strip() and quality > 0:
            ranked.append((-quality, position, tag.strip()))
    return sorted(ranked)


def negotiate(account_locale: str | None, accept_language: str | None, default: str) -> str:
    """The account's own choice, else the browser's preference (English when it names neither of
    ours), else ``default``."""
    if account_locale in LOCALES:
        return account_locale
    ranked = _weighted(accept_language or "")
    if not ranked:
        return default if default in LOCALES else "en"
    for _, _, tag in ranked:
        found = _tag_locale(tag)
        if found is not None:
            return found
    return "en"


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue for ``locale``; English is the msgids themselves."""
    if locale == "en":
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [locale], DOMAIN)


@cache
def babel_locale(locale: str) -> Locale:
    return Locale.parse(locale)


def as_utc(moment: datetime) -> datetime:
    """Stored times are UTC; SQLite hands them back naive."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def format_time(moment: datetime | None, locale: str, fmt: str = "medium") -> str:
    if moment is None:
        return ""
    return format_datetime(as_utc(moment), fmt, tzinfo=UTC, locale=babel_locale(locale))


def format_number(value: int | float, locale: str) -> str:
    return format_decimal(value, locale=babel_locale(locale))


def territory_name(code: str, locale: str) -> str:
    """A country's name in the reader's language (``CN`` → 中国), or the code itself."""
    name = babel_locale(locale).territories.get(code.upper())
    return str(name) if name else code
