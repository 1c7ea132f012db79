"""Every file in events/ is a real event of its trigger in template.yaml, and its handler answers it.

`events/<function_dir>_*.json` targets a template function whose CodeUri is `functions/<function_dir>`
(for the HTTP API, the one that serves the event's route): what `sam local invoke -e events/<file>
<Function> --env-vars events/env.json` runs, here in-process under moto (tests/e2e/test_invoke.py runs them
through `make invoke` against a running stack). Each event is checked against the template route, WebSocket
route, authorizer or schedule it stands for; the HTTP API events (payload 2.0) are invoked here, the
WebSocket, authorizer and schedule events in test_ws_events.py. `events/env.json` is no event: SAM's
`--env-vars` file, checked below against the template's declared variables.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventV2Model

from local_gateway.lambdas import declared_variables
from local_gateway.options import DYNAMODB_PORT, parse_args
from local_gateway.routing import RouteTable
from local_gateway.schedule import scheduled_functions
from local_gateway.server import websocket_stage
from local_gateway.template import Handler, http_routes, load_template, resources
from tests.support.lambdas import EVENTS_DIR, FakeLambdaContext, fresh_handler, load

ENV_FILE = EVENTS_DIR / "env.json"
EVENT_FILES = sorted(f for f in EVENTS_DIR.glob("*.json") if f != ENV_FILE)
HTTP_EVENT_FILES = sorted(EVENTS_DIR.glob("http_api_*.json"))
WS_EVENT_FILES = [f for f in EVENT_FILES if f.name.startswith("ws_") and "authorizer" not in f.name]
FUNCTIONS = resources("AWS::Serverless::Function")
FUNCTION_DIRS = {Path(props["Properties"]["CodeUri"]).name for props in FUNCTIONS.values()}
ROUTE_FUNCTIONS = {route.route_key: route.function for route in http_routes()}
SETUP = {"http_api": "http_api_create_party.json"}
"""An event run first (the caller creates a party), so that reads of that party answer 2xx."""


def function_dir(event_file: Path) -> str:
    """The code directory that prefixes the file name (the longest, should one prefix another)."""
    matches = [d for d in FUNCTION_DIRS if event_file.name.startswith(f"{d}_")]
    assert matches, f"{event_file.name}: no function in template.yaml has a CodeUri functions/<prefix>"
    return max(matches, key=len)


def target_function(event_file: Path) -> str:
    if event_file in HTTP_EVENT_FILES:
        return ROUTE_FUNCTIONS[load(event_file)["routeKey"]]
    code_uri = f"functions/{function_dir(event_file)}"
    (function,) = (name for name, props in FUNCTIONS.items() if props["Properties"]["CodeUri"] == code_uri)
    return function


def invoke(handler: Handler, event: dict[str, Any]) -> dict[str, Any]:
    response: dict[str, Any] = handler(event, FakeLambdaContext())
    return response


def test_there_are_sample_events_for_creating_and_reading_a_party() -> None:
    names = {f.name for f in EVENT_FILES}
    assert {"http_api_create_party.json", "http_api_current_party.json"} <= names


def test_every_function_has_a_sample_event() -> None:
    assert {target_function(f) for f in EVENT_FILES} == set(FUNCTIONS)


@pytest.mark.parametrize("event_file", HTTP_EVENT_FILES, ids=lambda f: f.name)
def test_event_is_an_http_api_v2_payload_for_a_template_route(event_file: Path) -> None:
    event = load(event_file)
    parsed = APIGatewayProxyEventV2Model.model_validate(event)
    assert parsed.version == "2.0"
    assert parsed.routeKey in ROUTE_FUNCTIONS
    context = parsed.requestContext
    assert (context.routeKey, context.stage) == (parsed.routeKey, "$default")
    assert (context.http.method, context.http.path) == (parsed.routeKey.split()[0], parsed.rawPath)
    assert context.authorizer and context.authorizer.jwt and context.authorizer.jwt.claims["sub"]
    assert parsed.headers["authorization"].startswith("Bearer ")
    if parsed.body is not None:
        assert isinstance(parsed.body, str)
        json.loads(parsed.body)


@pytest.mark.parametrize("event_file", HTTP_EVENT_FILES, ids=lambda f: f.name)
def test_event_invokes_its_handler(event_file: Path, moto_table: str) -> None:
    setup = SETUP.get(function_dir(event_file), "")
    if setup and setup != event_file.name:
        setup_handler = fresh_handler(target_function(EVENTS_DIR / setup))
        assert 200 <= invoke(setup_handler, load(EVENTS_DIR / setup))["statusCode"] < 300

    response = invoke(fresh_handler(target_function(event_file)), load(event_file))

    assert 200 <= response["statusCode"] < 300, response.get("body")
    assert response["headers"]["Content-Type"] == "application/json"
    assert isinstance(json.loads(response["body"]), dict)


@pytest.mark.parametrize("event_file", HTTP_EVENT_FILES, ids=lambda f: f.name)
def test_http_event_path_and_query_are_those_of_its_template_route(event_file: Path) -> None:
    event = load(event_file)
    match = RouteTable(http_routes()).match(event["requestContext"]["http"]["method"], event["rawPath"])
    assert match and match.route.route_key == event["routeKey"]
    assert event.get("pathParameters", {}) == match.path_parameters
    assert dict(parse_qsl(event["rawQueryString"])) == event.get("queryStringParameters", {})


WS_EVENT_TYPES = {"$connect": "CONNECT", "$disconnect": "DISCONNECT", "$default": "MESSAGE"}


@pytest.mark.parametrize("event_file", WS_EVENT_FILES, ids=lambda f: f.name)
def test_websocket_event_is_for_a_route_and_the_stage_of_the_template(event_file: Path) -> None:
    context = load(event_file)["requestContext"]
    routes = {r["Properties"]["RouteKey"] for r in resources("AWS::ApiGatewayV2::Route").values()}
    assert context["routeKey"] in routes
    assert (context["eventType"], context["stage"]) == (WS_EVENT_TYPES[context["routeKey"]], websocket_stage())
    assert context["authorizer"]["player_id"] == context["authorizer"]["principalId"]


def test_authorizer_event_carries_the_token_where_the_template_authorizer_reads_it() -> None:
    event = load(EVENTS_DIR / "ws_authorizer_connect.json")
    (authorizer,) = (r["Properties"] for r in resources("AWS::ApiGatewayV2::Authorizer").values())
    assert (event["type"], authorizer["AuthorizerType"]) == ("REQUEST", "REQUEST")
    assert authorizer["IdentitySource"] == ["route.request.querystring.token"]
    assert event["queryStringParameters"]["token"]
    assert event["methodArn"].endswith(f"/{websocket_stage()}/$connect")
    assert event["requestContext"]["routeKey"] == "$connect"


def test_scheduled_event_is_what_eventbridge_sends_a_schedule_function() -> None:
    """The shape of `sam local generate-event cloudwatch scheduled-event`."""
    event = load(EVENTS_DIR / "sweeper_every_minute.json")
    assert (event["detail-type"], event["source"], event["detail"]) == ("Scheduled Event", "aws.events", {})
    assert target_function(EVENTS_DIR / "sweeper_every_minute.json") in scheduled_functions()
    (rule,) = event["resources"]
    assert rule.startswith("arn:aws:events:") and ":rule/" in rule


def env_file() -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = json.loads(ENV_FILE.read_text(encoding="utf-8"))
    return sections


def test_env_file_sets_only_variables_the_template_declares() -> None:
    """SAM ignores the others without a word: the function would silently run without them."""
    every_function = set(load_template()["Globals"]["Function"]["Environment"]["Variables"])
    for section, variables in env_file().items():
        declared = every_function if section == "Parameters" else declared_variables(section)
        assert set(variables) <= declared, section
        assert all(isinstance(value, str) for value in variables.values()), section


def test_env_file_points_every_function_at_the_dynamodb_of_make_run_from_a_container() -> None:
    common = env_file()["Parameters"]
    assert common["DYNAMODB_ENDPOINT"] == f"http://host.docker.internal:{DYNAMODB_PORT}"
    assert common["TABLE_NAME"] == parse_args([]).table_name
    assert common["WS_MANAGEMENT_ENDPOINT"] == ""  # the stack's @connections API listens on its loopback only


def test_env_file_lets_the_authorizer_accept_the_sample_token(moto_table: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in env_file()["WebSocketAuthorizerFunction"].items():
        monkeypatch.setenv(name, value)
    event = load(EVENTS_DIR / "ws_authorizer_connect.json")
    answer = fresh_handler("WebSocketAuthorizerFunction")(event, FakeLambdaContext())
    assert answer["principalId"] == "alice"
    assert answer["policyDocument"]["Statement"][0]["Effect"] == "Allow"
