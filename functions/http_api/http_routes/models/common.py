"""What every route family shares: the identifiers of paths and bodies, strict bodies, empty answers.

This is the one place that says what a valid identifier is at the HTTP edge (from the domain's one
definition); lobby models will use the same types.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictStr

from partylobby.domain.limits import (
    AGGREGATE_ID_MAX_CHARS,
    AGGREGATE_ID_PATTERN,
    PLAYER_ID_MAX_CHARS,
    PLAYER_ID_PATTERN,
)

PlayerId = Annotated[StrictStr, Field(min_length=1, max_length=PLAYER_ID_MAX_CHARS, pattern=PLAYER_ID_PATTERN)]
PlayerIdPath = Annotated[str, Path(min_length=1, max_length=PLAYER_ID_MAX_CHARS, pattern=PLAYER_ID_PATTERN)]
AggregateId = Annotated[
    StrictStr, Field(min_length=1, max_length=AGGREGATE_ID_MAX_CHARS, pattern=AGGREGATE_ID_PATTERN)
]
AggregateIdPath = Annotated[str, Path(min_length=1, max_length=AGGREGATE_ID_MAX_CHARS, pattern=AGGREGATE_ID_PATTERN)]


def _whole_number(value: object) -> object:
    """JSON has one number type: 4.0 is the number 4. Booleans and strings stay refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("a whole number is required")
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole_number)]


class Body(BaseModel):
    """Request bodies refuse unknown fields, so a typo is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


def no_content() -> Response[None]:
    """What leave, kick, dismiss, decline, logout and the social deletes answer: 204, no body."""
    return Response(status_code=HTTPStatus.NO_CONTENT.value)
