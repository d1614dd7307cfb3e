"""NameIndex: exact w.r.t. brute force, and it scores few candidates."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.engines.names import Matcher, NameIndex, PersonRecord
from lawbridge.engines.names.compare import GATE_CAP
from lawbridge.engines.names.features import feature_effect, most_effect

MATCHER = Matcher()
POOL = [
    "郭声琨", "郭聲琨", "Kuo Sheng-kun", "SHENGKUN GUO", "Guoshengkun", "Kwok Sing Kwan", "张伟",
    "Zhang Wei", "Wei Zhang", "Zhang Wen", "王伟", "Wang Wei", "Wong Wai", "欧阳小明", "Ouyang Xiaoming",
    "Au Yeung Siu Ming", "金正恩", "Kim Jong Un", "김정은", "Vladimir Putin", "Владимир Путин",
    "PUTIN, Vladimir", "Putin", "Robert Smith", "Bob Smith", "J. Smith", "John Smith", "Jon Smyth",
    "محمد علي", "Mohamed Ali", "Muhammad Ali", "Katherine Taylor", "Katie Taylor", "Li Ming", "李明",
    "李明丽", "李明怡", "Mingyi Li", "Li Mingli",
]  # fmt: skip


def brute(entries: dict[str, PersonRecord], query: PersonRecord, floor: float) -> dict[str, float]:
    scores = {i: MATCHER.compare(query, r).score for i, r in entries.items()}
    return {i: s for i, s in scores.items() if s >= floor}


DATES = [None, "1962", "1962-05", "1962-05-01", "1985-01-02"]
IDS = [None, "G1234567", "E7654321"]
records = st.builds(
    lambda names, date, nationality, gender, id_number: PersonRecord(
        names[0], tuple(names[1:]), date, nationality, gender, id_number
    ),
    st.lists(st.sampled_from(POOL), min_size=1, max_size=3),
    st.sampled_from(DATES),
    st.sampled_from([None, "CN", "US"]),
    st.sampled_from([None, "male", "female"]),
    st.sampled_from(IDS),
)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(
    st.lists(records, min_size=1, max_size=25),
    records,
    st.sampled_from([0.3, 0.5, 0.75, 0.9]),
)
def test_index_equals_brute_force(
    records: list[PersonRecord], query: PersonRecord, floor: float
) -> None:
    """Names with aliases shared between entries, features that lift or sink a score: the index
    finds exactly what comparing the query with every entry finds, in the same order."""
    entries = {f"e{i}": r for i, r in enumerate(records)}
    index = NameIndex(MATCHER, compact=len(records) % 2 == 0)  # both storage modes
    for entry_id, record in entries.items():
        index.add(entry_id, record)
    expected = brute(entries, query, floor)
    found = index.search(query, limit=len(entries) + 1, floor=floor)
    assert {c.id: c.score for c in found} == expected
    assert [c.id for c in found] == sorted(expected, key=lambda i: (-expected[i], i))
    for candidate in found:
        assert candidate.comparison.score == candidate.score
        assert (
            candidate.comparison.explanation["features"]
            == (MATCHER.compare(query, entries[candidate.id]).explanation["features"])
        )


def test_add_replaces_and_remove_forgets() -> None:
    index = NameIndex()
    index.add("a", PersonRecord("Zhang Wei"))
    index.add("a", PersonRecord("Vladimir Putin"))
    assert len(index) == 1 and "a" in index
    assert not index.search(PersonRecord("张伟"))
    assert [c.id for c in index.search(PersonRecord("Путин Владимир"))] == ["a"]
    index.remove("a")
    assert "a" not in index and len(index) == 0
    assert not index.search(PersonRecord("Путин Владимир"))
    index.remove("missing")  # no error


def test_limit_order_and_alert() -> None:
    index = NameIndex()
    for entry_id, name in [("b", "Wang Wei"), ("a", "王伟"), ("c", "Wang Wen")]:
        index.add(entry_id, PersonRecord(name))
    found = index.search(PersonRecord("王伟"), limit=2)
    assert [c.id for c in found] == ["a", "b"]
    assert found[0].alert(0.75) and found[0].comparison.score == found[0].score


def test_a_query_scores_few_candidates_in_a_large_list() -> None:
    rng = random.Random(7)
    surnames = ["Smith", "Garcia", "Novak", "Ivanov", "Kowalski", "Muller", "Rossi", "Dubois"]
    given_names = ["Anna", "Peter", "Maria", "Jan", "Olga", "Luca", "Marie", "Tomas", "Eva"]
    index = NameIndex()
    for i in range(3000):
        name = f"{rng.choice(given_names)}{rng.randrange(1000)} {rng.choice(surnames)}{rng.randrange(1000)}"
        index.add(str(i), PersonRecord(name.replace("0", "o")))
    index.add("target", PersonRecord("Kuo Sheng-kun"))
    query = MATCHER.prepare(PersonRecord("郭声琨"))
    assert len(index.candidate_slots(query)) < 50
    assert index.search(PersonRecord("郭声琨"))[0].id == "target"


@settings(max_examples=300, deadline=None)
@given(records, records)
def test_most_effect_bounds_every_entry(query: PersonRecord, entry: PersonRecord) -> None:
    """The index leaves out names scoring below ``least_name_score``: that is exact only if no
    entry's features add more than ``most_effect`` of the query."""
    weights = MATCHER.config.weights()
    assert feature_effect(query, entry, weights) <= most_effect(query, weights)


def test_a_name_just_below_the_floor_lifted_by_features_is_found() -> None:
    """An entry whose name alone scores under the floor and whose birth date, nationality and
    identifier lift it over: the index finds it, as comparing does."""
    entry = PersonRecord("Vladislav Putin", (), "1962-05-01", "RU", None, "G1234567")
    query = PersonRecord("Vladimir Putin", (), "1962-05-01", "RU", None, "G1234567")
    name_only = MATCHER.compare(
        PersonRecord("Vladimir Putin"), PersonRecord("Vladislav Putin")
    ).score
    full = MATCHER.compare(query, entry).score
    floor = round((name_only + full) / 2, 4)
    assert GATE_CAP < name_only < floor <= full  # the index path, not brute force
    index = NameIndex(MATCHER)
    index.add("e1", entry)
    assert [c.id for c in index.search(query, floor=floor)] == ["e1"]
    assert index.search(PersonRecord("Vladimir Putin"), floor=floor) == []
