"""The local gateway in front of a recording function: authorizer, routing, local routes, real sockets."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from local_gateway import lambdas, template
from local_gateway.events import HttpRequest, HttpResponse
from local_gateway.http_gateway import Gateway, GatewayServer
from local_gateway.local_routes import dev_token
from local_gateway.options import parse_args
from local_gateway.routing import RouteTable
from local_gateway.template import http_routes
from local_gateway.tokens import DevTokens
from partylobby.config import DEFAULT_SEARCHABLE, Settings
from partylobby.store.search_index import IndexedKeys

TOKENS = DevTokens(secret="t" * 32)


class RecordingFunction:
    def __init__(self, result: Any = None, error: Exception | None = None) -> None:
        self.events: list[dict[str, Any]] = []
        self.result = result if result is not None else {"statusCode": 200, "body": "{}"}
        self.error = error

    def invoke(self, event: dict[str, Any], request_id: str) -> Any:
        self.events.append(event)
        if self.error:
            raise self.error
        return self.result


def gateway_with(function: RecordingFunction) -> Gateway:
    return Gateway(
        routes=RouteTable(http_routes()),
        functions={"PartyApiFunction": function},
        verifier=TOKENS.verifier(),
        local_routes={("POST", "/dev/token"): lambda request: dev_token(request, TOKENS)},
    )


def call(gateway: Gateway, method: str, target: str, token: str | None = None, body: bytes = b"") -> HttpResponse:
    headers = [("Authorization", f"Bearer {token}")] if token else []
    return gateway.handle(HttpRequest(method, target, headers, body))


def test_authorized_request_reaches_the_function_with_the_verified_claims() -> None:
    function = RecordingFunction()
    response = call(gateway_with(function), "GET", "/parties/p1", TOKENS.issue("alice"))
    assert response.status == 200
    (event,) = function.events
    assert event["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] == "alice"
    assert event["pathParameters"] == {"party_id": "p1"}
    assert "authorization" in event["headers"]  # API Gateway passes the header on, as it is


@pytest.mark.parametrize("token", [None, "garbage", DevTokens(secret="x" * 32).issue("alice")])
def test_missing_or_bad_token_is_refused_before_the_function(token: str | None) -> None:
    function = RecordingFunction()
    response = call(gateway_with(function), "GET", "/me/party", token)
    assert response.status == 401
    assert json.loads(response.body)["err_code"] == "kBackendUnauthorized"
    assert function.events == []


def test_without_a_default_route_an_unknown_route_is_api_gateways_404_even_without_a_token() -> None:
    gateway = gateway_with(RecordingFunction())
    gateway = Gateway(RouteTable(r for r in http_routes() if not r.is_default), gateway.functions, gateway.verifier, {})
    response = call(gateway, "GET", "/nowhere")
    assert (response.status, json.loads(response.body)) == (404, {"message": "Not Found"})


def test_an_unknown_route_reaches_the_functions_default_route_behind_the_authorizer() -> None:
    function = RecordingFunction()
    assert call(gateway_with(function), "GET", "/nowhere").status == 401
    assert call(gateway_with(function), "PATCH", "/parties/p1", TOKENS.issue("alice")).status == 200
    (event,) = function.events
    assert (event["routeKey"], event["rawPath"]) == ("$default", "/parties/p1")


def test_a_failing_function_is_a_500_internal_server_error() -> None:
    response = call(
        gateway_with(RecordingFunction(error=RuntimeError("boom"))), "GET", "/me/party", TOKENS.issue("alice")
    )
    assert (response.status, json.loads(response.body)) == (500, {"message": "Internal Server Error"})


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b'{"player_id": ""}',
        b'{"player_id": 7}',
        json.dumps({"player_id": "p" * 129}).encode(),
        b'{"player_id": "a", "role": "x"}',
    ],
)
def test_dev_token_refuses_a_bad_player_id(body: bytes) -> None:
    response = call(gateway_with(RecordingFunction()), "POST", "/dev/token", body=body)
    assert response.status == 400
    assert json.loads(response.body)["err_code"] == "kBackendInvalidParams"


def test_dev_token_for_an_admin_carries_the_admin_group() -> None:
    response = call(
        gateway_with(RecordingFunction()), "POST", "/dev/token", body=b'{"player_id": "ann", "admin": true}'
    )
    claims = TOKENS.verifier().verify(json.loads(response.body)["token"])
    assert claims["sub"] == "ann" and claims["cognito:groups"] == ["admin"]


@pytest.fixture
def served() -> Iterator[tuple[str, RecordingFunction]]:
    function = RecordingFunction(result={"statusCode": 201, "headers": {"x-h": "1"}, "cookies": ["c=1"], "body": "hi"})
    server = GatewayServer(("127.0.0.1", 0), gateway_with(function), access_log=None)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", function
    server.shutdown()
    server.server_close()


def test_over_real_sockets_the_response_keeps_status_headers_cookies_and_body(
    served: tuple[str, RecordingFunction],
) -> None:
    url, function = served
    response = requests.post(
        f"{url}/parties?x=1",
        json={"party_name": "n"},
        timeout=5,
        headers={"Authorization": f"Bearer {TOKENS.issue('alice')}"},
    )
    assert (response.status_code, response.text, response.headers["x-h"]) == (201, "hi", "1")
    assert response.cookies["c"] == "1"
    assert response.headers["apigw-requestid"] == function.events[0]["requestContext"]["requestId"]
    assert json.loads(function.events[0]["body"]) == {"party_name": "n"}
    assert function.events[0]["requestContext"]["http"]["sourceIp"] == "127.0.0.1"


def test_over_real_sockets_an_oversized_body_is_refused(served: tuple[str, RecordingFunction]) -> None:
    url, function = served
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(b"POST /parties HTTP/1.1\r\nHost: h\r\nContent-Length: 10485761\r\n\r\n")
        status_line = conn.makefile("rb").readline()
    assert status_line.split()[1] == b"413" and function.events == []


def test_over_real_sockets_a_chunked_body_arrives_whole(served: tuple[str, RecordingFunction]) -> None:
    url, function = served
    chunks = iter([b'{"party_', b'name": "n"}'])
    headers = {"Authorization": f"Bearer {TOKENS.issue('alice')}", "content-type": "application/json"}
    response = requests.post(f"{url}/parties", data=chunks, headers=headers, timeout=5)
    assert response.status_code == 201
    assert json.loads(function.events[0]["body"]) == {"party_name": "n"}


def test_one_function_runs_one_invocation_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    running: list[int] = []
    overlaps: list[int] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        running.append(1)
        overlaps.append(len(running))
        time.sleep(0.01)
        running.pop()
        return {"statusCode": 200, "remaining": context.get_remaining_time_in_millis()}

    monkeypatch.setattr(template, "load_handler", lambda _: handler)
    function = lambdas.LocalFunction("PartyApiFunction")
    threads = [threading.Thread(target=function.invoke, args=({}, str(i))) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == [1] * 8
    assert function.timeout_seconds == 10 and function.memory_mb == 512  # from template.yaml


def test_template_environment_resolves_parameter_defaults() -> None:
    env = lambdas.function_environment("PartyApiFunction")
    assert env["POWERTOOLS_SERVICE_NAME"] == "party_api"
    assert env["INVITATION_TTL_SECONDS"] == "300"
    assert "TABLE_NAME" not in env  # a !Ref to a resource: the local stack sets it


def test_command_line_flags_and_defaults() -> None:
    defaults = parse_args([])
    assert (defaults.host, defaults.http_port, defaults.ws_port) == ("127.0.0.1", 3000, 3001)
    assert (defaults.offline_grace_seconds, defaults.invitation_ttl_seconds) == (60, 300)
    assert defaults.dynamodb_endpoint is None and defaults.table_name == "party-lobby-local"
    flags = "--http-port 1 --ws-port 2 --dynamodb-endpoint http://h:8000"
    given = parse_args(f"{flags} --offline-grace-seconds 5 --invitation-ttl-seconds 10".split())
    assert (given.http_port, given.ws_port, given.dynamodb_endpoint) == (1, 2, "http://h:8000")
    assert (given.offline_grace_seconds, given.invitation_ttl_seconds) == (5, 10)


def test_the_search_cache_comes_from_the_template_or_its_override(monkeypatch: pytest.MonkeyPatch) -> None:
    default = lambdas.function_environment("LobbyApiFunction")["SEARCH_CACHE_SECONDS"]
    assert float(default) == Settings(table_name="t").search_cache.total_seconds() == 1
    overridden = lambdas.function_environment("LobbyApiFunction", {"SearchCacheSeconds": "0"})
    monkeypatch.setenv("TABLE_NAME", "t")
    monkeypatch.setenv("SEARCH_CACHE_SECONDS", overridden["SEARCH_CACHE_SECONDS"])
    assert Settings.from_env().search_cache.total_seconds() == 0


def test_searchable_attributes_come_from_the_template_or_its_override_as_sam_deploy_gives_them() -> None:
    default = lambdas.function_environment("LobbyApiFunction")["SEARCHABLE_ATTRIBUTES"]
    assert default == DEFAULT_SEARCHABLE  # the template's default is the service's own
    overridden = {"SearchableAttributes": "elo:number,queue:string"}
    for function in ("LobbyApiFunction", "PartyApiFunction", "WebSocketFunction", "SweeperFunction"):
        assert lambdas.function_environment(function, overridden)["SEARCHABLE_ATTRIBUTES"] == "elo:number,queue:string"
    assert IndexedKeys.parse(default).kinds == {
        **dict.fromkeys(("level", "skill", "rank", "rating", "round"), "number"),
        **dict.fromkeys(("mode", "region", "map", "version", "language"), "string"),
    }
