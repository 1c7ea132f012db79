"""Lobby members without an open socket past the grace leave (EOS_LMS_LEFT): a stack with a 2 s grace.

The sweeper runs every second locally, so a removal lands between grace and grace + ~1 s after the last
socket closed (or after joining, for a member who never connected). Closing the last socket is told at
once as EOS_LMS_DISCONNECTED, at the lobby's current version.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from tests.e2e.conftest import OFFLINE_GRACE_SECONDS as GRACE_SECONDS
from tests.e2e.conftest import REMOVAL_TIMEOUT, Player, Stack, players_of
from tests.e2e.sockets import assert_silent
from tests.e2e.test_lobbies import STATUS, eos_refusal, lobby_event, lobby_of, member_ids, status

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]


@pytest.fixture
def new_player(offline_stack: Stack) -> Iterator[NewPlayer]:
    with players_of(offline_stack) as new:
        yield new


def test_member_whose_socket_stays_closed_is_disconnected_then_leaves(new_player: NewPlayer) -> None:
    alice, bob, carol = new_player("alice"), new_player("bob"), new_player("carol")
    details = lobby_of(alice, [bob, carol])
    lobby_id, version = details["lobby_id"], details["version"]
    alice_ws, bob_ws, carol_ws = alice.connect(), bob.connect(), carol.connect()

    bob_ws.close()

    for socket in (alice_ws, carol_ws):
        assert lobby_event(socket, STATUS) == status(lobby_id, version, bob.id, "EOS_LMS_DISCONNECTED")
    for socket in (alice_ws, carol_ws):
        left = lobby_event(socket, STATUS, timeout=REMOVAL_TIMEOUT)
        assert left == status(lobby_id, version + 1, bob.id, "EOS_LMS_LEFT")
    assert_silent(alice_ws, carol_ws)
    assert member_ids(alice.get(f"/lobbies/{lobby_id}").json()) == [alice.id, carol.id]


def test_owner_whose_socket_stays_closed_leaves_and_the_next_is_promoted(new_player: NewPlayer) -> None:
    alice, bob, carol = new_player("alice"), new_player("bob"), new_player("carol")
    details = lobby_of(alice, [bob, carol])
    lobby_id, version = details["lobby_id"], details["version"]
    alice_ws, bob_ws, carol_ws = alice.connect(), bob.connect(), carol.connect()

    alice_ws.close()

    for socket in (bob_ws, carol_ws):
        assert lobby_event(socket, STATUS) == status(lobby_id, version, alice.id, "EOS_LMS_DISCONNECTED")
    for socket in (bob_ws, carol_ws):
        assert lobby_event(socket, STATUS, timeout=REMOVAL_TIMEOUT) == status(
            lobby_id, version + 1, alice.id, "EOS_LMS_LEFT"
        )
        assert lobby_event(socket, STATUS) == status(lobby_id, version + 1, bob.id, "EOS_LMS_PROMOTED")
    assert_silent(bob_ws, carol_ws)
    after = bob.get(f"/lobbies/{lobby_id}").json()
    assert (after["owner_id"], member_ids(after)) == (bob.id, [bob.id, carol.id])


def test_owner_offline_in_a_lobby_without_host_migration_closes_it(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    details = lobby_of(alice, [bob], disable_host_migration=True)
    lobby_id, version = details["lobby_id"], details["version"]
    alice_ws, bob_ws = alice.connect(), bob.connect()

    alice_ws.close()

    assert lobby_event(bob_ws, STATUS) == status(lobby_id, version, alice.id, "EOS_LMS_DISCONNECTED")
    closed = lobby_event(bob_ws, STATUS, timeout=REMOVAL_TIMEOUT)
    assert closed == status(lobby_id, version + 1, alice.id, "EOS_LMS_CLOSED")
    assert_silent(bob_ws)
    assert eos_refusal(bob.get(f"/lobbies/{lobby_id}")) == (404, "EOS_NotFound")


def test_member_who_reconnects_within_the_grace_keeps_the_seat(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    details = lobby_of(alice, [bob])
    lobby_id, version = details["lobby_id"], details["version"]
    alice_ws, bob_ws = alice.connect(), bob.connect()

    bob_ws.close()
    assert lobby_event(alice_ws, STATUS) == status(lobby_id, version, bob.id, "EOS_LMS_DISCONNECTED")
    time.sleep(GRACE_SECONDS / 2)
    bob_again = bob.connect()

    assert_silent(alice_ws, bob_again, seconds=GRACE_SECONDS + 1.5)
    after = alice.get(f"/lobbies/{lobby_id}").json()
    assert (member_ids(after), after["version"]) == ([alice.id, bob.id], version)


def test_member_who_never_connects_leaves_after_the_grace_counted_from_joining(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    lobby_id = lobby_of(alice, [])["lobby_id"]
    alice_ws = alice.connect()
    joined_at = time.monotonic()
    joined = bob.post(f"/lobbies/{lobby_id}/members").json()
    assert lobby_event(alice_ws, STATUS) == status(lobby_id, joined["version"], bob.id, "EOS_LMS_JOINED")

    left = lobby_event(alice_ws, STATUS, timeout=REMOVAL_TIMEOUT)

    assert left == status(lobby_id, joined["version"] + 1, bob.id, "EOS_LMS_LEFT")
    assert time.monotonic() - joined_at >= GRACE_SECONDS
    assert member_ids(alice.get(f"/lobbies/{lobby_id}").json()) == [alice.id]


def test_going_offline_leaves_the_lobby_and_the_party_alike(new_player: NewPlayer) -> None:
    alice, bob, dave = new_player("alice"), new_player("bob"), new_player("dave")
    details = lobby_of(alice, [bob])
    party_id = dave.create_party()["party_id"]
    assert bob.post(f"/parties/{party_id}/members").status_code == 200
    alice_ws, bob_ws, dave_ws = alice.connect(), bob.connect(), dave.connect()

    bob_ws.close()

    lobby_id, version = details["lobby_id"], details["version"]
    assert lobby_event(alice_ws, STATUS) == status(lobby_id, version, bob.id, "EOS_LMS_DISCONNECTED")
    assert lobby_event(alice_ws, STATUS, timeout=REMOVAL_TIMEOUT) == status(
        lobby_id, version + 1, bob.id, "EOS_LMS_LEFT"
    )
    party_left = dave_ws.expect("OnPartyMemberLeft", timeout=REMOVAL_TIMEOUT)
    assert (party_left["player_id"], party_left["reason"]) == (bob.id, "offline")
    assert_silent(alice_ws, dave_ws)
