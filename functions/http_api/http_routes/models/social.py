"""Social graph shapes: friends (with pending requests) and blocks."""

from __future__ import annotations

from pydantic import BaseModel


class FriendRequestResult(BaseModel):
    status: str


class FriendList(BaseModel):
    friends: list[str]
    incoming: list[str]
    outgoing: list[str]


class BlockList(BaseModel):
    blocked: list[str]
