"""`python -m local_gateway`: DynamoDB, the template's functions in-process, the HTTP and WebSocket APIs on loopback."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Sequence

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from local_gateway import template
from local_gateway.banner import banner
from local_gateway.connections import ConnectionRegistry
from local_gateway.dynamodb_local import DynamoDBLocalError, StartedProcesses
from local_gateway.embedded_db import embedded_database, ensure_table
from local_gateway.http_gateway import Gateway, GatewayServer
from local_gateway.lambdas import REGION, CodeLocks, LocalFunction, function_environment
from local_gateway.local_routes import OpenApiDocument, dev_token
from local_gateway.management_api import ManagementServer
from local_gateway.options import Options, parse_args
from local_gateway.routing import RouteTable
from local_gateway.schedule import Schedule, scheduled_functions
from local_gateway.stack_state import StackState
from local_gateway.stop_signals import StopRequested, StopSignals
from local_gateway.tokens import AUDIENCE, ISSUER, DevTokens
from local_gateway.ws_gateway import WebSocketFunctions, WebSocketGateway, serve_websockets

WS_FUNCTION = "WebSocketFunction"
WS_AUTHORIZER = "WebSocketAuthorizerFunction"
LOOPBACK = "127.0.0.1"


def websocket_stage() -> str:
    return str(template.load_template()["Parameters"]["WebSocketStageName"]["Default"])


def stack_variables(options: Options, endpoint: str, management_endpoint: str) -> dict[str, str]:
    """What the stack sets for every function over the template's values (and the JWT secret, kept apart)."""
    return {
        "TABLE_NAME": options.table_name,
        "DYNAMODB_ENDPOINT": endpoint,
        "INVITATION_TTL_SECONDS": str(options.invitation_ttl_seconds),
        "LOBBY_INVITE_TTL_SECONDS": str(options.lobby_invite_ttl_seconds),
        "QUOTAS_ENABLED": str(not options.no_quotas).lower(),
        "OFFLINE_GRACE_SECONDS": str(options.offline_grace_seconds),
        "WS_MANAGEMENT_ENDPOINT": management_endpoint,
        "JWT_ISSUER": ISSUER,
        "JWT_AUDIENCE": AUDIENCE,
    }


def configure_environment(variables: dict[str, str], embedded: bool, jwt_secret: str) -> bool:
    """Handlers build their clients at import time, so this runs before any handler is loaded.
    True if it gave boto3 local credentials (the embedded DynamoDB takes any)."""
    os.environ.update(variables, JWT_SECRET=jwt_secret)
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")  # EMF lines would flood the console
    session = boto3.Session()
    local_credentials = embedded or session.get_credentials() is None
    if local_credentials:
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    if session.region_name is None:
        os.environ["AWS_DEFAULT_REGION"] = REGION
    return local_credentials


def _load(function: str, overrides: template.Overrides, code_locks: CodeLocks) -> LocalFunction:
    for name, value in function_environment(function, overrides).items():
        os.environ.setdefault(name, value)
    return LocalFunction(function, code_locks)


def _serve_in_thread(name: str, serve_forever: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=serve_forever, name=name, daemon=True)
    thread.start()
    return thread


