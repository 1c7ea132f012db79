"""The HTTP half of the client: bearer token, JSON, error mapping, 429 retries and Idempotency-Key."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from partylobby_client.errors import TransportError, error_from_answer

logger = logging.getLogger("partylobby_client")
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    """How 429 answers are retried: at most `max_retries` times, each after the answer's Retry-After (or
    `default_wait` without one), and never when the service asks for more than `max_wait` seconds."""

    max_retries: int = 3
    max_wait: float = 60.0
    default_wait: float = 1.0


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: this service never sends one


class HttpTransport:
    """One httpx.AsyncClient for a player's calls. `transport` lets tests put an httpx.MockTransport in."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._token = token
        self._client = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout, transport=transport)

    @property
    def token(self) -> str:
        return self._token

    def set_token(self, token: str) -> None:
        """A refreshed token for the calls that follow (the WebSocket takes it on its next connect)."""
        self._token = token

    async def aclose(self) -> None:
        await self._client.aclose()

    async def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: dict[str, Any] | None = None,
        idempotent: bool = False,
        idempotency_key: str | None = None,
    ) -> Any:
        """The answer's JSON (None for 204). `idempotent` sends an Idempotency-Key, the same on every retry."""
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "application/json"}
        if idempotent or idempotency_key:
            headers["Idempotency-Key"] = idempotency_key or new_idempotency_key()
        attempt = 0
        while True:
            response = await self._send(method, path, body, params, headers)
            if response.status_code != 429 or attempt >= self.retry.max_retries:
                return _answer(response)
            wait = retry_after_seconds(response)
            wait = self.retry.default_wait if wait is None else wait
            if wait > self.retry.max_wait:
                return _answer(response)
            attempt += 1
            logger.info("429 on %s %s: retry %d after %.1f s", method, path, attempt, wait)
            await self._sleep(wait)

    async def _send(
        self, method: str, path: str, body: Any, params: dict[str, Any] | None, headers: dict[str, str]
    ) -> httpx.Response:
        try:
            return await self._client.request(method, path, json=body, params=params, headers=headers)
        except httpx.HTTPError as error:
            raise TransportError("TransportError", 0, f"{type(error).__name__}: {error}") from error


def _answer(response: httpx.Response) -> Any:
    if response.is_success and (response.status_code == 204 or not response.content):
        return None
    try:
        body = response.json()
    except ValueError:
        body = response.text
    if response.is_success:
        return body
    raise error_from_answer(response.status_code, body, retry_after_seconds(response))
