"""A party's history items, in its own partition: a head, one item per member's stint, one per leader change.

Each fact of a Change becomes one small write, so a command's cost never depends on the party's age.
Heads carry the keys of the history index (`gsi3`, see store/history_index.py) by creation time; one
member entry per player ever in the party carries them by player and latest joining time.
"""

from __future__ import annotations

from collections.abc import Iterable

from partylobby.clock import iso, parse_iso
from partylobby.domain.party.history import (
    Closed,
    Entered,
    Exited,
    History,
    HistoryFact,
    LeaderChanged,
    Opened,
    record,
)
from partylobby.store import keys
from partylobby.store.table import Item, Table, Write


class PartyHistoryStore:
    def __init__(self, table: Table) -> None:
        self.table = table

    def writes(self, party_id: str, facts: Iterable[HistoryFact]) -> list[Write]:
        """One write per fact; the head's changes (a new leader, the closing) in a single update."""
        writes: list[Write] = []
        head: dict[str, object] = {}
        for fact in facts:
            match fact:
                case Opened():
                    writes.append(self.table.put_write(_head_item(party_id, fact)))
                case Entered():
                    writes.append(self.table.put_write(_stint_item(party_id, fact)))
                    writes.append(self.table.put_write(_member_entry(party_id, fact)))
                case Exited():
                    writes.append(self._exit_write(party_id, fact))
                case LeaderChanged():
                    writes.append(self.table.put_write(_leader_change_item(party_id, fact)))
                    head["leader_id"] = fact.new_leader_id
                case Closed():
                    head |= {"dismissed_at": iso(fact.at), "dismiss_reason": fact.reason}
        if head:
            writes.append(self._head_update(party_id, head))
        return writes

    def history(self, party_id: str) -> History | None:
        """The whole record: one paginated Query on the party's history items, read back into facts."""
        items = list(
            self.table.query(
                "pk = :pk AND begins_with(sk, :history)",
                {":pk": keys.party_pk(party_id), ":history": keys.HISTORY},
                ConsistentRead=True,
            )
        )
        head = next((i for i in items if i["sk"] == keys.HISTORY), None)
        if head is None:
            return None
        facts: list[HistoryFact] = [
            Opened(head["party_name"], int(head["max_player"]), head["leader_id"], parse_iso(head["created_at"]))
        ]
        for item in items:
            if keys.is_stint(item):
                facts.extend(_stint_facts(item))
            elif keys.is_leader_change(item):
                facts.append(_leader_change(item))
        if head.get("dismissed_at"):
            facts.append(Closed(parse_iso(head["dismissed_at"]), head["dismiss_reason"]))
        return record(party_id, facts)

    def _exit_write(self, party_id: str, fact: Exited) -> Write:
        return self.table.update_write(
            keys.party_stint(party_id, fact.stint),
            "SET left_at = :at, reason = :reason",
            values={":at": iso(fact.at), ":reason": fact.reason},
        )

    def _head_update(self, party_id: str, changes: dict[str, object]) -> Write:
        names = {f"#{n}": name for n, name in enumerate(changes)}
        values = {f":{n}": value for n, value in enumerate(changes.values())}
        update = "SET " + ", ".join(f"#{n} = :{n}" for n in range(len(changes)))
        return self.table.update_write(keys.party_history(party_id), update, names=names, values=values)


def _head_item(party_id: str, fact: Opened) -> Item:
    return {
        **keys.party_history(party_id),
        **keys.history_by_time(party_id, iso(fact.at)),
        "party_id": party_id,
        "party_name": fact.party_name,
        "max_player": fact.max_player,
        "leader_id": fact.leader_id,
        "created_at": iso(fact.at),
    }


def _member_entry(party_id: str, fact: Entered) -> Item:
    return {
        **keys.party_member_entry(party_id, fact.player_id),
        **keys.history_by_player(fact.player_id, iso(fact.at), party_id),
        "party_id": party_id,
    }


def _stint_item(party_id: str, fact: Entered) -> Item:
    return {
        **keys.party_stint(party_id, fact.stint),
        "party_id": party_id,
        "player_id": fact.player_id,
        "joined_at": iso(fact.at),
    }


def _leader_change_item(party_id: str, fact: LeaderChanged) -> Item:
    return {
        **keys.party_leader_change(party_id, fact.version),
        "party_id": party_id,
        "old_leader_id": fact.old_leader_id,
        "new_leader_id": fact.new_leader_id,
        "at": iso(fact.at),
    }


def _stint_facts(item: Item) -> list[HistoryFact]:
    stint, player = keys.stint_of(item), item["player_id"]
    facts: list[HistoryFact] = [Entered(player, stint, parse_iso(item["joined_at"]))]
    if item.get("left_at"):
        facts.append(Exited(player, stint, parse_iso(item["left_at"]), item["reason"]))
    return facts


def _leader_change(item: Item) -> LeaderChanged:
    version = keys.leader_change_version_of(item)
    return LeaderChanged(item["old_leader_id"], item["new_leader_id"], parse_iso(item["at"]), version)