class LocalStack:
    """Built in dependency order; if a step fails (a port in use), what was started is stopped again."""

    def __init__(self, options: Options, started: StartedProcesses | None = None) -> None:
        """started: where the DynamoDB Local process it starts is kept, for the stop watchdog to kill."""
        self.options = options
        overrides = options.parameter_overrides
        self.tokens = DevTokens(
            admin_claim=template.parameter("AdminClaim", overrides) or "cognito:groups",
            admin_value=template.parameter("AdminClaimValue", overrides) or "admin",
        )
        with contextlib.ExitStack() as undo:
            self.database = (
                None
                if options.dynamodb_endpoint
                else embedded_database(options.embedded_db, options.host, options.dynamodb_port, started)
            )
            if self.database:
                undo.callback(self.database.stop)
            self.endpoint = options.dynamodb_endpoint or (self.database.endpoint if self.database else "")
            registry = ConnectionRegistry()
            # Loopback whatever --host says: only this process's functions call the @connections API.
            self.management = ManagementServer((LOOPBACK, 0), registry, websocket_stage(), options.read_timeout_seconds)
            undo.callback(self.management.server_close)
            self.variables = stack_variables(options, self.endpoint, self.management.endpoint)
            embedded = self.database is not None
            self.local_credentials = configure_environment(self.variables, embedded, self.tokens.secret)
            ensure_table(self.endpoint, options.table_name)
            routes = template.http_routes()
            scheduled = scheduled_functions()
            names = {r.function for r in routes} | {WS_FUNCTION, WS_AUTHORIZER} | set(scheduled)
            code_locks = CodeLocks()
            self.functions = {name: _load(name, options.parameter_overrides, code_locks) for name in sorted(names)}
            self.websockets = serve_websockets(self._ws_gateway(registry), options.host, options.ws_port)
            undo.callback(self.websockets.socket.close)
            gateway = self._gateway(routes)
            self.server = GatewayServer(
                (options.host, options.http_port), gateway, read_timeout=options.read_timeout_seconds
            )
            undo.pop_all()
        self.schedules = [Schedule(self.functions[name], rule) for name, rule in scheduled.items()]

    def _gateway(self, routes: list[template.Route]) -> Gateway:
        openapi = OpenApiDocument([self.functions[name] for name in sorted({route.function for route in routes})])
        return Gateway(
            routes=RouteTable(routes),
            functions=self.functions,
            verifier=self.tokens.verifier(),
            local_routes={
                ("POST", "/dev/token"): lambda request: dev_token(request, self.tokens),
                ("GET", "/openapi.json"): lambda _: openapi.response(),
                ("GET", "/docs"): openapi.docs,
            },
            throttles=template.throttles("http", self.options.parameter_overrides),
        )

    def _ws_gateway(self, registry: ConnectionRegistry) -> WebSocketGateway:
        functions = WebSocketFunctions(self.functions[WS_AUTHORIZER], self.functions[WS_FUNCTION])
        throttles = template.throttles("websocket", self.options.parameter_overrides)
        return WebSocketGateway(functions, registry, websocket_stage(), throttles=throttles)

    @property
    def http_url(self) -> str:
        return f"http://{self.options.host}:{self.server.server_address[1]}"

    @property
    def ws_url(self) -> str:
        return f"ws://{self.options.host}:{self.websockets.socket.getsockname()[1]}"

    def state(self) -> StackState:
        """For `make invoke`: each function's environment as this stack gives it, the JWT secret aside."""
        overrides = self.options.parameter_overrides
        metrics = {"POWERTOOLS_METRICS_DISABLED": os.environ["POWERTOOLS_METRICS_DISABLED"]}
        return StackState(
            pid=os.getpid(),
            http_url=self.http_url,
            ws_url=self.ws_url,
            dynamodb_endpoint=self.endpoint,
            table_name=self.options.table_name,
            management_endpoint=self.management.endpoint,
            region=boto3.Session().region_name or REGION,
            local_credentials=self.local_credentials,
            environment={
                name: {**function_environment(name, overrides), **self.variables, **metrics} for name in self.functions
            },
        )

    def start(self) -> None:
        _serve_in_thread("management", lambda: self.management.serve_forever(0.1))
        _serve_in_thread("websocket", self.websockets.serve_forever)
        _serve_in_thread("http", lambda: self.server.serve_forever(0.1))
        for schedule in self.schedules:
            schedule.start()

    def stop(self) -> None:
        """Timers first; sockets next, so their $disconnect still reaches the table; the table last."""
        for schedule in self.schedules:
            schedule.stop()
        self.websockets.shutdown()
        for server in (self.server, self.management):
            server.shutdown()
            server.server_close()
        if self.database:
            self.database.stop()


def _write_state(stack: LocalStack) -> StackState | None:
    path = stack.options.state_file
    if path is None:
        return None
    state = stack.state()
    try:
        state.write(path)
    except OSError as error:  # the stack serves without it; only `make invoke` needs it
        print(f"note: could not write {path} for `make invoke`: {error}", file=sys.stderr)
        return None
    return state


def run(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    stack: LocalStack | None = None
    try:
        started = StartedProcesses()  # the stop watchdog kills them before it ends the process
        # Until defer(), Ctrl-C or SIGTERM interrupts the start, which unwinds.
        signals = StopSignals(kill_first=started.kill_all)
        stack = LocalStack(options, started)
        signals.defer()
    except StopRequested:
        pass  # the handler deferred further signals itself
    except (OSError, BotoCoreError, ClientError, DynamoDBLocalError) as error:  # a port in use, no endpoint
        print(f"error: {error}", file=sys.stderr)
        return 1
    if stack is None:
        print("stopped while starting", flush=True)
        return 0
    stack.start()
    state = None
    if not signals.requested:
        state = _write_state(stack)
        print(banner(stack), flush=True)
        print(f"ws: {stack.ws_url}", flush=True)
        print(f"ready: {stack.http_url}", flush=True)
        signals.wait()
    print("stopping", flush=True)
    if state and stack.options.state_file:
        state.remove(stack.options.state_file)
    stack.stop()
    return 0
