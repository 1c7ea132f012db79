"""Lobby invites (EOS): send, query, look at one, accept, reject. They expire by TTL; reads check it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID, uuid5

from partylobby.clock import Clock
from partylobby.domain.invitations import Invitation, InvitationKind, unexpired
from partylobby.domain.lobby import errors, rules
from partylobby.domain.lobby.model import View, must_exist
from partylobby.services.commands import Publisher, attempts
from partylobby.services.lobbies import LobbyService
from partylobby.store.invitations import InvitationStore
from partylobby.store.lobbies import LobbyStore

LOBBY = InvitationKind.LOBBY
INVITE_IDS = UUID("5b0f6e52-9a1c-4d47-a7f1-0c6a1e4c2b9d")  # the namespace of lobby invite ids


@dataclass(frozen=True)
class Invite:
    """An invite as its holder sees it: with the lobby's details (the public side, unless they are in it)."""

    invitation: Invitation
    lobby: View


@dataclass(frozen=True, kw_only=True)
class LobbyInviteService:
    lobbies: LobbyStore
    joins: LobbyService
    invitations: InvitationStore
    publisher: Publisher
    clock: Clock
    ttl: timedelta

    def send(self, user_id: str, lobby_id: str, target_id: str) -> Invitation:
        # One invite per inviter, lobby and target: sending again replaces it (a new expiry), so a
        # player's invites stay as few as the members who invite them.
        invite_id = str(uuid5(INVITE_IDS, f"{lobby_id}/{user_id}/{target_id}"))
        for attempt in attempts():
            with attempt:
                lobby = must_exist(self.lobbies.load(lobby_id))
                event = rules.invite(lobby, user_id, target_id, invite_id)
                # Whole seconds: the TTL attribute is epoch seconds, and reads must agree with this answer.
                expires_at = (self.clock() + self.ttl).replace(microsecond=0)
                invitation = Invitation(LOBBY, invite_id, lobby_id, target_id, user_id, expires_at)
                self.invitations.save([invitation], guard=self.lobbies.unchanged(lobby))
        self.publisher.publish([event])
        return invitation

    def pending(self, user_id: str) -> list[Invite]:
        """Live invites to lobbies that still exist and that the holder is not in already."""
        invitations = unexpired(self.invitations.of(user_id, LOBBY), self.clock())
        lobbies = {lobby.lobby_id: lobby for lobby in self.lobbies.load_many([i.target_id for i in invitations])}
        return [
            Invite(i, View(lobbies[i.target_id], as_member=False))
            for i in invitations
            if i.target_id in lobbies and not lobbies[i.target_id].is_member(user_id)
        ]

    def get(self, user_id: str, invite_id: str) -> Invite:
        """EOS CopyLobbyDetailsHandleByInviteId: a live invite shows its lobby, invite-only ones too."""
        invitation = self._live(user_id, invite_id)
        lobby = self.lobbies.load(invitation.target_id)
        if lobby is None:
            raise errors.LobbyNotFound("the lobby of this invite is gone")
        return Invite(invitation, View(lobby, as_member=lobby.is_member(user_id)))

    def accept(self, user_id: str, invite_id: str) -> View:
        """Joins the lobby, consuming the invite (and any other of the holder's invites to it)."""
        invitation = self._live(user_id, invite_id)
        return self.joins.join(user_id, invitation.target_id)

    def reject(self, user_id: str, invite_id: str) -> None:
        """Gone for good."""
        self._live(user_id, invite_id)
        self.invitations.delete(user_id, LOBBY, invite_id)

    def _live(self, user_id: str, invite_id: str) -> Invitation:
        invitation = self.invitations.get(user_id, LOBBY, invite_id)
        if invitation is None or not invitation.is_live(self.clock()):
            raise errors.LobbyNotFound("no such invite")
        return invitation
