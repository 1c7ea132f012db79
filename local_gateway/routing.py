"""API Gateway HTTP API route selection: the most specific route wins.

Segment by segment a literal beats `{param}`, which beats a greedy `{param+}`; a method beats `ANY`.
So `DELETE /parties/{party_id}/members/me` is chosen over `DELETE /parties/{party_id}/members/{player_id}`.
A request that matches no route goes to the `$default` route, if the API has one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from local_gateway.template import Route

_LITERAL, _PARAM, _GREEDY = 0, 1, 2


@dataclass(frozen=True)
class Match:
    route: Route
    path_parameters: dict[str, str]


def split_path(raw_path: str) -> list[str]:
    """Segments, each percent-decoded (API Gateway hands the decoded path to the integration)."""
    return [unquote(segment) for segment in raw_path.split("/")[1:]]


def _kind(segment: str) -> int:
    if segment.startswith("{") and segment.endswith("+}"):
        return _GREEDY
    if segment.startswith("{") and segment.endswith("}"):
        return _PARAM
    return _LITERAL


def _bind(template: Sequence[str], segments: Sequence[str]) -> dict[str, str] | None:
    params: dict[str, str] = {}
    for index, pattern in enumerate(template):
        kind = _kind(pattern)
        if kind == _GREEDY:
            rest = segments[index:]
            if not rest or not rest[0]:
                return None
            params[pattern[1:-2]] = "/".join(rest)
            return params
        if index >= len(segments):
            return None
        if kind == _PARAM:
            if not segments[index]:
                return None
            params[pattern[1:-1]] = segments[index]
        elif pattern != segments[index]:
            return None
    return params if len(template) == len(segments) else None


def _specificity(route: Route) -> tuple[tuple[int, ...], int]:
    kinds = tuple(_kind(segment) for segment in route.path.split("/")[1:])
    return kinds, int(route.method == "ANY")


class RouteTable:
    def __init__(self, routes: Iterable[Route]) -> None:
        routes = list(routes)
        self.routes = sorted((r for r in routes if not r.is_default), key=_specificity)
        self.default = next((r for r in routes if r.is_default), None)

    def match(self, method: str, raw_path: str) -> Match | None:
        """The most specific route, else the `$default` route if there is one."""
        segments = split_path(raw_path)
        for route in self.routes:
            if route.method not in (method, "ANY"):
                continue
            params = _bind(route.path.split("/")[1:], segments)
            if params is not None:
                return Match(route, params)
        return Match(self.default, {}) if self.default else None
