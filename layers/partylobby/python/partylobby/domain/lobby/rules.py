"""Lobby commands (EOS Lobby). Pure: every command returns a Change (or events) or raises a DomainError.

Every event goes to every member after the change, the actor included (a player's other devices
stay in step); a kicked member hears of it too, and a closing lobby tells everyone who was in it.
Guards run in a fixed order, documented in docs/design.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from partylobby.domain.lobby import errors, limits
from partylobby.domain.lobby.attributes import modified
from partylobby.domain.lobby.events import (
    InviteReceived,
    LobbyEvent,
    LobbyUpdated,
    MemberStatus,
    MemberStatusChanged,
    MemberUpdated,
)
from partylobby.domain.lobby.model import (
    NO_ATTRIBUTES,
    AttributeUpdate,
    Change,
    Lobby,
    LobbyUpdate,
    Member,
    NewLobby,
    PermissionLevel,
)
from partylobby.domain.membership import Entrant, Group, entering

G = TypeVar("G", bound=Group[Any])


def create(lobby_id: str, creator: Entrant, params: NewLobby, now: datetime) -> Change:
    """Guards in order: max_members, the attributes, then the creator's lobby count."""
    _check_max_members(params.max_members)
    attributes = modified(NO_ATTRIBUTES, params.attributes, (), limits.LOBBY_ATTRIBUTES_MAX_BYTES)
    _check_lobby_count(creator)
    lobby = Lobby(
        lobby_id=lobby_id,
        owner_id=creator.player_id,
        permission_level=params.permission_level,
        max_members=params.max_members,
        allow_invites=params.allow_invites,
        bucket_id=params.bucket_id,
        disable_host_migration=params.disable_host_migration,
        attributes=attributes,
        members=(Member(creator.player_id, now, seat=1),),
        created_at=now,
        version=1,
    )
    return Change(lobby, created=True, entered=entering([creator], now))


def join(lobby: Lobby, joiners: Sequence[Entrant], now: datetime) -> Change:
    """One player, or a party brought by its leader: all join, or none does.

    Guards in order, for each joiner: the permission level, their lobby count; then the free slots.
    Joiners already in the lobby stay as they are; if that is everyone, nothing changes.
    """
    newcomers = list({j.player_id: j for j in joiners if not lobby.is_member(j.player_id)}.values())
    if not newcomers:
        return Change(lobby, unchanged=True)
    for joiner in newcomers:
        _check_permission(lobby, joiner)
        _check_lobby_count(joiner)
    if len(newcomers) > lobby.available_slots:
        raise errors.TooManyPlayers("the lobby has no room for everyone joining")
    seat = lobby.version + 1
    after = _next(lobby, members=(*lobby.members, *(Member(j.player_id, now, seat) for j in newcomers)))
    events = [_status(after, j.player_id, MemberStatus.JOINED) for j in newcomers]
    return Change(after, tuple(events), entered=entering(newcomers, now))


def party_to_bring(party: G | None, leader: str) -> G:
    """A party joins a lobby with all its members, brought by its leader (nobody else may)."""
    if party is None or not party.is_member(leader):
        raise errors.LobbyNotFound("no such party")
    if party.owner != leader:
        raise errors.NoPermission("only the party's leader brings the party")
    return party


def leave(lobby: Lobby, user_id: str) -> Change:
    """The owner leaving promotes the longest-present member, or closes the lobby if host migration
    is disabled (or no one is left)."""
    lobby.require_member(user_id)
    owner = lobby.owner_after(user_id)
    if owner is None or (user_id == lobby.owner_id and lobby.disable_host_migration):
        return _close(lobby, user_id)
    after = _next(lobby, members=lobby.without(user_id), owner_id=owner)
    events = [_status(after, user_id, MemberStatus.LEFT)]
    if owner != lobby.owner_id:
        events.append(_status(after, owner, MemberStatus.PROMOTED))
    return Change(after, tuple(events), released=(user_id,))


def kick(lobby: Lobby, actor: str, target: str) -> Change:
    lobby.require_owner(actor)
    if target == actor:
        raise errors.InvalidParameters("the owner cannot kick themselves; leave instead")
    if not lobby.is_member(target):
        raise errors.InvalidParameters("that user is not a member of this lobby")
    after = _next(lobby, members=lobby.without(target))
    event = _status(after, target, MemberStatus.KICKED, also_tell=(target,))
    return Change(after, (event,), released=(target,))


def promote(lobby: Lobby, actor: str, target: str) -> Change:
    lobby.require_owner(actor)
    if target == actor:
        raise errors.InvalidParameters("you are already the owner")
    if not lobby.is_member(target):
        raise errors.InvalidParameters("the new owner must be a member of this lobby")
    after = _next(lobby, owner_id=target)
    return Change(after, (_status(after, target, MemberStatus.PROMOTED),))


def destroy(lobby: Lobby, actor: str) -> Change:
    lobby.require_owner(actor)
    return _close(lobby, actor)


