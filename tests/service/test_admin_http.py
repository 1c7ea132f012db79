"""Admin routes over party history, as the portal calls them: an admin token, pages, a party's record."""

from __future__ import annotations

import pytest

from tests.support.http import Call, http_event
from tests.support.lambdas import FakeLambdaContext, fresh_handler

ADMIN = {"cognito:groups": "[admin ops]"}  # as API Gateway passes a list claim on


@pytest.fixture
def admin(call: Call) -> Call:
    def send(method: str, path: str, **kwargs: object) -> tuple[int, object]:
        return call(method, path, "ops-alice", claims=ADMIN, **kwargs)

    return send


def parties_of(call: Call, count: int, leader: str = "p") -> list[str]:
    ids = []
    for n in range(count):
        status, party = call("POST", "/parties", f"{leader}{n}", {"party_name": f"squad {n}"})
        assert status == 201
        ids.append(party["party_id"])
    return ids


def test_an_admin_pages_through_every_party_newest_first(call: Call, admin: Call) -> None:
    ids = parties_of(call, 5)
    listed, cursor = [], None
    while True:
        status, page = admin("GET", "/admin/parties?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        assert status == 200
        listed += [p["party_id"] for p in page["parties"]]
        cursor = page["cursor"]
        if cursor is None:
            break
    assert sorted(listed) == sorted(ids) and len(listed) == 5
    first = page["parties"][-1]
    assert set(first) == {"party_id", "party_name", "max_player", "leader_id", "created_at", "dismissed_at"}


def test_a_player_filter_lists_only_that_players_parties(call: Call, admin: Call) -> None:
    mine = parties_of(call, 2, "carol-")
    parties_of(call, 2, "dave-")
    status, page = admin("GET", "/admin/parties?player_id=carol-1")
    assert status == 200
    assert [p["party_id"] for p in page["parties"]] == [mine[1]]


def test_a_party_record_lists_members_with_join_and_leave_times(call: Call, admin: Call) -> None:
    status, party = call("POST", "/parties", "alice", {"party_name": "squad"})
    call("POST", f"/parties/{party['party_id']}/members", "bob")
    call("DELETE", f"/parties/{party['party_id']}/members/me", "bob")

    status, record = admin("GET", f"/admin/parties/{party['party_id']}")

    assert status == 200
    assert [(m["player_id"], m["reason"], m["left_at"] is None) for m in record["members"]] == [
        ("alice", None, True),
        ("bob", "left", False),
    ]
    assert record["dismissed_at"] is None and record["leader_changes"] == []


@pytest.mark.parametrize("cursor", ["garbage", "e30", "bnVsbA", "!!!"])
def test_a_cursor_this_api_did_not_give_is_invalid(admin: Call, cursor: str) -> None:
    status, answer = admin("GET", f"/admin/parties?limit=10&cursor={cursor}")
    assert (status, answer["err_code"]) == (400, "kBackendInvalidParams")


def test_a_cursor_of_one_query_is_refused_by_another(call: Call, admin: Call) -> None:
    parties_of(call, 3)
    _, page = admin("GET", "/admin/parties?limit=1")
    cursor = page["cursor"]
    assert cursor
    status, answer = admin("GET", f"/admin/parties?limit=1&cursor={cursor}&player_id=p0")
    assert (status, answer["err_code"]) == (400, "kBackendInvalidParams")


def test_a_token_without_the_admin_claim_is_403(call: Call) -> None:
    status, answer = call("GET", "/admin/parties", "alice", claims={"cognito:groups": "[players]"})
    assert (status, answer["err_code"]) == (403, "kBackendAdminRequired")


def test_no_token_is_401(call: Call) -> None:
    status, answer = call("GET", "/admin/parties", None)
    assert (status, answer["err_code"]) == (401, "kBackendUnauthorized")


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=101",
        "limit=ten",
        "from=yesterday",
        "cursor=not-ours",
        "player_id=",
        "from=2030-01-01&to=2020-01-01",
    ],
)
def test_bad_queries_are_400_invalid_params(admin: Call, query: str) -> None:
    status, answer = admin("GET", f"/admin/parties?{query}")
    assert (status, answer["err_code"]) == (400, "kBackendInvalidParams")


def test_an_unknown_party_is_404(admin: Call) -> None:
    status, answer = admin("GET", "/admin/parties/no-such-party")
    assert (status, answer["err_code"]) == (404, "kBackendPartyNotFound")


def test_the_portal_page_needs_no_token_and_is_html(moto_table: str) -> None:
    event = http_event("GET", "/portal", None)
    response = fresh_handler("AdminApiFunction")(event, FakeLambdaContext())
    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"].startswith("text/html")
    assert "<title>Party history" in response["body"]
    assert "default-src 'none'" in response["headers"]["Content-Security-Policy"]


def test_a_cursor_used_with_a_later_start_is_an_empty_last_page(call: Call, admin: Call) -> None:
    parties_of(call, 3)
    _, first = admin("GET", "/admin/parties?limit=1")
    status, page = admin("GET", f"/admin/parties?limit=1&from=2999-01-01T00:00:00Z&cursor={first['cursor']}")
    assert (status, page) == (200, {"parties": [], "cursor": None})


@pytest.mark.parametrize("moment", ["to=9999-12-31T23:59:59-05:00", "from=0001-01-01T00:00:00%2B05:00"])
def test_a_time_past_the_calendar_in_utc_is_400(admin: Call, moment: str) -> None:
    status, answer = admin("GET", f"/admin/parties?{moment}")
    assert (status, answer["err_code"]) == (400, "kBackendInvalidParams")
