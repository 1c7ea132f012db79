"""Party custom data: global (leader only) and per player (own entry only) (PGOS Party 3.5)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.conftest import Player, refusal

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]


def test_only_the_leader_sets_global_custom_data(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party_id = alice.create_party()["party_id"]
    bob.post(f"/parties/{party_id}/members")

    refused = bob.put(f"/parties/{party_id}/custom-data/global", {"data": "bob's map"})
    accepted = alice.put(f"/parties/{party_id}/custom-data/global", {"data": "map=dust"})

    assert refusal(refused) == (403, "kBackendIsNotPartyLeader")
    assert accepted.status_code == 200
    assert accepted.json() == {"global": "map=dust", "players": {alice.id: "", bob.id: ""}}
    assert bob.get(f"/parties/{party_id}").json()["custom_data"]["global"] == "map=dust"


def test_each_member_sets_only_their_own_player_custom_data(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    party_id = alice.create_party()["party_id"]
    bob.post(f"/parties/{party_id}/members")

    assert bob.put(f"/parties/{party_id}/custom-data/players/me", {"data": "ready"}).status_code == 200
    answer = alice.put(f"/parties/{party_id}/custom-data/players/me", {"data": "hero=mage"})

    assert answer.json()["players"] == {alice.id: "hero=mage", bob.id: "ready"}
    outsider = new_player("eve").put(f"/parties/{party_id}/custom-data/players/me", {"data": "x"})
    assert refusal(outsider) == (403, "kBackendNotPartyMember")


def test_custom_data_over_4096_bytes_is_refused_and_changes_nothing(new_player: NewPlayer) -> None:
    alice = new_player("alice")
    party = alice.create_party()
    party_id = party["party_id"]

    too_big = alice.put(f"/parties/{party_id}/custom-data/global", {"data": "é" * 2049})  # 4098 bytes

    assert refusal(too_big) == (400, "kBackendInvalidParams")
    assert alice.get(f"/parties/{party_id}").json() == party
    assert alice.put(f"/parties/{party_id}/custom-data/global", {"data": "é" * 2048}).status_code == 200


def test_a_change_too_large_to_push_arrives_as_a_resync_hint_with_its_version(new_player: NewPlayer) -> None:
    alice = new_player("alice")
    party = alice.create_party(max_player=41)
    party_id = party["party_id"]
    members = [new_player(f"p{n}") for n in range(40)]
    for member in members:
        assert member.post(f"/parties/{party_id}/members").status_code == 200
        assert member.put(f"/parties/{party_id}/custom-data/players/me", {"data": "x" * 4096}).status_code == 200
    listening = members[0].connect()

    answer = alice.put(f"/parties/{party_id}/custom-data/global", {"data": "map=dust"})

    assert answer.status_code == 200
    version = alice.get(f"/parties/{party_id}").json()["version"]
    assert listening.expect("OnCustomDataChanged") == {"party_id": party_id, "version": version, "resync": True}
