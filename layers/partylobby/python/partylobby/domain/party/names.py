"""Party names: checked against a maintained profanity word list (glin-profanity).

Languages are a deployment choice (`PROFANITY_LANGUAGES`): the lists of some languages flag words that
are harmless in others ("Die Hard" under all of them), so the default is English alone.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from partylobby.domain.party.errors import ProfaneName

if TYPE_CHECKING:
    from glin_profanity import Filter

ALL_LANGUAGES = "all"


@cache
def _filter(languages: tuple[str, ...]) -> Filter:
    # Imported and built on first use (about 0.25 s), so cold starts of other routes don't pay for it.
    from glin_profanity import Filter

    scope = {"all_languages": True} if ALL_LANGUAGES in languages else {"languages": list(languages)}
    return Filter({**scope, "detect_leetspeak": True, "normalize_unicode": True})


def check_party_name(name: str, languages: tuple[str, ...] = ("english",)) -> None:
    if name and _filter(languages).is_profane(name):
        raise ProfaneName("party name contains a word that is not allowed")
