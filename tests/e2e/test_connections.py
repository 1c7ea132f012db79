"""Sockets as a game client sees them: the handshake's token check, several devices, presence, logout."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.e2e.conftest import Player, Stack, players_of, running_stack
from tests.e2e.sockets import EVENT_TIMEOUT_SECONDS, assert_silent

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]


def handshake_status(url: str) -> int:
    with pytest.raises(InvalidStatus) as refused:
        connect(url, open_timeout=10, legacy=True)
    return refused.value.response.status_code


@pytest.mark.parametrize("query", ["", "?token=", "?token=not-a-jwt", "?other=x"])
def test_a_missing_or_bad_token_is_refused_at_the_handshake(stack: Stack, query: str) -> None:
    assert handshake_status(f"{stack.ws_url}/{query}") == 401


def test_a_token_signed_with_another_secret_is_refused(stack: Stack, new_player: NewPlayer) -> None:
    alice = new_player("alice")
    header, payload, _ = alice.token.split(".")
    assert handshake_status(f"{stack.ws_url}/?token={header}.{payload}.c2lnbmF0dXJl") == 401


def members_online(player: Player, party_id: str) -> dict[str, bool]:
    return {m["player_id"]: m["online"] for m in player.get(f"/parties/{party_id}").json()["members"]}


def wait_until(condition: Callable[[], bool], timeout: float = EVENT_TIMEOUT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def test_a_player_with_two_sockets_gets_every_push_on_both_and_is_online(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party_id = alice.create_party()["party_id"]
    bob.post(f"/parties/{party_id}/members")
    assert members_online(alice, party_id) == {alice.id: False, bob.id: False}

    phone, console = bob.connect(), bob.connect()
    assert members_online(alice, party_id) == {alice.id: False, bob.id: True}

    alice.put(f"/parties/{party_id}/custom-data/global", {"data": "map=dust"})
    alice.put(f"/parties/{party_id}/strategy", {"join_strategy": "OnlyInvited"})
    for socket in (phone, console):
        assert socket.expect("OnCustomDataChanged")["custom_data"]["global"] == "map=dust"
        assert socket.expect("OnPartyStrategyChanged")["join_strategy"] == "OnlyInvited"
    assert_silent(phone, console)

    phone.close()
    time.sleep(0.2)
    assert members_online(alice, party_id)[bob.id] is True  # the console is still open
    console.close()
    wait_until(lambda: members_online(alice, party_id)[bob.id] is False)


def test_messages_from_the_client_keep_the_socket_open_and_get_no_answer(new_player: NewPlayer) -> None:
    socket = new_player("alice").connect()
    for message in ('{"action": "ping"}', "not json at all"):
        socket.connection.send(message)
    assert_silent(socket)
    assert socket.connection.ping().wait(EVENT_TIMEOUT_SECONDS)


def test_logout_closes_the_players_sockets_and_tells_the_party(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party_id = alice.create_party()["party_id"]
    bob.post(f"/parties/{party_id}/members")
    alice_ws, phone, console = alice.connect(), bob.connect(), bob.connect()

    assert bob.delete("/me/session").status_code == 204

    assert phone.closed_with() == console.closed_with() == ({"reason": "logout"}, 1000)
    left = alice_ws.expect("OnPartyMemberLeft")
    assert (left["player_id"], left["reason"]) == (bob.id, "left")
    assert_silent(alice_ws)
    assert [m["player_id"] for m in alice.get(f"/parties/{party_id}").json()["members"]] == [alice.id]


def test_the_socket_past_the_cap_closes_the_players_oldest_and_pushes_reach_the_rest(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party_id = alice.create_party()["party_id"]
    bob.post(f"/parties/{party_id}/members")
    oldest, *kept = (bob.connect() for _ in range(10))
    newest = bob.connect()  # the 11th: the default cap is 10

    assert oldest.closed_with() == ({"reason": "socket_limit", "max_sockets": 10}, 1000)
    alice.put(f"/parties/{party_id}/custom-data/global", {"data": "map=dust"})
    for socket in (*kept, newest):
        assert socket.expect("OnCustomDataChanged")["custom_data"]["global"] == "map=dust"
    assert_silent(*kept, newest)


def test_the_socket_cap_is_the_template_parameter_max_sockets_per_player(tmp_path: Path) -> None:
    overrides = ("--parameter-overrides", "MaxSocketsPerPlayer=2")
    with running_stack(tmp_path / "stack.log", *overrides) as capped, players_of(capped) as new:
        alice = new("alice")
        first, second, third = alice.connect(), alice.connect(), alice.connect()
        assert first.closed_with()[0] == {"reason": "socket_limit", "max_sockets": 2}
        assert_silent(second, third)
