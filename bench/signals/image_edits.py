"""Recall and false matches of the image signals on synthetic edits (PDQ alone vs PDQ + multicrop).

    .venv/bin/python bench/signals/image_edits.py [--seeds 40]

Each seed paints a 320×240 scene (``synthetic.make_scene``), banks it (``hash_reference``) and
hashes its 13 edits as posts (``hash``). Negatives: 40 other scenes and the neighbouring tile of a
panorama ("another tile of the same photo"), each against every banked scene.
"""

# ruff: noqa: T201  (a benchmark prints its figures)

from __future__ import annotations

import argparse
import time

import numpy as np

from lawbridge.engines.signals import MultiCropSignal, PdqSignal
from lawbridge.engines.signals.image import encode_png
from lawbridge.engines.signals.synthetic import EDITS, apply_edit, make_panorama, make_scene


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=40)
    args = parser.parse_args()
    pdq, multi = PdqSignal(), MultiCropSignal()
    pdq_index, multi_index = pdq.new_index(), multi.new_index()
    seeds = range(args.seeds)
    for s in seeds:
        left, _ = make_panorama(10_000 + s)
        for ref, rgb in ((f"scene{s}", make_scene(s)), (f"tile{s}", left)):
            image = pdq.decode(encode_png(rgb))
            pdq_index.add(pdq.hash_image(image).split(",")[0], ref)
            multi_index.add(multi.hash_reference_image(image), ref)
    hits: dict[str, list[tuple[bool, bool]]] = {e: [] for e in EDITS}
    hash_ms: list[float] = []
    for s in seeds:
        scene = make_scene(s)
        for edit in EDITS:
            data = apply_edit(scene, edit, seed=s)
            t0 = time.perf_counter()
            image = pdq.decode(data)
            p_sig, m_sig = pdq.hash_image(image), multi.hash_image(image)
            hash_ms.append((time.perf_counter() - t0) * 1000)
            p = any(m.ref == f"scene{s}" for m in pdq_index.query(p_sig))
            m = any(m.ref == f"scene{s}" for m in multi_index.query(m_sig))
            hits[edit].append((p, p or m))
    print(f"{'edit':10s} {'PDQ':>6s} {'PDQ+multicrop':>14s}")
    for edit, pairs in hits.items():
        print(
            f"{edit:10s} {np.mean([p for p, _ in pairs]):6.2f} {np.mean([c for _, c in pairs]):14.2f}"
        )
    all_p = np.mean([p for v in hits.values() for p, _ in v])
    all_c = np.mean([c for v in hits.values() for _, c in v])
    print(f"{'all':10s} {all_p:6.2f} {all_c:14.2f}")
    false_p = false_c = total = 0
    for s in seeds:
        _, right = make_panorama(10_000 + s)
        for rgb in (make_scene(50_000 + s), right):
            image = pdq.decode(encode_png(rgb))
            p = len(pdq_index.query(pdq.hash_image(image)))
            m = len(multi_index.query(multi.hash_image(image)))
            false_p, false_c, total = false_p + (p > 0), false_c + (p + m > 0), total + 1
    print(f"false-matching negatives: PDQ {false_p}/{total}, PDQ+multicrop {false_c}/{total}")
    print(f"decode + both signals: median {np.median(hash_ms):.2f} ms per image (PNG/JPEG 320x240)")


if __name__ == "__main__":
    main()
