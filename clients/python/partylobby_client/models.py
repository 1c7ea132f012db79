"""The shapes of the client contract (docs/api.md) as typed, immutable models.

Answers may gain fields over time: unknown fields are kept (`extra="allow"`), never an error.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)


# -- party (PGOS) ---------------------------------------------------------------


class JoinStrategy(StrEnum):
    PUBLIC = "Public"
    ONLY_FRIENDS_OF_LEADER = "OnlyFriendsOfLeader"
    ONLY_FRIENDS_OF_MEMBERS = "OnlyFriendsOfMembers"
    ONLY_INVITED = "OnlyInvited"
    NOT_ALLOWED = "NotAllowed"


class InviteStrategy(StrEnum):
    ALL_MEMBERS_CAN_INVITE = "AllMembersCanInvite"
    ONLY_LEADER_CAN_INVITE = "OnlyLeaderCanInvite"


class ChatType(StrEnum):
    TEXT = "text"
    CUSTOM = "custom"


class PartyMember(Model):
    player_id: str
    joined_at: str
    online: bool = False


class PartyCustomData(Model):
    global_: str = Field("", alias="global")
    players: dict[str, str] = Field(default_factory=dict)


class PartyInfo(Model):
    party_id: str
    party_name: str
    leader_id: str
    max_player: int
    enable_chatting: bool
    join_strategy: JoinStrategy
    invite_strategy: InviteStrategy
    members: tuple[PartyMember, ...]
    custom_data: PartyCustomData
    created_at: str
    version: int

    @property
    def member_ids(self) -> list[str]:
        return [m.player_id for m in self.members]

    def member(self, player_id: str) -> PartyMember | None:
        return next((m for m in self.members if m.player_id == player_id), None)


class PartyInvitation(Model):
    party_id: str
    party_name: str
    inviter_id: str
    invitee_id: str
    expires_at: str


class ChatMsgInfo(Model):
    msg_id: str
    seq: int
    sender_id: str
    type: ChatType
    content: str
    sent_at: str


class FriendList(Model):
    friends: tuple[str, ...] = ()
    incoming: tuple[str, ...] = ()
    outgoing: tuple[str, ...] = ()


# -- lobby (EOS) ----------------------------------------------------------------


class PermissionLevel(StrEnum):
    PUBLIC_ADVERTISED = "PublicAdvertised"
    JOIN_VIA_PRESENCE = "JoinViaPresence"
    INVITE_ONLY = "InviteOnly"


class Visibility(StrEnum):
    PUBLIC = "Public"
    PRIVATE = "Private"


class Comparison(StrEnum):
    EQUAL = "EQUAL"
    NOTEQUAL = "NOTEQUAL"
    GREATERTHAN = "GREATERTHAN"
    GREATERTHANOREQUAL = "GREATERTHANOREQUAL"
    LESSTHAN = "LESSTHAN"
    LESSTHANOREQUAL = "LESSTHANOREQUAL"
    DISTANCE = "DISTANCE"
    ANYOF = "ANYOF"
    NOTANYOF = "NOTANYOF"


AttributeValue = bool | int | float | str


class Attribute(Model):
    key: str
    value: AttributeValue
    visibility: Visibility = Visibility.PUBLIC


class LobbyMember(Model):
    user_id: str
    attributes: tuple[Attribute, ...] = ()


class LobbyDetails(Model):
    lobby_id: str
    owner_id: str
    permission_level: PermissionLevel
    max_members: int
    available_slots: int
    allow_invites: bool
    bucket_id: str
    attributes: tuple[Attribute, ...]
    members: tuple[LobbyMember, ...]
    version: int
    created_at: str

    @property
    def member_ids(self) -> list[str]:
        return [m.user_id for m in self.members]

    def attribute(self, key: str) -> AttributeValue | None:
        return next((a.value for a in self.attributes if a.key == key), None)


class LobbyInvite(Model):
    invite_id: str
    lobby_id: str
    from_user_id: str
    expires_at: str
    lobby: LobbyDetails


class SearchParameter(Model):
    """One condition of LobbySearch_Find: `SearchParameter(key="level", op=Comparison.GREATERTHAN, value=3)`."""

    key: str
    op: Comparison
    value: AttributeValue


def attributes_body(attributes: dict[str, AttributeValue] | list[Attribute] | None) -> list[dict[str, object]]:
    """Attributes as the contract takes them: a plain dict means Public attributes."""
    if attributes is None:
        return []
    if isinstance(attributes, dict):
        return [{"key": k, "value": v, "visibility": Visibility.PUBLIC.value} for k, v in attributes.items()]
    return [a.model_dump(mode="json") for a in attributes]
