"""Lobby races with real threads against DynamoDB Local: the invariants hold in the table's conditions.

Every test checks the three records that must agree after any interleaving: the lobby item (its
members, owner and version), each player's presence (`lobby_ids`), and the invites a join consumes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.errors import DomainError
from partylobby.domain.invitations import InvitationKind
from partylobby.domain.limits import PLAYER_ID_MAX_CHARS
from partylobby.domain.lobby.attributes import size_of
from partylobby.domain.lobby.events import MemberStatus
from partylobby.domain.lobby.limits import (
    LOBBY_ATTRIBUTES_MAX_BYTES,
    MAX_ATTRIBUTES,
    MAX_LOBBIES_PER_USER,
    MAX_MEMBERS,
    MEMBER_ATTRIBUTES_MAX_BYTES,
)
from partylobby.domain.lobby.model import (
    Attribute,
    AttributeUpdate,
    Lobby,
    LobbyUpdate,
    NewLobby,
    Visibility,
)
from partylobby.domain.party.model import NewParty
from partylobby.store import keys
from partylobby.store.lobbies import lobby_from_item
from partylobby.store.table import Table, from_wire
from tests.integration.conftest import Outcome, Race
from tests.support.fakes import RecordingNotifier
from tests.support.lobbies import INVITE_ONLY, PUBLIC, Lobbies

pytestmark = pytest.mark.integration

STATUS = "OnLobbyMemberStatusReceived"
NOT_FOUND = "EOS_NotFound"
TOO_MANY_PLAYERS = "EOS_Lobby_TooManyPlayers"
LIMIT_EXCEEDED = "EOS_LimitExceeded"
NO_PERMISSION = "EOS_Lobby_NoPermission"
INVALID = "EOS_InvalidParameters"


@pytest.fixture
def lobbies(services: Container) -> Lobbies:
    return Lobbies(services)


# -- what the table holds ------------------------------------------------------------------------------


def code(error: BaseException | None) -> str:
    """A refusal's EOS err_code; anything else (a 500) by its repr, so that a failed assertion says what it was."""
    return error.err_code if isinstance(error, DomainError) else repr(error)


def refusals(outcomes: Iterable[Outcome]) -> Counter[str]:
    return Counter(code(o.error) for o in outcomes if not o.ok)


def raise_the_first_crash(outcomes: Iterable[Outcome]) -> None:
    """Re-raise the first error that is not a refusal (a DomainError), as the HTTP function would see it."""
    for outcome in outcomes:
        if outcome.error is not None and not isinstance(outcome.error, DomainError):
            raise outcome.error


def stored_lobbies(table: Table) -> dict[str, Lobby]:
    """Every lobby state item in the table (a Scan: fine for a test's own table)."""
    response = table.client.scan(
        TableName=table.name,
        FilterExpression="begins_with(pk, :lobby) AND sk = :state",
        ExpressionAttributeValues={":lobby": {"S": keys.LOBBY}, ":state": {"S": keys.LOBBY_STATE}},
        ConsistentRead=True,
    )
    found = [lobby_from_item(from_wire(item)) for item in response["Items"]]
    return {lobby.lobby_id: lobby for lobby in found}


def lobbies_listing(table: Table, player: str) -> set[str]:
    """The lobby items that list `player` as a member."""
    return {lobby_id for lobby_id, lobby in stored_lobbies(table).items() if lobby.is_member(player)}


def stored(lobbies: Lobbies, lobby_id: str) -> Lobby:
    lobby = lobbies.stored(lobby_id)
    assert lobby is not None, f"lobby {lobby_id} is gone"
    return lobby


def assert_presence_agrees(lobbies: Lobbies, lobby: Lobby | None, players: Iterable[str], lobby_id: str) -> None:
    """Each player's presence lists the lobby exactly when the lobby lists them."""
    listed = {p: lobby_id in lobbies.lobbies_of(p) for p in players}
    members = {p: lobby is not None and lobby.is_member(p) for p in players}
    assert listed == members


def statuses(notifier: RecordingNotifier, status: MemberStatus) -> list[Any]:
    return [e for e in notifier.of(STATUS) if e.status is status]


def event_versions(notifier: RecordingNotifier) -> set[int]:
    return {e.version for e in notifier.events if hasattr(e, "version")}


