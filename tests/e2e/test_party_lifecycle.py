"""A party's life over HTTP: create, look, join, leave, kick, transfer, dismiss (PGOS Party 3.1, 3.3, 3.4)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.conftest import Player, refusal

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]


def test_created_party_is_the_creators_current_party(new_player: NewPlayer) -> None:
    alice = new_player("alice")
    party = alice.create_party(party_name="squad", max_player=3)
    assert (party["leader_id"], party["max_player"], party["version"]) == (alice.id, 3, 1)
    assert [m["player_id"] for m in party["members"]] == [alice.id]

    looked_up = alice.get(f"/parties/{party['party_id']}")
    current = alice.get("/me/party")
    assert looked_up.status_code == current.status_code == 200
    assert looked_up.json() == current.json() == party


def test_player_without_a_party_has_no_current_party(new_player: NewPlayer) -> None:
    assert refusal(new_player("loner").get("/me/party")) == (404, "kBackendPartyNotFound")


def test_outsider_cannot_look_at_a_party(new_player: NewPlayer) -> None:
    party = new_player("alice").create_party()
    assert refusal(new_player("eve").get(f"/parties/{party['party_id']}")) == (403, "kBackendNotPartyMember")


def test_player_can_be_in_only_one_party(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party = alice.create_party()
    bob.create_party()
    assert refusal(alice.post("/parties", {})) == (409, "kBackendPartyDuplicated")
    assert refusal(bob.post(f"/parties/{party['party_id']}/members")) == (409, "kBackendPartyDuplicated")


def test_leader_leaving_promotes_the_longest_present_member(new_player: NewPlayer) -> None:
    alice, bob, carol = new_player("alice"), new_player("bob"), new_player("carol")
    party_id = alice.create_party()["party_id"]
    for member in (bob, carol):
        assert member.post(f"/parties/{party_id}/members").status_code == 200

    assert alice.delete(f"/parties/{party_id}/members/me").status_code == 204

    party = carol.get(f"/parties/{party_id}").json()
    assert party["leader_id"] == bob.id
    assert [m["player_id"] for m in party["members"]] == [bob.id, carol.id]
    assert refusal(alice.get("/me/party")) == (404, "kBackendPartyNotFound")


def test_last_one_out_dismisses_the_party(new_player: NewPlayer) -> None:
    alice = new_player("alice")
    party_id = alice.create_party()["party_id"]

    assert alice.delete(f"/parties/{party_id}/members/me").status_code == 204

    assert refusal(alice.get(f"/parties/{party_id}")) == (404, "kBackendPartyNotFound")
    assert refusal(new_player("bob").post(f"/parties/{party_id}/members")) == (404, "kBackendPartyNotFound")


def test_kick_and_transfer_by_a_non_leader_are_refused(new_player: NewPlayer) -> None:
    alice, bob, carol = new_player("alice"), new_player("bob"), new_player("carol")
    party_id = alice.create_party()["party_id"]
    for member in (bob, carol):
        member.post(f"/parties/{party_id}/members")

    kick = bob.delete(f"/parties/{party_id}/members/{carol.id}")
    transfer = bob.put(f"/parties/{party_id}/leader", {"new_leader_id": bob.id})

    assert refusal(kick) == refusal(transfer) == (403, "kBackendIsNotPartyLeader")
    party = alice.get(f"/parties/{party_id}").json()
    assert (party["leader_id"], len(party["members"]), party["version"]) == (alice.id, 3, 3)


def test_leader_kicks_a_member_and_transfers_leadership(new_player: NewPlayer) -> None:
    alice, bob, carol = new_player("alice"), new_player("bob"), new_player("carol")
    party_id = alice.create_party()["party_id"]
    for member in (bob, carol):
        member.post(f"/parties/{party_id}/members")

    assert alice.delete(f"/parties/{party_id}/members/{carol.id}").status_code == 204
    transferred = alice.put(f"/parties/{party_id}/leader", {"new_leader_id": bob.id})

    assert transferred.status_code == 200
    assert transferred.json()["leader_id"] == bob.id
    assert [m["player_id"] for m in transferred.json()["members"]] == [alice.id, bob.id]
    assert refusal(carol.get("/me/party")) == (404, "kBackendPartyNotFound")


def test_leader_dismisses_the_party_for_everyone(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party_id = alice.create_party()["party_id"]
    bob.post(f"/parties/{party_id}/members")

    assert refusal(bob.delete(f"/parties/{party_id}")) == (403, "kBackendIsNotPartyLeader")
    assert alice.delete(f"/parties/{party_id}").status_code == 204

    for member in (alice, bob):
        assert refusal(member.get("/me/party")) == (404, "kBackendPartyNotFound")
    assert bob.create_party()["leader_id"] == bob.id  # free to start another one
