"""template.yaml: lints clean, and holds the decisions the design rests on."""

from __future__ import annotations

from typing import Any

import cfnlint.api

from local_gateway.template import TEMPLATE, http_routes, load_template, resources

ITEM_ACTIONS = {
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:Query",
}


def the(kind: str) -> tuple[str, dict[str, Any]]:
    """The one resource of a kind: (logical id, properties)."""
    ((name, resource),) = resources(kind).items()
    return name, resource["Properties"]


def functions_with_code(code_uri: str) -> list[dict[str, Any]]:
    functions = resources("AWS::Serverless::Function").values()
    found = [dict(f["Properties"]) for f in functions if f["Properties"]["CodeUri"] == code_uri]
    assert found, code_uri
    return found


def function_with_code(code_uri: str) -> dict[str, Any]:
    (props,) = functions_with_code(code_uri)
    return props


def policy_statements(function: dict[str, Any]) -> list[dict[str, Any]]:
    """Inline statements, and those of the stack's managed policies the function refers to."""
    managed = resources("AWS::IAM::ManagedPolicy")
    statements: list[dict[str, Any]] = []
    for policy in as_list(function.get("Policies", [])):
        document = managed[policy["Ref"]]["Properties"]["PolicyDocument"] if "Ref" in policy else policy
        statements.extend(as_list(document["Statement"]))  # no SAM policy templates
    return statements


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_cfn_lint_passes() -> None:
    assert [str(m) for m in cfnlint.api.lint_file(TEMPLATE)] == []


def test_table_is_on_demand_with_ttl_and_point_in_time_recovery() -> None:
    _, table = the("AWS::DynamoDB::Table")
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True


def test_http_api_defaults_to_a_jwt_authorizer_configured_by_parameters() -> None:
    _, api = the("AWS::Serverless::HttpApi")
    auth = api["Auth"]
    jwt = auth["Authorizers"][auth["DefaultAuthorizer"]]
    parameters = load_template()["Parameters"]
    assert jwt["IdentitySource"] == "$request.header.Authorization"
    assert jwt["JwtConfiguration"]["issuer"]["Ref"] in parameters
    assert jwt["JwtConfiguration"]["audience"]["Ref"] in parameters


def test_api_function_uses_the_core_layer() -> None:
    layer_name, layer = the("AWS::Serverless::LayerVersion")
    assert layer["ContentUri"] == "layers/partylobby"
    globals_ = load_template().get("Globals", {}).get("Function", {})
    for function in functions_with_code("functions/http_api"):
        assert {"Ref": layer_name} in globals_.get("Layers", []) + function.get("Layers", [])


def test_api_function_may_only_touch_items_of_the_table_and_its_indexes() -> None:
    table_name, _ = the("AWS::DynamoDB::Table")
    table_arns = (
        {"GetAtt": f"{table_name}.Arn"},
        {"Sub": f"${{{table_name}.Arn}}/index/*"},
    )
    statements = [s for f in functions_with_code("functions/http_api") for s in policy_statements(f)]
    for statement in statements:
        actions, targets = as_list(statement["Action"]), as_list(statement["Resource"])
        assert "*" not in targets, statement
        if any(a.startswith("dynamodb:") or a == "*" for a in actions):
            assert set(actions) <= ITEM_ACTIONS, actions
            assert all(t in table_arns for t in targets), targets
    assert any(set(as_list(s["Action"])) & ITEM_ACTIONS for s in statements)


def test_dev_token_route_is_local_only() -> None:
    assert all(not r.path.startswith("/dev/") for r in http_routes())
    assert "/dev/token" not in TEMPLATE.read_text(encoding="utf-8")


def test_websocket_api_routes_connect_disconnect_default_with_connect_authorized() -> None:
    api_id, api = the("AWS::ApiGatewayV2::Api")
    assert api["ProtocolType"] == "WEBSOCKET"
    routes = {r["Properties"]["RouteKey"]: r["Properties"] for r in resources("AWS::ApiGatewayV2::Route").values()}
    assert set(routes) == {"$connect", "$disconnect", "$default"}
    authorizer_id, authorizer = the("AWS::ApiGatewayV2::Authorizer")
    assert routes["$connect"]["AuthorizationType"] == "CUSTOM"
    assert routes["$connect"]["AuthorizerId"] == {"Ref": authorizer_id}
    assert authorizer["AuthorizerType"] == "REQUEST"
    assert authorizer["IdentitySource"] == ["route.request.querystring.token"]
    assert "WebSocketAuthorizerFunction" in authorizer["AuthorizerUri"]["Sub"]
    _, stage = the("AWS::ApiGatewayV2::Stage")
    assert stage["ApiId"] == {"Ref": api_id}


def test_websocket_authorizer_checks_the_same_issuer_and_audience() -> None:
    env = function_with_code("functions/ws_authorizer")["Environment"]["Variables"]
    assert env["JWT_ISSUER"] == {"Ref": "JwtIssuer"}
    assert env["JWT_AUDIENCE"] == {"Join": [",", {"Ref": "JwtAudience"}]}


def test_every_pushing_function_gets_the_management_endpoint_of_this_api() -> None:
    env = load_template()["Globals"]["Function"]["Environment"]["Variables"]
    endpoint = env["WS_MANAGEMENT_ENDPOINT"]["Sub"]
    assert endpoint.startswith("https://${WebSocketApi}.execute-api.${AWS::Region}.")
    assert endpoint.endswith("/${WebSocketStageName}")


def test_manage_connections_is_scoped_to_this_websocket_api() -> None:
    pushing = set()
    for name, function in resources("AWS::Serverless::Function").items():
        statements = policy_statements(function["Properties"])
        for manage in (s for s in statements if s["Action"] == "execute-api:ManageConnections"):
            assert "${WebSocketApi}/${WebSocketStageName}/" in manage["Resource"]["Sub"]
            pushing.add(name)
    assert pushing == {"PartyApiFunction", "LobbyApiFunction", "WebSocketFunction", "SweeperFunction"}
    authorizer = function_with_code("functions/ws_authorizer")
    assert "Policies" not in authorizer


def test_sweeper_runs_every_minute() -> None:
    events = function_with_code("functions/sweeper")["Events"]
    (schedule,) = events.values()
    assert schedule == {"Type": "Schedule", "Properties": {"Schedule": "rate(1 minute)"}}


def test_the_websocket_function_caps_sockets_per_player_by_a_parameter_defaulting_to_10() -> None:
    (function,) = functions_with_code("functions/ws")
    variables = function["Environment"]["Variables"]
    assert variables["MAX_SOCKETS_PER_PLAYER"] == {"Ref": "MaxSocketsPerPlayer"}
    assert load_template()["Parameters"]["MaxSocketsPerPlayer"]["Default"] == 10
