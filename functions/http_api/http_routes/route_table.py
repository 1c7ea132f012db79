"""The one table of the HTTP routes: what the functions must know of each route besides its handler.

Keyed on the route as API Gateway names it in the event's `routeKey` (`POST /parties/{party_id}/members`),
each route has its family (the err_codes it speaks: PGOS on party, social and admin routes, EOS on lobby
routes), the per-player quota it spends before anything else runs (quotas.py), whether it takes an
`Idempotency-Key` (idempotency.py), and the refusals the OpenAPI document lists for it (openapi.py).

The refusals follow from a few rules, stated once here: every route may be refused for its player's quota
or the stage throttle (429) and for a fault (500), and for its token (401) unless it is public; one with
parameters or a body for its input (400); a command for a change that conflicts or a limit reached (409);
one on a party or a lobby by id for the member, leader and owner rules (403) and for an id that names
nothing (404); an admin route for the admin claim (403). Comments name the rows that depart from them;
tests/service/test_openapi_truth.py holds the refusals to the services, tests/test_route_table.py the keys to
template.yaml.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, NamedTuple

from partylobby.quotas import Operation


# NamedTuples rather than frozen dataclasses: defining one of those costs about 0.5 ms of every cold start.
class Family(NamedTuple):
    invalid: str
    not_found: str
    internal: str
    concurrent: str  # a command that kept meeting concurrent changes past the replay bound
    too_many: str  # over a per-player quota


PARTY = Family(
    invalid="kBackendInvalidParams",
    not_found="kBackendNotFound",
    internal="kBackendInternalError",
    concurrent="kBackendConcurrentModification",
    too_many="kBackendTooManyRequests",
)
LOBBY = Family(
    invalid="EOS_InvalidParameters",
    not_found="EOS_NotFound",
    internal="EOS_UnexpectedError",
    concurrent="EOS_Lobby_ConcurrentModification",
    too_many="EOS_TooManyRequests",
)


IDEMPOTENCY_KEY = "idempotency-key"  # the header; API Gateway hands header names over in lower case


class Route(NamedTuple):
    family: Family
    quota: Operation | None  # the quota it spends; None: it spends none
    refusals: frozenset[HTTPStatus]  # every error status it may answer
    idempotent: bool = False  # a retry with the same Idempotency-Key answers the first result


def refused(*statuses: int, public: bool = False) -> frozenset[HTTPStatus]:
    """The route's own refusals, with those of every route: 429 and 500, and 401 unless it asks for no token."""
    every_route = (HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.INTERNAL_SERVER_ERROR)
    token = () if public else (HTTPStatus.UNAUTHORIZED,)
    return frozenset({*every_route, *token, *(HTTPStatus(status) for status in statuses)})


BY_ID = refused(400, 403, 404)  # a read of a party or lobby by id
BY_ID_COMMAND = refused(400, 403, 404, 409)  # a command on a party or lobby by id

