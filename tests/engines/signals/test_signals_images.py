"""Image signals: decoding refusals, PDQ and multicrop on synthetic edits and hard negatives."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from lawbridge.engines.signals import MultiCropIndex, MultiCropSignal, PdqSignal, decode_image
from lawbridge.engines.signals.image import _flat_lines, encode_png, trim_borders, work_image
from lawbridge.engines.signals.pdq import parse_pdq
from lawbridge.engines.signals.synthetic import EDITS, apply_edit, make_panorama, make_scene
from lawbridge.errors import InvalidInput

SCENE = make_scene(3)


def png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        data = kind + body
        return struct.pack(">I", len(body)) + data + struct.pack(">I", zlib.crc32(data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"definitely not an image", "cannot decode"),
        (encode_png(SCENE)[:400], "cannot decode"),  # truncated
        (png_header_only(10_000, 5_000), "pixel limit"),  # refused from its header
        (png_header_only(20_000, 20_000), "decompression bomb"),  # Pillow's own guard
    ],
)
def test_bad_images_are_invalid_input(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        decode_image(data)


def test_oversized_upload_and_non_bytes_are_refused() -> None:
    with pytest.raises(InvalidInput, match="byte limit"):
        decode_image(b"\0" * 101, max_bytes=100)
    with pytest.raises(InvalidInput):
        PdqSignal().hash("not bytes")  # type: ignore[arg-type]


def test_modes_decode_to_rgb_at_work_size() -> None:
    buffer = io.BytesIO()
    Image.fromarray(SCENE).convert("RGBA").save(buffer, "PNG")
    image = decode_image(buffer.getvalue(), work_size=100)
    assert image.rgb.shape == (75, 100, 3) and image.original_size == (320, 240)


def test_pdq_dihedral_matches_flips_and_turns() -> None:
    pdq = PdqSignal()
    reference = pdq.hash(encode_png(SCENE))
    for variant in (SCENE[:, ::-1], SCENE[::-1], np.rot90(SCENE), np.rot90(SCENE, 2)):
        assert pdq.compare(pdq.hash(encode_png(variant)), reference).matched
    plain = PdqSignal(type(pdq.config)(dihedral=False))
    assert not plain.compare(plain.hash(encode_png(SCENE[:, ::-1])), reference).matched


def test_pdq_low_quality_is_kept_and_flagged() -> None:
    pdq = PdqSignal()
    flat = np.full((120, 160, 3), 128, dtype=np.uint8)
    signal = pdq.hash(encode_png(flat))
    assert parse_pdq(signal).low_quality
    index = pdq.new_index()
    index.add(signal, "flat")
    [match] = index.query(signal)
    assert match.comparison.detail["low_quality"] is True


def test_trim_removes_letterbox_bars() -> None:
    padded = np.pad(SCENE, ((40, 40), (10, 10), (0, 0)))
    luma = work_image(padded, (340, 320)).luma
    assert trim_borders(luma) == (40, 280, 10, 330)


@pytest.mark.parametrize("edit", EDITS)
def test_pdq_or_multicrop_catch_every_edit(edit: str) -> None:
    pdq, multi = PdqSignal(), MultiCropSignal()
    found = 0
    for seed in range(4):
        scene = make_scene(seed)
        image = pdq.decode(apply_edit(scene, edit, seed=seed))
        banned = pdq.decode(encode_png(scene))
        by_pdq = pdq.compare(pdq.hash_image(image), pdq.hash_image(banned)).matched
        by_multi = multi.compare(
            multi.hash_image(image), multi.hash_reference_image(banned)
        ).matched
        found += by_pdq or by_multi
    assert found >= 3


def test_hard_negatives_do_not_match() -> None:
    pdq, multi = PdqSignal(), MultiCropSignal()
    for seed in range(6):
        left, right = make_panorama(100 + seed)
        for other in (right, make_scene(200 + seed)):
            query = pdq.decode(encode_png(other))
            banned = pdq.decode(encode_png(left))
            assert not pdq.compare(pdq.hash_image(query), pdq.hash_image(banned)).matched
            assert not multi.compare(
                multi.hash_image(query), multi.hash_reference_image(banned)
            ).matched


@given(seed=st.integers(0, 1000), removed=st.sets(st.integers(0, 5), max_size=2))
@settings(derandomize=True, deadline=None, max_examples=8)
def test_multicrop_index_equals_brute_force(seed: int, removed: set[int]) -> None:
    multi = MultiCropSignal()
    refs = {f"r{i}": multi.hash_reference(encode_png(make_scene(seed + i))) for i in range(6)}
    index = multi.new_index()
    for ref, signal in refs.items():
        index.add(signal, ref)
    for i in removed:
        index.remove(f"r{i}")
    restored = MultiCropIndex.deserialize(index.serialize())
    for i, edit in enumerate(("crop5", "rotate3", "overlay")):
        query = multi.hash(apply_edit(make_scene(seed + i), edit, seed=seed))
        expected = {
            ref
            for ref, sig in refs.items()
            if int(ref[1:]) not in removed and multi.compare(query, sig).matched
        }
        assert {m.ref for m in index.query(query)} == expected
        assert {m.ref for m in restored.query(query)} == expected


def test_flat_line_count_equals_the_full_test_near_its_thresholds() -> None:
    """The early return on a clearly uneven outermost line gives what testing every line does,
    also for lines whose spread lies right around the threshold."""

    def full(lines: np.ndarray, spread: float) -> int:
        head = lines[: int(lines.shape[0] * 0.35)]
        if not len(head):
            return 0
        flat = (head.std(axis=1) <= spread) & (
            np.abs(head - head[0].mean()).max(axis=1) <= 4 * spread
        )
        return int(len(head) if flat.all() else np.argmin(flat))

    rng = np.random.default_rng(7)
    for _ in range(3000):
        h, w = (int(v) for v in rng.integers(2, 90, 2))
        base, sd = rng.uniform(0, 255), rng.uniform(4.5, 7.5)
        luma = np.clip(base + rng.normal(0, sd, (h, w)), 0, 255).astype(np.float32)
        luma[: int(rng.integers(0, h))] = np.float32(base)  # a flat band of some height
        for lines in (luma, luma[::-1], luma.T, luma.T[::-1]):
            assert _flat_lines(lines, 6.0) == full(lines, 6.0)
