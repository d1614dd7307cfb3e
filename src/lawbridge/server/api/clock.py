"""The clock cooperation endpoints read "now" from: the system clock, unless the application was
given another (``app.state.clock``: tests and what-if runs use a ``SimulatedClock``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from lawbridge.domain.clocks import SYSTEM_CLOCK, Clock


def get_clock(request: Request) -> Clock:
    clock: Clock = getattr(request.app.state, "clock", None) or SYSTEM_CLOCK
    return clock


ClockDep = Annotated[Clock, Depends(get_clock)]
