"""The commit every kind of group shares: its state and its members' memberships, in one transaction.

Each entrant's presence record takes a membership of the group's kind (conditioned on the kind's
limit: one party, sixteen lobbies) and, with no socket open, starts its offline mark; each player
released gives theirs back. The conditions are guards against races (the domain has decided): a
failed one is SlotTaken when it is an entrant's membership, VersionConflict otherwise, and the
command replays on fresh state.
"""

from __future__ import annotations

from collections.abc import Sequence

from partylobby.domain.membership import MembershipChange
from partylobby.domain.presence import MembershipKind
from partylobby.store.presence import PresenceStore
from partylobby.store.table import SlotTaken, Table, TransactionCancelled, VersionConflict, Write


class MembershipCommit:
    def __init__(self, table: Table, presence: PresenceStore, kind: MembershipKind) -> None:
        self.table = table
        self.presence = presence
        self.kind = kind

    def commit(self, group_id: str, state: Write, change: MembershipChange, more: Sequence[Write] = ()) -> None:
        """One transaction: `state`, the memberships, then `more` (history, a consumed invitation, a guard)."""
        entries = [self.presence.enter_write(e.player_id, self.kind, group_id, e.offline_since) for e in change.entered]
        leaves = [self.presence.leave_write(player, self.kind, group_id) for player in change.released]
        try:
            self.table.transact([state, *entries, *leaves, *more])
        except TransactionCancelled as cancelled:
            taken = [e.player_id for n, e in enumerate(change.entered, start=1) if n in cancelled.failed]
            if taken:
                raise SlotTaken(taken[0]) from cancelled
            raise VersionConflict(group_id) from cancelled
