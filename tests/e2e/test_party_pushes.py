"""Party events over real WebSockets, to exactly the players the PGOS sequence diagrams name (API.md events table)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import Player
from tests.e2e.sockets import Socket, assert_silent

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]


def party_of(leader: Player, members: Sequence[Player], **params: Any) -> str:
    party_id = str(leader.create_party(**params)["party_id"])
    for member in members:
        assert member.post(f"/parties/{party_id}/members").status_code == 200
    return party_id


def trio(new_player: NewPlayer, **params: Any) -> tuple[str, list[Player], list[Socket]]:
    """A party of alice (leader), bob and carol, each with one open socket, nothing pushed yet."""
    players = [new_player(name) for name in ("alice", "bob", "carol")]
    party_id = party_of(players[0], players[1:], **params)
    return party_id, players, [player.connect() for player in players]


def test_invitee_is_notified_and_their_joining_is_told_to_the_others_only(new_player: NewPlayer) -> None:
    alice, bob, carol = new_player("alice"), new_player("bob"), new_player("carol")
    party_id = party_of(alice, [carol], party_name="squad")
    sockets = alice_ws, bob_ws, carol_ws = [p.connect() for p in (alice, bob, carol)]

    assert alice.post(f"/parties/{party_id}/invitations", {"invitee_player_ids": [bob.id]}).status_code == 200
    invitation = bob_ws.expect("OnReceivePartyInvitation")
    assert (invitation["party_id"], invitation["inviter_id"], invitation["party_name"]) == (party_id, alice.id, "squad")
    expires_in = datetime.fromisoformat(invitation["expires_at"]) - datetime.now(UTC)
    assert timedelta(seconds=290) < expires_in <= timedelta(seconds=300)  # the default invitation TTL
    assert_silent(alice_ws, carol_ws)

    joined = bob.post(f"/parties/{party_id}/members").json()
    for socket in (alice_ws, carol_ws):
        data = socket.expect("OnPartyMemberJoined")
        assert data == {"party_id": party_id, "version": joined["version"], "player_id": bob.id}
    assert_silent(*sockets)


def test_dismissal_is_told_to_every_member_but_the_leader(new_player: NewPlayer) -> None:
    party_id, (alice, _bob, _carol), (alice_ws, bob_ws, carol_ws) = trio(new_player)

    assert alice.delete(f"/parties/{party_id}").status_code == 204

    for socket in (bob_ws, carol_ws):
        data = socket.expect("OnPartyDismissed")
        assert (data["party_id"], data["reason"]) == (party_id, "dismissed")
    assert_silent(alice_ws, bob_ws, carol_ws)


def test_leader_leaving_tells_the_others_and_promotes_the_longest_present(new_player: NewPlayer) -> None:
    party_id, (alice, bob, _carol), (alice_ws, bob_ws, carol_ws) = trio(new_player)

    assert alice.delete(f"/parties/{party_id}/members/me").status_code == 204

    for socket in (bob_ws, carol_ws):
        left = socket.expect("OnPartyMemberLeft")
        assert (left["player_id"], left["reason"]) == (alice.id, "left")
        promoted = socket.expect("OnPartyLeaderTransferred")
        assert (promoted["old_leader_id"], promoted["new_leader_id"]) == (alice.id, bob.id)
        assert promoted["version"] == left["version"]
    assert_silent(alice_ws, bob_ws, carol_ws)


def test_leader_transfer_is_told_to_all_members(new_player: NewPlayer) -> None:
    party_id, (alice, _bob, carol), sockets = trio(new_player)

    transferred = alice.put(f"/parties/{party_id}/leader", {"new_leader_id": carol.id}).json()

    for socket in sockets:
        data = socket.expect("OnPartyLeaderTransferred")
        assert data == {
            "party_id": party_id,
            "version": transferred["version"],
            "old_leader_id": alice.id,
            "new_leader_id": carol.id,
        }
    assert_silent(*sockets)


def test_kick_is_told_to_the_remaining_members_and_the_kicked_player(new_player: NewPlayer) -> None:
    party_id, (alice, _bob, carol), sockets = trio(new_player)

    assert alice.delete(f"/parties/{party_id}/members/{carol.id}").status_code == 204

    for socket in sockets:
        data = socket.expect("OnPartyMemberLeft")
        assert (data["player_id"], data["reason"]) == (carol.id, "kicked")
    assert_silent(*sockets)


def test_strategy_change_is_told_to_members_except_the_leader(new_player: NewPlayer) -> None:
    party_id, (alice, _bob, _carol), (alice_ws, bob_ws, carol_ws) = trio(new_player)

    body = {"join_strategy": "OnlyInvited", "invite_strategy": "OnlyLeaderCanInvite"}
    assert alice.put(f"/parties/{party_id}/strategy", body).status_code == 200

    for socket in (bob_ws, carol_ws):
        data = socket.expect("OnPartyStrategyChanged")
        assert (data["join_strategy"], data["invite_strategy"]) == ("OnlyInvited", "OnlyLeaderCanInvite")
    assert_silent(alice_ws, bob_ws, carol_ws)


def test_custom_data_changes_are_told_to_all_members_the_setter_too(new_player: NewPlayer) -> None:
    party_id, (alice, bob, _carol), sockets = trio(new_player)

    alice.put(f"/parties/{party_id}/custom-data/global", {"data": "map=dust"})
    custom = bob.put(f"/parties/{party_id}/custom-data/players/me", {"data": "ready"}).json()

    for socket in sockets:
        assert socket.expect("OnCustomDataChanged")["custom_data"]["global"] == "map=dust"
        assert socket.expect("OnCustomDataChanged")["custom_data"] == custom
    assert_silent(*sockets)


def test_chat_goes_to_all_but_the_sender_and_missed_messages_can_be_fetched(new_player: NewPlayer) -> None:
    party_id, (alice, bob, carol), (alice_ws, bob_ws, carol_ws) = trio(new_player, enable_chatting=True)

    sent = alice.post(f"/parties/{party_id}/chat", {"type": "text", "content": "gl hf"}).json()
    for socket in (bob_ws, carol_ws):
        data = socket.expect("OnReceivePartyChatMsg")
        assert {k: data[k] for k in sent} == sent
    assert_silent(alice_ws, bob_ws, carol_ws)

    carol_ws.close()
    later = [bob.post(f"/parties/{party_id}/chat", {"type": "text", "content": f"msg {n}"}).json() for n in (1, 2)]
    missed = carol.get(f"/parties/{party_id}/chat?after_seq={sent['seq']}").json()["messages"]
    assert missed == later
    assert [m["seq"] for m in missed] == [sent["seq"] + 1, sent["seq"] + 2]
