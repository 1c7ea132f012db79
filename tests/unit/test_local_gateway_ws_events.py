"""The WebSocket events the local gateway builds are API Gateway's, as the handlers and powertools parse them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from aws_lambda_powertools.utilities.parser.models import (
    APIGatewayWebSocketConnectEventModel,
    APIGatewayWebSocketDisconnectEventModel,
    APIGatewayWebSocketMessageEventModel,
    EventBridgeModel,
)

from local_gateway.ws_events import (
    WS_API_ID,
    Upgrade,
    authorizer_event,
    connect_event,
    disconnect_event,
    message_event,
    new_id,
    route_authorizer,
    scheduled_event,
)
from ws_handlers.models import ConnectEvent, DisconnectEvent, MessageEvent

EVENTS = Path(__file__).resolve().parents[2] / "events"
AUTHORIZER_ANSWER = {"principalId": "alice", "policyDocument": {}, "context": {"player_id": "alice"}}
API_GATEWAY_ID = re.compile(r"^[A-Za-z0-9_-]{15}=$")


def sample(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / name).read_text(encoding="utf-8"))
    return loaded


PARAMETERS = ("headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters")


def shape(value: Any) -> Any:
    """The keys of a JSON value, recursively (request parameters only by kind): API Gateway's payload shape."""
    if isinstance(value, dict):
        return {key: "parameters" if key in PARAMETERS else shape(item) for key, item in value.items()}
    return type(value).__name__


def an_upgrade(target: str = "/?token=t0k&lang=en&lang=fr") -> Upgrade:
    headers = [
        ("Host", "127.0.0.1:3001"),
        ("Connection", "Upgrade"),
        ("Upgrade", "websocket"),
        ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
        ("Sec-WebSocket-Version", "13"),
        ("User-Agent", "GameClient/1.0"),
    ]
    return Upgrade(new_id(), target, headers, "127.0.0.1", "live")


def authorizer() -> dict[str, Any]:
    return route_authorizer(AUTHORIZER_ANSWER, 12)


def test_ids_look_like_api_gateway_ids_and_are_unique() -> None:
    ids = {new_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(API_GATEWAY_ID.match(i) for i in ids)


def test_authorizer_event_has_the_request_shape() -> None:
    upgrade = an_upgrade()
    event = authorizer_event(upgrade)
    assert shape(event) == shape(sample("ws_authorizer_connect.json"))
    assert event["type"] == "REQUEST"
    assert event["methodArn"] == f"arn:aws:execute-api:us-east-1:123456789012:{WS_API_ID}/live/$connect"
    assert event["queryStringParameters"] == {"token": "t0k", "lang": "fr"}
    assert event["multiValueQueryStringParameters"] == {"token": ["t0k"], "lang": ["en", "fr"]}
    assert event["headers"]["User-Agent"] == "GameClient/1.0"
    assert event["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert event["multiValueHeaders"]["Host"] == ["127.0.0.1:3001"]
    assert "Upgrade" not in event["headers"] and "Connection" not in event["headers"]
    context = event["requestContext"]
    assert (context["routeKey"], context["eventType"], context["connectionId"]) == (
        "$connect",
        "CONNECT",
        upgrade.connection_id,
    )


def test_route_authorizer_is_the_context_plus_principal_and_latency() -> None:
    assert authorizer() == {"player_id": "alice", "principalId": "alice", "integrationLatency": 12}


def test_connect_event_parses_and_carries_the_authorizer_context() -> None:
    upgrade = an_upgrade()
    event = connect_event(upgrade, authorizer())
    assert shape(event) == shape(sample("ws_connect.json"))
    APIGatewayWebSocketConnectEventModel.model_validate(event)
    parsed = ConnectEvent.model_validate(event)
    assert parsed.request_context.authorizer.player_id == "alice"
    assert parsed.request_context.authorizer.principal_id == "alice"
    assert parsed.request_context.connection_id == upgrade.connection_id
    assert parsed.query_string_parameters == {"token": "t0k", "lang": "fr"}
    assert parsed.request_context.domain_name == "127.0.0.1"


def test_message_event_parses_with_a_unique_message_id() -> None:
    upgrade = an_upgrade()
    events = [message_event(upgrade, authorizer(), '{"action": "ping"}') for _ in range(3)]
    assert shape(events[0]) == shape(sample("ws_default_message.json"))
    for event in events:
        APIGatewayWebSocketMessageEventModel.model_validate(event)
        parsed = MessageEvent.model_validate(event)
        assert parsed.body == '{"action": "ping"}'
        assert parsed.request_context.route_key == "$default"
        assert parsed.request_context.authorizer is not None
        assert parsed.request_context.authorizer.player_id == "alice"
    assert len({e["requestContext"]["messageId"] for e in events}) == 3
    assert len({e["requestContext"]["requestId"] for e in events}) == 3


def test_disconnect_event_parses_with_code_and_reason() -> None:
    upgrade = an_upgrade()
    event = disconnect_event(upgrade, authorizer(), 1001, "Going away")
    assert shape(event) == shape(sample("ws_disconnect.json"))
    APIGatewayWebSocketDisconnectEventModel.model_validate(event)
    parsed = DisconnectEvent.model_validate(event).request_context
    assert (parsed.disconnect_status_code, parsed.disconnect_reason) == (1001, "Going away")
    assert parsed.authorizer is not None and parsed.authorizer.player_id == "alice"
    connected = ConnectEvent.model_validate(connect_event(upgrade, authorizer())).request_context
    assert parsed.connected_at == connected.connected_at


def test_connect_without_query_string_has_no_query_parameters() -> None:
    event = connect_event(an_upgrade("/"), authorizer())
    assert "queryStringParameters" not in event
    assert ConnectEvent.model_validate(event).query_string_parameters is None


def test_scheduled_event_is_eventbridges() -> None:
    event = scheduled_event("party-lobby-local-SweeperFunctionEveryMinute")
    assert shape(event) == shape(sample("sweeper_every_minute.json"))
    parsed = EventBridgeModel.model_validate(event)
    assert parsed.detail_type == "Scheduled Event"
    assert event["resources"] == [
        "arn:aws:events:us-east-1:123456789012:rule/party-lobby-local-SweeperFunctionEveryMinute"
    ]
