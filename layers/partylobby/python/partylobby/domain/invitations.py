"""Invitations of every kind: to a party or to a lobby. DynamoDB TTL deletes them late,
so every read checks the expiry itself."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class InvitationKind(StrEnum):
    PARTY = "PARTY"
    LOBBY = "LOBBY"


@dataclass(frozen=True)
class Invitation:
    kind: InvitationKind
    invitation_id: str  # unique per invitee and kind; a party invitation's id is the party's, a lobby invite's its own
    target_id: str  # the party (or lobby) it admits to
    invitee_id: str
    inviter_id: str
    expires_at: datetime
    target_name: str = ""  # what a listing shows of the target (a party's name)

    def is_live(self, now: datetime) -> bool:
        return self.expires_at > now


def unexpired(invitations: Iterable[Invitation], now: datetime) -> list[Invitation]:
    """The unexpired ones, soonest to expire first."""
    return sorted((i for i in invitations if i.is_live(now)), key=lambda i: i.expires_at)
