"""Party invitations: send, list pending, decline."""

from __future__ import annotations

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from http_routes.deps import Player, Services
from http_routes.models.common import AggregateIdPath, no_content
from http_routes.models.parties import InviteRequest, PartyInvitations, invitations

router = APIGatewayHttpRouter()


@router.post("/parties/<party_id>/invitations", summary="InvitePlayerToParty")
def invite(party_id: AggregateIdPath, body: InviteRequest, player: Player, services: Services) -> PartyInvitations:
    return invitations(services.parties.invite(player, party_id, body.invitee_player_ids))


@router.get("/me/party-invitations", summary="Pending party invitations")
def pending(player: Player, services: Services) -> PartyInvitations:
    return invitations(services.parties.pending_invitations(player))


@router.delete(
    "/me/party-invitations/<party_id>",
    summary="Decline a party invitation",
    status_code=HTTPStatus.NO_CONTENT,
)
def decline(party_id: AggregateIdPath, player: Player, services: Services) -> Response[None]:
    services.parties.decline(player, party_id)
    return no_content()
