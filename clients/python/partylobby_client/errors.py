"""Errors of the client contract: one exception type per err_code family, each keeping err_code, status and msg.

Party and social calls answer PGOS names (kBackend...), lobby calls EOS names (EOS_...). Authentication and
rate limits cut across both families, so they have their own types; a 429 keeps its Retry-After.
"""

from __future__ import annotations

from typing import Any


class PartyLobbyError(Exception):
    """Every error the service answers (and the SDK's own transport failures)."""

    def __init__(self, err_code: str, status: int, msg: str, retry_after: float | None = None) -> None:
        super().__init__(f"{status} {err_code}: {msg}")
        self.err_code = err_code
        self.status = status
        self.msg = msg
        self.retry_after = retry_after


class PartyError(PartyLobbyError):
    """A PGOS err_code of a party, chat, invitation or social call (kBackend...)."""


class LobbyError(PartyLobbyError):
    """An EOS result of a lobby, lobby invite or search call (EOS_...)."""


class AuthError(PartyLobbyError):
    """The token is missing, invalid or expired (401), or lacks the admin claim (403 kBackendAdminRequired)."""


class RateLimited(PartyLobbyError):
    """429: a per-player quota (kBackendTooManyRequests / EOS_TooManyRequests) or the gateway's throttle.
    `retry_after` holds the seconds the service asked to wait (None if it said nothing)."""


class TransportError(PartyLobbyError):
    """No answer of the contract: the network failed, or the answer was not JSON of the contract."""


class ErrCode:
    """The err_codes of the contract, for `except PartyError as e: if e.err_code == ErrCode.PARTY_FULL`."""

    INVALID_PARAMS = "kBackendInvalidParams"
    UNAUTHORIZED = "kBackendUnauthorized"
    ADMIN_REQUIRED = "kBackendAdminRequired"
    TOO_MANY_REQUESTS = "kBackendTooManyRequests"
    CONCURRENT_MODIFICATION = "kBackendConcurrentModification"
    PARTY_NOT_FOUND = "kBackendPartyNotFound"
    NOT_PARTY_MEMBER = "kBackendNotPartyMember"
    PARTY_DUPLICATED = "kBackendPartyDuplicated"
    CREATE_PARTY_UIC = "kBackendCreatePartyUic"
    IS_NOT_PARTY_LEADER = "kBackendIsNotPartyLeader"
    PARTY_FULL = "kBackendPartyFull"
    NOT_FRIEND_OF_LEADER = "kBackendJoinFailedDueToNotFriendOfLeader"
    NOT_FRIEND_OF_MEMBERS = "kBackendJoinFailedDueToNotFriendOfmembers"
    NO_INVITATION = "kBackendJoinFailedDueToNoInvitation"
    NO_JOIN_PERMISSION = "kBackendNoJoinPartyPermission"
    PARTY_NOT_ALLOW_JOIN = "kBackendPartyNotAllowJoin"
    INVITE_NOT_LEADER = "kBackendInviteFailedDueToNotLeader"
    INVITE_NOT_ALLOW_JOIN = "kBackendInviteFailedDueToNotAllowJoin"
    INVITE_BLOCKED = "kBackendInviteFailedDueToBlocked"
    PARTY_CHAT_DISABLED = "kBackendPartyChatDisabled"
    EOS_INVALID_PARAMETERS = "EOS_InvalidParameters"
    EOS_NOT_FOUND = "EOS_NotFound"
    EOS_NOT_OWNER = "EOS_Lobby_NotOwner"
    EOS_NO_PERMISSION = "EOS_Lobby_NoPermission"
    EOS_TOO_MANY_PLAYERS = "EOS_Lobby_TooManyPlayers"
    EOS_LIMIT_EXCEEDED = "EOS_LimitExceeded"
    EOS_TOO_MANY_REQUESTS = "EOS_TooManyRequests"
    EOS_CONCURRENT_MODIFICATION = "EOS_Lobby_ConcurrentModification"
    GATEWAY_THROTTLED = "TooManyRequests"  # API Gateway's own 429 {"message": "Too Many Requests"}
    GATEWAY_FORBIDDEN = "Forbidden"  # API Gateway's own 403 {"message": "Forbidden"}: an authorizer's Deny


_AUTH = frozenset({ErrCode.UNAUTHORIZED, ErrCode.ADMIN_REQUIRED})


def error_from_answer(status: int, body: Any, retry_after: float | None = None) -> PartyLobbyError:
    """The exception for an error answer: `{err_code, msg}` of the contract, or a gateway's `{message}`."""
    if isinstance(body, dict) and isinstance(body.get("err_code"), str):
        err_code, msg = str(body["err_code"]), str(body.get("msg", ""))
    elif status == 429:
        err_code = ErrCode.GATEWAY_THROTTLED
        msg = str(body.get("message", "")) if isinstance(body, dict) else ""
    elif status == 401:
        err_code = ErrCode.UNAUTHORIZED
        msg = str(body.get("message", "")) if isinstance(body, dict) else ""
    else:
        return TransportError("UnexpectedAnswer", status, f"an answer outside the contract: {str(body)[:200]}")
    return _typed(err_code, status, msg, retry_after)


def _typed(err_code: str, status: int, msg: str, retry_after: float | None) -> PartyLobbyError:
    if status == 429:
        return RateLimited(err_code, status, msg, retry_after)
    if err_code in _AUTH or status == 401:
        return AuthError(err_code, status, msg)
    if err_code.startswith("EOS_"):
        return LobbyError(err_code, status, msg)
    if err_code.startswith("kBackend"):
        return PartyError(err_code, status, msg)
    return PartyLobbyError(err_code, status, msg)
