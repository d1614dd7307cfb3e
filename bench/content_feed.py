"""Synthetic feed for ``lawbridge content replay`` throughput runs (all content invented).

    python bench/content_feed.py OUT_DIR --posts 20000 [--images 0.0] [--seed 1]

writes OUT_DIR/{posts.jsonl, redirects.jsonl, banned.json, media/}: English and Chinese posts from
templates with random details, 40 banned seeds (scam texts, links, images when --images > 0),
near-copies (case, traditional characters, V信, spacing, embedding in a longer post), reshare
chains up to 4 deep, replies and counter-speech quoting a fragment. Then time the replay:

    time lawbridge content replay --posts OUT/posts.jsonl --media-dir OUT/media \\
        --redirects OUT/redirects.jsonl --banned OUT/banned.json -o OUT/taken.txt
"""

from __future__ import annotations

import argparse
import io
import json
import random
from pathlib import Path

import numpy as np
from PIL import Image

from lawbridge.engines.signals.synthetic import apply_edit, make_scene

ZH = ["恭喜", "您", "获得", "本月", "幸运", "大奖", "请", "立即", "加", "微信", "领取", "现金", "红包",
      "名额", "有限", "先到", "先得", "今天", "天气", "很好", "我们", "去", "公园", "散步", "朋友",
      "晚饭", "电影", "学习", "工作", "周末", "旅行", "照片", "分享", "新闻", "城市", "地铁"]  # fmt: skip
EN = ["the", "a", "we", "went", "to", "park", "today", "weather", "is", "lovely", "friends",
      "dinner", "movie", "study", "work", "weekend", "trip", "photo", "share", "news", "city",
      "train", "coffee", "morning", "evening", "music", "book", "garden", "lake", "river"]  # fmt: skip


def sentence(rng: random.Random, zh: bool, n: int) -> str:
    words = [rng.choice(ZH if zh else EN) for _ in range(n)]
    return ("".join(words) + "。") if zh else (" ".join(words).capitalize() + ".")


def scam(rng: random.Random, k: int, zh: bool) -> str:
    if zh:
        return (f"恭喜您获得第{k}期幸运大奖，请立即加微信 lucky{k:03d} 领取{rng.randint(2, 9)}千元"
                f"现金红包，名额有限先到先得，错过不再有")  # fmt: skip
    return (f"Congratulations! You won lucky draw number {k}, add WeChat lucky{k:03d} to claim "
            f"your ${rng.randint(2, 9)}000 cash prize now, limited places, first come first served")  # fmt: skip


def variant(text: str, rng: random.Random) -> str:
    edits = [
        lambda t: t.upper(),
        lambda t: t.replace("微信", "V信").replace("WeChat", "w e c h a t"),
        lambda t: "转给大家看看：" + t + " 真的吗？",
        lambda t: t.replace("领取", "領取").replace("红包", "紅包"),
        lambda t: t + " " + sentence(rng, False, 6),
    ]
    return rng.choice(edits)(text)


def png(rgb: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "PNG")
    return buffer.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--posts", type=int, default=20000)
    ap.add_argument("--images", type=float, default=0.0, help="share of posts with an image")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    media = args.out / "media"
    media.mkdir(parents=True, exist_ok=True)
    posts: list[dict[str, object]] = []
    banned: list[dict[str, str]] = []
    seeds = [(k, scam(rng, k, k % 2 == 0)) for k in range(40)]
    redirects = [{"short": f"https://sho.rt/s{k}", "target": f"https://phish{k}.example/login"}
                 for k in range(40)]  # fmt: skip
    for i in range(args.posts):
        pid, zh = f"p{i:07d}", rng.random() < 0.5
        record: dict[str, object] = {"id": pid, "author": f"u{rng.randint(1, 5000)}", "ts": i,
                                     "lang": "zh" if zh else "en", "text": sentence(rng, zh, 12),
                                     "image": None, "links": [], "reshare_of": None, "reply_to": None}  # fmt: skip
        roll = rng.random()
        k, text = rng.choice(seeds)
        if roll < 0.04:
            record["text"] = variant(text, rng)
        elif roll < 0.05 and posts:
            record["reshare_of"] = posts[rng.randrange(max(0, len(posts) - 200), len(posts))]["id"]
        elif roll < 0.06 and posts:
            record["reply_to"] = posts[-1]["id"]
            record["text"] = (
                "别信！'加微信领取'都是骗子" if zh else "Don't trust 'add WeChat to claim'"
            )
        elif roll < 0.065:
            record["links"] = [f"https://sho.rt/s{k}" if rng.random() < 0.5 else f"https://phish{k}.example/login?utm_source=x"]  # fmt: skip
        if rng.random() < args.images:
            scene = make_scene(rng.randint(0, 60))
            name = f"{pid}.png"
            edit = rng.choice(["resize", "crop5", "mirror", "jpeg40", "overlay"])
            (media / name).write_bytes(
                apply_edit(scene, edit, seed=i) if rng.random() < 0.5 else png(scene)
            )
            record["image"] = name
        posts.append(record)
    for _k, text in seeds:
        at = rng.randrange(len(posts) // 4, len(posts))
        posts[at]["text"] = text
        banned.append({"post_id": str(posts[at]["id"]), "modality": "text", "category": "scam",
                       "statement": "prize scam"})  # fmt: skip
    with (args.out / "posts.jsonl").open("w", encoding="utf-8") as out:
        for record in posts:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    with (args.out / "redirects.jsonl").open("w", encoding="utf-8") as out:
        for row in redirects:
            out.write(json.dumps(row) + "\n")
    (args.out / "banned.json").write_text(json.dumps({"banned": banned}), encoding="utf-8")


if __name__ == "__main__":
    main()
