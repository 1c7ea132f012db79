"""Lobby search (EOS LobbySearch_Find): by bucket, by lobby id, or by a user's lobbies; never a Scan.

By bucket, the sparse index holds only advertised lobbies with a free slot, so full, friends-only and
invite-only lobbies cost a search nothing; pages are read until enough lobbies match (all of them when
DISTANCE ranks the results). See docs/design.md for what a search reads, and for larger buckets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from partylobby.clock import Clock
from partylobby.domain.invitations import InvitationKind, unexpired
from partylobby.domain.lobby.model import Lobby, View
from partylobby.domain.lobby.search import Query, matching, may_find
from partylobby.domain.presence import MembershipKind
from partylobby.store.invitations import InvitationStore
from partylobby.store.lobbies import SEARCH_PAGE, LobbyStore
from partylobby.store.presence import PresenceStore
from partylobby.store.social import SocialStore


@dataclass(frozen=True, kw_only=True)
class LobbySearchService:
    lobbies: LobbyStore
    presence: PresenceStore
    social: SocialStore
    invitations: InvitationStore
    clock: Clock

    def find(self, user_id: str, query: Query) -> list[View]:
        query.check()
        found = matching(self._candidates(user_id, query), query.parameters, query.max_results)
        return [View(lobby, as_member=lobby.is_member(user_id)) for lobby in found]

    def _candidates(self, user_id: str, query: Query) -> Iterable[Lobby]:
        if query.bucket_id is not None:
            return self._from_bucket(query.bucket_id, query)
        by_id = query.lobby_id is not None
        lobbies = self.lobbies.load_many([query.lobby_id] if query.lobby_id else self._lobbies_of(query.target_user_id))
        if all(may_find(lobby, user_id, invited=False, by_id=by_id, friend_of_owner=False) for lobby in lobbies):
            return lobbies
        invited = {i.target_id for i in unexpired(self.invitations.of(user_id, InvitationKind.LOBBY), self.clock())}
        friends = self.social.friends_of(user_id, {lobby.owner_id for lobby in lobbies})
        return [
            lobby
            for lobby in lobbies
            if may_find(
                lobby,
                user_id,
                invited=lobby.lobby_id in invited,
                by_id=by_id,
                friend_of_owner=lobby.owner_id in friends,
            )
        ]

    def _from_bucket(self, bucket_id: str, query: Query) -> Iterator[Lobby]:
        """Read lazily: `matching` stops taking pages once it has enough (DISTANCE ranks them all)."""
        # Without parameters every searchable lobby matches: the first page is the answer.
        return self.lobbies.searchable(bucket_id, page=query.max_results if not query.parameters else SEARCH_PAGE)

    def _lobbies_of(self, user_id: str | None) -> Sequence[str]:
        return sorted(self.presence.get(user_id).member_of(MembershipKind.LOBBY)) if user_id else []
