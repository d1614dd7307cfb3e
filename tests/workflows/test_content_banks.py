"""Banks: thresholds and confirmation decide block vs review, allow banks veto, the flood guard
quarantines a spiking entry, and hash lists round-trip through python-threatexchange formats."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from lawbridge.errors import InvalidInput
from lawbridge.store.content_models import ContentBankEntry
from lawbridge.store.models import AuditEvent
from lawbridge.workflows import banks, monitoring
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.workflows.content_helpers import IMAGES, SCAM_ZH, SCAM_ZH_TRAD, T0, Feed
from tests.workflows.meanwhile import meanwhile

GROUND = "Cybersecurity Law of the PRC, Art. 47"


def make_bank(feed: Feed, **options: object) -> str:
    with feed.context.write(feed.actor) as unit:
        bank = banks.create_bank(unit, name="scams", legal_ground=GROUND, **options)  # type: ignore[arg-type]
        return bank.id


def add(feed: Feed, bank_id: str, signal_type: str, content: str | bytes) -> str:
    with feed.context.write(feed.actor) as unit:
        return banks.add_entry(unit, bank_id, signal_type=signal_type, content=content).id


@pytest.fixture
def feed(context: Context, world: World) -> Feed:
    return Feed(context, world.provider["admin"].actor)


def test_confirmed_banks_block_others_review(feed: Feed) -> None:
    confirmed = make_bank(feed, confirmed=True)
    add(feed, confirmed, "text_near_dup", SCAM_ZH)
    unconfirmed = make_bank(feed)
    add(feed, unconfirmed, "url_canonical", "https://phish.example/login")
    rules = make_bank(feed, confirmed=True)
    with feed.context.write(feed.actor) as unit:
        banks.add_entry(unit, rules, signal_type="policy_rule", signal="keyword:加微信")
    assert feed.post("a", SCAM_ZH_TRAD).action == "blocked"
    assert feed.post("b", "go", links=["https://sho.rt/abc"]).action == "review"
    assert feed.post("c", "快来加 V 信").action == "review"
    assert feed.post("d", "今天天气很好").action == "published"
    with feed.context.write(feed.actor) as unit:
        queue = monitoring.list_reviews(unit)
        assert {r.post_id for r in queue} == {feed.ids["b"], feed.ids["c"]}
        monitoring.dismiss_review(unit, queue[0].id, note="fine")
    with feed.context.read(feed.actor) as unit:
        assert len(monitoring.list_reviews(unit)) == 1


def test_multicrop_only_matches_review_unless_the_bank_allows_it(feed: Feed) -> None:
    bank = make_bank(feed, confirmed=True)
    add(feed, bank, "image_multicrop", IMAGES["banned"])
    assert feed.post("crop", "", image="crop").action == "review"
    with feed.context.write(feed.actor) as unit:
        banks.update_bank(unit, bank, auto_block=[*banks.DEFAULT_AUTO_BLOCK, "image_multicrop"])
    assert feed.post("crop2", "", image="crop").action == "blocked"


def test_allow_bank_vetoes_matches_of_its_modality(feed: Feed) -> None:
    bank = make_bank(feed, confirmed=True)
    add(feed, bank, "text_near_dup", SCAM_ZH)
    add(feed, bank, "pdq", IMAGES["banned"])
    with feed.context.write(feed.actor) as unit:
        allow = banks.create_bank(unit, name="news photos", kind="allow").id
    add(feed, allow, "pdq", IMAGES["banned"])
    assert feed.post("photo", "", image="mirror").action == "published"
    assert feed.post("text", SCAM_ZH).action == "blocked"


def test_disabled_bank_matches_nothing(feed: Feed) -> None:
    bank = make_bank(feed, confirmed=True)
    add(feed, bank, "text_near_dup", SCAM_ZH)
    with feed.context.write(feed.actor) as unit:
        banks.update_bank(unit, bank, enabled=False)
    assert feed.post("a", SCAM_ZH).action == "published"


def test_flood_guard_quarantines_a_spiking_entry(feed: Feed) -> None:
    bank = make_bank(feed, confirmed=True, flood_window=10, flood_ratio=0.3, flood_min=3)
    entry_id = add(feed, bank, "text_near_dup", "the weather is lovely today in the park")
    actions = []
    for i in range(8):
        feed.post(f"n{i}", f"unrelated post number {i} about cooking rice", lang="en")
        actions.append(feed.post(f"m{i}", "the weather is lovely today in the park!").action)
    assert actions[:2] == ["blocked", "blocked"]
    assert set(actions[3:]) == {"review"}
    with feed.context.read(feed.actor) as unit:
        entry = unit.session.get(ContentBankEntry, entry_id)
        assert entry is not None and entry.status == "quarantined"
        event = unit.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "content.bank_entry.quarantined")
        ).one()
        assert event.object_id == entry_id
    with feed.context.write(feed.actor) as unit:
        banks.set_entry_status(unit, entry_id, "active", "checked")


HASH_LIST = "\n".join(
    [
        "pdq " + "f" * 8 + "0" * 56,
        "url HTTPS://WWW.Phish.Example/login?utm_source=a",
        "raw_text 恭喜您获得本月幸运大奖，请立即加微信领取五千元现金红包",
        "exact_sha256 " + "ab" * 32,
        "policy_rule keyword:加微信",
        "md5 0123456789abcdef0123456789abcdef",
        "pdq not-a-hash",
        "",
    ]
)


@pytest.mark.parametrize("fmt", ["txt", "csv", "tsv"])
def test_hash_lists_round_trip(feed: Feed, fmt: str) -> None:
    first = make_bank(feed)
    with feed.context.write(feed.actor) as unit:
        report = banks.import_entries(unit, first, HASH_LIST)
        exported = banks.export_entries(unit, first, fmt=fmt)
    assert (report.added, report.failed) == (5, 2)
    assert [e["line"] for e in report.errors] == [6, 7]
    second = make_bank(feed)
    with feed.context.write(feed.actor) as unit:
        again = banks.import_entries(unit, second, exported, fmt=fmt)
        assert (again.added, again.failed) == (5, 0)
        one = {(e.signal_type, e.signal) for e in banks.list_entries(unit, first)}
        two = {(e.signal_type, e.signal) for e in banks.list_entries(unit, second)}
    assert one == two
    assert ("url_canonical", "http://phish.example/login") in one


def test_bad_bank_settings_are_refused(feed: Feed) -> None:
    with feed.context.write(feed.actor) as unit:
        with pytest.raises(InvalidInput):
            banks.create_bank(unit, name="x")  # a block bank without a legal ground
        with pytest.raises(InvalidInput):
            banks.create_bank(unit, name="x", legal_ground=GROUND, thresholds={"pdq": 200})
        with pytest.raises(InvalidInput):
            banks.create_bank(unit, name="x", legal_ground=GROUND, category="nonsense")


class Abandon(Exception):
    """Raised inside a unit to roll it back."""


def test_a_rolled_back_change_leaves_no_index_behind(feed: Feed) -> None:
    """A transaction that changed a bank and matched against its new version, then rolled back,
    must not leave that index cached for the version number the next change will be given."""
    bank = make_bank(feed, confirmed=True)
    add(feed, bank, "url_canonical", "https://phish.example/first")
    with pytest.raises(Abandon), feed.context.write(feed.actor) as unit:
        banks.add_entry(
            unit, bank, signal_type="url_canonical", signal="https://phish.example/gone"
        )
        post = monitoring.PostIn("u1", "user-u1", T0, "look", links=("https://phish.example/gone",))
        assert monitoring.ingest(unit, post, monitor=feed.monitor).action == "blocked"
        raise Abandon
    add(feed, bank, "url_canonical", "https://phish.example/kept")  # the same version number
    assert feed.post("a", "look", links=["https://phish.example/kept"]).action == "blocked"
    assert feed.post("b", "look", links=["https://phish.example/gone"]).action == "published"
    assert feed.post("c", "look", links=["https://phish.example/first"]).action == "blocked"


def test_two_transactions_changing_a_bank_get_two_versions(feed: Feed) -> None:
    """Each change moves the version in the database: where both wrote "the version read + 1",
    two sets of entries shared one version and a process that had cached the first never saw
    the second's entry (uploads of content judged by the second passed)."""
    if feed.context.settings.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: two changes cannot overlap")
    bank = make_bank(feed, confirmed=True)
    add(feed, bank, "url_canonical", "https://phish.example/first")
    assert feed.post("warm", "look", links=["https://phish.example/first"]).action == "blocked"
    with feed.context.write(feed.actor) as slow:
        # The bank as this transaction read it before the other change (a batch keeps its banks
        # loaded: ``banks.enabled_banks``) ...
        seen = banks.get_bank(slow, bank, write=True)
        assert seen.version == 1
        add(feed, bank, "url_canonical", "https://phish.example/one")  # ... commits
        # this process caches the index of the committed version now
        assert feed.post("x", "look", links=["https://phish.example/one"]).action == "blocked"
        banks.add_entry(slow, bank, signal_type="url_canonical", signal="https://phish.example/two")
        assert seen.version == 3
    with feed.context.read(feed.actor) as unit:
        assert banks.get_bank(unit, bank).version == 3  # created 0, then three entries
    assert feed.post("y", "look", links=["https://phish.example/two"]).action == "blocked"
    assert feed.post("z", "look", links=["https://phish.example/one"]).action == "blocked"


def test_two_imports_of_overlapping_lists_at_once_both_succeed(feed: Feed) -> None:
    """The later import waits for the earlier and finds the shared signal there (before: both
    found it missing and the later failed on the unique entry key)."""
    if feed.context.settings.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: two imports cannot overlap")
    bank = make_bank(feed, confirmed=True)
    first = "url https://phish.example/a\nurl https://phish.example/shared\n"
    second = "url https://phish.example/shared\nurl https://phish.example/b\n"
    reports: list[banks.BankImport] = []

    def import_second() -> None:
        with feed.context.write(feed.actor) as unit:
            reports.append(banks.import_entries(unit, bank, second))

    with feed.context.write(feed.actor) as unit:
        assert banks.import_entries(unit, bank, first).added == 2
        thread, errors = meanwhile(import_second)
        time.sleep(0.5)  # the other import gets as far as it can before this one commits
    thread.join(30)
    assert errors == []
    assert [(r.added, r.unchanged) for r in reports] == [(1, 1)]
    with feed.context.read(feed.actor) as unit:
        entries = banks.list_entries(unit, bank, status="active")
    assert sorted(e.signal.rsplit("/", 1)[1] for e in entries) == ["a", "b", "shared"]
