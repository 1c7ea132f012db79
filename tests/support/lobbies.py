"""Lobby scenarios over the real services (service tier): lobbies made in one line, what a player is in."""

from __future__ import annotations

from partylobby.bootstrap import Container
from partylobby.domain.lobby.model import Attribute, Lobby, LobbyUpdate, NewLobby, PermissionLevel, Visibility
from partylobby.domain.presence import MembershipKind

PUBLIC = PermissionLevel.PUBLIC_ADVERTISED
PRESENCE = PermissionLevel.JOIN_VIA_PRESENCE
INVITE_ONLY = PermissionLevel.INVITE_ONLY
PRIVATE = Visibility.PRIVATE
INVITE_TTL = 3600  # Settings.lobby_invite_ttl's default, in seconds


def public(key: str, value: bool | int | float | str) -> Attribute:
    return Attribute(key, value)


def private(key: str, value: bool | int | float | str) -> Attribute:
    return Attribute(key, value, PRIVATE)


class Lobbies:
    """A thin scenario helper: `lobby("alice", "bob")` is alice's lobby that bob joined."""

    def __init__(self, services: Container) -> None:
        self.services = services
        self.service = services.lobbies

    def lobby(
        self,
        owner: str,
        *members: str,
        permission: PermissionLevel = PUBLIC,
        max_members: int = 4,
        bucket: str = "bucket",
        attributes: tuple[Attribute, ...] = (),
        allow_invites: bool = True,
        disable_host_migration: bool = False,
    ) -> Lobby:
        """Members join while it is advertised; the permission level is set afterwards (one more version)."""
        params = NewLobby(
            max_members=max_members,
            permission_level=PUBLIC if members else permission,
            bucket_id=bucket,
            allow_invites=allow_invites,
            disable_host_migration=disable_host_migration,
            attributes=attributes,
        )
        lobby = self.service.create(owner, params).lobby
        for member in members:
            lobby = self.service.join(member, lobby.lobby_id).lobby
        if members and permission is not PUBLIC:
            lobby = self.service.update(owner, lobby.lobby_id, LobbyUpdate(permission_level=permission)).lobby
        return lobby

    def stored(self, lobby_id: str) -> Lobby | None:
        """The lobby as DynamoDB holds it, whoever may see it."""
        return self.service.lobbies.load(lobby_id)

    def lobbies_of(self, player: str) -> frozenset[str]:
        """The lobbies the player's presence record counts them in."""
        return self.service.presence.get(player).member_of(MembershipKind.LOBBY)

    def friends(self, a: str, b: str) -> None:
        self.services.social.befriend(a, b)
        self.services.social.befriend(b, a)
