"""Assembles the synthetic feed (see make_feed.py and README.md): seeds, copies, reshares, hard
negatives, background and bad input, each with its truth label written as it is built."""

from __future__ import annotations

import io
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pdqhash
from feed_edits import (
    LINK_EDITS,
    applicable,
    fragment,
    link_edit,
    overlap,
    text_edit,
    to_traditional,
)
from feed_texts import (
    CAPTIONS,
    CHATTER,
    COUNTER,
    HOSTS_INNOCENT,
    HOSTS_SHARED,
    PATH_WORDS,
    REPLIES,
    RESHARE_COMMENTS,
    SAME_VOCAB,
    SCAM,
    SHORTENERS,
    TEASERS,
    fill,
    phishing_host,
    token,
)
from PIL import Image

from lawbridge.engines.signals.synthetic import EDITS, apply_edit, make_panorama, make_scene

DAYS = 30
SPAN = DAYS * 86_400
CATEGORIES = ("scam", "phishing", "counterfeit")
Key = int


@dataclass
class Item:
    key: Key
    ts: int
    author: str
    lang: str
    text: str
    truth: dict[str, Any]
    image_tmp: Path | None = None
    links: list[str] = field(default_factory=list)
    reshare_of: Key | str | None = None
    reply_to: Key | str | None = None
    bad: list[str] = field(default_factory=list)


@dataclass
class Seed:
    item: Item
    modality: str
    category: str
    content: Any  # text, RGB array or URL
    members: list[Item] = field(default_factory=list)  # seed + copies (reshare roots)


