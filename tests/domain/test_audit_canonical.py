"""The fast path of ``canonical_json`` writes exactly the RFC 8785 bytes of ``rfc8785``."""

from __future__ import annotations

from collections import OrderedDict
from enum import Enum, IntEnum, StrEnum
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from lawbridge.domain.audit import canonical_json


class _Level(IntEnum):
    HIGH = 3


class _Colour(StrEnum):
    RED = "red"


class _OldStyle(str, Enum):  # noqa: UP042 (str() of it is not its value: the case tested)
    GREEN = "green"


class _Ratio(float):
    pass


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
KEYS = st.text(max_size=6) | st.sampled_from(["a", "b", "\ue000", "\U0001f600", "é", "z\ufb01"])
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)


def _reference(value: Any) -> bytes | type[Exception]:
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as exc:
        return type(exc)


@settings(derandomize=True, deadline=None, max_examples=400)
@given(VALUES)
def test_fast_path_equals_rfc8785(value: Any) -> None:
    expected = _reference(value)
    if isinstance(expected, bytes):
        assert canonical_json(value) == expected
    else:
        with pytest.raises(expected):
            canonical_json(value)


@pytest.mark.parametrize(
    "value",
    [
        1.0,
        -0.0,
        1e-7,
        0.00001,
        1e16,
        1e21,
        2.0**53,
        123.456,
        {"\U0001f600": 1, "\ue000": 2},
        {"b": [1, 2.5, 'x\u0001\n"\\'], "a": None},
        ("t", 1),
        9007199254740991,
        {"e": [_Level.HIGH, _Colour.RED, _OldStyle.GREEN, _Ratio(2.0), _Ratio(0.25)]},
        OrderedDict([("z", 1.0), ("a", [0.0, -3.5])]),
    ],
)
def test_edge_values(value: Any) -> None:
    assert canonical_json(value) == rfc8785.dumps(value)


@pytest.mark.parametrize("value", [float("nan"), 2**53, {1: "x"}, "\ud800", {"k": {1, 2}}])
def test_what_rfc8785_refuses_is_refused(value: Any) -> None:
    with pytest.raises(rfc8785.CanonicalizationError):
        canonical_json(value)
