"""The pii word tables: loaded, sane, and equal to a fresh run of genscripts/pii_tables.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from lawbridge.engines.pii.lexicon import is_pinyin, load_lexicon, read_words

ROOT = Path(__file__).parents[3]


def test_lexicon_has_the_expected_names() -> None:
    lexicon = load_lexicon()
    assert {"王", "张", "欧阳", "司马"} <= lexicon.zh_surnames
    assert "王" in lexicon.zh_common_surnames and "闭" not in lexicon.zh_common_surnames
    assert {"James", "Mary"} <= lexicon.en_first_names and "Will" not in lexicon.en_first_names
    assert {"Smith", "Johnson"} <= lexicon.en_surnames
    assert {"Zhang", "Ouyang"} <= lexicon.pinyin_surnames


@pytest.mark.parametrize(
    ("word", "expected"), [("xiaoming", True), ("wei", True), ("smith", False), ("", True)]
)
def test_is_pinyin(word: str, expected: bool) -> None:
    assert is_pinyin(word, load_lexicon().pinyin_syllables) is expected


def test_generated_tables_are_fresh() -> None:
    pytest.importorskip("names")
    pytest.importorskip("pypinyin")
    spec = importlib.util.spec_from_file_location("pii_tables", ROOT / "genscripts/pii_tables.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in module.TABLES:
        fresh = [
            w
            for line in module.render(name).splitlines()
            if not line.startswith("#")
            for w in line.split()
        ]
        assert read_words(name) == fresh, f"{name} is stale: run genscripts/pii_tables.py"
