"""Logout: leave the party at once and close every socket of the player."""

from __future__ import annotations

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from http_routes.deps import Player, Services
from http_routes.models.common import no_content

router = APIGatewayHttpRouter()


@router.delete("/me/session", summary="Logout", status_code=HTTPStatus.NO_CONTENT)
def logout(player: Player, services: Services) -> Response[None]:
    services.sessions.logout(player)
    return no_content()
