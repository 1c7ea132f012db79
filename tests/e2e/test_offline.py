"""Members without an open socket past the grace period leave (reason `offline`): a stack with a 2 s grace.

The sweeper runs every second locally, so a removal lands between grace and grace + ~1 s after the socket
closed (or after joining, for a member who never connected).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from tests.e2e.conftest import OFFLINE_GRACE_SECONDS as GRACE_SECONDS
from tests.e2e.conftest import REMOVAL_TIMEOUT, Player, Stack, players_of, refusal
from tests.e2e.sockets import assert_silent

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]


@pytest.fixture
def new_player(offline_stack: Stack) -> Iterator[NewPlayer]:
    with players_of(offline_stack) as new:
        yield new


def members(player: Player, party_id: str) -> list[str]:
    return [m["player_id"] for m in player.get(f"/parties/{party_id}").json()["members"]]


def test_leader_whose_socket_stays_closed_leaves_offline_and_the_next_is_promoted(new_player: NewPlayer) -> None:
    alice, bob, carol = new_player("alice"), new_player("bob"), new_player("carol")
    party_id = alice.create_party()["party_id"]
    for member in (bob, carol):
        member.post(f"/parties/{party_id}/members")
    alice_ws, bob_ws, carol_ws = alice.connect(), bob.connect(), carol.connect()

    alice_ws.close()

    for socket in (bob_ws, carol_ws):
        left = socket.expect("OnPartyMemberLeft", timeout=REMOVAL_TIMEOUT)
        assert (left["player_id"], left["reason"]) == (alice.id, "offline")
        promoted = socket.expect("OnPartyLeaderTransferred")
        assert (promoted["old_leader_id"], promoted["new_leader_id"]) == (alice.id, bob.id)
    assert members(bob, party_id) == [bob.id, carol.id]
    assert refusal(alice.get("/me/party")) == (404, "kBackendPartyNotFound")


def test_member_who_reconnects_within_the_grace_keeps_the_seat(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party_id = alice.create_party()["party_id"]
    bob.post(f"/parties/{party_id}/members")
    alice_ws, bob_ws = alice.connect(), bob.connect()

    bob_ws.close()
    time.sleep(GRACE_SECONDS / 2)
    bob_again = bob.connect()

    assert_silent(alice_ws, bob_again, seconds=GRACE_SECONDS + 1.5)
    assert members(alice, party_id) == [alice.id, bob.id]


def test_member_who_never_connects_leaves_after_the_grace_counted_from_joining(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party_id = alice.create_party()["party_id"]
    alice_ws = alice.connect()
    joined_at = time.monotonic()
    bob.post(f"/parties/{party_id}/members")
    assert alice_ws.expect("OnPartyMemberJoined")["player_id"] == bob.id

    left = alice_ws.expect("OnPartyMemberLeft", timeout=REMOVAL_TIMEOUT)

    assert (left["player_id"], left["reason"]) == (bob.id, "offline")
    assert time.monotonic() - joined_at >= GRACE_SECONDS
    assert members(alice, party_id) == [alice.id]
