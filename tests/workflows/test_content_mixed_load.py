"""Uploads, decisions and appeals from several threads at once (PostgreSQL): no deadlock, no error
but the refusals a person could meet one at a time, and the takedowns agree with the posts.

The scenarios of ``test_content_at_once.py`` each pin one interleaving; this one lets the
scheduler pick many: three uploaders (copies, near-copies, reshares and innocent posts), two
moderators judging posts as they come, and a reviewer filing and upholding appeals (some finding
the decision wrong), all against one provider, bounded in count (about 2 s). With ``takedowns.hold_posts`` taken out,
each of three runs failed: a post taken down twice; two decisions adding one signal to the
decisions bank (a unique-key violation); a deadlock between two decisions' post updates.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from lawbridge.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from lawbridge.store.content_models import ContentPost, ContentTakedown
from lawbridge.workflows import appeals, monitoring, takedowns
from lawbridge.workflows.unit import Context
from tests.conftest import World
from tests.workflows.content_helpers import SCAM_ZH, SCAM_ZH_TRAD, T0, Feed, build_world_feed

# What a person could meet doing the same steps one after another (a post already down, an
# appeal already decided or open, an empty reshare to judge): anything else (a deadlock, an
# integrity error) fails the test.
EXPECTED = (InvalidTransition, Conflict, NotFound, InvalidInput)
TEXTS = (
    SCAM_ZH,
    SCAM_ZH_TRAD,
    "朋友转发给我：" + SCAM_ZH,
    "今天天气很好，我们去公园散步吧，顺便买点水果",
)


@pytest.fixture
def feed(context: Context, world: World) -> Feed:
    if context.settings.is_sqlite:
        pytest.skip("SQLite runs one writer at a time: nothing overlaps")
    built = Feed(context, world.provider["admin"].actor)
    build_world_feed(built)
    return built


class Load:
    def __init__(self, feed: Feed) -> None:
        self.feed = feed
        self.lock = threading.Lock()
        self.posts: list[str] = list(feed.ids.values())
        self.unexpected: list[BaseException] = []
        self.refused: Counter[str] = Counter()

    def step(self, work: Callable[[], object]) -> None:
        try:
            work()
        except EXPECTED as exc:
            with self.lock:
                self.refused[type(exc).__name__] += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            with self.lock:
                self.unexpected.append(exc)

    def upload(self, worker: int, n: int) -> None:
        rng = random.Random(worker)
        for i in range(n):
            with self.lock:
                parent = rng.choice(self.posts) if rng.random() < 0.3 else None
            post = monitoring.PostIn(
                external_id=f"w{worker}-{i}",
                author=f"user-{worker}-{i % 3}",
                posted_at=T0 + timedelta(days=1, seconds=i),
                text=rng.choice(TEXTS) if parent is None else "转发",
                lang="zh",
            )

            def ingest(post: monitoring.PostIn = post, parent: str | None = parent) -> None:
                with self.feed.context.write(self.feed.actor) as unit:
                    if parent is not None:  # a reshare names its parent by external id
                        by_id = select(ContentPost.external_id).where(ContentPost.id == parent)
                        shown = unit.session.scalars(by_id).one()
                        post = replace(post, reshare_of=shown)
                    stored = monitoring.ingest(unit, post, monitor=self.feed.monitor).post.id
                with self.lock:
                    self.posts.append(stored)

            self.step(ingest)

    def moderate(self, seed: int, n: int) -> None:
        rng = random.Random(seed)
        for _ in range(n):
            with self.lock:
                post_id = rng.choice(self.posts)

            def judge(post_id: str = post_id) -> None:
                with self.feed.context.write(self.feed.actor) as unit:
                    takedowns.decide(
                        unit,
                        post_id,
                        category="scam",
                        legal_ground="Cybersecurity Law of the PRC, Art. 47",
                        explanation="prize scam",
                    )

            self.step(judge)

    def review(self, n: int) -> None:
        rng = random.Random(200)
        for _ in range(n):
            with self.feed.context.read(self.feed.actor) as unit:
                active = takedowns.list_takedowns(unit, state="active", limit=1000)
            if not active:
                continue
            takedown_id = rng.choice(active).id
            wrong = rng.random() < 0.3

            def appeal(takedown_id: str = takedown_id, wrong: bool = wrong) -> None:
                with self.feed.context.write(self.feed.actor) as unit:
                    filed = appeals.file_appeal(unit, takedown_id, reason="mine")
                with self.feed.context.write(self.feed.actor) as unit:
                    appeals.decide(unit, filed.id, upheld=True, reason="fine", decision_wrong=wrong)

            self.step(appeal)


def test_uploads_decisions_and_appeals_at_once_leave_takedowns_and_posts_in_agreement(
    feed: Feed,
) -> None:
    load = Load(feed)
    threads = [threading.Thread(target=load.upload, args=(w, 25)) for w in range(3)]
    threads += [threading.Thread(target=load.moderate, args=(seed, 15)) for seed in (100, 101)]
    threads += [threading.Thread(target=load.review, args=(8,))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(240)
    assert not any(thread.is_alive() for thread in threads)
    assert load.unexpected == []
    with feed.context.read(feed.actor) as unit:
        states = dict(
            unit.session.execute(
                select(ContentPost.id, ContentPost.state).where(
                    ContentPost.party_id == feed.actor.party_id
                )
            ).all()
        )
        active = Counter(
            unit.session.scalars(
                select(ContentTakedown.post_id).where(ContentTakedown.state == "active")
            )
        )
    assert len(states) == len(feed.ids) + 75  # every upload stored
    assert [post for post, n in active.items() if n > 1] == []  # none taken down twice
    down = {post for post, state in states.items() if state in ("taken_down", "blocked")}
    assert down == set(active)  # down exactly when an active takedown says why
    assert down  # the load did take posts down
