"""Sustained use of the default local stack: memory, latency as the table fills, and join+leave rate.

Starts `python -m local_gateway` (the default embedded DynamoDB, quotas off), then on one keep-alive
connection runs COMMANDS commands (a join and a leave of a party, over and over; every join adds history
items, so the table grows all along). It prints:
- the stack's resident memory after warm-up and at the end (the Python process, and DynamoDB Local's
  Java process when that is the engine);
- the median latency of the first and the last thousand commands (flat if latency does not depend on how
  many items the table holds);
- the sequential join+leave rate against what its DynamoDB requests allow: the same commands run in this
  process against the same engine, side by side, counting only the time DynamoDB takes to answer each of
  their requests (4 + 3, see README's Performance).

Run: `make bench` (or `.venv/bin/python -m bench.sustained [commands] [--embedded-db moto]`).
"""

from __future__ import annotations

import os
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

from partylobby.bootstrap import build_container
from partylobby.config import Settings
from partylobby.domain.party.model import NewParty
from partylobby.push.notifier import NullNotifier
from tests.e2e.conftest import start_stack, stop, wait_until_ready

COMMANDS = 10_000
WARM_UP = 500
DYNAMODB_SAMPLE = 500  # join+leave pairs
TABLE = "party-lobby-local"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def java_pid(stack_pid: int) -> int | None:
    children = Path(f"/proc/{stack_pid}/task/{stack_pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        if "java" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
            return int(pid)
    return None


def memory(stack_pid: int) -> str:
    java = java_pid(stack_pid)
    figure = f"python {rss_mb(stack_pid):.0f} MB"
    return figure + (f", java {rss_mb(java):.0f} MB" if java else "")


def dynamodb_rate(endpoint: str) -> float:
    """Join+leave pairs a second that DynamoDB allows: the same commands run in this process against the
    same engine, counting only the time between sending each DynamoDB request and receiving its answer."""
    for name, value in (
        ("AWS_DEFAULT_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "local"),
        ("AWS_SECRET_ACCESS_KEY", "local"),
    ):
        os.environ.setdefault(name, value)
    settings = Settings(table_name=TABLE, dynamodb_endpoint=endpoint)
    container = build_container(settings, notifier=NullNotifier())
    waiting = [0.0]
    sent: list[float] = []
    events = container.table.client.meta.events
    events.register("before-send.dynamodb.*", lambda **_: sent.append(time.perf_counter()))
    events.register(
        "needs-retry.dynamodb.*", lambda **_: waiting.__setitem__(0, waiting[0] + time.perf_counter() - sent.pop())
    )
    party = container.parties.create("sample-leader", NewParty()).party.party_id
    waiting[0] = 0.0
    for _ in range(DYNAMODB_SAMPLE):
        container.parties.join("sample-joiner", party)
        container.parties.leave("sample-joiner", party)
    return DYNAMODB_SAMPLE / waiting[0]


def token(session: requests.Session, url: str, player: str) -> str:
    return str(session.post(f"{url}/dev/token", json={"player_id": player}, timeout=10).json()["token"])


def join_and_leave(
    session: requests.Session, url: str, party: str, joiner: dict[str, str], pid: int, commands: int
) -> tuple[list[float], str, float]:
    """Per-command latencies (ms), memory after warm-up, and the rate of join+leave pairs after it."""
    latencies: list[float] = []
    warm_memory, started = "", time.perf_counter()
    for n in range(commands // 2):
        if n * 2 == WARM_UP:
            warm_memory, started = memory(pid), time.perf_counter()
        for method, path in (("POST", f"/parties/{party}/members"), ("DELETE", f"/parties/{party}/members/me")):
            began = time.perf_counter()
            response = session.request(method, f"{url}{path}", headers=joiner, timeout=10)
            latencies.append((time.perf_counter() - began) * 1000)
            assert response.status_code < 300, response.text
    rate = (commands - WARM_UP) / 2 / (time.perf_counter() - started)
    return latencies[WARM_UP:], warm_memory, rate


def main() -> None:
    args = sys.argv[1:]
    commands = int(args.pop(0)) if args and args[0].isdigit() else COMMANDS
    log = Path(tempfile.mkdtemp()) / "stack.log"
    running = start_stack(log, secrets.token_urlsafe(32), "--no-quotas", "--offline-grace-seconds", "86400", *args)
    try:
        url = wait_until_ready(running)
        found = re.search(r"DynamoDB\s+(\S+) (.*), table", running.output())
        assert found, "the banner names the DynamoDB endpoint"
        endpoint, engine = found.groups()
        session = requests.Session()
        leader = {"Authorization": f"Bearer {token(session, url, 'leader')}"}
        joiner = {"Authorization": f"Bearer {token(session, url, 'joiner')}"}
        party = session.post(f"{url}/parties", json={"max_player": 4}, headers=leader, timeout=10).json()["party_id"]
        pid = running.process.pid
        latencies, warm_memory, rate = join_and_leave(session, url, party, joiner, pid, commands)
        allowed = dynamodb_rate(endpoint)
        early, late = statistics.median(latencies[:1000]), statistics.median(latencies[-1000:])
        print(f"sustained use of the local stack: {commands} commands (join, leave) on one keep-alive connection")
        print(f"  engine             {engine}")
        print(f"  memory             after {WARM_UP} commands: {warm_memory}; at the end: {memory(pid)}")
        print(f"  median latency     first 1,000 after warm-up {early:.1f} ms, last 1,000 {late:.1f} ms")
        print(
            f"  join+leave rate    {rate:.1f}/s; its DynamoDB requests allow {allowed:.1f}/s: "
            f"{rate / allowed:.2f} of it"
        )
    finally:
        stop(running)


if __name__ == "__main__":
    main()
