"""``lawbridge.__all__`` is the public API: every name it lists exists and is documented (httpx)."""

from __future__ import annotations

import lawbridge


def test_all_names_exist() -> None:
    assert lawbridge.__all__, "the package exports nothing"
    for name in lawbridge.__all__:
        assert hasattr(lawbridge, name), name


def test_all_has_no_duplicates_and_is_sorted() -> None:
    assert len(set(lawbridge.__all__)) == len(lawbridge.__all__)
    assert lawbridge.__all__ == sorted(lawbridge.__all__)


def test_public_classes_and_functions_are_documented() -> None:
    for name in lawbridge.__all__:
        member = getattr(lawbridge, name)
        if callable(member):
            assert member.__doc__, name
            assert member.__module__.startswith("lawbridge"), name


def test_version_is_a_string() -> None:
    assert isinstance(lawbridge.__version__, str)
    assert lawbridge.__version__.count(".") >= 2
