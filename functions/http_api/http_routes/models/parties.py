"""Party shapes (PGOS): PartyInfo, PartyCustomData, invitations, and the party commands' bodies."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictStr

from http_routes.models.common import NOT_NULL, WHOLE_NUMBER, Body, PlayerId, given
from partylobby.clock import iso
from partylobby.domain.invitations import Invitation
from partylobby.domain.limits import utf8_size
from partylobby.domain.party import limits
from partylobby.domain.party.model import InviteStrategy, JoinStrategy, Party
from partylobby.services.parties import PartyView


def _within_custom_data_limit(data: str) -> str:
    if utf8_size(data) > limits.CUSTOM_DATA_MAX_BYTES:
        raise ValueError(f"at most {limits.CUSTOM_DATA_MAX_BYTES} bytes of UTF-8")
    return data


# The document states the bound in characters (at most one byte each); the bytes the domain counts it cannot.
CustomData = Annotated[
    StrictStr,
    Field(
        max_length=limits.CUSTOM_DATA_MAX_BYTES, description=f"at most {limits.CUSTOM_DATA_MAX_BYTES} bytes of UTF-8"
    ),
    AfterValidator(_within_custom_data_limit),
]


class CreatePartyRequest(Body):
    """Every field is optional: no body at all creates a party with the defaults."""

    party_name: Annotated[StrictStr, Field(max_length=limits.PARTY_NAME_MAX_CHARS)] = ""
    max_player: Annotated[int, Field(ge=0, le=limits.MAX_PLAYER_LIMIT), WHOLE_NUMBER] = 0
    enable_chatting: StrictBool = False
    join_strategy: JoinStrategy = JoinStrategy.PUBLIC
    invite_strategy: InviteStrategy = InviteStrategy.ALL_MEMBERS_CAN_INVITE


class SetStrategyRequest(Body):
    """join_strategy, invite_strategy or both."""

    model_config = ConfigDict(json_schema_extra=given({"join_strategy": NOT_NULL, "invite_strategy": NOT_NULL}))

    join_strategy: JoinStrategy | None = None
    invite_strategy: InviteStrategy | None = None


class InviteRequest(Body):
    invitee_player_ids: Annotated[list[PlayerId], Field(min_length=1, max_length=limits.INVITEES_PER_CALL)]


class TransferLeaderRequest(Body):
    new_leader_id: PlayerId


class CustomDataRequest(Body):
    data: CustomData


class MemberInfo(BaseModel):
    player_id: str
    joined_at: str
    online: bool


class PartyCustomData(BaseModel):
    global_: str = Field(alias="global", serialization_alias="global")
    players: dict[str, str]

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class PartyInfo(BaseModel):
    party_id: str
    party_name: str
    leader_id: str
    max_player: int
    enable_chatting: bool
    join_strategy: JoinStrategy
    invite_strategy: InviteStrategy
    members: list[MemberInfo]
    custom_data: PartyCustomData
    created_at: str
    version: int


class PartyInvitation(BaseModel):
    party_id: str
    party_name: str
    inviter_id: str
    invitee_id: str
    expires_at: str


class PartyInvitations(BaseModel):
    invitations: list[PartyInvitation]


def party_info(view: PartyView) -> PartyInfo:
    party, online = view.party, view.online
    return PartyInfo(
        party_id=party.party_id,
        party_name=party.party_name,
        leader_id=party.leader_id,
        max_player=party.max_player,
        enable_chatting=party.enable_chatting,
        join_strategy=party.join_strategy,
        invite_strategy=party.invite_strategy,
        members=[
            MemberInfo(player_id=m.player_id, joined_at=iso(m.joined_at), online=m.player_id in online)
            for m in party.members
        ],
        custom_data=custom_data(party),
        created_at=iso(party.created_at),
        version=party.version,
    )


def custom_data(party: Party) -> PartyCustomData:
    data = party.custom_data()
    return PartyCustomData(global_=data["global"], players=data["players"])


def invitations(items: list[Invitation]) -> PartyInvitations:
    return PartyInvitations(
        invitations=[
            PartyInvitation(
                party_id=i.target_id,
                party_name=i.target_name,
                inviter_id=i.inviter_id,
                invitee_id=i.invitee_id,
                expires_at=iso(i.expires_at),
            )
            for i in items
        ]
    )
