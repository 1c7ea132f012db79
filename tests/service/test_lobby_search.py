"""Lobby search on moto (EOS LobbySearch_Find): by bucket through the sparse index, by lobby id, by a
user's lobbies; each operator, parameters ANDed, DISTANCE ranking, and who may find what."""

from __future__ import annotations

from dataclasses import replace

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.lobby import errors
from partylobby.domain.lobby.model import AttributeValue, Lobby, LobbyUpdate
from partylobby.domain.lobby.search import Comparison, Parameter, Query
from tests.support.fakes import FakeClock
from tests.support.lobbies import INVITE_ONLY, PRESENCE, Lobbies, private, public

C = Comparison


@pytest.fixture
def lobbies(services: Container) -> Lobbies:
    return Lobbies(services)


class Bucket:
    """Lobbies made one second apart (the bucket lists them oldest first), named by their `name` attribute."""

    def __init__(self, lobbies: Lobbies, clock: FakeClock, bucket: str = "eu") -> None:
        self.lobbies, self.clock, self.bucket = lobbies, clock, bucket

    def add(self, owner: str, name: str, **attributes: AttributeValue) -> Lobby:
        self.clock.advance(1)
        typed = (public("name", name), *(public(k, v) for k, v in attributes.items()))
        return self.lobbies.lobby(owner, bucket=self.bucket, attributes=typed)

    def find(
        self, *parameters: tuple[str, Comparison, AttributeValue], by: str = "searcher", max_results: int | None = None
    ) -> list[str]:
        wanted = Query(self.bucket, parameters=tuple(Parameter(*p) for p in parameters))
        if max_results is not None:
            wanted = replace(wanted, max_results=max_results)
        views = self.lobbies.services.lobby_search.find(by, wanted)
        return [str(v.lobby.attributes["name"].value) for v in views]


@pytest.fixture
def bucket(lobbies: Lobbies, clock: FakeClock) -> Bucket:
    return Bucket(lobbies, clock)


@pytest.fixture
def levels(bucket: Bucket) -> Bucket:
    """Four lobbies: level 1, 5 and 10 (ints, oldest first), and one whose level is the string "5"."""
    for n, level in enumerate((1, 5, 10)):
        bucket.add(f"owner{n}", f"L{level}", level=level, mode=("ffa", "duel", "ctf")[n])
    bucket.add("owner3", "S5", level="5", mode="ffa")
    return bucket


@pytest.mark.parametrize(
    ("op", "value", "found"),
    [
        (C.EQUAL, 5, ["L5"]),
        (C.EQUAL, 5.0, ["L5"]),  # ints and floats compare as numbers
        (C.EQUAL, "5", ["S5"]),
        (C.NOTEQUAL, 5, ["L1", "L10"]),  # the string "5" is another type: no match
        (C.GREATERTHAN, 5, ["L10"]),
        (C.GREATERTHANOREQUAL, 5, ["L5", "L10"]),
        (C.LESSTHAN, 5, ["L1"]),
        (C.LESSTHANOREQUAL, 5.5, ["L1", "L5"]),
        (C.DISTANCE, 9, ["L10", "L5", "L1"]),  # closest first
        (C.DISTANCE, 4.0, ["L5", "L1", "L10"]),
        (C.ANYOF, "1;5;10", ["S5"]),  # a list of strings matches strings only
    ],
)
def test_each_operator_on_a_bucket(levels: Bucket, op: Comparison, value: AttributeValue, found: list[str]) -> None:
    assert levels.find(("level", op, value)) == found


@pytest.mark.parametrize(
    ("op", "value", "found"),
    [
        (C.ANYOF, "ffa;ctf", ["L10", "L1", "S5"]),  # by value (ctf, ffa), then oldest first
        (C.ANYOF, "duel", ["L5"]),
        (C.ANYOF, "du", []),
        (C.NOTANYOF, "ffa;ctf", ["L5"]),
        (C.NOTANYOF, "x;y;z", ["L10", "L5", "L1", "S5"]),  # by value (ctf, duel, ffa), then oldest first
    ],
)
def test_anyof_and_notanyof_take_a_semicolon_list(levels: Bucket, op: Comparison, value: str, found: list[str]) -> None:
    assert levels.find(("mode", op, value)) == found


def test_parameters_are_anded(levels: Bucket) -> None:
    # ANYOF drives (it reads less than an ordering operator): its order, by value
    assert levels.find(("level", C.GREATERTHANOREQUAL, 1), ("mode", C.ANYOF, "ffa;ctf")) == ["L10", "L1"]
    assert levels.find(("level", C.GREATERTHAN, 1), ("mode", C.EQUAL, "ffa")) == []
    assert levels.find(("level", C.DISTANCE, 6), ("mode", C.NOTEQUAL, "duel")) == ["L10", "L1"]


def test_a_lobby_without_the_attribute_does_not_match(levels: Bucket) -> None:
    levels.add("owner9", "bare")
    assert levels.find(("rank", C.NOTEQUAL, 1)) == []
    assert "bare" in levels.find()


def test_max_results_keeps_the_oldest(bucket: Bucket) -> None:
    for n in range(5):
        bucket.add(f"owner{n}", f"n{n}", rank=n)
    assert bucket.find(max_results=2) == ["n0", "n1"]
    assert bucket.find(("rank", C.GREATERTHAN, 0), max_results=3) == ["n1", "n2", "n3"]
    assert bucket.find(("rank", C.DISTANCE, 4), max_results=2) == ["n4", "n3"]
    assert bucket.find() == [f"n{n}" for n in range(5)]  # the default is 10


