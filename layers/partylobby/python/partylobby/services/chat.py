"""Party chat: send (pushed to all but the sender) and catch up after a reconnect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from uuid import uuid4

from partylobby.clock import Clock
from partylobby.domain.party.chat import ChatMessage, ChatType, check_chat_message, message_event
from partylobby.domain.party.events import ChatMessageReceived
from partylobby.domain.party.model import Party, found
from partylobby.services.commands import CommandRunner
from partylobby.store.chat import ChatStore
from partylobby.store.parties import PartyStore


@dataclass(frozen=True)
class Sent:
    party: Party
    message: ChatMessage
    events: tuple[ChatMessageReceived, ...] = ()


class ChatService:
    def __init__(
        self,
        *,
        parties: PartyStore,
        chat: ChatStore,
        runner: CommandRunner,
        clock: Clock,
        new_id: Callable[[], str] = lambda: str(uuid4()),
    ) -> None:
        self.parties = parties
        self.chat = chat
        self.runner = runner
        self.clock = clock
        self.new_id = new_id

    def send(self, sender: str, party_id: str, type_: ChatType, content: str) -> ChatMessage:
        """Chat does not change the party: the message takes the next `seq` of the party's counter."""

        def decide(party: Party) -> Sent:
            check_chat_message(party, sender, type_, content)
            draft = ChatMessage(party_id, self.new_id(), 0, sender, type_, content, self.clock())
            return Sent(party, draft)

        def commit(_: Party, draft: Sent) -> Sent:
            message = replace(draft.message, seq=self.chat.next_seq(party_id))
            self.chat.save(message)
            return Sent(draft.party, message, (message_event(draft.party, message),))

        return self.runner.run(lambda: found(self.parties.load(party_id)), decide, commit).change.message

    def since(self, player_id: str, party_id: str, after_seq: int) -> list[ChatMessage]:
        found(self.parties.load(party_id)).require_member(player_id)
        return self.chat.since(party_id, after_seq, self.clock())
