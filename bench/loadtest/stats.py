"""What the players' requests got back: latency per command, and each answer's class.

Classes: `ok` (2xx); `refused`, a 4xx with a contract err_code, which a realistic mix expects (joining a full
party, kicking someone who already left, racing joins); `quota`, a per-player quota's 429; `throttled`, API
Gateway's own 429; `failed`, which fails the run: a 5xx, a timeout, a transport error, a 401 (every token is
valid for the whole run), a 4xx without an err_code, or a WebSocket the server closed or refused.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import httpx

QUOTA_CODES = frozenset({"kBackendTooManyRequests", "EOS_TooManyRequests"})
FAILURE_SAMPLES = 20


class Outcome(StrEnum):
    OK = "ok"
    REFUSED = "refused"
    QUOTA = "quota"
    THROTTLED = "throttled"
    FAILED = "failed"


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no answer (timeout, transport error)
    body: Any = None
    problem: str = ""  # why there was no answer
    correlation_id: str = ""

    @classmethod
    def of(cls, response: httpx.Response) -> Answer:
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = response.text[:200]
        return cls(response.status_code, body, correlation_id=response.headers.get("x-correlation-id", ""))

    @property
    def ok(self) -> bool:
        return self.status == 101 or 200 <= self.status < 300  # 101: a WebSocket opened

    @property
    def err_code(self) -> str:
        return str(self.body.get("err_code", "")) if isinstance(self.body, dict) else ""

    @property
    def outcome(self) -> Outcome:
        if self.ok:
            return Outcome.OK
        if self.status == 429:
            return Outcome.QUOTA if self.err_code in QUOTA_CODES else Outcome.THROTTLED
        if 400 <= self.status < 500 and self.status != 401 and self.err_code:
            return Outcome.REFUSED
        return Outcome.FAILED

    @property
    def summary(self) -> str:
        """Enough of the answer to follow a player's trail: its version, or its err_code."""
        if isinstance(self.body, dict) and "version" in self.body:
            return f"v{self.body['version']}"
        return "" if self.ok else self.label

    @property
    def label(self) -> str:
        """The err_code, or what stands for it."""
        return self.err_code or self.problem or f"HTTP {self.status}"


@dataclass
class CommandStats:
    latencies: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    outcomes: Counter[tuple[str, Outcome, str]] = field(default_factory=Counter)
    other_failures: int = 0  # not an HTTP answer: a WebSocket closed or refused by the server
    failures: list[str] = field(default_factory=list)  # the first few, described

    def record(self, command: str, answer: Answer, milliseconds: float, request: str) -> None:
        self.latencies[command].append(milliseconds)
        outcome = answer.outcome
        self.outcomes[command, outcome, "" if outcome is Outcome.OK else answer.label] += 1
        if outcome is Outcome.FAILED:
            message = answer.body.get("msg", "") if isinstance(answer.body, dict) else answer.body
            correlation = f" (X-Correlation-Id {answer.correlation_id})" if answer.correlation_id else ""
            self._sample(f"{command} {request}: {answer.label} {message or ''}{correlation}")

    def failure(self, text: str) -> None:
        self.other_failures += 1
        self._sample(text)

    def _sample(self, text: str) -> None:
        if len(self.failures) < FAILURE_SAMPLES:
            self.failures.append(text)

    def count(self, outcome: Outcome, command: str | None = None) -> int:
        return sum(n for (name, kind, _), n in self.outcomes.items() if kind is outcome and command in (None, name))

    def by_code(self, outcome: Outcome) -> Counter[tuple[str, str]]:
        return Counter({(name, code): n for (name, kind, code), n in self.outcomes.items() if kind is outcome})

    @property
    def requests(self) -> int:
        return sum(len(samples) for samples in self.latencies.values())

    @property
    def failed(self) -> int:
        return self.count(Outcome.FAILED) + self.other_failures


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 (ms)."""
    if len(samples) < 2:
        value = samples[0] if samples else 0.0
        return value, value, value
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]
