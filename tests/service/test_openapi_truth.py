"""The OpenAPI document (`GET /openapi.json`) tells the truth: what each route answers, in which shape, and which
bodies it takes; held to the HTTP functions themselves, called in-process on moto.

The regressions here are what schemathesis found (tests/e2e/test_fuzzing.py): 422 listed but never answered,
none of the real refusals listed, JSON declared on 204s, bounds written as `ge`/`le` (unknown to JSON Schema,
so schema-valid bodies were refused), body rules across fields left unsaid, and a path parameter with
characters no id holds answered 404 "no such route" on a route that exists.
"""

from __future__ import annotations

import json
import os
from typing import Any

import boto3
import jsonschema_rs
import moto
import pytest

from local_gateway.lambdas import LocalFunction
from local_gateway.local_routes import OpenApiDocument
from local_gateway.template import http_routes, table_definition
from tests.support.http import Call, http_functions

Document = dict[str, Any]
ALWAYS = {"401", "429", "500"}
ERROR_STATUSES = {"400", "401", "403", "404", "409", "429", "500"}


@pytest.fixture(scope="module")
def document() -> Document:
    """The merged document of every HTTP function, as the local stack serves it."""
    with moto.mock_aws():
        boto3.client("dynamodb").create_table(**table_definition(os.environ["TABLE_NAME"]))
        http_functions()  # imported afresh inside this mock
        functions = [LocalFunction(name) for name in sorted({route.function for route in http_routes()})]
        generated: Document = json.loads(OpenApiDocument(functions).response().body)
    return generated


def operations(document: Document) -> dict[str, Document]:
    return {f"{m.upper()} {path}": op for path, item in document["paths"].items() for m, op in item.items()}


def statuses(document: Document, route: str) -> set[str]:
    return set(operations(document)[route]["responses"])


def test_every_template_route_is_documented(document: Document) -> None:
    documented = set(operations(document))
    assert {r.route_key for r in http_routes() if not r.is_default} <= documented


def test_every_route_lists_401_429_500_and_400_where_it_takes_input(document: Document) -> None:
    for route, operation in operations(document).items():
        listed = set(operation["responses"])
        public = operation.get("security") == []  # the portal's page asks for no token
        assert ALWAYS - ({"401"} if public else set()) <= listed, route
        takes_input = bool(operation.get("parameters") or operation.get("requestBody"))
        assert ("400" in listed) == takes_input, route


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ("POST /parties", {"201", "400", "409"}),
        ("GET /me/party", {"200", "404"}),
        ("GET /parties/{party_id}", {"200", "400", "403", "404"}),
        ("DELETE /parties/{party_id}/members/me", {"204", "400", "403", "404", "409"}),
        ("POST /parties/{party_id}/chat", {"200", "400", "403", "404", "409"}),
        ("PUT /me/friends/{player_id}", {"200", "400", "403", "409"}),
        ("DELETE /me/blocks/{player_id}", {"204", "400"}),
        ("DELETE /me/party-invitations/{party_id}", {"204", "400"}),
        ("GET /me/friends", {"200"}),
        ("DELETE /me/session", {"204", "409"}),
        ("POST /lobbies", {"201", "400", "409"}),
        ("POST /lobbies/search", {"200", "400"}),
        ("GET /lobbies/{lobby_id}", {"200", "400", "404"}),
        ("PATCH /lobbies/{lobby_id}", {"200", "400", "403", "404", "409"}),
        ("POST /me/lobby-invites/{invite_id}/accept", {"200", "400", "403", "404", "409"}),
        ("DELETE /me/lobby-invites/{invite_id}", {"204", "400", "404"}),
    ],
)
def test_each_family_lists_its_own_refusals(document: Document, route: str, expected: set[str]) -> None:
    assert statuses(document, route) == expected | ALWAYS


def test_every_path_parameter_documents_the_pattern_the_route_enforces(document: Document) -> None:
    for route, operation in operations(document).items():
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"].get("pattern"), f"{route}: {parameter['name']} has no pattern"


def test_no_422_anywhere(document: Document) -> None:
    assert all("422" not in op["responses"] for op in operations(document).values())
    assert not {"HTTPValidationError", "ValidationError"} & set(document["components"]["schemas"])


def test_a_204_has_no_body(document: Document) -> None:
    answers = [op["responses"]["204"] for op in operations(document).values() if "204" in op["responses"]]
    assert len(answers) >= 10
    assert all("content" not in answer for answer in answers)


