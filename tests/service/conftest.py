"""Service tier helpers: players as short names, parties made in one line."""

from __future__ import annotations

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.party.model import JoinStrategy, NewParty, Party
from tests.support.http import Call, caller


class World:
    """A thin scenario helper over the real services."""

    def __init__(self, services: Container) -> None:
        self.services = services
        self.parties = services.parties
        self.social = services.social

    def party(self, leader: str, *members: str, **settings: object) -> Party:
        party = self.parties.create(leader, NewParty(**settings)).party  # type: ignore[arg-type]
        for member in members:
            party = self.parties.join(member, party.party_id).party
        return party

    def friends(self, a: str, b: str) -> None:
        self.social.befriend(a, b)
        self.social.befriend(b, a)

    def strategy(self, party: Party, join: JoinStrategy) -> Party:
        return self.parties.set_strategy(party.leader_id, party.party_id, join, None).party


@pytest.fixture
def world(services: Container) -> World:
    return World(services)


@pytest.fixture
def call(moto_table: str) -> Call:
    """The HTTP function, called in-process on moto."""
    return caller()
