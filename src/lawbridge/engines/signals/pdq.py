"""PDQ (Meta's perceptual hash, via ``pdqhash``) with its 8 dihedral variants, and an index of
millions of PDQ hashes (multi-index hashing, :mod:`hamming`).

A signal is the canonical hash (64 hex digits, ThreatExchange's form) optionally followed by
``,``-separated dihedral variants (rotations by 90°, mirrors) and ``@quality``. ``compare`` and
the index measure the *reference's* canonical hash against every variant of the query, so a
mirrored or rotated copy of a banked photo matches; a reference imported from a hash list needs
only its canonical hash. Hashes of quality below 50 (flat, featureless images) are kept, not
dropped as HMA does, but every match they take part in says ``low_quality`` so that a workflow
sends it to review instead of acting on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pdqhash  # type: ignore[import-untyped]  # no stubs
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
from lawbridge.engines.signals.hamming import HammingIndex, distances, load_npz, save_npz
from lawbridge.engines.signals.image import WorkImage, decode_image, encode_png, fit
from lawbridge.errors import InvalidInput

_SIGNAL = re.compile(r"^([0-9a-f]{64})((?:,[0-9a-f]{64}){0,7})(?:@(\d{1,3}))?$")
_KIND = "lawbridge.pdq"
LOW_QUALITY = 50


@dataclass(frozen=True, slots=True)
class PdqConfig:
    threshold: int = 31
    dihedral: bool = True
    max_bytes: int = 20_000_000
    max_pixels: int = 40_000_000
    work_size: int = 128
    pdq_size: int = 64

    def __post_init__(self) -> None:
        if not 0 <= self.threshold <= 96 or self.work_size < 32 or self.pdq_size < 32:
            raise InvalidInput("threshold: 0..96; work_size: at least 32")


@dataclass(frozen=True, slots=True)
class PdqSignalValue:
    hashes: npt.NDArray[np.uint8]  # (k, 32): canonical first, then variants
    quality: int | None

    def to_str(self) -> str:
        text = ",".join(bytes(h).hex() for h in self.hashes)
        return text if self.quality is None else f"{text}@{self.quality}"

    @property
    def low_quality(self) -> bool:
        return self.quality is not None and self.quality < LOW_QUALITY


def parse_pdq(signal: str) -> PdqSignalValue:
    found = _SIGNAL.match(signal.strip().lower()) if isinstance(signal, str) else None
    if found is None:
        raise InvalidInput(
            "pdq signal: 64 hex digits, up to 7 ',hex' variants, optional '@quality'"
        )
    hexes = [found.group(1), *[h for h in found.group(2).split(",") if h]]
    hashes = np.frombuffer(bytes.fromhex("".join(hexes)), dtype=np.uint8).reshape(-1, 32)
    quality = int(found.group(3)) if found.group(3) is not None else None
    return PdqSignalValue(hashes, quality)


def pdq_hashes(rgb: npt.NDArray[np.uint8], dihedral: bool) -> tuple[npt.NDArray[np.uint8], int]:
    """Packed PDQ hash(es) of a contiguous RGB array (never a view: GOTCHAS) and the quality."""
    array = np.ascontiguousarray(rgb)
    if dihedral:
        bits, qualities = pdqhash.compute_dihedral(array)
        return np.packbits(np.array(bits, dtype=np.uint8), axis=1), int(qualities)
    one, quality = pdqhash.compute(array)
    return np.packbits(one.astype(np.uint8))[None, :], int(quality)


class PdqSignal(SignalType[PdqConfig]):
    """PDQ perceptual hash of an image with its 8 dihedral variants (90° rotations, mirrors):
    catches re-encodes, resizes, colour changes, mirrors and quarter turns; distance in bits."""

    NAME = "pdq"
    CONTENT = "image"
    CONFIG = {
        "threshold": "largest Hamming distance (of 256 bits) that matches; 31 as in HMA",
        "dihedral": "hash the 8 rotations/mirrors of a query so flipped copies match; true",
        "max_bytes": "larger uploads are invalid input; 20 MB",
        "max_pixels": "more pixels (from the header, before decoding) are refused; 40 M",
        "work_size": "longest side the image is decoded to (shared by the image signals); 128",
        "pdq_size": "longest side PDQ hashes (it filters down to 64×64 itself); 64",
    }

    def __init__(self, config: PdqConfig | None = None) -> None:
        self.config = config or PdqConfig()

    def decode(self, content: bytes) -> WorkImage:
        c = self.config
        return decode_image(
            content, max_bytes=c.max_bytes, max_pixels=c.max_pixels, work_size=c.work_size
        )

    def hash(self, content: bytes) -> str:
        return self.hash_image(self.decode(content))

    def hash_image(self, image: WorkImage) -> str:
        rgb = image.rgb
        if max(rgb.shape[:2]) > self.config.pdq_size:
            rgb = np.asarray(fit(Image.fromarray(rgb), self.config.pdq_size))
        hashes, quality = pdq_hashes(rgb, self.config.dihedral)
        return PdqSignalValue(hashes, quality).to_str()

    def validate(self, signal: str) -> str:
        return parse_pdq(signal).to_str()

    def compare(self, query: str, reference: str) -> Comparison:
        q, r = parse_pdq(query), parse_pdq(reference)
        d = distances(q.hashes, np.repeat(r.hashes[:1], len(q.hashes), axis=0))
        return self._comparison(int(d.min()), int(d.argmin()), q.low_quality or r.low_quality)

    def _comparison(self, distance: int, variant: int, low_quality: bool) -> Comparison:
        detail = {"variant": variant, "low_quality": low_quality}
        return Comparison(
            distance <= self.config.threshold, float(distance), 1 - distance / 256, detail
        )

    def new_index(self) -> PdqIndex:
        return PdqIndex(self)

    @classmethod
    def examples(cls) -> list[Example]:
        from lawbridge.engines.signals.synthetic import make_scene

        scene = make_scene(7)
        return [
            Example(encode_png(scene[:, ::-1]), encode_png(scene), True, "mirror"),
            Example(encode_png(np.rot90(scene)), encode_png(scene), True, "quarter turn"),
            Example(encode_png(scene[::2, ::2]), encode_png(scene), True, "half size"),
            Example(encode_png(make_scene(8)), encode_png(scene), False, "another picture"),
        ]


class PdqIndex(SignalIndex):
    """Multi-index-hashing PDQ index; exact w.r.t. :meth:`PdqSignal.compare`."""

    def __init__(self, signal_type: PdqSignal | None = None) -> None:
        self.signal_type = signal_type or PdqSignal()
        self._hamming = HammingIndex(256, self.signal_type.config.threshold)
        self._refs: list[str] = []
        # One byte per slot, and a ref's one slot as a plain int (a list only for a ref added
        # again): 10 M hashes held ≈ 0.7 GB less than with a list of bools and a list per ref.
        self._low = bytearray()
        self._by_ref: dict[str, int | list[int]] = {}

    def add(self, signal: str, ref: str) -> None:
        value = parse_pdq(signal)
        self._add_slot(check_ref(ref), value.low_quality)
        self._hamming.add(value.hashes[:1], len(self._refs) - 1)

    def add_many(self, hashes: npt.NDArray[np.uint8], refs: list[str]) -> None:
        """Bulk load canonical hashes ((n, 32) uint8) with their refs (quality unknown)."""
        start = len(self._refs)
        for ref in refs:
            self._add_slot(check_ref(ref), False)
        self._hamming.add(hashes, np.arange(start, len(self._refs), dtype=np.int64))

    def _add_slot(self, ref: str, low_quality: bool) -> None:
        slot = len(self._refs)
        held = self._by_ref.get(ref)
        if held is None:
            self._by_ref[ref] = slot
        elif isinstance(held, int):
            self._by_ref[ref] = [held, slot]
        else:
            held.append(slot)
        self._refs.append(ref)
        self._low.append(low_quality)

    def remove(self, ref: str) -> int:
        held = self._by_ref.pop(ref, None)
        slots = () if held is None else (held,) if isinstance(held, int) else held
        return sum(self._hamming.kill(slot) for slot in slots)

    def query(self, signal: str) -> list[IndexMatch]:
        value = parse_pdq(signal)
        qs, rows, dist = self._hamming.search(value.hashes)
        best: dict[str, tuple[int, int, bool]] = {}
        for q, slot, d in zip(
            qs.tolist(), self._hamming.owners(rows).tolist(), dist.tolist(), strict=True
        ):
            ref = self._refs[slot]
            if ref not in best or (d, q) < best[ref][:2]:
                best[ref] = (d, q, bool(self._low[slot]) or value.low_quality)
        found = [IndexMatch(ref, self.signal_type._comparison(*v)) for ref, v in best.items()]
        return sorted(found, key=lambda m: (m.distance, m.ref))

    def serialize(self) -> bytes:
        arrays = self._hamming.to_npz()
        slots = arrays.pop("owners")
        return save_npz(
            {
                "kind": np.array(_KIND),
                "threshold": np.array(self.signal_type.config.threshold),
                "hashes": arrays["hashes"],
                "refs": np.array([self._refs[s] for s in slots.tolist()], dtype=np.str_),
                "low": np.array([self._low[s] for s in slots.tolist()], dtype=bool),
            }
        )

    @classmethod
    def deserialize(cls, data: bytes, signal_type: PdqSignal | None = None) -> PdqIndex:
        arrays = load_npz(data, _KIND)
        with dump_shape(_KIND):
            signal_type = signal_type or PdqSignal(PdqConfig(threshold=int(arrays["threshold"])))
            index = cls(signal_type)
            refs = [str(r) for r in arrays["refs"].tolist()]
            index.add_many(arrays["hashes"].astype(np.uint8), refs)
            low = arrays["low"].astype(bool).astype(np.uint8)
            if low.shape != (len(refs),):
                raise ValueError(f"{low.shape[0] if low.ndim else 0} quality flags for {len(refs)}")
            index._low = bytearray(low.tobytes())
        return index

    def __len__(self) -> int:
        return len(self._hamming)

    @property
    def nbytes(self) -> int:
        return self._hamming.nbytes
