#!/usr/bin/env python3
# ruff: noqa: T201 - command-line scripts report on stdout
"""Synthetic bilingual content feed for the stop-the-spread benchmark (issue 5). See README.md.

  python bench/content/make_feed.py --seed N --posts 20000 --out DIR

Writes, in the shapes of ``lawbridge content replay``'s CLI contract:

* ``DIR/posts.jsonl`` — ``{"id", "author", "ts", "lang", "text", "image", "links", "reshare_of",
  "reply_to"}``, in ``ts`` order but for a few displaced and duplicated lines (bad input);
* ``DIR/media/`` — one image file per image post (PNG, JPEG; a few corrupt or missing);
* ``DIR/redirects.jsonl`` — ``{"short", "target"}`` for every short link used;
* ``DIR/banned.json`` — ``{"banned": [{"post_id", "modality", "category", "statement"}]}``;
* ``DIR/truth.jsonl`` — per post id: ``must_remove``, ``kind`` (seed, copy, near_copy, reshare,
  hard_negative, innocent), the seed it derives from, the edit and its seed (so the edit can be
  redone), the reshare root and depth, the phase (before/after the judgement), the hard-negative
  kind and the overlap with the seed's text, and any ``bad_input`` labels.

Labels come from construction only; nothing here runs a matcher. The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from feed_builder import Feed  # noqa: E402

START = datetime(2026, 3, 1, tzinfo=UTC)


def iso(ts: int) -> str:
    return (START + timedelta(seconds=ts)).strftime("%Y-%m-%dT%H:%M:%SZ")


def write(feed: Feed, out: Path) -> dict[str, Any]:
    """Assign ids in ``ts`` order, rename media, add displaced/duplicate lines; write the files."""
    items = sorted(feed.items, key=lambda it: (it.ts, it.key))
    ids = {it.key: f"p{i + 1:07d}" for i, it in enumerate(items)}
    media = out / "media"
    rows: list[str] = []
    truth: list[dict[str, Any]] = []
    for it in items:
        pid = ids[it.key]
        image = None
        if it.image_tmp is not None:
            image = f"{pid}{it.image_tmp.suffix}"
            if it.image_tmp.exists():
                it.image_tmp.rename(media / image)
        post = {
            "id": pid,
            "author": it.author,
            "ts": iso(it.ts),
            "lang": it.lang,
            "text": it.text,
            "image": image,
            "links": it.links,
            "reshare_of": _ref(it.reshare_of, ids),
            "reply_to": _ref(it.reply_to, ids),
        }
        ascii_only = "lone_surrogate" in it.bad
        rows.append(json.dumps(post, ensure_ascii=ascii_only))
        label = {"id": pid, "lang": it.lang, **_resolve(it.truth, ids)}
        if it.bad:
            label["bad_input"] = list(it.bad)
        truth.append(label)
    rows = _disorder(rows, truth, random.Random(feed.seed + 1))
    (out / "posts.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _jsonl(out / "truth.jsonl", truth)
    _jsonl(out / "redirects.jsonl", feed.redirects)
    banned = [{**b, "post_id": ids[b["post_id"]]} for b in feed.banned]
    (out / "banned.json").write_text(
        json.dumps({"banned": banned}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return summary(truth, banned, len(rows))


def _ref(value: int | str | None, ids: dict[int, str]) -> str | None:
    return ids[value] if isinstance(value, int) else value


def _resolve(truth: dict[str, Any], ids: dict[int, str]) -> dict[str, Any]:
    return {k: ids[v] if k in ("seed", "root", "parent", "closest_seed") and isinstance(v, int) else v
            for k, v in truth.items()}  # fmt: skip


def _disorder(rows: list[str], truth: list[dict[str, Any]], rng: random.Random) -> list[str]:
    """Displace a few lines (out-of-order timestamps) and repeat a few (duplicate lines)."""
    n = len(rows)
    by_id = {t["id"]: t for t in truth}
    for _ in range(max(3, n // 1000)):
        i = rng.randrange(n)
        j = min(n - 1, max(0, i + rng.choice([-1, 1]) * rng.randint(5, 50)))
        row = rows.pop(i)
        rows.insert(j, row)
        by_id[json.loads(row)["id"]].setdefault("bad_input", []).append("out_of_order_line")
    for _ in range(max(2, n // 2000)):
        i = rng.randrange(n)
        rows.insert(min(len(rows), i + rng.randint(1, 30)), rows[i])
        by_id[json.loads(rows[i])["id"]].setdefault("bad_input", []).append("duplicate_line")
    return rows


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def summary(
    truth: list[dict[str, Any]], banned: list[dict[str, Any]], lines: int
) -> dict[str, Any]:
    kinds: dict[str, int] = {}
    hard: dict[str, int] = {}
    for t in truth:
        kinds[t["kind"]] = kinds.get(t["kind"], 0) + 1
        if t["kind"] == "hard_negative":
            hard[t["hard_negative"]] = hard.get(t["hard_negative"], 0) + 1
    return {
        "posts": len(truth),
        "lines": lines,
        "must_remove": sum(t["must_remove"] for t in truth),
        "banned": len(banned),
        "kinds": kinds,
        "hard_negatives": hard,
        "zh": sum(t["lang"] == "zh" for t in truth),
        "with_image": None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seed", type=int, default=20260301)
    ap.add_argument("--posts", type=int, default=20_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--no-bad-input", action="store_true", help="leave out every bad-input item")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "media").mkdir(exist_ok=True)
    feed = Feed(args.seed, args.posts, args.out / "media", bad_input=not args.no_bad_input)
    feed.build()
    info = write(feed, args.out)
    info["with_image"] = feed.image_posts
    print(json.dumps(info, ensure_ascii=False))


if __name__ == "__main__":
    main()
