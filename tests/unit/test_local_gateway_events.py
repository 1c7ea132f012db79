"""The events the local gateway builds are API Gateway HTTP API payload 2.0, as powertools parses them."""

from __future__ import annotations

import base64
import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2
from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventV2Model

from local_gateway.events import HttpRequest, api_gateway_claims, build_event, to_response
from local_gateway.routing import Match
from local_gateway.template import Route

ROUTE = Route("PUT", "/parties/{party_id}/custom-data/players/me", "PartyApiFunction")
CLAIMS = {"sub": "alice", "exp": 1700000000, "aud": "party-lobby", "cognito:groups": ["admin", "ops"]}


def event_for(request: HttpRequest, claims: dict[str, Any] | None = CLAIMS) -> dict[str, Any]:
    return build_event(request, Match(ROUTE, {"party_id": "p1"}), claims, "req-1")


def a_request(**changes: Any) -> HttpRequest:
    defaults: dict[str, Any] = {
        "method": "PUT",
        "target": "/parties/p1/custom-data/players/me?a=1&a=2&b=",
        "headers": [
            ("Host", "127.0.0.1:3000"),
            ("Content-Type", "application/json"),
            ("User-Agent", "pytest"),
            ("X-Multi", "one"),
            ("x-multi", "two"),
            ("Cookie", "k=v; theme=dark"),
        ],
        "body": b'{"data": "ready"}',
    }
    return HttpRequest(**{**defaults, **changes})


def test_event_parses_with_the_powertools_model() -> None:
    model = APIGatewayProxyEventV2Model.model_validate(event_for(a_request()))
    assert model.version == "2.0"
    assert model.routeKey == "PUT /parties/{party_id}/custom-data/players/me"
    assert model.requestContext.stage == "$default"
    assert model.requestContext.http.method == "PUT"
    assert model.requestContext.authorizer is not None and model.requestContext.authorizer.jwt is not None
    assert model.requestContext.authorizer.jwt.claims["sub"] == "alice"


def test_event_without_body_query_or_claims_still_parses() -> None:
    event = event_for(a_request(method="GET", target="/me/party", headers=[], body=b""), claims=None)
    APIGatewayProxyEventV2Model.model_validate(event)
    for absent in ("body", "cookies", "queryStringParameters"):
        assert absent not in event
    assert "authorizer" not in event["requestContext"]


def test_headers_are_lower_cased_and_repeated_ones_joined() -> None:
    event = event_for(a_request())
    assert event["headers"]["content-type"] == "application/json"
    assert event["headers"]["x-multi"] == "one,two"
    assert "cookie" not in event["headers"]
    assert event["cookies"] == ["k=v", "theme=dark"]


def test_query_and_path_as_api_gateway_passes_them() -> None:
    event = event_for(a_request())
    assert event["rawPath"] == "/parties/p1/custom-data/players/me"
    assert event["rawQueryString"] == "a=1&a=2&b="
    assert event["queryStringParameters"] == {"a": "1,2", "b": ""}
    assert event["pathParameters"] == {"party_id": "p1"}


def test_claims_are_passed_on_as_strings_like_the_jwt_authorizer() -> None:
    assert api_gateway_claims(CLAIMS) == {
        "sub": "alice",
        "exp": "1700000000",
        "aud": "party-lobby",
        "cognito:groups": "[admin ops]",
    }


def test_powertools_sees_the_caller_and_the_body() -> None:
    event = APIGatewayProxyEventV2(event_for(a_request()))
    assert event.request_context.authorizer.jwt_claim["sub"] == "alice"
    assert event.json_body == {"data": "ready"}


def test_binary_body_is_base64_encoded() -> None:
    event = event_for(a_request(headers=[("content-type", "application/octet-stream")], body=b"\xff\x00"))
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\xff\x00"


def test_handler_result_becomes_the_http_response() -> None:
    result = {
        "statusCode": 201,
        "headers": {"Content-Type": "application/json"},
        "cookies": ["a=1", "b=2"],
        "body": '{"ok":true}',
        "isBase64Encoded": False,
    }
    response = to_response(result, "req-1")
    assert response.status == 201
    assert ("content-type", "application/json") in response.headers
    assert [v for k, v in response.headers if k == "set-cookie"] == ["a=1", "b=2"]
    assert response.body == b'{"ok":true}'


def test_base64_result_is_decoded_and_a_bare_result_is_a_json_200() -> None:
    encoded = to_response({"statusCode": 200, "body": base64.b64encode(b"\x01").decode(), "isBase64Encoded": True}, "r")
    assert encoded.body == b"\x01"
    bare = to_response({"hello": "world"}, "r")
    assert bare.status == 200 and json.loads(bare.body) == {"hello": "world"}
