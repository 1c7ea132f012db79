"""Routes only the local stack has: `POST /dev/token` and `GET /openapi.json`. Neither is in template.yaml."""

from __future__ import annotations

import json
import threading
from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError, field_validator

from local_gateway.events import HttpRequest, HttpResponse
from local_gateway.lambdas import LocalFunction
from local_gateway.tokens import DevTokens
from partylobby.domain import limits

OPENAPI_TITLE = "Party & Lobby"
OPENAPI_VERSION = "0.1.0"


class DevTokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    player_id: Annotated[
        StrictStr, Field(min_length=1, max_length=limits.PLAYER_ID_MAX_CHARS, pattern=limits.PLAYER_ID_PATTERN)
    ]
    admin: StrictBool = False

    @field_validator("player_id")
    @classmethod
    def _not_reserved(cls, player_id: str) -> str:
        if not limits.is_player_id(player_id):
            raise ValueError(f"{player_id!r} is reserved")
        return player_id


def invalid_params(msg: str) -> HttpResponse:
    return HttpResponse.json(400, {"err_code": "kBackendInvalidParams", "msg": msg})


def dev_token(request: HttpRequest, tokens: DevTokens) -> HttpResponse:
    try:
        body = DevTokenRequest.model_validate_json(request.body or b"{}")
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in error.errors())
        return invalid_params(problems)
    return HttpResponse.json(200, {"token": tokens.issue(body.player_id, admin=body.admin)})


class OpenApiDocument:
    """The documents powertools generates from the HTTP functions' resolvers, merged: each function
    serves its own routes, and the schemas they share are the same. Built once, on the first request."""

    def __init__(self, functions: list[LocalFunction]) -> None:
        self.functions = functions
        self._document: bytes | None = None
        self._lock = threading.Lock()

    def response(self) -> HttpResponse:
        with self._lock:
            if self._document is None:
                self._document = self._generate().encode()
        return HttpResponse(200, [("content-type", "application/json")], self._document)

    def _generate(self) -> str:
        merged: dict[str, Any] = {}
        for document in map(self._document_of, self.functions):
            paths = {**merged.get("paths", {}), **document.get("paths", {})}
            schemas = {**merged.get("components", {}).get("schemas", {}), **document["components"]["schemas"]}
            merged = {**document, "paths": paths, "components": {**document["components"], "schemas": schemas}}
        return json.dumps(merged, indent=2)

    @staticmethod
    def _document_of(function: LocalFunction) -> dict[str, Any]:
        app: Any = function.module.app
        with function.lock:  # the resolver is not shared with a running invocation
            schema: str = app.get_openapi_json_schema(
                title=OPENAPI_TITLE,
                version=OPENAPI_VERSION,
                security_schemes={"playerJwt": HTTPBearer(bearerFormat="JWT")},
                security=[{"playerJwt": []}],
            )
        return dict(json.loads(schema))
