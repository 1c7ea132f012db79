"""Lobbies (EOS Lobby) over real HTTP and real WebSockets: details, search, updates, invites and every status push.

Lobby pushes share the party envelope `{event, ts, data}`, but their data carries `lobby_id` and `version`
(API.md "Lobby events"); `lobby_event` reads them. Every event goes to the members after the change, the
actor included, so a test consumes the actor's copy too before proving silence.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from uuid import uuid4

import pytest
import requests

from tests.e2e.conftest import Player
from tests.e2e.sockets import EVENT_TIMEOUT_SECONDS, Socket, assert_silent

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]

STATUS = "OnLobbyMemberStatusReceived"
ATTRIBUTES: list[dict[str, Any]] = [
    {"key": "level", "value": 7},
    {"key": "ratio", "value": 2.5},
    {"key": "weight", "value": 3.0},
    {"key": "ranked", "value": True},
    {"key": "map", "value": "dust"},
    {"key": "password", "value": "hunter2", "visibility": "Private"},
]
TYPED = {
    "level": (int, 7, "Public"),
    "ratio": (float, 2.5, "Public"),
    "weight": (float, 3.0, "Public"),
    "ranked": (bool, True, "Public"),
    "map": (str, "dust", "Public"),
    "password": (str, "hunter2", "Private"),
}
PUBLIC_TYPED = {k: v for k, v in TYPED.items() if k != "password"}


def bucket() -> str:
    """A bucket no other test searches: the session stack is shared."""
    return f"bucket-{uuid4().hex[:8]}"


def lobby_event(socket: Socket, event: str, timeout: float = EVENT_TIMEOUT_SECONDS) -> dict[str, Any]:
    """The next push must be the lobby event `event`, in the contract's envelope; returns its data."""
    push = json.loads(socket.connection.recv(timeout=timeout))
    assert set(push) == {"event", "ts", "data"}, push
    assert datetime.fromisoformat(push["ts"]).tzinfo is not None, push
    assert push["event"] == event, push
    data: dict[str, Any] = push["data"]
    assert isinstance(data["lobby_id"], str) and isinstance(data["version"], int), push
    return data


def status(lobby_id: str, version: int, target: str, lms: str) -> dict[str, Any]:
    """The data of an OnLobbyMemberStatusReceived push, whole."""
    return {"lobby_id": lobby_id, "version": version, "target_user_id": target, "status": lms}


def typed(attributes: Sequence[dict[str, Any]]) -> dict[str, tuple[type, Any, str]]:
    """Each attribute as (JSON type, value, visibility): 3.0 must come back a float, true a bool."""
    return {a["key"]: (type(a["value"]), a["value"], a["visibility"]) for a in attributes}


def member_ids(details: dict[str, Any]) -> list[str]:
    return [m["user_id"] for m in details["members"]]


def eos_refusal(response: requests.Response) -> tuple[int, str]:
    """Status and err_code of a lobby error answer: exactly {err_code, msg}, with an EOS name."""
    body = response.json()
    assert set(body) == {"err_code", "msg"}, body
    assert isinstance(body["msg"], str) and body["msg"], body
    assert body["err_code"].startswith("EOS_"), body
    return response.status_code, str(body["err_code"])