def new_lobby(bucket: str = "bucket", max_members: int = 4) -> NewLobby:
    return NewLobby(max_members=max_members, permission_level=PUBLIC, bucket_id=bucket)


# -- joins for the last slots ----------------------------------------------------------------------------


def test_twelve_players_racing_for_three_free_slots_exactly_three_join(
    services: Container, lobbies: Lobbies, notifier: RecordingNotifier, race: Race
) -> None:
    lobby = lobbies.lobby("owner", "first", max_members=5)
    racers = [f"racer-{i:02}" for i in range(12)]
    notifier.clear()

    outcomes = race([partial(services.lobbies.join, p, lobby.lobby_id) for p in racers])

    joined = {p for p, o in zip(racers, outcomes, strict=True) if o.ok}
    assert len(joined) == 3
    assert refusals(outcomes) == Counter({TOO_MANY_PLAYERS: 9})
    after = stored(lobbies, lobby.lobby_id)
    assert after.member_ids == {"owner", "first", *joined}
    assert after.available_slots == 0
    assert after.version == lobby.version + 3
    assert_presence_agrees(lobbies, after, racers, lobby.lobby_id)
    joins = statuses(notifier, MemberStatus.JOINED)
    assert {e.target_user_id for e in joins} == joined
    assert sorted(e.version for e in joins) == [lobby.version + 1, lobby.version + 2, lobby.version + 3]
    # Each joiner's seat is the version at which they joined: distinct, so the joining order is total.
    assert sorted(after.member(p).seat for p in joined) == sorted(e.version for e in joins)


# -- promote racing with leave ---------------------------------------------------------------------------


@pytest.mark.parametrize("round_no", range(6))
def test_owner_promoting_a_member_who_leaves_meanwhile_ends_with_one_owner_who_is_a_member(
    services: Container, lobbies: Lobbies, notifier: RecordingNotifier, race: Race, round_no: int
) -> None:
    """Promote then leave: B owns it briefly, then host migration hands it back. Leave first: B is no member."""
    lobby = lobbies.lobby("own", "b", "c")
    notifier.clear()

    promoted, left = race(
        [
            partial(services.lobbies.promote, "own", lobby.lobby_id, "b"),
            partial(services.lobbies.leave, "b", lobby.lobby_id),
        ]
    )

    assert left.ok, left.error
    assert promoted.ok or code(promoted.error) == INVALID, promoted.error
    after = stored(lobbies, lobby.lobby_id)
    assert after.member_ids == {"own", "c"}
    assert after.owner_id == "own"
    assert after.version == lobby.version + 1 + promoted.ok
    assert event_versions(notifier) == set(range(lobby.version + 1, after.version + 1))
    promotions = [e.target_user_id for e in statuses(notifier, MemberStatus.PROMOTED)]
    assert promotions == (["b", "own"] if promoted.ok else [])
    assert_presence_agrees(lobbies, after, ("own", "b", "c"), lobby.lobby_id)


@pytest.mark.parametrize("host_migration", [True, False], ids=["host-migration", "no-host-migration"])
@pytest.mark.parametrize("round_no", range(4))
def test_owner_leaving_while_promoting_ends_with_one_owner_who_is_a_member_or_a_closed_lobby(
    services: Container,
    lobbies: Lobbies,
    notifier: RecordingNotifier,
    race: Race,
    host_migration: bool,
    round_no: int,
) -> None:
    """Promote C then leave: C owns it. Leave first: B (the longest present) is promoted, or without host
    migration the lobby closes; either way the late promote is refused."""
    lobby = lobbies.lobby("own", "b", "c", disable_host_migration=not host_migration)
    notifier.clear()

    promoted, left = race(
        [
            partial(services.lobbies.promote, "own", lobby.lobby_id, "c"),
            partial(services.lobbies.leave, "own", lobby.lobby_id),
        ]
    )

    assert left.ok, left.error
    after = lobbies.stored(lobby.lobby_id)
    if promoted.ok:
        assert after is not None
        assert (after.owner_id, after.member_ids) == ("c", frozenset({"b", "c"}))
    elif host_migration:
        assert code(promoted.error) == NO_PERMISSION
        assert after is not None
        assert (after.owner_id, after.member_ids) == ("b", frozenset({"b", "c"}))
    else:
        assert code(promoted.error) == NOT_FOUND
        assert after is None
    if after is not None:
        assert after.is_member(after.owner_id)
        assert after.version == lobby.version + 1 + promoted.ok
        assert event_versions(notifier) == set(range(lobby.version + 1, after.version + 1))
    assert_presence_agrees(lobbies, after, ("own", "b", "c"), lobby.lobby_id)


