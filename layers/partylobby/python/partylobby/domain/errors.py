"""One class per rule, each with the stable err_code of the client contract."""

from __future__ import annotations


class DomainError(Exception):
    err_code = "kBackendInvalidParams"

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.msg = msg


class InvalidParams(DomainError):
    err_code = "kBackendInvalidParams"


class PartyNotFound(DomainError):
    err_code = "kBackendPartyNotFound"


class NotPartyMember(DomainError):
    err_code = "kBackendNotPartyMember"


class PartyDuplicated(DomainError):
    err_code = "kBackendPartyDuplicated"


class ProfaneName(DomainError):
    err_code = "kBackendCreatePartyUic"


class NotPartyLeader(DomainError):
    err_code = "kBackendIsNotPartyLeader"


class PartyFull(DomainError):
    err_code = "kBackendPartyFull"


class NotFriendOfLeader(DomainError):
    err_code = "kBackendJoinFailedDueToNotFriendOfLeader"


class NotFriendOfMembers(DomainError):
    err_code = "kBackendJoinFailedDueToNotFriendOfmembers"


class NoInvitation(DomainError):
    err_code = "kBackendJoinFailedDueToNoInvitation"


class NoJoinPermission(DomainError):
    err_code = "kBackendNoJoinPartyPermission"


class PartyNotAllowJoin(DomainError):
    err_code = "kBackendPartyNotAllowJoin"


class InviteNotLeader(DomainError):
    err_code = "kBackendInviteFailedDueToNotLeader"


class InviteNotAllowJoin(DomainError):
    err_code = "kBackendInviteFailedDueToNotAllowJoin"


class InviteBlocked(DomainError):
    err_code = "kBackendInviteFailedDueToBlocked"


class PartyChatDisabled(DomainError):
    err_code = "kBackendPartyChatDisabled"


class FriendBlocked(DomainError):
    err_code = "kBackendFriendBlocked"


class Unauthorized(DomainError):
    err_code = "kBackendUnauthorized"


class ConcurrentModification(DomainError):
    """The party kept moving on under this command past the replay bound."""

    err_code = "kBackendConcurrentModification"
