"""Request-scoped dependencies: the caller's identity (from the verified token only) and the services."""

from __future__ import annotations

from typing import Annotated, cast

from aws_lambda_powertools.event_handler import Depends
from aws_lambda_powertools.event_handler.request import Request
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from partylobby.bootstrap import Container
from partylobby.domain.errors import Unauthorized
from partylobby.domain.limits import is_player_id


def container(request: Request) -> Container:
    return cast(Container, request.context["container"])


def token_subject(event: APIGatewayProxyEventV2) -> object:
    """The token's `sub`, as verified by the API Gateway JWT authorizer (None without one)."""
    authorizer = event.request_context.authorizer
    claims = authorizer.jwt_claim if authorizer else None
    return (claims or {}).get("sub")


def current_player(request: Request) -> str:
    subject = token_subject(cast(APIGatewayProxyEventV2, request.resolved_event))
    if not subject:
        raise Unauthorized("a valid bearer token is required")
    if not is_player_id(subject):
        raise Unauthorized("the token's subject is not a valid player id")
    return str(subject)


Services = Annotated[Container, Depends(container)]
Player = Annotated[str, Depends(current_player)]
