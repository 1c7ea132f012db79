"""Every file in events/ is a real API Gateway event that its handler answers.

`events/<function_dir>_*.json` targets a template function whose CodeUri is `functions/<function_dir>`
(for the HTTP API, the one that serves the event's route): what `sam local invoke -e events/<file>
<Function>` runs, here in-process under moto. The HTTP API
events (payload 2.0) are checked here; the WebSocket, authorizer and schedule events in test_ws_events.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventV2Model

from local_gateway.template import Handler, http_routes, resources
from tests.support.lambdas import EVENTS_DIR, FakeLambdaContext, fresh_handler, load

EVENT_FILES = sorted(EVENTS_DIR.glob("*.json"))
HTTP_EVENT_FILES = sorted(EVENTS_DIR.glob("http_api_*.json"))
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
