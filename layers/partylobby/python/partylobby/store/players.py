"""The player's own partition: party lock, invitations, friendships, blocks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from partylobby.clock import epoch_seconds, from_epoch
from partylobby.domain.social import FriendStatus, Invitation, PlayerView
from partylobby.store import keys
from partylobby.store.table import Item, Table, TransactionCancelled, VersionConflict, Write


class PlayerStore:
    def __init__(self, table: Table) -> None:
        self.table = table

    def view(self, player_id: str) -> PlayerView:
        """One Query on the player's partition."""
        party_id: str | None = None
        invitations: list[Invitation] = []
        friendships: dict[str, FriendStatus] = {}
        blocked: set[str] = set()
        for item in self.table.query("pk = :pk", {":pk": keys.player_pk(player_id)}, ConsistentRead=True):
            sk: str = item["sk"]
            if sk == keys.PARTY_LOCK:
                party_id = item["party_id"]
            elif sk.startswith(keys.INVITE_PREFIX):
                invitations.append(invitation_from_item(item))
            elif sk.startswith(keys.FRIEND_PREFIX):
                friendships[sk.removeprefix(keys.FRIEND_PREFIX)] = FriendStatus(item["status"])
            elif sk.startswith(keys.BLOCK_PREFIX):
                blocked.add(sk.removeprefix(keys.BLOCK_PREFIX))
        return PlayerView(player_id, party_id, tuple(invitations), friendships, frozenset(blocked))

    def blocks_among(self, pairs: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
        """The (blocker, blocked) pairs that exist, in one batch read."""
        wanted = sorted({p for p in pairs if p[0] != p[1]})
        found = self.table.batch_get([keys.block(a, b) for a, b in wanted], projection="pk, sk")
        return frozenset(
            (i["pk"].removeprefix("PLAYER#"), i["sk"].removeprefix(keys.BLOCK_PREFIX)) for i in found
        )

    def save_invitations(self, party_id: str, version: int, invitations: Sequence[Invitation]) -> None:
        """Write the invitations only if the party is still at the version the checks read."""
        guard = self.table.check(
            keys.party_state(party_id),
            "#v = :expected",
            names={"#v": "version"},
            values={":expected": version},
        )
        puts = [self.table.put(invitation_item(i)) for i in invitations]
        self._transact([guard, *puts])

    def delete_invitation(self, player_id: str, party_id: str) -> None:
        self.table.delete_item(keys.invitation(player_id, party_id))

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
        self._transact(writes)

    def _friend_write(self, owner: str, other: str, status: FriendStatus, seen: FriendStatus | None) -> Write:
        item = {**keys.friendship(owner, other), "status": status.value}
        if seen is None:
            return self.table.put(item, "attribute_not_exists(pk)")
        return self.table.put(item, "#s = :seen", names={"#s": "status"}, values={":seen": seen.value})

    def friend_status(self, owner: str, other: str) -> FriendStatus | None:
        item = self.table.get(keys.friendship(owner, other))
        return FriendStatus(item["status"]) if item else None

    def remove_friendship(self, me: str, other: str) -> None:
        self._transact(
            [
                self.table.delete(keys.friendship(me, other)),
                self.table.delete(keys.friendship(other, me)),
            ]
        )

    def block(self, me: str, other: str, now: datetime) -> None:
        """Blocking also ends any friendship or pending request between the two."""
        self._transact(
            [
                self.table.put({**keys.block(me, other), "blocked_at": epoch_seconds(now)}),
                self.table.delete(keys.friendship(me, other)),
                self.table.delete(keys.friendship(other, me)),
            ]
        )

    def unblock(self, me: str, other: str) -> None:
        self.table.delete_item(keys.block(me, other))

    def _transact(self, writes: Sequence[Write]) -> None:
        try:
            self.table.transact(writes)
        except TransactionCancelled as cancelled:
            raise VersionConflict() from cancelled


def invitation_item(invitation: Invitation) -> Item:
    return {
        **keys.invitation(invitation.invitee_id, invitation.party_id),
        "party_id": invitation.party_id,
        "inviter_id": invitation.inviter_id,
        "party_name": invitation.party_name,
        "expires_at": epoch_seconds(invitation.expires_at),
    }


def invitation_from_item(item: Item) -> Invitation:
    return Invitation(
        party_id=item["party_id"],
        invitee_id=item["pk"].removeprefix("PLAYER#"),
        inviter_id=item["inviter_id"],
        party_name=item["party_name"],
        expires_at=from_epoch(int(item["expires_at"])),
    )
