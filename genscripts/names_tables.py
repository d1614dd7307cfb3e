"""Generate the names engine's static tables into ``src/lawbridge/engines/names/data/``.

Run ``python genscripts/names_tables.py`` after editing ``resources/names/``; the test
``tests/engines/names/test_tables.py`` fails when the committed tables differ from a fresh run.

Generation-only libraries (the ``dev`` extra): pypinyin (Mandarin readings), ToJyutping (Cantonese
Jyutping), hanja (Sino-Korean readings), nicknames (English nickname groups). The engine itself
reads only the JSON this script writes, so it needs none of them at run time.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources" / "names"
DATA = ROOT / "src" / "lawbridge" / "engines" / "names" / "data"

# CJK Unified Ideographs, extension A and the basic block: every character a name is likely to use.
CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


def tsv_rows(name: str) -> Iterator[list[str]]:
    for line in (RESOURCES / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def cjk_chars() -> Iterator[str]:
    for start, end in CJK_RANGES:
        for code in range(start, end + 1):
            yield chr(code)


# --- Mandarin --------------------------------------------------------------------------------


def pinyin_table() -> dict[str, str]:
    """Character -> its most frequent toneless pinyin reading (pypinyin's first)."""
    from pypinyin import Style, pinyin

    table: dict[str, str] = {}
    for char in cjk_chars():
        reading = pinyin(char, style=Style.NORMAL, errors="ignore", v_to_u=False)
        if reading and reading[0] and reading[0][0].isascii() and reading[0][0].isalpha():
            table[char] = reading[0][0].replace("v", "u")
    return table


WG_INITIALS = {
    "zh": "ch", "ch": "ch", "sh": "sh", "b": "p", "p": "p", "m": "m", "f": "f", "d": "t",
    "t": "t", "n": "n", "l": "l", "g": "k", "k": "k", "h": "h", "j": "ch", "q": "ch",
    "x": "hs", "r": "j", "z": "ts", "c": "ts", "s": "s", "y": "y", "w": "w",
}  # fmt: skip
WG_FINALS = (("iong", "iung"), ("ong", "ung"), ("ian", "ien"), ("ie", "ieh"), ("ue", "ueh"))
UO_TO_O = {"b", "p", "m", "f", "d", "t", "n", "l", "z", "c", "s", "r", "zh", "ch"}


def wade_giles(syllable: str, exceptions: dict[str, str]) -> str:
    """Toneless Wade-Giles, apostrophes and umlauts dropped (as most records write it)."""
    if syllable in exceptions:
        return exceptions[syllable]
    initial = next((i for i in ("zh", "ch", "sh") if syllable.startswith(i)), "")
    if not initial and syllable[0] in WG_INITIALS and syllable[0] not in "aeiou":
        initial = syllable[0]
    final = syllable[len(initial) :]
    if final == "ui":
        final = "uei"
    elif final == "uo" and initial in UO_TO_O:
        final = "o"
    elif final == "e" and initial in {"g", "k", "h"}:
        final = "o"
    else:
        for pinyin_final, wg_final in WG_FINALS:
            if final.endswith(pinyin_final):
                final = final[: -len(pinyin_final)] + wg_final
                break
    return WG_INITIALS.get(initial, initial) + final


def wade_giles_table(syllables: set[str]) -> dict[str, str]:
    exceptions = {row[0]: row[1] for row in tsv_rows("wade_giles_exceptions.tsv")}
    return {s: wade_giles(s, exceptions) for s in sorted(syllables)}


# --- Cantonese -------------------------------------------------------------------------------

JYUTPING_INITIALS = (
    ("gw", "kw"), ("kw", "kw"), ("ng", "ng"), ("b", "p"), ("p", "p"), ("m", "m"), ("f", "f"),
    ("d", "t"), ("t", "t"), ("n", "n"), ("l", "l"), ("g", "k"), ("k", "k"), ("h", "h"),
    ("w", "w"), ("z", "ch"), ("c", "ch"), ("s", "s"), ("j", "y"),
)  # fmt: skip
# Jyutping final -> Hong Kong Government romanisation (longest first).
JYUTPING_FINALS = (
    ("oeng", "eung"), ("oek", "euk"), ("eoi", "ui"), ("eon", "un"), ("eot", "ut"),
    ("yun", "uen"), ("yut", "uet"), ("aa", "a"), ("ou", "o"), ("ung", "ung"), ("uk", "uk"),
    ("un", "oon"), ("ut", "oot"),
    ("oe", "eu"), ("yu", "u"),
)  # fmt: skip


def hong_kong(jyutping: str) -> str:
    """One Jyutping syllable (tone digit included) -> Hong Kong Government romanisation."""
    syllable = jyutping.rstrip("0123456789")
    if syllable in {"m", "ng"}:
        return syllable
    initial, spelled = "", ""
    for jp, hk in JYUTPING_INITIALS:
        if syllable.startswith(jp) and len(syllable) > len(jp):
            initial, spelled = jp, hk
            break
    final = syllable[len(initial) :]
    if final == "i" and initial == "s":
        return "sze"
    for jp, hk in JYUTPING_FINALS:
        if final.startswith(jp):
            final = hk + final[len(jp) :]
            break
    if initial == "j" and final.startswith("u"):
        return "y" + final  # jyu -> yu, jyun -> yuen
    return spelled + final


def cantonese_table() -> dict[str, str]:
    import ToJyutping

    table: dict[str, str] = {}
    chars = list(cjk_chars())
    for start in range(0, len(chars), 2000):
        for char, reading in ToJyutping.get_jyutping_list("".join(chars[start : start + 2000])):
            if reading:
                table[char] = hong_kong(reading.split()[0])
    return table


# --- Korean ----------------------------------------------------------------------------------


def hanja_table() -> dict[str, str]:
    """Hanja -> Hangul reading (the hanja library's; surnames are corrected from the TSV)."""
    import hanja

    table: dict[str, str] = {}
    for char in cjk_chars():
        reading = hanja.translate(char, "substitution")
        if reading != char and len(reading) == 1 and "\uac00" <= reading <= "\ud7a3":
            table[char] = reading
    return table


# --- Surnames, titles, nicknames -------------------------------------------------------------


def surnames_table() -> dict[str, object]:
    chinese: dict[str, dict[str, list[str]]] = {}
    for row in tsv_rows("chinese_surnames.tsv"):
        surname, readings, hong_kong_spellings = row[0], row[1], row[2]
        chinese[surname] = {
            "pinyin": [r for r in readings.split("|") if r],
            "hk": [s for s in hong_kong_spellings.split("|") if s],
        }
    korean: dict[str, list[str]] = {}
    korean_hanja: dict[str, str] = {}
    for hangul, hanja_forms, spellings in tsv_rows("korean_surnames.tsv"):
        korean[hangul] = spellings.split("|")
        for form in hanja_forms.split("|"):
            korean_hanja.setdefault(form, hangul)
    return {"chinese": chinese, "korean": korean, "korean_hanja": korean_hanja}


def titles_table() -> list[str]:
    lines = (RESOURCES / "titles.txt").read_text(encoding="utf-8").splitlines()
    return sorted({line.strip() for line in lines if line.strip() and not line.startswith("#")})


def nicknames_table() -> dict[str, list[str]]:
    """Name -> the canonical names it is a nickname or form of (the nicknames package's data)."""
    from nicknames import NickNamer

    namer = NickNamer()
    table: dict[str, set[str]] = {}
    for canonical, nicknames in namer.nickname_lookup.items():
        for name in (canonical, *nicknames):
            if name.isascii() and name.isalpha():
                table.setdefault(name.lower(), set()).add(canonical.lower())
    return {name: sorted(groups) for name, groups in sorted(table.items()) if groups != {name}}


def common_chars() -> list[str]:
    """The 3,755 level-1 characters of GB 2312: the characters most names are written with."""
    out = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                out.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return out


def syllables_table(
    pinyin: dict[str, str], wade: dict[str, str], hong_kong: dict[str, str]
) -> dict[str, object]:
    """Syllable inventories, and which Cantonese spellings a pinyin syllable has in common names."""
    correspondences: dict[str, set[str]] = {}
    for char in common_chars():
        if char in pinyin and char in hong_kong:
            correspondences.setdefault(pinyin[char], set()).add(hong_kong[char])
    chinese: dict[str, dict[str, list[str]]] = surnames_table()["chinese"]  # type: ignore[assignment]
    for surname, entry in chinese.items():
        readings = entry["pinyin"][:1] or ["".join(pinyin.get(ch, "") for ch in surname)]
        for reading in readings:
            correspondences.setdefault(reading, set()).update(
                s.replace(" ", "") for s in entry["hk"]
            )
    return {
        "pinyin": sorted(set(pinyin.values())),
        "wade_giles": sorted(set(wade.values())),
        "hong_kong": sorted(set(hong_kong.values())),
        "pinyin_to_hong_kong": {k: sorted(v) for k, v in sorted(correspondences.items())},
    }


def build_tables() -> dict[str, str]:
    """File name -> JSON text of every generated table."""
    pinyin = pinyin_table()
    wade = wade_giles_table(set(pinyin.values()))
    hong_kong = cantonese_table()
    tables: dict[str, object] = {
        "pinyin.json": pinyin,
        "wade_giles.json": wade,
        "cantonese.json": hong_kong,
        "syllables.json": syllables_table(pinyin, wade, hong_kong),
        "hanja.json": hanja_table(),
        "surnames.json": surnames_table(),
        "titles.json": titles_table(),
        "nicknames.json": nicknames_table(),
    }
    return {name: _dump(value) for name, value in tables.items()}


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=0) + "\n"


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    for name, text in build_tables().items():
        (DATA / name).write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {DATA / name} ({len(text):,} bytes)\n")


if __name__ == "__main__":
    main()
