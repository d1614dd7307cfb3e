"""Another transaction at the same time: ``work`` runs in a thread while the test holds its own."""

from __future__ import annotations

import threading
from collections.abc import Callable


def meanwhile(work: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    """Start ``work`` in another thread; what it raises is collected in the returned list."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors
