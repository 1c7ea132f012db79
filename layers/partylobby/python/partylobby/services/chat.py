"""Party chat: send (pushed to all but the sender) and catch up after a reconnect."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

from partylobby.clock import Clock
from partylobby.domain.chat import ChatMessage, ChatType, check_chat_message, message_event
from partylobby.push.notifier import Notifier
from partylobby.store.chat import ChatStore
from partylobby.store.parties import PartyStore


class ChatService:
    def __init__(
        self,
        *,
        parties: PartyStore,
        chat: ChatStore,
        notifier: Notifier,
        clock: Clock,
        new_id: Callable[[], str] = lambda: str(uuid4()),
    ) -> None:
        self.parties = parties
        self.chat = chat
        self.notifier = notifier
        self.clock = clock
        self.new_id = new_id

    def send(self, sender: str, party_id: str, type_: ChatType, content: str) -> ChatMessage:
        party = self.parties.get(party_id)
        check_chat_message(party, sender, type_, content)
        message = ChatMessage(
            party_id=party_id,
            msg_id=self.new_id(),
            seq=self.chat.next_seq(party_id),
            sender_id=sender,
            type=type_,
            content=content,
            sent_at=self.clock(),
        )
        self.chat.save(message)
        self.notifier.publish([message_event(party, message)])
        return message

    def since(self, player_id: str, party_id: str, after_seq: int) -> list[ChatMessage]:
        self.parties.get(party_id).require_member(player_id)
        return self.chat.since(party_id, after_seq, self.clock())
