"""Lobby invites (EOS): send, query, look at one, accept, reject."""

from __future__ import annotations

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from http_routes.deps import Player, Services
from http_routes.models.common import AggregateIdPath, no_content
from http_routes.models.lobbies import (
    SendInviteRequest,
)
from http_routes.models.lobby_answers import (
    InviteSent,
    LobbyDetails,
    LobbyInvite,
    LobbyInvites,
    lobby_details,
    lobby_invite,
)

router = APIGatewayHttpRouter()


@router.post("/lobbies/<lobby_id>/invites", summary="SendInvite")
def send_invite(lobby_id: AggregateIdPath, body: SendInviteRequest, player: Player, services: Services) -> InviteSent:
    return InviteSent(invite_id=services.lobby_invites.send(player, lobby_id, body.target_user_id).invitation_id)


@router.get("/me/lobby-invites", summary="QueryInvites")
def query_invites(player: Player, services: Services) -> LobbyInvites:
    return LobbyInvites(invites=[lobby_invite(i) for i in services.lobby_invites.pending(player)])


@router.get("/me/lobby-invites/<invite_id>", summary="CopyLobbyDetailsHandleByInviteId")
def get_invite(invite_id: AggregateIdPath, player: Player, services: Services) -> LobbyInvite:
    return lobby_invite(services.lobby_invites.get(player, invite_id))


@router.post("/me/lobby-invites/<invite_id>/accept", summary="Accept a lobby invite")
def accept_invite(invite_id: AggregateIdPath, player: Player, services: Services) -> LobbyDetails:
    return lobby_details(services.lobby_invites.accept(player, invite_id))


@router.delete(
    "/me/lobby-invites/<invite_id>",
    summary="RejectInvite",
    status_code=HTTPStatus.NO_CONTENT,
)
def reject_invite(invite_id: AggregateIdPath, player: Player, services: Services) -> Response[None]:
    services.lobby_invites.reject(player, invite_id)
    return no_content()
