"""Sustained use of the default local stack: memory, latency as the table fills, and join+leave rate.

Starts `python -m local_gateway` (the default embedded DynamoDB, quotas off), then on one keep-alive
connection runs COMMANDS commands (a join and a leave of a party, over and over; every join adds history
items, so the table grows all along). It prints:
- the stack's resident memory after warm-up and at the end (the Python process, and DynamoDB Local's
  Java process when that is the engine);
- the median latency of the first and the last thousand commands (flat if latency does not depend on how
  many items the table holds);
- the sequential join+leave rate against what its DynamoDB requests allow: the same commands run in this
  process against the same engine, interleaved with the stack's (one pair every 5), counting only the
  time DynamoDB takes to answer each of their requests (4 + 3, see README's Performance).

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

from bench.support.processes import memory
from partylobby.bootstrap import build_container
from partylobby.config import Settings
from partylobby.domain.party.model import NewParty
from partylobby.push.notifier import NullNotifier
from tests.e2e.conftest import start_stack, stop, wait_until_ready

COMMANDS = 10_000
WARM_UP = 500
SAMPLE_EVERY = 5  # the DynamoDB floor is sampled once every 5 join+leave pairs of the stack
TABLE = "party-lobby-local"


class DynamoDBFloor:
    """What DynamoDB allows: the same join and leave run in this process against the same engine, counting
    only the time between sending each DynamoDB request and receiving its answer. Sampled between the
    stack's commands, so both see the same table, the same JVM and the same machine load."""

    def __init__(self, endpoint: str) -> None:
        local = {"AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local"}
        for name, value in {**local, "POWERTOOLS_METRICS_DISABLED": "true"}.items():
            os.environ.setdefault(name, value)
        self.container = build_container(
            Settings(table_name=TABLE, dynamodb_endpoint=endpoint), notifier=NullNotifier()
        )
        self.waiting, self.pairs = 0.0, 0
        self._sent: list[float] = []
        events = self.container.table.client.meta.events
        events.register("before-send.dynamodb.*", lambda **_: self._sent.append(time.perf_counter()))
        events.register("needs-retry.dynamodb.*", self._answered)
        self.party = self.container.parties.create("sample-leader", NewParty()).party.party_id

    def _answered(self, **_: object) -> None:
        self.waiting += time.perf_counter() - self._sent.pop()

    def sample(self) -> None:
        self.container.parties.join("sample-joiner", self.party)
        self.container.parties.leave("sample-joiner", self.party)
        self.pairs += 1

    def reset(self) -> None:
        self.waiting, self.pairs = 0.0, 0

    @property
    def rate(self) -> float:
        return self.pairs / self.waiting


def token(session: requests.Session, url: str, player: str) -> str:
    return str(session.post(f"{url}/dev/token", json={"player_id": player}, timeout=10).json()["token"])


def join_and_leave(
    session: requests.Session,
    url: str,
    party: str,
    joiner: dict[str, str],
    pid: int,
    commands: int,
    floor: DynamoDBFloor,
) -> tuple[list[float], str, float]:
    """Per-command latencies (ms), memory after warm-up, and the rate of join+leave pairs after it (the
    floor's samples, taken every SAMPLE_EVERY pairs, are not counted in the stack's time)."""
    latencies: list[float] = []
    warm_memory, busy = "", 0.0
    for n in range(commands // 2):
        if n * 2 == WARM_UP:
            warm_memory, busy = memory(pid), 0.0
            floor.reset()
        began = time.perf_counter()
        for method, path in (("POST", f"/parties/{party}/members"), ("DELETE", f"/parties/{party}/members/me")):
            sent = time.perf_counter()
            response = session.request(method, f"{url}{path}", headers=joiner, timeout=10)
            latencies.append((time.perf_counter() - sent) * 1000)
            assert response.status_code < 300, response.text
        busy += time.perf_counter() - began
        if n % SAMPLE_EVERY == 0:
            floor.sample()
    return latencies[WARM_UP:], warm_memory, (commands - WARM_UP) / 2 / busy


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
        floor = DynamoDBFloor(endpoint)
        latencies, warm_memory, rate = join_and_leave(session, url, party, joiner, pid, commands, floor)
        allowed = floor.rate
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
