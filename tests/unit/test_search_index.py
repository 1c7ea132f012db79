"""The search index entries of a lobby, and the writes a change makes to them: none unless one changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import pytest

from partylobby.bootstrap import build_container
from partylobby.config import Settings
from partylobby.domain.lobby.model import Attribute, Lobby, Member, PermissionLevel, Visibility
from partylobby.store.search_index import AGE, ENTRY, IndexedKeys, entries, entry_writes
from partylobby.store.sortable import sortable_number, sortable_string

T0 = datetime(2026, 12, 1, tzinfo=UTC)
INDEXED = IndexedKeys({"level": "number", "mode": "string", "map": "string"}, shards=8)


def lobby(
    members: int = 2, *attributes: Attribute, level: PermissionLevel = PermissionLevel.PUBLIC_ADVERTISED
) -> Lobby:
    seats = tuple(Member(f"p{n}", T0, n) for n in range(1, members + 1))
    return Lobby(
        lobby_id="0b1e7c3a-lobby", owner_id="p1", permission_level=level, max_members=4, allow_invites=True,
        bucket_id="ranked:eu#1", disable_host_migration=False, created_at=T0, version=members, members=seats,
        attributes=MappingProxyType({a.key: a for a in attributes}),
    )  # fmt: skip


ATTRIBUTES = (
    Attribute("level", 42),
    Attribute("mode", "ctf"),
    Attribute("map", 3),  # a number on a key indexed for strings: not indexed
    Attribute("region", "eu"),  # a key no search indexes
    Attribute("secret", "x", Visibility.PRIVATE),
)


class Writes:
    """A table that only builds writes, to tell puts from deletes."""

    def put_write(self, item: dict[str, Any]) -> tuple[str, str]:
        return "put", item["sk"]

    def delete_write(self, key: dict[str, Any]) -> tuple[str, str]:
        return "delete", key["sk"]


def writes(before: Lobby | None, after: Lobby | None) -> list[Any]:
    return entry_writes(Writes(), before, after, INDEXED)  # type: ignore[arg-type]


def test_a_searchable_lobby_holds_its_age_and_each_public_indexed_attribute_of_the_keys_type() -> None:
    found = entries(lobby(2, *ATTRIBUTES), INDEXED)
    assert sorted(found) == [ENTRY + AGE, ENTRY + "level", ENTRY + "level~down", ENTRY + "mode"]
    level = found[ENTRY + "level"]
    assert level["pk"] == "LOBBY#0b1e7c3a-lobby"
    assert level["searchsk"] == f"{sortable_number(42)}2026-12-01T00:00:00.000Z#0b1e7c3a-lobby"
    assert found[ENTRY + "mode"]["searchsk"].startswith(sortable_string("ctf"))
    shard = level["searchpk"].split("#")[2]
    assert level["searchpk"] == f"SEARCH#level#{shard}#ranked:eu#1" and 0 <= int(shard) < 8  # the bucket, last


def test_a_number_s_mirror_entry_holds_it_negated_so_that_reading_up_walks_down() -> None:
    mirrored = entries(lobby(2, Attribute("level", 42)), INDEXED)[ENTRY + "level~down"]
    assert mirrored["searchsk"] == f"{sortable_number(-42)}2026-12-01T00:00:00.000Z#0b1e7c3a-lobby"
    assert mirrored["searchpk"].startswith("SEARCH#level~down#")


def test_a_lobby_no_bucket_search_may_find_holds_no_entry() -> None:
    assert entries(lobby(4, *ATTRIBUTES), INDEXED) == {}  # full
    assert entries(lobby(2, *ATTRIBUTES, level=PermissionLevel.INVITE_ONLY), INDEXED) == {}
    assert entries(None, INDEXED) == {}


def test_a_change_no_entry_sees_writes_nothing() -> None:
    two = lobby(2, *ATTRIBUTES)
    assert writes(two, lobby(3, *ATTRIBUTES)) == []  # a join that leaves a seat free
    assert (
        writes(two, replace(two, attributes=MappingProxyType({**two.attributes, "region": Attribute("region", "us")})))
        == []
    )
    assert (
        writes(
            two,
            replace(
                two,
                attributes=MappingProxyType({**two.attributes, "secret": Attribute("secret", "y", Visibility.PRIVATE)}),
            ),
        )
        == []
    )


def test_a_changed_indexed_value_writes_its_one_entry() -> None:
    two = lobby(2, *ATTRIBUTES)
    assert writes(
        two, replace(two, attributes=MappingProxyType({**two.attributes, "level": Attribute("level", 43)}))
    ) == [("put", "SEARCH#level"), ("put", "SEARCH#level~down")]
    hidden = replace(
        two, attributes=MappingProxyType({**two.attributes, "mode": Attribute("mode", "ctf", Visibility.PRIVATE)})
    )
    assert writes(two, hidden) == [("delete", "SEARCH#mode")]


def test_becoming_searchable_or_not_writes_every_entry_once() -> None:
    entries_of_four = [
        ("put", ENTRY + AGE),
        ("put", "SEARCH#level"),
        ("put", "SEARCH#level~down"),
        ("put", "SEARCH#mode"),
    ]
    assert writes(None, lobby(1, *ATTRIBUTES)) == entries_of_four  # created
    assert writes(lobby(4, *ATTRIBUTES), lobby(3, *ATTRIBUTES)) == entries_of_four  # a seat freed
    assert sorted(writes(lobby(3, *ATTRIBUTES), lobby(4, *ATTRIBUTES))) == [("delete", s) for _, s in entries_of_four]
    assert len(writes(lobby(2, *ATTRIBUTES), None)) == 4  # destroyed


def test_the_indexed_keys_are_read_from_the_templates_list() -> None:
    parsed = IndexedKeys.parse(" level:number, mode:string,map:string ,")
    assert parsed.kinds == {"level": "number", "mode": "string", "map": "string"}
    assert IndexedKeys.parse("").kinds == {}


@pytest.mark.parametrize(
    "spec",
    ["level", "level:bool", "le vel:number", "@age:number", "a#b:string", "level:number,level:string",
     ",".join(f"n{i}:number" for i in range(11))],
)  # fmt: skip
def test_a_list_the_index_cannot_serve_is_refused_with_what_is_wrong(spec: str) -> None:
    with pytest.raises(ValueError, match=r"key:number|twice|at most"):
        IndexedKeys.parse(spec)


def test_a_container_indexes_the_keys_its_environment_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABLE_NAME", "t")
    monkeypatch.setenv("SEARCHABLE_ATTRIBUTES", "elo:number,queue:string")
    assert build_container(Settings.from_env()).indexed_keys.kinds == {"elo": "number", "queue": "string"}
    monkeypatch.setenv("SEARCHABLE_ATTRIBUTES", "elo:float")
    with pytest.raises(ValueError, match="key:number or key:string"):
        _ = build_container(Settings.from_env()).indexed_keys
