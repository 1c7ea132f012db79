"""Lobby search (EOS LobbySearch_Find): by bucket, by lobby id, or by a user's lobbies; never a Scan.

By bucket, the search index holds only advertised lobbies with a free slot, so full, friends-only and
invite-only lobbies cost a search nothing. One parameter drives the read (store/search_plan.py); the
lobbies its entries name are read in batches as the domain's `matching` wants them, until enough match
(all that the driver's ranges hold when a DISTANCE on a key that is not indexed ranks them). See
docs/design.md, "Lobby search".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from partylobby.clock import Clock
from partylobby.domain.invitations import InvitationKind, unexpired
from partylobby.domain.lobby.model import Lobby, View
from partylobby.domain.lobby.search import Comparison, Query, matching, may_find
from partylobby.domain.presence import MembershipKind
from partylobby.store.invitations import InvitationStore
from partylobby.store.lobbies import LobbyStore
from partylobby.store.presence import PresenceStore
from partylobby.store.search_plan import plan
from partylobby.store.search_reads import SearchIndexReader
from partylobby.store.social import SocialStore


@dataclass(frozen=True, kw_only=True)
class LobbySearchService:
    lobbies: LobbyStore
    index: SearchIndexReader
    presence: PresenceStore
    social: SocialStore
    invitations: InvitationStore
    clock: Clock

    def find(self, user_id: str, query: Query) -> list[View]:
        query.check()
        if query.bucket_id is not None:
            found = self._from_bucket(query.bucket_id, query)
        else:
            found = matching(self._by_id_or_user(user_id, query), query.parameters, query.max_results)
        return [View(lobby, as_member=lobby.is_member(user_id)) for lobby in found]

    def _from_bucket(self, bucket_id: str, query: Query) -> list[Lobby]:
        reading = plan(query.parameters, self.index.indexed)
        ranks_all = reading.nearest is None and any(p.op is Comparison.DISTANCE for p in query.parameters)
        # The driver's ranges answer its key's parameters; lobbies read beyond max_results are for the others.
        others = any(p.key != reading.key for p in query.parameters)
        wanted = query.max_results + (query.max_results // 4 + 1 if others else 0)
        lobby_ids = self.index.lobby_ids(bucket_id, reading, wanted, whole=ranks_all)
        # The index lags the state a little (a GSI is eventually consistent): judge each lobby as it is now.
        lobbies = (lobby for lobby in self.lobbies.found_in_order(lobby_ids, first=wanted) if lobby.searchable)
        return matching(lobbies, query.parameters, query.max_results, nearest_first=reading.nearest is not None)

    def _by_id_or_user(self, user_id: str, query: Query) -> Iterable[Lobby]:
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

    def _lobbies_of(self, user_id: str | None) -> Sequence[str]:
        return sorted(self.presence.get(user_id).member_of(MembershipKind.LOBBY)) if user_id else []
