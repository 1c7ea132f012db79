"""Party use cases. Each command loads, lets the domain decide, commits, then publishes (see commands.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import uuid4

from partylobby.clock import Clock
from partylobby.domain.invitations import Invitation, InvitationKind, unexpired
from partylobby.domain.party import rules
from partylobby.domain.party.errors import NotPartyMember, PartyNotFound
from partylobby.domain.party.events import InvitationReceived
from partylobby.domain.party.model import (
    Change,
    InviteStrategy,
    JoinStrategy,
    LeaveReason,
    NewParty,
    Party,
    must_exist,
)
from partylobby.domain.presence import Departure, MembershipKind
from partylobby.services.commands import Publisher, attempts
from partylobby.store.invitations import InvitationStore
from partylobby.store.membership import EntrantStore
from partylobby.store.parties import PartyStore
from partylobby.store.presence import PresenceStore
from partylobby.store.social import SocialStore

__all__ = ["NewParty", "PartyService", "PartyView"]

PARTY = InvitationKind.PARTY
PARTY_MEMBERSHIP = MembershipKind.PARTY


@dataclass(frozen=True)
class PartyView:
    """A party as PartyInfo shows it: with the members who have a socket open."""

    party: Party
    online: frozenset[str]


@dataclass(frozen=True, kw_only=True)
class PartyService:
    parties: PartyStore
    entrants: EntrantStore
    presence: PresenceStore
    social: SocialStore
    invitations: InvitationStore
    publisher: Publisher
    clock: Clock
    invitation_ttl: timedelta
    profanity_languages: tuple[str, ...] = ("english",)
    new_id: Callable[[], str] = field(default=lambda: str(uuid4()))

    # -- reads ---------------------------------------------------------------

    def current(self, player_id: str) -> PartyView:
        party_id = self.presence.get(player_id).party_id()
        party = self.parties.load(party_id) if party_id else None
        if party is None or not party.is_member(player_id):
            raise PartyNotFound("you are not in a party")
        return self._view(party)

    def get(self, player_id: str, party_id: str) -> PartyView:
        """Members, and holders of a live invitation, may look."""
        party = self._load(party_id)
        if not party.is_member(player_id) and not self._has_live_invitation(player_id, party_id):
            raise NotPartyMember("you are not a member of this party")
        return self._view(party)

    def pending_invitations(self, player_id: str) -> list[Invitation]:
        pending = unexpired(self.invitations.of(player_id, PARTY), self.clock())
        existing = self.parties.existing([i.target_id for i in pending]) if pending else set()
        return [i for i in pending if i.target_id in existing]

    def decline(self, player_id: str, party_id: str) -> None:
        self.invitations.delete(player_id, PARTY, party_id)

    # -- commands ------------------------------------------------------------

    def create(self, player_id: str, params: NewParty) -> PartyView:
        for attempt in attempts():
            with attempt:
                creator = self.presence.get(player_id).entrant(PARTY_MEMBERSHIP)
                change = rules.create_party(
                    party_id=self.new_id(),
                    creator=creator,
                    settings=params,
                    now=self.clock(),
                    languages=self.profanity_languages,
                )
                self.parties.commit(change)
        self.publisher.publish(change.events)
        return PartyView(change.party, frozenset({player_id}) if creator.online else frozenset())

    def join(self, player_id: str, party_id: str) -> PartyView:
        for attempt in attempts():
            with attempt:
                party, now = self._load(party_id), self.clock()
                joiner = self.entrants.entrant(
                    player_id,
                    PARTY_MEMBERSHIP,
                    (PARTY, party_id),
                    now,  # an invitation that is live now admits, and the join happens now
                    blocks_with=[party.leader_id],
                    friends_among=party.friends_that_matter(),
                )
                change = rules.join(party, joiner, now)
                self.parties.commit(change)
        return self._published(change)

    def leave(self, player_id: str, party_id: str, reason: LeaveReason = LeaveReason.LEFT) -> None:
        self._command(party_id, lambda party: rules.leave(party, player_id, self.clock(), reason))

    def depart(self, player_id: str, aggregate_id: str, departure: Departure) -> bool:
        """Sessions: logout leaves (reason `left`), the sweeper removes (reason `offline`)."""
        reason = LeaveReason.OFFLINE if departure is Departure.OFFLINE else LeaveReason.LEFT
        try:
            self.leave(player_id, aggregate_id, reason)
        except (NotPartyMember, PartyNotFound):
            return False  # already gone by another path
        return True

    def went_offline(self, player_id: str, aggregate_ids: frozenset[str]) -> None:
        """PGOS has no event for it: members see `online: false` until the grace removes the player."""

    def kick(self, player_id: str, party_id: str, target_id: str) -> None:
        self._command(party_id, lambda party: rules.kick(party, player_id, target_id, self.clock()))

    def transfer_leader(self, player_id: str, party_id: str, new_leader_id: str) -> PartyView:
        return self._command(
            party_id, lambda party: rules.transfer_leader(party, player_id, new_leader_id, self.clock())
        )

    def dismiss(self, player_id: str, party_id: str) -> None:
        self._command(party_id, lambda party: rules.dismiss(party, player_id, self.clock()))

    def set_strategy(
        self,
        player_id: str,
        party_id: str,
        join_strategy: JoinStrategy | None,
        invite_strategy: InviteStrategy | None,
    ) -> PartyView:
        return self._command(
            party_id, lambda party: rules.set_strategy(party, player_id, join_strategy, invite_strategy)
        )

    def set_global_data(self, player_id: str, party_id: str, data: str) -> Party:
        return self._command(party_id, lambda party: rules.set_global_data(party, player_id, data)).party

    def set_player_data(self, player_id: str, party_id: str, data: str) -> Party:
        """Members' own entries are independent, so the write commutes (see PartyStore.set_player_data):
        what is pushed is the state the write met, not the one read."""
        for attempt in attempts():
            with attempt:
                decided = rules.set_player_data(self._load(party_id), player_id, data)
                change = rules.custom_data_set(self.parties.set_player_data(decided.party, player_id, data))
        self.publisher.publish(change.events)
        return change.party

    def invite(self, player_id: str, party_id: str, invitee_ids: Sequence[str]) -> list[Invitation]:
        for attempt in attempts():
            with attempt:
                party = self._load(party_id)
                blocks = self.social.blocks_among(invitation_pairs(party, player_id, invitee_ids))
                # Whole seconds: the TTL attribute is epoch seconds, and reads must agree with this answer.
                expires_at = (self.clock() + self.invitation_ttl).replace(microsecond=0)
                events = rules.invite(party, player_id, invitee_ids, blocks, expires_at)
                invitations = [party_invitation(party, player_id, e) for e in events]
                self.invitations.save(invitations, guard=self.parties.unchanged(party))
        self.publisher.publish(events)
        return invitations

    # -- helpers -------------------------------------------------------------

    def _load(self, party_id: str) -> Party:
        return must_exist(self.parties.load(party_id))

    def _view(self, party: Party) -> PartyView:
        return PartyView(party, self.presence.online(party.member_ids))

    def _command(self, party_id: str, decide: Callable[[Party], Change]) -> PartyView:
        """Load the party, decide, commit (replayed on a conflict), publish."""
        for attempt in attempts():
            with attempt:
                change = decide(self._load(party_id))
                self.parties.commit(change)
        return self._published(change)

    def _published(self, change: Change) -> PartyView:
        """Publish the change; the answer shows who among the members is online."""
        online = self.publisher.publish(change.events, also_watch=change.party.member_ids)
        return PartyView(change.party, online & change.party.member_ids)

    def _has_live_invitation(self, player_id: str, party_id: str) -> bool:
        invitation = self.invitations.get(player_id, PARTY, party_id)
        return invitation is not None and invitation.is_live(self.clock())


def invitation_pairs(party: Party, inviter: str, invitees: Sequence[str]) -> list[tuple[str, str]]:
    """The (blocker, blocked) pairs the invite rule reads: each invitee with the leader and the inviter."""
    return [pair for i in invitees for other in {party.leader_id, inviter} for pair in ((other, i), (i, other))]


def party_invitation(party: Party, inviter: str, event: InvitationReceived) -> Invitation:
    return Invitation(
        PARTY,
        invitation_id=party.party_id,
        target_id=party.party_id,
        invitee_id=next(iter(event.recipients)),
        inviter_id=inviter,
        expires_at=event.expires_at,
        target_name=party.party_name,
    )
