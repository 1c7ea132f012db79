"""Route families: party and social routes speak PGOS err_codes, lobby routes EOS ones."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    invalid: str
    not_found: str
    internal: str
    concurrent: str  # a command that kept meeting concurrent changes past the replay bound
    too_many: str  # over a per-player quota


PARTY = Family(
    invalid="kBackendInvalidParams",
    not_found="kBackendNotFound",
    internal="kBackendInternalError",
    concurrent="kBackendConcurrentModification",
    too_many="kBackendTooManyRequests",
)
LOBBY = Family(
    invalid="EOS_InvalidParameters",
    not_found="EOS_NotFound",
    internal="EOS_UnexpectedError",
    concurrent="EOS_Lobby_ConcurrentModification",
    too_many="EOS_TooManyRequests",
)


def family_of(path: str) -> Family:
    segments = path.strip("/").split("/")
    return LOBBY if segments[0] == "lobbies" or segments[:2] == ["me", "lobby-invites"] else PARTY
