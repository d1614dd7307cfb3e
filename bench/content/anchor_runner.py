# ruff: noqa: T201 - command-line benchmark scripts report on stdout
"""A stock HMA-style pipeline on python-threatexchange 1.2.17 — runs inside bench/.venvs/threatexchange.

  python anchor_runner.py replay --posts P --media-dir D --redirects R --banned B -o OUT [--rescan]

The same inputs as ``lawbridge content replay``. HMA 2.0 hashes, matches against banks and leaves
the action to the caller; this is the simplest caller:

* signals as threatexchange ships them: ``PdqSignal`` (drops hashes of quality < 50) in a ``PDQIndex``
  (faiss multi-index hashing, threshold 31) and the file's MD5 (``VideoMD5Signal.hash_from_bytes``;
  1.2.17 has no photo MD5 type) for images; ``RawTextSignal`` (normalise, Levenshtein ≤ 5 %, linear
  scan) for texts — its ``UnicodeEncodeError`` on non-ASCII text is caught and the post counted as
  unmatched; ``UrlMD5Signal`` (lower-case, scheme stripped, MD5) for links. Redirects are not read:
  threatexchange has no short-link resolution;
* posts in ``ts`` order (duplicate ids: first line wins); a post listed in BANNED is taken down and
  its signals of the judged modality join the banks at that moment;
* a post whose own content matches a bank at upload is taken down (a match = a takedown). Nothing
  is re-scanned when a bank grows and reshares are not followed: HMA has neither.
* ``--rescan``: a stronger caller that, at each judgement, also compares the new bank entry with
  every stored post (brute force with the same signals) — what a caller would have to add.

Prints one JSON summary line last: posts, wall and CPU seconds of the loop, errors by kind.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any


def cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


try:
    import faiss
    from threatexchange.signal_type.md5 import VideoMD5Signal
    from threatexchange.signal_type.pdq.pdq_index import PDQIndex
    from threatexchange.signal_type.pdq.pdq_utils import simple_distance
    from threatexchange.signal_type.pdq.signal import PdqSignal
    from threatexchange.signal_type.raw_text import RawTextSignal
    from threatexchange.signal_type.url_md5 import UrlMD5Signal
except Exception as exc:  # noqa: BLE001 - any import failure means "anchor not installed"
    print(json.dumps({"available": False, "error": f"{type(exc).__name__}: {exc}"}))
    sys.exit(0)

faiss.omp_set_num_threads(1)


@dataclass
class Stored:
    id: str
    text: str
    pdq: str
    md5: str
    urls: list[str]


@dataclass
class Banks:
    text: Any = field(default_factory=lambda: RawTextSignal.get_index_cls()())
    pdq: PDQIndex = field(default_factory=PDQIndex)
    md5: set[str] = field(default_factory=set)
    url: set[str] = field(default_factory=set)
    texts: int = 0


@dataclass
class Stats:
    posts: int = 0
    bad_lines: int = 0
    duplicate_ids: int = 0
    text_unicode_errors: int = 0
    image_errors: int = 0
    pdq_low_quality: int = 0
    images: int = 0
    matched_at_upload: int = 0
    matched_by_rescan: int = 0
    judged: int = 0


def load_posts(path: Path, stats: Stats) -> list[dict[str, Any]]:
    seen: set[str] = set()
    posts = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                post = json.loads(line)
                ts = datetime.fromisoformat(str(post["ts"]).replace("Z", "+00:00"))
            except (ValueError, KeyError, TypeError):
                stats.bad_lines += 1
                continue
            if post["id"] in seen:
                stats.duplicate_ids += 1
                continue
            seen.add(post["id"])
            posts.append((ts, len(posts), post))
    return [p for _, _, p in sorted(posts, key=lambda x: (x[0], x[1]))]


def hash_post(post: dict[str, Any], media: Path, stats: Stats) -> Stored:
    pdq = md5 = ""
    if post.get("image"):
        stats.images += 1
        try:
            data = (media / post["image"]).read_bytes()
            md5 = VideoMD5Signal.hash_from_bytes(data)
            pdq = PdqSignal.hash_from_bytes(data)
            stats.pdq_low_quality += pdq == ""
        except Exception:  # noqa: BLE001 - corrupt or missing image: no image signal
            stats.image_errors += 1
    urls = [UrlMD5Signal.hash_from_str(u) for u in post.get("links") or [] if isinstance(u, str)]
    return Stored(post["id"], post.get("text") or "", pdq, md5, urls)


def text_match(banks: Banks, text: str, stats: Stats) -> bool:
    if not banks.texts or not text.strip():
        return False
    try:
        return bool(banks.text.query(text))
    except UnicodeEncodeError:
        stats.text_unicode_errors += 1
        return False


def matches(banks: Banks, s: Stored, stats: Stats) -> bool:
    if s.md5 and s.md5 in banks.md5:
        return True
    if s.pdq and len(banks.pdq) and banks.pdq.query(s.pdq):
        return True
    if any(u in banks.url for u in s.urls):
        return True
    return text_match(banks, s.text, stats)


def bank(banks: Banks, s: Stored, modality: str) -> None:
    if modality == "text" and s.text.strip():
        banks.text.add(s.text, s.id)
        banks.texts += 1
    elif modality == "image":
        if s.pdq:
            banks.pdq.add(s.pdq, s.id)
        if s.md5:
            banks.md5.add(s.md5)
    elif modality == "link":
        banks.url.update(s.urls)


def rescan(
    entry: Stored, modality: str, stored: list[Stored], taken: set[str], stats: Stats
) -> None:
    """Brute force: the new bank entry against every stored post not yet taken down."""
    for s in stored:
        if s.id in taken:
            continue
        hit = False
        if modality == "text" and entry.text.strip() and s.text.strip():
            try:
                hit = RawTextSignal.matches_str(entry.text, s.text).match
            except UnicodeEncodeError:
                stats.text_unicode_errors += 1
        elif modality == "image":
            hit = bool(entry.md5 and s.md5 == entry.md5) or bool(
                entry.pdq and s.pdq and simple_distance(entry.pdq, s.pdq) <= 31
            )
        elif modality == "link":
            hit = bool(set(entry.urls) & set(s.urls))
        if hit:
            taken.add(s.id)
            stats.matched_by_rescan += 1


def replay(args: argparse.Namespace) -> None:
    t_load = time.perf_counter()
    stats = Stats()
    banned = {b["post_id"]: b["modality"] for b in json.loads(args.banned.read_text())["banned"]}
    posts = load_posts(args.posts, stats)
    load_s = time.perf_counter() - t_load
    banks, taken, stored = Banks(), set(), []
    c0, t0 = cpu_s(), time.perf_counter()
    for post in posts:
        stats.posts += 1
        s = hash_post(post, args.media_dir, stats)
        if s.id in banned:
            stats.judged += 1
            taken.add(s.id)
            bank(banks, s, banned[s.id])
            if args.rescan:
                rescan(s, banned[s.id], stored, taken, stats)
        elif matches(banks, s, stats):
            stats.matched_at_upload += 1
            taken.add(s.id)
        if args.rescan:
            stored.append(s)
    seconds, cpu = time.perf_counter() - t0, cpu_s() - c0
    args.output.write_text("".join(f"{i}\n" for i in sorted(taken)), encoding="utf-8")
    out = {"available": True, "system": "threatexchange 1.2.17", "rescan": args.rescan,
           "load_s": load_s, "seconds": seconds, "cpu_seconds": cpu, "taken_down": len(taken),
           "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
           **stats.__dict__}  # fmt: skip
    print(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    rp = sub.add_parser("replay")
    rp.add_argument("--posts", type=Path, required=True)
    rp.add_argument("--media-dir", type=Path, required=True)
    rp.add_argument("--redirects", type=Path, required=True)
    rp.add_argument("--banned", type=Path, required=True)
    rp.add_argument("-o", "--output", type=Path, required=True)
    rp.add_argument("--rescan", action="store_true")
    args = ap.parse_args()
    replay(args)


if __name__ == "__main__":
    main()
