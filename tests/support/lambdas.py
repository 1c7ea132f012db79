"""Running Lambda handlers in-process, as `sam local invoke` would: sample events, a context, fresh imports."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from local_gateway.template import ROOT, Handler, load_handler

EVENTS_DIR = ROOT / "events"


def load(event_file: Path) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(event_file.read_text(encoding="utf-8"))
    return event


def fresh_handler(function: str) -> Handler:
    """Import a function's handler inside the active moto mock.

    Handler modules build boto3 clients at import time and load_handler caches modules by name, so a
    module imported before (outside this mock) would be reused: forget the function code's modules first.
    """
    functions_dir = ROOT / "functions"
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve().is_relative_to(functions_dir):
            del sys.modules[name]
    return load_handler(function)


@dataclass(frozen=True)
class FakeLambdaContext:
    function_name: str = "HttpApiFunction"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:HttpApiFunction"
    memory_limit_in_mb: int = 512
    aws_request_id: str = "c6af9ac6-7b61-11e6-9a41-93e812345678"
    log_group_name: str = "/aws/lambda/HttpApiFunction"
    log_stream_name: str = "2026/03/12/[$LATEST]0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000
