"""`make invoke`: one function, one event, in this process, against the running local stack (no Docker).

    python -m local_gateway.invoke PartyApiFunction -e events/http_api_create_party.json --env-vars events/env.json

What `sam local invoke` does in a container: the handler is loaded from its CodeUri as the local stack loads it,
with the environment the stack gives that function (from the state file it wrote), then `--env-vars` as SAM
applies it (Parameters, then the function's own; only variables the template declares). The stack's DynamoDB,
table and @connections API always win over the file's, whose endpoints are for Docker: what the function writes
lands in the stack's table, and its pushes reach the players connected to the stack. The handler's return value
is printed on stdout as one JSON document; its logs go to stderr. A handler that raises prints Lambda's error
document and exits 1; no running stack, or a bad argument, exits 2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
import traceback
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from local_gateway import lambdas, template
from local_gateway.stack_state import DEFAULT_PATH, NoRunningStack, StackState, read_state

ENV_FILE_GLOBALS = "Parameters"  # SAM's key for variables of every function


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m local_gateway.invoke", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("function", metavar="FUNCTION", help="the function's logical id in template.yaml")
    parser.add_argument("-e", "--event", required=True, type=Path, help="JSON file of the event ('-': stdin)")
    parser.add_argument("-n", "--env-vars", type=Path, help="variables as `sam local invoke --env-vars` takes them")
    parser.add_argument("--state-file", type=Path, default=DEFAULT_PATH, help="the running stack's (--state-file)")
    args = parser.parse_args(argv)
    functions = template.resources("AWS::Serverless::Function")
    if args.function not in functions:
        parser.error(f"{args.function} is no function of template.yaml: one of {', '.join(sorted(functions))}")
    return args


def read_json(path: Path) -> Any:
    text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    return json.loads(text)


def env_file_variables(env_file: Mapping[str, Any], function: str) -> dict[str, str]:
    """SAM's --env-vars: the Parameters section, then the function's own, for the variables it declares."""
    given = {**env_file.get(ENV_FILE_GLOBALS, {}), **env_file.get(function, {})}
    declared = lambdas.declared_variables(function)
    for name in sorted(set(given) - declared):
        print(f"note: {function} declares no {name} in template.yaml: SAM ignores it, as does this", file=sys.stderr)
    return {name: str(value) for name, value in given.items() if name in declared}


def function_environment(state: StackState, function: str, env_file: Mapping[str, Any]) -> dict[str, str]:
    """The stack's environment for the function, the env file over it, the stack's endpoints over both."""
    stack = {
        "TABLE_NAME": state.table_name,
        "DYNAMODB_ENDPOINT": state.dynamodb_endpoint,
        "WS_MANAGEMENT_ENDPOINT": state.management_endpoint,
        "AWS_REGION": state.region,  # as Lambda sets both; moto keeps a table per region
        "AWS_DEFAULT_REGION": state.region,
    }
    return {**state.environment.get(function, {}), **env_file_variables(env_file, function), **stack}


def configure(state: StackState, environment: Mapping[str, str]) -> None:
    """Before the handler loads: its module builds its clients at import time."""
    os.environ.update(environment)
    if state.local_credentials:
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")


@contextlib.contextmanager
def response_stream() -> Iterator[IO[str]]:
    """stdout for the response only: file descriptor 1 goes to stderr meanwhile, so whatever the handler's
    loggers print (they hold the stdout they found at import) lands with the logs."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        with os.fdopen(os.dup(saved), "w", encoding="utf-8") as out:
            yield out
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def error_document(error: BaseException, request_id: str) -> dict[str, Any]:
    """What the Lambda Python runtime answers for a handler that raised (its frames, not this tool's)."""
    tool = str(Path(__file__).resolve().parent)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.startswith(tool)]
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "requestId": request_id,
        "stackTrace": traceback.format_list(frames),
    }


def invoke(function: str, event: Any) -> tuple[str, int]:
    """The response document, and the exit status."""
    request_id = str(uuid.uuid4())
    started = time.monotonic()
    try:
        local = lambdas.LocalFunction(function)  # Lambda's INIT: imports, clients
        print(f"START RequestId: {request_id} Version: $LATEST", file=sys.stderr)
        started = time.monotonic()
        answer, status = json.dumps(local.invoke(event, request_id)), 0
    except Exception as error:  # reported as Lambda reports it: no crash of this tool
        answer, status = json.dumps(error_document(error, request_id)), 1
    elapsed_ms = (time.monotonic() - started) * 1000
    print(f"END RequestId: {request_id}", file=sys.stderr)
    print(f"REPORT RequestId: {request_id}  Duration: {elapsed_ms:.2f} ms", file=sys.stderr)
    return answer, status


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        state = read_state(args.state_file)
        event = read_json(args.event)
        env_file = read_json(args.env_vars) if args.env_vars else {}
        if not isinstance(env_file, dict):
            raise ValueError(f"{args.env_vars}: an object of sections, as `sam local invoke --env-vars` takes")
    except NoRunningStack as missing:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as unreadable:
        print(f"error: {unreadable}", file=sys.stderr)
        return 2
    configure(state, function_environment(state, args.function, env_file))
    with response_stream() as out:
        answer, status = invoke(args.function, event)
        print(answer, file=out)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
