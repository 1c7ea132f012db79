"""How many of the project's modules one request runs code in, from the HTTP entry to the push.

A reader following a command opens each of these files, so the count is a measure of how far the
code makes them travel. Runs the HTTP functions in-process on moto (as the service tier does), with a
member online so that the push is made, warms each route once (imports are not the request's), then
records every function call of the traced request whose code lives under `functions/` or `layers/`.

Run: `.venv/bin/python -m bench.modules_crossed` (`--list` names the modules).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

os.environ.update(
    AWS_ACCESS_KEY_ID="bench",
    AWS_SECRET_ACCESS_KEY="bench",
    AWS_DEFAULT_REGION="us-east-1",
    TABLE_NAME="modules-crossed",
    WS_MANAGEMENT_ENDPOINT="https://bench.execute-api.us-east-1.amazonaws.com/local",
    POWERTOOLS_LOG_LEVEL="WARNING",
)

import boto3
import moto

from local_gateway.template import ROOT, table_definition
from partylobby.clock import system_clock

SOURCES = (ROOT / "functions", ROOT / "layers")


def files_run(request: Callable[[], Any]) -> set[str]:
    """The files whose functions run during `request` (this thread; the push pool's posts are in
    push/websocket.py, which this thread enters first)."""
    seen: set[str] = set()

    def profile(frame: FrameType, event: str, _: Any) -> None:
        if event == "call" and frame.f_code.co_name != "<module>":
            seen.add(frame.f_code.co_filename)

    sys.setprofile(profile)
    try:
        request()
    finally:
        sys.setprofile(None)
    return seen


def traced(request: Callable[[], Any]) -> set[str]:
    """The project's modules a warm `request` runs code in, as paths from the repository's root."""
    request()  # warm: the first call of a route imports what it needs
    paths = {Path(f).resolve() for f in files_run(request)}
    return {str(p.relative_to(ROOT)) for p in paths if any(p.is_relative_to(source) for source in SOURCES)}


def measure() -> dict[str, set[str]]:
    from tests.support.http import caller

    with moto.mock_aws():
        boto3.client("dynamodb").create_table(**table_definition(os.environ["TABLE_NAME"]))
        call = caller()
        online_member("alice")
        parties = [call("POST", "/parties", leader, {})[1]["party_id"] for leader in ("alice", "carol")]
        online_member("carol")
        joiners = iter(["bob", "dave"])

        def join_party() -> None:
            status, _ = call("POST", f"/parties/{parties.pop(0)}/members", next(joiners), {})
            assert status == 200, status

        call("POST", "/lobbies", "erin", {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "b"})

        def search_lobbies() -> None:
            status, _ = call("POST", "/lobbies/search", "frank", {"bucket_id": "b", "parameters": []})
            assert status == 200, status

        return {"party join": traced(join_party), "lobby search": traced(search_lobbies)}


def online_member(player: str) -> None:
    """A socket record for `player`, so that pushes to them are posted."""
    from partylobby.bootstrap import build_container
    from partylobby.config import Settings

    build_container(Settings.from_env()).presence.connect(player, f"conn-{player}", system_clock())


def main() -> None:
    for name, modules in measure().items():
        print(f"{name}: {len(modules)} modules")
        if "--list" in sys.argv:
            print("".join(f"  {m}\n" for m in sorted(modules)), end="")


if __name__ == "__main__":
    main()
