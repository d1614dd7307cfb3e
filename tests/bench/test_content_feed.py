"""The synthetic content feed (bench/content/make_feed.py) and its scorer (bench/content/scoring.py).

The generator is deterministic for a seed; every must-remove post is reachable from a banned seed by
the documented edit (redone here from the truth row's edit name and edit seed) or reshare chain;
hard negatives and bad input are labelled; the files follow ``lawbridge content replay``'s contract.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pytest
from PIL import Image

CONTENT = Path(__file__).resolve().parents[2] / "bench" / "content"
sys.path.insert(0, str(CONTENT))

import make_feed  # noqa: E402
from feed_builder import Feed  # noqa: E402
from feed_edits import link_edit, text_edit  # noqa: E402
from scoring import score  # noqa: E402

from lawbridge.engines.signals.synthetic import apply_edit  # noqa: E402

FIELDS = {"id", "author", "ts", "lang", "text", "image", "links", "reshare_of", "reply_to"}
HARD = {
    "same_template", "same_vocabulary", "counter_speech", "reply", "other_tile", "same_caption",
    "same_stock_image", "link_same_host", "link_same_shortener",
}  # fmt: skip
BAD = {"corrupt_image", "missing_image", "unknown_parent", "lone_surrogate", "duplicate_line",
       "out_of_order_line", "duplicate_ts"}  # fmt: skip


def generate(out: Path, seed: int, posts: int = 400) -> Path:
    (out / "media").mkdir(parents=True)
    feed = Feed(seed, posts, out / "media")
    feed.build()
    make_feed.write(feed, out)
    return out


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


class Loaded:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.lines = (root / "posts.jsonl").read_text(encoding="utf-8").splitlines()
        self.rows = [json.loads(line) for line in self.lines]
        self.posts = {p["id"]: p for p in self.rows}
        self.truth = {t["id"]: t for t in map(json.loads, read_lines(root / "truth.jsonl"))}
        self.redirects = [json.loads(line) for line in read_lines(root / "redirects.jsonl")]
        self.short = {r["short"]: r["target"] for r in self.redirects}
        self.banned = json.loads((root / "banned.json").read_text(encoding="utf-8"))

    def image(self, pid: str) -> bytes:
        return (self.root / "media" / self.posts[pid]["image"]).read_bytes()


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    return Loaded(generate(tmp_path_factory.mktemp("feed"), 7))


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return h.hexdigest()


def test_same_seed_same_files_other_seed_other_files(feed: Loaded, tmp_path: Path) -> None:
    assert digest(generate(tmp_path / "again", 7)) == digest(feed.root)
    other = Loaded(generate(tmp_path / "other", 8))
    assert other.lines != feed.lines


def test_files_follow_the_cli_contract(feed: Loaded) -> None:
    assert set(feed.posts) == set(feed.truth)
    for p in feed.rows:
        assert set(p) == FIELDS
        assert (
            isinstance(p["text"], str)
            and p["lang"] in ("zh", "en")
            and isinstance(p["author"], str)
        )
        assert datetime.fromisoformat(p["ts"].replace("Z", "+00:00")).tzinfo is not None
        assert isinstance(p["links"], list) and all(isinstance(u, str) for u in p["links"])
        bad = feed.truth[p["id"]].get("bad_input", [])
        if p["image"] is not None and "missing_image" not in bad:
            assert (feed.root / "media" / p["image"]).is_file()
        for ref in (p["reshare_of"], p["reply_to"]):
            assert ref is None or ref in feed.posts or "unknown_parent" in bad
    assert all(set(r) == {"short", "target"} for r in feed.redirects)
    assert set(feed.banned) == {"banned"}
    for b in feed.banned["banned"]:
        assert set(b) == {"post_id", "modality", "category", "statement"}
        assert b["modality"] in ("text", "image", "link") and b["post_id"] in feed.posts
        assert feed.truth[b["post_id"]]["kind"] == "seed"
    assert {b["modality"] for b in feed.banned["banned"]} == {"text", "image", "link"}


def resolve(feed: Loaded, url: str) -> tuple[str, int]:
    hops = 0
    while url in feed.short:
        url, hops = feed.short[url], hops + 1
    return url, hops


def redo(feed: Loaded, pid: str, t: dict[str, Any]) -> None:
    """Redo the documented edit of a copy from its seed and compare with the post."""
    seed, post = feed.posts[t["seed"]], feed.posts[pid]
    edit, es = t["edit"], t["edit_seed"]
    if t["modality"] == "text":
        expected = (
            seed["text"] if edit == "exact" else text_edit(seed["text"], seed["lang"], edit, es)
        )
        assert post["text"] == expected
    elif t["modality"] == "image":
        original = feed.image(t["seed"])
        rgb = np.asarray(Image.open(io.BytesIO(original)).convert("RGB"))
        assert feed.image(pid) == (original if edit == "exact" else apply_edit(rgb, edit, seed=es))
    else:
        (link,), (url,) = post["links"], seed["links"]
        if edit in ("short", "short_chain"):
            target, hops = resolve(feed, link)
            assert hops == (1 if edit == "short" else 2)
            assert target in (url, link_edit(url, "tracking", es))
        else:
            assert link == (url if edit == "exact" else link_edit(url, edit, es))


def test_every_must_remove_post_is_reachable_from_a_banned_seed(feed: Loaded) -> None:
    banned = {b["post_id"]: b["modality"] for b in feed.banned["banned"]}
    kinds = set()
    for pid, t in feed.truth.items():
        if not t["must_remove"]:
            continue
        kinds.add(t["kind"])
        assert banned[t["seed"]] == t["modality"]
        seed_ts = feed.posts[t["seed"]]["ts"]
        if t["kind"] == "seed":
            assert pid == t["seed"] and t["phase"] == "judged"
            continue
        assert t["phase"] == ("before" if feed.posts[pid]["ts"] < seed_ts else "after")
        if t["kind"] in ("copy", "near_copy"):
            assert (t["edit"] == "exact") == (t["kind"] == "copy")
            redo(feed, pid, t)
        else:
            assert t["kind"] == "reshare"
            node = pid
            for _ in range(t["depth"]):
                node = feed.posts[node]["reshare_of"]
            assert node == t["root"]
            root = feed.truth[node]
            assert root["must_remove"] and root["seed"] == t["seed"] and root["kind"] != "reshare"
    assert kinds == {"seed", "copy", "near_copy", "reshare"}
    assert any(t.get("phase") == "before" for t in feed.truth.values())
    assert any(t.get("phase") == "after" for t in feed.truth.values())


def test_hard_negatives_are_labelled_and_are_not_copies(feed: Loaded) -> None:
    banned_texts = {
        feed.posts[b["post_id"]]["text"] for b in feed.banned["banned"] if b["modality"] == "text"
    }
    hard = {pid: t for pid, t in feed.truth.items() if t["kind"] == "hard_negative"}
    assert {t["hard_negative"] for t in hard.values()} == HARD
    for pid, t in hard.items():
        post, seed = feed.posts[pid], feed.posts[t["seed"]]
        assert t["must_remove"] is False
        kind = t["hard_negative"]
        if kind in ("same_template", "same_vocabulary", "counter_speech"):
            assert post["text"] not in banned_texts and post["image"] is None and not post["links"]
            assert 0 <= t["overlap"] <= t["max_overlap"] < 1
            assert feed.truth[t["closest_seed"]]["kind"] == "seed"
            assert feed.truth[t["closest_seed"]]["modality"] == "text"
        if kind == "counter_speech":
            assert t["quoted_share"] <= 0.3
        if kind == "reply":
            assert post["reply_to"] == t["parent"] and feed.truth[t["parent"]]["must_remove"]
        if kind in ("other_tile", "same_stock_image", "same_caption") and post["image"]:
            assert t["modality"] != "image" or feed.image(pid) != feed.image(t["seed"])
        if kind == "link_same_host":
            assert urlsplit(post["links"][0]).netloc == urlsplit(seed["links"][0]).netloc
            assert post["links"][0] != seed["links"][0]
        if kind == "link_same_shortener":
            assert resolve(feed, post["links"][0])[0] != seed["links"][0]
    for pid, t in feed.truth.items():
        if not t["must_remove"] and feed.posts[pid]["reshare_of"] in feed.truth:
            assert not feed.truth[feed.posts[pid]["reshare_of"]]["must_remove"]


def test_bad_input_is_present_and_labelled(feed: Loaded) -> None:
    labels: dict[str, set[str]] = {}
    for pid, t in feed.truth.items():
        for b in t.get("bad_input", []):
            assert b in BAD
            labels.setdefault(b, set()).add(pid)
    assert set(labels) == BAD
    for pid in labels["corrupt_image"]:
        with pytest.raises(OSError):
            Image.open(io.BytesIO(feed.image(pid))).load()
    assert any(feed.truth[pid]["must_remove"] for pid in labels["corrupt_image"])
    assert all(
        not (feed.root / "media" / feed.posts[p]["image"]).exists() for p in labels["missing_image"]
    )
    for pid in labels["lone_surrogate"]:
        with pytest.raises(UnicodeEncodeError):
            feed.posts[pid]["text"].encode("utf-8")
    ids = [p["id"] for p in feed.rows]
    assert {i for i in ids if ids.count(i) > 1} == labels["duplicate_line"]
    for prev, row in zip(feed.rows, feed.rows[1:], strict=False):
        if row["ts"] < prev["ts"]:
            moved = labels["out_of_order_line"] | labels["duplicate_line"]
            assert prev["id"] in moved or row["id"] in moved


def test_scoring_counts_recall_false_takedowns_and_edits() -> None:
    truth = [
        {"id": "s", "lang": "zh", "must_remove": True, "kind": "seed", "modality": "text", "category": "scam",
         "seed": "s", "phase": "judged"},
        {"id": "c", "lang": "zh", "must_remove": True, "kind": "near_copy", "modality": "text", "category": "scam",
         "seed": "s", "edit": "zero_width", "edit_seed": 1, "phase": "before"},
        {"id": "r", "lang": "en", "must_remove": True, "kind": "reshare", "modality": "text", "category": "scam",
         "seed": "s", "root": "c", "root_kind": "near_copy", "depth": 1, "phase": "after"},
        {"id": "h", "lang": "zh", "must_remove": False, "kind": "hard_negative", "hard_negative": "same_template",
         "seed": "s", "modality": "text", "overlap": 0.6},
        {"id": "i", "lang": "en", "must_remove": False, "kind": "innocent", "sub": "chatter"},
    ]  # fmt: skip
    s = score(truth, {"s", "c", "h", "zzz"})
    assert s["recall"] == pytest.approx(2 / 3)
    assert s["false_takedowns"] == 1 and s["false_takedown_rate"] == 0.5
    assert s["hard_negative_false_rate"] == 1.0
    assert s["per_edit"]["text:zero_width"]["rate"] == 1.0
    assert s["per_edit"]["reshare:depth1"]["rate"] == 0.0
    assert s["ids_not_in_feed"] == ["zzz"]
    assert s["missed_examples"]["reshare:depth1"][0]["id"] == "r"
    assert "same_template" in s["false_examples"]
