"""Helpers for the content monitoring tests: a feed of posts ingested through the workflows."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
from PIL import Image
from sqlalchemy import select

from lawbridge.domain.actor import Actor
from lawbridge.engines.signals.synthetic import apply_edit, make_panorama, make_scene
from lawbridge.store.content_models import ContentPost
from lawbridge.workflows import monitoring
from lawbridge.workflows.unit import Context

SCHEMA = Path(__file__).resolve().parents[3] / "shared/external/dsa-sor/statement.schema.json"
if not SCHEMA.exists():  # a clone outside the workplace (CI): the shared tree stays in place
    SCHEMA = Path("/work/shared/external/dsa-sor/statement.schema.json")
T0 = datetime(2026, 11, 1, tzinfo=UTC)
SCAM_ZH = "恭喜您获得本月幸运大奖，请立即加微信 lucky888 领取五千元现金红包，名额有限先到先得"
SCAM_ZH_TRAD = "恭喜您獲得本月幸運大獎，請立即加V信 lucky888 領取五千元現金紅包，名額有限先到先得"
COUNTER = "别信！这种'请立即加微信领取'的都是骗子，大家小心"
TEMPLATE = "恭喜您获得本月优秀员工奖，请到人事部领取荣誉证书，下周一颁奖典礼"
REDIRECTS = {"https://sho.rt/abc": "https://phish.example/login"}


def dsa_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def png(rgb: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb)).save(buffer, "PNG")
    return buffer.getvalue()


SCENE = make_scene(31)
LEFT, RIGHT = make_panorama(32)
IMAGES = {
    "banned": png(SCENE),
    "crop": apply_edit(SCENE, "crop5", seed=3),
    "mirror": apply_edit(SCENE, "mirror"),
    "tile": png(RIGHT),
}


class Feed:
    """Ingests posts for one actor; ``ids`` maps external ids to stored post ids."""

    def __init__(self, context: Context, actor: Actor, redirects: dict[str, str] | None = None):
        self.context, self.actor = context, actor
        self.monitor = monitoring.Monitor(redirects if redirects is not None else REDIRECTS)
        self.ids: dict[str, str] = {}
        self.clock = 0

    def post(self, pid: str, text: str = "", **extra: Any) -> monitoring.IngestResult:
        self.clock += 1
        image = extra.pop("image", None)
        post = monitoring.PostIn(
            external_id=pid,
            author=extra.pop("author", f"user-{pid}"),
            posted_at=T0 + timedelta(minutes=self.clock),
            text=text,
            lang=extra.pop("lang", "zh"),
            image=IMAGES[image] if isinstance(image, str) else image,
            links=tuple(extra.pop("links", ())),
            **extra,
        )
        with self.context.write(self.actor) as unit:
            result = monitoring.ingest(unit, post, monitor=self.monitor)
            unit.session.flush()
            self.ids[pid] = result.post.id
        return result

    def states(self) -> dict[str, str]:
        with self.context.read(self.actor) as unit:
            rows = unit.session.execute(
                select(ContentPost.external_id, ContentPost.state).where(
                    ContentPost.party_id == self.actor.party_id
                )
            )
            return {str(k): str(v) for k, v in rows}


def build_world_feed(feed: Feed) -> None:
    """Copies, near-copies, reshares, replies, counter-speech, images and links, all stored
    before any decision."""
    feed.post("copy", SCAM_ZH_TRAD)
    feed.post("embedded", "朋友转发给我：" + SCAM_ZH + "。大家看看是真的吗")
    feed.post("reshare1", "转发", reshare_of="copy")
    feed.post("reshare2", "", reshare_of="reshare1")
    feed.post("reply", COUNTER, reply_to="copy")
    feed.post("reshare-of-reply", "", reshare_of="reply")
    feed.post("template", TEMPLATE)
    feed.post("crop", "看看", image="crop")
    feed.post("tile", "风景", image="tile")
    feed.post("short", "click", links=["https://sho.rt/abc"])
    feed.post("judged", SCAM_ZH, image="banned", links=["https://phish.example/login"])


COPIES = {"copy", "embedded", "reshare1", "reshare2", "crop", "short"}
INNOCENT = {"reply", "reshare-of-reply", "template", "tile"}
