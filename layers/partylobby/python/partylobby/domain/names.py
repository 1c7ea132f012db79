"""Party names: length and profanity, with a maintained word list (better-profanity)."""

from __future__ import annotations

from better_profanity import profanity

from partylobby.domain.errors import ProfaneName


def check_party_name(name: str) -> None:
    if profanity.contains_profanity(name):
        raise ProfaneName("party name contains a word that is not allowed")
