"""Operational metrics: what an invocation counted goes out as CloudWatch EMF lines when it ends."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from partylobby.bootstrap import build_container
from partylobby.config import Settings
from partylobby.metrics import metrics, published, refused
from partylobby.quotas import Operation, QuotaExceeded, Quotas
from tests.service.conftest import World
from tests.support.fakes import FakeClock, FakeManagementApi
from tests.support.http import Call

Emf = dict[str, Any]


def emf_lines(out: str) -> list[Emf]:
    return [line for line in map(json.loads, filter(None, out.splitlines())) if "_aws" in line]


def counted(out: str) -> dict[str, float]:
    """Each metric's total over every EMF line written."""
    totals: dict[str, float] = {}
    for line in emf_lines(out):
        for definition in line["_aws"]["CloudWatchMetrics"][0]["Metrics"]:
            values = line[definition["Name"]]
            totals[definition["Name"]] = totals.get(definition["Name"], 0) + sum(
                values if isinstance(values, list) else [values]
            )
    return totals


def invocation(work: Callable[[], object]) -> None:
    published(work)()


@pytest.fixture
def pushing_world(moto_table: str, clock: FakeClock) -> tuple[World, FakeManagementApi]:
    management = FakeManagementApi()
    live = build_container(Settings(table_name=moto_table), clock=clock, management=management)  # type: ignore[arg-type]
    return World(live), management


def test_a_command_its_pushes_and_a_stale_socket_are_counted_under_the_service(
    pushing_world: tuple[World, FakeManagementApi], capsys: pytest.CaptureFixture[str]
) -> None:
    world, management = pushing_world
    party = world.party("alice", "bob")
    world.services.sessions.connected("bob", "bob-socket")
    world.services.sessions.connected("alice", "alice-old-socket")
    management.gone.add("alice-old-socket")
    metrics.clear_metrics()  # the setup's commands ran outside any invocation

    invocation(lambda: world.parties.set_global_data("alice", party.party_id, "go"))

    out = capsys.readouterr().out
    assert counted(out) == {"CommandsCommitted": 1, "PushesSent": 1, "StaleSocketsRemoved": 1}
    (line,) = emf_lines(out)
    assert line["service"] == "tests"
    assert line["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "PartyLobby"


def test_every_refusal_is_counted_by_its_err_code(call: Call, capsys: pytest.CaptureFixture[str]) -> None:
    status, answer = call("GET", "/parties/no-such-party", "alice")

    (line,) = [line for line in emf_lines(capsys.readouterr().out) if "Refusals" in line]
    assert status == 404
    assert (line["err_code"], line["Refusals"]) == (answer["err_code"], [1.0])


def test_a_quota_hit_is_counted(moto_table: str, clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    table = build_container(Settings(table_name=moto_table)).table
    quotas = Quotas(table, clock, {Operation.JOIN: 1})

    def twice() -> None:
        quotas.spend("alice", Operation.JOIN)
        with pytest.raises(QuotaExceeded):
            quotas.spend("alice", Operation.JOIN)

    invocation(twice)

    assert counted(capsys.readouterr().out) == {"QuotaHits": 1}


def test_an_invocation_that_counted_nothing_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    invocation(lambda: None)
    assert capsys.readouterr().out == ""


def test_with_metrics_disabled_nothing_is_written_and_nothing_accumulates(
    pushing_world: tuple[World, FakeManagementApi], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    world, _ = pushing_world
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")

    for _ in range(3):
        party_id = world.party("alice").party_id
        invocation(partial(world.parties.dismiss, "alice", party_id))
    refused("kBackendPartyNotFound")

    assert emf_lines(capsys.readouterr().out) == []
    assert metrics.metric_set == {}
