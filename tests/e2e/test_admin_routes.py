"""The portal's admin routes over real sockets, through the local stack: an admin token from `POST /dev/token`
pages through party history newest first; other tokens are refused; `GET /portal` asks for none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
import requests

from tests.e2e.conftest import OFFLINE_GRACE_SECONDS, REMOVAL_TIMEOUT, Player, Stack, players_of, refusal

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def now() -> str:
    """This machine's time as the API writes it: the stack runs on the same clock."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def admin_get(stack: Stack, path: str, token: str | None = None) -> requests.Response:
    token = token or stack.token(f"ops-{uuid4().hex[:8]}", admin=True)
    return requests.get(stack.url + path, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def every_page(stack: Stack, query: str) -> list[list[dict[str, Any]]]:
    """Each page of a listing, following its cursor to the end."""
    token = stack.token(f"ops-{uuid4().hex[:8]}", admin=True)
    pages: list[list[dict[str, Any]]] = []
    cursor: str | None = None
    while True:
        response = admin_get(stack, f"/admin/parties?{query}" + (f"&cursor={cursor}" if cursor else ""), token)
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page["parties"])
        cursor = page["cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 20, "the cursor never ends"


def test_an_admin_pages_through_the_parties_newest_first(stack: Stack, new_player: NewPlayer) -> None:
    created = [new_player(f"leader{n}").create_party(party_name=f"squad {n}") for n in range(5)]
    since, until = created[0]["created_at"], created[-1]["created_at"]  # both ends are in the window

    pages = every_page(stack, f"limit=2&from={since}&to={until}")

    assert [len(page) for page in pages] == [2, 2, 1]
    listed = [party for page in pages for party in page]
    assert [p["party_id"] for p in listed] == [p["party_id"] for p in reversed(created)]
    assert [p["created_at"] for p in listed] == sorted((p["created_at"] for p in listed), reverse=True)
    assert listed[-1] == {
        "party_id": created[0]["party_id"],
        "party_name": "squad 0",
        "max_player": created[0]["max_player"],
        "leader_id": created[0]["leader_id"],
        "created_at": created[0]["created_at"],
        "dismissed_at": None,
    }


def test_a_player_filter_pages_through_that_players_parties_only(stack: Stack, new_player: NewPlayer) -> None:
    rover, other = new_player("rover"), new_player("other")
    joined = []
    for n in range(3):
        party_id = new_player(f"host{n}").create_party()["party_id"]
        assert rover.post(f"/parties/{party_id}/members").status_code == 200
        assert rover.delete(f"/parties/{party_id}/members/me").status_code == 204
        joined.append(party_id)
    other.create_party()

    pages = every_page(stack, f"limit=2&player_id={rover.id}")

    assert [[p["party_id"] for p in page] for page in pages] == [joined[:0:-1], joined[:1]]


def test_a_party_record_has_each_members_timeline(stack: Stack, new_player: NewPlayer) -> None:
    alice, bob, carol = new_player("alice"), new_player("bob"), new_player("carol")
    party_id = alice.create_party(party_name="timeline")["party_id"]
    assert bob.post(f"/parties/{party_id}/members").status_code == 200
    assert bob.delete(f"/parties/{party_id}/members/me").status_code == 204
    for member in (carol, bob):  # bob comes back: one stint per stay
        assert member.post(f"/parties/{party_id}/members").status_code == 200
    assert alice.delete(f"/parties/{party_id}/members/{carol.id}").status_code == 204
    assert alice.put(f"/parties/{party_id}/leader", {"new_leader_id": bob.id}).status_code == 200
    assert alice.delete(f"/parties/{party_id}/members/me").status_code == 204
    assert bob.delete(f"/parties/{party_id}").status_code == 204

    response = admin_get(stack, f"/admin/parties/{party_id}")

    assert response.status_code == 200, response.text
    record = response.json()
    assert (record["party_name"], record["leader_id"]) == ("timeline", bob.id)
    assert [(m["player_id"], m["reason"]) for m in record["members"]] == [
        (alice.id, "left"),
        (bob.id, "left"),
        (carol.id, "kicked"),
        (bob.id, "dismissed"),
    ]
    assert all(m["joined_at"] <= m["left_at"] for m in record["members"])
    assert record["members"][1]["left_at"] <= record["members"][3]["joined_at"]
    assert record["dismissed_at"] == record["members"][3]["left_at"]
    assert [(c["old_leader_id"], c["new_leader_id"]) for c in record["leader_changes"]] == [(alice.id, bob.id)]


def test_a_member_who_stays_offline_left_for_being_offline(offline_stack: Stack) -> None:
    with players_of(offline_stack) as new_player:
        alice, bob = new_player("alice"), new_player("bob")
        party_id = alice.create_party()["party_id"]
        alice_ws = alice.connect()
        assert bob.post(f"/parties/{party_id}/members").status_code == 200  # bob never connects
        assert alice_ws.expect("OnPartyMemberJoined")["player_id"] == bob.id
        assert alice_ws.expect("OnPartyMemberLeft", timeout=REMOVAL_TIMEOUT)["player_id"] == bob.id

        response = admin_get(offline_stack, f"/admin/parties/{party_id}")

    assert response.status_code == 200, response.text
    members = response.json()["members"]
    assert [(m["player_id"], m["reason"]) for m in members] == [(alice.id, None), (bob.id, "offline")]
    joined, left = (parse_iso(members[1][key]) for key in ("joined_at", "left_at"))
    assert left - joined >= timedelta(seconds=OFFLINE_GRACE_SECONDS)


def test_an_unknown_party_is_404(stack: Stack) -> None:
    assert refusal(admin_get(stack, f"/admin/parties/{uuid4()}")) == (404, "kBackendPartyNotFound")


@pytest.mark.parametrize("path", ["/admin/parties", "/admin/parties/{party_id}"])
def test_a_player_token_is_403_admin_required(stack: Stack, new_player: NewPlayer, path: str) -> None:
    player = new_player("player")
    party_id = player.create_party()["party_id"]
    assert refusal(player.get(path.format(party_id=party_id))) == (403, "kBackendAdminRequired")


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-token"}], ids=["none", "garbage"])
@pytest.mark.parametrize("path", ["/admin/parties", f"/admin/parties/{uuid4()}"], ids=["list", "record"])
def test_no_valid_token_is_401(stack: Stack, path: str, headers: dict[str, str]) -> None:
    response = requests.get(stack.url + path, headers=headers, timeout=10)
    assert refusal(response) == (401, "kBackendUnauthorized")


def test_a_cursor_of_another_query_is_400(stack: Stack, new_player: NewPlayer) -> None:
    since = now()
    for n in range(2):
        new_player(f"leader{n}").create_party()
    cursor = admin_get(stack, f"/admin/parties?limit=1&from={since}").json()["cursor"]
    assert cursor

    mixed = admin_get(stack, f"/admin/parties?limit=1&player_id=someone&cursor={cursor}")

    assert refusal(mixed) == (400, "kBackendInvalidParams")


def test_the_portal_page_needs_no_token_and_is_html(stack: Stack) -> None:
    response = requests.get(f"{stack.url}/portal", timeout=10)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "<title>Party history" in response.text
    assert 'id="parties"' in response.text and 'id="token"' in response.text
