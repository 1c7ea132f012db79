"""`python -m local_gateway`: DynamoDB, the template's functions in-process, and the HTTP API on loopback."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from types import FrameType

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from local_gateway import template
from local_gateway.embedded_db import EmbeddedDynamoDB, ensure_table
from local_gateway.http_gateway import Gateway, GatewayServer
from local_gateway.lambdas import REGION, LocalFunction, function_environment
from local_gateway.local_routes import OpenApiDocument, dev_token
from local_gateway.routing import RouteTable
from local_gateway.tokens import SECRET_ENV, DevTokens

HTTP_FUNCTION = "HttpApiFunction"  # the function whose resolver documents the API


@dataclass(frozen=True)
class Options:
    host: str
    http_port: int
    ws_port: int
    dynamodb_endpoint: str | None
    table_name: str
    offline_grace_seconds: int
    invitation_ttl_seconds: int


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m local_gateway", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    parser.add_argument("--http-port", type=int, default=3000, help="HTTP API port (0: any free port)")
    parser.add_argument("--ws-port", type=int, default=3001, help="WebSocket API port (not served yet)")
    parser.add_argument("--dynamodb-endpoint", metavar="URL", help="DynamoDB Local or AWS instead of embedded")
    parser.add_argument("--table-name", default="party-lobby-local")
    parser.add_argument("--offline-grace-seconds", type=int, default=60, metavar="N")
    parser.add_argument("--invitation-ttl-seconds", type=int, default=300, metavar="N")
    args = parser.parse_args(argv)
    return Options(**vars(args))


def configure_environment(options: Options, endpoint: str, embedded: bool) -> None:
    """Handlers build their clients at import time, so this runs before any handler is loaded."""
    os.environ.update(
        TABLE_NAME=options.table_name,
        DYNAMODB_ENDPOINT=endpoint,
        INVITATION_TTL_SECONDS=str(options.invitation_ttl_seconds),
        OFFLINE_GRACE_SECONDS=str(options.offline_grace_seconds),
    )
    session = boto3.Session()
    if embedded or session.get_credentials() is None:
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    if session.region_name is None:
        os.environ["AWS_DEFAULT_REGION"] = REGION


class LocalStack:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.database = None if options.dynamodb_endpoint else EmbeddedDynamoDB(options.host)
        self.endpoint = options.dynamodb_endpoint or (self.database.endpoint if self.database else "")
        configure_environment(options, self.endpoint, embedded=self.database is not None)
        ensure_table(self.endpoint, options.table_name)
        routes = template.http_routes()
        self.functions = {name: self._load(name) for name in sorted({r.function for r in routes})}
        tokens = DevTokens()
        self.server = GatewayServer((options.host, options.http_port), self._gateway(routes, tokens))
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.1,), name="http", daemon=True)

    @staticmethod
    def _load(function: str) -> LocalFunction:
        for name, value in function_environment(function).items():
            os.environ.setdefault(name, value)
        return LocalFunction(function)

    def _gateway(self, routes: list[template.Route], tokens: DevTokens) -> Gateway:
        openapi = OpenApiDocument(self.functions[HTTP_FUNCTION])
        return Gateway(
            routes=RouteTable(routes),
            functions=self.functions,
            verifier=tokens.verifier(),
            local_routes={
                ("POST", "/dev/token"): lambda request: dev_token(request, tokens),
                ("GET", "/openapi.json"): lambda _: openapi.response(),
            },
        )

    @property
    def http_url(self) -> str:
        return f"http://{self.options.host}:{self.server.server_address[1]}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self.database:
            self.database.stop()


def banner(stack: LocalStack) -> str:
    url = stack.http_url
    database = "embedded (moto, in memory)" if stack.database else "external"
    return f"""\
Party & Lobby local stack
  HTTP API   {url}
  WebSocket  ws://{stack.options.host}:{stack.options.ws_port} (coming next: nothing listens there yet)
  DynamoDB   {stack.endpoint} {database}, table {stack.options.table_name}
  OpenAPI    {url}/openapi.json
  Tokens     POST {url}/dev/token, valid 24 h (set {SECRET_ENV} to keep them valid across restarts)

Try it:
  TOKEN=$(curl -s -X POST {url}/dev/token -d '{{"player_id": "alice"}}' \\
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  curl -s -X POST {url}/parties -H "Authorization: Bearer $TOKEN" \\
    -H 'content-type: application/json' -d '{{"party_name": "squad"}}'
"""


def run(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    stopping = threading.Event()

    def request_stop(signum: int, _: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        stack = LocalStack(options)
    except (OSError, BotoCoreError, ClientError) as error:  # a port in use, an unreachable endpoint
        print(f"error: {error}", file=sys.stderr)
        return 1
    stack.start()
    print(banner(stack), flush=True)
    print(f"ready: {stack.http_url}", flush=True)
    stopping.wait()
    print("stopping", flush=True)
    stack.stop()
    return 0
