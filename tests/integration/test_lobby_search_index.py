"""The lobby search index on DynamoDB Local: exactly the searchable lobbies (advertised, a free slot) hold
entries, with their current values, in every copy of the index, whatever commits race.

Entries are written in the lobby's own transaction, only when they change; a member's own attribute update
touches none. These tests read the entry items and query each copy of the index itself.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.errors import DomainError
from partylobby.domain.lobby.model import Attribute, AttributeUpdate, Lobby, LobbyUpdate
from partylobby.domain.lobby.search import Query
from partylobby.store import keys
from partylobby.store.search_index import AGE, ENTRY, REPLICAS, entries, mirror, partition
from partylobby.store.table import Table
from tests.integration.conftest import Race
from tests.support.lobbies import INVITE_ONLY, PRESENCE, PUBLIC, Lobbies, public

pytestmark = pytest.mark.integration


@pytest.fixture
def lobbies(services: Container) -> Lobbies:
    return Lobbies(services)


def index_keys(table: Table, lobby_id: str) -> dict[str, Any]:
    """The lobby's entry items, by sort key (none at all while it is not searchable)."""
    items = table.query(
        "pk = :pk AND begins_with(sk, :entry)", {":pk": keys.LOBBY + lobby_id, ":entry": ENTRY}, ConsistentRead=True
    )
    return {item["sk"]: item for item in items}


def indexed(services: Container, bucket: str, key: str = AGE) -> dict[str, set[tuple[str, str]]]:
    """Per copy of the index, what its partitions of `key` in the bucket hold: (lobby item key, sort key)."""
    table, shards = services.table, services.indexed_keys.shards
    return {
        index: {
            (item["pk"], item["searchsk"])
            for shard in range(shards)
            for item in table.query("searchpk = :pk", {":pk": partition(key, shard, bucket)}, IndexName=index)
        }
        for index in REPLICAS
    }


def indexed_lobbies(services: Container, bucket: str) -> set[str]:
    """The lobbies of the bucket the index holds; every copy must hold the same."""
    copies = indexed(services, bucket)
    held = copies[REPLICAS[0]]
    assert all(copy == held for copy in copies.values()), copies
    return {pk.removeprefix(keys.LOBBY) for pk, _ in held}


def found(services: Container, bucket: str) -> set[str]:
    views = services.lobby_search.find("seeker", Query(bucket_id=bucket, max_results=100))
    return {v.lobby.lobby_id for v in views}


def stored(lobbies: Lobbies, lobby_id: str) -> Lobby:
    lobby = lobbies.stored(lobby_id)
    assert lobby is not None, f"lobby {lobby_id} is gone"
    return lobby


def expected(services: Container, lobby: Lobby | None) -> dict[str, Any]:
    return entries(lobby, services.indexed_keys)


def assert_indexed_exactly_when_searchable(services: Container, table: Table, lobby: Lobby) -> None:
    assert index_keys(table, lobby.lobby_id) == expected(services, lobby)
    assert bool(index_keys(table, lobby.lobby_id)) is lobby.searchable
    assert (lobby.lobby_id in indexed_lobbies(services, lobby.bucket_id)) is lobby.searchable
    assert (lobby.lobby_id in found(services, lobby.bucket_id)) is lobby.searchable


def code(error: BaseException | None) -> str:
    return error.err_code if isinstance(error, DomainError) else repr(error)


def test_full_invite_only_and_join_via_presence_lobbies_carry_no_index_keys(
    services: Container, lobbies: Lobbies, table: Table
) -> None:
    open_one = lobbies.lobby("a", bucket="mode")
    full = lobbies.lobby("b", "b2", max_members=2, bucket="mode")
    invite_only = lobbies.lobby("c", permission=INVITE_ONLY, bucket="mode")
    friends_only = lobbies.lobby("d", permission=PRESENCE, bucket="mode")
    made_invite_only = lobbies.lobby("e", "e2", permission=INVITE_ONLY, bucket="mode")  # advertised, then not
    elsewhere = lobbies.lobby("f", bucket="other")

    assert index_keys(table, open_one.lobby_id) == expected(services, open_one) != {}
    for lobby in (full, invite_only, friends_only, made_invite_only):
        assert index_keys(table, lobby.lobby_id) == {}, lobby
    assert indexed_lobbies(services, "mode") == found(services, "mode") == {open_one.lobby_id}
    assert indexed_lobbies(services, "other") == {elsewhere.lobby_id}


