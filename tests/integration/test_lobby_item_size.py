"""A lobby is one DynamoDB item (400 KB): every state the lobby rules accept must fit in it, on DynamoDB Local.

The state at every cap is built by the pure rules, each step accepted, and only the last step goes through
the service and the store (64 members' updates one by one would only repeat it).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.errors import DomainError
from partylobby.domain.lobby import limits, rules
from partylobby.domain.lobby.attributes import size_of
from partylobby.domain.lobby.model import Attribute, AttributeUpdate, Change, Lobby, NewLobby
from partylobby.domain.membership import Entrant
from tests.support.lobbies import PUBLIC

pytestmark = pytest.mark.integration

T0 = datetime(2026, 1, 1, tzinfo=UTC)
PLAYERS = [f"{'p' * 125}{n:03}" for n in range(limits.MAX_MEMBERS)]  # ids of the longest length allowed
# At every cap: 100 attributes each, weighing exactly the bytes allowed as the domain counts them.
VALUE = 1000 - 2 - limits.ATTRIBUTE_OVERHEAD_BYTES, 40 - 2 - limits.ATTRIBUTE_OVERHEAD_BYTES  # key: 2 bytes
LOBBY_ATTRIBUTES = tuple(Attribute(f"{n:02}", "x" * VALUE[0]) for n in range(limits.MAX_ATTRIBUTES))
MEMBER_ATTRIBUTES = tuple(Attribute(f"{n:02}", "y" * VALUE[1]) for n in range(limits.MAX_ATTRIBUTES))


def full_lobby(members_with_attributes: int) -> Lobby:
    """A full lobby at the lobby's attribute cap, its first members at theirs: each step accepted by the rules."""
    params = NewLobby(limits.MAX_MEMBERS, PUBLIC, "bucket", attributes=LOBBY_ATTRIBUTES)
    lobby = rules.create("big-lobby", Entrant(PLAYERS[0]), params, T0).lobby
    for player in PLAYERS[1:]:
        lobby = rules.join(lobby, [Entrant(player)], T0).lobby
    for player in PLAYERS[:members_with_attributes]:
        lobby = rules.update_member(lobby, player, AttributeUpdate(MEMBER_ATTRIBUTES)).lobby
    return lobby


def test_the_attributes_used_sit_exactly_at_the_domains_caps() -> None:
    assert size_of(LOBBY_ATTRIBUTES) == limits.LOBBY_ATTRIBUTES_MAX_BYTES
    assert size_of(MEMBER_ATTRIBUTES) == limits.MEMBER_ATTRIBUTES_MAX_BYTES


def test_a_member_update_the_rules_accept_is_stored_or_refused_with_an_eos_code(services: Container) -> None:
    store = services.lobbies.lobbies
    lobby = full_lobby(members_with_attributes=63)  # every member but the last at their cap
    store.commit(Change(lobby, created=True), before=None)
    last = PLAYERS[63]
    assert rules.update_member(lobby, last, AttributeUpdate(MEMBER_ATTRIBUTES)).lobby.version == lobby.version + 1
    try:
        services.lobbies.update_member(last, lobby.lobby_id, AttributeUpdate(MEMBER_ATTRIBUTES))
    except DomainError as refused:
        assert refused.err_code == "EOS_LimitExceeded"
        assert store.load(lobby.lobby_id) == lobby
    else:
        stored = store.load(lobby.lobby_id)
        assert stored is not None and stored.member(last).attributes == {a.key: a for a in MEMBER_ATTRIBUTES}
