"""Integration tier: the store and services against DynamoDB Local (AWS's engine), with real threads.

DynamoDB Local starts once per session; every test gets a fresh table made from template.yaml's
definition. These tests talk to a real endpoint, never to moto (moto only intercepts inside
`mock_aws()`, which this tier never enters).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import boto3
import pytest
from botocore.config import Config

from local_gateway.dynamodb_local import DynamoDBLocal, DynamoDBLocalError
from local_gateway.template import table_definition, ttl_attribute
from partylobby.bootstrap import Container, build_container
from partylobby.config import Settings
from partylobby.store.parties import PartyStore
from partylobby.store.presence import PresenceStore
from partylobby.store.table import Table
from tests.support.fakes import FakeClock, RecordingNotifier

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

INVITATION_TTL_SECONDS = 60


@pytest.fixture(scope="session")
def dynamodb_endpoint() -> Iterator[str]:
    try:
        db = DynamoDBLocal().start()
    except DynamoDBLocalError as error:
        pytest.fail(f"integration tests need DynamoDB Local: {error}", pytrace=False)
    try:
        yield db.endpoint
    finally:
        db.stop()


@pytest.fixture(scope="session")
def dynamodb(dynamodb_endpoint: str) -> DynamoDBClient:
    """A low-level client for set-up and for looking at the raw items."""
    return boto3.client("dynamodb", endpoint_url=dynamodb_endpoint, config=Config(max_pool_connections=32))


@pytest.fixture
def table_name(dynamodb: DynamoDBClient) -> Iterator[str]:
    name = f"it-{uuid4().hex[:12]}"
    dynamodb.create_table(**table_definition(name))
    dynamodb.update_time_to_live(
        TableName=name, TimeToLiveSpecification={"AttributeName": ttl_attribute(), "Enabled": True}
    )
    yield name
    dynamodb.delete_table(TableName=name)


@pytest.fixture
def services(table_name: str, dynamodb_endpoint: str, clock: FakeClock, notifier: RecordingNotifier) -> Container:
    """The same composition root as production, pointed at DynamoDB Local."""
    settings = Settings(
        table_name=table_name,
        dynamodb_endpoint=dynamodb_endpoint,
        invitation_ttl=timedelta(seconds=INVITATION_TTL_SECONDS),
    )
    return build_container(settings, notifier=notifier, clock=clock)


@pytest.fixture(scope="module")
def module_services(dynamodb: DynamoDBClient, dynamodb_endpoint: str) -> Iterator[Container]:
    """A table and services of their own for a module whose tests only read what it seeds once (seeding
    takes most of their time); its clock is a FakeClock."""
    name = f"it-{uuid4().hex[:12]}"
    dynamodb.create_table(**table_definition(name))
    settings = Settings(table_name=name, dynamodb_endpoint=dynamodb_endpoint)
    yield build_container(settings, notifier=RecordingNotifier(), clock=FakeClock())
    dynamodb.delete_table(TableName=name)


@pytest.fixture
def table(table_name: str, dynamodb: DynamoDBClient) -> Table:
    return Table(dynamodb, table_name)


@pytest.fixture
def party_store(table: Table) -> PartyStore:
    return PartyStore(table, PresenceStore(table))


@dataclass(frozen=True)
class Outcome:
    """What one racer got: a value, or the exception it raised."""

    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


Race = Callable[[Sequence[Callable[[], Any]]], list[Outcome]]


def race(calls: Sequence[Callable[[], Any]], timeout: float = 60.0) -> list[Outcome]:
    """Run every call on its own thread, released together by a barrier; outcomes in call order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[Outcome | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            outcomes[index] = Outcome(value=call())
        except Exception as error:
            outcomes[index] = Outcome(error=error)

    threads = [threading.Thread(target=run, args=(i, c), daemon=True) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert all(not t.is_alive() for t in threads), "a racer did not finish"
    return [o for o in outcomes if o is not None]


@pytest.fixture(name="race")
def race_fixture() -> Race:
    return race
