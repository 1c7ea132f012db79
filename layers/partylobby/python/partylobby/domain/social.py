"""Friends, blocks and invitations: the social facts the party rules read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from partylobby.domain import errors


class FriendStatus(StrEnum):
    OUTGOING = "outgoing"
    INCOMING = "incoming"
    FRIENDS = "friends"


@dataclass(frozen=True)
class Invitation:
    party_id: str
    invitee_id: str
    inviter_id: str
    party_name: str
    expires_at: datetime

    def is_live(self, now: datetime) -> bool:
        """DynamoDB TTL deletes late, so every read checks the expiry itself."""
        return self.expires_at > now


@dataclass(frozen=True)
class PlayerView:
    """Everything in one player's own partition."""

    player_id: str
    party_id: str | None
    invitations: tuple[Invitation, ...]
    friendships: dict[str, FriendStatus]
    blocked: frozenset[str]

    def friends(self) -> frozenset[str]:
        return frozenset(p for p, s in self.friendships.items() if s is FriendStatus.FRIENDS)

    def with_status(self, status: FriendStatus) -> list[str]:
        return sorted(p for p, s in self.friendships.items() if s is status)

    def live_invitation(self, party_id: str, now: datetime) -> Invitation | None:
        return next((i for i in self.invitations if i.party_id == party_id and i.is_live(now)), None)


def befriend(
    me: str, other: str, mine: FriendStatus | None, blocked_either_way: bool
) -> tuple[FriendStatus, FriendStatus]:
    """My new status towards `other`, and theirs towards me."""
    if me == other:
        raise errors.InvalidParams("you cannot befriend yourself")
    if blocked_either_way:
        raise errors.FriendBlocked("a block stands between you and this player")
    if mine in (FriendStatus.INCOMING, FriendStatus.FRIENDS):
        return FriendStatus.FRIENDS, FriendStatus.FRIENDS
    return FriendStatus.OUTGOING, FriendStatus.INCOMING


def check_block_target(me: str, other: str) -> None:
    if me == other:
        raise errors.InvalidParams("you cannot block yourself")
