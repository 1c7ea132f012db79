"""Load test with event integrity: simulated players against the local stack, then checks of what they saw.

Starts `python -m local_gateway` on loopback (the default embedded DynamoDB: DynamoDB Local, in memory, so a
fresh table; quotas on; offline grace OFFLINE_GRACE_SECONDS) and PLAYERS players, each with its own keep-alive
HTTP connection (httpx, one connection) and its own WebSocket, read in a task that records every push. For
SECONDS they play a game-like mix, 6-18 s of think time between commands (`--think`; bench/loadtest/mix.py):
parties formed by invitation and by joining, chat, custom data, transfer, kick, leave; lobbies created,
searched, joined, updated and left; a party joining a lobby; sockets closed and reopened within the grace.
Then, once the pushes in flight have landed, it reads the final state and checks it against what the players observed
(bench/loadtest/checks.py): every version of every stay in a party or lobby seen or resynced past after a gap
the player detected, every chat message delivered, the invariants, and nothing answered 2xx lost.

It prints commands/s, p50/p95/p99 per command, refusals by err_code (quota refusals apart), failures, pushes sent
(the stack's own PushesSent metric, from its log) and received, resyncs, and the memory of every process of the
stack before and after. A 5xx, a timeout, a transport error, a 401, a socket the server closed, or a failed
check makes it exit 1; refusals (a full party, a member already gone) are part of a realistic mix. It then names
the stack's log and a file with the trail (last commands and pushes) of each player the failures name.
`--drop-pushes 0.05` has the players drop 5% of their pushes unread, to see the checks catch lost pushes.

Run: `make bench` (or `.venv/bin/python -m bench.load [--players N] [--seconds S] [--seed N] [--drop-pushes F]`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.loadtest.checks import run_checks
from bench.loadtest.mix import play
from bench.loadtest.parallel import for_each
from bench.loadtest.player import Player
from bench.loadtest.stats import CommandStats, Outcome, percentiles
from bench.loadtest.truth import read_truth
from bench.loadtest.verdict import Check
from bench.loadtest.world import World
from bench.support.processes import memory
from tests.e2e.conftest import RunningStack, start_stack, stop, wait_until_ready

PLAYERS = 200
SECONDS = 60.0
OFFLINE_GRACE_SECONDS = 30  # reconnects come within 1-4 s; nobody should leave for being offline
QUIET_SECONDS = 3.0  # after the load: the pushes in flight land, the gaps wait out GAP_WAIT_SECONDS
# A command every 12 s on average: 200 players ask ~17 requests/s, which the local stack serves without queueing
# (it runs one invocation at a time per code directory: ~25/s with 200 players' pushes; `--think 1,5` saturates it).
THINK_SECONDS = (6.0, 18.0)
SLACK_SECONDS = 240.0  # the hard timeout: the load, plus sign-ins, connects, final reads and checks


@dataclass
class Run:
    args: argparse.Namespace
    seconds: float  # of load, measured: players finish the command they are in
    engine: str
    load: CommandStats
    final: CommandStats
    world: World
    checks: list[Check]
    memory_before: str
    memory_after: str
    server_metrics: Counter[str]
    trails: dict[str, list[str]]  # player -> what it did and got last

    @property
    def passed(self) -> bool:
        return not self.load.failed and not self.final.failed and all(c.passed for c in self.checks)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--players", type=int, default=PLAYERS)
    parser.add_argument("--seconds", type=float, default=SECONDS, help="of load")
    parser.add_argument("--seed", type=int, default=1, help="of the mix's choices")
    parser.add_argument(
        "--drop-pushes",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="drop this share of pushes unread: see the checks fail",
    )
    parser.add_argument(
        "--think",
        type=lambda text: tuple(float(n) for n in text.split(",")),
        default=THINK_SECONDS,
        metavar="LOW,HIGH",
        help=f"seconds between a player's commands (default {THINK_SECONDS[0]:g},{THINK_SECONDS[1]:g})",
    )
    args = parser.parse_args()
    if args.players < 1 or args.seconds <= 0:
        parser.error("--players and --seconds must be positive")
    if len(args.think) != 2 or not 0 <= args.think[0] <= args.think[1]:
        parser.error("--think LOW,HIGH with 0 <= LOW <= HIGH")
    return args


def server_metrics(log: str) -> Counter[str]:
    """The stack's own counts, summed from the metric lines its functions write (CloudWatch EMF). Threads share
    the log, so a record may share its line with another's output; one cut by it counts under `unreadable`."""
    totals: Counter[str] = Counter()
    decoder = json.JSONDecoder()
    for found in re.finditer(r'\{"_aws"', log):
        try:
            record, _ = decoder.raw_decode(log, found.start())
            names = [metric["Name"] for metric in record["_aws"]["CloudWatchMetrics"][0]["Metrics"]]
        except (ValueError, KeyError, IndexError):
            totals["unreadable"] += 1
            continue
        for name in names:
            values = record.get(name, 0)
            totals[name] += int(sum(values) if isinstance(values, list) else values)
    return totals


