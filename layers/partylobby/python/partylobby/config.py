"""Settings from the environment: read once per container."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType

from partylobby.quotas import DEFAULT_LIMITS, Operation

# The template's default (SearchableAttributes): keys games commonly match on, five of each type, as Unity
# Lobby's N1..N5 and S1..S5. A key no lobby sets costs nothing; one a lobby sets costs an entry write when
# its value changes.
DEFAULT_SEARCHABLE = (
    "level:number,skill:number,rank:number,rating:number,round:number,"
    "mode:string,region:string,map:string,version:string,language:string"
)


@dataclass(frozen=True)
class Settings:
    table_name: str
    dynamodb_endpoint: str | None = None
    invitation_ttl: timedelta = timedelta(seconds=300)
    lobby_invite_ttl: timedelta = timedelta(seconds=3600)
    offline_grace: timedelta = timedelta(seconds=60)
    max_sockets_per_player: int = 10
    ws_management_endpoint: str | None = None
    profanity_languages: tuple[str, ...] = ("english",)
    quotas: Mapping[Operation, int] | None = None  # per player per minute; None: off
    searchable_attributes: str = DEFAULT_SEARCHABLE  # the lobby attribute keys searches read fast, typed
    search_cache: timedelta = timedelta(seconds=1)  # how long a container keeps the lobbies searches read
    admin_claim: str = "cognito:groups"  # the token claim (a list) that marks an admin ...
    admin_value: str = "admin"  # ... when it holds this value

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            table_name=env["TABLE_NAME"],
            dynamodb_endpoint=env.get("DYNAMODB_ENDPOINT") or None,
            invitation_ttl=timedelta(seconds=int(env.get("INVITATION_TTL_SECONDS", "300"))),
            lobby_invite_ttl=timedelta(seconds=int(env.get("LOBBY_INVITE_TTL_SECONDS", "3600"))),
            offline_grace=timedelta(seconds=int(env.get("OFFLINE_GRACE_SECONDS", "60"))),
            max_sockets_per_player=int(env.get("MAX_SOCKETS_PER_PLAYER", "10")),
            ws_management_endpoint=env.get("WS_MANAGEMENT_ENDPOINT") or None,
            quotas=_quotas(env),
            searchable_attributes=env.get("SEARCHABLE_ATTRIBUTES", DEFAULT_SEARCHABLE),
            search_cache=timedelta(seconds=float(env.get("SEARCH_CACHE_SECONDS", "1"))),
            admin_claim=env.get("ADMIN_CLAIM", "cognito:groups"),
            admin_value=env.get("ADMIN_CLAIM_VALUE", "admin"),
            profanity_languages=tuple(
                lang.strip().lower() for lang in env.get("PROFANITY_LANGUAGES", "english").split(",") if lang.strip()
            ),
        )


def _quotas(env: Mapping[str, str]) -> Mapping[Operation, int] | None:
    """On unless QUOTAS_ENABLED is false; each limit overridable, e.g. QUOTA_CREATE=10."""
    if env.get("QUOTAS_ENABLED", "true").lower() == "false":
        return None
    return MappingProxyType({op: int(env.get(f"QUOTA_{op.name}", limit)) for op, limit in DEFAULT_LIMITS.items()})
