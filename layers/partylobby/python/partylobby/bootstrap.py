"""The composition root: clients and services, built once per container."""

from __future__ import annotations

from dataclasses import dataclass

import boto3

from partylobby.clock import Clock, system_clock
from partylobby.config import Settings
from partylobby.push.notifier import Notifier, NullNotifier
from partylobby.services.parties import PartyService
from partylobby.services.social import SocialService
from partylobby.store.parties import PartyStore
from partylobby.store.players import PlayerStore
from partylobby.store.table import Table


@dataclass(frozen=True)
class Container:
    settings: Settings
    parties: PartyService
    social: SocialService


def build_container(
    settings: Settings, notifier: Notifier | None = None, clock: Clock = system_clock
) -> Container:
    client = boto3.client("dynamodb", endpoint_url=settings.dynamodb_endpoint)
    table = Table(client, settings.table_name)
    players = PlayerStore(table)
    return Container(
        settings=settings,
        parties=PartyService(
            parties=PartyStore(table),
            players=players,
            notifier=notifier or NullNotifier(),
            clock=clock,
            invitation_ttl=settings.invitation_ttl,
        ),
        social=SocialService(players, clock),
    )
