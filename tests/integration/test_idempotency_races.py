"""Racing retries against DynamoDB Local: requests that share an Idempotency-Key run the route once.

Each racer is its own Lambda execution environment (the HTTP function imported afresh, with its own
clients), as concurrent requests are in production. The key's record is the lock, so every answer is the
one execution's result, replayed, or a 409 while it still runs.

The racers are threads of one process, and powertools' resolver keeps the event it is resolving on a class
attribute (`BaseRouter.current_event`) that all environments share. A race of requests that each reach the
resolver would therefore cross their events (another player's token, another body), which a real Lambda
environment, one request at a time, never does. Here only the execution the key lets through reaches the
resolver, so these races stay faithful; a race of distinct requests would need one process per racer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from partylobby.store.table import Table
from tests.integration.conftest import Race
from tests.integration.test_lobby_races import stored_lobbies
from tests.integration.test_party_races import stored_party_ids
from tests.support.http import caller

pytestmark = pytest.mark.integration

RACERS = 12
KEY = "retry-of-one-tap"
PARTY_STILL_RUNNING = "kBackendConcurrentModification"
LOBBY_STILL_RUNNING = "EOS_Lobby_ConcurrentModification"
LOBBY_INVALID = "EOS_InvalidParameters"
LOBBY = {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "race"}

Answer = tuple[int, Any]
Send = Callable[..., Answer]


@pytest.fixture
def environments(table_name: str, dynamodb_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> list[Send]:
    """RACERS warm instances of the HTTP function, each configured from the environment for the test's table."""
    monkeypatch.setenv("TABLE_NAME", table_name)
    monkeypatch.setenv("DYNAMODB_ENDPOINT", dynamodb_endpoint)
    return [environment() for _ in range(RACERS)]


def environment() -> Send:
    http = caller()

    def send(method: str, path: str, body: Any = None, key: str | None = None, player: str = "alice") -> Answer:
        return http(method, path, player, body, headers={"idempotency-key": key} if key else None)

    return send


def answers_of(race: Race, calls: list[Callable[[], Answer]]) -> list[Answer]:
    outcomes = race(calls)
    for outcome in outcomes:
        if outcome.error is not None:
            raise outcome.error
    return [outcome.value for outcome in outcomes]


def the_one_result(answers: list[Answer], still_running: str) -> Answer:
    """The one execution's answer: every answer is it, replayed as is, or a 409 saying it still runs."""
    results = [a for a in answers if not (a[0] == 409 and a[1]["err_code"] == still_running)]
    assert results, f"every racer was told the first request still runs: {answers}"
    assert all(result == results[0] for result in results), f"answers differ: {answers}"
    return results[0]


def test_a_create_party_sent_at_once_with_one_key_creates_one_party_and_every_answer_is_its_result(
    environments: list[Send], race: Race, table: Table
) -> None:
    answers = answers_of(
        race, [partial(send, "POST", "/parties", {"party_name": "squad"}, KEY) for send in environments]
    )

    status, party = the_one_result(answers, PARTY_STILL_RUNNING)
    assert status == 201
    assert stored_party_ids(table) == {party["party_id"]}
    current = environments[0]("GET", "/me/party")
    assert (current[0], current[1]["party_id"]) == (200, party["party_id"])
    assert environments[-1]("POST", "/parties", {"party_name": "squad"}, KEY) == (status, party)  # completed: replayed


def test_a_create_lobby_sent_at_once_with_one_key_creates_one_lobby_and_every_answer_is_its_result(
    environments: list[Send], race: Race, table: Table
) -> None:
    answers = answers_of(race, [partial(send, "POST", "/lobbies", LOBBY, KEY) for send in environments])

    status, lobby = the_one_result(answers, LOBBY_STILL_RUNNING)
    assert (status, lobby["owner_id"]) == (201, "alice")
    assert list(stored_lobbies(table)) == [lobby["lobby_id"]]
    assert environments[-1]("POST", "/lobbies", LOBBY, KEY) == (status, lobby)


def test_racing_lobby_creates_reusing_one_key_with_other_bodies_run_only_one_and_refuse_the_rest(
    environments: list[Send], race: Race, table: Table
) -> None:
    bodies = [{**LOBBY, "max_members": 2 + i} for i in range(RACERS)]
    answers = answers_of(
        race, [partial(s, "POST", "/lobbies", b, KEY) for s, b in zip(environments, bodies, strict=True)]
    )

    created = [(body, answer) for body, (status, answer) in zip(bodies, answers, strict=True) if status == 201]
    assert len(created) == 1, answers
    refused = [(status, answer["err_code"]) for status, answer in answers if status != 201]
    assert refused == [(400, LOBBY_INVALID)] * (RACERS - 1)
    (body, lobby), *_ = created
    assert {i: stored.max_members for i, stored in stored_lobbies(table).items()} == {
        lobby["lobby_id"]: body["max_members"]
    }
