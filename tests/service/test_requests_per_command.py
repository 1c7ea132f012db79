"""Every party command at its floor: DynamoDB requests per command, whatever the party's size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.party.chat import ChatType
from partylobby.domain.party.model import JoinStrategy, NewParty
from tests.service.conftest import World
from tests.support.capacity import requests_of


def requests(services: Container, command: Callable[[], Any]) -> list[str]:
    return requests_of(services.parties.parties.table.client, command)


@pytest.mark.parametrize("members", [1, 16, 63])
def test_each_party_command_costs_the_same_few_requests_whatever_the_partys_size(world: World, members: int) -> None:
    services = world.services
    parties = services.parties
    party = world.party("lead", *(f"m{n}" for n in range(members)), max_player=64, enable_chatting=True)
    pid = party.party_id
    last = f"m{members - 1}"

    assert requests(services, lambda: parties.create("solo", NewParty())) == ["GetItem", "TransactWriteItems"]
    assert requests(services, lambda: parties.get("lead", pid)) == ["GetItem", "BatchGetItem"]
    assert requests(services, lambda: parties.set_global_data("lead", pid, "x")) == [
        "GetItem", "TransactWriteItems", "BatchGetItem"
    ]  # fmt: skip
    assert requests(services, lambda: services.chat.send("lead", pid, ChatType.TEXT, "hi")) == [
        "GetItem", "UpdateItem", "PutItem", "BatchGetItem"
    ]  # fmt: skip
    assert requests(services, lambda: parties.leave(last, pid)) == ["GetItem", "TransactWriteItems", "BatchGetItem"]
    assert requests(services, lambda: parties.join(last, pid)) == [
        "GetItem", "BatchGetItem", "TransactWriteItems", "BatchGetItem"
    ]  # fmt: skip
    for command in (
        lambda: parties.set_strategy("lead", pid, JoinStrategy.ONLY_FRIENDS_OF_MEMBERS, None),
        lambda: parties.transfer_leader("lead", pid, last),
        lambda: parties.kick(last, pid, "lead"),
        lambda: parties.invite(last, pid, ["guest"]),
        lambda: parties.join("guest", pid),
        lambda: parties.dismiss(last, pid),
    ):
        assert len(requests(services, command)) <= 4
