"""Rate limits for API calls and pages: a token bucket per caller and per client address.

Each caller (an API key's or a user's name) and each client address has a bucket that holds
at most ``burst`` tokens and refills at ``rate`` tokens a second; a request takes one token, and
a request finding its bucket empty is answered 429 with ``Retry-After`` (whole seconds until a
token is back). The address bucket is charged before the caller is known to be valid too, so
guessing API keys is slowed as well. Names listed as exempt (``OFFRAMP_WEB_RATE_EXEMPT``, e.g.
the load benchmark's key) skip both buckets.

Buckets live in the process: with ``--workers N`` a caller may make N times the rate. That is
a limit against a runaway script or a flood, not an accounting of quota. Memory is bounded:
past :data:`MAX_BUCKETS` buckets, those already full again (idle callers) are dropped.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

MAX_BUCKETS = 10_000


class TokenBuckets:
    """Token buckets by key, all with the same ``rate`` (tokens/second) and ``burst``."""

    def __init__(self, rate: float, burst: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("a rate limit needs a positive rate and a burst of at least 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, key: str) -> float | None:
        """Take a token for ``key``: None when there was one, else the seconds until there
        will be (nothing is taken then)."""
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                if len(self._buckets) > MAX_BUCKETS:
                    self._prune(now)
                return None
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _prune(self, now: float) -> None:
        # A bucket that would be full by now is the same as no bucket: forget it.
        full = [k for k, (tokens, at) in self._buckets.items()
                if tokens + (now - at) * self.rate >= self.burst]
        for key in full:
            del self._buckets[key]


class RateLimiter:
    """The two limits every authenticated route applies: per caller and per client address."""

    def __init__(self, *, per_caller: tuple[float, float], per_client: tuple[float, float],
                 exempt: frozenset[str] = frozenset(),
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.callers = TokenBuckets(*per_caller, clock=clock)
        self.clients = TokenBuckets(*per_client, clock=clock)
        self.exempt = frozenset(name.casefold() for name in exempt)

    def is_exempt(self, name: str) -> bool:
        """Whether ``name`` (a key's or user's name) is exempt from both limits."""
        return name.casefold() in self.exempt

    def client_wait(self, client: str) -> int | None:
        """None if the client address may go on, else the whole seconds to wait."""
        return _seconds(self.clients.take(client))

    def caller_wait(self, name: str) -> int | None:
        """None if the caller may go on, else the whole seconds to wait."""
        return _seconds(self.callers.take(name.casefold()))


def _seconds(wait: float | None) -> int | None:
    return None if wait is None else max(1, math.ceil(wait))
