"""The sparse search index `gsi2` on DynamoDB Local: only advertised lobbies with a free slot carry its keys.

Every commit writes the whole lobby item, so its index keys come and go with the state; a member's
own attribute update touches neither. These tests read the raw items and query the index itself.
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import Any

import pytest

from partylobby.bootstrap import Container
from partylobby.clock import iso
from partylobby.domain.errors import DomainError
from partylobby.domain.lobby.model import Attribute, AttributeUpdate, Lobby, LobbyUpdate
from partylobby.domain.lobby.search import Query
from partylobby.store import keys
from partylobby.store.table import Table
from tests.integration.conftest import Race
from tests.support.lobbies import INVITE_ONLY, PRESENCE, PUBLIC, Lobbies

pytestmark = pytest.mark.integration

INDEX_KEYS = ("gsi2pk", "gsi2sk")


@pytest.fixture
def lobbies(services: Container) -> Lobbies:
    return Lobbies(services)


def index_keys(table: Table, lobby_id: str) -> dict[str, Any]:
    """The raw item's gsi2 attributes (none at all while the lobby is not searchable)."""
    item = table.get(keys.lobby_state(lobby_id))
    assert item is not None, f"lobby {lobby_id} is gone"
    return {k: item[k] for k in INDEX_KEYS if k in item}


def indexed(table: Table, bucket: str) -> set[str]:
    """What a Query on the index under the bucket reads."""
    items = table.query("gsi2pk = :bucket", {":bucket": keys.search_bucket(bucket)}, IndexName=keys.SEARCH_INDEX)
    return {item["lobby_id"] for item in items}


def found(services: Container, bucket: str) -> set[str]:
    views = services.lobby_search.find("seeker", Query(bucket_id=bucket, max_results=100))
    return {v.lobby.lobby_id for v in views}


def stored(lobbies: Lobbies, lobby_id: str) -> Lobby:
    lobby = lobbies.stored(lobby_id)
    assert lobby is not None, f"lobby {lobby_id} is gone"
    return lobby


def assert_indexed_exactly_when_searchable(services: Container, table: Table, lobby: Lobby) -> None:
    entry = keys.search_entry(lobby.bucket_id, iso(lobby.created_at), lobby.lobby_id)
    assert index_keys(table, lobby.lobby_id) == (entry if lobby.searchable else {})
    assert (lobby.lobby_id in indexed(table, lobby.bucket_id)) is lobby.searchable
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

    assert index_keys(table, open_one.lobby_id) == keys.search_entry(
        "mode", iso(open_one.created_at), open_one.lobby_id
    )
    for lobby in (full, invite_only, friends_only, made_invite_only):
        assert index_keys(table, lobby.lobby_id) == {}, lobby
    assert indexed(table, "mode") == found(services, "mode") == {open_one.lobby_id}
    assert indexed(table, "other") == {elsewhere.lobby_id}


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
    assert indexed(table, "bucket") == found(services, "bucket") == set()

    leaver = next(p for p, o in zip(racers, outcomes, strict=True) if o.ok)
    services.lobbies.leave(leaver, lobby.lobby_id)

    assert index_keys(table, lobby.lobby_id) == entry  # the same place: oldest first still
    assert indexed(table, "bucket") == found(services, "bucket") == {lobby.lobby_id}

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
    assert indexed(table, "bucket") == set()


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
        assert index_keys(table, lobby.lobby_id) == (entry if searchable else {}), update
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
