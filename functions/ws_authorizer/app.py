"""The WebSocket $connect authorizer: the same JWT as the HTTP API, from the `token` query parameter."""

from __future__ import annotations

import os
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from partylobby.auth import TokenVerifier
from partylobby.claims import Unauthorized
from partylobby.domain.limits import is_player_id

logger = Logger(service="ws_authorizer")
verifier = TokenVerifier(
    os.environ["JWT_ISSUER"],
    [a for a in os.environ["JWT_AUDIENCE"].split(",") if a],
    secret=os.environ.get("JWT_SECRET") or None,
    jwks_url=os.environ.get("JWT_JWKS_URL") or None,
)


def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    token = (event.get("queryStringParameters") or {}).get("token", "")
    try:
        player_id = verifier.verify(token)["sub"]
        if not is_player_id(player_id):
            raise Unauthorized("the token's subject is not a valid player id")
    except Unauthorized as refused:
        logger.info("connection refused", extra={"reason": refused.msg})
        raise Exception("Unauthorized") from None  # API Gateway's documented way to answer 401
    return {
        "principalId": player_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}],
        },
        "context": {"player_id": player_id},
    }
