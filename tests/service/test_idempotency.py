"""Idempotent retries: with an Idempotency-Key, a retry answers the first result and changes nothing."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from tests.support.http import caller
from tests.support.quota_window import at_the_start_of_a_minute


@pytest.fixture
def send(moto_table: str) -> Any:
    http = caller()

    def call(path: str, body: Any, key: str | None, player: str = "alice") -> tuple[int, Any]:
        return http("POST", path, player, body, headers={"idempotency-key": key} if key else None)

    return call


def test_a_retried_create_answers_the_first_party_and_creates_no_other(send: Any) -> None:
    first = send("/parties", {"party_name": "squad"}, "key-1")
    again = send("/parties", {"party_name": "squad"}, "key-1")
    assert first[0] == again[0] == 201
    assert again[1]["party_id"] == first[1]["party_id"]
    status, answer = send("/parties", {"party_name": "squad"}, None)  # no key: a real second create
    assert (status, answer["err_code"]) == (409, "kBackendPartyDuplicated")


def test_the_same_key_with_another_body_is_refused(send: Any) -> None:
    body = {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "a"}
    send("/lobbies", body, "key-2")
    status, answer = send("/lobbies", {**body, "max_members": 5}, "key-2")
    assert (status, answer["err_code"]) == (400, "EOS_InvalidParameters")


def test_a_retried_create_lobby_answers_the_same_lobby(send: Any) -> None:
    body = {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "a"}
    first, again = send("/lobbies", body, "key-3"), send("/lobbies", body, "key-3")
    assert first == again
    assert send("/lobbies", body, "key-4")[1]["lobby_id"] != first[1]["lobby_id"]


def test_keys_are_per_player(send: Any) -> None:
    body = {"max_members": 4, "permission_level": "PublicAdvertised", "bucket_id": "a"}
    mine, theirs = send("/lobbies", body, "same", "alice"), send("/lobbies", body, "same", "bob")
    assert mine[1]["owner_id"] == "alice" and theirs[1]["owner_id"] == "bob"


def test_a_key_too_long_is_400(send: Any) -> None:
    status, answer = send("/parties", {}, "k" * 129)
    assert (status, answer["err_code"]) == (400, "kBackendInvalidParams")


def forget_quota_counts(table_name: str) -> None:
    """As if the quota's window had passed."""
    table = boto3.resource("dynamodb").Table(table_name)
    for item in table.scan()["Items"]:
        if str(item["sk"]).startswith("QUOTA#"):
            table.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})


@at_the_start_of_a_minute
def test_a_refusal_that_may_pass_later_is_not_kept_so_the_retry_runs(send: Any, moto_table: str) -> None:
    party_id = send("/parties", {"party_name": "squad"}, None, "bob")[1]["party_id"]
    for _ in range(30):
        send("/parties/no-such-party/members", {}, None)
    assert send(f"/parties/{party_id}/members", {}, "join-squad")[0] == 429
    forget_quota_counts(moto_table)
    status, answer = send(f"/parties/{party_id}/members", {}, "join-squad")
    assert status == 200, answer
    assert "alice" in [m["player_id"] for m in answer["members"]]


def test_a_final_refusal_is_kept_and_replayed(send: Any) -> None:
    first = send("/parties/no-such-party/members", {}, "join-1")
    assert first[0] == 404
    assert send("/parties/no-such-party/members", {}, "join-1") == first
