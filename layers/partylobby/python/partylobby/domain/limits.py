"""Limits every aggregate shares."""

from __future__ import annotations

PLAYER_ID_MAX_CHARS = 128


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))
