"""Party commands through the real services and store, on moto."""

from __future__ import annotations

import pytest

from partylobby.domain.party import errors as party_errors
from partylobby.domain.party.model import InviteStrategy, JoinStrategy, NewParty
from tests.service.conftest import World
from tests.support.fakes import FakeClock, RecordingNotifier


def test_creator_is_leader_and_only_member_with_defaults(world: World) -> None:
    party = world.parties.create("alice", NewParty(party_name="squad")).party
    assert party.leader_id == "alice"
    assert [m.player_id for m in party.members] == ["alice"]
    assert (party.max_player, party.enable_chatting, party.version) == (4, False, 1)
    assert party.join_strategy is JoinStrategy.PUBLIC
    assert party.invite_strategy is InviteStrategy.ALL_MEMBERS_CAN_INVITE
    assert world.parties.current("alice").party.party_id == party.party_id


def test_one_party_per_player_on_create_and_join(world: World) -> None:
    first = world.party("alice")
    other = world.party("bob")
    with pytest.raises(party_errors.PartyDuplicated):
        world.parties.create("alice", NewParty())
    with pytest.raises(party_errors.PartyDuplicated):
        world.parties.join("alice", other.party_id)
    assert world.parties.current("alice").party.party_id == first.party_id


def test_profane_name_is_refused_and_nothing_is_created(world: World) -> None:
    with pytest.raises(party_errors.ProfaneName) as refused:
        world.parties.create("alice", NewParty(party_name="shit squad"))
    assert refused.value.err_code == "kBackendCreatePartyUic"
    with pytest.raises(party_errors.PartyNotFound):
        world.parties.current("alice")


def test_join_refused_when_full_and_party_unchanged(world: World) -> None:
    party = world.party("alice", "bob", max_player=2)
    with pytest.raises(party_errors.PartyFull):
        world.parties.join("carol", party.party_id)
    assert world.parties.get("alice", party.party_id).party.version == party.version


def test_join_unknown_party_is_not_found(world: World) -> None:
    with pytest.raises(party_errors.PartyNotFound):
        world.parties.join("alice", "no-such-party")


def test_member_joined_is_pushed_to_members_except_joiner(world: World, notifier: RecordingNotifier) -> None:
    party = world.party("alice", "bob")
    world.parties.join("carol", party.party_id)
    (joined,) = notifier.of("OnPartyMemberJoined")[-1:]
    assert joined.recipients == {"alice", "bob"}
    assert joined.version == 3


def test_leader_leaving_promotes_longest_present_member(world: World, notifier: RecordingNotifier) -> None:
    party = world.party("alice", "bob", "carol")
    world.parties.leave("alice", party.party_id)
    after = world.parties.current("bob").party
    assert after.leader_id == "bob"
    assert notifier.names()[-2:] == ["OnPartyMemberLeft", "OnPartyLeaderTransferred"]
    with pytest.raises(party_errors.PartyNotFound):
        world.parties.current("alice")


def test_last_member_leaving_dismisses_party(world: World) -> None:
    party = world.party("alice")
    world.parties.leave("alice", party.party_id)
    with pytest.raises(party_errors.PartyNotFound):
        world.parties.get("alice", party.party_id)
    assert world.parties.create("alice", NewParty()).party.leader_id == "alice"


def test_kick_by_leader_tells_remaining_members_and_kicked(world: World, notifier: RecordingNotifier) -> None:
    party = world.party("alice", "bob", "carol")
    world.parties.kick("alice", party.party_id, "bob")
    (left,) = notifier.of("OnPartyMemberLeft")
    assert left.recipients == {"alice", "bob", "carol"}
    assert left.data()["reason"] == "kicked"
    assert not world.parties.current("alice").party.is_member("bob")


def test_kick_and_transfer_and_dismiss_are_leader_only(world: World) -> None:
    party = world.party("alice", "bob", "carol")
    for command in (
        lambda: world.parties.kick("bob", party.party_id, "carol"),
        lambda: world.parties.transfer_leader("bob", party.party_id, "carol"),
        lambda: world.parties.dismiss("bob", party.party_id),
        lambda: world.parties.set_strategy("bob", party.party_id, JoinStrategy.NOT_ALLOWED, None),
        lambda: world.parties.set_global_data("bob", party.party_id, "x"),
    ):
        with pytest.raises(party_errors.NotPartyLeader):
            command()
    assert world.parties.current("alice").party.version == party.version


