"""Idempotency's powertools objects (the DynamoDB store, the config) are built once per container, on its first
request with an Idempotency-Key, and serve every later one."""

from __future__ import annotations

from typing import Any

import pytest
from aws_lambda_powertools.utilities import idempotency

from tests.support.http import caller

NEW_LOBBY = {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "a"}


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of each store and config built, in order."""
    names: list[str] = []

    class CountedStore(idempotency.DynamoDBPersistenceLayer):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            names.append("store")
            super().__init__(*args, **kwargs)

    class CountedConfig(idempotency.IdempotencyConfig):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            names.append("config")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(idempotency, "DynamoDBPersistenceLayer", CountedStore)
    monkeypatch.setattr(idempotency, "IdempotencyConfig", CountedConfig)
    return names


def test_built_on_the_first_keyed_request_then_reused(moto_table: str, built: list[str]) -> None:
    call = caller()
    assert call("POST", "/parties", "carol", {"party_name": "none"})[0] == 201  # no key: nothing to build
    assert built == []

    first = call("POST", "/parties", "alice", {"party_name": "a"}, headers={"idempotency-key": "k1"})
    assert sorted(built) == ["config", "store"]
    again = call("POST", "/parties", "alice", {"party_name": "a"}, headers={"idempotency-key": "k1"})
    other = call("POST", "/parties", "bob", {"party_name": "b"}, headers={"idempotency-key": "k2"})
    party_id = first[1]["party_id"]
    joined = call("POST", f"/parties/{party_id}/members", "dave", headers={"idempotency-key": "k3"})
    assert (first[0], again, other[0], joined[0]) == (201, first, 201, 200)
    assert sorted(built) == ["config", "store"], "the party function's container built them once"

    call("POST", "/lobbies", "alice", NEW_LOBBY, headers={"idempotency-key": "k4"})
    call("POST", "/lobbies", "alice", NEW_LOBBY, headers={"idempotency-key": "k5"})
    assert sorted(built) == ["config", "config", "store", "store"], "the lobby function's container: once too"
