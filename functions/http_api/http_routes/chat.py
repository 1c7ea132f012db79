"""Party chat: send, and catch up on what a reconnecting member missed."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from http_routes.deps import Player, Services
from http_routes.models.chat import ChatMessages, ChatMsgInfo, ChatRequest, chat_msg_info
from http_routes.models.common import AggregateIdPath
from partylobby.domain.party.limits import CHAT_SEQ_MAX

router = APIGatewayHttpRouter()


@router.post(
    "/parties/<party_id>/chat",
    summary="SendPartyChatTextMsg / SendPartyChatCustomMsg",
)
def send(party_id: AggregateIdPath, body: ChatRequest, player: Player, services: Services) -> ChatMsgInfo:
    return chat_msg_info(services.chat.send(player, party_id, body.type, body.content))


@router.get(
    "/parties/<party_id>/chat",
    summary="Chat messages after a sequence number (last 100, 24 h)",
)
def since(
    party_id: AggregateIdPath,
    player: Player,
    services: Services,
    after_seq: Annotated[int, Query(ge=0, le=CHAT_SEQ_MAX)] = 0,
) -> ChatMessages:
    return ChatMessages(messages=[chat_msg_info(m) for m in services.chat.since(player, party_id, after_seq)])
