"""A small synthetic feed for ``lawbridge content replay`` tests: English and Chinese texts, PIL
images (a banned scene, its crop and mirror, another tile of a panorama), a short link through a
redirect, reshare chains, replies and counter-speech, and bad items. All invented."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from lawbridge.engines.signals.synthetic import apply_edit, make_panorama, make_scene

SCAM_ZH = "恭喜您获得本月幸运大奖，请立即加微信 lucky888 领取五千元现金红包，名额有限先到先得"
SCAM_ZH_TRAD = "恭喜您獲得本月幸運大獎，請立即加V信 lucky888 領取五千元現金紅包，名額有限先到先得"
SCAM_EN = (
    "Congratulations! You won the monthly lucky draw, add WeChat lucky888 to claim your "
    "$5000 cash prize now before the offer expires"
)
COUNTER = "别信！这种'请立即加微信领取'的都是骗子，大家小心"
TEMPLATE = "恭喜您获得本月优秀员工奖，请到人事部领取荣誉证书，下周一颁奖典礼"
INNOCENT_EN = "Lovely weather at the lake today, we had a picnic and watched the ducks"


def png(rgb: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb)).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class Feed:
    posts: Path
    media: Path
    redirects: Path
    banned: Path
    must_remove: set[str]
    must_keep: set[str]


def post(pid: str, ts: float, text: str = "", **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": pid,
        "author": f"user-{pid}",
        "ts": ts,
        "lang": "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en",
        "text": text,
        "image": None,
        "links": [],
        "reshare_of": None,
        "reply_to": None,
    }
    record.update(extra)
    return record


def write_feed(root: Path) -> Feed:
    media = root / "media"
    media.mkdir()
    scene = make_scene(21)
    left, right = make_panorama(22)
    (media / "banned.png").write_bytes(png(scene))
    (media / "crop.png").write_bytes(apply_edit(scene, "crop5", seed=1))
    (media / "mirror.png").write_bytes(apply_edit(scene, "mirror"))
    (media / "left.png").write_bytes(png(left))
    (media / "right.png").write_bytes(png(right))
    (media / "broken.png").write_bytes(png(scene)[:200])
    posts = [
        post("p01", 1, INNOCENT_EN),
        post("p02", 2, SCAM_ZH_TRAD),  # near-copy stored before the decision
        post("p03", 3, "转发一下", reshare_of="p02"),
        post("p04", 4, "", reshare_of="p03"),
        post("p05", 5, COUNTER, reply_to="p02"),  # counter-speech reply: kept
        post("p06", 5, TEMPLATE),  # same template, other details: kept
        post("p07", 6, "看看这个", image="crop.png"),  # crop of the banned photo, before
        post("p08", 6, "my holiday", image="right.png"),  # another tile: kept
        post("p09", 7, "Win big: " + SCAM_EN),  # English near-copy before
        post("p10", 8, "click", links=["https://sho.rt/xyz"]),  # same target, other short link
        post("p11", 10, SCAM_ZH),  # banned (text)
        post("p12", 11, "快看 " + SCAM_ZH + " 真的假的"),  # embedded: blocked at upload
        post("p13", 12, "", reshare_of="p11"),  # reshare of a removed post: blocked
        post("p14", 13, "nice view", image="banned.png"),  # banned (image)
        post("p15", 14, "wow", image="mirror.png"),  # mirror after: blocked
        post("p16", 15, "left side", image="left.png"),  # the other tile: kept
        post("p17", 16, "login here", links=["https://sho.rt/abc"]),  # banned (link)
        post("p18", 17, "again", links=["http://www.phish.example/login?utm_source=x"]),
        post("p19", 18, SCAM_EN),  # banned (English text)
        post("p20", 19, "Did you win the monthly lucky draw? No, I never enter those."),
        post("p21", 20, "broken image", image="broken.png"),  # kept without its image
        post("p22", 21, "orphan", reshare_of="nope"),  # unknown parent: kept without the link
    ]
    lines = [json.dumps(p, ensure_ascii=False).encode() for p in posts]
    lines.insert(3, b'{"id": "bad", "text": "\xff\xfe not utf-8"}')
    lines.append(json.dumps(post("p01", 30, "duplicate id")).encode())
    lines.append(b"{not json")
    lines.append(
        b'{"id": "lone", "ts": 31, "author": "u9", "text": "half a pair \\udc80 of surrogates"}'
    )
    posts_path = root / "posts.jsonl"
    posts_path.write_bytes(b"\n".join(lines) + b"\n")
    redirects = root / "redirects.jsonl"
    redirects.write_text(
        "\n".join(
            json.dumps(r)
            for r in (
                {"short": "https://sho.rt/abc", "target": "https://phish.example/login"},
                {"short": "https://sho.rt/xyz", "target": "https://m.phish.example/login/"},
            )
        )
        + "\n",
        encoding="utf-8",
    )
    banned = root / "banned.json"
    rows = [
        {"post_id": "p11", "modality": "text", "category": "scam", "statement": "prize scam"},
        {"post_id": "p14", "modality": "image", "category": "counterfeit", "statement": "fake"},
        {"post_id": "p17", "modality": "link", "category": "phishing", "statement": "phishing"},
        {"post_id": "p19", "modality": "text", "category": "scam", "statement": "prize scam"},
    ]
    banned.write_text(json.dumps({"banned": rows}), encoding="utf-8")
    remove = {"p02", "p03", "p04", "p07", "p09", "p10", "p11", "p12", "p13", "p14", "p15"}
    remove |= {"p17", "p18", "p19"}
    keep = {"p01", "p05", "p06", "p08", "p16", "p20", "p21", "p22"}
    return Feed(posts_path, media, redirects, banned, remove, keep)
