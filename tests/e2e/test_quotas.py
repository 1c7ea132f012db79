"""Per-player quotas over real HTTP: the local stack enforces them with the same code as in AWS."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.e2e.conftest import Player
from tests.support.quota_window import early_in_a_window

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]


def test_the_thirty_first_search_in_a_minute_is_429_with_retry_after(new_player: NewPlayer) -> None:
    alice, bob = new_player("alice"), new_player("bob")
    early_in_a_window()  # so that all 31 requests fall in one quota window
    statuses = [alice.post("/lobbies/search", {"bucket_id": "quota"}).status_code for _ in range(30)]
    refused = alice.post("/lobbies/search", {"bucket_id": "quota"})

    assert statuses == [200] * 30
    assert refused.status_code == 429
    assert refused.json()["err_code"] == "EOS_TooManyRequests"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert bob.post("/lobbies/search", {"bucket_id": "quota"}).status_code == 200


def test_the_thirty_first_connect_in_a_minute_is_refused_429_with_retry_after(new_player: NewPlayer) -> None:
    alice = new_player("alice")
    early_in_a_window()  # so that all 31 connects fall in one quota window
    for _ in range(30):
        alice.connect().close()
    with pytest.raises(InvalidStatus) as refused:
        connect(f"{alice.ws_url}/?token={alice.token}", open_timeout=10)
    assert refused.value.response.status_code == 429
    assert 1 <= int(refused.value.response.headers["Retry-After"]) <= 60
