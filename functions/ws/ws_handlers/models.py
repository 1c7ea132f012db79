"""API Gateway WebSocket events, after the powertools parser models.

The powertools models drop what this API relies on, `requestContext.authorizer` (the context our
$connect authorizer returns, which API Gateway repeats on every route of the connection) and
`queryStringParameters`; these subclasses keep them.
"""

from __future__ import annotations

from aws_lambda_powertools.utilities.parser.models import (
    APIGatewayWebSocketConnectEventModel,
    APIGatewayWebSocketDisconnectEventModel,
    APIGatewayWebSocketMessageEventModel,
)
from aws_lambda_powertools.utilities.parser.models.apigw_websocket import (
    APIGatewayWebSocketConnectEventRequestContext,
    APIGatewayWebSocketDisconnectEventRequestContext,
    APIGatewayWebSocketMessageEventRequestContext,
)
from pydantic import BaseModel, Field


class PlayerAuthorizerContext(BaseModel):
    principal_id: str | None = Field(None, alias="principalId")
    player_id: str


class ConnectContext(APIGatewayWebSocketConnectEventRequestContext):
    authorizer: PlayerAuthorizerContext


class DisconnectContext(APIGatewayWebSocketDisconnectEventRequestContext):
    authorizer: PlayerAuthorizerContext | None = None


class MessageContext(APIGatewayWebSocketMessageEventRequestContext):
    authorizer: PlayerAuthorizerContext | None = None


class ConnectEvent(APIGatewayWebSocketConnectEventModel):
    request_context: ConnectContext = Field(alias="requestContext")
    query_string_parameters: dict[str, str] | None = Field(None, alias="queryStringParameters")


class DisconnectEvent(APIGatewayWebSocketDisconnectEventModel):
    request_context: DisconnectContext = Field(alias="requestContext")


class MessageEvent(APIGatewayWebSocketMessageEventModel):
    request_context: MessageContext = Field(alias="requestContext")
