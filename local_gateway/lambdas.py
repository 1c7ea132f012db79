"""The template's functions, loaded in-process and invoked the way the Lambda runtime does."""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass
from types import MappingProxyType, ModuleType
from typing import Any

from local_gateway import template
from local_gateway.events import ACCOUNT_ID

REGION = "us-east-1"


@dataclass(frozen=True)
class Context:
    """The attributes of the Lambda context object that handlers and powertools read."""

    function_name: str
    aws_request_id: str
    memory_limit_in_mb: int
    deadline: float
    function_version: str = "$LATEST"

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return "local"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline - time.monotonic()) * 1000))


def _properties(function: str) -> tuple[dict[str, Any], dict[str, Any]]:
    globals_ = template.load_template().get("Globals", {}).get("Function", {})
    return globals_, template.resources("AWS::Serverless::Function")[function]["Properties"]


def _setting(function: str, name: str, default: int) -> int:
    globals_, props = _properties(function)
    return int(props.get(name, globals_.get(name, default)))


def _resolve(value: Any, overrides: template.Overrides) -> str | None:
    """A literal, or a `!Ref` to a parameter; other intrinsics are left to the caller."""
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, dict) and set(value) == {"Ref"}:
        return template.parameter(value["Ref"], overrides)
    return None


def _declared(function: str) -> dict[str, Any]:
    globals_, props = _properties(function)
    return {
        **globals_.get("Environment", {}).get("Variables", {}),
        **props.get("Environment", {}).get("Variables", {}),
    }


def declared_variables(function: str) -> set[str]:
    """Every variable the template gives the function: the only ones `sam local invoke --env-vars` may set."""
    return set(_declared(function))


def function_environment(function: str, overrides: template.Overrides = MappingProxyType({})) -> dict[str, str]:
    """The function's environment variables (Globals, then its own) that resolve without a deployment."""
    resolved = {name: _resolve(value, overrides) for name, value in _declared(function).items()}
    return {name: value for name, value in resolved.items() if value is not None}


class CodeLocks:
    """One lock per CodeUri, for the functions of one stack. Functions built from one directory share its
    modules in this process, and powertools' resolver keeps the event it resolves on a class attribute: two
    such functions running at once would read each other's request (in AWS each runs in its own process)."""

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}

    def for_function(self, logical_id: str) -> threading.Lock:
        code_uri = str(_properties(logical_id)[1]["CodeUri"])
        return self._locks.setdefault(code_uri, threading.Lock())


class LocalFunction:
    """One function, one container: invocations run one at a time, as Lambda runs them per instance."""

    def __init__(self, logical_id: str, code_locks: CodeLocks | None = None) -> None:
        """code_locks: shared by the functions loaded in this process; a function loaded alone gets its own."""
        self.logical_id = logical_id
        self.handler = template.load_handler(logical_id)
        self.memory_mb = _setting(logical_id, "MemorySize", 128)
        self.timeout_seconds = _setting(logical_id, "Timeout", 3)
        self.lock = (code_locks if code_locks is not None else CodeLocks()).for_function(logical_id)

    @property
    def module(self) -> ModuleType:
        return template.handler_module(self.logical_id)

    def invoke(self, event: dict[str, Any], request_id: str) -> Any:
        with self.lock:
            deadline = time.monotonic() + self.timeout_seconds
            result = self.handler(event, Context(self.logical_id, request_id, self.memory_mb, deadline))
        if time.monotonic() > deadline:
            print(f"warning: {self.logical_id} ran past its {self.timeout_seconds} s timeout", file=sys.stderr)
        return result
