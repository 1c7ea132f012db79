"""Join and invite strategies, friends and blocks, invitations with TTL, on moto."""

from __future__ import annotations

import pytest

from partylobby.domain.party import errors as party_errors
from partylobby.domain.party.model import InviteStrategy, JoinStrategy
from tests.service.conftest import World
from tests.support.fakes import FakeClock, RecordingNotifier


def test_only_friends_of_leader_admits_a_friend_only(world: World) -> None:
    party = world.party("alice", join_strategy=JoinStrategy.ONLY_FRIENDS_OF_LEADER)
    with pytest.raises(party_errors.NotFriendOfLeader) as refused:
        world.parties.join("bob", party.party_id)
    assert refused.value.err_code == "kBackendJoinFailedDueToNotFriendOfLeader"
    world.friends("alice", "bob")
    assert world.parties.join("bob", party.party_id).party.is_member("bob")


def test_only_friends_of_members_admits_a_friend_of_any_member(world: World) -> None:
    party = world.strategy(world.party("alice", "bob"), JoinStrategy.ONLY_FRIENDS_OF_MEMBERS)
    with pytest.raises(party_errors.NotFriendOfMembers) as refused:
        world.parties.join("carol", party.party_id)
    assert refused.value.err_code == "kBackendJoinFailedDueToNotFriendOfmembers"
    world.friends("bob", "carol")
    assert world.parties.join("carol", party.party_id).party.is_member("carol")


def test_a_pending_friend_request_is_not_a_friendship(world: World) -> None:
    party = world.party("alice", join_strategy=JoinStrategy.ONLY_FRIENDS_OF_LEADER)
    world.social.befriend("bob", "alice")
    with pytest.raises(party_errors.NotFriendOfLeader):
        world.parties.join("bob", party.party_id)


def test_only_invited_needs_a_live_invitation_and_join_consumes_it(world: World) -> None:
    party = world.party("alice", join_strategy=JoinStrategy.ONLY_INVITED)
    with pytest.raises(party_errors.NoInvitation):
        world.parties.join("bob", party.party_id)
    world.parties.invite("alice", party.party_id, ["bob"])
    assert world.parties.join("bob", party.party_id).party.is_member("bob")
    assert world.parties.pending_invitations("bob") == []


def test_not_allowed_refuses_join_and_invite(world: World) -> None:
    party = world.party("alice", "bob")
    world.strategy(party, JoinStrategy.NOT_ALLOWED)
    with pytest.raises(party_errors.PartyNotAllowJoin):
        world.parties.join("carol", party.party_id)
    with pytest.raises(party_errors.InviteNotAllowJoin):
        world.parties.invite("bob", party.party_id, ["carol"])


def test_block_either_way_with_leader_refuses_join(world: World) -> None:
    party = world.party("alice")
    world.social.block("alice", "bob")
    world.social.block("carol", "alice")
    for player in ("bob", "carol"):
        with pytest.raises(party_errors.NoJoinPermission):
            world.parties.join(player, party.party_id)


def test_invitation_reaches_invitee_and_lets_them_see_the_party(world: World, notifier: RecordingNotifier) -> None:
    party = world.party("alice", "bob")
    (invitation,) = world.parties.invite("bob", party.party_id, ["carol"])
    (event,) = notifier.of("OnReceivePartyInvitation")
    assert event.recipients == {"carol"}
    assert event.data()["inviter_id"] == "bob"
    assert world.parties.get("carol", party.party_id).party.party_id == party.party_id
    assert [i.target_id for i in world.parties.pending_invitations("carol")] == [party.party_id]
    assert invitation.expires_at == event.data()["expires_at"]


def test_only_leader_can_invite_when_so_set(world: World) -> None:
    party = world.party("alice", "bob", invite_strategy=InviteStrategy.ONLY_LEADER_CAN_INVITE)
    with pytest.raises(party_errors.InviteNotLeader):
        world.parties.invite("bob", party.party_id, ["carol"])
    world.parties.invite("alice", party.party_id, ["carol"])


def test_one_blocked_invitee_fails_the_whole_call(world: World, notifier: RecordingNotifier) -> None:
    party = world.party("alice", "bob")
    world.social.block("dave", "bob")
    with pytest.raises(party_errors.InviteBlocked):
        world.parties.invite("bob", party.party_id, ["carol", "dave"])
    assert world.parties.pending_invitations("carol") == []
    assert notifier.of("OnReceivePartyInvitation") == []


def test_non_member_cannot_invite(world: World) -> None:
    party = world.party("alice")
    with pytest.raises(party_errors.NotPartyMember):
        world.parties.invite("mallory", party.party_id, ["bob"])


def test_expired_invitation_neither_lists_nor_admits(world: World, clock: FakeClock) -> None:
    party = world.party("alice", join_strategy=JoinStrategy.ONLY_INVITED)
    world.parties.invite("alice", party.party_id, ["bob"])
    clock.advance(301)
    assert world.parties.pending_invitations("bob") == []
    with pytest.raises(party_errors.NoInvitation):
        world.parties.join("bob", party.party_id)
    with pytest.raises(party_errors.NotPartyMember):
        world.parties.get("bob", party.party_id)


def test_invitations_of_dismissed_parties_are_not_listed(world: World) -> None:
    party = world.party("alice")
    world.parties.invite("alice", party.party_id, ["bob"])
    world.parties.dismiss("alice", party.party_id)
    assert world.parties.pending_invitations("bob") == []


def test_declining_removes_the_invitation(world: World) -> None:
    party = world.party("alice", join_strategy=JoinStrategy.ONLY_INVITED)
    world.parties.invite("alice", party.party_id, ["bob"])
    world.parties.decline("bob", party.party_id)
    assert world.parties.pending_invitations("bob") == []
    with pytest.raises(party_errors.NoInvitation):
        world.parties.join("bob", party.party_id)


def test_invitation_admits_under_friend_strategies(world: World) -> None:
    party = world.party("alice", join_strategy=JoinStrategy.ONLY_FRIENDS_OF_LEADER)
    world.parties.invite("alice", party.party_id, ["bob"])
    assert world.parties.join("bob", party.party_id).party.is_member("bob")
