"""Lobby answers (EOS): LobbyDetails as a viewer sees it, invites, search results."""

from __future__ import annotations

from pydantic import BaseModel

from partylobby.clock import iso
from partylobby.domain.invitations import Invitation
from partylobby.domain.lobby.model import (
    Attribute,
    PermissionLevel,
    View,
    Visibility,
)
from partylobby.services.lobby_invites import Invite


class AttributeOut(BaseModel):
    key: str
    value: bool | int | float | str
    visibility: Visibility


class MemberOut(BaseModel):
    user_id: str
    attributes: list[AttributeOut]


class LobbyDetails(BaseModel):
    lobby_id: str
    owner_id: str
    permission_level: PermissionLevel
    max_members: int
    available_slots: int
    allow_invites: bool
    bucket_id: str
    attributes: list[AttributeOut]
    members: list[MemberOut]
    version: int
    created_at: str


class InviteSent(BaseModel):
    invite_id: str


class LobbyInvite(BaseModel):
    invite_id: str
    lobby_id: str
    from_user_id: str
    expires_at: str
    lobby: LobbyDetails


class LobbyInvites(BaseModel):
    invites: list[LobbyInvite]


class SearchResults(BaseModel):
    lobbies: list[LobbyDetails]


def _attributes(attributes: list[Attribute]) -> list[AttributeOut]:
    return [AttributeOut(key=a.key, value=a.value, visibility=a.visibility) for a in attributes]


def lobby_details(view: View) -> LobbyDetails:
    lobby = view.lobby
    return LobbyDetails(
        lobby_id=lobby.lobby_id,
        owner_id=lobby.owner_id,
        permission_level=lobby.permission_level,
        max_members=lobby.max_members,
        available_slots=lobby.available_slots,
        allow_invites=lobby.allow_invites,
        bucket_id=lobby.bucket_id,
        attributes=_attributes(view.attributes()),
        members=[
            MemberOut(user_id=m.player_id, attributes=_attributes(view.member_attributes(m))) for m in lobby.members
        ],
        version=lobby.version,
        created_at=iso(lobby.created_at),
    )


def lobby_invite(invite: Invite) -> LobbyInvite:
    invitation: Invitation = invite.invitation
    return LobbyInvite(
        invite_id=invitation.invitation_id,
        lobby_id=invitation.target_id,
        from_user_id=invitation.inviter_id,
        expires_at=iso(invitation.expires_at),
        lobby=lobby_details(invite.lobby),
    )