# -- update racing with destroy --------------------------------------------------------------------------


@pytest.mark.parametrize("round_no", range(6))
def test_updates_racing_destroy_land_before_it_or_are_not_found_and_nothing_is_left(
    services: Container,
    lobbies: Lobbies,
    notifier: RecordingNotifier,
    table: Table,
    race: Race,
    round_no: int,
) -> None:
    """The owner's update (a versioned put) and a member's own attributes (an update that commutes, with no
    lobby version condition) race the destroy: neither may bring back part of a deleted item."""
    lobby = lobbies.lobby("own", "b", "c", max_members=4)
    members = ("own", "b", "c")
    notifier.clear()

    updated, member_updated, destroyed = race(
        [
            partial(
                services.lobbies.update,
                "own",
                lobby.lobby_id,
                LobbyUpdate(max_members=6, set_attributes=(Attribute("mode", "ranked"),)),
            ),
            partial(services.lobbies.update_member, "b", lobby.lobby_id, AttributeUpdate((Attribute("ready", True),))),
            partial(services.lobbies.destroy, "own", lobby.lobby_id),
        ]
    )

    assert destroyed.ok, destroyed.error
    assert refusals([updated, member_updated]) <= Counter({NOT_FOUND: 2})
    assert table.get(keys.lobby_state(lobby.lobby_id)) is None
    assert all(lobby.lobby_id not in lobbies.lobbies_of(p) for p in members)
    closed = statuses(notifier, MemberStatus.CLOSED)
    assert len(closed) == 1
    landed = updated.ok + member_updated.ok
    assert closed[0].version == lobby.version + landed + 1  # every landed update came before the close
    assert closed[0].recipients == frozenset(members)
    assert event_versions(notifier) == set(range(lobby.version + 1, lobby.version + landed + 2))


# -- accept racing with kick -----------------------------------------------------------------------------


@pytest.mark.parametrize("round_no", range(6))
def test_accepting_an_invite_while_the_owner_kicks_to_free_the_last_slot_joins_only_after_the_kick(
    services: Container, lobbies: Lobbies, race: Race, round_no: int
) -> None:
    lobby = lobbies.lobby("own", "b", permission=INVITE_ONLY, max_members=2)
    invite = services.lobby_invites.send("own", lobby.lobby_id, "c")
    before = stored(lobbies, lobby.lobby_id)

    accepted, kicked = race(
        [
            partial(services.lobby_invites.accept, "c", invite.invitation_id),
            partial(services.lobbies.kick, "own", lobby.lobby_id, "b"),
        ]
    )

    assert kicked.ok, kicked.error
    assert accepted.ok or code(accepted.error) == TOO_MANY_PLAYERS, accepted.error
    after = stored(lobbies, lobby.lobby_id)
    assert after.member_ids == ({"own", "c"} if accepted.ok else {"own"})
    assert after.version == before.version + 1 + accepted.ok
    assert_presence_agrees(lobbies, after, ("own", "b", "c"), lobby.lobby_id)
    kept = services.lobbies.invitations.get("c", InvitationKind.LOBBY, invite.invitation_id)
    assert (kept is None) == accepted.ok  # consumed by the join, and only by it
    assert [i.invitation.invitation_id for i in services.lobby_invites.pending("c")] == (
        [] if accepted.ok else [invite.invitation_id]
    )


