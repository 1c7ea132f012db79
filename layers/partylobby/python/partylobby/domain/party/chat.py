"""Party chat: who may send, what fits, who hears it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from partylobby.domain.errors import InvalidParams
from partylobby.domain.limits import utf8_size
from partylobby.domain.party import errors, limits
from partylobby.domain.party.events import ChatMessageReceived
from partylobby.domain.party.model import Party

HISTORY_KEPT = 100


class ChatType(StrEnum):
    TEXT = "text"
    CUSTOM = "custom"


@dataclass(frozen=True)
class ChatMessage:
    party_id: str
    msg_id: str
    seq: int
    sender_id: str
    type: ChatType
    content: str
    sent_at: datetime


def check_chat_message(party: Party, sender: str, type_: ChatType, content: str) -> None:
    """Guards in order: membership, the party's chat switch, then size."""
    party.require_member(sender)
    if not party.enable_chatting:
        raise errors.PartyChatDisabled("chat is disabled in this party")
    check_chat_content(type_, content)


def check_chat_content(type_: ChatType, content: str) -> None:
    if type_ is ChatType.TEXT and len(content) > limits.CHAT_TEXT_MAX_CHARS:
        raise InvalidParams(f"a text message holds at most {limits.CHAT_TEXT_MAX_CHARS} characters")
    if type_ is ChatType.CUSTOM and utf8_size(content) > limits.CHAT_CUSTOM_MAX_BYTES:
        raise InvalidParams(f"a custom message holds at most {limits.CHAT_CUSTOM_MAX_BYTES} bytes")


def message_event(party: Party, message: ChatMessage) -> ChatMessageReceived:
    """Everyone in the party hears it but the sender."""
    return ChatMessageReceived(
        party.party_id,
        party.version,
        party.member_ids - {message.sender_id},
        msg_id=message.msg_id,
        seq=message.seq,
        sender_id=message.sender_id,
        type=message.type.value,
        content=message.content,
        sent_at=message.sent_at,
    )
