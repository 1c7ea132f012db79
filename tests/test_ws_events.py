"""The WebSocket, authorizer and schedule sample events: they parse and their handlers answer them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from local_gateway.tokens import DevTokens
from partylobby.store.presence import PresenceStore
from partylobby.store.table import Table
from tests.support.lambdas import EVENTS_DIR, FakeLambdaContext, fresh_handler, load
from tests.support.quota_window import at_the_start_of_a_minute
from ws_handlers.models import ConnectEvent, DisconnectEvent, MessageEvent

SAMPLE_SECRET = "sample-events-secret-not-for-production"
"""The HS256 secret the sample tokens in events/ are signed with (they expire in 2100)."""


@pytest.fixture
def jwt_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("JWT_ISSUER", "party-lobby-local")
    monkeypatch.setenv("JWT_AUDIENCE", "party-lobby")
    monkeypatch.setenv("JWT_SECRET", SAMPLE_SECRET)
    yield


def event(name: str) -> dict[str, Any]:
    return load(EVENTS_DIR / name)


@pytest.mark.parametrize(
    ("file", "model"),
    [
        ("ws_connect.json", ConnectEvent),
        ("ws_disconnect.json", DisconnectEvent),
        ("ws_default_message.json", MessageEvent),
    ],
)
def test_websocket_events_parse_with_the_powertools_based_models(
    file: str, model: type[ConnectEvent | DisconnectEvent | MessageEvent]
) -> None:
    parsed = model.model_validate(event(file))
    assert parsed.request_context.connection_id == "Vn3eMcJ3oAMCJ8w="


def test_connect_then_disconnect_tracks_the_socket(moto_table: str) -> None:
    handler = fresh_handler("WebSocketFunction")
    assert handler(event("ws_connect.json"), FakeLambdaContext()) == {"statusCode": 200}
    presence = PresenceStore(Table(boto3.client("dynamodb"), moto_table))
    assert set(presence.sockets_of(["alice"])) == {"alice"}
    assert handler(event("ws_default_message.json"), FakeLambdaContext()) == {"statusCode": 200}
    assert handler(event("ws_disconnect.json"), FakeLambdaContext()) == {"statusCode": 200}
    assert set(presence.sockets_of(["alice"])) == set()


def test_authorizer_allows_a_valid_token_for_its_player(moto_table: str, jwt_env: None) -> None:
    handler = fresh_handler("WebSocketAuthorizerFunction")
    sample = event("ws_authorizer_connect.json")
    answer = handler(sample, FakeLambdaContext())
    assert answer["principalId"] == "alice"
    assert answer["context"] == {"player_id": "alice"}
    (statement,) = answer["policyDocument"]["Statement"]
    assert (statement["Effect"], statement["Resource"]) == ("Allow", sample["methodArn"])


@pytest.mark.parametrize("token", ["", "not-a-jwt", "e30.e30.c2ln"])
def test_authorizer_refuses_a_bad_token_as_unauthorized(token: str, moto_table: str, jwt_env: None) -> None:
    handler = fresh_handler("WebSocketAuthorizerFunction")
    sample = event("ws_authorizer_connect.json")
    sample["queryStringParameters"] = {"token": token}
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        handler(sample, FakeLambdaContext())


def test_sweeper_runs_on_its_schedule_event(moto_table: str) -> None:
    handler = fresh_handler("SweeperFunction")
    assert handler(event("sweeper_every_minute.json"), FakeLambdaContext()) == {"removed": 0}


def test_sample_event_files_are_json_objects() -> None:
    for file in Path(EVENTS_DIR).glob("*.json"):
        assert isinstance(json.loads(file.read_text(encoding="utf-8")), dict)


@pytest.mark.parametrize("subject", ["", "s" * 5000, "has space"])
def test_authorizer_refuses_a_signed_token_whose_subject_is_no_player_id(
    subject: str, moto_table: str, jwt_env: None
) -> None:
    handler = fresh_handler("WebSocketAuthorizerFunction")
    sample = event("ws_authorizer_connect.json")
    sample["queryStringParameters"] = {"token": DevTokens(secret=SAMPLE_SECRET).issue(subject)}
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        handler(sample, FakeLambdaContext())


@at_the_start_of_a_minute
def test_the_thirty_first_connect_in_a_minute_is_refused_429_and_opens_nothing(moto_table: str) -> None:
    handler = fresh_handler("WebSocketFunction")
    sample = event("ws_connect.json")
    for n in range(30):
        sample["requestContext"]["connectionId"] = f"socket-{n}"
        assert handler(sample, FakeLambdaContext()) == {"statusCode": 200}
    sample["requestContext"]["connectionId"] = "one-too-many"
    answer = handler(sample, FakeLambdaContext())
    assert answer["statusCode"] == 429
    assert 1 <= int(answer["headers"]["Retry-After"]) <= 60
    presence = PresenceStore(Table(boto3.client("dynamodb"), moto_table))
    assert "one-too-many" not in presence.sockets_of(["alice"])["alice"]
