"""Friends and blocks: the social facts the join and invite rules read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from partylobby.domain import errors


class FriendStatus(StrEnum):
    OUTGOING = "outgoing"
    INCOMING = "incoming"
    FRIENDS = "friends"


@dataclass(frozen=True)
class SocialView:
    """A player's friendships (and requests) and the players they block."""

    player_id: str
    friendships: dict[str, FriendStatus]
    blocked: frozenset[str]

    def friends(self) -> frozenset[str]:
        return frozenset(p for p, s in self.friendships.items() if s is FriendStatus.FRIENDS)

    def with_status(self, status: FriendStatus) -> list[str]:
        return sorted(p for p, s in self.friendships.items() if s is status)


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


def check_other_player(me: str, other: str, what: str) -> None:
    """Friend and block calls name another player; naming yourself is invalid."""
    if me == other:
        raise errors.InvalidParams(f"you cannot {what} yourself")