def test_a_lobby_filled_by_racing_joins_leaves_the_index_and_a_leave_puts_it_back(
    services: Container, lobbies: Lobbies, table: Table, race: Race
) -> None:
    lobby = lobbies.lobby("own", max_members=4)
    entry = index_keys(table, lobby.lobby_id)
    racers = [f"racer-{i}" for i in range(8)]

    outcomes = race([partial(services.lobbies.join, p, lobby.lobby_id) for p in racers])

    assert sum(o.ok for o in outcomes) == 3
    full = stored(lobbies, lobby.lobby_id)
    assert full.available_slots == 0
    assert index_keys(table, lobby.lobby_id) == {}
    assert indexed_lobbies(services, "bucket") == found(services, "bucket") == set()

    leaver = next(p for p, o in zip(racers, outcomes, strict=True) if o.ok)
    services.lobbies.leave(leaver, lobby.lobby_id)

    assert index_keys(table, lobby.lobby_id) == entry  # the same place: oldest first still
    assert indexed_lobbies(services, "bucket") == found(services, "bucket") == {lobby.lobby_id}

    services.lobbies.join("late", lobby.lobby_id)  # full again
    assert index_keys(table, lobby.lobby_id) == {}
    kicked = min(stored(lobbies, lobby.lobby_id).member_ids - {"own"})
    services.lobbies.kick("own", lobby.lobby_id, kicked)
    assert index_keys(table, lobby.lobby_id) == entry


@pytest.mark.parametrize("round_no", range(5))
def test_a_leave_racing_joins_on_a_full_lobby_leaves_it_indexed_exactly_when_a_slot_is_free(
    services: Container, lobbies: Lobbies, table: Table, race: Race, round_no: int
) -> None:
    lobby = lobbies.lobby("own", "a", "b", max_members=3)
    assert index_keys(table, lobby.lobby_id) == {}

    left, *joins = race(
        [
            partial(services.lobbies.leave, "a", lobby.lobby_id),
            partial(services.lobbies.join, "x", lobby.lobby_id),
            partial(services.lobbies.join, "y", lobby.lobby_id),
        ]
    )

    assert left.ok, left.error
    assert sum(j.ok for j in joins) <= 1
    assert Counter(code(j.error) for j in joins if not j.ok) <= Counter({"EOS_Lobby_TooManyPlayers": 2})
    after = stored(lobbies, lobby.lobby_id)
    assert len(after.members) == 2 + sum(j.ok for j in joins)
    assert_indexed_exactly_when_searchable(services, table, after)


@pytest.mark.parametrize("round_no", range(4))
def test_an_owner_making_a_lobby_invite_only_while_players_join_takes_it_out_of_the_index(
    services: Container, lobbies: Lobbies, table: Table, race: Race, round_no: int
) -> None:
    lobby = lobbies.lobby("own", max_members=8)
    racers = [f"racer-{i}" for i in range(4)]

    made_private, *joins = race(
        [
            partial(services.lobbies.update, "own", lobby.lobby_id, LobbyUpdate(permission_level=INVITE_ONLY)),
            *(partial(services.lobbies.join, p, lobby.lobby_id) for p in racers),
        ]
    )

    assert made_private.ok, made_private.error
    assert {code(j.error) for j in joins if not j.ok} <= {"EOS_Lobby_NoPermission"}  # came after the switch
    after = stored(lobbies, lobby.lobby_id)
    assert after.member_ids == {"own", *(p for p, j in zip(racers, joins, strict=True) if j.ok)}
    assert after.version == lobby.version + 1 + sum(j.ok for j in joins)
    assert index_keys(table, lobby.lobby_id) == {}
    assert indexed_lobbies(services, "bucket") == set()


