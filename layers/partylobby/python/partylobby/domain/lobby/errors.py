"""Lobby errors (EOS result names), one class per rule."""

from __future__ import annotations

from partylobby.domain.errors import Forbidden, Invalid, LimitReached, NotFound


class InvalidParameters(Invalid):
    err_code = "EOS_InvalidParameters"


class LobbyNotFound(NotFound):
    """No such lobby (or invite), or one the caller may not find: the two are never told apart."""

    err_code = "EOS_NotFound"


class NotOwner(Forbidden):
    err_code = "EOS_Lobby_NotOwner"


class NoPermission(Forbidden):
    err_code = "EOS_Lobby_NoPermission"


class TooManyPlayers(LimitReached):
    err_code = "EOS_Lobby_TooManyPlayers"


class LimitExceeded(LimitReached):
    err_code = "EOS_LimitExceeded"
