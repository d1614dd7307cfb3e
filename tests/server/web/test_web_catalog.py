"""The gettext catalogues: up to date with the code, complete in Chinese, compiled from the .po.

When one of these fails, run ``make catalogs`` (and translate what it added to the .po).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from lawbridge.server.web import i18n

ROOT = Path(__file__).resolve().parents[3]
POT = i18n.LOCALE_DIR / "messages.pot"
PO = i18n.LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _read_po(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _messages(catalog: Catalog) -> Iterator[Message]:
    return (m for m in catalog if m.id)


def _extracted() -> set[str]:
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = extract_from_dir(str(ROOT), method_map, options_map)
    return {msgid if isinstance(msgid, str) else msgid[0] for _, _, msgid, _, _ in found}


def test_pot_holds_every_ui_string() -> None:
    pot_ids = {str(m.id) for m in _messages(_read_po(POT))}
    extracted = _extracted()
    assert extracted - pot_ids == set(), "strings missing from messages.pot: run make catalogs"
    assert pot_ids - extracted == set(), "stale strings in messages.pot: run make catalogs"


def test_every_msgid_has_a_chinese_translation() -> None:
    pot_ids = {str(m.id) for m in _messages(_read_po(POT))}
    po = _read_po(PO, "zh_Hans")
    translated = {str(m.id): m for m in _messages(po)}
    assert pot_ids - translated.keys() == set(), "msgids missing from the zh_Hans .po"
    for msgid in pot_ids:
        message = translated[msgid]
        assert isinstance(message.string, str) and message.string.strip(), msgid
        assert not message.fuzzy, f"fuzzy translation: {msgid}"
        assert re.search(r"[\u4e00-\u9fff]", message.string), msgid
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(message.string))


def test_compiled_mo_matches_the_po() -> None:
    po = {str(m.id): m.string for m in _messages(_read_po(PO, "zh_Hans")) if not m.fuzzy}
    with MO.open("rb") as handle:
        mo = {str(m.id): m.string for m in _messages(read_mo(handle))}
    assert mo == po, "messages.mo is stale: run make catalogs (pybabel compile)"


@pytest.mark.parametrize("msgid", ["Dashboard", "Audit log", "Sign in"])
def test_runtime_translations_load(msgid: str) -> None:
    zh = i18n.translations("zh_Hans").gettext(msgid)
    assert zh != msgid
    assert i18n.translations("en").gettext(msgid) == msgid
