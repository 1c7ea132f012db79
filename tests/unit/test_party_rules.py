"""The party aggregate's rules (domain/party.py), by behaviour. Err codes are the ones of API.md."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from partylobby.claims import Unauthorized
from partylobby.domain import errors
from partylobby.domain.membership import Entrant
from partylobby.domain.party import errors as party_errors
from partylobby.domain.party.events import (
    CustomDataChanged,
    InvitationReceived,
    LeaderTransferred,
    MemberJoined,
    MemberLeft,
    PartyDismissed,
    StrategyChanged,
)
from partylobby.domain.party.model import (
    Change,
    InviteStrategy,
    JoinStrategy,
    LeaveReason,
    NewParty,
    Party,
)
from partylobby.domain.party.names import check_party_name
from partylobby.domain.party.rules import (
    create_party,
    dismiss,
    invite,
    join,
    kick,
    leave,
    set_global_data,
    set_player_data,
    set_strategy,
    transfer_leader,
)
from tests.support.builders import PARTY_ID, T0, at, history, party

NOW = at(60)
EXPIRES = at(360)
NO_BLOCKS: frozenset[tuple[str, str]] = frozenset()


def only(change: Change) -> object:
    (event,) = change.events
    return event


def who(*player_ids: str) -> frozenset[str]:
    return frozenset(player_ids)


def code(call: Callable[[], object]) -> str:
    with pytest.raises(errors.DomainError) as excinfo:
        call()
    return excinfo.value.err_code


# -- create -------------------------------------------------------------------


def test_creator_is_the_leader_and_only_member() -> None:
    p = party("alice")
    assert p.leader_id == "alice"
    assert [(m.player_id, m.joined_at) for m in p.members] == [("alice", T0)]


def test_create_starts_at_version_one_takes_the_creators_lock_and_pushes_nothing() -> None:
    settings = NewParty(
        max_player=2, enable_chatting=True,
        join_strategy=JoinStrategy.ONLY_INVITED, invite_strategy=InviteStrategy.ONLY_LEADER_CAN_INVITE,
    )  # fmt: skip
    change = create_party(party_id=PARTY_ID, creator=Entrant("alice"), settings=settings, now=T0)
    assert (change.party.version, change.created, change.joined, change.events) == (1, True, ("alice",), ())
    assert (change.party.max_player, change.party.enable_chatting) == (2, True)
    assert change.party.join_strategy is JoinStrategy.ONLY_INVITED
    assert change.party.invite_strategy is InviteStrategy.ONLY_LEADER_CAN_INVITE


def test_max_player_zero_means_the_default_of_four() -> None:
    assert party(max_player=0).max_player == 4
    assert history(max_player=0).max_player == 4


def test_new_party_history_records_creator_and_creation() -> None:
    record = history("alice", party_name="Raid")
    assert (record.party_id, record.party_name, record.leader_id) == (PARTY_ID, "Raid", "alice")
    assert record.created_at == T0
    assert [(e.player_id, e.joined_at, e.left_at) for e in record.members] == [("alice", T0, None)]
    assert record.dismissed_at is None


def test_profane_party_name_is_refused_with_create_party_uic() -> None:
    with pytest.raises(party_errors.ProfaneName) as excinfo:
        check_party_name("shit squad")
    assert excinfo.value.err_code == "kBackendCreatePartyUic"


@pytest.mark.parametrize("name", ["", "Friday raid", "Scunthorpe United", "Die Hard"])
def test_clean_party_names_pass_the_profanity_check(name: str) -> None:
    check_party_name(name)


@pytest.mark.parametrize("name", ["sh1t squad", "fuuuck", "b!tch party"])
def test_obfuscated_profanity_is_caught(name: str) -> None:
    with pytest.raises(party_errors.ProfaneName):
        check_party_name(name)


def test_profanity_languages_are_configurable() -> None:
    check_party_name("puta madre")
    with pytest.raises(party_errors.ProfaneName):
        check_party_name("puta madre", ("english", "spanish"))
    with pytest.raises(party_errors.ProfaneName):
        check_party_name("merde alors", ("all",))


# -- join ---------------------------------------------------------------------


def test_join_appends_the_member_and_takes_their_lock() -> None:
    change = join(party("leader", "a"), Entrant("b"), NOW)
    assert [m.player_id for m in change.party.members] == ["leader", "a", "b"]
    assert change.party.members[-1].joined_at == NOW
    assert change.joined == ("b",)


def test_join_tells_members_except_the_joiner() -> None:
    event = only(join(party("leader", "a"), Entrant("b"), NOW))
    assert isinstance(event, MemberJoined)
    assert (event.player_id, event.recipients) == ("b", who("leader", "a"))


def test_join_records_joined_time_in_history() -> None:
    record = history(then=[join(party(), Entrant("b"), NOW)])
    assert (record.members[-1].player_id, record.members[-1].joined_at) == ("b", NOW)


def test_rejoining_after_leaving_adds_a_second_history_entry() -> None:
    left = leave(party("leader", "a"), "a", at(10))
    rejoined = join(left.party, Entrant("a"), at(20))
    record = history("leader", "a", then=[left, rejoined])
    assert [(e.player_id, e.joined_at, e.left_at) for e in record.members if e.player_id == "a"] == [
        ("a", at(1), at(10)),
        ("a", at(20), None),
    ]


def test_join_refused_when_party_full() -> None:
    with pytest.raises(party_errors.PartyFull) as excinfo:
        join(party("leader", "a", max_player=2), Entrant("b"), NOW)
    assert excinfo.value.err_code == "kBackendPartyFull"


def test_join_refused_when_already_in_another_party() -> None:
    with pytest.raises(party_errors.PartyDuplicated) as excinfo:
        join(party(), Entrant("b", groups=1), NOW)
    assert excinfo.value.err_code == "kBackendPartyDuplicated"


def test_join_refused_when_already_a_member() -> None:
    assert code(lambda: join(party("leader", "a"), Entrant("a"), NOW)) == "kBackendPartyDuplicated"


@pytest.mark.parametrize(
    ("strategy", "err_code"),
    [
        (JoinStrategy.ONLY_FRIENDS_OF_LEADER, "kBackendJoinFailedDueToNotFriendOfLeader"),
        (JoinStrategy.ONLY_FRIENDS_OF_MEMBERS, "kBackendJoinFailedDueToNotFriendOfmembers"),
        (JoinStrategy.ONLY_INVITED, "kBackendJoinFailedDueToNoInvitation"),
        (JoinStrategy.NOT_ALLOWED, "kBackendPartyNotAllowJoin"),
    ],
)
def test_join_strategy_refuses_a_stranger(strategy: JoinStrategy, err_code: str) -> None:
    assert code(lambda: join(party(join_strategy=strategy), Entrant("b"), NOW)) == err_code


@pytest.mark.parametrize(
    ("strategy", "joiner"),
    [
        (JoinStrategy.PUBLIC, Entrant("b")),
        (JoinStrategy.ONLY_FRIENDS_OF_LEADER, Entrant("b", friends=frozenset({"leader"}))),
        (JoinStrategy.ONLY_FRIENDS_OF_MEMBERS, Entrant("b", friends=frozenset({"a"}))),
        (JoinStrategy.ONLY_INVITED, Entrant("b", invited=True)),
    ],
)
def test_join_strategy_admits_who_it_names(strategy: JoinStrategy, joiner: Entrant) -> None:
    assert join(party("leader", "a", join_strategy=strategy), joiner, NOW).party.is_member("b")


def test_friend_of_a_member_is_not_enough_for_only_friends_of_leader() -> None:
    p = party("leader", "a", join_strategy=JoinStrategy.ONLY_FRIENDS_OF_LEADER)
    assert code(lambda: join(p, Entrant("b", friends=frozenset({"a"})), NOW)) == (
        "kBackendJoinFailedDueToNotFriendOfLeader"
    )


@pytest.mark.parametrize(
    "strategy", [JoinStrategy.ONLY_FRIENDS_OF_LEADER, JoinStrategy.ONLY_FRIENDS_OF_MEMBERS, JoinStrategy.PUBLIC]
)
def test_live_invitation_admits_under_friend_strategies(strategy: JoinStrategy) -> None:
    p = party(join_strategy=strategy)
    assert join(p, Entrant("b", invited=True), NOW).party.is_member("b")


def test_invitation_does_not_admit_when_join_not_allowed() -> None:
    p = party(join_strategy=JoinStrategy.NOT_ALLOWED)
    assert code(lambda: join(p, Entrant("b", invited=True), NOW)) == "kBackendPartyNotAllowJoin"


def test_block_with_leader_refuses_join_even_with_invitation() -> None:
    """The service sets blocked_with_leader for a block in either direction."""
    with pytest.raises(party_errors.NoJoinPermission):
        join(party(), Entrant("b", blocked=frozenset({"leader"}), invited=True), NOW)


def test_block_with_leader_err_code_is_the_contracts() -> None:
    assert code(lambda: join(party(), Entrant("b", blocked=frozenset({"leader"})), NOW)) == (
        "kBackendNoJoinPartyPermission"
    )


def test_join_guard_order_duplicate_before_not_allowed() -> None:
    p = party(join_strategy=JoinStrategy.NOT_ALLOWED)
    assert code(lambda: join(p, Entrant("b", groups=1), NOW)) == "kBackendPartyDuplicated"


def test_join_guard_order_not_allowed_before_block() -> None:
    p = party(join_strategy=JoinStrategy.NOT_ALLOWED)
    assert code(lambda: join(p, Entrant("b", blocked=frozenset({"leader"})), NOW)) == ("kBackendPartyNotAllowJoin")


def test_join_guard_order_block_before_strategy() -> None:
    p = party(join_strategy=JoinStrategy.ONLY_INVITED)
    with pytest.raises(party_errors.NoJoinPermission):
        join(p, Entrant("b", blocked=frozenset({"leader"})), NOW)


def test_join_guard_order_strategy_before_capacity() -> None:
    p = party("leader", max_player=1, join_strategy=JoinStrategy.ONLY_INVITED)
    assert code(lambda: join(p, Entrant("b"), NOW)) == "kBackendJoinFailedDueToNoInvitation"


def test_invitation_does_not_bypass_capacity() -> None:
    p = party("leader", max_player=1, join_strategy=JoinStrategy.ONLY_INVITED)
    assert code(lambda: join(p, Entrant("b", invited=True), NOW)) == "kBackendPartyFull"


# -- leave --------------------------------------------------------------------


def test_member_leaving_tells_remaining_members_with_reason_left() -> None:
    change = leave(party("leader", "a", "b"), "a", NOW)
    event = only(change)
    assert isinstance(event, MemberLeft)
    assert (event.player_id, event.reason, event.recipients) == ("a", "left", who("leader", "b"))
    assert change.released == ("a",)
    assert change.party.leader_id == "leader"


def test_leaving_records_left_time_in_history() -> None:
    entry = history("leader", "a", then=[leave(party("leader", "a"), "a", NOW)]).members[1]
    assert (entry.player_id, entry.left_at, entry.reason) == ("a", NOW, "left")


def test_offline_member_leaves_with_reason_offline() -> None:
    event = only(leave(party("leader", "a"), "a", NOW, LeaveReason.OFFLINE))
    assert isinstance(event, MemberLeft)
    assert event.reason == "offline"


def test_leader_leaving_promotes_longest_present_member() -> None:
    p = transfer_leader(party("leader", "a", "b", "c"), "leader", "c", NOW).party
    change = leave(p, "c", NOW)
    assert change.party.leader_id == "leader"  # joined first, although "c" was handed the lead
    change = leave(party("leader", "a", "b"), "leader", NOW)
    assert change.party.leader_id == "a"


def test_leader_leaving_tells_remaining_members_who_leads_now() -> None:
    left, transferred = leave(party("leader", "a", "b"), "leader", NOW).events
    assert isinstance(left, MemberLeft)
    assert isinstance(transferred, LeaderTransferred)
    assert (left.player_id, left.recipients) == ("leader", who("a", "b"))
    assert (transferred.old_leader_id, transferred.new_leader_id) == ("leader", "a")
    assert transferred.recipients == {"a", "b"}


def test_leader_change_on_leaving_is_recorded_in_history() -> None:
    record = history("leader", "a", then=[leave(party("leader", "a"), "leader", NOW)])
    assert record.leader_id == "a"
    assert [(c.old_leader_id, c.new_leader_id, c.at) for c in record.leader_changes] == [("leader", "a", NOW)]


def test_last_member_leaving_dismisses_party() -> None:
    change = leave(party("alone"), "alone", NOW)
    assert (change.closed, change.released, change.party.members, change.events) == (True, ("alone",), (), ())
    record = history("alone", then=[change])
    assert record.dismissed_at == NOW
    assert record.members[0].left_at == NOW


def test_non_member_cannot_leave() -> None:
    assert code(lambda: leave(party(), "stranger", NOW)) == "kBackendNotPartyMember"


# -- kick ---------------------------------------------------------------------


def test_kicked_player_and_remaining_members_are_told_with_reason_kicked() -> None:
    change = kick(party("leader", "a", "b"), "leader", "a", NOW)
    event = only(change)
    assert isinstance(event, MemberLeft)
    assert (event.player_id, event.reason, event.recipients) == ("a", "kicked", who("leader", "b", "a"))
    assert change.released == ("a",)
    assert not change.party.is_member("a")
    assert history("leader", "a", "b", then=[change]).members[1].left_at == NOW


def test_only_leader_can_kick() -> None:
    assert code(lambda: kick(party("leader", "a", "b"), "a", "b", NOW)) == "kBackendIsNotPartyLeader"


def test_non_member_cannot_kick() -> None:
    assert code(lambda: kick(party("leader", "a"), "stranger", "a", NOW)) == "kBackendNotPartyMember"


def test_leader_kicking_self_is_invalid_params() -> None:
    assert code(lambda: kick(party("leader", "a"), "leader", "leader", NOW)) == "kBackendInvalidParams"


def test_kicking_a_non_member_is_not_party_member() -> None:
    assert code(lambda: kick(party("leader", "a"), "leader", "stranger", NOW)) == "kBackendNotPartyMember"


# -- transfer -----------------------------------------------------------------


def test_transfer_makes_member_leader_and_tells_all_members() -> None:
    change = transfer_leader(party("leader", "a", "b"), "leader", "b", NOW)
    event = only(change)
    assert isinstance(event, LeaderTransferred)
    assert (event.old_leader_id, event.new_leader_id) == ("leader", "b")
    assert event.recipients == {"leader", "a", "b"}
    assert (change.party.leader_id, history("leader", "a", "b", then=[change]).leader_id) == ("b", "b")


def test_only_leader_can_transfer() -> None:
    assert code(lambda: transfer_leader(party("leader", "a"), "a", "a", NOW)) == "kBackendIsNotPartyLeader"


def test_transfer_to_non_member_is_refused() -> None:
    assert code(lambda: transfer_leader(party("leader", "a"), "leader", "stranger", NOW)) == "kBackendNotPartyMember"


def test_transfer_to_self_is_invalid_params() -> None:
    assert code(lambda: transfer_leader(party("leader", "a"), "leader", "leader", NOW)) == "kBackendInvalidParams"


# -- dismiss ------------------------------------------------------------------


def test_dismiss_tells_members_except_the_dismisser() -> None:
    event = only(dismiss(party("leader", "a", "b"), "leader", NOW))
    assert isinstance(event, PartyDismissed)
    assert (event.reason, event.recipients) == ("dismissed", who("a", "b"))


def test_dismiss_releases_every_lock_and_closes_the_history() -> None:
    change = dismiss(party("leader", "a"), "leader", NOW)
    assert change.closed
    assert set(change.released) == {"leader", "a"}
    record = history("leader", "a", then=[change])
    assert record.dismissed_at == NOW
    assert all((e.left_at, e.reason) == (NOW, "dismissed") for e in record.members)


def test_only_leader_can_dismiss() -> None:
    assert code(lambda: dismiss(party("leader", "a"), "a", NOW)) == "kBackendIsNotPartyLeader"


# -- strategy -----------------------------------------------------------------


def test_strategy_change_tells_members_except_the_leader() -> None:
    change = set_strategy(
        party("leader", "a", "b"), "leader", JoinStrategy.ONLY_INVITED, InviteStrategy.ONLY_LEADER_CAN_INVITE
    )
    event = only(change)
    assert isinstance(event, StrategyChanged)
    assert (event.join_strategy, event.invite_strategy) == ("OnlyInvited", "OnlyLeaderCanInvite")
    assert event.recipients == {"a", "b"}


def test_strategy_change_keeps_the_strategy_not_given() -> None:
    p = party(invite_strategy=InviteStrategy.ONLY_LEADER_CAN_INVITE)
    after = set_strategy(p, "leader", JoinStrategy.NOT_ALLOWED, None).party
    assert (after.join_strategy, after.invite_strategy) == (
        JoinStrategy.NOT_ALLOWED,
        InviteStrategy.ONLY_LEADER_CAN_INVITE,
    )


def test_only_leader_can_change_strategy() -> None:
    assert code(lambda: set_strategy(party("leader", "a"), "a", JoinStrategy.PUBLIC, None)) == (
        "kBackendIsNotPartyLeader"
    )


# -- custom data --------------------------------------------------------------


def test_global_data_change_is_heard_by_all_members_the_setter_too() -> None:
    change = set_global_data(party("leader", "a"), "leader", "ready")
    event = only(change)
    assert isinstance(event, CustomDataChanged)
    assert event.recipients == {"leader", "a"}
    assert event.custom_data == {"global": "ready", "players": {"leader": "", "a": ""}}


def test_only_leader_sets_global_data() -> None:
    assert code(lambda: set_global_data(party("leader", "a"), "a", "x")) == "kBackendIsNotPartyLeader"


def test_member_sets_only_their_own_player_data() -> None:
    change = set_player_data(party("leader", "a"), "a", "ready")
    event = only(change)
    assert isinstance(event, CustomDataChanged)
    assert event.recipients == {"leader", "a"}
    assert change.party.custom_data() == {"global": "", "players": {"leader": "", "a": "ready"}}


def test_non_member_cannot_set_player_data() -> None:
    assert code(lambda: set_player_data(party(), "stranger", "x")) == "kBackendNotPartyMember"


# -- invite -------------------------------------------------------------------


def test_invite_sends_each_invitee_their_own_invitation() -> None:
    p = party("leader", "a", party_name="Raid")
    events = invite(p, "a", ["x", "y"], NO_BLOCKS, EXPIRES)
    assert [e.recipients for e in events] == [{"x"}, {"y"}]
    assert all(isinstance(e, InvitationReceived) for e in events)
    assert {(e.inviter_id, e.party_name, e.expires_at, e.version) for e in events} == {
        ("a", "Raid", EXPIRES, p.version)
    }


def test_duplicate_invitees_count_once() -> None:
    assert [e.recipients for e in invite(party(), "leader", ["x", "x", "y"], NO_BLOCKS, EXPIRES)] == [{"x"}, {"y"}]


def test_invite_refused_when_join_not_allowed() -> None:
    p = party(join_strategy=JoinStrategy.NOT_ALLOWED)
    assert code(lambda: invite(p, "leader", ["x"], NO_BLOCKS, EXPIRES)) == ("kBackendInviteFailedDueToNotAllowJoin")


def test_only_leader_can_invite_under_only_leader_can_invite() -> None:
    p = party("leader", "a", invite_strategy=InviteStrategy.ONLY_LEADER_CAN_INVITE)
    assert code(lambda: invite(p, "a", ["x"], NO_BLOCKS, EXPIRES)) == "kBackendInviteFailedDueToNotLeader"
    assert len(invite(p, "leader", ["x"], NO_BLOCKS, EXPIRES)) == 1


def test_invite_guard_order_not_allowed_before_not_leader() -> None:
    p = party(
        "leader",
        "a",
        join_strategy=JoinStrategy.NOT_ALLOWED,
        invite_strategy=InviteStrategy.ONLY_LEADER_CAN_INVITE,
    )
    assert code(lambda: invite(p, "a", ["x"], NO_BLOCKS, EXPIRES)) == "kBackendInviteFailedDueToNotAllowJoin"


def test_non_member_cannot_invite() -> None:
    assert code(lambda: invite(party(), "stranger", ["x"], NO_BLOCKS, EXPIRES)) == "kBackendNotPartyMember"


def test_inviting_a_member_is_invalid_params() -> None:
    assert code(lambda: invite(party("leader", "a"), "leader", ["a"], NO_BLOCKS, EXPIRES)) == ("kBackendInvalidParams")


def test_inviting_yourself_is_invalid_params() -> None:
    assert code(lambda: invite(party(), "leader", ["leader"], NO_BLOCKS, EXPIRES)) == "kBackendInvalidParams"


@pytest.mark.parametrize(
    "block", [("leader", "x"), ("x", "leader"), ("a", "x"), ("x", "a")], ids=lambda b: f"{b[0]}-blocks-{b[1]}"
)
def test_invite_refused_when_leader_or_inviter_blocks_either_way(block: tuple[str, str]) -> None:
    p = party("leader", "a")
    assert code(lambda: invite(p, "a", ["x"], frozenset({block}), EXPIRES)) == ("kBackendInviteFailedDueToBlocked")


def test_block_with_another_member_does_not_refuse_an_invite() -> None:
    p = party("leader", "a", "b")
    assert len(invite(p, "a", ["x"], frozenset({("b", "x")}), EXPIRES)) == 1


def test_invite_is_all_or_nothing() -> None:
    p = party("leader", "a")
    with pytest.raises(party_errors.InviteBlocked):
        invite(p, "leader", ["x", "y", "z"], frozenset({("y", "leader")}), EXPIRES)


# -- version ------------------------------------------------------------------

BEFORE = party("leader", "a", "b")
COMMANDS: dict[str, Callable[[Party], Change]] = {
    "join": lambda p: join(p, Entrant("c"), NOW),
    "leave": lambda p: leave(p, "a", NOW),
    "leader leaves": lambda p: leave(p, "leader", NOW),
    "kick": lambda p: kick(p, "leader", "b", NOW),
    "transfer": lambda p: transfer_leader(p, "leader", "a", NOW),
    "dismiss": lambda p: dismiss(p, "leader", NOW),
    "strategy": lambda p: set_strategy(p, "leader", JoinStrategy.ONLY_INVITED, None),
    "global data": lambda p: set_global_data(p, "leader", "x"),
    "player data": lambda p: set_player_data(p, "b", "x"),
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_every_change_bumps_version_by_exactly_one(command: Callable[[Party], Change]) -> None:
    change = command(BEFORE)
    assert change.party.version == BEFORE.version + 1
    assert change.expected_version == BEFORE.version
    assert change.events
    assert all(e.version == change.party.version for e in change.events)


def test_last_member_leaving_bumps_version_by_one() -> None:
    p = party("alone")
    assert leave(p, "alone", NOW).party.version == p.version + 1


def test_each_join_counts_as_one_change() -> None:
    assert party("leader", "a", "b").version == 3


def test_inviting_does_not_change_the_party() -> None:
    p = party()
    (event,) = invite(p, "leader", ["x"], NO_BLOCKS, EXPIRES)
    assert event.version == p.version


# -- err codes ----------------------------------------------------------------

CONTRACT_ERR_CODES = {
    errors.InvalidParams: "kBackendInvalidParams",
    Unauthorized: "kBackendUnauthorized",
    party_errors.PartyNotFound: "kBackendPartyNotFound",
    party_errors.NotPartyMember: "kBackendNotPartyMember",
    party_errors.PartyDuplicated: "kBackendPartyDuplicated",
    party_errors.ProfaneName: "kBackendCreatePartyUic",
    party_errors.NotPartyLeader: "kBackendIsNotPartyLeader",
    party_errors.PartyFull: "kBackendPartyFull",
    party_errors.NotFriendOfLeader: "kBackendJoinFailedDueToNotFriendOfLeader",
    party_errors.NotFriendOfMembers: "kBackendJoinFailedDueToNotFriendOfmembers",
    party_errors.NoInvitation: "kBackendJoinFailedDueToNoInvitation",
    party_errors.PartyNotAllowJoin: "kBackendPartyNotAllowJoin",
    party_errors.InviteNotLeader: "kBackendInviteFailedDueToNotLeader",
    party_errors.InviteNotAllowJoin: "kBackendInviteFailedDueToNotAllowJoin",
    party_errors.InviteBlocked: "kBackendInviteFailedDueToBlocked",
    party_errors.PartyChatDisabled: "kBackendPartyChatDisabled",
}


@pytest.mark.parametrize(("error", "err_code"), CONTRACT_ERR_CODES.items(), ids=CONTRACT_ERR_CODES.values())
def test_err_codes_are_the_contracts(error: type[errors.DomainError], err_code: str) -> None:
    assert error.err_code == err_code
