"""The party repository: one GetItem loads the aggregate, one transaction commits a Change.

The state is one item; a commit writes it (conditioned on the version it was read at), the members'
presence records (their party slot) and the history facts of the change, each a small item.
"""

from __future__ import annotations

from typing import Any

from partylobby.clock import iso, parse_iso
from partylobby.domain.invitations import InvitationKind
from partylobby.domain.party.model import Change, InviteStrategy, JoinStrategy, Member, Party
from partylobby.domain.presence import MembershipKind
from partylobby.store import keys, versioned
from partylobby.store.membership import MembershipCommit
from partylobby.store.party_history import PartyHistoryStore
from partylobby.store.presence import PresenceStore
from partylobby.store.table import (
    Item,
    Table,
    Write,
)
from partylobby.store.versioned import VERSION


class PartyStore:
    def __init__(self, table: Table, presence: PresenceStore) -> None:
        self.table = table
        self.presence = presence
        self.histories = PartyHistoryStore(table)
        self.memberships = MembershipCommit(table, presence, MembershipKind.PARTY, InvitationKind.PARTY)

    def load(self, party_id: str) -> Party | None:
        item = self.table.get(keys.party_state(party_id))
        return party_from_item(item) if item else None

    def existing(self, party_ids: list[str]) -> set[str]:
        found = self.table.batch_get([keys.party_state(p) for p in party_ids], projection="pk")
        return {keys.party_id_of(i) for i in found}

    def commit(self, change: Change) -> None:
        """The state, the memberships (see MembershipCommit), the invitation a join consumes, the history."""
        party = change.party
        history = self.histories.writes(party.party_id, change.history)
        self.memberships.commit(party.party_id, self._state_write(change), change, history)

    def set_player_data(self, party: Party, player_id: str, data: str) -> Party:
        """Write one member's own entry without a version condition: members' entries are independent.

        When a whole party readies up at once, version-conditioned writes would make every writer replay
        behind every other. This update commutes: it needs only the member to still be there, and still
        bumps `version` by exactly one. The answer is the state after, for the push.
        """
        key, condition = keys.party_state(party.party_id), "attribute_exists(#m.#p)"
        update = "SET #m.#p.custom_data = :data ADD #v :one"
        names, values = {"#m": "members", "#p": player_id, **VERSION}, {":data": data, ":one": 1}
        return party_from_item(
            versioned.commuting_update(self.table, key, update, condition, names=names, values=values)
        )

    def unchanged(self, party: Party) -> Write:
        """A transaction item that holds only while the party is still at the version `party` was read at."""
        return versioned.unchanged(self.table, keys.party_state(party.party_id), party.version)

    def _state_write(self, change: Change) -> Write:
        if change.entered and not change.created:  # besides the version, a guard that no bug overfills a party
            capacity = {**VERSION, "#m": "members", "#cap": "max_player"}
            condition = f"{versioned.AT_VERSION} AND size(#m) < #cap"
            values = {":expected": change.expected_version}
            return self.table.put_write(party_item(change.party), condition, names=capacity, values=values)
        return versioned.state_write(self.table, party_item(change.party), change)


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
            m.player_id: {"joined_at": iso(m.joined_at), "stint": m.seat, "custom_data": m.custom_data}
            for m in party.members
        },
        "global_data": party.global_data,
        "created_at": iso(party.created_at),
        "version": party.version,
    }


def party_from_item(item: Item) -> Party:
    members: dict[str, Any] = item["members"]
    in_joining_order = sorted(members.items(), key=lambda kv: int(kv[1]["stint"]))
    return Party(
        party_id=item["party_id"],
        party_name=item["party_name"],
        leader_id=item["leader_id"],
        max_player=int(item["max_player"]),
        enable_chatting=bool(item["enable_chatting"]),
        join_strategy=JoinStrategy(item["join_strategy"]),
        invite_strategy=InviteStrategy(item["invite_strategy"]),
        members=tuple(
            Member(p, parse_iso(m["joined_at"]), int(m["stint"]), m["custom_data"]) for p, m in in_joining_order
        ),
        global_data=item["global_data"],
        created_at=parse_iso(item["created_at"]),
        version=int(item["version"]),
    )
