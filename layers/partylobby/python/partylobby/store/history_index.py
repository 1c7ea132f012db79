"""Queries over the history index (`gsi3`): parties newest first, overall or for one player.

Heads sit in 8 shards by creation time (`PARTIES#<nn>`, sort key `<created_at>#<party_id>`); a page reads
`limit + 1` from each shard and merges them, so its cost depends on the limit, never on the table. Member
entries (one per player and party) sit under `PLAYER_PARTIES#<player>` by latest joining time; a page
reads `limit + 1` of them, then their parties' heads in one BatchGetItem. A position is an index sort
key: the next page starts below it.
"""

from __future__ import annotations

from collections.abc import Iterator

from partylobby.clock import iso, parse_iso
from partylobby.domain.party.history import Summary, Window
from partylobby.store import keys
from partylobby.store.table import Item, Table

Page = tuple[list[Summary], str | None]
"""The parties, and the position the next page starts below (None: no more)."""

AFTER_EVERY_ID = "~"  # sorts after "#<any id>": the window's end includes every party at that instant


class HistoryIndex:
    def __init__(self, table: Table) -> None:
        self.table = table

    def newest(self, window: Window, limit: int, below: str | None = None) -> Page:
        shards = (self._descending(shard, window, below, limit + 1) for shard in keys.history_time_shards())
        items = sorted((item for shard in shards for item in shard), key=lambda item: str(item["gsi3sk"]), reverse=True)
        page = items[:limit]
        more = len(items) > limit
        return [_summary(item) for item in page], str(page[-1]["gsi3sk"]) if more and page else None

    def of_player(self, player_id: str, window: Window, limit: int, below: str | None = None) -> Page:
        """The parties the player joined in the window, by their latest join, newest first."""
        entries = list(self._descending(keys.history_of_player(player_id), window, below, limit + 1))
        page = entries[:limit]
        party_ids = [entry["party_id"] for entry in page]
        heads = {head["party_id"]: head for head in self.table.batch_get([keys.party_history(p) for p in party_ids])}
        position = str(page[-1]["gsi3sk"]) if len(entries) > limit else None
        return [_summary(heads[p]) for p in party_ids if p in heads], position

    def _descending(self, partition: str, window: Window, below: str | None, limit: int) -> Iterator[Item]:
        """The partition's items in the window, newest first, strictly below `below`."""
        low, high = iso(window.start), iso(window.end) + AFTER_EVERY_ID
        if below is not None:
            high = min(high, below)
        if high < low:  # a cursor from a wider window, below this one: nothing is left in it
            return
        items = self.table.query(
            "gsi3pk = :pk AND gsi3sk BETWEEN :low AND :high",
            {":pk": partition, ":low": low, ":high": high},
            IndexName=keys.HISTORY_INDEX,
            ScanIndexForward=False,
            Limit=limit if below is None else limit + 1,  # BETWEEN includes `below`, which is skipped
        )
        read = 0
        for item in items:
            if item["gsi3sk"] == below:
                continue
            yield item
            read += 1
            if read == limit:
                return


def _summary(head: Item) -> Summary:
    dismissed = head.get("dismissed_at")
    return Summary(
        party_id=head["party_id"],
        party_name=head["party_name"],
        max_player=int(head["max_player"]),
        leader_id=head["leader_id"],
        created_at=parse_iso(head["created_at"]),
        dismissed_at=parse_iso(dismissed) if dismissed else None,
    )
