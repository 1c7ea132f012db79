"""The party repository: one Query loads the aggregate, one transaction commits a Change."""

from __future__ import annotations

from typing import Any

from partylobby.clock import iso, parse_iso
from partylobby.domain.invitations import InvitationKind
from partylobby.domain.party.model import (
    Change,
    History,
    HistoryEntry,
    InviteStrategy,
    JoinStrategy,
    Member,
    Party,
)
from partylobby.domain.presence import MembershipKind
from partylobby.store import keys
from partylobby.store.invitations import InvitationStore
from partylobby.store.presence import PresenceStore
from partylobby.store.table import (
    ConditionFailed,
    Item,
    SlotTaken,
    Table,
    TransactionCancelled,
    VersionConflict,
    Write,
)

PARTY = MembershipKind.PARTY


class PartyStore:
    def __init__(self, table: Table, presence: PresenceStore, invitations: InvitationStore) -> None:
        self.table = table
        self.presence = presence
        self.invitations = invitations

    def load(self, party_id: str) -> Party | None:
        items = {
            i["sk"]: i
            for i in self.table.query(
                "pk = :pk AND begins_with(sk, :state)",
                {":pk": keys.party_pk(party_id), ":state": keys.STATE_PREFIX},
                ConsistentRead=True,
            )
        }
        state = items.get(keys.PARTY_STATE)
        history = items.get(keys.PARTY_HISTORY)
        if state is None or history is None:
            return None
        return party_from_item(state, history_from_item(history))

    def existing(self, party_ids: list[str]) -> set[str]:
        found = self.table.batch_get([keys.party_state(p) for p in party_ids], projection="pk")
        return {keys.party_id_of(i) for i in found}

    def party_id_of(self, player_id: str) -> str | None:
        return self.presence.get(player_id).party_id()

    def commit(self, change: Change, entrant_online: bool = False) -> None:
        """One transaction with the members' presence records: SlotTaken if the entrant's party slot was
        taken meanwhile, else VersionConflict. An entrant with no socket starts the offline grace now."""
        party = change.party
        writes = [self._state_write(change), self.table.put_write(history_item(party.history))]
        slot_position = len(writes)
        if change.joined:
            joined_at = next(m.joined_at for m in party.members if m.player_id == change.joined)
            offline_since = None if entrant_online else joined_at
            writes.append(self.presence.enter_write(change.joined, PARTY, party.party_id, offline_since))
            if not change.created:
                writes.append(self.invitations.consume_write(change.joined, InvitationKind.PARTY, party.party_id))
        writes.extend(self.presence.leave_write(p, PARTY, party.party_id) for p in change.released)
        try:
            self.table.transact(writes)
        except TransactionCancelled as cancelled:
            if change.joined and slot_position in cancelled.failed:
                raise SlotTaken(change.joined) from cancelled
            raise VersionConflict(party.party_id) from cancelled

    def set_player_data(self, party: Party, player_id: str, data: str) -> Party:
        """Write one member's own entry without a version condition: members' entries are independent.

        When a whole party readies up at once, version-conditioned writes would make every writer replay
        behind every other. This update commutes: it needs only the member to still be there, and still
        bumps `version` by exactly one. The answer is the state after, for the push.
        """
        try:
            after = self.table.update(
                keys.party_state(party.party_id),
                "SET #m.#p.custom_data = :data ADD #v :one",
                "attribute_exists(#m.#p)",
                names={"#m": "members", "#p": player_id, "#v": "version"},
                values={":data": data, ":one": 1},
            )
        except ConditionFailed as failed:
            raise VersionConflict(party.party_id) from failed
        return party_from_item(after, party.history)

    def unchanged(self, party: Party) -> Write:
        """A transaction item that holds only while the party is still at the version `party` was read at."""
        return self.table.check_write(
            keys.party_state(party.party_id),
            "#v = :expected",
            names={"#v": "version"},
            values={":expected": party.version},
        )

    def _state_write(self, change: Change) -> Write:
        party = change.party
        if change.created:
            return self.table.put_write(party_item(party), "attribute_not_exists(pk)")
        values = {":expected": change.expected_version}
        if change.dismissed:
            return self.table.delete_write(
                keys.party_state(party.party_id), "#v = :expected", names={"#v": "version"}, values=values
            )
        if change.joined:
            names = {"#v": "version", "#m": "members", "#cap": "max_player"}
            condition = "#v = :expected AND size(#m) < #cap"
        else:
            names, condition = {"#v": "version"}, "#v = :expected"
        return self.table.put_write(party_item(party), condition, names=names, values=values)


def party_item(party: Party) -> Item:
    return {
        **keys.party_state(party.party_id),
        "party_id": party.party_id,
        "party_name": party.party_name,
        "leader_id": party.leader_id,
        "max_player": party.max_player,
        "enable_chatting": party.enable_chatting,
        "join_strategy": party.join_strategy.value,
        "invite_strategy": party.invite_strategy.value,
        "members": {
            m.player_id: {"joined_at": iso(m.joined_at), "custom_data": m.custom_data, "rank": rank}
            for rank, m in enumerate(party.members)
        },
        "global_data": party.global_data,
        "created_at": iso(party.created_at),
        "version": party.version,
    }


def party_from_item(item: Item, history: History) -> Party:
    members: dict[str, Any] = item["members"]
    ranked = sorted(members.items(), key=lambda kv: int(kv[1]["rank"]))
    return Party(
        party_id=item["party_id"],
        party_name=item["party_name"],
        leader_id=item["leader_id"],
        max_player=int(item["max_player"]),
        enable_chatting=bool(item["enable_chatting"]),
        join_strategy=JoinStrategy(item["join_strategy"]),
        invite_strategy=InviteStrategy(item["invite_strategy"]),
        members=tuple(Member(p, parse_iso(m["joined_at"]), m["custom_data"]) for p, m in ranked),
        global_data=item["global_data"],
        created_at=parse_iso(item["created_at"]),
        version=int(item["version"]),
        history=history,
    )


def history_item(history: History) -> Item:
    return {
        **keys.party_history(history.party_id),
        "party_id": history.party_id,
        "party_name": history.party_name,
        "max_player": history.max_player,
        "leader_id": history.leader_id,
        "created_at": iso(history.created_at),
        "dismissed_at": iso(history.dismissed_at) if history.dismissed_at else None,
        "members": [
            {
                "player_id": e.player_id,
                "joined_at": iso(e.joined_at),
                **({"left_at": iso(e.left_at)} if e.left_at else {}),
            }
            for e in history.members
        ],
    }


def history_from_item(item: Item) -> History:
    return History(
        party_id=item["party_id"],
        party_name=item["party_name"],
        max_player=int(item["max_player"]),
        leader_id=item["leader_id"],
        created_at=parse_iso(item["created_at"]),
        members=tuple(
            HistoryEntry(
                e["player_id"],
                parse_iso(e["joined_at"]),
                parse_iso(e["left_at"]) if "left_at" in e else None,
            )
            for e in item["members"]
        ),
        dismissed_at=parse_iso(item["dismissed_at"]) if item.get("dismissed_at") else None,
    )
