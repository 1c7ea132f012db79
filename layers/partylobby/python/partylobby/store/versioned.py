"""Writes of an aggregate's state item, conditioned on the version the command read (optimistic locking)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from partylobby.domain.membership import MembershipChange
from partylobby.store.table import ConditionFailed, Item, Table, VersionConflict, Write

VERSION = MappingProxyType({"#v": "version"})
AT_VERSION = "#v = :expected"


def unchanged(table: Table, key: Mapping[str, Any], version: int) -> Write:
    """A transaction item that holds only while the state is still at `version`."""
    return table.check_write(key, AT_VERSION, names=VERSION, values={":expected": version})


def put(table: Table, item: Mapping[str, Any], expected: int) -> Write:
    return table.put_write(item, AT_VERSION, names=VERSION, values={":expected": expected})


def delete(table: Table, key: Mapping[str, Any], expected: int) -> Write:
    return table.delete_write(key, AT_VERSION, names=VERSION, values={":expected": expected})


def commuting_update(table: Table, key: Mapping[str, Any], update: str, condition: str, **expr: Any) -> Item:
    """A write that needs no version condition (members' own entries are independent) yet bumps `version`
    by one (`update` says `ADD #v :one`); its own `condition` failing is a conflict all the same."""
    try:
        return table.update(key, update, condition, **expr)
    except ConditionFailed as failed:
        raise VersionConflict(str(key["pk"])) from failed


def state_write(table: Table, item: Mapping[str, Any], change: MembershipChange) -> Write:
    """A group's state item as a change leaves it: created where none is, deleted or put at the version read."""
    if change.created:
        return table.put_write(item, "attribute_not_exists(pk)")
    if change.closed:
        return delete(table, {"pk": item["pk"], "sk": item["sk"]}, change.expected_version)
    return put(table, item, change.expected_version)
