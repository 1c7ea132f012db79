"""Key layout of the one table (see docs/design.md): every key is built, and parsed back, here."""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Any

from partylobby.domain.party.limits import CHAT_SEQ_MAX

Key = dict[str, str]

PLAYER = "PLAYER#"
PARTY = "PARTY#"
LOBBY = "LOBBY#"
CONN = "CONN#"

PARTY_STATE = "STATE"
LOBBY_STATE = "STATE"
HISTORY = "HISTORY"
HISTORY_STINT = "HISTORY#STINT#"
HISTORY_LEADER = "HISTORY#LEADER#"
HISTORY_MEMBER = "HISTORY#MEMBER#"
VERSION_DIGITS = 10
INVITE_PREFIX = "INVITE#"
FRIEND_PREFIX = "FRIEND#"
BLOCK_PREFIX = "BLOCK#"
PRESENCE = "PRESENCE"
CONNECTION = "CONNECTION"
CHAT_PREFIX = "CHAT#"
CHAT_SEQUENCE = "CHAT#SEQUENCE"
CHAT_SEQ_DIGITS = len(str(CHAT_SEQ_MAX))
OFFLINE_INDEX = "gsi1"
OFFLINE_SHARDS = 16  # one GSI partition takes about 1,000 writes/s; sharding lifts that cap 16-fold
HISTORY_INDEX = "gsi3"
HISTORY_SHARDS = 8  # parties by creation time: 8 partitions take 8 times the writes of one
HISTORY_BY_TIME = "PARTIES#"
HISTORY_BY_PLAYER = "PLAYER_PARTIES#"


def key(pk: str, sk: str) -> Key:
    return {"pk": pk, "sk": sk}


def player_pk(player_id: str) -> str:
    return PLAYER + player_id


def party_pk(party_id: str) -> str:
    return PARTY + party_id


# -- parties ------------------------------------------------------------------


def party_state(party_id: str) -> Key:
    return key(party_pk(party_id), PARTY_STATE)


def party_history(party_id: str) -> Key:
    """The history's head: name, capacity, leader, created and dismissed times."""
    return key(party_pk(party_id), HISTORY)


def history_by_time(party_id: str, created_at: str) -> Key:
    """The head's place in the index of parties by creation time (a shard of it)."""
    shard = zlib.crc32(party_id.encode()) % HISTORY_SHARDS
    return {"gsi3pk": f"{HISTORY_BY_TIME}{shard:02d}", "gsi3sk": f"{created_at}#{party_id}"}


def history_time_shards() -> list[str]:
    return [f"{HISTORY_BY_TIME}{n:02d}" for n in range(HISTORY_SHARDS)]


def party_member_entry(party_id: str, player_id: str) -> Key:
    """One item per player who was ever in the party: its place in the player's index moves to each join."""
    return key(party_pk(party_id), HISTORY_MEMBER + player_id)


def history_by_player(player_id: str, joined_at: str, party_id: str) -> Key:
    """A party's place in the index of each player's parties, by their latest joining time."""
    return {"gsi3pk": HISTORY_BY_PLAYER + player_id, "gsi3sk": f"{joined_at}#{party_id}"}


def history_of_player(player_id: str) -> str:
    return HISTORY_BY_PLAYER + player_id


def party_stint(party_id: str, stint: int) -> Key:
    """One member's stay, named by the version at which they joined (zero-padded: sorted = joining order)."""
    return key(party_pk(party_id), f"{HISTORY_STINT}{stint:0{VERSION_DIGITS}d}")


def party_leader_change(party_id: str, version: int) -> Key:
    return key(party_pk(party_id), f"{HISTORY_LEADER}{version:0{VERSION_DIGITS}d}")


def is_stint(item: Mapping[str, Any]) -> bool:
    return str(item["sk"]).startswith(HISTORY_STINT)


def stint_of(item: Mapping[str, Any]) -> int:
    return int(str(item["sk"]).removeprefix(HISTORY_STINT))


def is_leader_change(item: Mapping[str, Any]) -> bool:
    return str(item["sk"]).startswith(HISTORY_LEADER)


def leader_change_version_of(item: Mapping[str, Any]) -> int:
    return int(str(item["sk"]).removeprefix(HISTORY_LEADER))


def party_id_of(item: Mapping[str, Any]) -> str:
    return str(item["pk"]).removeprefix(PARTY)


def chat_message(party_id: str, seq: int) -> Key:
    # Zero-padded so that sort order is numeric order.
    return key(party_pk(party_id), f"{CHAT_PREFIX}{seq:0{CHAT_SEQ_DIGITS}d}")


def chat_sequence(party_id: str) -> Key:
    return key(party_pk(party_id), CHAT_SEQUENCE)


# -- lobbies ------------------------------------------------------------------


def lobby_state(lobby_id: str) -> Key:
    return key(LOBBY + lobby_id, LOBBY_STATE)


# -- players ------------------------------------------------------------------


def player_id_of(item: Mapping[str, Any]) -> str:
    return str(item["pk"]).removeprefix(PLAYER)


def invitation_prefix(kind: str) -> str:
    return f"{INVITE_PREFIX}{kind}#"


def invitation(invitee_id: str, kind: str, invitation_id: str) -> Key:
    return key(player_pk(invitee_id), invitation_prefix(kind) + invitation_id)


def invitation_id_of(item: Mapping[str, Any], kind: str) -> str:
    return str(item["sk"]).removeprefix(invitation_prefix(kind))


def quota(player_id: str, operation: str, window: int) -> Key:
    return key(player_pk(player_id), f"QUOTA#{operation}#{window}")


def friendship(player_id: str, other_id: str) -> Key:
    return key(player_pk(player_id), FRIEND_PREFIX + other_id)


def block(blocker_id: str, blocked_id: str) -> Key:
    return key(player_pk(blocker_id), BLOCK_PREFIX + blocked_id)


def other_player_of(item: Mapping[str, Any]) -> str:
    """The other player of a friendship or block item."""
    sk = str(item["sk"])
    return sk.removeprefix(FRIEND_PREFIX) if sk.startswith(FRIEND_PREFIX) else sk.removeprefix(BLOCK_PREFIX)


def is_friendship(item: Mapping[str, Any]) -> bool:
    return str(item["sk"]).startswith(FRIEND_PREFIX)


def is_block(item: Mapping[str, Any]) -> bool:
    return str(item["sk"]).startswith(BLOCK_PREFIX)


def presence(player_id: str) -> Key:
    return key(player_pk(player_id), PRESENCE)


def offline_shard(player_id: str) -> str:
    """The sparse index's partition for this player (stable across processes, unlike hash())."""
    return offline_shards()[zlib.crc32(player_id.encode()) % OFFLINE_SHARDS]


def offline_shards() -> list[str]:
    return [f"OFFLINE#{n:02d}" for n in range(OFFLINE_SHARDS)]


def connection(connection_id: str) -> Key:
    return key(CONN + connection_id, CONNECTION)


def connection_id_of(item: Mapping[str, Any]) -> str:
    return str(item["pk"]).removeprefix(CONN)