async def load(running: RunningStack, args: argparse.Namespace, engine: str) -> Run:
    rng = random.Random(args.seed)
    world = World(running.url, running.ws_url, rng, drop_pushes=args.drop_pushes, think=args.think)
    players = [Player(f"p{n:03d}", world) for n in range(args.players)]
    pid = running.process.pid
    before = memory(pid)
    await for_each(players, lambda p: p.sign_in())
    await for_each(players, lambda p: p.connect())
    started = time.monotonic()
    await asyncio.gather(*(play(p, started + args.seconds) for p in players))
    elapsed = time.monotonic() - started
    await asyncio.sleep(QUIET_SECONDS)
    await for_each(players, lambda p: p.heal())
    load_stats, world.stats = world.stats, CommandStats()
    after, metrics = memory(pid), server_metrics(running.output())
    truth = await read_truth(players, world)
    checks = run_checks(world, truth)
    await for_each(players, lambda p: p.close())
    trails = {p.id: list(p.trail) for p in players}
    return Run(args, elapsed, engine, load_stats, world.stats, world, checks, before, after, metrics, trails)


def print_commands(run: Run) -> None:
    stats = run.load
    sockets = sum(len(stats.latencies.get(name, [])) for name in ("WebSocket connect", "WebSocket reconnect"))
    requests = stats.requests - sockets
    rate = requests / run.seconds
    print(
        f"  commands    {requests:,} in {run.seconds:.1f} s: {rate:.1f}/s, {rate / run.args.players:.2f}/s per player "
        "(every HTTP request of the mix, resyncs included)"
    )
    print(f"  {'command':<38} {'count':>6} {'ok':>6} {'refused':>7} {'quota':>5}   {'p50':>6} {'p95':>6} {'p99':>6} ms")
    for command in sorted(stats.latencies):
        samples = stats.latencies[command]
        p50, p95, p99 = percentiles(samples)
        ok, refused, quota = (stats.count(o, command) for o in (Outcome.OK, Outcome.REFUSED, Outcome.QUOTA))
        print(f"  {command:<38} {len(samples):>6} {ok:>6} {refused:>7} {quota:>5}   {p50:6.1f} {p95:6.1f} {p99:6.1f}")


def print_codes(title: str, codes: Counter[tuple[str, str]]) -> None:
    print(f"  {title}: {'none' if not codes else ''}")
    by_command: dict[str, list[str]] = {}
    for (command, code), n in sorted(codes.items()):
        by_command.setdefault(command, []).append(f"{code} {n}")
    for command, listed in by_command.items():
        print(f"    {command:<36} {', '.join(listed)}")


