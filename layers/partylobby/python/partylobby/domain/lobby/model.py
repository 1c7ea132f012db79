"""The lobby aggregate (EOS Lobby): its state, what a command changes, and what a joiner brings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from partylobby.domain.lobby import errors
from partylobby.domain.lobby.events import LobbyEvent
from partylobby.domain.membership import Entering, Group, MembershipChange, Seat

AttributeValue = bool | int | float | str


class PermissionLevel(StrEnum):
    PUBLIC_ADVERTISED = "PublicAdvertised"  # anyone finds and joins it
    JOIN_VIA_PRESENCE = "JoinViaPresence"  # friends of the owner join; found by its id only
    INVITE_ONLY = "InviteOnly"  # holders of a live invite join; never found by search


class Visibility(StrEnum):
    PUBLIC = "Public"
    PRIVATE = "Private"  # members only; never matched by search


@dataclass(frozen=True)
class Attribute:
    key: str
    value: AttributeValue
    visibility: Visibility = Visibility.PUBLIC


Attributes = Mapping[str, Attribute]
NO_ATTRIBUTES: Attributes = MappingProxyType({})


@dataclass(frozen=True)
class Member(Seat):
    attributes: Attributes = field(default_factory=lambda: NO_ATTRIBUTES)
    revision: int = 0  # bumped by each update of their own attributes, which the store orders by it


@dataclass(frozen=True)
class Lobby(Group[Member]):
    lobby_id: str
    owner_id: str
    permission_level: PermissionLevel
    max_members: int
    allow_invites: bool
    bucket_id: str
    disable_host_migration: bool
    attributes: Attributes
    members: tuple[Member, ...]  # in joining order: the first is the longest present
    created_at: datetime
    version: int

    not_member = errors.NoPermission
    not_owner = errors.NotOwner
    kind_name = "lobby"
    owner_title = "lobby owner"

    @property
    def owner(self) -> str:
        return self.owner_id

    @property
    def capacity(self) -> int:
        return self.max_members

    @property
    def searchable(self) -> bool:
        """Whether a search by bucket may find it: advertised, with a free seat."""
        return self.permission_level is PermissionLevel.PUBLIC_ADVERTISED and self.available_slots > 0

    def friends_that_matter(self) -> frozenset[str]:
        """Whose friends the permission level admits."""
        return frozenset({self.owner_id}) if self.permission_level is PermissionLevel.JOIN_VIA_PRESENCE else frozenset()


def must_exist(lobby: Lobby | None) -> Lobby:
    if lobby is None:
        raise errors.LobbyNotFound("no such lobby")
    return lobby


@dataclass(frozen=True)
class Change(MembershipChange):
    """The state after a command, and what the store must do besides writing it."""

    lobby: Lobby
    events: tuple[LobbyEvent, ...] = ()
    created: bool = False
    closed: bool = False
    entered: tuple[Entering, ...] = ()  # players whose lobby count goes up
    released: tuple[str, ...] = ()  # players whose lobby count goes down
    unchanged: bool = False  # nothing to write (a member joining again, an update that changes nothing)

    @property
    def group(self) -> Lobby:
        return self.lobby


@dataclass(frozen=True)
class NewLobby:
    max_members: int
    permission_level: PermissionLevel
    bucket_id: str
    allow_invites: bool = True
    disable_host_migration: bool = False
    attributes: tuple[Attribute, ...] = ()


@dataclass(frozen=True)
class LobbyUpdate:
    """The owner's modification: every field optional, applied all or nothing."""

    permission_level: PermissionLevel | None = None
    max_members: int | None = None
    allow_invites: bool | None = None
    set_attributes: tuple[Attribute, ...] = ()
    remove_attributes: tuple[str, ...] = ()


@dataclass(frozen=True)
class AttributeUpdate:
    """A member's modification of their own attributes."""

    set_attributes: tuple[Attribute, ...] = ()
    remove_attributes: tuple[str, ...] = ()


@dataclass(frozen=True)
class View:
    """What one viewer sees of a lobby: members see everything, others its public side."""

    lobby: Lobby
    as_member: bool

    def attributes(self) -> list[Attribute]:
        return _visible(self.lobby.attributes, self.as_member)

    def member_attributes(self, member: Member) -> list[Attribute]:
        return _visible(member.attributes, self.as_member)


def _visible(attributes: Attributes, as_member: bool) -> list[Attribute]:
    """By key: DynamoDB keeps no order in a map, so an answer must not depend on the order stored."""
    visible = (a for a in attributes.values() if as_member or a.visibility is Visibility.PUBLIC)
    return sorted(visible, key=lambda a: a.key)
