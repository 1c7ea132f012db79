"""The composition root: clients and services, built once per container."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config

from partylobby.clock import Clock, system_clock
from partylobby.config import Settings
from partylobby.domain.presence import MembershipKind
from partylobby.push.notifier import Notifier, NullNotifier
from partylobby.push.websocket import PARALLEL_POSTS, WebSocketNotifier
from partylobby.services.chat import ChatService
from partylobby.services.commands import CommandRunner
from partylobby.services.lobbies import LobbyService
from partylobby.services.lobby_invites import LobbyInviteService
from partylobby.services.lobby_search import LobbySearchService
from partylobby.services.parties import PartyService
from partylobby.services.quotas import QuotaService
from partylobby.services.sessions import SessionService
from partylobby.services.social import SocialService
from partylobby.store.chat import ChatStore
from partylobby.store.invitations import InvitationStore
from partylobby.store.lobbies import LobbyStore
from partylobby.store.parties import PartyStore
from partylobby.store.players import PlayerStore
from partylobby.store.presence import PresenceStore
from partylobby.store.quotas import QuotaStore
from partylobby.store.social import SocialStore
from partylobby.store.table import Table

if TYPE_CHECKING:
    from mypy_boto3_apigatewaymanagementapi import ApiGatewayManagementApiClient


@dataclass(frozen=True)
class Container:
    settings: Settings
    table: Table
    parties: PartyService
    social: SocialService
    chat: ChatService
    sessions: SessionService
    lobbies: LobbyService
    quotas: QuotaService
    lobby_invites: LobbyInviteService
    lobby_search: LobbySearchService


def build_container(
    settings: Settings,
    *,
    notifier: Notifier | None = None,
    clock: Clock = system_clock,
    management: ApiGatewayManagementApiClient | None = None,
) -> Container:
    """Production wiring from `settings`; tests pass fakes for the notifier, clock or management API."""
    table = Table(boto3.client("dynamodb", endpoint_url=settings.dynamodb_endpoint), settings.table_name)
    social = SocialStore(table)
    invitations = InvitationStore(table)
    presence = PresenceStore(table)
    party_store = PartyStore(table, presence, invitations)
    players = PlayerStore(table)
    management = management or _management_client(settings)
    if notifier is None:
        notifier = WebSocketNotifier(presence, management, clock) if management else NullNotifier()
    runner = CommandRunner(presence, notifier)
    parties = PartyService(
        parties=party_store,
        players=players,
        presence=presence,
        social=social,
        invitations=invitations,
        runner=runner,
        clock=clock,
        invitation_ttl=settings.invitation_ttl,
        profanity_languages=settings.profanity_languages,
    )
    lobby_store = LobbyStore(table, presence)
    lobbies = LobbyService(
        lobbies=lobby_store,
        parties=party_store,
        players=players,
        presence=presence,
        invitations=invitations,
        runner=runner,
        clock=clock,
    )
    return Container(
        settings=settings,
        table=table,
        parties=parties,
        social=SocialService(social, clock),
        chat=ChatService(parties=party_store, chat=ChatStore(table), runner=runner, clock=clock),
        sessions=SessionService(
            presence=presence,
            memberships={MembershipKind.PARTY: parties, MembershipKind.LOBBY: lobbies},
            clock=clock,
            offline_grace=settings.offline_grace,
            management=management,
        ),
        lobbies=lobbies,
        lobby_invites=LobbyInviteService(
            lobbies=lobby_store,
            joins=lobbies,
            invitations=invitations,
            runner=runner,
            clock=clock,
            ttl=settings.lobby_invite_ttl,
        ),
        quotas=QuotaService(QuotaStore(table), clock, settings.quotas),
        lobby_search=LobbySearchService(
            lobbies=lobby_store, presence=presence, players=players, invitations=invitations, clock=clock
        ),
    )


def _management_client(settings: Settings) -> ApiGatewayManagementApiClient | None:
    if not settings.ws_management_endpoint:
        return None
    pool = Config(max_pool_connections=PARALLEL_POSTS)  # one connection per post in flight
    return boto3.client("apigatewaymanagementapi", endpoint_url=settings.ws_management_endpoint, config=pool)