def print_pushes(run: Run) -> None:
    ledger, metrics = run.world.ledger, run.server_metrics
    received = sum(ledger.pushes.values())
    print(
        f"  pushes      sent {metrics['PushesSent']:,} (the stack's PushesSent), received {received:,}\n"
        "              (a push to a socket its player is closing goes unread; and the functions share one metric\n"
        "              set in the local stack's process, so a count may be lost when two invocations end at once)"
    )
    print(f"              by event: {', '.join(f'{e} {n:,}' for e, n in ledger.pushes.most_common())}")
    reasons = ", ".join(f"{reason} {n}" for reason, n in ledger.resync_reasons.most_common()) or "none"
    reconnects = len(run.load.latencies.get("WebSocket reconnect", []))
    print(f"  resyncs     {reasons} (parties and lobbies read; {reconnects} reconnects)")
    unreadable = f"; {metrics['unreadable']} metric records unreadable" if metrics["unreadable"] else ""
    print(f"  committed   {metrics['CommandsCommitted']:,} commands (the stack's CommandsCommitted{unreadable})")


def report(run: Run) -> None:
    players, seconds = run.args.players, run.args.seconds
    low, high = run.args.think
    print(
        f"load test: {players} players for {seconds:.0f} s, {low:g}-{high:g} s between a player's commands,"
        f" on the local stack ({run.engine}, quotas on), loopback"
    )
    print_commands(run)
    print_codes("refusals (expected in a realistic mix), by err_code", run.load.by_code(Outcome.REFUSED))
    print_codes("quota refusals (429, apart)", run.load.by_code(Outcome.QUOTA) + run.load.by_code(Outcome.THROTTLED))
    failed = run.load.failed + run.final.failed
    print(
        f"  failures    {failed} (5xx, timeouts, transport errors, 401, sockets the server closed: they fail the run)"
    )
    for text in (run.load.failures + run.final.failures)[:20]:
        print(f"    - {text}")
    print_pushes(run)
    print(f"  memory      before the load: {run.memory_before}; after: {run.memory_after}")
    print("checks")
    for check in run.checks:
        print(f"  {'PASS' if check.passed else 'FAIL'}  {check.name}: {check.summary}")
        for problem in check.problems[:8]:
            print(f"          - {problem}")
        if len(check.problems) > 8:
            print(f"          ... {len(check.problems) - 8} more")


def write_trails(run: Run, path: Path) -> Path:
    texts = run.load.failures + run.final.failures + [p for check in run.checks for p in check.problems[:8]]
    named = sorted(set(re.findall(r"\bp\d{3,}\b", "\n".join(texts))) & set(run.trails))
    path.write_text("".join(f"== {player}\n" + "\n".join(run.trails[player]) + "\n" for player in named))
    return path


def main() -> None:
    args = parse_args()
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "false"  # the stack writes its metrics to its log: PushesSent
    log = Path(tempfile.mkdtemp()) / "stack.log"
    grace = ("--offline-grace-seconds", str(OFFLINE_GRACE_SECONDS))
    running = start_stack(log, secrets.token_urlsafe(32), *grace)
    try:
        wait_until_ready(running)
        found = re.search(r"DynamoDB\s+\S+ embedded \((.*?)[,)]", running.output())
        engine = found.group(1) if found else "DynamoDB"
        run = asyncio.run(asyncio.wait_for(load(running, args, engine), args.seconds + SLACK_SECONDS))
    except TimeoutError:
        print(f"FAILED: the run took over {args.seconds + SLACK_SECONDS:.0f} s (a hang? the stack's log: {log})")
        sys.exit(1)
    finally:
        stop(running)
    report(run)
    if run.passed:
        shutil.rmtree(log.parent, ignore_errors=True)
    else:
        trails = write_trails(run, log.with_name("trails.txt"))
        print(f"FAILED (the stack's log: {log}; the trails of the players named above: {trails})")
        sys.exit(1)


if __name__ == "__main__":
    main()
