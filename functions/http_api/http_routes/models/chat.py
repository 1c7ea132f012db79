"""Party chat shapes: ChatMsgInfo and the send body."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StrictStr

from http_routes.models.common import Body
from partylobby.clock import iso
from partylobby.domain.party import limits
from partylobby.domain.party.chat import ChatMessage, ChatType


class ChatRequest(Body):
    type: ChatType
    # The per-type limits (text 1024 chars, custom 4 KiB) are domain rules; this only bounds the body.
    content: Annotated[StrictStr, Field(min_length=1, max_length=limits.CHAT_CUSTOM_MAX_BYTES)]


class ChatMsgInfo(BaseModel):
    msg_id: str
    seq: int
    sender_id: str
    type: ChatType
    content: str
    sent_at: str


class ChatMessages(BaseModel):
    messages: list[ChatMsgInfo]


def chat_msg_info(message: ChatMessage) -> ChatMsgInfo:
    return ChatMsgInfo(
        msg_id=message.msg_id,
        seq=message.seq,
        sender_id=message.sender_id,
        type=message.type,
        content=message.content,
        sent_at=iso(message.sent_at),
    )
