"""Once a command has committed, nothing after it fails the request: a retry would run it again."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.service.conftest import World


def test_a_join_whose_pushes_cannot_be_addressed_still_answers_and_holds(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    party = world.party("alice")

    def unreadable(*_: object) -> None:
        raise ClientError({"Error": {"Code": "InternalServerError", "Message": "x"}}, "BatchGetItem")

    monkeypatch.setattr(world.services.publisher.presence, "sockets_of", unreadable)
    joined = world.parties.join("bob", party.party_id)

    assert [m.player_id for m in joined.party.members] == ["alice", "bob"]
    assert joined.online == frozenset()