def create_lobby(owner: Player, **params: Any) -> dict[str, Any]:
    body = {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": bucket(), **params}
    response = owner.post("/lobbies", body)
    assert response.status_code == 201, response.text
    details: dict[str, Any] = response.json()
    return details


def lobby_of(owner: Player, members: Sequence[Player], **params: Any) -> dict[str, Any]:
    """A lobby `members` joined before anyone opened a socket; its details after the last join."""
    details = create_lobby(owner, **params)
    for member in members:
        response = member.post(f"/lobbies/{details['lobby_id']}/members")
        assert response.status_code == 200, response.text
        details = response.json()
    return details


def trio(new_player: NewPlayer, **params: Any) -> tuple[dict[str, Any], list[Player], list[Socket]]:
    """alice's lobby (owner) with bob and carol, each with one open socket, nothing pushed yet."""
    players = [new_player(name) for name in ("alice", "bob", "carol")]
    details = lobby_of(players[0], players[1:], **params)
    return details, players, [player.connect() for player in players]


# -- details and search ----------------------------------------------------------------


def test_created_lobby_keeps_every_attribute_type_and_strangers_see_no_private_one(new_player: NewPlayer) -> None:
    alice, eve = new_player("alice"), new_player("eve")
    lobby_bucket = bucket()

    response = alice.post(
        "/lobbies",
        {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": lobby_bucket, "attributes": ATTRIBUTES},
    )

    assert response.status_code == 201, response.text
    created = response.json()
    assert set(created) == {
        "lobby_id", "owner_id", "permission_level", "max_members", "available_slots", "allow_invites",
        "bucket_id", "attributes", "members", "version", "created_at",
    }  # fmt: skip
    assert (created["owner_id"], created["max_members"], created["available_slots"]) == (alice.id, 4, 3)
    assert (created["permission_level"], created["bucket_id"], created["allow_invites"]) == (
        "PublicAdvertised",
        lobby_bucket,
        True,
    )
    assert created["members"] == [{"user_id": alice.id, "attributes": []}]
    assert created["version"] == 1
    assert datetime.fromisoformat(created["created_at"]).tzinfo is not None
    assert typed(created["attributes"]) == TYPED
    assert '"weight","value":3.0' in response.text.replace(" ", "")  # a float on the wire, not 3

    assert alice.get(f"/lobbies/{created['lobby_id']}").json() == created
    seen = eve.get(f"/lobbies/{created['lobby_id']}")
    assert seen.status_code == 200
    assert typed(seen.json()["attributes"]) == PUBLIC_TYPED
    assert {k: v for k, v in seen.json().items() if k != "attributes"} == {
        k: v for k, v in created.items() if k != "attributes"
    }


def test_lobby_search_by_bucket_matches_public_typed_attributes_only(new_player: NewPlayer) -> None:
    alice, bob, eve = new_player("alice"), new_player("bob"), new_player("eve")
    shared = bucket()
    high = create_lobby(alice, bucket_id=shared, attributes=ATTRIBUTES)
    create_lobby(bob, bucket_id=shared, attributes=[{"key": "level", "value": 3}])
    create_lobby(bob, bucket_id=shared, max_members=1, attributes=[{"key": "level", "value": 9}])  # full

    def found(*parameters: dict[str, Any]) -> list[str]:
        response = eve.post("/lobbies/search", {"bucket_id": shared, "parameters": list(parameters)})
        assert response.status_code == 200, response.text
        return [lobby["lobby_id"] for lobby in response.json()["lobbies"]]

    assert found({"key": "level", "op": "GREATERTHANOREQUAL", "value": 5}) == [high["lobby_id"]]
    assert found({"key": "weight", "op": "EQUAL", "value": 3}) == [high["lobby_id"]]  # int and float: numbers
    assert found({"key": "ranked", "op": "EQUAL", "value": True}, {"key": "map", "op": "EQUAL", "value": "dust"}) == [
        high["lobby_id"]
    ]
    assert found({"key": "password", "op": "EQUAL", "value": "hunter2"}) == []  # Private: never matched
    assert len(found()) == 2  # the full lobby has no free slot

    level_7 = [{"key": "level", "op": "EQUAL", "value": 7}]
    result = eve.post("/lobbies/search", {"bucket_id": shared, "parameters": level_7})
    [lobby] = result.json()["lobbies"]
    assert typed(lobby["attributes"]) == PUBLIC_TYPED


# -- pushes ------------------------------------------------------------------------------


def test_joining_is_told_to_every_member_with_the_lobbys_version(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    lobby_id = create_lobby(alice)["lobby_id"]
    alice_ws, bob_ws = alice.connect(), bob.connect()

    response = bob.post(f"/lobbies/{lobby_id}/members")

    assert response.status_code == 200, response.text
    joined = response.json()
    assert (member_ids(joined), joined["version"], joined["available_slots"]) == ([alice.id, bob.id], 2, 2)
    for socket in (alice_ws, bob_ws):
        assert lobby_event(socket, STATUS) == status(lobby_id, joined["version"], bob.id, "EOS_LMS_JOINED")
    assert_silent(alice_ws, bob_ws)

    again = bob.post(f"/lobbies/{lobby_id}/members", {})  # already in: the details, nothing changes
    assert (again.status_code, again.json()) == (200, joined)
    assert_silent(alice_ws, bob_ws)


def test_lobby_update_is_told_to_every_member_and_keeps_types(new_player: NewPlayer) -> None:
    details, (alice, _bob, _carol), sockets = trio(new_player, attributes=ATTRIBUTES)
    lobby_id = details["lobby_id"]
    eve = new_player("eve")

    response = alice.call(
        "PATCH",
        f"/lobbies/{lobby_id}",
        {
            "max_members": 6,
            "set_attributes": [{"key": "map", "value": "nuke"}, {"key": "weight", "value": 4.0}],
            "remove_attributes": ["ratio"],
        },
    )

    assert response.status_code == 200, response.text
    updated = response.json()
    assert (updated["version"], updated["max_members"], updated["available_slots"]) == (details["version"] + 1, 6, 3)
    for socket in sockets:
        assert lobby_event(socket, "OnLobbyUpdateReceived") == {"lobby_id": lobby_id, "version": updated["version"]}
    assert_silent(*sockets)
    expected = {**PUBLIC_TYPED, "map": (str, "nuke", "Public"), "weight": (float, 4.0, "Public")}
    del expected["ratio"]
    assert typed(eve.get(f"/lobbies/{lobby_id}").json()["attributes"]) == expected


def test_lobby_member_update_is_told_with_its_target_and_keeps_types(new_player: NewPlayer) -> None:
    details, (_alice, bob, _carol), sockets = trio(new_player)
    lobby_id = details["lobby_id"]
    eve = new_player("eve")
    mine = [
        {"key": "ready", "value": True},
        {"key": "mmr", "value": 1500.0},
        {"key": "slot", "value": 2},
        {"key": "note", "value": "secret plan", "visibility": "Private"},
    ]

    response = bob.call("PATCH", f"/lobbies/{lobby_id}/members/me", {"set_attributes": mine})

    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["version"] == details["version"] + 1
    for socket in sockets:
        data = lobby_event(socket, "OnLobbyMemberUpdateReceived")
        assert data == {"lobby_id": lobby_id, "version": updated["version"], "target_user_id": bob.id}
    assert_silent(*sockets)
    bobs = {m["user_id"]: m["attributes"] for m in updated["members"]}[bob.id]
    assert typed(bobs) == {
        "ready": (bool, True, "Public"),
        "mmr": (float, 1500.0, "Public"),
        "slot": (int, 2, "Public"),
        "note": (str, "secret plan", "Private"),
    }
    seen = {m["user_id"]: m["attributes"] for m in eve.get(f"/lobbies/{lobby_id}").json()["members"]}
    assert typed(seen[bob.id]) == {k: v for k, v in typed(bobs).items() if k != "note"}


def test_lobby_invite_is_pushed_to_the_target_listed_and_accepting_joins(new_player: NewPlayer) -> None:
    alice, bob, carol, eve = (new_player(n) for n in ("alice", "bob", "carol", "eve"))
    details = lobby_of(alice, [bob], attributes=ATTRIBUTES)
    lobby_id = details["lobby_id"]
    assert alice.call("PATCH", f"/lobbies/{lobby_id}", {"permission_level": "InviteOnly"}).status_code == 200
    alice_ws, bob_ws, carol_ws, eve_ws = (p.connect() for p in (alice, bob, carol, eve))
    assert eos_refusal(carol.get(f"/lobbies/{lobby_id}")) == (404, "EOS_NotFound")  # not findable yet
    assert eos_refusal(carol.post(f"/lobbies/{lobby_id}/members")) == (403, "EOS_Lobby_NoPermission")

    sent = bob.post(f"/lobbies/{lobby_id}/invites", {"target_user_id": carol.id})

    assert sent.status_code == 200, sent.text
    invite_id = sent.json()["invite_id"]
    pushed = lobby_event(carol_ws, "OnLobbyInviteReceived")
    assert {k: pushed[k] for k in ("invite_id", "lobby_id", "from_user_id")} == {
        "invite_id": invite_id,
        "lobby_id": lobby_id,
        "from_user_id": bob.id,
    }
    assert pushed["version"] == details["version"] + 1  # inviting changes nothing: the current version
    assert_silent(alice_ws, bob_ws, carol_ws, eve_ws)

    [invite] = carol.get("/me/lobby-invites").json()["invites"]
    assert (invite["invite_id"], invite["lobby_id"], invite["from_user_id"]) == (invite_id, lobby_id, bob.id)
    assert datetime.fromisoformat(invite["expires_at"]).tzinfo is not None
    assert invite["lobby"]["lobby_id"] == lobby_id
    assert typed(invite["lobby"]["attributes"]) == PUBLIC_TYPED  # the public view, no Private attribute
    assert carol.get(f"/me/lobby-invites/{invite_id}").json() == invite
    assert eve.get("/me/lobby-invites").json() == {"invites": []}

    accepted = carol.post(f"/me/lobby-invites/{invite_id}/accept")

    assert accepted.status_code == 200, accepted.text
    joined = accepted.json()
    assert member_ids(joined) == [alice.id, bob.id, carol.id]
    assert typed(joined["attributes"]) == TYPED  # a member now: everything
    for socket in (alice_ws, bob_ws, carol_ws):
        assert lobby_event(socket, STATUS) == status(lobby_id, joined["version"], carol.id, "EOS_LMS_JOINED")
    assert_silent(alice_ws, bob_ws, carol_ws, eve_ws)
    assert carol.get("/me/lobby-invites").json() == {"invites": []}
    assert eos_refusal(carol.post(f"/me/lobby-invites/{invite_id}/accept")) == (404, "EOS_NotFound")


def test_lobby_kick_is_told_to_the_members_and_the_kicked_user(new_player: NewPlayer) -> None:
    details, (alice, bob, carol), sockets = trio(new_player)
    lobby_id = details["lobby_id"]

    assert alice.delete(f"/lobbies/{lobby_id}/members/{bob.id}").status_code == 204

    for socket in sockets:
        assert lobby_event(socket, STATUS) == status(lobby_id, details["version"] + 1, bob.id, "EOS_LMS_KICKED")
    assert_silent(*sockets)
    assert member_ids(carol.get(f"/lobbies/{lobby_id}").json()) == [alice.id, carol.id]
    assert eos_refusal(bob.delete(f"/lobbies/{lobby_id}/members/me")) == (403, "EOS_Lobby_NoPermission")


def test_lobby_promote_is_told_to_every_member_and_the_old_owner_loses_the_rights(new_player: NewPlayer) -> None:
    details, (alice, bob, carol), sockets = trio(new_player)
    lobby_id = details["lobby_id"]

    response = alice.put(f"/lobbies/{lobby_id}/owner", {"target_user_id": carol.id})

    assert response.status_code == 200, response.text
    promoted = response.json()
    assert (promoted["owner_id"], promoted["version"]) == (carol.id, details["version"] + 1)
    for socket in sockets:
        assert lobby_event(socket, STATUS) == status(lobby_id, promoted["version"], carol.id, "EOS_LMS_PROMOTED")
    assert_silent(*sockets)
    assert eos_refusal(alice.call("PATCH", f"/lobbies/{lobby_id}", {"max_members": 5})) == (403, "EOS_Lobby_NotOwner")
    assert eos_refusal(alice.delete(f"/lobbies/{lobby_id}/members/{bob.id}")) == (403, "EOS_Lobby_NotOwner")
    assert_silent(*sockets)


def test_lobby_member_closing_their_last_socket_is_told_disconnected_and_keeps_the_seat(new_player: NewPlayer) -> None:
    details, (alice, bob, carol), (alice_ws, bob_ws, carol_ws) = trio(new_player)
    lobby_id = details["lobby_id"]
    bob_console = bob.connect()

    bob_ws.close()
    assert_silent(alice_ws, carol_ws, bob_console)  # bob still has a socket open
    bob_console.close()

    for socket in (alice_ws, carol_ws):
        disconnected = lobby_event(socket, STATUS)
        assert disconnected == status(lobby_id, details["version"], bob.id, "EOS_LMS_DISCONNECTED")
    assert_silent(alice_ws, carol_ws)
    after = alice.get(f"/lobbies/{lobby_id}").json()
    assert (member_ids(after), after["version"]) == ([alice.id, bob.id, carol.id], details["version"])


def test_lobby_owner_leaving_is_told_as_left_then_promoted_to_those_remaining(new_player: NewPlayer) -> None:
    details, (alice, bob, carol), (alice_ws, bob_ws, carol_ws) = trio(new_player)
    lobby_id = details["lobby_id"]

    assert alice.delete(f"/lobbies/{lobby_id}/members/me").status_code == 204

    version = details["version"] + 1
    for socket in (bob_ws, carol_ws):
        assert lobby_event(socket, STATUS) == status(lobby_id, version, alice.id, "EOS_LMS_LEFT")
        assert lobby_event(socket, STATUS) == status(lobby_id, version, bob.id, "EOS_LMS_PROMOTED")
    assert_silent(alice_ws, bob_ws, carol_ws)
    after = carol.get(f"/lobbies/{lobby_id}").json()
    assert (after["owner_id"], member_ids(after)) == (bob.id, [bob.id, carol.id])


def test_destroy_closes_the_lobby_for_everyone_who_was_in_it(new_player: NewPlayer) -> None:
    details, (alice, bob, carol), sockets = trio(new_player)
    lobby_id = details["lobby_id"]
    eve = new_player("eve")

    assert alice.delete(f"/lobbies/{lobby_id}").status_code == 204

    for socket in sockets:
        assert lobby_event(socket, STATUS) == status(lobby_id, details["version"] + 1, alice.id, "EOS_LMS_CLOSED")
    assert_silent(*sockets)
    for player in (alice, bob, carol, eve):
        assert eos_refusal(player.get(f"/lobbies/{lobby_id}")) == (404, "EOS_NotFound")
    search = eve.post("/lobbies/search", {"bucket_id": details["bucket_id"]}).json()
    assert search == {"lobbies": []}


def test_a_party_leader_brings_the_whole_party_into_a_lobby_in_one_join(new_player: NewPlayer) -> None:
    alice, gina, hank, ivan = (new_player(n) for n in ("alice", "gina", "hank", "ivan"))
    lobby_id = create_lobby(alice, max_members=4)["lobby_id"]
    small_id = create_lobby(alice, max_members=3)["lobby_id"]
    party_id = gina.create_party()["party_id"]
    for member in (hank, ivan):
        assert member.post(f"/parties/{party_id}/members").status_code == 200
    alice_ws, gina_ws = alice.connect(), gina.connect()

    assert eos_refusal(hank.post(f"/lobbies/{lobby_id}/members", {"party_id": party_id})) == (
        403,
        "EOS_Lobby_NoPermission",
    )  # only the leader brings the party
    assert eos_refusal(gina.post(f"/lobbies/{small_id}/members", {"party_id": party_id})) == (
        409,
        "EOS_Lobby_TooManyPlayers",
    )  # all or none
    assert member_ids(alice.get(f"/lobbies/{small_id}").json()) == [alice.id]
    assert_silent(alice_ws, gina_ws)

    response = gina.post(f"/lobbies/{lobby_id}/members", {"party_id": party_id})

    assert response.status_code == 200, response.text
    joined = response.json()
    assert (member_ids(joined), joined["version"]) == ([alice.id, gina.id, hank.id, ivan.id], 2)
    for socket in (alice_ws, gina_ws):
        for who in (gina, hank, ivan):
            assert lobby_event(socket, STATUS) == status(lobby_id, 2, who.id, "EOS_LMS_JOINED")
    assert_silent(alice_ws, gina_ws)


def test_join_via_presence_lobby_admits_friends_of_the_owner_and_is_found_by_id(new_player: NewPlayer) -> None:
    alice, bob, eve = new_player("alice"), new_player("bob"), new_player("eve")
    details = create_lobby(alice, permission_level="JoinViaPresence")
    lobby_id = details["lobby_id"]
    assert alice.put(f"/me/friends/{bob.id}").json() == {"status": "outgoing"}
    assert bob.put(f"/me/friends/{alice.id}").json() == {"status": "friends"}
    alice_ws = alice.connect()

    assert eve.post("/lobbies/search", {"bucket_id": details["bucket_id"]}).json() == {"lobbies": []}
    [found] = eve.post("/lobbies/search", {"lobby_id": lobby_id}).json()["lobbies"]
    assert found["lobby_id"] == lobby_id
    assert eos_refusal(eve.post(f"/lobbies/{lobby_id}/members")) == (403, "EOS_Lobby_NoPermission")
    assert_silent(alice_ws)

    joined = bob.post(f"/lobbies/{lobby_id}/members")

    assert joined.status_code == 200, joined.text
    assert lobby_event(alice_ws, STATUS) == status(lobby_id, 2, bob.id, "EOS_LMS_JOINED")


def test_a_join_via_presence_lobby_is_found_through_its_owner_by_friends_only(new_player: NewPlayer) -> None:
    alice, bob, eve = new_player("alice"), new_player("bob"), new_player("eve")
    lobby_id = create_lobby(alice, permission_level="JoinViaPresence")["lobby_id"]
    assert alice.put(f"/me/friends/{bob.id}").json() == {"status": "outgoing"}
    assert bob.put(f"/me/friends/{alice.id}").json() == {"status": "friends"}

    assert eve.post("/lobbies/search", {"target_user_id": alice.id}).json() == {"lobbies": []}
    [found] = bob.post("/lobbies/search", {"target_user_id": alice.id}).json()["lobbies"]
    assert found["lobby_id"] == lobby_id


def test_an_invite_only_lobby_is_hidden_from_strangers_and_a_rejected_invite_is_gone(new_player: NewPlayer) -> None:
    alice, dave, eve = new_player("alice"), new_player("dave"), new_player("eve")
    details = create_lobby(alice, permission_level="InviteOnly")
    lobby_id = details["lobby_id"]
    invite_id = alice.post(f"/lobbies/{lobby_id}/invites", {"target_user_id": dave.id}).json()["invite_id"]

    assert eos_refusal(eve.get(f"/lobbies/{lobby_id}")) == (404, "EOS_NotFound")
    for where in ({"lobby_id": lobby_id}, {"target_user_id": alice.id}, {"bucket_id": details["bucket_id"]}):
        assert eve.post("/lobbies/search", where).json() == {"lobbies": []}, where
    assert eos_refusal(eve.get(f"/me/lobby-invites/{invite_id}")) == (404, "EOS_NotFound")  # not eve's
    assert eos_refusal(eve.post(f"/me/lobby-invites/{invite_id}/accept")) == (404, "EOS_NotFound")
    assert dave.get(f"/lobbies/{lobby_id}").status_code == 200  # the holder sees its public side

    assert dave.delete(f"/me/lobby-invites/{invite_id}").status_code == 204

    assert dave.get("/me/lobby-invites").json() == {"invites": []}
    assert eos_refusal(dave.delete(f"/me/lobby-invites/{invite_id}")) == (404, "EOS_NotFound")
    assert eos_refusal(dave.post(f"/lobbies/{lobby_id}/members")) == (403, "EOS_Lobby_NoPermission")
    assert eos_refusal(dave.get(f"/lobbies/{lobby_id}")) == (404, "EOS_NotFound")


def test_joining_consumes_the_invites_to_that_lobby_so_a_kicked_member_stays_out(new_player: NewPlayer) -> None:
    alice, eve = new_player("alice"), new_player("eve")
    lobby_id = create_lobby(alice)["lobby_id"]
    assert alice.post(f"/lobbies/{lobby_id}/invites", {"target_user_id": eve.id}).status_code == 200
    assert eve.post(f"/lobbies/{lobby_id}/members").status_code == 200  # joined directly, not by accepting
    assert alice.call("PATCH", f"/lobbies/{lobby_id}", {"permission_level": "InviteOnly"}).status_code == 200
    assert alice.delete(f"/lobbies/{lobby_id}/members/{eve.id}").status_code == 204

    assert eos_refusal(eve.post(f"/lobbies/{lobby_id}/members")) == (403, "EOS_Lobby_NoPermission")
    assert eve.get("/me/lobby-invites").json() == {"invites": []}


# -- errors --------------------------------------------------------------------------------


def raw_post(player: Player, path: str, body: bytes) -> requests.Response:
    headers = {"Authorization": f"Bearer {player.token}", "Content-Type": "application/json"}
    return player.http.post(player.url + path, data=body, headers=headers, timeout=10)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"max_members": 0, "permission_level": "PublicAdvertised", "bucket_id": "b"},
        {"max_members": 65, "permission_level": "PublicAdvertised", "bucket_id": "b"},
        {"max_members": 4, "permission_level": "Everyone", "bucket_id": "b"},
        {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": ""},
        {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "b", "colour": "red"},
        {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "b", "attributes": [{"key": "k"}]},
        {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "b",
         "attributes": [{"key": "k", "value": None}]},
        {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "b",
         "attributes": [{"key": "k", "value": [1]}]},
        {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "b",
         "attributes": [{"key": "k", "value": 1, "visibility": "Secret"}]},
        {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "b",
         "attributes": [{"key": "k", "value": 1}, {"key": "k", "value": 2}]},
        [1, 2],
    ],
)  # fmt: skip
def test_a_bad_create_lobby_body_is_400_invalid_parameters_and_creates_nothing(
    new_player: NewPlayer, body: Any
) -> None:
    alice = new_player("alice")
    assert eos_refusal(alice.post("/lobbies", body)) == (400, "EOS_InvalidParameters")
    assert alice.post("/lobbies/search", {"target_user_id": alice.id}).json() == {"lobbies": []}


def test_bad_bodies_on_other_lobby_routes_are_400_invalid_parameters(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    lobby_id = lobby_of(alice, [bob])["lobby_id"]

    assert eos_refusal(raw_post(alice, "/lobbies", b"{not json")) == (400, "EOS_InvalidParameters")
    assert eos_refusal(alice.call("PATCH", f"/lobbies/{lobby_id}", {})) == (400, "EOS_InvalidParameters")
    assert eos_refusal(alice.call("PATCH", f"/lobbies/{lobby_id}", {"max_members": "6"})) == (
        400,
        "EOS_InvalidParameters",
    )
    assert eos_refusal(bob.call("PATCH", f"/lobbies/{lobby_id}/members/me", {"set_attributes": "x"})) == (
        400,
        "EOS_InvalidParameters",
    )
    assert eos_refusal(alice.put(f"/lobbies/{lobby_id}/owner", {})) == (400, "EOS_InvalidParameters")
    assert eos_refusal(alice.post(f"/lobbies/{lobby_id}/invites", {"target_user_id": ""})) == (
        400,
        "EOS_InvalidParameters",
    )
    both = {"bucket_id": "b", "lobby_id": lobby_id}
    assert eos_refusal(alice.post("/lobbies/search", both)) == (400, "EOS_InvalidParameters")
    assert eos_refusal(alice.post("/lobbies/search", {})) == (400, "EOS_InvalidParameters")
    assert alice.get(f"/lobbies/{lobby_id}").json()["version"] == 2  # nothing changed


def test_unknown_lobby_invite_and_lobby_routes_are_404_not_found(new_player: NewPlayer) -> None:
    alice = new_player("alice")
    lobby_id = create_lobby(alice)["lobby_id"]
    unknown = str(uuid4())

    for response in (
        alice.get(f"/lobbies/{unknown}"),
        alice.post(f"/lobbies/{unknown}/members"),
        alice.call("PATCH", f"/lobbies/{unknown}", {"max_members": 5}),
        alice.delete(f"/lobbies/{unknown}"),
        alice.post(f"/lobbies/{unknown}/invites", {"target_user_id": "someone"}),
        alice.post(f"/me/lobby-invites/{unknown}/accept"),
        alice.delete(f"/me/lobby-invites/{unknown}"),
        alice.get(f"/me/lobby-invites/{unknown}"),
        alice.get(f"/lobbies/{lobby_id}/nothing-here"),
        alice.get(f"/lobbies/{lobby_id}/members/me/deeper/still"),
        alice.post("/lobbies/search/more", {}),
        alice.get(f"/me/lobby-invites/{unknown}/nothing-here"),
    ):
        assert eos_refusal(response) == (404, "EOS_NotFound"), (response.request.method, response.request.url)


def test_lobby_owner_only_calls_by_a_member_are_403_not_owner_and_change_nothing(new_player: NewPlayer) -> None:
    details, (alice, bob, carol), sockets = trio(new_player)
    lobby_id = details["lobby_id"]

    for response in (
        bob.call("PATCH", f"/lobbies/{lobby_id}", {"max_members": 5}),
        bob.delete(f"/lobbies/{lobby_id}/members/{carol.id}"),
        bob.put(f"/lobbies/{lobby_id}/owner", {"target_user_id": carol.id}),
        bob.delete(f"/lobbies/{lobby_id}"),
    ):
        assert eos_refusal(response) == (403, "EOS_Lobby_NotOwner")
    assert_silent(*sockets)
    assert alice.get(f"/lobbies/{lobby_id}").json() == details


def test_a_full_lobby_is_409_too_many_players(new_player: NewPlayer) -> None:
    alice, bob, carol = new_player("alice"), new_player("bob"), new_player("carol")
    details = lobby_of(alice, [bob], max_members=2)
    lobby_id = details["lobby_id"]
    alice_ws = alice.connect()

    assert eos_refusal(carol.post(f"/lobbies/{lobby_id}/members")) == (409, "EOS_Lobby_TooManyPlayers")
    shrink = alice.call("PATCH", f"/lobbies/{lobby_id}", {"max_members": 1})
    assert eos_refusal(shrink) == (409, "EOS_Lobby_TooManyPlayers")
    assert_silent(alice_ws)
    assert alice.get(f"/lobbies/{lobby_id}").json() == details


# -- logout -----------------------------------------------------------------------------------


def test_logout_leaves_every_lobby_and_the_party_at_once(new_player: NewPlayer) -> None:
    alice, bob, carol, dave = (new_player(n) for n in ("alice", "bob", "carol", "dave"))
    joined = lobby_of(alice, [bob])  # bob a member here
    owned = lobby_of(bob, [carol])  # and the owner there
    party_id = dave.create_party()["party_id"]
    assert bob.post(f"/parties/{party_id}/members").status_code == 200
    alice_ws, bob_ws, carol_ws, dave_ws = (p.connect() for p in (alice, bob, carol, dave))

    assert bob.delete("/me/session").status_code == 204

    assert bob_ws.close_code() == 1000
    left = lobby_event(alice_ws, STATUS)
    assert left == status(joined["lobby_id"], joined["version"] + 1, bob.id, "EOS_LMS_LEFT")
    version = owned["version"] + 1
    assert lobby_event(carol_ws, STATUS) == status(owned["lobby_id"], version, bob.id, "EOS_LMS_LEFT")
    assert lobby_event(carol_ws, STATUS) == status(owned["lobby_id"], version, carol.id, "EOS_LMS_PROMOTED")
    party_left = dave_ws.expect("OnPartyMemberLeft")
    assert (party_left["player_id"], party_left["reason"]) == (bob.id, "left")
    assert_silent(alice_ws, carol_ws, dave_ws)

    assert member_ids(alice.get(f"/lobbies/{joined['lobby_id']}").json()) == [alice.id]
    after = carol.get(f"/lobbies/{owned['lobby_id']}").json()
    assert (after["owner_id"], member_ids(after)) == (carol.id, [carol.id])
    assert [m["player_id"] for m in dave.get(f"/parties/{party_id}").json()["members"]] == [dave.id]
