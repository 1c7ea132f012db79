"""`python -m local_gateway --help`: the local stack's options, with the template's parameters as overrides."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from local_gateway import template
from local_gateway.embedded_db import ENGINES
from local_gateway.http_framing import READ_TIMEOUT_SECONDS
from local_gateway.stack_state import DEFAULT_PATH

DYNAMODB_PORT = 8000  # fixed, so that `sam local invoke --env-vars events/env.json` finds it


@dataclass(frozen=True)
class Options:
    host: str
    http_port: int
    ws_port: int
    dynamodb_endpoint: str | None
    table_name: str
    offline_grace_seconds: int
    invitation_ttl_seconds: int
    lobby_invite_ttl_seconds: int
    no_quotas: bool
    read_timeout_seconds: float = READ_TIMEOUT_SECONDS
    embedded_db: str = "auto"
    parameter_overrides: template.Overrides = field(default_factory=dict)
    dynamodb_port: int = DYNAMODB_PORT
    state_file: Path | None = DEFAULT_PATH


def parse_args(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m local_gateway", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    parser.add_argument("--http-port", type=int, default=3000, help="HTTP API port (0: any free port)")
    parser.add_argument("--ws-port", type=int, default=3001, help="WebSocket API port (0: any free port)")
    parser.add_argument("--dynamodb-endpoint", metavar="URL", help="DynamoDB Local or AWS instead of embedded")
    parser.add_argument(
        "--embedded-db",
        choices=ENGINES,
        default="auto",
        help="without --dynamodb-endpoint: DynamoDB Local when installed (auto), or moto",
    )
    parser.add_argument(
        "--dynamodb-port",
        type=int,
        default=DYNAMODB_PORT,
        metavar="N",
        help="port of the embedded DynamoDB (0: any free port)",
    )
    parser.add_argument(
        "--state-file",
        type=lambda path: Path(path) if path else None,
        default=DEFAULT_PATH,
        metavar="PATH",
        help="where `make invoke` finds this stack (endpoints, table, each function's environment); '' for none",
    )
    parser.add_argument("--table-name", default="party-lobby-local")
    parser.add_argument("--offline-grace-seconds", type=int, default=60, metavar="N")
    parser.add_argument("--invitation-ttl-seconds", type=int, default=300, metavar="N")
    parser.add_argument("--lobby-invite-ttl-seconds", type=int, default=3600, metavar="N")
    parser.add_argument("--no-quotas", action="store_true", help="turn per-player quotas off (load experiments)")
    parser.add_argument(
        "--read-timeout-seconds",
        type=float,
        default=READ_TIMEOUT_SECONDS,
        metavar="S",
        help="HTTP: close a keep-alive connection idle this long; 408 for a request body that stops arriving",
    )
    parser.add_argument(
        "--parameter-overrides",
        nargs="+",
        default=[],
        metavar="NAME=VALUE",
        help="template parameters, as `sam deploy --parameter-overrides` takes them (e.g. ReadBurstLimit=5)",
    )
    args = parser.parse_args(argv)
    args.parameter_overrides = _overrides(parser, args.parameter_overrides)
    return Options(**vars(args))


def _overrides(parser: argparse.ArgumentParser, pairs: Sequence[str]) -> template.Overrides:
    declared = template.load_template().get("Parameters", {})
    overrides = dict(pair.partition("=")[::2] for pair in pairs)
    unknown = sorted(set(overrides) - set(declared))
    if unknown or any("=" not in pair for pair in pairs):
        parser.error(f"--parameter-overrides: NAME=VALUE of template parameters ({', '.join(unknown) or pairs})")
    return MappingProxyType(overrides)