@pytest.mark.parametrize("round_no", range(6))
def test_owner_kicking_an_invitee_who_accepts_two_invites_at_once_ends_consistent(
    services: Container, lobbies: Lobbies, notifier: RecordingNotifier, race: Race, round_no: int
) -> None:
    """C accepts the owner's and B's invites at once while the owner kicks C. The first join consumes both
    invites, so C joins exactly once: the kick lands after it, or finds no C to kick."""
    lobby = lobbies.lobby("own", "b", permission=INVITE_ONLY, max_members=4)
    invites = [services.lobby_invites.send(inviter, lobby.lobby_id, "c") for inviter in ("own", "b")]
    before = stored(lobbies, lobby.lobby_id)
    notifier.clear()

    *accepts, kicked = race(
        [
            *(partial(services.lobby_invites.accept, "c", i.invitation_id) for i in invites),
            partial(services.lobbies.kick, "own", lobby.lobby_id, "c"),
        ]
    )

    assert any(a.ok for a in accepts)
    # A late accept finds its invite consumed (not found) or, once C is kicked, no invite to let C back in.
    assert set(refusals(accepts)) <= {NOT_FOUND, NO_PERMISSION}
    assert kicked.ok or code(kicked.error) == INVALID, kicked.error
    after = stored(lobbies, lobby.lobby_id)
    assert after.is_member("c") is not kicked.ok
    assert after.version == before.version + 1 + kicked.ok
    assert [e.target_user_id for e in statuses(notifier, MemberStatus.JOINED)] == ["c"]
    assert_presence_agrees(lobbies, after, ("own", "b", "c"), lobby.lobby_id)
    assert services.lobbies.invitations.of("c", InvitationKind.LOBBY) == []


# -- the 16-lobby cap ------------------------------------------------------------------------------------


@pytest.mark.parametrize("round_no", range(3))
def test_twenty_concurrent_creates_and_joins_by_one_player_end_in_sixteen_lobbies_never_seventeen(
    services: Container, lobbies: Lobbies, table: Table, race: Race, round_no: int
) -> None:
    others = [lobbies.lobby(f"host-{i}").lobby_id for i in range(10)]
    calls: list[Callable[[], Any]] = [partial(services.lobbies.create, "u", new_lobby()) for _ in range(10)]
    calls += [partial(services.lobbies.join, "u", lobby_id) for lobby_id in others]

    outcomes = race(calls)

    assert sum(o.ok for o in outcomes) == MAX_LOBBIES_PER_USER
    assert refusals(outcomes) == Counter({LIMIT_EXCEEDED: len(calls) - MAX_LOBBIES_PER_USER})
    held = lobbies.lobbies_of("u")
    assert len(held) == MAX_LOBBIES_PER_USER
    created = {o.value.lobby.lobby_id for o in outcomes[:10] if o.ok}
    joined = {lobby_id for lobby_id, o in zip(others, outcomes[10:], strict=True) if o.ok}
    assert held == created | joined
    everything = stored_lobbies(table)
    assert set(everything) == set(others) | created  # a refused create leaves no lobby behind
    assert lobbies_listing(table, "u") == held  # and no lobby lists u without u's presence listing it


# -- a party joining together ----------------------------------------------------------------------------


def party_of(services: Container, leader: str, *members: str) -> str:
    party_id = services.parties.create(leader, NewParty(max_player=4)).party.party_id
    for member in members:
        services.parties.join(member, party_id)
    return party_id


@pytest.mark.parametrize("round_no", range(6))
def test_a_party_joining_while_a_member_leaves_the_party_brings_the_party_as_it_was_at_one_version(
    services: Container, lobbies: Lobbies, notifier: RecordingNotifier, race: Race, round_no: int
) -> None:
    party_id = party_of(services, "lead", "m1", "m2")
    lobby = lobbies.lobby("own", max_members=8)
    notifier.clear()

    joined, left = race(
        [
            partial(services.lobbies.join, "lead", lobby.lobby_id, party_id=party_id),
            partial(services.parties.leave, "m2", party_id),
        ]
    )

    assert joined.ok and left.ok, (joined.error, left.error)
    after = stored(lobbies, lobby.lobby_id)
    entered = after.member_ids - {"own"}
    assert entered in ({"lead", "m1", "m2"}, {"lead", "m1"})
    assert after.version == lobby.version + 1
    joins = statuses(notifier, MemberStatus.JOINED)
    assert {e.target_user_id for e in joins} == entered
    assert {e.version for e in joins} == {after.version}
    assert_presence_agrees(lobbies, after, ("lead", "m1", "m2"), lobby.lobby_id)
    assert services.parties.get("lead", party_id).party.member_ids == {"lead", "m1"}