def test_transfer_to_non_member_is_refused(world: World) -> None:
    party = world.party("alice", "bob")
    with pytest.raises(party_errors.NotPartyMember):
        world.parties.transfer_leader("alice", party.party_id, "mallory")


def test_transfer_makes_target_leader_and_tells_all(world: World, notifier: RecordingNotifier) -> None:
    party = world.party("alice", "bob")
    after = world.parties.transfer_leader("alice", party.party_id, "bob").party
    assert after.leader_id == "bob"
    (event,) = notifier.of("OnPartyLeaderTransferred")
    assert event.recipients == {"alice", "bob"}


def test_dismiss_frees_every_member(world: World, notifier: RecordingNotifier) -> None:
    party = world.party("alice", "bob", "carol")
    world.parties.dismiss("alice", party.party_id)
    (event,) = notifier.of("OnPartyDismissed")
    assert event.recipients == {"bob", "carol"}
    for player in ("alice", "bob", "carol"):
        with pytest.raises(party_errors.PartyNotFound):
            world.parties.current(player)
    world.parties.create("bob", NewParty())


def test_non_member_cannot_see_party_without_invitation(world: World) -> None:
    party = world.party("alice")
    with pytest.raises(party_errors.NotPartyMember):
        world.parties.get("mallory", party.party_id)


def test_custom_data_global_and_own_player_entry(world: World, notifier: RecordingNotifier) -> None:
    party = world.party("alice", "bob")
    world.parties.set_global_data("alice", party.party_id, "ready?")
    after = world.parties.set_player_data("bob", party.party_id, "ready")
    assert after.custom_data() == {"global": "ready?", "players": {"alice": "", "bob": "ready"}}
    assert [e.recipients for e in notifier.of("OnCustomDataChanged")] == [{"alice", "bob"}] * 2


def test_strategy_change_is_pushed_to_members_except_leader(world: World, notifier: RecordingNotifier) -> None:
    party = world.party("alice", "bob")
    after = world.parties.set_strategy("alice", party.party_id, None, InviteStrategy.ONLY_LEADER_CAN_INVITE).party
    assert (after.join_strategy, after.invite_strategy) == (
        JoinStrategy.PUBLIC,
        InviteStrategy.ONLY_LEADER_CAN_INVITE,
    )
    (event,) = notifier.of("OnPartyStrategyChanged")
    assert event.recipients == {"bob"}


def test_every_change_bumps_version_by_one(world: World) -> None:
    party = world.party("alice")
    versions = [party.version]
    versions.append(world.parties.join("bob", party.party_id).party.version)
    versions.append(world.parties.set_global_data("alice", party.party_id, "x").version)
    versions.append(world.parties.transfer_leader("alice", party.party_id, "bob").party.version)
    world.parties.leave("alice", party.party_id)
    versions.append(world.parties.current("bob").party.version)
    assert versions == [1, 2, 3, 4, 5]


def test_history_outlives_the_party(world: World) -> None:
    party = world.party("alice", "bob")
    world.parties.leave("bob", party.party_id)
    world.parties.dismiss("alice", party.party_id)
    assert world.parties.parties.load(party.party_id) is None
    history = world.parties.parties.histories.history(party.party_id)
    assert history is not None
    assert [m.player_id for m in history.members] == ["alice", "bob"]
    assert all(m.left_at for m in history.members)
    assert history.dismissed_at


def test_nothing_is_published_for_a_refused_command(world: World, notifier: RecordingNotifier) -> None:
    party = world.party("alice", "bob", max_player=2)
    notifier.clear()
    with pytest.raises(party_errors.PartyFull):
        world.parties.join("carol", party.party_id)
    assert notifier.events == []


def test_clock_is_used_for_join_times(world: World, clock: FakeClock) -> None:
    party = world.party("alice")
    clock.advance(30)
    after = world.parties.join("bob", party.party_id).party
    assert (after.members[1].joined_at - after.members[0].joined_at).total_seconds() == 30
