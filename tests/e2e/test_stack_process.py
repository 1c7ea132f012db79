"""The stack as a process: Ctrl-C and SIGTERM, an external DynamoDB endpoint. Each test runs stacks of its own."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
import requests
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from local_gateway.embedded_db import MotoEngine
from tests.e2e.conftest import Stack, start_stack, wait_until_ready

pytestmark = pytest.mark.e2e


def test_stack_answers_ctrl_c_with_a_clean_exit(tmp_path: Path) -> None:
    running = start_stack(tmp_path / "stack.log", "s" * 43)
    url = wait_until_ready(running)
    assert requests.post(f"{url}/dev/token", json={"player_id": "a"}, timeout=10).status_code == 200

    running.process.send_signal(signal.SIGINT)

    assert running.process.wait(10) == 0, running.output()
    output = running.output()
    assert "Traceback" not in output
    labels = ("HTTP API", "WebSocket", "?token=<JWT>", "@connections", "Sweeper", "DynamoDB", "OpenAPI", "/dev/token")
    for label in labels:
        assert label in output


def test_stack_stops_cleanly_with_sockets_open(tmp_path: Path) -> None:
    running = start_stack(tmp_path / "stack.log", "s" * 43)
    stack = Stack(wait_until_ready(running), "s" * 43, running.ws_url)
    assert running.ws_url.startswith("ws://127.0.0.1:")
    alice = stack.player("alice")
    with connect(f"{stack.ws_url}/?token={alice.token}", open_timeout=10) as socket:
        running.process.send_signal(signal.SIGTERM)
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001  # going away
    assert running.process.wait(10) == 0, running.output()
    assert "Traceback" not in running.output()


@pytest.fixture
def external_dynamodb() -> Iterator[str]:
    """A DynamoDB endpoint the stack does not own (moto here; DynamoDB Local or AWS alike)."""
    database = MotoEngine()
    yield database.endpoint
    database.stop()


def test_stack_on_a_given_endpoint_creates_the_table_once_and_keeps_data_across_restarts(
    tmp_path: Path, external_dynamodb: str
) -> None:
    secret = "k" * 43  # LOCAL_JWT_SECRET: tokens outlive a restart too
    flags = ("--dynamodb-endpoint", external_dynamodb, "--table-name", "e2e-external")
    first = start_stack(tmp_path / "first.log", secret, *flags)
    alice = Stack(wait_until_ready(first), secret).player("alice")
    party = alice.create_party(party_name="kept")
    first.process.send_signal(signal.SIGTERM)
    assert first.process.wait(10) == 0, first.output()

    second = start_stack(tmp_path / "second.log", secret, *flags)
    try:
        alice.url = wait_until_ready(second)
        assert alice.get("/me/party").json() == party
    finally:
        second.process.terminate()
        assert second.process.wait(10) == 0, second.output()
    ttl = boto3.client("dynamodb", endpoint_url=external_dynamodb).describe_time_to_live(TableName="e2e-external")
    assert ttl["TimeToLiveDescription"] == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires_at"}
