"""Lobby bodies (EOS): what the lobby commands, invites and search take (the answers: lobby_answers.py).

Sizes and caps are the domain's to check (one place, EOS err_codes); these models give the shapes,
and bound only what would otherwise cost work before the domain sees it. The OpenAPI document states the
domain's rules on values and across fields too (`WithJsonSchema`, `json_schema_extra`), so that a body
valid by the document is one the domain takes, as far as JSON Schema can say it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from pydantic import ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, WithJsonSchema

from http_routes.models.common import (
    NOT_EMPTY,
    NOT_NULL,
    WHOLE_NUMBER,
    AggregateId,
    Body,
    JsonSchema,
    PlayerId,
    given,
)
from partylobby.domain.lobby import limits
from partylobby.domain.lobby.model import (
    Attribute,
    AttributeUpdate,
    LobbyUpdate,
    NewLobby,
    PermissionLevel,
    Visibility,
)
from partylobby.domain.lobby.search import LISTS, NUMERIC, Comparison, Parameter, Query

# Strict: a JSON true stays a bool, 3 an int, 3.0 a float, "3" a string; each keeps its type.
Value = StrictBool | StrictInt | StrictFloat | StrictStr


def _value_schema(*, stored: bool) -> JsonSchema:
    """The values attributes.check_value takes: 64-bit ints, strings of at most so many characters, and
    floats; a stored float is 0 or of a magnitude a DynamoDB number holds. A float here is a number that
    is not whole, since JSON Schema counts 3.0 as the integer 3 (which the int range bounds)."""
    fraction: JsonSchema = {"type": "number", "not": {"type": "integer"}}
    low, high = limits.FLOAT_MIN_MAGNITUDE, limits.FLOAT_MAX_MAGNITUDE
    floats = [{**fraction, "minimum": low, "maximum": high}, {**fraction, "minimum": -high, "maximum": -low}]
    return {
        "anyOf": [
            {"type": "boolean"},
            {"type": "integer", "format": "int64"},  # openapi.py writes its bounds exactly
            *(floats if stored else [fraction]),
            {"type": "string", "maxLength": limits.STRING_VALUE_MAX_CHARS},
        ]
    }


StoredValue = Annotated[Value, WithJsonSchema(_value_schema(stored=True))]
ComparedValue = Annotated[Value, WithJsonSchema(_value_schema(stored=False))]
Key = Annotated[StrictStr, Field(min_length=1, max_length=limits.ATTRIBUTE_KEY_MAX_CHARS)]
BucketId = Annotated[StrictStr, Field(min_length=1, max_length=limits.BUCKET_ID_MAX_CHARS)]
MANY = 10 * limits.MAX_ATTRIBUTES  # past this a body is refused before any work; the caps are the domain's


class AttributeIn(Body):
    """Keys are unique in a modification (set once, and not also removed): a rule JSON Schema cannot state."""

    key: Key
    value: StoredValue
    visibility: Visibility = Visibility.PUBLIC

    def to_domain(self) -> Attribute:
        return Attribute(self.key, self.value, self.visibility)


Attributes = Annotated[tuple[AttributeIn, ...], Field(max_length=MANY)]
Keys = Annotated[tuple[Key, ...], Field(max_length=MANY)]


class CreateLobbyRequest(Body):
    max_members: Annotated[int, Field(ge=1, le=limits.MAX_MEMBERS), WHOLE_NUMBER]
    permission_level: PermissionLevel
    bucket_id: BucketId
    allow_invites: StrictBool = True
    disable_host_migration: StrictBool = False
    attributes: Attributes = ()

    def to_domain(self) -> NewLobby:
        return NewLobby(
            max_members=self.max_members,
            permission_level=self.permission_level,
            bucket_id=self.bucket_id,
            allow_invites=self.allow_invites,
            disable_host_migration=self.disable_host_migration,
            attributes=tuple(a.to_domain() for a in self.attributes),
        )


class JoinLobbyRequest(Body):
    party_id: AggregateId | None = None  # the caller leads this party and brings all of it


class PromoteRequest(Body):
    target_user_id: PlayerId


class UpdateLobbyRequest(Body):
    """Something to change: a setting, or attributes to set or remove."""

    model_config = ConfigDict(
        json_schema_extra=given(
            {
                "permission_level": NOT_NULL,
                "max_members": NOT_NULL,
                "allow_invites": NOT_NULL,
                "set_attributes": NOT_EMPTY,
                "remove_attributes": NOT_EMPTY,
            }
        )
    )

    permission_level: PermissionLevel | None = None
    max_members: Annotated[int, Field(ge=1, le=limits.MAX_MEMBERS), WHOLE_NUMBER] | None = None
    allow_invites: StrictBool | None = None
    set_attributes: Attributes = ()
    remove_attributes: Keys = ()

    def to_domain(self) -> LobbyUpdate:
        return LobbyUpdate(
            permission_level=self.permission_level,
            max_members=self.max_members,
            allow_invites=self.allow_invites,
            set_attributes=tuple(a.to_domain() for a in self.set_attributes),
            remove_attributes=self.remove_attributes,
        )


class UpdateMemberRequest(Body):
    """Something to change: attributes to set or remove."""

    model_config = ConfigDict(json_schema_extra=given({"set_attributes": NOT_EMPTY, "remove_attributes": NOT_EMPTY}))

    set_attributes: Attributes = ()
    remove_attributes: Keys = ()

    def to_domain(self) -> AttributeUpdate:
        return AttributeUpdate(tuple(a.to_domain() for a in self.set_attributes), self.remove_attributes)


class SendInviteRequest(Body):
    target_user_id: PlayerId


def _operators_and_values() -> JsonSchema:
    """Parameter.check's rule, stated: which values each comparison takes."""

    def taking(comparisons: Iterable[Comparison], value: JsonSchema) -> JsonSchema:
        return {"properties": {"op": {"enum": sorted(c.value for c in comparisons)}, "value": value}}

    others = set(Comparison) - NUMERIC - LISTS
    return {"anyOf": [taking(others, {}), taking(NUMERIC, {"type": "number"}), taking(LISTS, {"type": "string"})]}


class ParameterIn(Body):
    """Ordering and DISTANCE compare numbers; ANYOF and NOTANYOF take a string like 'a;b;c'."""

    model_config = ConfigDict(json_schema_extra=_operators_and_values())

    key: Key
    op: Comparison
    value: ComparedValue


class SearchRequest(Body):
    """Where to look: exactly one of bucket_id, lobby_id and target_user_id."""

    model_config = ConfigDict(
        json_schema_extra=given(
            {"bucket_id": NOT_NULL, "lobby_id": NOT_NULL, "target_user_id": NOT_NULL}, exactly_one=True
        )
    )

    bucket_id: BucketId | None = None
    lobby_id: AggregateId | None = None
    target_user_id: PlayerId | None = None
    parameters: Annotated[tuple[ParameterIn, ...], Field(max_length=limits.SEARCH_MAX_PARAMETERS)] = ()
    max_results: Annotated[int, Field(ge=1, le=limits.SEARCH_MAX_RESULTS), WHOLE_NUMBER] = limits.SEARCH_DEFAULT_RESULTS

    def to_domain(self) -> Query:
        return Query(
            bucket_id=self.bucket_id,
            lobby_id=self.lobby_id,
            target_user_id=self.target_user_id,
            parameters=tuple(Parameter(p.key, p.op, p.value) for p in self.parameters),
            max_results=self.max_results,
        )