def encode(rgb: np.ndarray[Any, Any], fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    return buf.getvalue()


class Feed:
    def __init__(self, seed: int, posts: int, media: Path, *, bad_input: bool = True) -> None:
        self.seed, self.posts, self.media, self.bad_input = seed, posts, media, bad_input
        self.rng = random.Random(seed)
        self.items: list[Item] = []
        self.redirects: list[dict[str, str]] = []
        self.banned: list[dict[str, Any]] = []
        self.seeds: list[Seed] = []
        self.image_posts = 0
        self._shorts: set[str] = set()
        self._bg_images: list[bytes] = []
        self._scene = 0
        self.authors = [f"u{self.rng.randrange(10**6):06d}" for _ in range(max(200, posts // 6))]

    # ------------------------------------------------------------------------------- primitives

    def add(self, ts: int, lang: str, text: str, truth: dict[str, Any], **kw: Any) -> Item:
        author = kw.pop("author", None) or self.rng.choice(self.authors)
        item = Item(len(self.items), max(0, ts), author, lang, text, truth, **kw)
        self.items.append(item)
        return item

    def image_file(self, data: bytes) -> Path:
        ext = ".jpg" if data[:3] == b"\xff\xd8\xff" else ".png"
        path = self.media / f"tmp{len(self.items)}_{self.rng.randrange(10**9)}{ext}"
        path.write_bytes(data)
        self.image_posts += 1
        return path

    def scene_bytes(self) -> bytes:
        self._scene += 1
        return encode(make_scene(4_000_000 + self.seed % 1000 * 10_000 + self._scene), "JPEG")

    def short_link(self, target: str, host: str | None = None) -> str:
        while True:
            short = f"https://{host or self.rng.choice(SHORTENERS)}/{token(self.rng, 6)}"
            if short not in self._shorts:
                break
        self._shorts.add(short)
        self.redirects.append({"short": short, "target": target})
        return short

    def lang(self) -> str:
        return "zh" if self.rng.random() < 0.5 else "en"

    def around(self, seed_ts: int, phase: str) -> int:
        delta = self.rng.randint(600, SPAN // 5)
        return seed_ts - delta if phase == "before" else seed_ts + delta

    # ------------------------------------------------------------------------------- build

    def build(self) -> None:
        n_text, n_image, n_link = (
            max(4, self.posts // 500),
            max(3, self.posts // 800),
            max(2, self.posts // 1300),
        )
        for i in range(n_text):
            self.text_seed(i)
        for i in range(n_image):
            self.image_seed(i)
        for i in range(n_link):
            self.link_seed(i)
        for s in self.seeds:
            self.reshares(s)
        if self.bad_input:
            self.bad_items()
        self.background(self.posts - len(self.items))
        self.same_ts()
        self.closest_seeds()

    def judge(
        self, lang: str, modality: str, category: str, content: Any, text: str, **kw: Any
    ) -> Seed:
        ts = self.rng.randint(SPAN // 4, 3 * SPAN // 4)
        item = self.add(ts, lang, text, {"must_remove": True, "kind": "seed", "modality": modality,
                                         "category": category, "phase": "judged"}, **kw)  # fmt: skip
        item.truth["seed"] = item.key
        seed = Seed(item, modality, category, content, [item])
        self.seeds.append(seed)
        what = {"text": "text", "image": "image", "link": "link"}[modality]
        self.banned.append({
            "post_id": item.key, "modality": modality, "category": category,
            "statement": f"Synthetic test decision: this {what} is illegal content ({category}); "
                         "every copy and reshare must be taken down.",
        })  # fmt: skip
        return seed

    def copy_truth(
        self, seed: Seed, edit: str, edit_seed: int | None, phase: str
    ) -> dict[str, Any]:
        return {"must_remove": True, "kind": "copy" if edit == "exact" else "near_copy",
                "modality": seed.modality, "category": seed.category, "seed": seed.item.key,
                "edit": edit, "edit_seed": edit_seed, "phase": phase}  # fmt: skip

    def negative(
        self, seed: Seed, kind: str, extra: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return {"must_remove": False, "kind": "hard_negative", "hard_negative": kind,
                "seed": seed.item.key, "modality": seed.modality, **(extra or {})}  # fmt: skip

    # ------------------------------------------------------------------------------- text seeds

    def text_seed(self, i: int) -> None:
        lang, category = ("zh", "en")[i % 2], CATEGORIES[(i // 2) % 3]
        template = self.rng.choice(SCAM[(lang, category)])
        text = fill(template, self.rng)
        if lang == "zh" and i % 8 == 6:
            text = to_traditional(text)  # a seed written in traditional characters
        stock = self.scene_bytes() if i % 3 == 0 else None
        seed = self.judge(lang, "text", category, text, text,
                          image_tmp=self.image_file(stock) if stock else None)  # fmt: skip
        ts = seed.item.ts
        for edit in ["exact", *applicable(text, lang)]:
            for phase in ("before", "after"):
                es = self.rng.randrange(2**31)
                body = text if edit == "exact" else text_edit(text, lang, edit, es)
                img = self.image_file(stock) if stock and self.rng.random() < 0.3 else None
                item = self.add(self.around(ts, phase), lang, body,
                                self.copy_truth(seed, edit, es, phase), image_tmp=img)  # fmt: skip
                seed.members.append(item)
        self.text_negatives(seed, template, stock)

    def text_negatives(self, seed: Seed, template: str, stock: bytes | None) -> None:
        text, lang = seed.content, seed.item.lang
        seed_texts = {s.content for s in self.seeds if s.modality == "text"}
        for _ in range(2):
            other = fill(template, self.rng)
            while other in seed_texts:
                other = fill(template, self.rng)
            self.add(self.rng.randrange(SPAN), lang, other,
                     self.negative(seed, "same_template", {"overlap": round(overlap(text, other), 3)}))  # fmt: skip
        for _ in range(2):
            legit = fill(self.rng.choice(SAME_VOCAB[lang]), self.rng)
            self.add(self.rng.randrange(SPAN), lang, legit,
                     self.negative(seed, "same_vocabulary", {"overlap": round(overlap(text, legit), 3)}))  # fmt: skip
        for _ in range(2):
            frag = fragment(text, lang, self.rng)
            quote = self.rng.choice(COUNTER[lang]).format(frag=frag)
            self.add(self.around(seed.item.ts, "after"), lang, quote,
                     self.negative(seed, "counter_speech", {"quoted_share": round(len(frag) / len(text), 3),
                                                            "overlap": round(overlap(text, quote), 3)}))  # fmt: skip
        for _ in range(3):
            self.reply(seed, lang, fragment(text, lang, self.rng))
        if stock is not None:
            for _ in range(2):
                caption = fill(self.rng.choice(CHATTER[lang]), self.rng)
                self.add(self.rng.randrange(SPAN), lang, caption, self.negative(seed, "same_stock_image"),
                         image_tmp=self.image_file(stock))  # fmt: skip

    def reply(self, seed: Seed, lang: str, frag: str | None) -> None:
        parent = self.rng.choice(seed.members)
        pool = [r for r in REPLIES[lang] if frag is not None or "{frag}" not in r]
        text = self.rng.choice(pool).format(frag=frag)
        ts = parent.ts + self.rng.randint(60, 6 * 3600)
        self.add(
            ts,
            lang,
            text,
            self.negative(seed, "reply", {"parent": parent.key}),
            reply_to=parent.key,
        )

    # ------------------------------------------------------------------------------- image seeds

    def image_seed(self, i: int) -> None:
        lang = self.lang()
        tiles, rgb = self.textured(i)
        data = encode(rgb, "PNG")
        caption = self.rng.choice(CAPTIONS[lang])
        category = ("counterfeit", "scam")[i % 2]
        seed = self.judge(lang, "image", category, rgb, caption, image_tmp=self.image_file(data))
        for edit in ["exact", *EDITS]:
            for phase in ("before", "after"):
                es = self.rng.randrange(2**31)
                body = data if edit == "exact" else apply_edit(rgb, edit, seed=es)
                c_lang = self.lang()
                item = self.add(self.around(seed.item.ts, phase), c_lang, self.rng.choice(CAPTIONS[c_lang]),
                                self.copy_truth(seed, edit, es, phase), image_tmp=self.image_file(body))  # fmt: skip
                seed.members.append(item)
        if tiles:
            for _ in range(2):
                self.add(self.rng.randrange(SPAN), lang, self.rng.choice(CAPTIONS[lang]),
                         self.negative(seed, "other_tile"), image_tmp=self.image_file(encode(tiles[1], "PNG")))  # fmt: skip
        self.add(self.rng.randrange(SPAN), lang, caption, self.negative(seed, "same_caption"),
                 image_tmp=self.image_file(self.scene_bytes()))  # fmt: skip
        for _ in range(2):
            self.reply(seed, lang, None)

    # ------------------------------------------------------------------------------- link seeds

    def textured(self, i: int) -> tuple[list[np.ndarray[Any, Any]] | None, np.ndarray[Any, Any]]:
        """The banned picture (a panorama's left tile for even ``i``): the first scene drawn whose
        PDQ quality is at least 50, as real photographs' is (HMA drops lower-quality hashes)."""
        base = self.seed % 1000 * 100_000 + i * 100
        for attempt in range(100):
            tiles = make_panorama(3_000_000 + base + attempt) if i % 2 == 0 else None
            rgb = tiles[0] if tiles else make_scene(1_000_000 + base + attempt)
            if pdqhash.compute(np.ascontiguousarray(rgb))[1] >= 50:
                break
        return tiles, rgb

    def link_seed(self, i: int) -> None:
        lang = self.lang()
        shared = i % 2 == 1
        host = self.rng.choice(HOSTS_SHARED) if shared else phishing_host(self.rng)
        user = f"/{token(self.rng, 5).lower()}" if shared else ""
        url = (f"https://{host}{user}/{self.rng.choice(PATH_WORDS)}/{token(self.rng, 8)}"
               f"?id={self.rng.randint(1000, 99999)}&v={self.rng.randint(1, 9)}")  # fmt: skip
        teaser = self.rng.choice(TEASERS[lang])
        seed = self.judge(lang, "link", "phishing", url, teaser, links=[url])
        shorteners: list[str] = []
        for edit in ["exact", *LINK_EDITS]:
            for phase in ("before", "after"):
                es = self.rng.randrange(2**31)
                link = self.link_variant(url, edit, es, shorteners)
                c_lang = self.lang()
                item = self.add(self.around(seed.item.ts, phase), c_lang, self.rng.choice(TEASERS[c_lang]),
                                self.copy_truth(seed, edit, es, phase), links=[link])  # fmt: skip
                seed.members.append(item)
        if shared:
            for _ in range(2):
                other = f"https://{host}/{token(self.rng, 5).lower()}/{self.rng.choice(PATH_WORDS)}/{token(self.rng, 8)}"
                self.add(self.rng.randrange(SPAN), lang, self.rng.choice(TEASERS[lang]),
                         self.negative(seed, "link_same_host"), links=[other])  # fmt: skip
        for host_s in shorteners[:2]:
            short = self.short_link(self.innocent_url(), host_s)
            self.add(self.rng.randrange(SPAN), lang, self.rng.choice(TEASERS[lang]),
                     self.negative(seed, "link_same_shortener"), links=[short])  # fmt: skip
        self.add(self.rng.randrange(SPAN), lang, teaser, self.negative(seed, "same_caption"),
                 links=[self.innocent_url()])  # fmt: skip
        self.reply(seed, lang, None)

    def link_variant(self, url: str, edit: str, es: int, shorteners: list[str]) -> str:
        if edit == "exact":
            return url
        if edit not in ("short", "short_chain"):
            return link_edit(url, edit, es)
        target = link_edit(url, "tracking", es) if es % 2 else url
        link = self.short_link(target)
        if edit == "short_chain":
            link = self.short_link(link)
        shorteners.append(link.split("/")[2])
        return link

    def innocent_url(self) -> str:
        host = self.rng.choice(HOSTS_INNOCENT)
        url = f"https://{host}/{self.rng.choice(['a', 'post', 'item', 'p'])}/{self.rng.randint(1, 10**6)}"
        if self.rng.random() < 0.3:
            url += f"?utm_source=share&utm_medium={self.rng.choice(['app', 'web'])}"
        return url

    # ------------------------------------------------------------------------------- reshares

    def reshares(self, seed: Seed) -> None:
        roots = [seed.item, seed.item] + [m for m in seed.members[1:] if self.rng.random() < 0.25]
        for root in roots:
            parent, depth = root, 1
            limit = min(6, 1 + int(self.rng.expovariate(0.6)))
            while depth <= limit:
                ts = parent.ts + self.rng.randint(60, 8 * 3600)
                lang = self.lang()
                phase = "before" if ts < seed.item.ts else "after"
                truth = {"must_remove": True, "kind": "reshare", "modality": seed.modality,
                         "category": seed.category, "seed": seed.item.key, "root": root.key,
                         "root_kind": root.truth["kind"], "depth": depth, "phase": phase}  # fmt: skip
                parent = self.add(
                    ts, lang, self.rng.choice(RESHARE_COMMENTS[lang]), truth, reshare_of=parent.key
                )
                depth += 1

    # ------------------------------------------------------------------------------- background

    def background(self, count: int) -> None:
        start = len(self.items)
        for _ in range(max(0, count)):
            r = self.rng.random()
            lang = self.lang()
            truth: dict[str, Any] = {"must_remove": False, "kind": "innocent"}
            if r < 0.12 and len(self.items) - start > 20:
                parent = self.items[self.rng.randrange(start, len(self.items))]
                ts = parent.ts + self.rng.randint(60, 12 * 3600)
                if r < 0.06:
                    text = self.rng.choice(
                        [x for x in REPLIES[lang] if "{frag}" not in x] + CHATTER[lang]
                    )
                    self.add(
                        ts,
                        lang,
                        fill(text, self.rng),
                        {**truth, "sub": "reply"},
                        reply_to=parent.key,
                    )
                else:
                    self.add(ts, lang, self.rng.choice(RESHARE_COMMENTS[lang]), {**truth, "sub": "reshare"},
                             reshare_of=parent.key)  # fmt: skip
                continue
            ts = self.rng.randrange(SPAN)
            text = fill(self.rng.choice(CHATTER[lang]), self.rng)
            if r < 0.34:
                self.add(ts, lang, self.rng.choice([text, self.rng.choice(CAPTIONS[lang])]),
                         {**truth, "sub": "image"}, image_tmp=self.image_file(self.popular_or_new()))  # fmt: skip
            elif r < 0.42:
                url = self.innocent_url()
                link = self.short_link(url) if self.rng.random() < 0.2 else url
                self.add(ts, lang, self.rng.choice([text, self.rng.choice(TEASERS[lang])]),
                         {**truth, "sub": "link"}, links=[link])  # fmt: skip
            else:
                self.add(ts, lang, text, {**truth, "sub": "chatter"})

    def popular_or_new(self) -> bytes:
        if len(self._bg_images) >= 30 and self.rng.random() < 0.1:
            return self.rng.choice(self._bg_images[:30])
        data = self.scene_bytes()
        if len(self._bg_images) < 30:
            self._bg_images.append(data)
        return data

    def same_ts(self) -> None:
        """About 2 % of the innocent posts (at least one) get the timestamp of the post before them."""
        order = sorted(self.items, key=lambda it: (it.ts, it.key))
        previous = {it.key: prev for prev, it in zip(order, order[1:], strict=False)}
        plain = [it for it in order[1:] if not it.truth["must_remove"] and it.reshare_of is None
                 and it.reply_to is None and not it.bad]  # fmt: skip
        for it in self.rng.sample(plain, min(len(plain), max(1, len(plain) // 50))):
            it.ts = previous[it.key].ts
            it.bad.append("duplicate_ts")

    def closest_seeds(self) -> None:
        """For text hard negatives: ``max_overlap`` with any banned text and ``closest_seed``."""
        texts = [s for s in self.seeds if s.modality == "text"]
        for it in self.items:
            if "overlap" not in it.truth:
                continue
            best = max(texts, key=lambda s: overlap(s.content, it.text))
            it.truth["max_overlap"] = round(overlap(best.content, it.text), 3)
            it.truth["closest_seed"] = best.item.key

    # ------------------------------------------------------------------------------- bad input

    def bad_items(self) -> None:
        innocent = {"must_remove": False, "kind": "innocent", "sub": "bad_input"}
        for k in range(max(2, self.posts // 4000)):
            data = self.scene_bytes()
            data = (
                data[: len(data) * 2 // 5]
                if k % 2 == 0
                else bytes(self.rng.randrange(256) for _ in range(2000))
            )
            lang = self.lang()
            self.add(self.rng.randrange(SPAN), lang, fill(self.rng.choice(CHATTER[lang]), self.rng), dict(innocent),
                     image_tmp=self.image_file(data), bad=["corrupt_image"])  # fmt: skip
        missing = self.media / "tmp_missing_never_written.jpg"
        self.add(self.rng.randrange(SPAN), "en", "photo from the trip", dict(innocent),
                 image_tmp=missing, bad=["missing_image"])  # fmt: skip
        copies = [
            m
            for s in self.seeds
            if s.modality == "text"
            for m in s.members[1:]
            if m.image_tmp is None
        ]
        for item in self.rng.sample(copies, min(2, len(copies))):
            data = self.scene_bytes()
            item.image_tmp = self.image_file(data[: len(data) // 3])
            item.bad.append("corrupt_image")
        for k in range(max(2, self.posts // 4000)):
            lang = self.lang()
            ref = f"p{9_000_000 + self.rng.randrange(999_999):07d}"
            kw = {"reshare_of": ref} if k % 2 == 0 else {"reply_to": ref}
            self.add(self.rng.randrange(SPAN), lang, fill(self.rng.choice(CHATTER[lang]), self.rng), dict(innocent),
                     bad=["unknown_parent"], **kw)  # fmt: skip
        for _ in range(2):
            text = fill(self.rng.choice(CHATTER["en"]), self.rng)
            cut = len(text) // 2
            self.add(self.rng.randrange(SPAN), "en", text[:cut] + "\udc80" + text[cut:], dict(innocent),
                     bad=["lone_surrogate"])  # fmt: skip


if __name__ == "__main__":  # pragma: no cover - imported by make_feed.py
    sys.exit("run make_feed.py")
