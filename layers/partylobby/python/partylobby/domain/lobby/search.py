"""Lobby search (EOS LobbySearch): who may find a lobby, and which lobbies match the parameters."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from fractions import Fraction
from itertools import groupby, islice

from partylobby.domain.lobby import errors, limits
from partylobby.domain.lobby.attributes import check_key, check_value, kind_of
from partylobby.domain.lobby.model import AttributeValue, Lobby, PermissionLevel, Visibility


class Comparison(StrEnum):
    EQUAL = "EQUAL"
    NOTEQUAL = "NOTEQUAL"
    GREATERTHAN = "GREATERTHAN"
    GREATERTHANOREQUAL = "GREATERTHANOREQUAL"
    LESSTHAN = "LESSTHAN"
    LESSTHANOREQUAL = "LESSTHANOREQUAL"
    DISTANCE = "DISTANCE"
    ANYOF = "ANYOF"
    NOTANYOF = "NOTANYOF"


NUMERIC = frozenset(
    {
        Comparison.GREATERTHAN,
        Comparison.GREATERTHANOREQUAL,
        Comparison.LESSTHAN,
        Comparison.LESSTHANOREQUAL,
        Comparison.DISTANCE,
    }
)
LISTS = frozenset({Comparison.ANYOF, Comparison.NOTANYOF})


@dataclass(frozen=True)
class Parameter:
    key: str
    op: Comparison
    value: AttributeValue

    def check(self) -> None:
        check_key(self.key)
        check_value(self.key, self.value, stored=False)
        if self.op in NUMERIC and kind_of(self.value) != "number":
            raise errors.InvalidParameters(f"{self.key}: {self.op} compares numbers")
        if self.op in LISTS and not isinstance(self.value, str):
            raise errors.InvalidParameters(f"{self.key}: {self.op} takes a string like 'a;b;c'")

    def matches(self, value: AttributeValue) -> bool:
        if self.op in LISTS:
            listed = isinstance(value, str) and value in str(self.value).split(";")
            return listed if self.op is Comparison.ANYOF else not listed and isinstance(value, str)
        if kind_of(value) != kind_of(self.value):
            return False  # a parameter never matches an attribute of another type
        if self.op is Comparison.EQUAL:
            return value == self.value
        if self.op is Comparison.NOTEQUAL:
            return value != self.value
        return _compares(self.op, _number(value), _number(self.value))

    def distance(self, value: AttributeValue) -> Fraction:
        """Exact (a float's binary value, an int of any size), so that nearer is never a rounding's tie."""
        return abs(Fraction(_number(value)) - Fraction(_number(self.value)))


def _number(value: AttributeValue) -> int | float:
    """Numbers as they are (ints past 2**53 compare exactly as ints); anything else never compares."""
    return value if isinstance(value, int | float) else math.nan


def _compares(op: Comparison, value: float, wanted: float) -> bool:
    match op:
        case Comparison.GREATERTHAN:
            return value > wanted
        case Comparison.GREATERTHANOREQUAL:
            return value >= wanted
        case Comparison.LESSTHAN:
            return value < wanted
        case Comparison.LESSTHANOREQUAL:
            return value <= wanted
        case _:
            return True  # DISTANCE only ranks


@dataclass(frozen=True)
class Query:
    """Exactly one of bucket_id, lobby_id and target_user_id says where to look."""

    bucket_id: str | None = None
    lobby_id: str | None = None
    target_user_id: str | None = None
    parameters: tuple[Parameter, ...] = ()
    max_results: int = limits.SEARCH_DEFAULT_RESULTS

    def check(self) -> None:
        where = [w for w in (self.bucket_id, self.lobby_id, self.target_user_id) if w is not None]
        if len(where) != 1:
            raise errors.InvalidParameters("give exactly one of bucket_id, lobby_id and target_user_id")
        if not 1 <= self.max_results <= limits.SEARCH_MAX_RESULTS:
            raise errors.InvalidParameters(f"max_results must be 1..{limits.SEARCH_MAX_RESULTS}")
        for parameter in self.parameters:
            parameter.check()


def may_find(lobby: Lobby, viewer: str, *, invited: bool, by_id: bool, friend_of_owner: bool) -> bool:
    """Whether `viewer` may see this lobby at all (its public side, if not a member). A JoinViaPresence lobby
    is found by its id, or through a user who is in it by the owner's friends (its "presence")."""
    if lobby.is_member(viewer) or invited or lobby.permission_level is PermissionLevel.PUBLIC_ADVERTISED:
        return True
    return lobby.permission_level is PermissionLevel.JOIN_VIA_PRESENCE and (by_id or friend_of_owner)


def matching(
    lobbies: Iterable[Lobby], parameters: Sequence[Parameter], max_results: int, *, nearest_first: bool = False
) -> list[Lobby]:
    """Lobbies with a free slot whose public attributes meet every parameter, in the source's order; with
    DISTANCE, closest first (then by the next DISTANCE, then oldest first). A lazy source (pages of an index)
    is read no further than needed: up to `max_results` hits, or with DISTANCE and a source that comes
    `nearest_first` (by the first DISTANCE), up to the hits as near as the last one needed."""
    hits: Iterable[Lobby] = (lobby for lobby in lobbies if lobby.available_slots > 0 and _meets(lobby, parameters))
    ranking = [p for p in parameters if p.op is Comparison.DISTANCE]
    if not ranking:
        return list(islice(hits, max_results))
    if nearest_first:
        hits = _nearest(hits, ranking, max_results)

    def rank(lobby: Lobby) -> tuple[Fraction | str | datetime, ...]:
        return (*(p.distance(lobby.attributes[p.key].value) for p in ranking), lobby.created_at, lobby.lobby_id)

    return sorted(hits, key=rank)[:max_results]


def _nearest(hits: Iterable[Lobby], ranking: Sequence[Parameter], max_results: int) -> list[Lobby]:
    """Of a source in order of the first DISTANCE (then oldest first), the first `max_results` hits; with a
    second DISTANCE, every hit as near by the first as the last of those (the second orders them)."""
    if len(ranking) == 1:
        return list(islice(hits, max_results))
    first = ranking[0]
    taken: list[Lobby] = []
    for _, equally_near in groupby(hits, key=lambda lobby: first.distance(lobby.attributes[first.key].value)):
        taken.extend(equally_near)
        if len(taken) >= max_results:
            break
    return taken


def _meets(lobby: Lobby, parameters: Sequence[Parameter]) -> bool:
    for parameter in parameters:
        attribute = lobby.attributes.get(parameter.key)
        if attribute is None or attribute.visibility is not Visibility.PUBLIC:
            return False
        if not parameter.matches(attribute.value):
            return False
    return True
