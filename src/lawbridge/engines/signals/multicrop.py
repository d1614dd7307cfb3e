"""Crop-, rotation-, overlay- and border-robust image matching: multi-region DCT hashes.

PDQ changes by 40–110 bits under a 5–12 % crop, a 3° rotation, a caption bar or a letterbox.
This signal hashes *regions* with a coarser 128-bit hash (signs of the 128 lowest DCT frequencies
of a 32×32 area-averaged thumbnail) after trimming flat borders and letterbox bars:

* any image (a post): 6 regions of the trimmed picture: the whole, the centre 80 %, and the four
  80 % corners (a caption over one side leaves two corners clean);
* a reference (``hash_reference``, a banned picture): the same 6, plus the whole and centre of
  copies rotated by ±1.5, ±3, ±4.5 and ±6°, plus the 6 regions of 88 % and 94 % crops at 9
  anchor points, and all of it mirrored: 260 hashes (4 KB), about 5 ms once per banked image.

A query matches a reference when some region is within ``threshold`` bits of some reference hash
*and* a second, different region is within ``confirm`` bits: one coincidence is not enough.
The index (:mod:`hamming`, radius ``threshold``) finds every reference with a region within
``threshold`` and verifies each candidate with :meth:`compare`, so it is exact w.r.t. it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image

from lawbridge.engines.signals.base import (
    Comparison,
    Example,
    IndexMatch,
    SignalIndex,
    SignalType,
    check_ref,
    dump_shape,
)
from lawbridge.engines.signals.hamming import HammingIndex, load_npz, save_npz
from lawbridge.engines.signals.image import (
    WorkImage,
    dct_hashes,
    decode_image,
    encode_png,
    region_thumbs,
    trim_borders,
)
from lawbridge.errors import InvalidInput

_KIND = "lawbridge.multicrop"
NBITS = 128
REGIONS = ((1.0, 0.5, 0.5), (0.8, 0.5, 0.5), (0.8, 0, 0), (0.8, 1, 0), (0.8, 0, 1), (0.8, 1, 1))
ANGLES = (-6.0, -4.5, -3.0, -1.5, 1.5, 3.0, 4.5, 6.0)
CROPS = tuple((s, fx, fy) for s in (0.88, 0.94) for fx in (0, 0.5, 1) for fy in (0, 0.5, 1))


@dataclass(frozen=True, slots=True)
class MultiCropConfig:
    threshold: int = 23
    confirm: int = 28
    max_bytes: int = 20_000_000
    max_pixels: int = 40_000_000
    work_size: int = 128

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= self.confirm < NBITS // 2 or self.work_size < 32:
            raise InvalidInput("need 0 <= threshold <= confirm < 64 and work_size >= 32")


def _box(h: int, w: int, scale: float, fx: float, fy: float) -> tuple[int, int, int, int]:
    # At least 8 pixels a side, but never more than the picture has (a 1000x4 banner).
    ch, cw = min(max(int(round(h * scale)), 8), h), min(max(int(round(w * scale)), 8), w)
    y, x = int(round((h - ch) * fy)), int(round((w - cw) * fx))
    return y, y + ch, x, x + cw


def region_hashes(
    luma: npt.NDArray[np.float32], regions: tuple[tuple[float, float, float], ...] = REGIONS
) -> list[npt.NDArray[np.uint8]]:
    h, w = luma.shape
    boxes = []
    for scale, fx, fy in regions:
        y0, y1, x0, x1 = _box(h, w, scale, fx, fy)
        boxes.append((x0, y0, x1, y1))
    return list(dct_hashes(region_thumbs(luma, boxes), NBITS))


def trimmed(luma: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    top, bottom, left, right = trim_borders(luma)
    return luma[top:bottom, left:right]


def _rotated(luma: npt.NDArray[np.float32], angle: float) -> npt.NDArray[np.float32]:
    img = Image.fromarray(luma, mode="F").rotate(angle, resample=Image.Resampling.BILINEAR)
    return np.asarray(img, dtype=np.float32)


def expand_reference(luma: npt.NDArray[np.float32]) -> list[npt.NDArray[np.uint8]]:
    """The 130 hashes of a reference picture's variants (without the mirror)."""
    out = region_hashes(luma)
    for angle in ANGLES:
        out += region_hashes(_rotated(luma, angle), REGIONS[:2])
    h, w = luma.shape
    for scale, fx, fy in CROPS:
        y0, y1, x0, x1 = _box(h, w, scale, fx, fy)
        out += region_hashes(luma[y0:y1, x0:x1])
    return out


