"""The route table (http_routes/route_table.py) holds exactly template.yaml's HTTP routes, and what it says of
each agrees with the template and with the answers of requests no route matched."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from http_routes.route_table import LOBBY, PARTY, ROUTES, Family, family_of
from local_gateway.template import Route, http_routes

TEMPLATE_ROUTES = {route.route_key: route for route in http_routes() if not route.is_default}
FAMILY_OF_FUNCTION = {"PartyApiFunction": PARTY, "LobbyApiFunction": LOBBY, "AdminApiFunction": PARTY}


def test_the_table_has_every_http_route_of_the_template_and_nothing_else() -> None:
    assert set(TEMPLATE_ROUTES) - set(ROUTES) == set(), "in template.yaml but not in the route table"
    assert set(ROUTES) - set(TEMPLATE_ROUTES) == set(), "in the route table but not in template.yaml"


def test_the_template_has_one_catch_all_route() -> None:
    assert [route.function for route in http_routes() if route.is_default] == ["PartyApiFunction"]


@pytest.mark.parametrize("route", TEMPLATE_ROUTES.values(), ids=lambda route: route.route_key)
def test_a_route_speaks_the_family_of_its_function(route: Route) -> None:
    assert ROUTES[route.route_key].family is FAMILY_OF_FUNCTION[route.function]


@pytest.mark.parametrize("route", TEMPLATE_ROUTES.values(), ids=lambda route: route.route_key)
def test_an_unmatched_request_on_a_routes_path_speaks_the_routes_family(route: Route) -> None:
    """`$default` requests take their path's family: the same as the route's under it."""
    assert family_of("$default", route.path) is ROUTES[route.route_key].family
    assert family_of(None, route.path) is ROUTES[route.route_key].family


@pytest.mark.parametrize("route", TEMPLATE_ROUTES.values(), ids=lambda route: route.route_key)
def test_only_a_route_without_authorizer_is_never_refused_for_its_token(route: Route) -> None:
    refusals = ROUTES[route.route_key].refusals
    assert (HTTPStatus.UNAUTHORIZED not in refusals) == route.public
    assert {HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.INTERNAL_SERVER_ERROR} <= refusals


def test_a_public_route_spends_no_quota() -> None:
    assert all(ROUTES[key].quota is None for key, route in TEMPLATE_ROUTES.items() if route.public)


@pytest.mark.parametrize(
    ("path", "family"),
    [
        ("/lobbies/no/such/route", LOBBY),
        ("/me/lobby-invites/x/y", LOBBY),
        ("/me/lobbies", PARTY),
        ("/parties/x/nothing", PARTY),
        ("/", PARTY),
        ("", PARTY),
    ],
)
def test_a_request_no_route_matched_takes_its_paths_family(path: str, family: Family) -> None:
    assert family_of("$default", path) is family
