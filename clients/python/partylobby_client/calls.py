"""What every group of calls shares: the HTTP transport, the sync engine, and safe path segments."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from partylobby_client.http import HttpTransport
from partylobby_client.sync import SyncEngine


def seg(value: str) -> str:
    """One path segment: a player or aggregate id, percent-encoded."""
    return quote(value, safe="")


class Calls:
    _http: HttpTransport
    _sync: SyncEngine

    async def _call(self, method: str, path: str, body: Any = None, **options: Any) -> Any:
        return await self._http.call(method, path, body, **options)