def to_str(hashes: npt.NDArray[np.uint8]) -> str:
    return ",".join(bytes(h).hex() for h in hashes)


def parse_multicrop(signal: str) -> npt.NDArray[np.uint8]:
    try:
        parts = signal.strip().lower().split(",")
        if not 1 <= len(parts) <= 1024 or any(len(p) != NBITS // 4 for p in parts):
            raise ValueError("bad length")
        return np.frombuffer(bytes.fromhex("".join(parts)), dtype=np.uint8).reshape(-1, NBITS // 8)
    except (ValueError, AttributeError) as exc:
        raise InvalidInput("multicrop signal: comma-separated 32-hex-digit hashes") from exc


def pair_distances(
    query: npt.NDArray[np.uint8], reference: npt.NDArray[np.uint8]
) -> npt.NDArray[np.int64]:
    x = np.bitwise_xor(query.view(np.uint64)[:, None, :], reference.view(np.uint64)[None, :, :])
    counts: npt.NDArray[np.int64] = np.bitwise_count(x).sum(axis=2, dtype=np.int64)
    return counts


class MultiCropSignal(SignalType[MultiCropConfig]):
    """Region hashes robust to crops (2–12 %), small rotations (1–6°), caption overlays,
    letterbox bars, borders, greyscale and mirrors; a match needs two agreeing regions."""

    NAME = "image_multicrop"
    CONTENT = "image"
    CONFIG = {
        "threshold": "bits (of 128) within which a first region must agree; 23",
        "confirm": "bits within which a second, different region must agree; 28",
        "max_bytes": "larger uploads are invalid input; 20 MB",
        "max_pixels": "more pixels (from the header, before decoding) are refused; 40 M",
        "work_size": "longest side the image is scaled to before hashing; 128",
    }

    def __init__(self, config: MultiCropConfig | None = None) -> None:
        self.config = config or MultiCropConfig()

    def decode(self, content: bytes) -> WorkImage:
        c = self.config
        return decode_image(
            content, max_bytes=c.max_bytes, max_pixels=c.max_pixels, work_size=c.work_size
        )

    def hash(self, content: bytes) -> str:
        return self.hash_image(self.decode(content))

    def hash_image(self, image: WorkImage) -> str:
        return to_str(np.array(region_hashes(trimmed(image.luma))))

    def hash_reference(self, content: bytes) -> str:
        return self.hash_reference_image(self.decode(content))

    def hash_reference_image(self, image: WorkImage) -> str:
        luma = np.ascontiguousarray(trimmed(image.luma))
        plain = expand_reference(luma)
        mirrored = expand_reference(np.ascontiguousarray(luma[:, ::-1]))
        return to_str(np.array(plain + mirrored))

    def validate(self, signal: str) -> str:
        return to_str(parse_multicrop(signal))

    def compare(self, query: str, reference: str) -> Comparison:
        return self.compare_arrays(parse_multicrop(query), parse_multicrop(reference))

    def compare_arrays(
        self, query: npt.NDArray[np.uint8], reference: npt.NDArray[np.uint8]
    ) -> Comparison:
        best = pair_distances(query, reference).min(axis=1)
        order = np.argsort(best, kind="stable")
        first = int(best[order[0]])
        second = int(best[order[1]]) if len(order) > 1 else NBITS
        matched = first <= self.config.threshold and second <= self.config.confirm
        agreeing = int((best <= self.config.confirm).sum())
        detail = {"best": first, "second": second, "regions_agreeing": agreeing}
        return Comparison(matched, float(first), 1 - first / NBITS, detail)

    def new_index(self) -> MultiCropIndex:
        return MultiCropIndex(self)

    @classmethod
    def examples(cls) -> list[Example]:
        from lawbridge.engines.signals.synthetic import make_panorama, make_scene

        scene = make_scene(11)
        left, right = make_panorama(12)
        bordered = np.pad(scene, ((30, 30), (0, 0), (0, 0)))
        return [
            Example(encode_png(scene[12:, 20:]), encode_png(scene), True, "crop 5-8 %"),
            Example(encode_png(bordered), encode_png(scene), True, "letterbox"),
            Example(encode_png(scene[:, ::-1]), encode_png(scene), True, "mirror"),
            Example(encode_png(right), encode_png(left), False, "another tile of the same photo"),
        ]


class MultiCropIndex(SignalIndex):
    """Region-hash index (multi-index hashing at ``threshold``, every candidate verified)."""

    def __init__(self, signal_type: MultiCropSignal | None = None) -> None:
        self.signal_type = signal_type or MultiCropSignal()
        self._hamming = HammingIndex(NBITS, self.signal_type.config.threshold)
        self._items: list[tuple[str, npt.NDArray[np.uint8]] | None] = []
        self._by_ref: dict[str, list[int]] = {}

    def add(self, signal: str, ref: str) -> None:
        hashes = parse_multicrop(signal)
        self._by_ref.setdefault(check_ref(ref), []).append(len(self._items))
        self._items.append((ref, hashes))
        self._hamming.add(hashes, len(self._items) - 1)

    def remove(self, ref: str) -> int:
        slots = self._by_ref.pop(ref, [])
        for slot in slots:
            self._hamming.kill(slot)
            self._items[slot] = None
        return len(slots)

    def query(self, signal: str) -> list[IndexMatch]:
        query = parse_multicrop(signal)
        _, rows, _ = self._hamming.search(query)
        best: dict[str, IndexMatch] = {}
        for slot in np.unique(self._hamming.owners(rows)).tolist():
            item = self._items[slot]
            if item is None:
                continue
            comparison = self.signal_type.compare_arrays(query, item[1])
            if comparison.matched and (
                item[0] not in best or comparison.distance < best[item[0]].distance
            ):
                best[item[0]] = IndexMatch(item[0], comparison)
        return sorted(best.values(), key=lambda m: (m.distance, m.ref))

    def serialize(self) -> bytes:
        live = [item for item in self._items if item is not None]
        counts = np.array([len(h) for _, h in live], dtype=np.int64)
        hashes = (
            np.concatenate([h for _, h in live]) if live else np.empty((0, NBITS // 8), np.uint8)
        )
        c = self.signal_type.config
        return save_npz(
            {
                "kind": np.array(_KIND),
                "config": np.array([c.threshold, c.confirm]),
                "refs": np.array([ref for ref, _ in live], dtype=np.str_),
                "counts": counts,
                "hashes": hashes,
            }
        )

    @classmethod
    def deserialize(cls, data: bytes, signal_type: MultiCropSignal | None = None) -> MultiCropIndex:
        arrays = load_npz(data, _KIND)
        with dump_shape(_KIND):
            threshold, confirm = (int(v) for v in arrays["config"].tolist())
            index = cls(
                signal_type
                or MultiCropSignal(MultiCropConfig(threshold=threshold, confirm=confirm))
            )
            hashes = arrays["hashes"].astype(np.uint8)
            start = 0
            for ref, count in zip(arrays["refs"].tolist(), arrays["counts"].tolist(), strict=True):
                index.add(to_str(hashes[start : start + count]), str(ref))
                start += count
        return index

    def __len__(self) -> int:
        return sum(1 for item in self._items if item is not None)
