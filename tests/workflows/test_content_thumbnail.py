"""The fast thumbnail PNG decodes (with Pillow) to exactly the array it was written from."""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from lawbridge.engines.signals.synthetic import make_scene
from lawbridge.workflows.content_thumbnail import thumbnail_png

SHAPES = st.tuples(st.integers(1, 40), st.integers(1, 40), st.just(3))


@settings(derandomize=True, deadline=None, max_examples=60)
@given(arrays(np.uint8, SHAPES))
def test_round_trip_is_lossless(rgb: np.ndarray) -> None:
    image = Image.open(io.BytesIO(thumbnail_png(rgb)))
    assert image.mode == "RGB"
    assert np.array_equal(np.asarray(image), rgb)


def test_a_photo_round_trips_and_compresses() -> None:
    rgb = np.ascontiguousarray(make_scene(7)[:96, :128])
    data = thumbnail_png(rgb)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data))), rgb)
    assert len(data) < rgb.size  # compressed, not stored


@pytest.mark.parametrize("bad", [np.zeros((4, 4), np.uint8), np.zeros((4, 4, 3), np.float32),
                                 np.zeros((0, 4, 3), np.uint8)])  # fmt: skip
def test_refuses_what_is_not_an_rgb_image(bad: np.ndarray) -> None:
    with pytest.raises(ValueError):
        thumbnail_png(bad)


@pytest.mark.parametrize("isal", [True, False])
def test_either_deflate_writes_the_same_pixels(isal: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from lawbridge.workflows import content_thumbnail

    if isal and not content_thumbnail.HAVE_ISAL:
        pytest.skip("isal is not installed")
    monkeypatch.setattr(content_thumbnail, "HAVE_ISAL", isal)
    rgb = np.ascontiguousarray(make_scene(3)[:128, :100])
    data = thumbnail_png(rgb)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data))), rgb)
    assert len(data) < rgb.size
