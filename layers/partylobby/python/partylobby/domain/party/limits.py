"""Party limits of the client contract."""

from __future__ import annotations

PARTY_NAME_MAX_CHARS = 64
MAX_PLAYER_DEFAULT = 4
MAX_PLAYER_LIMIT = 64
CUSTOM_DATA_MAX_BYTES = 4096
INVITEES_PER_CALL = 20
CHAT_TEXT_MAX_CHARS = 1024
CHAT_CUSTOM_MAX_BYTES = 4096
CHAT_SEQ_MAX = 10**12 - 1  # a party's last message number; catch-up reads after one at most this
