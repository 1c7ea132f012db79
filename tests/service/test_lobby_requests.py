"""Every lobby command at a small, fixed number of DynamoDB requests, whatever the lobby's size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from partylobby.bootstrap import Container
from partylobby.domain.lobby.model import Attribute, AttributeUpdate, LobbyUpdate, NewLobby, PermissionLevel
from partylobby.domain.lobby.search import Query
from partylobby.store.search_index import SHARDS
from tests.support.capacity import requests_of

PUBLIC = PermissionLevel.PUBLIC_ADVERTISED


def requests(services: Container, command: Callable[[], Any]) -> list[str]:
    return requests_of(services.lobbies.lobbies.table.client, command)


@pytest.mark.parametrize("members", [1, 32, 63])
def test_each_lobby_command_costs_the_same_few_requests_whatever_the_lobbys_size(
    services: Container, members: int
) -> None:
    lobbies = services.lobbies
    lobby = lobbies.create("owner", NewLobby(64, PUBLIC, "eu", attributes=(Attribute("level", 3),))).lobby
    lid = lobby.lobby_id
    for n in range(members - 1):
        lobbies.join(f"m{n}", lid)
    joiner = "late"

    assert requests(services, lambda: lobbies.create("solo", NewLobby(4, PUBLIC, "us"))) == [
        "GetItem", "TransactWriteItems"
    ]  # fmt: skip
    assert requests(services, lambda: lobbies.get("owner", lid)) == ["GetItem"]
    assert requests(services, lambda: lobbies.join(joiner, lid)) == [
        "GetItem", "BatchGetItem", "Query", "TransactWriteItems", "BatchGetItem"
    ]  # fmt: skip
    one_write = ["GetItem", "TransactWriteItems", "BatchGetItem"]
    assert requests(services, lambda: lobbies.update("owner", lid, LobbyUpdate(allow_invites=False))) == one_write
    update = AttributeUpdate((Attribute("ready", True),))
    assert requests(services, lambda: lobbies.update_member(joiner, lid, update)) == [
        "GetItem", "UpdateItem", "BatchGetItem"
    ]  # fmt: skip
    search = Query(bucket_id="us")  # a Query of each shard of the bucket's index at once, then the lobby found
    assert requests(services, lambda: services.lobby_search.find("x", search)) == [*["Query"] * SHARDS, "BatchGetItem"]
    assert requests(services, lambda: lobbies.promote("owner", lid, joiner)) == one_write
    assert requests(services, lambda: lobbies.kick(joiner, lid, "owner")) == [*one_write, "Query"]  # their invites
    assert requests(services, lambda: lobbies.leave(joiner, lid)) == one_write


def test_a_container_reads_a_lobby_its_searches_show_once_a_moment_and_its_own_change_shows_at_once(
    services: Container,
) -> None:
    lobbies, search = services.lobbies, Query(bucket_id="kept")
    lid = lobbies.create("owner", NewLobby(4, PUBLIC, "kept", attributes=(Attribute("map", "a"),))).lobby.lobby_id

    def shown() -> list[str]:
        return [str(view.lobby.attributes["map"].value) for view in services.lobby_search.find("x", search)]

    assert requests(services, shown) == [*["Query"] * SHARDS, "BatchGetItem"]
    assert requests(services, shown) == ["Query"] * SHARDS  # kept: the index is read, the lobby is not
    lobbies.update("owner", lid, LobbyUpdate(set_attributes=(Attribute("map", "b"),)))
    assert requests(services, shown) == [*["Query"] * SHARDS, "BatchGetItem"]
    assert shown() == ["b"]