def test_every_refusal_is_err_code_and_msg(document: Document) -> None:
    components = document["components"]
    error = components["schemas"]["Error"]
    assert error["properties"] == {"err_code": {"type": "string"}, "msg": {"type": "string"}}
    assert (error["required"], error["additionalProperties"]) == (["err_code", "msg"], False)
    reference = {"$ref": "#/components/schemas/Error"}
    for route, operation in operations(document).items():
        for status, response in operation["responses"].items():
            if status in ERROR_STATUSES:
                name = response["$ref"].removeprefix("#/components/responses/")
                schema = components["responses"][name]["content"]["application/json"]["schema"]
                # 401, 429 and 500 may also come from API Gateway itself, as {"message": ...}
                assert schema == reference or schema["anyOf"][0] == reference, (route, status)


def test_bearer_auth_on_every_route_but_the_portals_page(document: Document) -> None:
    assert document["components"]["securitySchemes"]["playerJwt"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
    }
    assert document["security"] == [{"playerJwt": []}]
    public = {route for route, op in operations(document).items() if op.get("security") == []}
    assert public <= {"GET /portal"}


def test_bounds_are_json_schema_keywords(document: Document) -> None:
    text = json.dumps(document)
    assert '"ge":' not in text and '"le":' not in text  # pydantic's names, which JSON Schema ignores
    schemas = document["components"]["schemas"]
    max_player = schemas["CreatePartyRequest"]["properties"]["max_player"]
    assert (max_player["minimum"], max_player["maximum"]) == (0, 64)
    integer = next(v for v in schemas["AttributeIn"]["properties"]["value"]["anyOf"] if v["type"] == "integer")
    assert (integer["minimum"], integer["maximum"]) == (-(2**63), 2**63 - 1)  # exactly, not as doubles


def test_idempotent_routes_document_their_key(document: Document) -> None:
    operation = operations(document)["POST /parties"]
    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert (header["in"], header["schema"]["maxLength"]) == ("header", 128)


NEW_LOBBY = {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "eu"}


def valid(document: Document, schema: str, body: Any) -> bool:
    validator = jsonschema_rs.Draft202012Validator({"components": document["components"], "$ref": schema})
    return validator.is_valid(body)


def attribute(value: Any) -> dict[str, Any]:
    return {**NEW_LOBBY, "attributes": [{"key": "k", "value": value}]}


def search(op: str, value: Any) -> dict[str, Any]:
    return {"bucket_id": "eu", "parameters": [{"key": "k", "op": op, "value": value}]}


@pytest.mark.parametrize(
    ("method", "path", "schema", "body"),
    [
        ("POST", "/parties", "CreatePartyRequest", {"max_player": 64}),
        ("POST", "/parties", "CreatePartyRequest", {"max_player": 65}),
        ("POST", "/lobbies", "CreateLobbyRequest", {**NEW_LOBBY, "max_members": 0}),
        ("POST", "/lobbies", "CreateLobbyRequest", attribute(2**63 - 1)),
        ("POST", "/lobbies", "CreateLobbyRequest", attribute(2**63)),
        ("POST", "/lobbies", "CreateLobbyRequest", attribute(1e-200)),
        ("POST", "/lobbies", "CreateLobbyRequest", attribute(0.5)),
        ("POST", "/lobbies/search", "SearchRequest", {}),
        ("POST", "/lobbies/search", "SearchRequest", {"bucket_id": "eu", "lobby_id": None}),
        ("POST", "/lobbies/search", "SearchRequest", {"bucket_id": "eu", "target_user_id": "bob"}),
        ("POST", "/lobbies/search", "SearchRequest", {"bucket_id": "eu", "max_results": 0}),
        ("POST", "/lobbies/search", "SearchRequest", search("LESSTHAN", "x")),
        ("POST", "/lobbies/search", "SearchRequest", search("ANYOF", 1)),
        ("POST", "/lobbies/search", "SearchRequest", search("EQUAL", 1)),
        ("PATCH", "/lobbies/{lobby}", "UpdateLobbyRequest", {}),
        ("PATCH", "/lobbies/{lobby}", "UpdateLobbyRequest", {"set_attributes": []}),
        ("PATCH", "/lobbies/{lobby}", "UpdateLobbyRequest", {"max_members": 65}),
        ("PATCH", "/lobbies/{lobby}", "UpdateLobbyRequest", {"allow_invites": False}),
        ("PATCH", "/lobbies/{lobby}/members/me", "UpdateMemberRequest", {"remove_attributes": []}),
        ("PUT", "/parties/{party}/strategy", "SetStrategyRequest", {"join_strategy": None}),
        ("PUT", "/parties/{party}/strategy", "SetStrategyRequest", {"invite_strategy": "OnlyLeaderCanInvite"}),
        ("POST", "/parties/{party}/chat", "ChatRequest", {"type": "text", "content": "x" * 1025}),
        ("POST", "/parties/{party}/chat", "ChatRequest", {"type": "custom", "content": "x" * 1025}),
        ("PUT", "/parties/{party}/custom-data/global", "CustomDataRequest", {"data": "x" * 4097}),
    ],
)
def test_a_body_is_taken_exactly_when_the_document_says_it_is_valid(
    document: Document, call: Call, method: str, path: str, schema: str, body: Any
) -> None:
    """Several of these were answered against the document before: a schema-valid body refused with 400,
    the document silent on a rule that the service enforces."""
    ids = {}
    if "{party}" in path:
        ids["party"] = call("POST", "/parties", "alice", {"enable_chatting": True})[1]["party_id"]
    if "{lobby}" in path:
        ids["lobby"] = call("POST", "/lobbies", "alice", NEW_LOBBY)[1]["lobby_id"]
    status, answer = call(method, path.format(**ids), "alice", body)
    if valid(document, f"#/components/schemas/{schema}", body):
        assert status < 300, answer
    else:
        assert (status, set(answer)) == (400, {"err_code", "msg"}), answer


