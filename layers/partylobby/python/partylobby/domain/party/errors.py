"""Party errors (PGOS err_codes), one class per rule."""

from __future__ import annotations

from partylobby.domain.errors import Conflict, Forbidden, Invalid, LimitReached, NotFound


class PartyNotFound(NotFound):
    err_code = "kBackendPartyNotFound"


class NotPartyMember(Forbidden):
    err_code = "kBackendNotPartyMember"


class PartyDuplicated(Conflict):
    err_code = "kBackendPartyDuplicated"


class ProfaneName(Invalid):
    err_code = "kBackendCreatePartyUic"


class NotPartyLeader(Forbidden):
    err_code = "kBackendIsNotPartyLeader"


class PartyFull(LimitReached):
    err_code = "kBackendPartyFull"


class NotFriendOfLeader(Forbidden):
    err_code = "kBackendJoinFailedDueToNotFriendOfLeader"


class NotFriendOfMembers(Forbidden):
    err_code = "kBackendJoinFailedDueToNotFriendOfmembers"


class NoInvitation(Forbidden):
    err_code = "kBackendJoinFailedDueToNoInvitation"


class NoJoinPermission(Forbidden):
    err_code = "kBackendNoJoinPartyPermission"


class PartyNotAllowJoin(Forbidden):
    err_code = "kBackendPartyNotAllowJoin"


class InviteNotLeader(Forbidden):
    err_code = "kBackendInviteFailedDueToNotLeader"


class InviteNotAllowJoin(Forbidden):
    err_code = "kBackendInviteFailedDueToNotAllowJoin"


class InviteBlocked(Forbidden):
    err_code = "kBackendInviteFailedDueToBlocked"


class PartyChatDisabled(Forbidden):
    err_code = "kBackendPartyChatDisabled"
