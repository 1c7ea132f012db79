"""Stage throttles in the local stack, over real sockets: a route past its burst is API Gateway's own 429,
before any function runs; `--parameter-overrides` sets them as `sam deploy` would."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
import requests

from tests.e2e.conftest import ROOT, RunningStack, start_stack, stop, wait_until_ready

pytestmark = pytest.mark.e2e

BURST = 3


@pytest.fixture(scope="module")
def throttled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningStack, str]]:
    log = tmp_path_factory.mktemp("throttled") / "stack.log"
    overrides = [f"ReadBurstLimit={BURST}", "ReadRateLimit=0.2", "--embedded-db", "moto"]
    running = start_stack(log, "t" * 43, "--parameter-overrides", *overrides)
    url = wait_until_ready(running)
    yield running, url
    stop(running)


def test_a_read_route_past_its_burst_is_api_gateways_429(throttled: tuple[RunningStack, str]) -> None:
    _, url = throttled
    token = requests.post(f"{url}/dev/token", json={"player_id": "reader"}, timeout=10).json()["token"]
    session = requests.Session()
    answers = [
        session.get(f"{url}/me/party", headers={"Authorization": f"Bearer {token}"}, timeout=10) for _ in range(6)
    ]

    assert [a.status_code for a in answers[:BURST]] == [404] * BURST  # not in a party: the function ran
    refused = answers[BURST:]
    assert {a.status_code for a in refused} == {429}
    assert all(a.json() == {"message": "Too Many Requests"} for a in refused)


def test_another_route_class_keeps_its_own_bucket(throttled: tuple[RunningStack, str]) -> None:
    _, url = throttled
    token = requests.post(f"{url}/dev/token", json={"player_id": "creator"}, timeout=10).json()["token"]
    created = requests.post(f"{url}/parties", json={}, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert created.status_code == 201


def test_the_banner_prints_the_overridden_limits(throttled: tuple[RunningStack, str]) -> None:
    running, _ = throttled
    assert f"0.2/s (burst {BURST})" in running.output()


def test_an_unknown_parameter_is_refused_at_start() -> None:
    command = [sys.executable, "-m", "local_gateway", "--parameter-overrides", "NoSuchParameter=1"]
    finished = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert finished.returncode == 2
    assert "NoSuchParameter" in finished.stderr
