"""Failed API tokens per client address: too many in a window and the address is refused (429 with
Retry-After) before its token is even looked at.

A token's secret has 256 bits, so guessing one is hopeless; what an unthrottled stream of wrong
tokens does is burn the server's CPU (each check of a known token id's secret is an Argon2
verification, ~5–10 ms) and fill the logs. The count is kept in each API process's memory, not in
the database: a request with a good token must not pay a query for it, and a limit that is per
process (so ``workers`` times the setting in all) is enough to bound that cost. A valid token is
never refused while its address is under the limit; once over it, the address waits out the
window whatever it presents. Behind a reverse proxy the address is the client's only if the proxy
sets ``X-Forwarded-For`` and uvicorn trusts it (docs/deployment.md).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class FailureLimiter:
    """At most ``limit`` failures per address in a fixed window of ``window`` seconds."""

    def __init__(
        self,
        limit: int,
        window: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_addresses: int = 10_000,
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self.max_addresses = max_addresses
        self._windows: OrderedDict[str, tuple[float, int]] = OrderedDict()  # start, failures
        self._lock = threading.Lock()

    def retry_after(self, address: str) -> float | None:
        """Seconds until ``address`` may present a token again; None while it may."""
        with self._lock:
            entry = self._windows.get(address)
            if entry is None:
                return None
            start, failures = entry
            left = start + self.window - self.clock()
            return left if failures >= self.limit and left > 0 else None

    def failed(self, address: str) -> None:
        """Count one failed token from ``address``."""
        with self._lock:
            now = self.clock()
            start, failures = self._windows.pop(address, (now, 0))
            if now - start >= self.window:
                start, failures = now, 0
            self._windows[address] = (start, failures + 1)  # most recent last
            while len(self._windows) > self.max_addresses:
                self._windows.popitem(last=False)  # the address that failed longest ago
