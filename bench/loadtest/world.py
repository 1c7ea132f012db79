"""What the simulated players share: the stack's addresses, the ledger, the figures, and what 2xx answers promised."""

from __future__ import annotations

import itertools
import random
import time
from dataclasses import dataclass, field

from bench.loadtest.ledger import Ledger
from bench.loadtest.stats import CommandStats


@dataclass
class Promises:
    """The last value each write was answered 2xx for: what the final state must hold."""

    global_data: dict[str, str] = field(default_factory=dict)  # party_id ->
    player_data: dict[tuple[str, str], str] = field(default_factory=dict)  # (player, party_id) -> in the stay
    lobby_round: dict[str, int] = field(default_factory=dict)  # lobby_id -> its attribute "round"
    member_ready: dict[tuple[str, str], int] = field(default_factory=dict)  # (player, lobby_id) -> "ready"


@dataclass
class World:
    http_url: str
    ws_url: str
    rng: random.Random
    ledger: Ledger = field(default_factory=Ledger)
    stats: CommandStats = field(default_factory=CommandStats)
    promises: Promises = field(default_factory=Promises)
    board: set[str] = field(default_factory=set)  # Public parties their members advertise, open to join
    loners: set[str] = field(default_factory=set)  # players in no party (as they believe): whom to invite
    lobbies: set[str] = field(default_factory=set)  # every lobby created
    serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    # (player, party or lobby id) of a command that got no answer (a timeout, a 5xx: it may or may not have
    # committed), None for a create; the checks leave these out: the failure is the missing answer itself.
    unanswered: set[tuple[str, str | None]] = field(default_factory=set)
    drop_pushes: float = 0.0  # the share of pushes players drop unread (--drop-pushes)
    think: tuple[float, float] = (6.0, 18.0)  # seconds between a player's commands (--think)
    started: float = field(default_factory=time.monotonic)

    def unique(self) -> int:
        """A value no other write used, so that the final state tells which write it holds."""
        return next(self.serial)
