"""Generate the pii engine's name tables into ``src/lawbridge/engines/pii/data/``.

Sources (generation time only; the engine reads the text files this script writes):

* English first names and surnames: the 1990 US Census name files (public domain) as shipped in
  the PyPI package ``names`` (``dist.male.first``, ``dist.female.first``, ``dist.all.last``).
  Not Faker: presidio-research's evaluation set was generated with Faker.
* International first names (Europe, Africa, the Middle East, South and East Asia): Jörg Michael's
  ``nam_dict.txt`` as shipped in the PyPI package ``gender-guesser`` (plain-ASCII single names of
  three letters or more, not ordinary English words), merged into the census first names.
* Pinyin surnames ("Zhang", "Ouyang"): pypinyin readings of ``data/zh_surnames.txt``.

Run ``python genscripts/pii_tables.py``; ``tests/engines/pii/test_lexicon.py`` fails when stale.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "lawbridge" / "engines" / "pii" / "data"

# Census "names" that are too often ordinary capitalised English words to count as names alone.
COMMON_WORDS = set(
    """
    a an and are art as at august be bill born but by can cash center chance christian church
    dear do dollar early else even faith for friday from gay get go god grace grant guy happy
    have he her hope in is it its joy june king lady lane law long love major man many march mark
    may me my new no not of on one or our page paris park path post price prince rich rose royal
    say see she so son star summer sunday the their them then there these they this to under us
    van via we will winter with worth you young street road avenue house hill city county state
    """.split()
)
#: nam_dict.txt names that are everyday English words or places far more often than names.
INTL_COMMON_WORDS = set(
    """
    alpha amber angel autumn baby bear bell berry blue bond brook brown bud candy carol cash cherry
    china clay cliff coral crystal daisy dale dawn day delta diamond dick dolly don dove echo eden
    ever fern fox frank gale gem ginger glen gold golden green guy hazel heather holly honey hunter
    iris ivy jade jay jewel june lake lark lily lucky mars marsh may mercy milan misty moon nova
    ocean olive pearl pepper poppy rain raven red reed river robin rock ruby rusty sage sandy scout
    shadow silver sky snow spring stone storm sugar sunny tex tiger true violet wolf wood wren
    jordan chase lincoln kent carter warren hudson jackson washington madison florence victoria
    georgia virginia carolina dakota sierra austin dallas houston denver phoenix aurora paris
    london berlin india asia africa europe memphis orlando elgin salem vernon clara
    visa ave way brooklyn san jun mar york done dayton meadow oak mate field gold sapphire
    """.split()
)
MIN_SURNAME_SHARE = 0.0


def census_rows(name: str) -> list[tuple[str, float]]:
    text = resources.files("names").joinpath(name).read_text(encoding="ascii")
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            rows.append((parts[0].capitalize(), float(parts[1])))
    return rows


def first_names() -> list[str]:
    found = {n for n, _ in census_rows("dist.male.first") + census_rows("dist.female.first")}
    found |= nam_dict_first_names()
    return sorted(n for n in found if len(n) > 1 and n.lower() not in COMMON_WORDS)


def nam_dict_first_names() -> set[str]:
    """Single first names from gender-guesser's nam_dict.txt (name in columns 3-29, one frequency
    column per country after it); compound (``+``) and non-ASCII spellings are skipped."""
    text = resources.files("gender_guesser").joinpath("data", "nam_dict.txt").read_bytes()
    found: set[str] = set()
    for line in text.decode("latin-1").splitlines():
        if line.startswith("#") or len(line) < 30 or line[:2].strip() in ("=", ""):
            continue
        name = line[3:29].strip()
        if name.isascii() and name.isalpha() and len(name) >= 3 and name[0].isupper():
            if name[1:].islower() and name.lower() not in COMMON_WORDS | INTL_COMMON_WORDS:
                found.add(name)
    return found


def surnames() -> list[str]:
    found = {n for n, share in census_rows("dist.all.last") if share >= MIN_SURNAME_SHARE}
    return sorted(n for n in found if len(n) > 1 and n.lower() not in COMMON_WORDS)


def zh_surnames() -> list[str]:
    text = (DATA / "zh_surnames.txt").read_text(encoding="utf-8")
    return [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]


def pinyin_surnames() -> list[str]:
    from pypinyin import Style, lazy_pinyin

    found: set[str] = set()
    for surname in zh_surnames():
        reading = "".join(lazy_pinyin(surname, style=Style.NORMAL, v_to_u=False))
        if reading.isascii() and reading.isalpha():
            found.add(reading.replace("v", "u").capitalize())
    return sorted(found)


def pinyin_syllables() -> list[str]:
    from pypinyin import Style, pinyin

    found: set[str] = set()
    for code in range(0x4E00, 0xA000):
        reading = pinyin(chr(code), style=Style.NORMAL, errors="ignore", heteronym=True)
        for option in reading[0] if reading else []:
            if option.isascii() and option.isalpha():
                found.add(option.replace("v", "u"))
    return sorted(found)


TABLES = {
    "en_first_names.txt": first_names,
    "en_surnames.txt": surnames,
    "pinyin_surnames.txt": pinyin_surnames,
    "pinyin_syllables.txt": pinyin_syllables,
}


def render(name: str) -> str:
    header = f"# generated by genscripts/pii_tables.py ({name}); do not edit\n"
    return header + "\n".join(TABLES[name]()) + "\n"


def main() -> int:
    for name in TABLES:
        (DATA / name).write_text(render(name), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
