"""API Gateway's stage throttles, as template.yaml sets them: a token bucket per route, for all clients together.

A route takes `burst` requests at once and refills at `rate` a second; past that, API Gateway answers
429 `{"message": "Too Many Requests"}` before any function runs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limit:
    rate: float  # requests a second
    burst: int  # requests at once


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class Throttles:
    default: Limit
    per_route: Mapping[str, Limit]  # route key ("GET /me/party", "$connect") -> its own limit
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, route_key: str) -> bool:
        limit = self.per_route.get(route_key, self.default)
        now = self.clock()
        with self._lock:
            bucket = self._buckets.setdefault(route_key, _Bucket(float(limit.burst), now))
            bucket.tokens = min(float(limit.burst), bucket.tokens + (now - bucket.updated) * limit.rate)
            bucket.updated = now
            if bucket.tokens < 1:
                return False
            bucket.tokens -= 1
            return True

    def describe(self) -> str:
        shown = {f"{self.default.rate:g}/s (burst {self.default.burst})"}
        shown |= {f"{limit.rate:g}/s (burst {limit.burst})" for limit in self.per_route.values()}
        return ", ".join(sorted(shown))