def test_full_invite_only_and_join_via_presence_lobbies_are_not_in_the_bucket(
    bucket: Bucket, lobbies: Lobbies, services: Container
) -> None:
    bucket.add("alice", "open")
    full = bucket.add("bob", "full")
    services.lobbies.update("bob", full.lobby_id, LobbyUpdate(max_members=1))
    for owner, level in (("carol", INVITE_ONLY), ("dave", PRESENCE)):
        lobby = bucket.add(owner, level.value)
        services.lobbies.update(owner, lobby.lobby_id, LobbyUpdate(permission_level=level))
    assert bucket.find() == ["open"]
    assert bucket.find(by="carol") == ["open"]  # not even for its owner: search lists joinable lobbies


def test_a_lobby_leaves_the_bucket_when_it_fills_and_comes_back_when_a_seat_frees(
    bucket: Bucket, services: Container
) -> None:
    lobby = bucket.add("alice", "room")
    services.lobbies.update("alice", lobby.lobby_id, LobbyUpdate(max_members=2))
    services.lobbies.join("bob", lobby.lobby_id)
    assert bucket.find() == []
    services.lobbies.leave("bob", lobby.lobby_id)
    assert bucket.find() == ["room"]
    services.lobbies.update("alice", lobby.lobby_id, LobbyUpdate(permission_level=INVITE_ONLY))
    assert bucket.find() == []
    services.lobbies.destroy("alice", lobby.lobby_id)
    assert bucket.find() == []


def test_private_attributes_are_never_matched(lobbies: Lobbies, services: Container) -> None:
    lobbies.lobby("alice", bucket="eu", attributes=(private("pw", "x"), public("map", "dust")))
    for parameter in (Parameter("pw", C.EQUAL, "x"), Parameter("pw", C.NOTEQUAL, "y")):
        for searcher in ("alice", "stranger"):
            assert services.lobby_search.find(searcher, Query(bucket_id="eu", parameters=(parameter,))) == []


def test_buckets_are_apart(bucket: Bucket, lobbies: Lobbies) -> None:
    bucket.add("alice", "eu-room")
    lobbies.lobby("bob", bucket="us")
    assert bucket.find() == ["eu-room"]


# -- by lobby id and by user -------------------------------------------------------------


def ids(services: Container, searcher: str, **where: str) -> list[str]:
    return [v.lobby.lobby_id for v in services.lobby_search.find(searcher, Query(**where))]  # type: ignore[arg-type]


def test_a_join_via_presence_lobby_is_found_by_its_id(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", permission=PRESENCE, attributes=(private("pw", "x"),))
    (found,) = services.lobby_search.find("stranger", Query(lobby_id=lobby.lobby_id))
    assert (found.lobby.lobby_id, found.attributes()) == (lobby.lobby_id, [])
    assert ids(services, "stranger", lobby_id="no-such-lobby") == []


def test_an_invite_only_lobby_is_found_by_id_only_by_members_and_invite_holders(
    lobbies: Lobbies, services: Container
) -> None:
    lobby = lobbies.lobby("alice", permission=INVITE_ONLY)
    assert ids(services, "stranger", lobby_id=lobby.lobby_id) == []
    assert ids(services, "alice", lobby_id=lobby.lobby_id) == [lobby.lobby_id]
    services.lobby_invites.send("alice", lobby.lobby_id, "bob")
    assert ids(services, "bob", lobby_id=lobby.lobby_id) == [lobby.lobby_id]


def test_by_user_finds_the_lobbies_they_are_in_that_the_caller_may_find(lobbies: Lobbies, services: Container) -> None:
    public_one = lobbies.lobby("alice")
    friends_only = lobbies.lobby("bob", "alice", permission=PRESENCE)
    invite_only = lobbies.lobby("carol", "alice", permission=INVITE_ONLY)
    lobbies.lobby("dave")  # alice is not in it
    assert ids(services, "stranger", target_user_id="alice") == [public_one.lobby_id]
    lobbies.friends("stranger", "bob")  # a friend of the owner finds a JoinViaPresence lobby through a member
    expected = sorted([public_one.lobby_id, friends_only.lobby_id])
    assert sorted(ids(services, "stranger", target_user_id="alice")) == expected
    services.lobby_invites.send("carol", invite_only.lobby_id, "stranger")
    assert sorted(ids(services, "stranger", target_user_id="alice")) == sorted([*expected, invite_only.lobby_id])
    assert len(ids(services, "alice", target_user_id="alice")) == 3
    assert ids(services, "eve", target_user_id="alice") == [public_one.lobby_id]
    assert ids(services, "stranger", target_user_id="nobody") == []


@pytest.mark.parametrize(
    "query",
    [
        Query(),
        Query(bucket_id="eu", lobby_id="x"),
        Query(lobby_id="x", target_user_id="alice"),
        Query(bucket_id="eu", max_results=0),
        Query(bucket_id="eu", max_results=257),
        Query(bucket_id="eu", parameters=(Parameter("level", C.GREATERTHAN, "5"),)),
        Query(bucket_id="eu", parameters=(Parameter("level", C.DISTANCE, True),)),
        Query(bucket_id="eu", parameters=(Parameter("mode", C.ANYOF, 1),)),
        Query(bucket_id="eu", parameters=(Parameter("k" * 65, C.EQUAL, 1),)),
    ],
)
def test_a_malformed_query_is_invalid_parameters(services: Container, query: Query) -> None:
    with pytest.raises(errors.InvalidParameters):
        services.lobby_search.find("alice", query)
