"""The local stack's stage throttles: template.yaml's rates and bursts, a token bucket per route."""

from __future__ import annotations

import json
from dataclasses import replace

from local_gateway.template import throttles
from local_gateway.throttles import Limit, Throttles
from tests.unit.test_local_gateway_http import TOKENS, RecordingFunction, call, gateway_with


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_route_takes_its_burst_at_once_then_refills_at_its_rate() -> None:
    ticks = Ticks()
    bucket = Throttles(Limit(rate=2, burst=3), {}, clock=ticks)
    assert [bucket.allow("GET /x") for _ in range(4)] == [True, True, True, False]
    ticks.now = 0.5  # one token back at 2 a second
    assert [bucket.allow("GET /x") for _ in range(2)] == [True, False]
    assert bucket.allow("GET /y")  # every route has its own bucket


def test_the_template_sets_commands_reads_chat_and_the_websocket_apart() -> None:
    http, websocket = throttles("http"), throttles("websocket")
    assert http.default == Limit(500, 1000)  # every command route
    assert http.per_route["GET /me/party"] == http.per_route["PATCH /lobbies/{lobby_id}"] == Limit(1700, 3400)
    assert http.per_route["POST /parties/{party_id}/chat"] == Limit(1000, 2000)
    assert websocket.per_route["$connect"] == Limit(500, 1000)


def test_a_throttled_route_is_api_gateways_429_and_the_function_never_runs() -> None:
    function = RecordingFunction()
    gateway = replace(gateway_with(function), throttles=Throttles(Limit(rate=0.001, burst=2), {}))
    token = TOKENS.issue("alice")
    statuses = [call(gateway, "GET", "/me/party", token).status for _ in range(3)]
    refused = call(gateway, "GET", "/me/party", token)
    assert statuses == [200, 200, 429]
    assert json.loads(refused.body) == {"message": "Too Many Requests"}
    assert len(function.events) == 2
