"""`make invoke`: every file of events/ runs through its function in-process, against a running stack's DynamoDB."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from tests.e2e.conftest import ROOT, Player, Stack, players_of, running_stack, state_file
from tests.support.http import http_event, route_of
from tests.support.lambdas import load
from tests.test_events import ENV_FILE, EVENT_FILES, HTTP_EVENT_FILES, target_function

INVOKE_TIMEOUT_SECONDS = 60
HTTP_FUNCTIONS = {target_function(f) for f in HTTP_EVENT_FILES}


@dataclass(frozen=True)
class InvokeStack:
    stack: Stack
    state: Path

    def invoke(self, function: str, event_file: Path) -> tuple[int, str, str]:
        """What `make invoke FN=<function> EVENT=<file>` runs, pointed at this stack: status, stdout, stderr."""
        command = [sys.executable, "-m", "local_gateway.invoke", function, "-e", str(event_file)]
        command += ["--env-vars", str(ENV_FILE), "--state-file", str(self.state)]
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=INVOKE_TIMEOUT_SECONDS, check=False
        )
        return done.returncode, done.stdout, done.stderr

    def answer(self, function: str, event_file: Path) -> dict[str, Any]:
        """The handler's return value: the one JSON document on stdout of a run that succeeded."""
        status, out, err = self.invoke(function, event_file)
        assert status == 0, err
        answer: dict[str, Any] = json.loads(out)
        return answer


@pytest.fixture(scope="module")
def invoking(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InvokeStack]:
    """A stack of its own: the sample events act as the players they name (alice, bob)."""
    log = tmp_path_factory.mktemp("invoke") / "stack.log"
    with running_stack(log) as stack:
        yield InvokeStack(stack, state_file(log))


@pytest.fixture
def invoke_player(invoking: InvokeStack) -> Iterator[Callable[[str], Player]]:
    with players_of(invoking.stack) as new:
        yield new


def write_event(directory: Path, event: dict[str, Any]) -> Path:
    path = directory / f"event-{uuid4().hex[:8]}.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    return path


def check_answer(function: str, answer: dict[str, Any]) -> None:
    """The shape each kind of function answers: HTTP and WebSocket responses, an IAM policy, a sweep count."""
    if function in HTTP_FUNCTIONS:
        assert 200 <= answer["statusCode"] < 500, answer
        assert answer["headers"]["Content-Type"] == "application/json"
        assert isinstance(json.loads(answer["body"]), dict)
    elif function == "WebSocketFunction":
        assert answer == {"statusCode": 200}
    elif function == "WebSocketAuthorizerFunction":
        assert answer["principalId"] == "alice"
        assert answer["policyDocument"]["Statement"][0]["Effect"] == "Allow"
    else:
        assert function == "SweeperFunction"
        assert isinstance(answer["removed"], int)


@pytest.mark.parametrize("event_file", EVENT_FILES, ids=lambda f: f.name)
def test_every_sample_event_runs_through_make_invoke_against_the_stack(event_file: Path, invoking: InvokeStack) -> None:
    function = target_function(event_file)
    check_answer(function, invoking.answer(function, event_file))


def test_an_invoked_create_party_is_in_the_stacks_table(invoking: InvokeStack, tmp_path: Path) -> None:
    player = invoking.stack.player("invoker")
    event = http_event("POST", "/parties", player.id, body={"party_name": "Friday raid", "max_player": 4})
    answer = invoking.answer("PartyApiFunction", write_event(tmp_path, event))
    assert answer["statusCode"] == 201, answer
    created = json.loads(answer["body"])

    current = player.get("/me/party")  # over the stack's HTTP API

    assert current.status_code == 200, current.text
    assert (current.json()["party_id"], current.json()["party_name"]) == (created["party_id"], "Friday raid")


def test_an_invoked_join_pushes_to_the_players_connected_to_the_stack(
    invoking: InvokeStack, invoke_player: Callable[[str], Player], tmp_path: Path
) -> None:
    leader = invoke_player("leader")
    socket = leader.connect()
    party = leader.create_party(party_name="squad")
    joiner = f"joiner-{uuid4().hex[:8]}"
    path = f"/parties/{party['party_id']}/members"
    event = http_event("POST", path, joiner)

    answer = invoking.answer(route_of("POST", path)[0], write_event(tmp_path, event))

    assert answer["statusCode"] == 200, answer
    assert socket.expect("OnPartyMemberJoined")["player_id"] == joiner


def test_a_handler_that_raises_prints_lambdas_error_document(invoking: InvokeStack, tmp_path: Path) -> None:
    event = load(ROOT / "events" / "ws_authorizer_connect.json")
    event["queryStringParameters"] = {"token": "not-a-jwt"}
    status, out, _ = invoking.invoke("WebSocketAuthorizerFunction", write_event(tmp_path, event))
    assert status == 1
    error = json.loads(out)
    assert (error["errorType"], error["errorMessage"]) == ("Exception", "Unauthorized")
    assert error["requestId"] and isinstance(error["stackTrace"], list)


def test_without_a_running_stack_invoke_says_so(tmp_path: Path) -> None:
    absent = InvokeStack(Stack(url="", secret=""), tmp_path / "stack.json")
    status, out, err = absent.invoke("SweeperFunction", ROOT / "events" / "sweeper_every_minute.json")
    assert (status, out) == (2, "")
    assert "no local stack is running" in err and "make run" in err


def test_make_invoke_runs_the_invoke_module_with_the_sample_env_file() -> None:
    event = "events/http_api_create_party.json"
    command = ["make", "--no-print-directory", "-n", "invoke", "FN=PartyApiFunction", f"EVENT={event}"]
    planned = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=30, check=True).stdout
    expected = f"-m local_gateway.invoke PartyApiFunction -e {event} --env-vars events/env.json"
    assert expected + " --state-file .local/stack.json" in planned.splitlines()[-1]


def test_make_invoke_finds_a_stack_started_with_another_state_file() -> None:
    command = ["make", "--no-print-directory", "-n", "invoke", "FN=F", "EVENT=e.json", "STATE_FILE=/tmp/s.json"]
    planned = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=30, check=True).stdout
    assert planned.splitlines()[-1].endswith("--state-file /tmp/s.json")
