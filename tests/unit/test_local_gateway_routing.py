"""Route selection of the local gateway follows API Gateway HTTP API: the most specific route wins."""

from __future__ import annotations

from local_gateway.routing import RouteTable
from local_gateway.template import Route, http_routes


def test_literal_segment_beats_a_path_parameter() -> None:
    match = RouteTable(http_routes()).match("DELETE", "/parties/p1/members/me")
    assert match is not None
    assert match.route.path == "/parties/{party_id}/members/me"
    assert match.path_parameters == {"party_id": "p1"}


def test_path_parameter_route_binds_every_parameter() -> None:
    match = RouteTable(http_routes()).match("DELETE", "/parties/p1/members/bob")
    assert match is not None
    assert match.route.route_key == "DELETE /parties/{party_id}/members/{player_id}"
    assert match.path_parameters == {"party_id": "p1", "player_id": "bob"}


def test_order_of_the_template_does_not_matter() -> None:
    routes = [Route("GET", "/a/{x}", "F"), Route("GET", "/a/b", "F")]
    for ordered in (routes, routes[::-1]):
        match = RouteTable(ordered).match("GET", "/a/b")
        assert match is not None and match.route.path == "/a/b"


def test_unknown_path_or_method_matches_nothing_but_the_default_route() -> None:
    table = RouteTable(http_routes())
    without_default = RouteTable(r for r in http_routes() if not r.is_default)
    for method, path in (("GET", "/nope"), ("PATCH", "/parties/p1"), ("GET", "/parties/"), ("GET", "/parties/p1/")):
        assert without_default.match(method, path) is None
        match = table.match(method, path)
        assert match is not None and (match.route.route_key, match.path_parameters) == ("$default", {})


def test_path_parameters_are_percent_decoded() -> None:
    match = RouteTable(http_routes()).match("PUT", "/me/friends/b%C3%B6b%40x")
    assert match is not None and match.path_parameters == {"player_id": "böb@x"}


def test_greedy_parameter_takes_the_rest_and_any_method_comes_last() -> None:
    table = RouteTable([Route("ANY", "/files/{key+}", "F"), Route("GET", "/files/{key+}", "G")])
    get = table.match("GET", "/files/a/b/c")
    post = table.match("POST", "/files/a")
    assert get is not None and get.route.function == "G" and get.path_parameters == {"key": "a/b/c"}
    assert post is not None and post.route.function == "F"
    assert table.match("GET", "/files/") is None


def test_every_template_route_matches_itself() -> None:
    table = RouteTable(http_routes())
    for route in http_routes():
        concrete = route.path.replace("{party_id}", "p1").replace("{player_id}", "bob")
        match = table.match(route.method, concrete)
        assert match is not None and match.route == route
