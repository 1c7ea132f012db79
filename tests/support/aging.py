"""Make a party old without living its life: its past stints written as the store writes them."""

from __future__ import annotations

from datetime import datetime

from partylobby.domain.party.history import Entered, Exited, HistoryFact
from partylobby.store import keys
from partylobby.store.parties import PartyStore

BATCH = 100  # TransactWriteItems' limit


def age(party_store: PartyStore, party_id: str, joins: int, at: datetime) -> None:
    """`joins` past members who joined and left (versions 2..joins+1), then the version moved past them."""
    table = party_store.table
    stints = range(2, joins + 2)
    entered: list[HistoryFact] = [Entered(f"past-{n}", n, at) for n in stints]
    exited: list[HistoryFact] = [Exited(f"past-{n}", n, at, "left") for n in stints]
    for facts in (entered, exited):  # a stint's entry and exit go in separate transactions
        writes = party_store.histories.writes(party_id, facts)
        for start in range(0, len(writes), BATCH):
            table.transact(writes[start : start + BATCH])
    table.update(keys.party_state(party_id), "SET version = :v", values={":v": joins * 2 + 1})
