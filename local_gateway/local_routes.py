"""Routes only the local stack has: `POST /dev/token`, `GET /openapi.json` and `GET /docs` (Swagger UI). None is in
template.yaml."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from importlib.resources.abc import Traversable
from typing import Annotated, Any
from urllib.parse import parse_qs

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
        self._viewer = SwaggerUi()

    def docs(self, request: HttpRequest) -> HttpResponse:
        """`GET /docs`: Swagger UI on this document."""
        return self._viewer.response(request)

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
        entry: Any = function.module.entry  # http_routes/entry.py's HttpEntry
        with function.lock:  # the resolver is not shared with a running invocation
            return dict(entry.openapi_document(OPENAPI_TITLE, OPENAPI_VERSION))


SWAGGER_UI_ASSETS: Mapping[str, str] = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "index.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
    "favicon-32x32.png": "image/png",
    "favicon-16x16.png": "image/png",
}
SWAGGER_UI_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>Party &amp; Lobby API</title>
  <link rel="stylesheet" type="text/css" href="/docs?asset=swagger-ui.css">
  <link rel="stylesheet" type="text/css" href="/docs?asset=index.css">
  <link rel="icon" type="image/png" href="/docs?asset=favicon-32x32.png" sizes="32x32">
  <link rel="icon" type="image/png" href="/docs?asset=favicon-16x16.png" sizes="16x16">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs?asset=swagger-ui-bundle.js" charset="UTF-8"></script>
  <script src="/docs?asset=swagger-ui-standalone-preset.js" charset="UTF-8"></script>
  <script>
    window.onload = () => {
      window.ui = SwaggerUIBundle({
        url: "/openapi.json",
        dom_id: "#swagger-ui",
        deepLinking: true,
        tryItOutEnabled: true,
        persistAuthorization: true,
        validatorUrl: null,
        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
        layout: "StandaloneLayout",
      });
    };
  </script>
</body>
</html>
"""


class SwaggerUi:
    """`GET /docs`: Swagger UI on /openapi.json, from the assets of the swagger-ui-bundle-v2 package (no CDN).
    Its files are `GET /docs?asset=<name>`, so one local route serves the page and what it loads."""

    def __init__(self) -> None:
        self._cache: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def response(self, request: HttpRequest) -> HttpResponse:
        query = parse_qs(request.raw_query)
        name = (query.get("asset") or [""])[0]
        if not name:
            return HttpResponse(200, [("content-type", "text/html; charset=utf-8")], SWAGGER_UI_PAGE.encode())
        if name not in SWAGGER_UI_ASSETS:
            return HttpResponse.json(404, {"message": "Not Found"})
        return HttpResponse(
            200, [("content-type", SWAGGER_UI_ASSETS[name]), ("cache-control", "max-age=3600")], self._asset(name)
        )

    def _asset(self, name: str) -> bytes:
        with self._lock:
            if name not in self._cache:
                self._cache[name] = _assets_dir().joinpath(name).read_bytes()
            return self._cache[name]


def _assets_dir() -> Traversable:
    from swagger_ui_bundle import swagger_ui_path  # the `local` extra installs it; only /docs needs it

    assets: Traversable = swagger_ui_path
    return assets
