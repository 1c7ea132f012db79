"""What the join rules of any aggregate read about players, each in one consistent BatchGetItem.

Presence (their memberships), one invitation, blocks between them and some players (both ways), and
their friendships with some players: each by its known key, so the read costs the same whatever the
size of the player's partition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from partylobby.domain.invitations import Invitation, InvitationKind
from partylobby.domain.presence import Presence
from partylobby.domain.social import FriendStatus
from partylobby.store import keys
from partylobby.store.invitations import invitation_from_item
from partylobby.store.presence import presence_from_item
from partylobby.store.table import Item, Table


@dataclass(frozen=True)
class PlayerFacts:
    presence: Presence
    invitation: Invitation | None
    blocks: frozenset[tuple[str, str]]  # (blocker, blocked) pairs between the player and the others asked
    friends: frozenset[str]  # the others asked who are the player's friends


@dataclass(frozen=True)
class Entrant:
    presence: Presence
    friend: bool  # a friend of the player asked about


class PlayerStore:
    def __init__(self, table: Table) -> None:
        self.table = table

    def facts(
        self,
        player_id: str,
        invitation: tuple[InvitationKind, str],
        blocks_with: Iterable[str] = (),
        friends_among: Iterable[str] = (),
    ) -> PlayerFacts:
        kind, invitation_id = invitation
        others = sorted(set(blocks_with) - {player_id})
        wanted = [
            keys.presence(player_id),
            keys.invitation(player_id, kind, invitation_id),
            *(keys.block(player_id, other) for other in others),
            *(keys.block(other, player_id) for other in others),
            *(keys.friendship(player_id, other) for other in sorted(set(friends_among) - {player_id})),
        ]
        found = {(i["pk"], i["sk"]): i for i in self.table.batch_get(wanted, consistent=True)}

        def item(key: dict[str, str]) -> Item | None:
            return found.get((key["pk"], key["sk"]))

        presence_item = item(keys.presence(player_id))
        invitation_item = item(keys.invitation(player_id, kind, invitation_id))
        blocks = (i for i in found.values() if keys.is_block(i))
        friendships = (i for i in found.values() if keys.is_friendship(i))
        return PlayerFacts(
            presence=presence_from_item(presence_item) if presence_item else Presence(player_id),
            invitation=invitation_from_item(invitation_item, kind) if invitation_item else None,
            blocks=frozenset((keys.player_id_of(i), keys.other_player_of(i)) for i in blocks),
            friends=frozenset(keys.other_player_of(i) for i in friendships if i["status"] == FriendStatus.FRIENDS),
        )

    def entrants(self, player_ids: Iterable[str], friends_of: str | None = None) -> list[Entrant]:
        """Several players' presence, and whether each is a friend of `friends_of`: one consistent batch."""
        players = sorted(set(player_ids))
        wanted = [keys.presence(p) for p in players]
        if friends_of:
            wanted += [keys.friendship(p, friends_of) for p in players if p != friends_of]
        found = self.table.batch_get(wanted, consistent=True)
        presences = {keys.player_id_of(i): presence_from_item(i) for i in found if not keys.is_friendship(i)}
        friends = {keys.player_id_of(i) for i in found if keys.is_friendship(i) and i["status"] == FriendStatus.FRIENDS}
        return [Entrant(presences.get(p) or Presence(p), p in friends) for p in players]

    def friends_of(self, player_id: str, others: Iterable[str]) -> frozenset[str]:
        """Which of `others` are the player's friends: one batch of their friendship items."""
        wanted = [keys.friendship(player_id, other) for other in sorted(set(others) - {player_id})]
        found = self.table.batch_get(wanted, consistent=True) if wanted else []
        return frozenset(keys.other_player_of(i) for i in found if i["status"] == FriendStatus.FRIENDS)
