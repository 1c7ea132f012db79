"""What every kind of group reads and writes alike: its entrants, and its memberships in its commits.

What the join rules read about players entering (Entrants) comes in one consistent BatchGetItem:
presence (memberships, whether a socket is open), one invitation, blocks between them and some players
(both ways), and friendships with some players, each by its known key, so the read costs the same
whatever the size of the player's partition.

A commit is the group's state and its members' memberships, in one transaction.

Each entrant's presence record takes a membership of the group's kind (conditioned on the kind's
limit: one party, sixteen lobbies) and, with no socket open, starts its offline mark; each player
released gives theirs back. The conditions are guards against races (the domain has decided): a
failed one is SlotTaken when it is an entrant's membership, VersionConflict otherwise, and the
command replays on fresh state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from partylobby.domain.invitations import InvitationKind
from partylobby.domain.membership import Entrant, MembershipChange
from partylobby.domain.presence import MembershipKind, Presence
from partylobby.store import keys
from partylobby.store.invitations import invitation_from_item
from partylobby.store.presence import PresenceStore, presence_from_item
from partylobby.store.social import is_friend
from partylobby.store.table import Item, SlotTaken, Table, TransactionCancelled, VersionConflict, Write


class EntrantStore:
    def __init__(self, table: Table) -> None:
        self.table = table

    def entrant(
        self,
        player_id: str,
        kind: MembershipKind,
        invitation: tuple[InvitationKind, str],
        now: datetime,
        blocks_with: Iterable[str] = (),
        friends_among: Iterable[str] = (),
    ) -> Entrant:
        """One player entering: their presence, whether they hold the live invitation, their blocks with
        `blocks_with` (either way) and their friends among `friends_among`."""
        invitation_kind, invitation_id = invitation
        others = sorted(set(blocks_with) - {player_id})
        wanted = [
            keys.presence(player_id),
            keys.invitation(player_id, invitation_kind, invitation_id),
            *(keys.block(player_id, other) for other in others),
            *(keys.block(other, player_id) for other in others),
            *(keys.friendship(player_id, other) for other in sorted(set(friends_among) - {player_id})),
        ]
        found = {(i["pk"], i["sk"]): i for i in self.table.batch_get(wanted, consistent=True)}

        def item(key: dict[str, str]) -> Item | None:
            return found.get((key["pk"], key["sk"]))

        presence = item(keys.presence(player_id))
        invited = item(keys.invitation(player_id, invitation_kind, invitation_id))
        blocks = [i for i in found.values() if keys.is_block(i)]
        return replace(
            (presence_from_item(presence) if presence else Presence(player_id)).entrant(kind),
            invited=invited is not None and invitation_from_item(invited, invitation_kind).is_live(now),
            friends=frozenset(keys.other_player_of(i) for i in found.values() if is_friend(i)),
            blocked=frozenset(p for i in blocks for p in (keys.player_id_of(i), keys.other_player_of(i))) - {player_id},
        )

    def entrants(self, player_ids: Iterable[str], kind: MembershipKind, friends_among: Iterable[str]) -> list[Entrant]:
        """Several players entering together: their presence and friends among `friends_among`, one batch.
        Not their invitations: a kind whose invitations are not found by key reads them itself."""
        players, among = sorted(set(player_ids)), sorted(set(friends_among))
        wanted = [keys.presence(p) for p in players]
        wanted += [keys.friendship(p, other) for p in players for other in among if p != other]
        found = self.table.batch_get(wanted, consistent=True)
        presences = {keys.player_id_of(i): presence_from_item(i) for i in found if not keys.is_friendship(i)}
        friendships = [i for i in found if is_friend(i)]
        return [
            replace(
                (presences.get(p) or Presence(p)).entrant(kind),
                friends=frozenset(keys.other_player_of(i) for i in friendships if keys.player_id_of(i) == p),
            )
            for p in players
        ]


class MembershipCommit:
    def __init__(
        self, table: Table, presence: PresenceStore, kind: MembershipKind, invitation: InvitationKind | None = None
    ) -> None:
        self.table = table
        self.presence = presence
        self.kind = kind
        self.invitation = invitation  # a kind whose invitation is keyed by the group: entering consumes it

    def commit(self, group_id: str, state: Write, change: MembershipChange, more: Sequence[Write] = ()) -> None:
        """One transaction: `state`, the memberships, the invitations entering consumes, then `more` (history,
        a guard)."""
        entries = [self.presence.enter_write(e.player_id, self.kind, group_id, e.offline_since) for e in change.entered]
        leaves = [self.presence.leave_write(player, self.kind, group_id) for player in change.released]
        try:
            self.table.transact([state, *entries, *leaves, *self._consumed(group_id, change), *more])
        except TransactionCancelled as cancelled:
            taken = [e.player_id for n, e in enumerate(change.entered, start=1) if n in cancelled.failed]
            if taken:
                raise SlotTaken(taken[0]) from cancelled
            raise VersionConflict(group_id) from cancelled

    def _consumed(self, group_id: str, change: MembershipChange) -> list[Write]:
        if self.invitation is None or change.created:
            return []
        return [self.table.delete_write(keys.invitation(p, self.invitation, group_id)) for p in change.joined]
