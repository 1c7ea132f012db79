"""Who may join: invitations, strategies, friends and blocks (PGOS Party 3.2, 3.3)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.conftest import Player, refusal

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]


def test_invitee_lists_the_invitation_and_joins_an_invite_only_party(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party = alice.create_party(party_name="raid", join_strategy="OnlyInvited")
    party_id = party["party_id"]
    assert refusal(bob.post(f"/parties/{party_id}/members")) == (403, "kBackendJoinFailedDueToNoInvitation")

    assert alice.post(f"/parties/{party_id}/invitations", {"invitee_player_ids": [bob.id]}).status_code == 200
    (invitation,) = bob.get("/me/party-invitations").json()["invitations"]
    assert (invitation["party_id"], invitation["inviter_id"], invitation["party_name"]) == (party_id, alice.id, "raid")
    assert bob.get(f"/parties/{party_id}").status_code == 200  # an invitee may look before joining

    joined = bob.post(f"/parties/{party_id}/members")
    assert joined.status_code == 200
    assert [m["player_id"] for m in joined.json()["members"]] == [alice.id, bob.id]
    assert bob.get("/me/party-invitations").json()["invitations"] == []  # joining consumed it


def test_declined_invitation_is_gone(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party_id = alice.create_party(join_strategy="OnlyInvited")["party_id"]
    alice.post(f"/parties/{party_id}/invitations", {"invitee_player_ids": [bob.id]})

    assert bob.delete(f"/me/party-invitations/{party_id}").status_code == 204

    assert bob.get("/me/party-invitations").json()["invitations"] == []
    assert refusal(bob.post(f"/parties/{party_id}/members")) == (403, "kBackendJoinFailedDueToNoInvitation")


def test_leader_changes_the_strategy_and_a_member_may_not(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party_id = alice.create_party()["party_id"]
    bob.post(f"/parties/{party_id}/members")

    refused = bob.put(f"/parties/{party_id}/strategy", {"join_strategy": "NotAllowed"})
    changed = alice.put(
        f"/parties/{party_id}/strategy", {"join_strategy": "NotAllowed", "invite_strategy": "OnlyLeaderCanInvite"}
    )

    assert refusal(refused) == (403, "kBackendIsNotPartyLeader")
    assert changed.status_code == 200
    assert (changed.json()["join_strategy"], changed.json()["invite_strategy"]) == ("NotAllowed", "OnlyLeaderCanInvite")
    assert refusal(new_player("carol").post(f"/parties/{party_id}/members")) == (403, "kBackendPartyNotAllowJoin")
    invite = bob.post(f"/parties/{party_id}/invitations", {"invitee_player_ids": ["someone"]})
    assert refusal(invite)[0] == 403


def test_friends_only_party_admits_a_player_once_friends_with_the_leader(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party_id = alice.create_party(join_strategy="OnlyFriendsOfLeader")["party_id"]
    assert refusal(bob.post(f"/parties/{party_id}/members")) == (403, "kBackendJoinFailedDueToNotFriendOfLeader")

    assert bob.put(f"/me/friends/{alice.id}").json() == {"status": "outgoing"}
    assert refusal(bob.post(f"/parties/{party_id}/members"))[1] == "kBackendJoinFailedDueToNotFriendOfLeader"
    assert alice.put(f"/me/friends/{bob.id}").json() == {"status": "friends"}

    assert bob.post(f"/parties/{party_id}/members").status_code == 200
    assert alice.get("/me/friends").json()["friends"] == [bob.id]


@pytest.mark.parametrize("blocker", ["leader", "joiner"])
def test_a_block_either_way_refuses_the_join(new_player: NewPlayer, blocker: str) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party = alice.create_party()
    party_id = party["party_id"]
    if blocker == "leader":
        assert alice.put(f"/me/blocks/{bob.id}").status_code == 204
    else:
        assert bob.put(f"/me/blocks/{alice.id}").status_code == 204

    assert refusal(bob.post(f"/parties/{party_id}/members")) == (403, "kBackendNoJoinPartyPermission")
    assert alice.get(f"/parties/{party_id}").json() == party


def test_unblocking_lets_the_player_join_again(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party_id = alice.create_party()["party_id"]
    alice.put(f"/me/blocks/{bob.id}")
    assert alice.get("/me/blocks").json() == {"blocked": [bob.id]}

    assert alice.delete(f"/me/blocks/{bob.id}").status_code == 204
    assert bob.post(f"/parties/{party_id}/members").status_code == 200
