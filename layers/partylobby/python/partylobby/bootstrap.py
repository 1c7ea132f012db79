"""The composition root: clients and services, built once per container.

The platform (table, presence, invitations, entrants, the publisher, quotas) is built at once. Each
aggregate's services are built, and their modules imported, when first asked for: an entry point calls
`preload` with the services its routes use, so a function serving lobbies never imports the party
domain's services and the other way round, and its INIT still holds everything its requests need.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config

from partylobby.clock import Clock, system_clock
from partylobby.config import Settings
from partylobby.push.notifier import Notifier, NullNotifier
from partylobby.push.websocket import PARALLEL_POSTS, WebSocketNotifier
from partylobby.quotas import Quotas
from partylobby.services.commands import Publisher
from partylobby.store.invitations import InvitationStore
from partylobby.store.membership import EntrantStore
from partylobby.store.presence import PresenceStore
from partylobby.store.table import Table

if TYPE_CHECKING:
    from mypy_boto3_apigatewaymanagementapi import ApiGatewayManagementApiClient

    from partylobby.services.chat import ChatService
    from partylobby.services.lobbies import LobbyService
    from partylobby.services.lobby_invites import LobbyInviteService
    from partylobby.services.lobby_search import LobbySearchService
    from partylobby.services.parties import PartyService
    from partylobby.services.party_history import PartyHistoryService
    from partylobby.services.sessions import SessionService
    from partylobby.services.social import SocialService
    from partylobby.store.lobbies import LobbyStore
    from partylobby.store.parties import PartyStore
    from partylobby.store.search_index import IndexedKeys
    from partylobby.store.social import SocialStore


class Container:
    def __init__(
        self,
        settings: Settings,
        *,
        notifier: Notifier | None = None,
        clock: Clock = system_clock,
        management: ApiGatewayManagementApiClient | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.table = Table(boto3.client("dynamodb", endpoint_url=settings.dynamodb_endpoint), settings.table_name)
        self.presence = PresenceStore(self.table)
        self.invitations = InvitationStore(self.table)
        self.entrants = EntrantStore(self.table)
        self.management = management or _management_client(settings)
        if notifier is None:
            notifier = self._websocket_notifier() if self.management else NullNotifier()
        self.notifier = notifier
        self.publisher = Publisher(self.presence, notifier)
        self.quotas = Quotas(self.table, clock, settings.quotas)

    def _websocket_notifier(self) -> WebSocketNotifier:
        assert self.management is not None

        def gone(player_id: str, connection_id: str) -> None:
            self.sessions.disconnected(connection_id, player_id)  # built on the first stale socket

        return WebSocketNotifier(self.management, self.clock, on_gone=gone)

    def preload(self, *services: str) -> None:
        """Build these services now (Lambda INIT) rather than in the first request that needs one."""
        for name in services:
            getattr(self, name)

    @cached_property
    def social_store(self) -> SocialStore:
        from partylobby.store.social import SocialStore

        return SocialStore(self.table)

    @cached_property
    def party_store(self) -> PartyStore:
        from partylobby.store.parties import PartyStore

        return PartyStore(self.table, self.presence)

    @cached_property
    def lobby_store(self) -> LobbyStore:
        from partylobby.store.lobbies import LobbyStore
        from partylobby.store.recent import Recent

        shown = Recent(self.settings.search_cache.total_seconds())
        return LobbyStore(self.table, self.presence, self.indexed_keys, shown)

    @cached_property
    def indexed_keys(self) -> IndexedKeys:
        from partylobby.store.search_index import IndexedKeys

        return IndexedKeys.parse(self.settings.searchable_attributes)

    @cached_property
    def parties(self) -> PartyService:
        from partylobby.services.parties import PartyService

        return PartyService(
            parties=self.party_store,
            entrants=self.entrants,
            presence=self.presence,
            social=self.social_store,
            invitations=self.invitations,
            publisher=self.publisher,
            clock=self.clock,
            invitation_ttl=self.settings.invitation_ttl,
            profanity_languages=self.settings.profanity_languages,
        )

    @cached_property
    def social(self) -> SocialService:
        from partylobby.services.social import SocialService

        return SocialService(social=self.social_store, clock=self.clock)

    @cached_property
    def chat(self) -> ChatService:
        from partylobby.services.chat import ChatService
        from partylobby.store.chat import ChatStore

        return ChatService(
            parties=self.party_store, chat=ChatStore(self.table), publisher=self.publisher, clock=self.clock
        )

    @cached_property
    def lobbies(self) -> LobbyService:
        from partylobby.services.lobbies import LobbyService

        return LobbyService(
            lobbies=self.lobby_store,
            parties=self.party_store,
            entrants=self.entrants,
            presence=self.presence,
            invitations=self.invitations,
            publisher=self.publisher,
            clock=self.clock,
        )

    @cached_property
    def lobby_invites(self) -> LobbyInviteService:
        from partylobby.services.lobby_invites import LobbyInviteService

        return LobbyInviteService(
            lobbies=self.lobby_store,
            joins=self.lobbies,
            invitations=self.invitations,
            publisher=self.publisher,
            clock=self.clock,
            ttl=self.settings.lobby_invite_ttl,
        )

    @cached_property
    def lobby_search(self) -> LobbySearchService:
        from partylobby.services.lobby_search import LobbySearchService
        from partylobby.store.search_reads import SearchIndexReader

        return LobbySearchService(
            lobbies=self.lobby_store,
            index=SearchIndexReader(self.table, self.indexed_keys),
            presence=self.presence,
            social=self.social_store,
            invitations=self.invitations,
            clock=self.clock,
        )

    @cached_property
    def party_history(self) -> PartyHistoryService:
        from partylobby.services.party_history import PartyHistoryService
        from partylobby.store.history_index import HistoryIndex
        from partylobby.store.party_history import PartyHistoryStore

        return PartyHistoryService(PartyHistoryStore(self.table), HistoryIndex(self.table))

    @cached_property
    def sessions(self) -> SessionService:
        """Logout and the offline sweep leave every aggregate, so this one builds both."""
        from partylobby.domain.presence import MembershipKind
        from partylobby.services.sessions import SessionService

        return SessionService(
            presence=self.presence,
            memberships={MembershipKind.PARTY: self.parties, MembershipKind.LOBBY: self.lobbies},
            clock=self.clock,
            offline_grace=self.settings.offline_grace,
            max_sockets=self.settings.max_sockets_per_player,
            notifier=self.notifier,
            management=self.management,
        )


def build_container(
    settings: Settings,
    *,
    notifier: Notifier | None = None,
    clock: Clock = system_clock,
    management: ApiGatewayManagementApiClient | None = None,
) -> Container:
    """Production wiring from `settings`; tests pass fakes for the notifier, clock or management API."""
    return Container(settings, notifier=notifier, clock=clock, management=management)


def _management_client(settings: Settings) -> ApiGatewayManagementApiClient | None:
    if not settings.ws_management_endpoint:
        return None
    pool = Config(max_pool_connections=PARALLEL_POSTS)  # one connection per post in flight
    return boto3.client("apigatewaymanagementapi", endpoint_url=settings.ws_management_endpoint, config=pool)