def test_a_member_leaving_the_party_between_the_party_joins_read_and_commit_makes_it_replay_without_them(
    services: Container, lobbies: Lobbies, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same race, forced into its one interesting order: without the party guard, M2 would be seated
    in the lobby by a party they had already left."""
    party_id = party_of(services, "lead", "m1", "m2")
    lobby = lobbies.lobby("own", max_members=8)
    store = services.lobbies.parties
    real_load = store.load
    loads: list[int] = []

    def load_then_m2_leaves(pid: str) -> Any:
        party = real_load(pid)
        loads.append(1)
        if len(loads) == 1:  # the join has read the party; M2 leaves before it commits
            monkeypatch.setattr(store, "load", real_load)
            services.parties.leave("m2", party_id)
            monkeypatch.setattr(store, "load", load_then_m2_leaves)
        return party

    monkeypatch.setattr(store, "load", load_then_m2_leaves)

    joined = services.lobbies.join("lead", lobby.lobby_id, party_id=party_id).lobby

    assert len(loads) == 2  # the guard failed once, and the join replayed
    assert joined.member_ids == {"own", "lead", "m1"}
    assert stored(lobbies, lobby.lobby_id) == joined
    assert joined.version == lobby.version + 1
    assert_presence_agrees(lobbies, joined, ("lead", "m1", "m2"), lobby.lobby_id)


@pytest.mark.parametrize("round_no", range(4))
def test_a_party_joining_while_a_member_takes_their_sixteenth_lobby_joins_all_or_none(
    services: Container, lobbies: Lobbies, table: Table, race: Race, round_no: int
) -> None:
    party_id = party_of(services, "lead", "m1", "m2")
    for _ in range(MAX_LOBBIES_PER_USER - 1):
        services.lobbies.create("m2", new_lobby(bucket="m2"))
    lobby = lobbies.lobby("own", max_members=8)

    party_joined, created = race(
        [
            partial(services.lobbies.join, "lead", lobby.lobby_id, party_id=party_id),
            partial(services.lobbies.create, "m2", new_lobby(bucket="m2")),
        ]
    )

    assert party_joined.ok != created.ok
    assert refusals([party_joined, created]) == Counter({LIMIT_EXCEEDED: 1})
    after = stored(lobbies, lobby.lobby_id)
    assert after.member_ids == ({"own", "lead", "m1", "m2"} if party_joined.ok else {"own"})
    assert after.version == lobby.version + party_joined.ok
    assert_presence_agrees(lobbies, after, ("lead", "m1", "m2"), lobby.lobby_id)
    assert len(lobbies.lobbies_of("m2")) == MAX_LOBBIES_PER_USER
    assert lobbies_listing(table, "m2") == lobbies.lobbies_of("m2")


def test_a_party_with_one_member_at_the_lobby_limit_joins_nobody(
    services: Container, lobbies: Lobbies, notifier: RecordingNotifier
) -> None:
    party_id = party_of(services, "lead", "m1", "m2")
    full_up = {
        services.lobbies.create("m1", new_lobby(bucket="m1")).lobby.lobby_id for _ in range(MAX_LOBBIES_PER_USER)
    }
    lobby = lobbies.lobby("own", max_members=8)
    notifier.clear()

    with pytest.raises(DomainError) as refused:
        services.lobbies.join("lead", lobby.lobby_id, party_id=party_id)

    assert refused.value.err_code == LIMIT_EXCEEDED
    assert stored(lobbies, lobby.lobby_id) == lobby
    assert lobbies.lobbies_of("lead") == lobbies.lobbies_of("m2") == set()
    assert lobbies.lobbies_of("m1") == full_up
    assert notifier.events == []


# -- members' own attributes commute ---------------------------------------------------------------------


def full_lobby(lobbies: Lobbies, players: Sequence[str]) -> Lobby:
    return lobbies.lobby(players[0], *players[1:], max_members=len(players))


def test_sixty_four_members_updating_their_own_attributes_twice_at_once_all_succeed(
    services: Container, lobbies: Lobbies, notifier: RecordingNotifier, race: Race
) -> None:
    players = [f"member-{i:02}" for i in range(MAX_MEMBERS)]
    lobby = full_lobby(lobbies, players)
    notifier.clear()

    def ready_up(player: str) -> None:
        loadout = Attribute("loadout", f"kit of {player}", Visibility.PRIVATE)
        services.lobbies.update_member(player, lobby.lobby_id, AttributeUpdate((Attribute("ready", False), loadout)))
        services.lobbies.update_member(player, lobby.lobby_id, AttributeUpdate((Attribute("ready", True),)))

    outcomes = race([partial(ready_up, p) for p in players])

    assert refusals(outcomes) == Counter()  # no ConcurrentModification: the updates commute
    after = stored(lobbies, lobby.lobby_id)
    assert after.version == lobby.version + 2 * len(players)
    for player in players:
        member = after.member(player)
        assert member.revision == 2
        assert {k: a.value for k, a in member.attributes.items()} == {"ready": True, "loadout": f"kit of {player}"}
        assert member.attributes["loadout"].visibility is Visibility.PRIVATE
    updates = notifier.of("OnLobbyMemberUpdateReceived")
    assert sorted(e.version for e in updates) == list(range(lobby.version + 1, after.version + 1))
    assert Counter(e.target_user_id for e in updates) == Counter({p: 2 for p in players})


def at_the_cap(count: int, max_bytes: int, prefix: str) -> tuple[Attribute, ...]:
    """`count` private string attributes weighing exactly `max_bytes` as the domain counts them (size_of),
    whatever per-attribute overhead it counts: the most attributes, so the most map overhead in the item."""
    key_chars = 2
    overhead = size_of([Attribute("k" * key_chars, "")])
    attributes = tuple(
        Attribute(f"{i:02}", prefix * (max_bytes // count - overhead), Visibility.PRIVATE) for i in range(count)
    )
    assert size_of(attributes) == max_bytes
    return attributes


def test_a_full_lobby_of_the_longest_ids_with_every_attribute_cap_reached_fits_its_one_item(
    services: Container, lobbies: Lobbies, race: Race
) -> None:
    """DynamoDB counts map headers and elements (moto does not): 64 members at once setting 100 attributes at
    their byte cap, in a lobby at its own cap, must still fit in 400 KB, or the write is a ValidationException."""
    players = [f"{i:02}".rjust(PLAYER_ID_MAX_CHARS, "p") for i in range(MAX_MEMBERS)]
    lobby = full_lobby(lobbies, players)
    lobby_attributes = at_the_cap(MAX_ATTRIBUTES, LOBBY_ATTRIBUTES_MAX_BYTES, "l")
    services.lobbies.update(players[0], lobby.lobby_id, LobbyUpdate(set_attributes=lobby_attributes))
    member_attributes = at_the_cap(MAX_ATTRIBUTES, MEMBER_ATTRIBUTES_MAX_BYTES, "m")

    outcomes = race(
        [
            partial(services.lobbies.update_member, p, lobby.lobby_id, AttributeUpdate(member_attributes))
            for p in players
        ]
    )

    raise_the_first_crash(outcomes)  # a 500: anything but a DomainError
    assert refusals(outcomes) == Counter()
    after = stored(lobbies, lobby.lobby_id)
    assert after.attributes == {a.key: a for a in lobby_attributes}
    assert all(m.attributes == {a.key: a for a in member_attributes} for m in after.members)
    assert after.version == lobby.version + 1 + len(players)


# -- DynamoDB's 100-item transaction ---------------------------------------------------------------------


def test_a_party_of_fifty_each_invited_joins_an_invite_only_lobby_together(
    services: Container, lobbies: Lobbies
) -> None:
    members = [f"pm-{i:02}" for i in range(50)]
    party_id = services.parties.create(members[0], NewParty(max_player=len(members))).party.party_id
    for member in members[1:]:
        services.parties.join(member, party_id)
    lobby = lobbies.lobby("own", permission=INVITE_ONLY, max_members=MAX_MEMBERS)
    for member in members:
        services.lobby_invites.send("own", lobby.lobby_id, member)

    joined = services.lobbies.join(members[0], lobby.lobby_id, party_id=party_id).lobby

    assert joined.member_ids == {"own", *members}
    assert_presence_agrees(lobbies, joined, members, lobby.lobby_id)


def test_an_invitee_sent_a_hundred_invites_to_one_lobby_still_accepts(services: Container, lobbies: Lobbies) -> None:
    lobby = lobbies.lobby("own", "b", permission=INVITE_ONLY)
    invites = [services.lobby_invites.send(("own", "b")[i % 2], lobby.lobby_id, "c") for i in range(100)]

    joined = services.lobby_invites.accept("c", invites[0].invitation_id).lobby

    assert joined.member_ids == {"own", "b", "c"}
    assert services.lobbies.invitations.of("c", InvitationKind.LOBBY) == []
