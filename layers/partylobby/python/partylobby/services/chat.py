"""Party chat: send (pushed to all but the sender) and catch up after a reconnect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import uuid4

from partylobby.clock import Clock
from partylobby.domain.party.chat import ChatMessage, ChatType, check_chat_message, message_event
from partylobby.domain.party.model import must_exist
from partylobby.services.commands import Publisher, attempts
from partylobby.store.chat import ChatStore
from partylobby.store.parties import PartyStore


@dataclass(frozen=True, kw_only=True)
class ChatService:
    parties: PartyStore
    chat: ChatStore
    publisher: Publisher
    clock: Clock
    new_id: Callable[[], str] = field(default=lambda: str(uuid4()))

    def send(self, sender: str, party_id: str, type_: ChatType, content: str) -> ChatMessage:
        """Chat does not change the party: the message takes the next `seq` of the party's counter."""
        for attempt in attempts():
            with attempt:
                party = must_exist(self.parties.load(party_id))
                check_chat_message(party, sender, type_, content)
                seq = self.chat.next_seq(party_id)
                message = ChatMessage(party_id, self.new_id(), seq, sender, type_, content, self.clock())
                self.chat.save(message)
        self.publisher.publish([message_event(party, message)])
        return message

    def since(self, player_id: str, party_id: str, after_seq: int) -> list[ChatMessage]:
        must_exist(self.parties.load(party_id)).require_member(player_id)
        return self.chat.since(party_id, after_seq, self.clock())
