"""Per-host politeness: one request at a time, and a gap between the end of one and the start of the next.

The gap is measured from the end of the previous response, so the server sees at least
``delay`` seconds between the arrival of two requests whatever the network does. A host told to
wait (Retry-After, back-off) waits as a whole, not just the one URL.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class HostSlot:
    """One host's turn-taking; ``delay`` is the larger of the source's delay and robots.txt's Crawl-delay."""

    host: str
    delay: float
    clock: Callable[[], float] = time.monotonic
    ready_at: float = 0.0
    last_end: float | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    requests: int = 0

    def wait_time(self) -> float:
        return max(0.0, self.ready_at - self.clock())

    def set_delay(self, delay: float) -> None:
        """A new delay (robots.txt's Crawl-delay) applies from the end of the last request already."""
        self.delay = delay
        if self.last_end is not None:
            self.ready_at = max(self.ready_at, self.last_end + delay)

    def defer(self, seconds: float) -> None:
        """No request to this host for ``seconds`` from now (Retry-After, back-off)."""
        self.ready_at = max(self.ready_at, self.clock() + seconds)

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold the host for one request; the next turn starts ``delay`` after this one ends."""
        async with self.lock:
            while (wait := self.wait_time()) > 0:
                await asyncio.sleep(wait)
            try:
                self.requests += 1
                yield
            finally:
                self.last_end = self.clock()
                self.ready_at = max(self.ready_at, self.last_end + self.delay)


class Slots:
    """The HostSlot of every host seen in a run."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.by_host: dict[str, HostSlot] = {}

    def get(self, host: str, delay: float) -> HostSlot:
        slot = self.by_host.get(host)
        if slot is None:
            slot = self.by_host[host] = HostSlot(host, delay, self.clock)
        return slot
