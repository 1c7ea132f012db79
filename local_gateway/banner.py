"""What the local stack prints once it is ready: its addresses, limits, and a first session to try."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from local_gateway import template
from local_gateway.stack_state import DEFAULT_PATH
from local_gateway.throttles import Throttles
from local_gateway.tokens import SECRET_ENV
from partylobby.config import Settings

if TYPE_CHECKING:
    from local_gateway.server import LocalStack


def banner(stack: LocalStack) -> str:
    url, ws_url = stack.http_url, stack.ws_url
    database = f"embedded ({stack.database.name})" if stack.database else "external"
    grace = stack.options.offline_grace_seconds
    invoke = _invoke_line(stack.options.state_file)

    def throttles(kind: str) -> Throttles:
        return template.throttles(kind, stack.options.parameter_overrides)

    settings = Settings.from_env()
    sockets, limits = settings.max_sockets_per_player, settings.quotas
    quotas = ", ".join(f"{op} {n}" for op, n in limits.items()) + " a minute per player" if limits else "off"
    return f"""\
Party & Lobby local stack
  HTTP API   {url}
  WebSocket  {ws_url}/?token=<JWT>   (@connections API at {stack.management.endpoint});
             at most {sockets} sockets per player (MaxSocketsPerPlayer): one more closes their oldest
  DynamoDB   {stack.endpoint} {database}, table {stack.options.table_name}
  Sweeper    every second (offline grace {grace} s)
  Quotas     {quotas}
  Throttles  all players together (template.yaml): HTTP API per route {throttles("http").describe()};
             WebSocket {throttles("websocket").describe()}
  OpenAPI    {url}/openapi.json   (Swagger UI at {url}/docs; the portal at {url}/portal)
  Tokens     POST {url}/dev/token, valid 24 h (set {SECRET_ENV} to keep them valid across restarts){invoke}

Try it:
  TOKEN=$(curl -s -X POST {url}/dev/token -d '{{"player_id": "alice"}}' \\
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  curl -s -X POST {url}/parties -H "Authorization: Bearer $TOKEN" \\
    -H 'content-type: application/json' -d '{{"party_name": "squad"}}'
  .venv/bin/python -m websockets "{ws_url}/?token=$TOKEN"    # or: websocat "{ws_url}/?token=$TOKEN"
"""


def _invoke_line(state_file: Path | None) -> str:
    if state_file is None:
        return ""
    where = "" if state_file == DEFAULT_PATH else f" STATE_FILE={state_file}"
    return f"\n  Invoke     make invoke FN=<Function> EVENT=events/<file>{where}   (finds this stack in {state_file})"
