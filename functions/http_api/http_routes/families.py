"""Route families: party and social routes speak PGOS err_codes, lobby routes EOS ones."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    invalid: str
    not_found: str
    internal: str


PARTY = Family(invalid="kBackendInvalidParams", not_found="kBackendNotFound", internal="kBackendInternalError")
LOBBY = Family(invalid="EOS_InvalidParameters", not_found="EOS_NotFound", internal="EOS_UnexpectedError")


def family_of(path: str) -> Family:
    segments = path.strip("/").split("/")
    return LOBBY if segments[0] == "lobbies" or segments[:2] == ["me", "lobby-invites"] else PARTY
