"""Lobby limits: the EOS Lobby Interface's, and the one DynamoDB adds (see docs/design.md)."""

from __future__ import annotations

MAX_MEMBERS = 64
MAX_ATTRIBUTES = 100  # on the lobby, and on each member
ATTRIBUTE_KEY_MAX_CHARS = 64
STRING_VALUE_MAX_CHARS = 1000
MAX_LOBBIES_PER_USER = 16
SEARCH_MAX_RESULTS = 256
SEARCH_DEFAULT_RESULTS = 10
SEARCH_MAX_PARAMETERS = 32
BUCKET_ID_MAX_CHARS = 128
INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # attribute ints are 64-bit, as in the EOS SDK
FLOAT_MIN_MAGNITUDE, FLOAT_MAX_MAGNITUDE = 1e-130, 9.9e125  # what a DynamoDB number holds (besides 0)

# EOS's caps multiply to about 6.8 MB per lobby; a DynamoDB item holds 400 KB. A lobby is one item,
# so its attribute data is capped too: the lobby's own, and each member's (a member writes theirs
# without a version condition, so each member's share must be bounded on its own).
# Counted as key + value (UTF-8) + ATTRIBUTE_OVERHEAD_BYTES each, which is more than an attribute weighs in
# the item (stored as a map {t, v, vis}: about 25 bytes besides key and value). At every cap, with 64 members
# of 128-character ids (about 330 bytes each besides their attributes), a lobby weighs under 380 KB.
ATTRIBUTE_OVERHEAD_BYTES = 32
LOBBY_ATTRIBUTES_MAX_BYTES = 100_000
MEMBER_ATTRIBUTES_MAX_BYTES = 4_000
