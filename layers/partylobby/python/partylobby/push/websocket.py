"""Fan-out over API Gateway WebSocket connections, in the push envelope of the client contract: {event, ts,
data}, the same for every aggregate's events.

The caller has read the recipients' sockets (one BatchGetItem, a constant number of DynamoDB requests
whatever the number of players online); every post then runs in parallel on a pool built once per
container, over a management client whose connection pool is as large. A 410 Gone is the socket's
disconnect, handled as one (`on_gone`, sessions' disconnect: the player's lobbies hear it, the grace starts)
once every post is done, in the caller's thread; no delivery failure ever fails the command that committed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from partylobby.clock import Clock, iso
from partylobby.domain.events import DomainEvent
from partylobby.metrics import Metric, count
from partylobby.push.notifier import Sockets

if TYPE_CHECKING:
    from mypy_boto3_apigatewaymanagementapi import ApiGatewayManagementApiClient

logger = Logger(child=True)

MAX_PUSH_BYTES = 128 * 1024
"""API Gateway's limit on one WebSocket message (PostToConnection refuses a larger one)."""
RESYNC_KEYS = ("party_id", "lobby_id", "version")
PARALLEL_POSTS = 32
"""Posts in flight at once; the management client's connection pool is built to match (bootstrap)."""


class WebSocketNotifier:
    def __init__(
        self,
        management: ApiGatewayManagementApiClient,
        clock: Clock,
        on_gone: Callable[[str, str], None],
    ) -> None:
        self.management = management
        self.clock = clock
        self.on_gone = on_gone  # (player, connection id) of a socket found closed
        self.pool = ThreadPoolExecutor(max_workers=PARALLEL_POSTS, thread_name_prefix="push")

    def publish(self, events: Sequence[DomainEvent], sockets: Sockets) -> None:
        now = self.clock()
        posts: list[tuple[str, str, bytes]] = []
        for event in events:
            data = encoded(event, now)  # once per event, whatever the audience
            posts.extend(
                (player, connection_id, data)
                for player in sorted(event.recipients)
                for connection_id in sorted(sockets.get(player, ()))
            )
        if posts:
            self.post_all(posts)

    def post_all(self, posts: Sequence[tuple[str, str, bytes]]) -> None:
        # Keep each socket's messages in order: one task per connection, its posts in sequence.
        by_connection: dict[str, list[tuple[str, bytes]]] = {}
        for player, connection_id, data in posts:
            by_connection.setdefault(connection_id, []).append((player, data))
        delivered = list(self.pool.map(lambda item: self._deliver(item[0], item[1]), by_connection.items()))
        gone = [(connection_id, player) for connection_id, _, player in delivered if player]
        count(Metric.PUSHES_SENT, sum(sent for _, sent, _ in delivered))  # counted here: metrics are not thread-safe
        count(Metric.STALE_SOCKETS, len(gone))
        # After the pool's work, in this thread: the disconnect may publish (a lobby's DISCONNECTED) in turn.
        for connection_id, player in gone:
            self.on_gone(player, connection_id)

    def _deliver(self, connection_id: str, messages: list[tuple[str, bytes]]) -> tuple[str, int, str | None]:
        """How many messages went out, and the player whose connection turned out gone, if it did."""
        client = self.management
        sent = 0
        for player, data in messages:
            try:
                client.post_to_connection(ConnectionId=connection_id, Data=data)
            except client.exceptions.GoneException:  # a ClientError subclass, so caught first
                return connection_id, sent, player
            except (ClientError, BotoCoreError):  # throttled, unreachable, timed out: the client resyncs later
                logger.warning("push failed", extra={"connection_id": connection_id})
                break
            sent += 1
        return connection_id, sent, None


def envelope(event: DomainEvent, now: datetime) -> dict[str, Any]:
    return {"event": event.name, "ts": iso(now), "data": _plain(event.data())}


def encoded(event: DomainEvent, now: datetime) -> bytes:
    """The push as sent. One too large to post goes as a resync hint instead: the same event with only the
    aggregate's id and version and `resync: true`, so the client fetches the state rather than lose it."""
    full = envelope(event, now)
    data = json.dumps(full).encode()
    if len(data) <= MAX_PUSH_BYTES:
        return data
    hint = {k: full["data"][k] for k in RESYNC_KEYS if k in full["data"]}
    return json.dumps({**full, "data": {**hint, "resync": True}}).encode()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
