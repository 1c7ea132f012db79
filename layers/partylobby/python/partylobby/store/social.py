"""Friendships and blocks, in the player's own partition."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from partylobby.clock import epoch_seconds
from partylobby.domain.social import FriendStatus, SocialView
from partylobby.store import keys
from partylobby.store.table import Item, Table, Write


def is_friend(item: Item) -> bool:
    return keys.is_friendship(item) and item["status"] == FriendStatus.FRIENDS


class SocialStore:
    def __init__(self, table: Table) -> None:
        self.table = table

    def view(self, player_id: str) -> SocialView:
        """One Query on the player's friendships and blocks."""
        friendships: dict[str, FriendStatus] = {}
        blocked: set[str] = set()
        items = self.table.query("pk = :pk", {":pk": keys.player_pk(player_id)}, ConsistentRead=True)
        for item in items:
            if keys.is_friendship(item):
                friendships[keys.other_player_of(item)] = FriendStatus(item["status"])
            elif keys.is_block(item):
                blocked.add(keys.other_player_of(item))
        return SocialView(player_id, friendships, frozenset(blocked))

    def blocks_among(self, pairs: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
        """The (blocker, blocked) pairs that exist, in one batch read."""
        wanted = sorted({p for p in pairs if p[0] != p[1]})
        found = self.table.batch_get([keys.block(a, b) for a, b in wanted], projection="pk, sk")
        return frozenset((keys.player_id_of(i), keys.other_player_of(i)) for i in found)

    def friend_status(self, owner: str, other: str) -> FriendStatus | None:
        item = self.table.get(keys.friendship(owner, other))
        return FriendStatus(item["status"]) if item else None

    def save_friendship(
        self,
        me: str,
        other: str,
        statuses: tuple[FriendStatus, FriendStatus],
        seen: tuple[FriendStatus | None, FriendStatus | None],
    ) -> None:
        """Both sides at once, only if neither moved since they were read."""
        writes = [
            self._friend_write(me, other, statuses[0], seen[0]),
            self._friend_write(other, me, statuses[1], seen[1]),
        ]
        self.table.transact(writes)

    def _friend_write(self, owner: str, other: str, status: FriendStatus, seen: FriendStatus | None) -> Write:
        item = {**keys.friendship(owner, other), "status": status.value}
        if seen is None:
            return self.table.put_write(item, "attribute_not_exists(pk)")
        return self.table.put_write(item, "#s = :seen", names={"#s": "status"}, values={":seen": seen.value})

    def remove_friendship(self, me: str, other: str) -> None:
        self.table.transact(
            [
                self.table.delete_write(keys.friendship(me, other)),
                self.table.delete_write(keys.friendship(other, me)),
            ]
        )

    def block(self, me: str, other: str, now: datetime) -> None:
        """Blocking also ends any friendship or pending request between the two."""
        self.table.transact(
            [
                self.table.put_write({**keys.block(me, other), "blocked_at": epoch_seconds(now)}),
                self.table.delete_write(keys.friendship(me, other)),
                self.table.delete_write(keys.friendship(other, me)),
            ]
        )

    def unblock(self, me: str, other: str) -> None:
        self.table.delete(keys.block(me, other))

    def friends_of(self, player_id: str, others: Iterable[str]) -> frozenset[str]:
        """Which of `others` are the player's friends: one batch of their friendship items."""
        wanted = [keys.friendship(player_id, other) for other in sorted(set(others) - {player_id})]
        found = self.table.batch_get(wanted, consistent=True) if wanted else []
        return frozenset(keys.other_player_of(i) for i in found if is_friend(i))
