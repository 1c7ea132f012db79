"""The end of a run: the final state as the service holds it, and the checks of what the players observed.

- event integrity: every version of every stay seen or resynced past (see ledger.py); every chat message
  reached every member but its sender, by push or by the catch-up after a reconnect;
- invariants: one party per player, no party over max_player or lobby over max_members, the leader and the
  owner members, at most 16 lobbies per player, every member's GET /me/party the same party;
- nothing answered 2xx lost: every stay a player's answers and the pushes say still lasts is in the final state
  (and no other), every custom data value and lobby attribute is the last one answered 2xx, every chat message
  answered 2xx is in the party's chat history (its last 100).

The final state is read in truth.py; each check is in its own module (integrity.py, invariants.py,
nothing_lost.py); this one runs them all.
"""

from __future__ import annotations

from bench.loadtest.integrity import all_stays, check_chat_delivery, check_versions
from bench.loadtest.invariants import check_invariants
from bench.loadtest.nothing_lost import check_promises
from bench.loadtest.truth import Truth
from bench.loadtest.verdict import Check
from bench.loadtest.world import World

SHOWN = 8


def run_checks(world: World, truth: Truth) -> list[Check]:
    stays, contradicted, left = all_stays(world, truth)
    return [
        check_versions(world, stays, left),
        check_chat_delivery(world, stays),
        check_invariants(truth),
        check_promises(world, truth, contradicted),
    ]
