"""Lobby routes (EOS Lobby): every answer and error speaks EOS."""

from __future__ import annotations

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from http_routes.deps import Player, Services
from http_routes.models.common import AggregateIdPath, PlayerIdPath, no_content
from http_routes.models.lobbies import (
    CreateLobbyRequest,
    JoinLobbyRequest,
    PromoteRequest,
    SearchRequest,
    UpdateLobbyRequest,
    UpdateMemberRequest,
)
from http_routes.models.lobby_answers import (
    LobbyDetails,
    SearchResults,
    lobby_details,
)

router = APIGatewayHttpRouter()


@router.post("/lobbies", summary="CreateLobby", status_code=HTTPStatus.CREATED)
def create_lobby(body: CreateLobbyRequest, player: Player, services: Services) -> Response[LobbyDetails]:
    created = services.lobbies.create(player, body.to_domain())
    return Response(HTTPStatus.CREATED.value, content_types.APPLICATION_JSON, lobby_details(created))


@router.post("/lobbies/search", summary="LobbySearch_Find")
def search_lobbies(body: SearchRequest, player: Player, services: Services) -> SearchResults:
    return SearchResults(lobbies=[lobby_details(v) for v in services.lobby_search.find(player, body.to_domain())])


@router.get("/lobbies/<lobby_id>", summary="CopyLobbyDetailsHandle")
def get_lobby(lobby_id: AggregateIdPath, player: Player, services: Services) -> LobbyDetails:
    return lobby_details(services.lobbies.get(player, lobby_id))


@router.patch("/lobbies/<lobby_id>", summary="UpdateLobby (lobby)")
def update_lobby(
    lobby_id: AggregateIdPath, body: UpdateLobbyRequest, player: Player, services: Services
) -> LobbyDetails:
    return lobby_details(services.lobbies.update(player, lobby_id, body.to_domain()))


@router.delete(
    "/lobbies/<lobby_id>",
    summary="DestroyLobby",
    status_code=HTTPStatus.NO_CONTENT,
)
def destroy_lobby(lobby_id: AggregateIdPath, player: Player, services: Services) -> Response[None]:
    services.lobbies.destroy(player, lobby_id)
    return no_content()


@router.post("/lobbies/<lobby_id>/members", summary="JoinLobby")
def join_lobby(
    lobby_id: AggregateIdPath, player: Player, services: Services, body: JoinLobbyRequest | None = None
) -> LobbyDetails:
    party_id = body.party_id if body else None
    return lobby_details(services.lobbies.join(player, lobby_id, party_id=party_id))


@router.patch("/lobbies/<lobby_id>/members/me", summary="UpdateLobby (member)")
def update_member(
    lobby_id: AggregateIdPath, body: UpdateMemberRequest, player: Player, services: Services
) -> LobbyDetails:
    return lobby_details(services.lobbies.update_member(player, lobby_id, body.to_domain()))


@router.delete(
    "/lobbies/<lobby_id>/members/me",
    summary="LeaveLobby",
    status_code=HTTPStatus.NO_CONTENT,
)
def leave_lobby(lobby_id: AggregateIdPath, player: Player, services: Services) -> Response[None]:
    services.lobbies.leave(player, lobby_id)
    return no_content()


@router.delete(
    "/lobbies/<lobby_id>/members/<user_id>",
    summary="KickMember",
    status_code=HTTPStatus.NO_CONTENT,
)
def kick_member(lobby_id: AggregateIdPath, user_id: PlayerIdPath, player: Player, services: Services) -> Response[None]:
    services.lobbies.kick(player, lobby_id, user_id)
    return no_content()


@router.put("/lobbies/<lobby_id>/owner", summary="PromoteMember")
def promote_member(lobby_id: AggregateIdPath, body: PromoteRequest, player: Player, services: Services) -> LobbyDetails:
    return lobby_details(services.lobbies.promote(player, lobby_id, body.target_user_id))
