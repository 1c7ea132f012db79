"""Party routes (PGOS Party)."""

from __future__ import annotations

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from http_routes.deps import Player, Services
from http_routes.models.common import AggregateIdPath, PlayerIdPath, no_content
from http_routes.models.parties import (
    CreatePartyRequest,
    CustomDataRequest,
    PartyCustomData,
    PartyInfo,
    SetStrategyRequest,
    TransferLeaderRequest,
    custom_data,
    party_info,
)
from partylobby.domain.party.model import NewParty

router = APIGatewayHttpRouter()


@router.post("/parties", summary="CreateParty", status_code=HTTPStatus.CREATED)
def create_party(player: Player, services: Services, body: CreatePartyRequest | None = None) -> Response[PartyInfo]:
    created = services.parties.create(player, NewParty(**(body or CreatePartyRequest()).model_dump()))
    return Response(HTTPStatus.CREATED.value, content_types.APPLICATION_JSON, party_info(created))


@router.get("/me/party", summary="CurrentParty")
def current_party(player: Player, services: Services) -> PartyInfo:
    return party_info(services.parties.current(player))


@router.get("/parties/<party_id>", summary="GetPartyInfo")
def get_party(party_id: AggregateIdPath, player: Player, services: Services) -> PartyInfo:
    return party_info(services.parties.get(player, party_id))


@router.put("/parties/<party_id>/strategy", summary="SetPartyStrategy")
def set_strategy(party_id: AggregateIdPath, body: SetStrategyRequest, player: Player, services: Services) -> PartyInfo:
    return party_info(services.parties.set_strategy(player, party_id, body.join_strategy, body.invite_strategy))


@router.post("/parties/<party_id>/members", summary="JoinParty")
def join_party(party_id: AggregateIdPath, player: Player, services: Services) -> PartyInfo:
    return party_info(services.parties.join(player, party_id))


@router.delete(
    "/parties/<party_id>/members/me",
    summary="LeaveParty",
    status_code=HTTPStatus.NO_CONTENT,
)
def leave_party(party_id: AggregateIdPath, player: Player, services: Services) -> Response[None]:
    services.parties.leave(player, party_id)
    return no_content()


@router.delete(
    "/parties/<party_id>/members/<player_id>",
    summary="KickPartyMember",
    status_code=HTTPStatus.NO_CONTENT,
)
def kick_member(
    party_id: AggregateIdPath, player_id: PlayerIdPath, player: Player, services: Services
) -> Response[None]:
    services.parties.kick(player, party_id, player_id)
    return no_content()


@router.put("/parties/<party_id>/leader", summary="TransferPartyLeader")
def transfer_leader(
    party_id: AggregateIdPath, body: TransferLeaderRequest, player: Player, services: Services
) -> PartyInfo:
    return party_info(services.parties.transfer_leader(player, party_id, body.new_leader_id))


@router.delete(
    "/parties/<party_id>",
    summary="DismissParty",
    status_code=HTTPStatus.NO_CONTENT,
)
def dismiss_party(party_id: AggregateIdPath, player: Player, services: Services) -> Response[None]:
    services.parties.dismiss(player, party_id)
    return no_content()


@router.put("/parties/<party_id>/custom-data/global", summary="SetGlobalCustomData")
def set_global_data(
    party_id: AggregateIdPath, body: CustomDataRequest, player: Player, services: Services
) -> PartyCustomData:
    return custom_data(services.parties.set_global_data(player, party_id, body.data))


@router.put("/parties/<party_id>/custom-data/players/me", summary="SetPlayerCustomData")
def set_player_data(
    party_id: AggregateIdPath, body: CustomDataRequest, player: Player, services: Services
) -> PartyCustomData:
    return custom_data(services.parties.set_player_data(player, party_id, body.data))
