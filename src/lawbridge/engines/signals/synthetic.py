"""Synthetic pictures for examples, tests and benchmarks: no image file is ever committed.

:func:`make_scene` paints a seeded scene (coloured waves, filled shapes, noise and a line of text
in Pillow's default font); :func:`make_panorama` a wide one whose tiles are "other tiles of the
same photo" (hard negatives for image matching).
"""

from __future__ import annotations

import io

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw


def make_scene(seed: int, width: int = 320, height: int = 240) -> npt.NDArray[np.uint8]:
    """An RGB uint8 array, the same for the same arguments."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    base = np.empty((height, width, 3), dtype=np.float32)
    for channel in range(3):
        a, b, phase = rng.uniform(-1.0, 1.0, 3)
        base[..., channel] = 128 + 60 * np.sin(a * xx / 30 + b * yy / 40 + phase * 6)
    base += rng.normal(0.0, 6.0, base.shape).astype(np.float32)
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(4, 9))):
        x0 = int(rng.integers(0, width - 30))
        y0 = int(rng.integers(0, height - 30))
        x1 = x0 + int(rng.integers(20, width // 2))
        y1 = y0 + int(rng.integers(20, height // 2))
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x0, y0, x1, y1), fill=colour)
    text_at = (int(rng.integers(0, width // 2)), int(rng.integers(0, height - 20)))
    draw.text(text_at, f"offer no. {seed}", fill=(255, 255, 255))
    return np.asarray(img).copy()


def make_panorama(seed: int, tiles: int = 2) -> list[npt.NDArray[np.uint8]]:
    """``tiles`` side-by-side 320×240 tiles cut from one wide scene."""
    wide = make_scene(seed, 320 * tiles, 240)
    return [wide[:, 320 * i : 320 * (i + 1)].copy() for i in range(tiles)]


EDITS = (
    "resize", "jpeg40", "crop2", "crop5", "crop12", "rotate1", "rotate3", "rotate6",
    "mirror", "overlay", "letterbox", "border", "grayscale",
)  # fmt: skip


def apply_edit(rgb: npt.NDArray[np.uint8], edit: str, seed: int = 0) -> bytes:
    """Encoded bytes (PNG, or JPEG q=40 for ``jpeg40``) of ``rgb`` after one of :data:`EDITS`.

    Crops take the given percentage off each dimension, split at random between the two sides;
    rotations keep the frame (corners filled black); the overlay is a caption bar over the bottom
    sixth; the letterbox adds black bars above and below; the border a white frame.
    """
    rng = np.random.default_rng(seed)
    img = Image.fromarray(rgb)
    w, h = img.size
    if edit == "resize":
        img = img.resize((w * 2 // 3, h * 2 // 3), Image.Resampling.BILINEAR)
    elif edit.startswith("crop"):
        img = _crop(img, int(edit[4:]) / 100, rng)
    elif edit.startswith("rotate"):
        img = img.rotate(float(edit[6:]) * rng.choice([-1, 1]), resample=Image.Resampling.BILINEAR)
    elif edit == "mirror":
        img = img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    elif edit == "overlay":
        draw = ImageDraw.Draw(img)
        draw.rectangle((0, h - h // 6, w, h), fill=(0, 0, 0))
        draw.text((10, h - h // 8), "SHARE BEFORE IT IS DELETED", fill=(255, 255, 0))
    elif edit == "letterbox":
        canvas = Image.new("RGB", (w, int(h * 1.4)), (0, 0, 0))
        canvas.paste(img, (0, int(h * 0.2)))
        img = canvas
    elif edit == "border":
        canvas = Image.new("RGB", (w + w // 8, h + w // 8), (255, 255, 255))
        canvas.paste(img, (w // 16, w // 16))
        img = canvas
    elif edit == "grayscale":
        img = img.convert("L").convert("RGB")
    elif edit != "jpeg40":
        raise ValueError(f"unknown edit {edit!r}")
    return _encode(img, "JPEG" if edit == "jpeg40" else "PNG")


def _crop(img: Image.Image, fraction: float, rng: np.random.Generator) -> Image.Image:
    w, h = img.size
    dx, dy = int(w * fraction), int(h * fraction)
    ox, oy = int(rng.integers(0, dx + 1)), int(rng.integers(0, dy + 1))
    return img.crop((ox, oy, w - (dx - ox), h - (dy - oy)))


def _encode(img: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, fmt, **({"quality": 40} if fmt == "JPEG" else {}))
    return buffer.getvalue()
