"""Error categories shared by every aggregate; each rule's error is a class with a stable err_code.

The category decides the HTTP status (in the one mapper of the HTTP function); the err_code is the
client contract's name (PGOS `kBackend…` on party routes, EOS `EOS_…` on lobby routes).
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


class Category(StrEnum):
    INVALID = "invalid"
    UNAUTHORIZED = "unauthorized"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    CONFLICT = "conflict"
    LIMIT = "limit"
    TOO_MANY_REQUESTS = "too_many_requests"


class DomainError(Exception):
    category: ClassVar[Category]
    err_code: ClassVar[str]

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.msg = msg


class Invalid(DomainError):
    category = Category.INVALID


class NotFound(DomainError):
    category = Category.NOT_FOUND


class Forbidden(DomainError):
    category = Category.FORBIDDEN


class Conflict(DomainError):
    category = Category.CONFLICT


class LimitReached(DomainError):
    category = Category.LIMIT


class TooManyRequests(DomainError):
    category = Category.TOO_MANY_REQUESTS


class InvalidParams(Invalid):
    """Invalid input on a party or social route."""

    err_code = "kBackendInvalidParams"


class FriendBlocked(Forbidden):
    err_code = "kBackendFriendBlocked"


class ConcurrentModification(Conflict):
    """What a command changes kept moving on under it past the replay bound; the client may simply retry."""

    err_code = "kBackendConcurrentModification"
