"""Shared fixtures. moto is imported before any handler module so that it patches the clients they build."""

from __future__ import annotations

import os

os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_DEFAULT_REGION="us-east-1",
    TABLE_NAME="party-lobby-test",
    POWERTOOLS_SERVICE_NAME="tests",
    POWERTOOLS_LOG_LEVEL="WARNING",
)

from collections.abc import Iterator

import boto3
import moto
import pytest

from local_gateway.template import table_definition
from partylobby.bootstrap import Container, build_container
from partylobby.config import Settings
from tests.support.fakes import FakeClock, RecordingNotifier


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def moto_table() -> Iterator[str]:
    """A moto-backed table created from template.yaml's own definition."""
    with moto.mock_aws():
        name = os.environ["TABLE_NAME"]
        boto3.client("dynamodb").create_table(**table_definition(name))
        yield name


@pytest.fixture
def services(moto_table: str, clock: FakeClock, notifier: RecordingNotifier) -> Container:
    return build_container(Settings(table_name=moto_table), notifier=notifier, clock=clock)
