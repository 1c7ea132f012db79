"""What the join rules of any group read about players entering it (Entrants), in one consistent BatchGetItem.

Presence (their memberships, whether a socket is open), one invitation, blocks between them and some
players (both ways), and their friendships with some players: each by its known key, so the read
costs the same whatever the size of the player's partition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from partylobby.domain.invitations import InvitationKind
from partylobby.domain.membership import Entrant
from partylobby.domain.presence import MembershipKind, Presence
from partylobby.domain.social import FriendStatus
from partylobby.store import keys
from partylobby.store.invitations import invitation_from_item
from partylobby.store.presence import presence_from_item
from partylobby.store.table import Item, Table


class PlayerStore:
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
            friends=frozenset(keys.other_player_of(i) for i in found.values() if _is_friend(i)),
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
        friendships = [i for i in found if _is_friend(i)]
        return [
            replace(
                (presences.get(p) or Presence(p)).entrant(kind),
                friends=frozenset(keys.other_player_of(i) for i in friendships if keys.player_id_of(i) == p),
            )
            for p in players
        ]

    def friends_of(self, player_id: str, others: Iterable[str]) -> frozenset[str]:
        """Which of `others` are the player's friends: one batch of their friendship items."""
        wanted = [keys.friendship(player_id, other) for other in sorted(set(others) - {player_id})]
        found = self.table.batch_get(wanted, consistent=True) if wanted else []
        return frozenset(keys.other_player_of(i) for i in found if _is_friend(i))


def _is_friend(item: Item) -> bool:
    return keys.is_friendship(item) and item["status"] == FriendStatus.FRIENDS
