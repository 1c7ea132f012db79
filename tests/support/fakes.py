"""Fakes for the service tier: a clock that only moves when told, a notifier that records, a management API."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
from botocore.exceptions import EndpointConnectionError

from partylobby.domain.events import DomainEvent
from partylobby.push.notifier import Sockets


class FakeClock:
    def __init__(self, start: datetime = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class RecordingNotifier:
    def __init__(self) -> None:
        self.events: list[Any] = []  # any aggregate's events; tests read their fields

    def publish(self, events: Sequence[DomainEvent], sockets: Sockets) -> None:
        self.events.extend(events)

    def names(self) -> list[str]:
        return [e.name for e in self.events]

    def of(self, name: str) -> list[Any]:
        return [e for e in self.events if e.name == name]

    def clear(self) -> None:
        self.events.clear()


class FakeManagementApi:
    """Stands in for the @connections management client; its exceptions are botocore's real ones."""

    def __init__(self) -> None:
        real = boto3.client("apigatewaymanagementapi", endpoint_url="http://127.0.0.1:9", region_name="us-east-1")
        self.exceptions = real.exceptions
        self.posts: list[tuple[str, dict[str, Any]]] = []
        self.deleted: list[str] = []
        self.gone: set[str] = set()
        self.unreachable: set[str] = set()  # posts to these fail before API Gateway answers

    def post_to_connection(self, *, ConnectionId: str, Data: bytes) -> None:  # noqa: N803 - boto3's names
        if ConnectionId in self.gone:
            raise self.exceptions.GoneException(
                {"Error": {"Code": "GoneException", "Message": "gone"}}, "PostToConnection"
            )
        if ConnectionId in self.unreachable:
            raise EndpointConnectionError(endpoint_url=f"https://ws.invalid/@connections/{ConnectionId}")
        self.posts.append((ConnectionId, json.loads(Data)))

    def delete_connection(self, *, ConnectionId: str) -> None:  # noqa: N803
        self.deleted.append(ConnectionId)

    def received(self, connection_id: str) -> list[str]:
        return [p["event"] for c, p in self.posts if c == connection_id]
