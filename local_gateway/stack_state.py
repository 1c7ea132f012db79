"""What a running local stack writes for tools (`make invoke`): where its DynamoDB, table and @connections API are,
and the environment it runs each function with. Written once it is ready, removed when it stops cleanly.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from local_gateway.template import ROOT

DEFAULT_PATH = ROOT / ".local" / "stack.json"


class NoRunningStack(RuntimeError):
    """No state file, or the stack that wrote it is gone (killed, so it could not remove it)."""


@dataclass(frozen=True)
class StackState:
    pid: int
    http_url: str
    ws_url: str
    dynamodb_endpoint: str
    table_name: str
    management_endpoint: str
    region: str
    local_credentials: bool  # the embedded DynamoDB takes any key; the stack set "local" ones
    environment: dict[str, dict[str, str]]  # per function logical id; never JWT_SECRET

    def write(self, path: Path) -> None:
        """Atomically, so a reader never sees half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{self.pid}")
        partial.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        os.replace(partial, path)

    def remove(self, path: Path) -> None:
        """Only if the file is still this stack's: another one may have started on the same path since."""
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("pid") == self.pid:
                path.unlink()
        except (OSError, ValueError):
            pass


def read_state(path: Path) -> StackState:
    try:
        state = StackState(**json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise NoRunningStack(f"no local stack is running ({path} not found): start one with `make run`") from None
    except (OSError, ValueError, TypeError) as unreadable:
        raise NoRunningStack(f"{path} is not a local stack's state ({unreadable}): restart `make run`") from None
    if not _alive(state.pid):
        raise NoRunningStack(f"the local stack that wrote {path} (pid {state.pid}) is gone: start one with `make run`")
    return state


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: it exists
    return True
