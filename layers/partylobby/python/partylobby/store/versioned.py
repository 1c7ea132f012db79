"""Writes of an aggregate's state item, conditioned on the version the command read (optimistic locking)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from partylobby.store.table import Table, Write

VERSION = MappingProxyType({"#v": "version"})
AT_VERSION = "#v = :expected"


def unchanged(table: Table, key: Mapping[str, Any], version: int) -> Write:
    """A transaction item that holds only while the state is still at `version`."""
    return table.check_write(key, AT_VERSION, names=VERSION, values={":expected": version})


def put(table: Table, item: Mapping[str, Any], expected: int) -> Write:
    return table.put_write(item, AT_VERSION, names=VERSION, values={":expected": expected})


def delete(table: Table, key: Mapping[str, Any], expected: int) -> Write:
    return table.delete_write(key, AT_VERSION, names=VERSION, values={":expected": expected})