ROUTES: Mapping[str, Route] = {
    # PGOS Party (PartyApiFunction)
    "POST /parties": Route(PARTY, Operation.CREATE, refused(400, 409), idempotent=True),
    "GET /me/party": Route(PARTY, Operation.READ, refused(404)),  # 404: not in a party
    "GET /parties/{party_id}": Route(PARTY, Operation.READ, BY_ID),
    "PUT /parties/{party_id}/strategy": Route(PARTY, Operation.SETTINGS, BY_ID_COMMAND),
    "POST /parties/{party_id}/invitations": Route(PARTY, Operation.INVITE, BY_ID_COMMAND),
    "GET /me/party-invitations": Route(PARTY, Operation.READ, refused()),
    # A delete of one's own record (this one, the unblock, the invite reject): nothing to conflict with, no 409.
    "DELETE /me/party-invitations/{party_id}": Route(PARTY, Operation.DELETE_INVITE, refused(400)),
    "POST /parties/{party_id}/members": Route(PARTY, Operation.JOIN, BY_ID_COMMAND, idempotent=True),
    "DELETE /parties/{party_id}/members/me": Route(PARTY, Operation.JOIN, BY_ID_COMMAND),
    "DELETE /parties/{party_id}/members/{player_id}": Route(PARTY, Operation.KICK, BY_ID_COMMAND),
    "PUT /parties/{party_id}/leader": Route(PARTY, Operation.PROMOTE, BY_ID_COMMAND),
    "DELETE /parties/{party_id}": Route(PARTY, Operation.DESTROY, BY_ID_COMMAND),
    "PUT /parties/{party_id}/custom-data/global": Route(PARTY, Operation.UPDATE, BY_ID_COMMAND),
    "PUT /parties/{party_id}/custom-data/players/me": Route(PARTY, Operation.UPDATE, BY_ID_COMMAND),
    "POST /parties/{party_id}/chat": Route(PARTY, Operation.CHAT, BY_ID_COMMAND, idempotent=True),
    "GET /parties/{party_id}/chat": Route(PARTY, Operation.READ, BY_ID),
    "DELETE /me/session": Route(PARTY, Operation.DESTROY, refused(409)),
    # Friends and blocks (PartyApiFunction)
    "PUT /me/friends/{player_id}": Route(PARTY, Operation.SOCIAL, refused(400, 403, 409)),  # 403: a block between
    "DELETE /me/friends/{player_id}": Route(PARTY, Operation.SOCIAL, refused(400, 409)),
    "GET /me/friends": Route(PARTY, Operation.READ, refused()),
    "PUT /me/blocks/{player_id}": Route(PARTY, Operation.SOCIAL, refused(400, 409)),
    "DELETE /me/blocks/{player_id}": Route(PARTY, Operation.SOCIAL, refused(400)),
    "GET /me/blocks": Route(PARTY, Operation.READ, refused()),
    # EOS Lobby (LobbyApiFunction)
    "POST /lobbies": Route(LOBBY, Operation.CREATE, refused(400, 409), idempotent=True),
    "POST /lobbies/search": Route(LOBBY, Operation.SEARCH, refused(400)),  # a query, not a command: no 409
    "GET /lobbies/{lobby_id}": Route(LOBBY, Operation.READ, refused(400, 404)),  # one it may not see is 404
    "PATCH /lobbies/{lobby_id}": Route(LOBBY, Operation.UPDATE, BY_ID_COMMAND),
    "DELETE /lobbies/{lobby_id}": Route(LOBBY, Operation.DESTROY, BY_ID_COMMAND),
    "POST /lobbies/{lobby_id}/members": Route(LOBBY, Operation.JOIN, BY_ID_COMMAND, idempotent=True),
    "PATCH /lobbies/{lobby_id}/members/me": Route(LOBBY, Operation.UPDATE, BY_ID_COMMAND),
    "DELETE /lobbies/{lobby_id}/members/me": Route(LOBBY, Operation.JOIN, BY_ID_COMMAND),
    "DELETE /lobbies/{lobby_id}/members/{user_id}": Route(LOBBY, Operation.KICK, BY_ID_COMMAND),
    "PUT /lobbies/{lobby_id}/owner": Route(LOBBY, Operation.PROMOTE, BY_ID_COMMAND),
    "POST /lobbies/{lobby_id}/invites": Route(LOBBY, Operation.INVITE, BY_ID_COMMAND),
    "GET /me/lobby-invites": Route(LOBBY, Operation.READ, refused()),
    "GET /me/lobby-invites/{invite_id}": Route(LOBBY, Operation.READ, refused(400, 404)),
    "POST /me/lobby-invites/{invite_id}/accept": Route(LOBBY, Operation.JOIN, BY_ID_COMMAND),  # 403: join rules
    "DELETE /me/lobby-invites/{invite_id}": Route(LOBBY, Operation.DELETE_INVITE, refused(400, 404)),
    # Party history for the portal (AdminApiFunction)
    "GET /admin/parties": Route(PARTY, Operation.READ, refused(400, 403)),
    "GET /admin/parties/{party_id}": Route(PARTY, Operation.READ, refused(400, 403, 404)),
    "GET /portal": Route(PARTY, None, refused(public=True)),  # the page asks for no token; its calls do
}


def takes_idempotency_key(event: Mapping[str, Any]) -> bool:
    """The request names an idempotent route and carries a key (idempotency.py is imported only then)."""
    route = ROUTES.get(event.get("routeKey") or "")
    return route is not None and route.idempotent and IDEMPOTENCY_KEY in (event.get("headers") or {})


def family_of(route_key: str | None, path: str) -> Family:
    """The family of the route API Gateway matched. A request no route matched (`$default`) takes its
    path's: EOS under `/lobbies` and `/me/lobby-invites`, as the lobby routes there, PGOS elsewhere."""
    route = ROUTES.get(route_key or "")
    if route is not None:
        return route.family
    segments = path.strip("/").split("/")
    return LOBBY if segments[0] == "lobbies" or segments[:2] == ["me", "lobby-invites"] else PARTY
