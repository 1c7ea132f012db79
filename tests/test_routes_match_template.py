"""The routes of template.yaml, of each function's resolver and of API.md agree."""

from __future__ import annotations

from collections import defaultdict

import pytest

from local_gateway.template import handler_module, http_routes
from tests.support.lambdas import fresh_handler

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

# API.md: the Party table (pending invitations and decline included) and the Social graph section.
# Chat (POST /parties/{party_id}/chat) and logout (DELETE /me/session) come later; admin, portal
# and lobby routes are not covered here.
CONTRACT_ROUTES = {
    "POST /parties",
    "GET /me/party",
    "GET /parties/{party_id}",
    "PUT /parties/{party_id}/strategy",
    "POST /parties/{party_id}/invitations",
    "GET /me/party-invitations",
    "DELETE /me/party-invitations/{party_id}",
    "POST /parties/{party_id}/members",
    "DELETE /parties/{party_id}/members/me",
    "DELETE /parties/{party_id}/members/{player_id}",
    "PUT /parties/{party_id}/leader",
    "DELETE /parties/{party_id}",
    "PUT /parties/{party_id}/custom-data/global",
    "PUT /parties/{party_id}/custom-data/players/me",
    "PUT /me/friends/{player_id}",
    "DELETE /me/friends/{player_id}",
    "GET /me/friends",
    "PUT /me/blocks/{player_id}",
    "DELETE /me/blocks/{player_id}",
    "GET /me/blocks",
}


def template_routes_by_function() -> dict[str, set[str]]:
    """Every route but `$default`, which the resolver serves with its not-found handler."""
    by_function: dict[str, set[str]] = defaultdict(set)
    for route in http_routes():
        if not route.is_default:
            by_function[route.function].add(route.route_key)
    return by_function


def resolver_routes(function: str) -> set[str]:
    """Method and path of every route in the function's resolver, from its generated OpenAPI document."""
    fresh_handler(function)
    module = handler_module(function)
    schema = module.app.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, item in (schema.paths or {}).items()
        for method in METHODS
        if getattr(item, method, None) is not None
    }


@pytest.mark.parametrize("function", sorted(template_routes_by_function()))
def test_template_routes_are_exactly_the_resolvers(function: str, moto_table: str) -> None:
    served = resolver_routes(function)
    declared = template_routes_by_function()[function]
    assert declared - served == set(), "in template.yaml but not served by the resolver"
    assert served - declared == set(), "served by the resolver but not in template.yaml"


def test_template_has_every_party_and_social_route_of_the_contract() -> None:
    declared = {r.route_key for r in http_routes()}
    assert CONTRACT_ROUTES - declared == set()
