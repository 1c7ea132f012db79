"""Friend requests and blocks, on moto."""

from __future__ import annotations

import pytest

from partylobby.domain import errors
from partylobby.domain.social import FriendStatus
from tests.service.conftest import World


def test_friend_request_then_accept_makes_both_friends(world: World) -> None:
    assert world.social.befriend("alice", "bob") is FriendStatus.OUTGOING
    assert world.social.view("bob").with_status(FriendStatus.INCOMING) == ["alice"]
    assert world.social.befriend("bob", "alice") is FriendStatus.FRIENDS
    assert world.social.view("alice").friends() == {"bob"}
    assert world.social.view("bob").friends() == {"alice"}


def test_repeating_a_request_changes_nothing(world: World) -> None:
    world.social.befriend("alice", "bob")
    assert world.social.befriend("alice", "bob") is FriendStatus.OUTGOING
    assert world.social.view("alice").with_status(FriendStatus.OUTGOING) == ["bob"]


def test_unfriend_removes_both_sides(world: World) -> None:
    world.friends("alice", "bob")
    world.social.unfriend("bob", "alice")
    assert world.social.view("alice").friendships == {}
    assert world.social.view("bob").friendships == {}


def test_befriending_yourself_is_invalid(world: World) -> None:
    with pytest.raises(errors.InvalidParams):
        world.social.befriend("alice", "alice")


def test_block_ends_friendship_and_refuses_new_requests(world: World) -> None:
    world.friends("alice", "bob")
    world.social.block("alice", "bob")
    assert world.social.view("alice").blocked == {"bob"}
    assert world.social.view("bob").friendships == {}
    for a, b in (("alice", "bob"), ("bob", "alice")):
        with pytest.raises(errors.FriendBlocked):
            world.social.befriend(a, b)


def test_unblock_allows_requests_again(world: World) -> None:
    world.social.block("alice", "bob")
    world.social.unblock("alice", "bob")
    assert world.social.view("alice").blocked == frozenset()
    assert world.social.befriend("bob", "alice") is FriendStatus.OUTGOING


def test_blocking_yourself_is_invalid(world: World) -> None:
    with pytest.raises(errors.InvalidParams):
        world.social.block("alice", "alice")
