"""Party chat messages in the party's own partition: a per-party sequence, the last 100 kept 24 h."""

from __future__ import annotations

from datetime import datetime, timedelta

from partylobby.clock import epoch_seconds, iso, parse_iso
from partylobby.domain.party.chat import HISTORY_KEPT, ChatMessage, ChatType
from partylobby.domain.party.limits import CHAT_SEQ_MAX
from partylobby.store import keys
from partylobby.store.table import Item, Table

MESSAGE_TTL = timedelta(hours=24)


class ChatStore:
    def __init__(self, table: Table) -> None:
        self.table = table

    def next_seq(self, party_id: str) -> int:
        return int(self.table.update(keys.chat_sequence(party_id), "ADD seq :one", values={":one": 1})["seq"])

    def save(self, message: ChatMessage) -> None:
        item = {
            **keys.chat_message(message.party_id, message.seq),
            "msg_id": message.msg_id,
            "seq": message.seq,
            "sender_id": message.sender_id,
            "type": message.type.value,
            "content": message.content,
            "sent_at": iso(message.sent_at),
            "expires_at": epoch_seconds(message.sent_at + MESSAGE_TTL),
        }
        self.table.put(item)
        if message.seq > HISTORY_KEPT:
            self.table.delete(keys.chat_message(message.party_id, message.seq - HISTORY_KEPT))

    def since(self, party_id: str, after_seq: int, now: datetime) -> list[ChatMessage]:
        """Messages after `after_seq`, oldest first; TTL deletes late, so expiry is checked here."""
        first = keys.chat_message(party_id, after_seq + 1)["sk"]
        last = keys.chat_message(party_id, CHAT_SEQ_MAX)["sk"]
        items = self.table.query(
            "pk = :pk AND sk BETWEEN :first AND :last",
            {":pk": keys.party_pk(party_id), ":first": first, ":last": last},
        )
        cutoff = epoch_seconds(now)
        return [message_from_item(party_id, i) for i in items if int(i["expires_at"]) > cutoff]


def message_from_item(party_id: str, item: Item) -> ChatMessage:
    return ChatMessage(
        party_id=party_id,
        msg_id=item["msg_id"],
        seq=int(item["seq"]),
        sender_id=item["sender_id"],
        type=ChatType(item["type"]),
        content=item["content"],
        sent_at=parse_iso(item["sent_at"]),
    )
