"""The social graph: friends (request/accept) and blocks."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from http_routes.deps import Player, Services
from http_routes.models.common import PlayerIdPath, no_content
from http_routes.models.social import BlockList, FriendList, FriendRequestResult
from partylobby.domain.social import FriendStatus

router = APIGatewayHttpRouter()


@router.put("/me/friends/<player_id>", summary="Send or accept a friend request")
def befriend(player_id: PlayerIdPath, player: Player, services: Services) -> FriendRequestResult:
    return FriendRequestResult(status=services.social.befriend(player, player_id).value)


@router.delete(
    "/me/friends/<player_id>",
    summary="Remove a friend or a request",
    status_code=204,
)
def unfriend(player_id: PlayerIdPath, player: Player, services: Services) -> Response[None]:
    services.social.unfriend(player, player_id)
    return no_content()


@router.get("/me/friends", summary="Friends and pending requests")
def friends(player: Player, services: Services) -> FriendList:
    view = services.social.view(player)
    return FriendList(
        friends=view.with_status(FriendStatus.FRIENDS),
        incoming=view.with_status(FriendStatus.INCOMING),
        outgoing=view.with_status(FriendStatus.OUTGOING),
    )


@router.put("/me/blocks/<player_id>", summary="Block a player", status_code=204)
def block(player_id: PlayerIdPath, player: Player, services: Services) -> Response[None]:
    services.social.block(player, player_id)
    return no_content()


@router.delete("/me/blocks/<player_id>", summary="Unblock a player", status_code=204)
def unblock(player_id: PlayerIdPath, player: Player, services: Services) -> Response[None]:
    services.social.unblock(player, player_id)
    return no_content()


@router.get("/me/blocks", summary="Blocked players")
def blocks(player: Player, services: Services) -> BlockList:
    return BlockList(blocked=sorted(services.social.view(player).blocked))
