"""When both records write a name in Hanzi, the characters decide (romanisations merge homophones)."""

from __future__ import annotations

from lawbridge.engines.names import DEFAULT_THRESHOLD, Matcher, NameIndex, PersonRecord

MATCHER = Matcher()


def test_two_records_with_hanzi_are_compared_by_their_hanzi() -> None:
    query = PersonRecord(name="李明丽")
    other = PersonRecord(name="Mingyi Li", aliases=("李明怡",))
    same = PersonRecord(name="Mingli Li", aliases=("李明丽",))
    assert MATCHER.compare(query, other).score < DEFAULT_THRESHOLD  # 丽 is not 怡
    assert MATCHER.compare(query, same).score >= DEFAULT_THRESHOLD
    # Without Hanzi on the other side, the romanisation is all there is to go by.
    assert MATCHER.compare(query, PersonRecord(name="Li Mingli")).score >= DEFAULT_THRESHOLD


def test_the_index_applies_the_same_rule() -> None:
    for compact in (False, True):
        index = NameIndex(MATCHER, compact=compact)
        index.add("other", PersonRecord(name="Mingyi Li", aliases=("李明怡",)))
        index.add("latin", PersonRecord(name="Li Mingli"))
        found = {c.id: c.score for c in index.search(PersonRecord(name="李明丽"), floor=0.3)}
        assert found.get("other", 0.0) < DEFAULT_THRESHOLD <= found["latin"]
