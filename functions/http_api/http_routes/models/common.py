"""What every route family shares: the identifiers of paths and bodies, strict bodies, empty answers.

This is the one place that says what a valid identifier is at the HTTP edge (from the domain's one
definition); lobby models will use the same types.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictStr

from partylobby.domain.limits import (
    AGGREGATE_ID_MAX_CHARS,
    AGGREGATE_ID_PATTERN,
    PLAYER_ID_MAX_CHARS,
    PLAYER_ID_PATTERN,
    RESERVED_PLAYER_IDS,
)


def _not_reserved(player_id: str) -> str:
    if player_id in RESERVED_PLAYER_IDS:
        raise ValueError(f"{player_id!r} is reserved: no player is called that")
    return player_id


NOT_RESERVED = AfterValidator(_not_reserved)
PlayerId = Annotated[
    StrictStr, Field(min_length=1, max_length=PLAYER_ID_MAX_CHARS, pattern=PLAYER_ID_PATTERN), NOT_RESERVED
]
# No NOT_RESERVED here: a validator beside Path() drops its constraints from the OpenAPI document. A path's `me`
# is the caller's own route (`/members/me`); `/me/friends/me` names a player no token can be.
PlayerIdPath = Annotated[str, Path(min_length=1, max_length=PLAYER_ID_MAX_CHARS, pattern=PLAYER_ID_PATTERN)]
AggregateId = Annotated[StrictStr, Field(min_length=1, max_length=AGGREGATE_ID_MAX_CHARS, pattern=AGGREGATE_ID_PATTERN)]
AggregateIdPath = Annotated[str, Path(min_length=1, max_length=AGGREGATE_ID_MAX_CHARS, pattern=AGGREGATE_ID_PATTERN)]


def _whole_number(value: object) -> object:
    """JSON has one number type: 4.0 is the number 4. Booleans and strings stay refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("a whole number is required")
    return value


WHOLE_NUMBER = BeforeValidator(_whole_number)
"""After the bounds, `Annotated[int, Field(ge=1, le=64), WHOLE_NUMBER]`: before them, the document would show
`ge`/`le` as unknown keywords instead of `minimum`/`maximum`, and clients would not see the bounds."""


class Body(BaseModel):
    """Request bodies refuse unknown fields, so a typo is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


JsonSchema = dict[str, Any]
NOT_NULL: JsonSchema = {"not": {"type": "null"}}
NOT_EMPTY: JsonSchema = {"type": "array", "minItems": 1}


def given(fields: Mapping[str, JsonSchema], *, exactly_one: bool = False) -> JsonSchema:
    """A rule across a body's fields that the domain checks, stated in the document for clients (a model's
    `json_schema_extra`): at least one (or exactly one) of `fields` is present and matches its schema there."""
    branches = [{"required": [name], "properties": {name: schema}} for name, schema in fields.items()]
    return {"oneOf" if exactly_one else "anyOf": branches}


def no_content() -> Response[None]:
    """What leave, kick, dismiss, decline, logout and the social deletes answer: 204, no body."""
    return Response(status_code=HTTPStatus.NO_CONTENT.value)
