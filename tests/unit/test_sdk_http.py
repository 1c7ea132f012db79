"""The SDK's HTTP half over a fake transport: error mapping, 429 retries after Retry-After, Idempotency-Key."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
import pytest
from partylobby_client import (
    AuthError,
    ClientOptions,
    ErrCode,
    LobbyError,
    PartyError,
    PartyLobbyClient,
    PartyLobbyError,
    RateLimited,
    RetryPolicy,
    TransportError,
)

Handler = Callable[[httpx.Request], httpx.Response]
ALICE = {"player_id": "alice", "joined_at": "2026-01-01T00:00:00.000Z", "online": True}
PARTY: dict[str, Any] = {
    "party_id": "p1",
    "party_name": "squad",
    "leader_id": "alice",
    "max_player": 4,
    "enable_chatting": True,
    "join_strategy": "Public",
    "invite_strategy": "AllMembersCanInvite",
    "members": [ALICE],
    "custom_data": {"global": "", "players": {"alice": ""}},
    "created_at": "2026-01-01T00:00:00.000Z",
    "version": 1,
}
LOBBY: dict[str, Any] = {
    "lobby_id": "l1",
    "owner_id": "alice",
    "permission_level": "PublicAdvertised",
    "max_members": 4,
    "available_slots": 3,
    "allow_invites": True,
    "bucket_id": "b",
    "attributes": [{"key": "level", "value": 3, "visibility": "Public"}],
    "members": [{"user_id": "alice", "attributes": []}],
    "version": 1,
    "created_at": "2026-01-01T00:00:00.000Z",
}


def token_of(player_id: str) -> str:
    claims = base64.urlsafe_b64encode(json.dumps({"sub": player_id}).encode()).decode().rstrip("=")
    return f"e30.{claims}.signature"


class Recorder:
    """A fake service: answers in turn from `answers`, records each request and each sleep."""

    def __init__(self, *answers: httpx.Response) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def client(self, retry: RetryPolicy | None = None) -> PartyLobbyClient:
        return PartyLobbyClient(
            "http://service.test",
            None,
            token_of("alice"),
            options=ClientOptions(retry=retry or RetryPolicy()),
            transport=httpx.MockTransport(self.handle),
            sleep=self.sleep,
        )


def run(work: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    return asyncio.run(work())


def error(status: int, err_code: str, retry_after: int | None = None) -> httpx.Response:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return httpx.Response(status, json={"err_code": err_code, "msg": "no"}, headers=headers)


@pytest.mark.parametrize(
    ("answer", "kind", "err_code"),
    [
        (error(409, ErrCode.PARTY_FULL), PartyError, "kBackendPartyFull"),
        (error(403, ErrCode.NOT_PARTY_MEMBER), PartyError, "kBackendNotPartyMember"),
        (error(404, ErrCode.EOS_NOT_FOUND), LobbyError, "EOS_NotFound"),
        (error(409, ErrCode.EOS_TOO_MANY_PLAYERS), LobbyError, "EOS_Lobby_TooManyPlayers"),
        (error(401, ErrCode.UNAUTHORIZED), AuthError, "kBackendUnauthorized"),
        (httpx.Response(401, json={"message": "Unauthorized"}), AuthError, "kBackendUnauthorized"),
        (error(403, ErrCode.ADMIN_REQUIRED), AuthError, "kBackendAdminRequired"),
        (error(429, ErrCode.EOS_TOO_MANY_REQUESTS, 120), RateLimited, "EOS_TooManyRequests"),
        (httpx.Response(429, json={"message": "Too Many Requests"}), RateLimited, "TooManyRequests"),
        (httpx.Response(502, text="<html>bad gateway</html>"), TransportError, "UnexpectedAnswer"),
    ],
)
def test_each_err_code_family_raises_its_own_type_keeping_code_status_and_msg(
    answer: httpx.Response, kind: type[PartyLobbyError], err_code: str
) -> None:
    service = Recorder(answer)
    client = service.client(RetryPolicy(max_retries=0))
    with pytest.raises(kind) as raised:
        run(lambda: client.join_party("p1"))
    assert isinstance(raised.value, PartyLobbyError)
    assert (raised.value.err_code, raised.value.status) == (err_code, answer.status_code)
    assert raised.value.msg


def test_a_network_failure_is_a_transport_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = PartyLobbyClient("http://service.test", None, token_of("a"), transport=httpx.MockTransport(refuse))
    with pytest.raises(TransportError):
        run(client.get_current_party)


def test_a_429_is_retried_after_retry_after_with_the_same_idempotency_key() -> None:
    service = Recorder(
        error(429, ErrCode.TOO_MANY_REQUESTS, 2),
        error(429, ErrCode.TOO_MANY_REQUESTS, 1),
        httpx.Response(201, json=PARTY),
    )
    party = run(lambda: service.client().create_party("squad"))

    assert party.party_id == "p1"
    assert service.sleeps == [2.0, 1.0]
    keys = {r.headers["Idempotency-Key"] for r in service.requests}
    assert len(service.requests) == 3 and len(keys) == 1 and all(keys)


def test_429_retries_are_bounded_then_raise_rate_limited_with_retry_after() -> None:
    service = Recorder(error(429, ErrCode.EOS_TOO_MANY_REQUESTS, 3))
    with pytest.raises(RateLimited) as raised:
        run(lambda: service.client(RetryPolicy(max_retries=2)).search_lobbies(bucket_id="b"))
    assert raised.value.retry_after == 3.0
    assert len(service.requests) == 3 and service.sleeps == [3.0, 3.0]


def test_a_retry_after_beyond_the_policy_is_not_waited_for() -> None:
    service = Recorder(error(429, ErrCode.TOO_MANY_REQUESTS, 50))
    with pytest.raises(RateLimited):
        run(lambda: service.client(RetryPolicy(max_wait=10)).get_current_party())
    assert len(service.requests) == 1 and service.sleeps == []


def test_other_errors_are_never_retried() -> None:
    service = Recorder(error(409, ErrCode.PARTY_DUPLICATED))
    with pytest.raises(PartyError):
        run(lambda: service.client().create_party())
    assert len(service.requests) == 1


def test_idempotency_keys_go_on_the_five_calls_that_take_one_and_differ_between_calls() -> None:
    answers = {
        ("POST", "/parties"): httpx.Response(201, json=PARTY),
        ("POST", "/parties/p1/members"): httpx.Response(200, json=PARTY),
        ("POST", "/parties/p1/chat"): httpx.Response(
            200, json={"msg_id": "m", "seq": 1, "sender_id": "alice", "type": "text", "content": "hi", "sent_at": "t"}
        ),
        ("POST", "/lobbies"): httpx.Response(201, json=LOBBY),
        ("POST", "/lobbies/l1/members"): httpx.Response(200, json=LOBBY),
        ("DELETE", "/parties/p1/members/me"): httpx.Response(204),
        ("PUT", "/parties/p1/strategy"): httpx.Response(200, json=PARTY),
    }
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers[(request.method, request.url.path)]

    client = PartyLobbyClient("http://s.test", None, token_of("alice"), transport=httpx.MockTransport(handle))

    async def calls() -> None:
        await client.create_party()
        await client.create_party()
        await client.join_party("p1")
        await client.send_party_chat_msg("p1", "hi")
        await client.create_lobby("b", 4)
        await client.join_lobby("l1")
        await client.leave_party("p1")
        await client.set_party_strategy("p1", join_strategy="OnlyInvited")
        await client.join_party("p1", idempotency_key="mine")

    run(calls)
    keys = [r.headers.get("Idempotency-Key") for r in seen]
    assert all(keys[:6]) and len(set(keys[:6])) == 6
    assert keys[6:8] == [None, None]
    assert keys[8] == "mine"
    assert all(r.headers["Authorization"] == f"Bearer {token_of('alice')}" for r in seen)


def test_answers_are_typed_models_and_ids_are_escaped_in_paths() -> None:
    service = Recorder(httpx.Response(200, json=LOBBY))
    lobby = run(lambda: service.client().get_lobby("a/b c"))

    assert lobby.attribute("level") == 3 and lobby.members[0].user_id == "alice"
    assert service.requests[0].url.raw_path == b"/lobbies/a%2Fb%20c"


def test_no_current_party_is_none_and_chat_catch_up_sends_after_seq() -> None:
    service = Recorder(error(404, ErrCode.PARTY_NOT_FOUND), httpx.Response(200, json={"messages": []}))
    client = service.client()
    assert run(client.get_current_party) is None
    assert run(lambda: client.get_party_chat("p1", after_seq=7)) == []
    assert service.requests[1].url.params["after_seq"] == "7"
