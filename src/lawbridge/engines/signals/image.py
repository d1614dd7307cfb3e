"""Image decoding and the pixel helpers the image signals share.

:func:`decode_image` refuses oversized uploads and decompression bombs (pixel limit checked from
the header, before any pixel is decoded) and turns every Pillow failure on a corrupt or
truncated file into :class:`~lawbridge.errors.InvalidInput`. JPEGs decode at a reduced scale
(``draft``): the signals need at most ``work_size`` pixels a side, so decoding is a fraction of
a full decode. Decode once and pass the :class:`WorkImage` to every image signal's
``hash_image``.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from PIL import Image, JpegImagePlugin, UnidentifiedImageError

from lawbridge.errors import InvalidInput

DEFAULT_MAX_BYTES = 20_000_000
DEFAULT_MAX_PIXELS = 40_000_000
WORK_SIZE = 128


@dataclass(frozen=True, slots=True)
class WorkImage:
    """A decoded image scaled to at most ``work_size`` a side: RGB and luma (float32)."""

    rgb: npt.NDArray[np.uint8]
    luma: npt.NDArray[np.float32]
    original_size: tuple[int, int]


def decode_image(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    work_size: int = WORK_SIZE,
) -> WorkImage:
    """Decode ``data`` (any format Pillow reads; the first frame) into a :class:`WorkImage`."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InvalidInput("image: content must be bytes")
    if len(data) > max_bytes:
        raise InvalidInput(f"image: {len(data)} bytes, over the {max_bytes}-byte limit")
    if len(data) == 0:
        raise InvalidInput("image: empty file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _decode(bytes(data), max_pixels, work_size)
    except InvalidInput:
        raise
    except (OSError, ValueError, SyntaxError, EOFError, UnidentifiedImageError) as exc:
        raise InvalidInput(f"image: cannot decode ({type(exc).__name__}: {exc})") from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidInput(f"image: refused as a decompression bomb ({exc})") from exc


def _decode(data: bytes, max_pixels: int, work_size: int) -> WorkImage:
    img: Image.Image = Image.open(io.BytesIO(data))
    width, height = img.size
    if width <= 0 or height <= 0 or width * height > max_pixels:
        raise InvalidInput(f"image: {width}x{height} pixels, over the {max_pixels}-pixel limit")
    if isinstance(img, JpegImagePlugin.JpegImageFile):
        img.draft("RGB", (work_size // 2, work_size // 2))
    img.load()
    if img.mode != "RGB":
        img = _to_rgb(img)
    img = fit(img, work_size)
    return work_image(np.asarray(img), (width, height))


def fit(img: Image.Image, size: int) -> Image.Image:
    """``img`` area-averaged down so that its longest side is at most ``size``."""
    w, h = img.size
    if max(w, h) <= size:
        return img
    scale = size / max(w, h)
    return img.resize((max(round(w * scale), 1), max(round(h * scale), 1)), Image.Resampling.BOX)


def _to_rgb(img: Image.Image) -> Image.Image:
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(canvas, rgba).convert("RGB")
    return img.convert("RGB")


def work_image(rgb: npt.NDArray[np.uint8], original_size: tuple[int, int]) -> WorkImage:
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    luma = rgb.astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return WorkImage(rgb, np.ascontiguousarray(luma), original_size)


def encode_png(rgb: npt.NDArray[np.uint8]) -> bytes:
    """PNG bytes of an RGB array (for examples and tests)."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb, dtype=np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def trim_borders(
    luma: npt.NDArray[np.float32], *, spread: float = 6.0
) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) bounds without uniform borders or letterbox bars.

    A border line is nearly flat (standard deviation ≤ ``spread``) and close to the outermost
    line; at most 35 % of each dimension is trimmed from each side, and nothing when that would
    leave under 30 % of it.
    """
    h, w = luma.shape
    top = _flat_lines(luma, spread)
    bottom = h - _flat_lines(luma[::-1], spread)
    left = _flat_lines(luma.T, spread)
    right = w - _flat_lines(luma.T[::-1], spread)
    if bottom - top < 0.3 * h or right - left < 0.3 * w:
        return 0, h, 0, w
    return top, bottom, left, right


_MARGIN = 0.05  # far above float32 rounding of a line's std and deviation (values 0..255)


def _flat_lines(lines: npt.NDArray[np.float32], spread: float) -> int:
    limit = int(lines.shape[0] * 0.35)
    head = lines[:limit]
    if not len(head):
        return 0
    # Most pictures have no border: when the outermost line is clearly not flat (in float64,
    # by more than any rounding of the float32 test below), the answer is 0 without the rest.
    first = head[0].astype(np.float64)
    if first.std() > spread + _MARGIN or np.abs(first - first.mean()).max() > 4 * spread + _MARGIN:
        return 0
    flat = (head.std(axis=1) <= spread) & (np.abs(head - head[0].mean()).max(axis=1) <= 4 * spread)
    return int(limit if flat.all() else np.argmin(flat))


@lru_cache(maxsize=4)
def _dct_matrix(n: int) -> npt.NDArray[np.float32]:
    k = np.arange(n)
    return np.cos(np.pi * (2 * k[None, :] + 1) * k[:, None] / (2 * n)).astype(np.float32)


@lru_cache(maxsize=4)
def _low_frequencies(nbits: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    pairs = sorted(
        ((i, j) for i in range(24) for j in range(24) if i + j > 0),
        key=lambda t: (t[0] + t[1], t[0]),
    )[:nbits]
    return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])


def region_thumbs(
    luma: npt.NDArray[np.float32], boxes: list[tuple[int, int, int, int]], side: int = 32
) -> npt.NDArray[np.float32]:
    """Area-averaged ``side``×``side`` thumbnails of (left, top, right, bottom) boxes of ``luma``."""
    img = Image.fromarray(np.ascontiguousarray(luma, dtype=np.float32), mode="F")
    return np.stack(
        [np.asarray(img.resize((side, side), Image.Resampling.BOX, box=b)) for b in boxes]
    )


def dct_hashes(thumbs: npt.NDArray[np.float32], nbits: int = 128) -> npt.NDArray[np.uint8]:
    """``nbits`` hashes of (k, side, side) thumbnails: the signs of their lowest-frequency DCT
    coefficients (DC excluded) against each thumbnail's median; (k, nbits/8) uint8."""
    matrix = _dct_matrix(thumbs.shape[1])
    coeffs = (matrix @ thumbs @ matrix.T)[:, *_low_frequencies(nbits)]
    return np.packbits(coeffs > np.median(coeffs, axis=1, keepdims=True), axis=1)
