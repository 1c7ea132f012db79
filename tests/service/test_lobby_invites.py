"""Lobby invites on moto: who may send one, what the target hears, what is pending, accept and reject."""

from __future__ import annotations

from datetime import timedelta

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.invitations import Invitation, InvitationKind
from partylobby.domain.lobby import errors
from partylobby.domain.lobby.model import LobbyUpdate
from tests.support.fakes import FakeClock, RecordingNotifier
from tests.support.lobbies import INVITE_ONLY, INVITE_TTL, PRESENCE, Lobbies, private, public


@pytest.fixture
def lobbies(services: Container) -> Lobbies:
    return Lobbies(services)


def pending(services: Container, player: str) -> list[tuple[str, str]]:
    return [(i.invitation.invitation_id, i.invitation.target_id) for i in services.lobby_invites.pending(player)]


def test_a_member_invites_and_the_target_alone_hears_of_it(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    lobby = lobbies.lobby("alice", "bob")
    notifier.clear()
    invitation = services.lobby_invites.send("bob", lobby.lobby_id, "carol")
    (event,) = notifier.events
    assert event.name == "OnLobbyInviteReceived"
    assert (event.recipients, event.invite_id, event.from_user_id) == ({"carol"}, invitation.invitation_id, "bob")
    assert (event.lobby_id, event.version) == (lobby.lobby_id, lobby.version)
    assert lobbies.stored(lobby.lobby_id) == lobby  # inviting changes nothing


def test_a_non_member_cannot_invite(lobbies: Lobbies, services: Container, notifier: RecordingNotifier) -> None:
    lobby = lobbies.lobby("alice")
    notifier.clear()
    with pytest.raises(errors.NoPermission):
        services.lobby_invites.send("mallory", lobby.lobby_id, "carol")
    assert pending(services, "carol") == []
    assert notifier.events == []


def test_no_one_invites_when_the_lobby_does_not_allow_invites(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", allow_invites=False)
    with pytest.raises(errors.NoPermission) as refused:
        services.lobby_invites.send("alice", lobby.lobby_id, "carol")
    assert refused.value.err_code == "EOS_Lobby_NoPermission"
    assert pending(services, "carol") == []


def test_inviting_an_unknown_lobby_is_not_found(services: Container) -> None:
    with pytest.raises(errors.LobbyNotFound):
        services.lobby_invites.send("alice", "no-such-lobby", "carol")


def test_pending_lists_live_invites_with_the_lobbys_public_side(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", permission=INVITE_ONLY, attributes=(public("map", "dust"), private("pw", "x")))
    invitation = services.lobby_invites.send("alice", lobby.lobby_id, "bob")
    (invite,) = services.lobby_invites.pending("bob")
    assert (invite.invitation.invitation_id, invite.invitation.inviter_id) == (invitation.invitation_id, "alice")
    assert invite.lobby.lobby.lobby_id == lobby.lobby_id
    assert not invite.lobby.as_member
    assert [a.key for a in invite.lobby.attributes()] == ["map"]


def test_expired_invites_are_not_pending_and_neither_show_nor_admit(
    lobbies: Lobbies, services: Container, clock: FakeClock
) -> None:
    lobby = lobbies.lobby("alice", "carol", permission=INVITE_ONLY)
    old = services.lobby_invites.send("alice", lobby.lobby_id, "bob").invitation_id
    clock.advance(INVITE_TTL - 10)
    fresh = services.lobby_invites.send("carol", lobby.lobby_id, "bob").invitation_id
    clock.advance(11)  # the first is past its hour, the second is not
    assert pending(services, "bob") == [(fresh, lobby.lobby_id)]
    for look in (services.lobby_invites.get, services.lobby_invites.accept, services.lobby_invites.reject):
        with pytest.raises(errors.LobbyNotFound) as refused:
            look("bob", old)
        assert refused.value.err_code == "EOS_NotFound"
    clock.advance(INVITE_TTL)
    assert pending(services, "bob") == []
    with pytest.raises(errors.NoPermission):
        services.lobbies.join("bob", lobby.lobby_id)
    with pytest.raises(errors.LobbyNotFound):
        services.lobbies.get("bob", lobby.lobby_id)


def test_invites_to_lobbies_gone_or_already_joined_are_not_pending(lobbies: Lobbies, services: Container) -> None:
    gone, joined, kept = lobbies.lobby("alice"), lobbies.lobby("carol"), lobbies.lobby("dave")
    for lobby in (gone, joined, kept):
        services.lobby_invites.send(lobby.owner_id, lobby.lobby_id, "bob")
    services.lobbies.destroy("alice", gone.lobby_id)
    services.lobbies.join("bob", joined.lobby_id)  # a public lobby, joined without accepting
    assert [lobby_id for _, lobby_id in pending(services, "bob")] == [kept.lobby_id]


def test_one_invite_is_shown_by_its_id(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", permission=INVITE_ONLY, attributes=(private("pw", "x"),))
    invitation = services.lobby_invites.send("alice", lobby.lobby_id, "bob")
    invite = services.lobby_invites.get("bob", invitation.invitation_id)
    assert invite.invitation == invitation
    assert (invite.lobby.lobby.lobby_id, invite.lobby.attributes()) == (lobby.lobby_id, [])
    with pytest.raises(errors.LobbyNotFound):
        services.lobby_invites.get("carol", invitation.invitation_id)  # another player's invite
    with pytest.raises(errors.LobbyNotFound):
        services.lobby_invites.get("bob", "no-such-invite")


def test_an_invite_to_a_lobby_gone_shows_nothing(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice")
    invitation = services.lobby_invites.send("alice", lobby.lobby_id, "bob")
    services.lobbies.destroy("alice", lobby.lobby_id)
    for look in (services.lobby_invites.get, services.lobby_invites.accept):
        with pytest.raises(errors.LobbyNotFound):
            look("bob", invitation.invitation_id)


def test_accepting_joins_and_consumes_every_invite_to_that_lobby(
    lobbies: Lobbies, services: Container, notifier: RecordingNotifier
) -> None:
    lobby = lobbies.lobby("alice", "carol", permission=INVITE_ONLY)
    first = services.lobby_invites.send("alice", lobby.lobby_id, "bob").invitation_id
    second = services.lobby_invites.send("carol", lobby.lobby_id, "bob").invitation_id
    other = lobbies.lobby("dave")
    kept = services.lobby_invites.send("dave", other.lobby_id, "bob").invitation_id
    notifier.clear()
    joined = services.lobby_invites.accept("bob", first)
    assert joined.as_member and joined.lobby.member_ids == {"alice", "carol", "bob"}
    (event,) = notifier.events
    assert (event.status, event.target_user_id, event.version) == ("EOS_LMS_JOINED", "bob", joined.lobby.version)
    assert pending(services, "bob") == [(kept, other.lobby_id)]
    for used in (first, second):
        with pytest.raises(errors.LobbyNotFound):
            services.lobby_invites.get("bob", used)


def test_accepting_an_invite_to_a_full_lobby_keeps_the_invite(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", "carol", max_members=3, permission=INVITE_ONLY)
    invitation = services.lobby_invites.send("alice", lobby.lobby_id, "bob")
    services.lobbies.update("alice", lobby.lobby_id, LobbyUpdate(max_members=2))
    with pytest.raises(errors.TooManyPlayers):
        services.lobby_invites.accept("bob", invitation.invitation_id)
    assert pending(services, "bob") == [(invitation.invitation_id, lobby.lobby_id)]


def test_rejecting_deletes_the_invite_for_good(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", permission=INVITE_ONLY)
    invitation = services.lobby_invites.send("alice", lobby.lobby_id, "bob")
    services.lobby_invites.reject("bob", invitation.invitation_id)
    assert pending(services, "bob") == []
    for look in (services.lobby_invites.accept, services.lobby_invites.reject, services.lobby_invites.get):
        with pytest.raises(errors.LobbyNotFound):
            look("bob", invitation.invitation_id)
    with pytest.raises(errors.NoPermission):
        services.lobbies.join("bob", lobby.lobby_id)
    assert lobbies.stored(lobby.lobby_id) == lobby


def test_an_invite_admits_to_a_join_via_presence_lobby_without_friendship(
    lobbies: Lobbies, services: Container
) -> None:
    lobby = lobbies.lobby("alice", permission=PRESENCE)
    invitation = services.lobby_invites.send("alice", lobby.lobby_id, "bob")
    assert services.lobby_invites.accept("bob", invitation.invitation_id).lobby.is_member("bob")


def test_inviting_a_member_is_invalid(lobbies: Lobbies, services: Container) -> None:
    lobby = lobbies.lobby("alice", "bob")
    with pytest.raises(errors.InvalidParameters):
        services.lobby_invites.send("alice", lobby.lobby_id, "bob")


def test_inviting_again_replaces_the_invite_with_a_new_expiry(
    lobbies: Lobbies, services: Container, clock: FakeClock
) -> None:
    lobby = lobbies.lobby("alice", permission=INVITE_ONLY)
    first = services.lobby_invites.send("alice", lobby.lobby_id, "bob")
    clock.advance(60)
    again = services.lobby_invites.send("alice", lobby.lobby_id, "bob")
    assert again.invitation_id == first.invitation_id
    assert again.expires_at > first.expires_at
    assert pending(services, "bob") == [(first.invitation_id, lobby.lobby_id)]


def test_a_kick_takes_the_kicked_players_invites_to_the_lobby_with_them(
    lobbies: Lobbies, services: Container, clock: FakeClock
) -> None:
    """An invite can land between a join's read and its commit; the kick must not leave it behind."""
    lobby = lobbies.lobby("alice", "bob")
    expires_at = clock() + timedelta(hours=1)
    invitation = Invitation(InvitationKind.LOBBY, "late-invite", lobby.lobby_id, "bob", "alice", expires_at)
    services.lobbies.invitations.save([invitation], guard=services.lobbies.lobbies.unchanged(lobby))
    services.lobbies.update("alice", lobby.lobby_id, LobbyUpdate(permission_level=INVITE_ONLY))
    services.lobbies.kick("alice", lobby.lobby_id, "bob")
    assert services.lobbies.invitations.of("bob", InvitationKind.LOBBY) == []
    with pytest.raises(errors.NoPermission):
        services.lobbies.join("bob", lobby.lobby_id)
