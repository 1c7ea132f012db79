"""Key layout of the one table (see docs/design.md)."""

from __future__ import annotations

PARTY_STATE = "STATE#PARTY"
PARTY_HISTORY = "STATE#HISTORY"
STATE_PREFIX = "STATE#"
PARTY_LOCK = "PARTY"
INVITE_PREFIX = "INVITE#"
FRIEND_PREFIX = "FRIEND#"
BLOCK_PREFIX = "BLOCK#"
CONNECTIONS = "CONNECTIONS"
CONNECTION = "CONNECTION"
CHAT_PREFIX = "CHAT#"
CHAT_SEQUENCE = "CHAT#SEQUENCE"
OFFLINE_INDEX = "gsi1"
OFFLINE_MARKER = "OFFLINE"


def party_pk(party_id: str) -> str:
    return f"PARTY#{party_id}"


def player_pk(player_id: str) -> str:
    return f"PLAYER#{player_id}"


def key(pk: str, sk: str) -> dict[str, str]:
    return {"pk": pk, "sk": sk}


def party_state(party_id: str) -> dict[str, str]:
    return key(party_pk(party_id), PARTY_STATE)


def party_history(party_id: str) -> dict[str, str]:
    return key(party_pk(party_id), PARTY_HISTORY)


def party_lock(player_id: str) -> dict[str, str]:
    return key(player_pk(player_id), PARTY_LOCK)


def invitation(invitee_id: str, party_id: str) -> dict[str, str]:
    return key(player_pk(invitee_id), INVITE_PREFIX + party_id)


def friendship(player_id: str, other_id: str) -> dict[str, str]:
    return key(player_pk(player_id), FRIEND_PREFIX + other_id)


def block(blocker_id: str, blocked_id: str) -> dict[str, str]:
    return key(player_pk(blocker_id), BLOCK_PREFIX + blocked_id)


def connections(player_id: str) -> dict[str, str]:
    return key(player_pk(player_id), CONNECTIONS)


def connection(connection_id: str) -> dict[str, str]:
    return key(f"CONN#{connection_id}", CONNECTION)


def chat_message(party_id: str, seq: int) -> dict[str, str]:
    # Zero-padded so that sort order is numeric order.
    return key(party_pk(party_id), f"{CHAT_PREFIX}{seq:012d}")


def chat_sequence(party_id: str) -> dict[str, str]:
    return key(party_pk(party_id), CHAT_SEQUENCE)
