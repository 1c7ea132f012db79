"""The Python client SDK (clients/python) against the local stack, over real HTTP and WebSockets.

The seed's scenarios with two and three players and the events each receives; a forced disconnect with missed
events (the resync restores the state and raises OnPartyInfoUpdated); polling while disconnected; a version
gap injected by dropping a push in the client; lobbies; a 429 retried after Retry-After; an expired token on
reconnect (auth_failed, then set_token resumes); a logout from another device; and a push too large for the
socket, resynced from its hint.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path
from uuid import uuid4

import pytest
from partylobby_client import (
    AuthError,
    ClientOptions,
    ConnectionState,
    EventStream,
    MemberStatus,
    OnConnectionClosed,
    OnConnectionStateChanged,
    OnCustomDataChanged,
    OnLobbyInfoUpdated,
    OnPartyInfoUpdated,
    PartyLobbyClient,
    PermissionLevel,
    RateLimited,
    RealtimeOptions,
    ResyncReason,
    RetryPolicy,
    SearchParameter,
    dev_token,
)
from websockets.asyncio.client import connect

from local_gateway.tokens import DevTokens
from tests.e2e.conftest import Stack, running_stack
from tests.e2e.sdk_support import (
    QUIET_SECONDS,
    WAIT,
    assert_quiet,
    expect,
    run,
    sign_in,
    state_change,
    state_changes,
)

pytestmark = pytest.mark.e2e


def test_two_players_invite_join_chat_kick(stack: Stack) -> None:
    async def scenario() -> None:
        alice, bob = await sign_in(stack, "alice"), await sign_in(stack, "bob")
        async with alice, bob:
            a, b = alice.events(), bob.events()
            party = await alice.create_party("duo", enable_chatting=True)
            pid = party.party_id

            await alice.invite_player_to_party(pid, bob.player_id)
            (invitation,) = await expect(b, "OnReceivePartyInvitation")
            assert (invitation.inviter_id, invitation.party_name) == (alice.player_id, "duo")

            await bob.join_party(pid)
            (joined,) = await expect(a, "OnPartyMemberJoined")
            assert (joined.player_id, joined.version) == (bob.player_id, 2)

            await bob.send_party_chat_msg(pid, "hello")
            await alice.send_party_chat_msg(pid, "hi bob")
            (to_alice,) = await expect(a, "OnReceivePartyChatMsg")
            (to_bob,) = await expect(b, "OnReceivePartyChatMsg")
            assert (to_alice.content, to_alice.sender_id, to_bob.content) == ("hello", bob.player_id, "hi bob")

            await alice.kick_party_member(pid, bob.player_id)
            (left_a,) = await expect(a, "OnPartyMemberLeft")
            (left_b,) = await expect(b, "OnPartyMemberLeft")
            assert (left_a.reason, left_b.reason, left_b.player_id) == ("kicked", "kicked", bob.player_id)
            await assert_quiet(a, b)

            assert bob.party is None
            assert alice.party is not None and alice.party.member_ids == [alice.player_id]
            assert alice.party == await alice.get_party_info(pid)

    run(scenario)


def test_three_players_join_chat_transfer_kick_and_leave(stack: Stack) -> None:
    async def scenario() -> None:
        alice, bob, carol = [await sign_in(stack, name) for name in ("alice", "bob", "carol")]
        async with alice, bob, carol:
            a, b, c = alice.events(), bob.events(), carol.events()
            pid = (await alice.create_party("trio", max_player=3, enable_chatting=True)).party_id
            await alice.invite_player_to_party(pid, [bob.player_id, carol.player_id])
            await expect(b, "OnReceivePartyInvitation")
            await expect(c, "OnReceivePartyInvitation")

            await bob.join_party(pid)
            await carol.join_party(pid)
            await expect(a, "OnPartyMemberJoined", "OnPartyMemberJoined")
            await expect(b, "OnPartyMemberJoined")

            await carol.send_party_chat_msg(pid, "gg")
            for stream in (a, b):
                (message,) = await expect(stream, "OnReceivePartyChatMsg")
                assert (message.content, message.sender_id) == ("gg", carol.player_id)

            await alice.set_global_custom_data(pid, "ready?")
            for stream in (a, b, c):  # the setter hears of it too
                (changed,) = await expect(stream, "OnCustomDataChanged")
                assert changed.custom_data.global_ == "ready?"

            await alice.transfer_party_leader(pid, carol.player_id)
            for stream in (a, b, c):
                (transferred,) = await expect(stream, "OnPartyLeaderTransferred")
                assert transferred.new_leader_id == carol.player_id

            await carol.kick_party_member(pid, bob.player_id)
            for stream in (a, b, c):
                (left,) = await expect(stream, "OnPartyMemberLeft")
                assert (left.player_id, left.reason) == (bob.player_id, "kicked")

            await carol.leave_party(pid)  # the leader leaves: alice, the longest present, leads again
            await expect(a, "OnPartyMemberLeft", "OnPartyLeaderTransferred")
            await assert_quiet(a, b, c)  # no resync: both pushes of one change carry the same version

            assert alice.party == await alice.get_party_info(pid)
            assert alice.party is not None and alice.party.leader_id == alice.player_id
            assert bob.party is None and carol.party is None
            await alice.leave_party(pid)  # the last one out dismisses it
            assert await alice.get_current_party() is None

    run(scenario)


def test_a_forced_disconnect_misses_events_and_the_resync_restores_the_state(stack: Stack) -> None:
    async def scenario() -> None:
        alice, bob, carol = [await sign_in(stack, name) for name in ("alice", "bob", "carol")]
        async with alice, bob, carol:
            pid = (await alice.create_party("away", enable_chatting=True)).party_id
            await bob.join_party(pid)
            b = bob.events()

            bob.realtime.drop_connection(reconnect=False)  # the network fails; the SDK waits before reconnecting
            await state_change(b, ConnectionState.DISCONNECTED)
            await alice.set_global_custom_data(pid, "while you were away")
            await carol.join_party(pid)
            await alice.send_party_chat_msg(pid, "bob, are you there?")
            await alice.transfer_party_leader(pid, carol.player_id)
            await assert_quiet(b)

            bob.realtime.allow_reconnect()
            await state_change(b, ConnectionState.CONNECTED)
            replayed, updated = await expect(b, "OnReceivePartyChatMsg", "OnPartyInfoUpdated")
            assert (replayed.content, replayed.replayed) == ("bob, are you there?", True)
            assert isinstance(updated, OnPartyInfoUpdated) and updated.reason is ResyncReason.RECONNECT
            truth = await alice.get_party_info(pid)
            assert updated.party == truth and bob.party == truth
            assert truth.leader_id == carol.player_id and truth.custom_data.global_ == "while you were away"

            c = carol.events()
            await alice.send_party_chat_msg(pid, "welcome back")  # live again, and no duplicate
            (live,) = await expect(b, "OnReceivePartyChatMsg")
            assert (live.content, live.replayed) == ("welcome back", False)
            await expect(c, "OnReceivePartyChatMsg")
            await assert_quiet(b)

    run(scenario)


def test_while_disconnected_the_sdk_polls_and_raises_on_party_info_updated(stack: Stack) -> None:
    polling = RealtimeOptions(reconnect_min=0.2, reconnect_max=1.0, poll_interval=(0.3, 0.5))

    async def scenario() -> None:
        alice, bob = await sign_in(stack, "alice"), await sign_in(stack, "bob", polling)
        async with alice, bob:
            pid = (await alice.create_party()).party_id
            await bob.join_party(pid)
            b = bob.events()
            bob.realtime.drop_connection(reconnect=False)
            await state_change(b, ConnectionState.DISCONNECTED)
            await alice.set_global_custom_data(pid, "polled")

            updated = await b.wait_for(OnPartyInfoUpdated, WAIT)
            assert updated.reason is ResyncReason.POLL and not bob.connected
            assert updated.party.custom_data.global_ == "polled"
            bob.realtime.allow_reconnect()
            await bob.wait_connected(WAIT)

    run(scenario)


def test_a_dropped_push_is_a_version_gap_that_resyncs_party_and_lobby(stack: Stack) -> None:
    async def scenario() -> None:
        alice, bob = await sign_in(stack, "alice"), await sign_in(stack, "bob")
        async with alice, bob:
            pid = (await alice.create_party()).party_id
            await bob.join_party(pid)
            b = bob.events()
            bob.realtime.drop_next_push("OnCustomDataChanged")
            await alice.set_global_custom_data(pid, "one")
            await alice.set_global_custom_data(pid, "two")
            changed, updated = await expect(b, "OnCustomDataChanged", "OnPartyInfoUpdated")
            assert changed.custom_data.global_ == "two" and updated.reason is ResyncReason.VERSION_GAP
            assert bob.party == updated.party == await alice.get_party_info(pid)

            lobby = await alice.create_lobby(f"gap-{uuid4().hex[:8]}", 4)
            await bob.join_lobby(lobby.lobby_id)
            await expect(b, "OnLobbyMemberStatusReceived")  # bob's own join, pushed to every member
            bob.realtime.drop_next_push("OnLobbyUpdateReceived")
            await alice.update_lobby(lobby.lobby_id, set_attributes={"map": "dust"})
            after = await alice.update_lobby(lobby.lobby_id, set_attributes={"mode": "ffa"})
            _, info = await expect(b, "OnLobbyUpdateReceived", "OnLobbyInfoUpdated")
            assert isinstance(info, OnLobbyInfoUpdated) and info.reason is ResyncReason.VERSION_GAP
            assert info.lobby == after == bob.lobbies[lobby.lobby_id]
            assert (after.attribute("map"), after.attribute("mode")) == ("dust", "ffa")

    run(scenario)


def test_lobby_invite_accept_kick_and_search(stack: Stack) -> None:
    async def scenario() -> None:
        alice, bob = await sign_in(stack, "alice"), await sign_in(stack, "bob")
        async with alice, bob:
            a, b = alice.events(), bob.events()
            bucket = f"sdk-{uuid4().hex[:8]}"
            lobby = await alice.create_lobby(bucket, 4, PermissionLevel.INVITE_ONLY, attributes={"level": 7})
            assert await bob.search_lobbies(bucket_id=bucket) == []  # InviteOnly: search never finds it

            invite_id = await alice.send_invite(lobby.lobby_id, bob.player_id)
            (received,) = await expect(b, "OnLobbyInviteReceived")
            assert (received.invite_id, received.from_user_id) == (invite_id, alice.player_id)
            (invite,) = await bob.query_invites()
            assert invite.lobby.attribute("level") == 7

            await bob.accept_invite(invite_id)
            for stream in (a, b):
                (status,) = await expect(stream, "OnLobbyMemberStatusReceived")
                assert (status.status, status.target_user_id) == (MemberStatus.JOINED, bob.player_id)
            assert set(bob.lobbies) == {lobby.lobby_id}

            await alice.update_lobby(lobby.lobby_id, permission_level=PermissionLevel.PUBLIC_ADVERTISED)
            await expect(a, "OnLobbyUpdateReceived")
            await expect(b, "OnLobbyUpdateReceived")
            found = await bob.search_lobbies(
                bucket_id=bucket, parameters=[SearchParameter(key="level", op="GREATERTHAN", value=5)]
            )
            assert [f.lobby_id for f in found] == [lobby.lobby_id]

            await alice.kick_member(lobby.lobby_id, bob.player_id)
            (kicked,) = await expect(b, "OnLobbyMemberStatusReceived")
            assert kicked.status is MemberStatus.KICKED and bob.lobbies == {}
            await expect(a, "OnLobbyMemberStatusReceived")
            await alice.destroy_lobby(lobby.lobby_id)
            (closed,) = await expect(a, "OnLobbyMemberStatusReceived")  # to everyone in it, the owner too
            assert closed.status is MemberStatus.CLOSED and alice.lobbies == {}
            await assert_quiet(a, b)

    run(scenario)


def test_a_refused_token_is_an_auth_error_on_connect(stack: Stack) -> None:
    async def scenario() -> None:
        client = PartyLobbyClient(stack.url, stack.ws_url, "not-a-jwt", player_id="nobody")
        with pytest.raises(AuthError) as raised:
            await client.connect()
        assert raised.value.status == 401
        with pytest.raises(AuthError):
            await client.get_current_party()
        await client.close()

    run(scenario)


def test_a_429_is_raised_with_retry_after_then_retried_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUOTA_SEARCH", "2")
    with running_stack(tmp_path / "stack.log", module="tests.e2e.minute_ending_stack") as quota_stack:

        async def scenario() -> None:
            waits: list[float] = []

            async def sleep(seconds: float) -> None:
                waits.append(seconds)
                await asyncio.sleep(seconds)

            patient = await PartyLobbyClient.sign_in_dev(quota_stack.url, None, "patient", sleep=sleep)
            async with patient:
                impatient = PartyLobbyClient(
                    quota_stack.url,
                    None,
                    patient._http.token,
                    options=ClientOptions(retry=RetryPolicy(max_retries=0)),
                )
                async with impatient:
                    for _ in range(2):
                        await patient.search_lobbies(bucket_id="quota")
                    with pytest.raises(RateLimited) as raised:
                        await impatient.search_lobbies(bucket_id="quota")
                assert raised.value.err_code == "EOS_TooManyRequests" and raised.value.status == 429
                assert raised.value.retry_after is not None and 1 <= raised.value.retry_after <= 60

                started = time.monotonic()
                assert await patient.search_lobbies(bucket_id="quota") == []
                assert len(waits) == 1 and 1 <= waits[0] <= 60
                assert time.monotonic() - started >= waits[0]

        run(scenario)


# Backoff and polls short enough that, were the SDK still trying, the quiet period would see it.
EAGER = RealtimeOptions(reconnect_min=0.05, reconnect_max=0.1, poll_interval=(0.1, 0.2), heartbeat_interval=5.0)


async def assert_stays_stopped(client: PartyLobbyClient, stream: EventStream) -> None:
    """No reconnect attempt and no state change for several backoff delays and poll intervals."""
    handshakes = client.realtime.handshakes
    await asyncio.sleep(QUIET_SECONDS * 2)
    assert client.realtime.handshakes == handshakes and not client.connected
    assert [e for e in stream.pending() if isinstance(e, OnConnectionStateChanged)] == []


def test_an_expired_token_on_reconnect_stops_with_one_auth_failed_and_set_token_resumes(stack: Stack) -> None:
    async def scenario() -> None:
        player_id, tokens = f"alice-{uuid4().hex[:8]}", DevTokens(secret=stack.secret)
        expired = tokens.issue(player_id, now=time.time() - 2 * tokens.lifetime_seconds)
        alice = PartyLobbyClient(
            stack.url, stack.ws_url, tokens.issue(player_id), options=ClientOptions(realtime=EAGER)
        )
        async with alice:
            pid = (await alice.create_party("expiring")).party_id
            a = alice.events()
            alice.set_token(expired)  # as if it expired: the open socket goes on
            assert alice.connected
            alice.realtime.drop_connection()

            changes = await state_changes(a, ConnectionState.AUTH_FAILED)
            assert [c.state for c in changes] == [ConnectionState.DISCONNECTED, ConnectionState.AUTH_FAILED]
            assert changes[-1].error is not None and "401" in changes[-1].error
            await assert_stays_stopped(alice, a)

            alice.set_token(tokens.issue(player_id))
            await state_change(a, ConnectionState.CONNECTED)
            (updated,) = await expect(a, "OnPartyInfoUpdated")
            assert isinstance(updated, OnPartyInfoUpdated) and updated.reason is ResyncReason.RECONNECT
            assert alice.party == updated.party == await alice.get_party_info(pid)

    run(scenario)


def test_a_logout_on_another_device_closes_the_socket_and_the_sdk_stays_logged_out(stack: Stack) -> None:
    async def scenario() -> None:
        alice = await sign_in(stack, "alice", EAGER)
        async with alice:
            a = alice.events()
            other_device = PartyLobbyClient(stack.url, None, await dev_token(stack.url, alice.player_id))
            async with other_device:
                await other_device.logout()
            closed = await a.wait_for(OnConnectionClosed, WAIT)
            assert closed.reason == "logout"
            await state_change(a, ConnectionState.LOGGED_OUT)
            await assert_stays_stopped(alice, a)

            await alice.reconnect(WAIT)  # on purpose: the game signs the player in again
            assert alice.connected and alice.connection_state is ConnectionState.CONNECTED

    run(scenario)


def test_sockets_past_the_cap_close_the_sdks_socket_and_it_reports_socket_limit_without_reconnecting(
    stack: Stack,
) -> None:
    async def scenario() -> None:
        alice = await sign_in(stack, "alice", EAGER)
        async with alice:
            a = alice.events()
            token = await dev_token(stack.url, alice.player_id)
            async with contextlib.AsyncExitStack() as devices:
                for _ in range(10):  # the SDK's socket is the oldest of eleven
                    await devices.enter_async_context(connect(f"{stack.ws_url}/?token={token}"))
                closed = await a.wait_for(OnConnectionClosed, WAIT)
                assert (closed.reason, closed.max_sockets) == ("socket_limit", 10)
                await state_change(a, ConnectionState.SOCKET_LIMIT)
                await assert_stays_stopped(alice, a)

    run(scenario)


def test_a_push_too_large_for_the_socket_comes_as_a_hint_and_the_sdk_resyncs(stack: Stack) -> None:
    slot = "x" * 4096  # the most custom data one slot holds; 32 full slots are past 128 KiB
    players = 31

    async def scenario() -> None:
        alice = await sign_in(stack, "alice")
        async with alice:
            pid = (await alice.create_party("big", max_player=players + 1)).party_id
            a = alice.events()
            await alice.set_global_custom_data(pid, slot)
            for n in range(players):
                member = await PartyLobbyClient.sign_in_dev(stack.url, None, f"member{n}-{uuid4().hex[:8]}")
                async with member:
                    await member.join_party(pid)
                    await member.set_player_custom_data(pid, slot)
            truth = await alice.get_party_info(pid)
            pushed: list[int] = []  # the versions of the OnCustomDataChanged delivered
            while not (isinstance(event := await a.next(WAIT), OnPartyInfoUpdated) and event.party == truth):
                if isinstance(event, OnCustomDataChanged):
                    pushed.append(event.version)
            assert event.reason is ResyncReason.OVERSIZED_PUSH and alice.party == truth
            assert len(truth.custom_data.players) == players + 1 and truth.version not in pushed
            assert len(pushed) == players  # the global set, and each member's but the last

    run(scenario)
