"""Request-scoped dependencies: the caller's identity (from the verified token only) and the services."""

from __future__ import annotations

from typing import Annotated, cast

from aws_lambda_powertools.event_handler import Depends
from aws_lambda_powertools.event_handler.request import Request
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from partylobby.bootstrap import Container
from partylobby.claims import AdminRequired, Unauthorized, claim_values
from partylobby.domain.limits import is_player_id


def container(request: Request) -> Container:
    return cast(Container, request.context["container"])


def token_claims(event: APIGatewayProxyEventV2) -> dict[str, object]:
    """The token's claims, as verified by the API Gateway JWT authorizer (none without one)."""
    authorizer = event.request_context.authorizer
    return dict((authorizer.jwt_claim if authorizer else None) or {})


def token_subject(event: APIGatewayProxyEventV2) -> object:
    return token_claims(event).get("sub")


def current_player(request: Request) -> str:
    subject = token_subject(cast(APIGatewayProxyEventV2, request.resolved_event))
    if not subject:
        raise Unauthorized("a valid bearer token is required")
    if not is_player_id(subject):
        raise Unauthorized("the token's subject is not a valid player id")
    return str(subject)


def current_admin(request: Request) -> str:
    """A player whose token carries the admin claim (a template parameter: a Cognito group by default)."""
    player = current_player(request)
    settings = container(request).settings
    claims = token_claims(cast(APIGatewayProxyEventV2, request.resolved_event))
    if settings.admin_value not in claim_values(claims, settings.admin_claim):
        raise AdminRequired(f"an admin token is required ({settings.admin_claim} holding {settings.admin_value})")
    return player


Services = Annotated[Container, Depends(container)]
Player = Annotated[str, Depends(current_player)]
Admin = Annotated[str, Depends(current_admin)]
