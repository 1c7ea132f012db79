"""Party chat shapes: ChatMsgInfo and the send body."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from http_routes.models.common import Body
from partylobby.clock import iso
from partylobby.domain.party import limits
from partylobby.domain.party.chat import ChatMessage, ChatType


class ChatRequest(Body):
    """A text message holds at most 1024 characters, a custom one 4096 bytes of UTF-8 (counted by the domain;
    the document states the characters, and for custom content at most as many characters as bytes)."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {
                    "properties": {
                        "type": {"const": ChatType.TEXT.value},
                        "content": {"maxLength": limits.CHAT_TEXT_MAX_CHARS},
                    }
                },
                {"properties": {"type": {"const": ChatType.CUSTOM.value}}},
            ]
        }
    )

    type: ChatType
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