def update(lobby: Lobby, actor: str, changes: LobbyUpdate) -> Change:
    """The owner's modification. Guards in order: ownership, an empty modification, max_members,
    the attributes."""
    lobby.require_owner(actor)
    fields: dict[str, Any] = {}
    if changes.permission_level is not None:
        fields["permission_level"] = changes.permission_level
    if changes.allow_invites is not None:
        fields["allow_invites"] = changes.allow_invites
    if changes.max_members is not None:
        _check_max_members(changes.max_members)
        if changes.max_members < len(lobby.members):
            raise errors.TooManyPlayers(f"the lobby has {len(lobby.members)} members already")
        fields["max_members"] = changes.max_members
    if changes.set_attributes or changes.remove_attributes:
        fields["attributes"] = modified(
            lobby.attributes, changes.set_attributes, changes.remove_attributes, limits.LOBBY_ATTRIBUTES_MAX_BYTES
        )
    if not fields:
        raise errors.InvalidParameters("nothing to change")
    if all(getattr(lobby, name) == value for name, value in fields.items()):
        return Change(lobby, unchanged=True)  # e.g. removing a key that is not there: no version, no event
    after = _next(lobby, **fields)
    return Change(after, (LobbyUpdated(after.lobby_id, after.version, after.member_ids),))


def update_member(lobby: Lobby, actor: str, changes: AttributeUpdate) -> Change:
    """A member's own attributes (nobody else's)."""
    member = lobby.member(actor)
    if not changes.set_attributes and not changes.remove_attributes:
        raise errors.InvalidParameters("nothing to change")
    attributes = modified(
        member.attributes, changes.set_attributes, changes.remove_attributes, limits.MEMBER_ATTRIBUTES_MAX_BYTES
    )
    if attributes == member.attributes:
        return Change(lobby, unchanged=True)
    mine = replace(member, attributes=attributes, revision=member.revision + 1)
    members = tuple(mine if m.player_id == actor else m for m in lobby.members)
    return member_updated(_next(lobby, members=members), actor)


def member_updated(after: Lobby, user_id: str) -> Change:
    return Change(after, (MemberUpdated(after.lobby_id, after.version, after.member_ids, target_user_id=user_id),))


def invite(lobby: Lobby, inviter: str, target: str, invite_id: str) -> InviteReceived:
    """Members invite while the lobby allows invites. Inviting does not change the lobby."""
    lobby.require_member(inviter)
    if not lobby.allow_invites:
        raise errors.NoPermission("this lobby does not allow invites")
    if lobby.is_member(target):
        raise errors.InvalidParameters("that user is already in this lobby")
    return InviteReceived(lobby.lobby_id, lobby.version, frozenset({target}), invite_id=invite_id, from_user_id=inviter)


def disconnected(lobby: Lobby, user_id: str) -> tuple[LobbyEvent, ...]:
    """A member's last socket closed: the others hear of it; the seat is kept until the grace ends."""
    others = lobby.member_ids - {user_id}
    if not lobby.is_member(user_id) or not others:
        return ()
    return (MemberStatusChanged(lobby.lobby_id, lobby.version, others, user_id, MemberStatus.DISCONNECTED),)


def _close(lobby: Lobby, actor: str) -> Change:
    after = _next(lobby, members=())
    event = MemberStatusChanged(after.lobby_id, after.version, lobby.member_ids, actor, MemberStatus.CLOSED)
    return Change(after, (event,), closed=True, released=tuple(m.player_id for m in lobby.members))


def _status(after: Lobby, target: str, status: MemberStatus, also_tell: tuple[str, ...] = ()) -> MemberStatusChanged:
    return MemberStatusChanged(after.lobby_id, after.version, after.member_ids | set(also_tell), target, status)


def _next(lobby: Lobby, **changes: Any) -> Lobby:
    return replace(lobby, version=lobby.version + 1, **changes)


def _check_max_members(max_members: int) -> None:
    if not 1 <= max_members <= limits.MAX_MEMBERS:
        raise errors.InvalidParameters(f"max_members must be 1..{limits.MAX_MEMBERS}")


def _check_lobby_count(joiner: Entrant) -> None:
    if joiner.groups >= limits.MAX_LOBBIES_PER_USER:
        raise errors.LimitExceeded(f"a user may be in at most {limits.MAX_LOBBIES_PER_USER} lobbies")


def _check_permission(lobby: Lobby, joiner: Entrant) -> None:
    if joiner.invited or lobby.permission_level is PermissionLevel.PUBLIC_ADVERTISED:
        return
    if joiner.friends & lobby.friends_that_matter():  # JoinViaPresence: a friend of the owner
        return
    who = "friends of the owner" if lobby.permission_level is PermissionLevel.JOIN_VIA_PRESENCE else "invited users"
    raise errors.NoPermission(f"only {who} may join this lobby")