@pytest.mark.parametrize(
    ("route", "path", "err_code"),
    [
        ("PUT /me/friends/{player_id}", "/me/friends/bob`s", "kBackendInvalidParams"),
        ("GET /parties/{party_id}", "/parties/a?b".replace("?", "\x01"), "kBackendInvalidParams"),
        ("DELETE /lobbies/{lobby_id}/members/{user_id}", "/lobbies/x/members/bob#1", "EOS_InvalidParameters"),
        ("GET /me/lobby-invites/{invite_id}", "/me/lobby-invites/±", "EOS_InvalidParameters"),
    ],
)
def test_a_path_parameter_no_id_may_hold_is_400_not_no_such_route(
    document: Document, call: Call, route: str, path: str, err_code: str
) -> None:
    method = route.split(maxsplit=1)[0]
    status, answer = call(method, path, "alice")
    assert (status, answer["err_code"]) == (400, err_code)
    assert "400" in statuses(document, route)


def test_an_unknown_route_is_still_404(call: Call) -> None:
    assert call("GET", "/parties-and-more", "alice") == (404, {"err_code": "kBackendNotFound", "msg": "no such route"})
    assert call("GET", "/lobbies/x/nothing", "alice")[1]["err_code"] == "EOS_NotFound"


def test_the_refusals_a_scenario_provokes_are_documented(document: Document, call: Call) -> None:
    """The statuses the rules add beyond the obvious, each provoked for real."""
    party = call("POST", "/parties", "alice")[1]["party_id"]
    invite_only = call("POST", "/lobbies", "alice", {**NEW_LOBBY, "permission_level": "InviteOnly"})[1]["lobby_id"]
    call("PUT", "/me/blocks/carol", "bob")
    provoked = {
        "GET /me/party": call("GET", "/me/party", "bob")[0],  # in no party
        "GET /parties/{party_id}": call("GET", f"/parties/{party}", "bob")[0],  # not a member
        "POST /parties": call("POST", "/parties", "alice")[0],  # already in one
        "PUT /me/friends/{player_id}": call("PUT", "/me/friends/bob", "carol")[0],  # blocked
        "GET /lobbies/{lobby_id}": call("GET", f"/lobbies/{invite_only}", "bob")[0],  # one bob may not see
        "DELETE /me/blocks/{player_id}": call("DELETE", "/me/blocks/nobody", "bob")[0],  # nothing to unblock
    }
    assert provoked == {
        "GET /me/party": 404,
        "GET /parties/{party_id}": 403,
        "POST /parties": 409,
        "PUT /me/friends/{player_id}": 403,
        "GET /lobbies/{lobby_id}": 404,
        "DELETE /me/blocks/{player_id}": 204,
    }
    for route, status in provoked.items():
        assert str(status) in statuses(document, route), route
