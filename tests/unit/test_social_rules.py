"""Friends, blocks and invitations (domain/social.py)."""

from __future__ import annotations

import pytest

from partylobby.domain import errors
from partylobby.domain.invitations import Invitation, InvitationKind, unexpired
from partylobby.domain.social import FriendStatus, SocialView, befriend, check_other_player
from tests.support.builders import at

OUT, IN, FRIENDS = FriendStatus.OUTGOING, FriendStatus.INCOMING, FriendStatus.FRIENDS


def invitation(party_id: str = "p1", expires_at: int = 300) -> Invitation:
    return Invitation(InvitationKind.PARTY, party_id, party_id, "bob", "alice", at(expires_at), "Raid")


def view(**friendships: FriendStatus) -> SocialView:
    return SocialView("bob", dict(friendships), frozenset())


@pytest.mark.parametrize(
    ("mine", "after"),
    [(None, (OUT, IN)), (OUT, (OUT, IN)), (IN, (FRIENDS, FRIENDS)), (FRIENDS, (FRIENDS, FRIENDS))],
    ids=["new request", "repeated request", "accepting their request", "already friends"],
)
def test_befriend_transitions(mine: FriendStatus | None, after: tuple[FriendStatus, FriendStatus]) -> None:
    assert befriend("alice", "bob", mine, blocked_either_way=False) == after


def test_befriending_yourself_is_invalid_params() -> None:
    with pytest.raises(errors.InvalidParams) as excinfo:
        befriend("alice", "alice", None, blocked_either_way=True)  # checked before the block
    assert excinfo.value.err_code == "kBackendInvalidParams"


@pytest.mark.parametrize("mine", [None, IN])
def test_befriending_across_a_block_is_refused(mine: FriendStatus | None) -> None:
    with pytest.raises(errors.FriendBlocked) as excinfo:
        befriend("alice", "bob", mine, blocked_either_way=True)
    assert excinfo.value.err_code == "kBackendFriendBlocked"


def test_blocking_yourself_is_invalid_params() -> None:
    with pytest.raises(errors.InvalidParams):
        check_other_player("alice", "alice", "block")
    check_other_player("alice", "bob", "block")


def test_invitation_is_live_until_it_expires() -> None:
    inv = invitation(expires_at=300)
    assert inv.is_live(at(299))
    assert not inv.is_live(at(300))
    assert not inv.is_live(at(301))


def test_live_invitations_leave_out_expired_ones_soonest_to_expire_first() -> None:
    later, expired, sooner = invitation("p1", 300), invitation("p2", 10), invitation("p3", 200)
    assert unexpired((later, expired, sooner), at(60)) == [sooner, later]


def test_only_mutual_friendships_count_as_friends() -> None:
    player = view(carol=FRIENDS, alice=FRIENDS, dave=OUT, erin=IN)
    assert player.friends() == {"alice", "carol"}
    assert player.with_status(FRIENDS) == ["alice", "carol"]
    assert (player.with_status(OUT), player.with_status(IN)) == (["dave"], ["erin"])