def test_permission_and_size_updates_move_a_lobby_out_of_and_back_into_the_index(
    services: Container, lobbies: Lobbies, table: Table
) -> None:
    lobby = lobbies.lobby("own", "m", max_members=4)
    entry = index_keys(table, lobby.lobby_id)
    assert entry
    steps = [
        (LobbyUpdate(permission_level=PRESENCE), False),
        (LobbyUpdate(permission_level=PUBLIC), True),
        (LobbyUpdate(max_members=2), False),  # as many slots as members: full
        (LobbyUpdate(max_members=3), True),
        (LobbyUpdate(permission_level=INVITE_ONLY, max_members=8), False),
        (LobbyUpdate(permission_level=PUBLIC, set_attributes=(Attribute("mode", "duo"),)), True),
    ]
    for update, searchable in steps:
        after = services.lobbies.update("own", lobby.lobby_id, update).lobby
        assert after.searchable is searchable, update
        assert index_keys(table, lobby.lobby_id) == expected(services, after), update
        assert_indexed_exactly_when_searchable(services, table, after)


def test_members_updating_their_own_attributes_at_once_neither_add_nor_drop_index_keys(
    services: Container, lobbies: Lobbies, table: Table, race: Race
) -> None:
    """A member's update is an UpdateItem of their own map entry, not a put of the whole item."""
    searchable = lobbies.lobby("own", "a", "b", max_members=4)
    full = lobbies.lobby("own2", "c", "d", max_members=3)
    entry = index_keys(table, searchable.lobby_id)

    outcomes = race(
        [
            partial(services.lobbies.update_member, p, lobby.lobby_id, AttributeUpdate((Attribute("ready", True),)))
            for lobby in (searchable, full)
            for p in sorted(lobby.member_ids)
        ]
    )

    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    assert index_keys(table, searchable.lobby_id) == entry
    assert index_keys(table, full.lobby_id) == {}
    for lobby in (searchable, full):
        after = stored(lobbies, lobby.lobby_id)
        assert after.version == lobby.version + len(lobby.members)
        assert_indexed_exactly_when_searchable(services, table, after)


def racing_commands(services: Container, lobby: Lobby, n: int) -> list[Callable[[], Any]]:
    """Three joins (one too many for its seats), a leave, a kick, an owner's update of an indexed and a
    non-indexed attribute, a member's own update, and for some a switch to InviteOnly or a destroy."""
    lobbies, lid, owner = services.lobbies, lobby.lobby_id, lobby.owner_id
    update = LobbyUpdate(set_attributes=(public("level", 100 + n), public("note", "gg")))
    calls: list[Callable[[], Any]] = [
        *(partial(lobbies.join, f"joiner{n}-{i}", lid) for i in range(3)),
        partial(lobbies.leave, f"member{n}-0", lid),
        partial(lobbies.kick, owner, lid, f"member{n}-1"),
        partial(lobbies.update, owner, lid, update),
        partial(lobbies.update_member, f"member{n}-1", lid, AttributeUpdate((Attribute("ready", True),))),
    ]
    if n % 3 == 1:
        calls.append(partial(lobbies.update, owner, lid, LobbyUpdate(permission_level=INVITE_ONLY)))
    if n % 3 == 2:
        calls.append(partial(lobbies.destroy, owner, lid))
    return calls


@pytest.mark.parametrize("round_no", range(2))
def test_whatever_commits_race_every_copy_of_the_index_holds_exactly_the_searchable_lobbies_current_values(
    services: Container, lobbies: Lobbies, table: Table, race: Race, round_no: int
) -> None:
    made = [
        lobbies.lobby(f"owner{n}", f"member{n}-0", f"member{n}-1", max_members=4, bucket="race",
                      attributes=(public("level", n), public("mode", "ctf"), public("note", "hi")))
        for n in range(6)
    ]  # fmt: skip
    calls = [call for n, lobby in enumerate(made) for call in racing_commands(services, lobby, n)]
    random.Random(round_no).shuffle(calls)

    outcomes = race(calls)

    assert [o.error for o in outcomes if not o.ok and not isinstance(o.error, DomainError)] == []
    now = {lobby.lobby_id: lobbies.stored(lobby.lobby_id) for lobby in made}
    for lobby_id, lobby in now.items():
        assert index_keys(table, lobby_id) == expected(services, lobby)
    held = [item for lobby_id in now for item in index_keys(table, lobby_id).values()]
    for key in (AGE, "level", mirror("level"), "mode"):
        entries_of_key = {(i["pk"], i["searchsk"]) for i in held if i["sk"] == ENTRY + key}
        assert set(map(frozenset, indexed(services, "race", key).values())) == {frozenset(entries_of_key)}
    assert found(services, "race") == {i for i, lobby in now.items() if lobby is not None and lobby.searchable}
