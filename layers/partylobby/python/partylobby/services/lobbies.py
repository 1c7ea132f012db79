"""Lobby use cases (EOS Lobby). Each command loads, lets the domain decide, commits, then publishes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from uuid import uuid4

from partylobby.clock import Clock
from partylobby.domain.invitations import Invitation, InvitationKind, unexpired
from partylobby.domain.lobby import errors, rules
from partylobby.domain.lobby.model import (
    AttributeUpdate,
    Change,
    Lobby,
    LobbyUpdate,
    NewLobby,
    View,
    must_exist,
)
from partylobby.domain.lobby.search import may_find
from partylobby.domain.membership import Entrant
from partylobby.domain.presence import Departure, MembershipKind
from partylobby.services.commands import Publisher, attempts
from partylobby.store.invitations import InvitationStore
from partylobby.store.lobbies import LobbyStore
from partylobby.store.membership import EntrantStore
from partylobby.store.parties import PartyStore
from partylobby.store.presence import PresenceStore
from partylobby.store.table import Write

LOBBY_INVITE = InvitationKind.LOBBY
LOBBY_MEMBERSHIP = MembershipKind.LOBBY


@dataclass(frozen=True)
class Joining:
    lobby: Lobby
    joiners: tuple[Entrant, ...]
    consumed: tuple[tuple[str, str], ...]  # (invitee, invite id): the joiners' invites to this lobby
    party_guard: Write | None = None  # a party joining together: it must not change meanwhile


@dataclass(frozen=True, kw_only=True)
class LobbyService:
    lobbies: LobbyStore
    parties: PartyStore
    entrants: EntrantStore
    presence: PresenceStore
    invitations: InvitationStore
    publisher: Publisher
    clock: Clock
    new_id: Callable[[], str] = field(default=lambda: str(uuid4()))

    # -- reads ---------------------------------------------------------------

    def get(self, user_id: str, lobby_id: str) -> View:
        """Members see everything; others the public side of a lobby they may find (else: not found).
        A viewer's invites are read only when the lobby is not visible without one."""
        lobby = self._load(lobby_id)

        def visible(invited: bool) -> bool:
            return may_find(lobby, user_id, invited=invited, by_id=True, friend_of_owner=False)

        if not (visible(False) or visible(bool(self._invites_to(user_id, lobby_id)))):
            raise errors.LobbyNotFound("no such lobby")
        return View(lobby, as_member=lobby.is_member(user_id))

    # -- commands ------------------------------------------------------------

    def create(self, user_id: str, params: NewLobby) -> View:
        for attempt in attempts():
            with attempt:
                creator = self.presence.get(user_id).entrant(LOBBY_MEMBERSHIP)
                change = rules.create(self.new_id(), creator, params, self.clock())
                self.lobbies.commit(change, before=None)
        return View(change.lobby, as_member=True)

    def join(self, user_id: str, lobby_id: str, party_id: str | None = None) -> View:
        """Join alone, or (with `party_id`, as that party's leader) bring every member of the party."""
        for attempt in attempts():
            with attempt:
                joining = self._joining(user_id, lobby_id, party_id)
                change = rules.join(joining.lobby, joining.joiners, self.clock())
                if not change.unchanged:
                    self.lobbies.commit(change, joining.lobby, guard=joining.party_guard)
        # After the commit, not in it: a party's invites would pass a transaction's 100 items.
        self.invitations.delete_many(joining.consumed, LOBBY_INVITE)
        self.publisher.publish(change.events)
        return View(change.lobby, as_member=True)

    def leave(self, user_id: str, lobby_id: str) -> None:
        self._command(lobby_id, lambda lobby: rules.leave(lobby, user_id))

    def depart(self, user_id: str, aggregate_id: str, departure: Departure) -> bool:
        """Sessions: logout and the offline sweep make a member leave (status LEFT)."""
        try:
            self.leave(user_id, aggregate_id)
        except (errors.LobbyNotFound, errors.NoPermission):
            return False  # already gone by another path
        return True

    def went_offline(self, user_id: str, aggregate_ids: frozenset[str]) -> None:
        """Sessions: a member's last socket closed; the others hear EOS_LMS_DISCONNECTED, in every lobby
        they are in (one batch read of the lobbies, one of the audience's sockets)."""
        lobbies = self.lobbies.load_many(sorted(aggregate_ids))
        self.publisher.publish([event for lobby in lobbies for event in rules.disconnected(lobby, user_id)])

    def kick(self, user_id: str, lobby_id: str, target_id: str) -> None:
        """The kicked player's invites to the lobby go too (one may have arrived while they joined)."""
        self._command(lobby_id, lambda lobby: rules.kick(lobby, user_id, target_id))
        left_over = self._invites_to(target_id, lobby_id)
        self.invitations.delete_many([(target_id, i.invitation_id) for i in left_over], LOBBY_INVITE)

    def promote(self, user_id: str, lobby_id: str, target_id: str) -> View:
        return View(self._command(lobby_id, lambda lobby: rules.promote(lobby, user_id, target_id)), as_member=True)

    def destroy(self, user_id: str, lobby_id: str) -> None:
        self._command(lobby_id, lambda lobby: rules.destroy(lobby, user_id))

    def update(self, user_id: str, lobby_id: str, changes: LobbyUpdate) -> View:
        return View(self._command(lobby_id, lambda lobby: rules.update(lobby, user_id, changes)), as_member=True)

    def update_member(self, user_id: str, lobby_id: str, changes: AttributeUpdate) -> View:
        """Members' attributes are independent, so the write commutes (see LobbyStore.set_member_attributes):
        what is pushed is the state the write met, not the one read."""
        for attempt in attempts():
            with attempt:
                change = rules.update_member(self._load(lobby_id), user_id, changes)
                if not change.unchanged:
                    after = self.lobbies.set_member_attributes(change.lobby, user_id)
                    change = rules.member_updated(after, user_id)
        self.publisher.publish(change.events)
        return View(change.lobby, as_member=True)

    # -- helpers -------------------------------------------------------------

    def _load(self, lobby_id: str) -> Lobby:
        return must_exist(self.lobbies.load(lobby_id))

    def _command(self, lobby_id: str, decide: Callable[[Lobby], Change]) -> Lobby:
        """Load the lobby, decide, commit (replayed on a conflict), publish."""
        for attempt in attempts():
            with attempt:
                lobby = self._load(lobby_id)
                change = decide(lobby)
                if not change.unchanged:
                    self.lobbies.commit(change, lobby)
        self.publisher.publish(change.events)
        return change.lobby

    def _invites_to(self, user_id: str, lobby_id: str) -> list[Invitation]:
        return [
            i for i in unexpired(self.invitations.of(user_id, LOBBY_INVITE), self.clock()) if i.target_id == lobby_id
        ]

    def _joining(self, user_id: str, lobby_id: str, party_id: str | None) -> Joining:
        lobby = self._load(lobby_id)
        users, guard = [user_id], None
        if party_id is not None:
            party = rules.party_to_bring(self.parties.load(party_id), user_id)
            users, guard = [m.player_id for m in party.members], self.parties.unchanged(party)
        entrants = self.entrants.entrants(users, LOBBY_MEMBERSHIP, lobby.friends_that_matter())
        # Every join reads (and uses up) the joiner's invites to the lobby, needed or not: an invite left
        # over would let a member kicked later back in once the lobby is invite-only.
        invites = {e.player_id: self._invites_to(e.player_id, lobby_id) for e in entrants}
        joiners = tuple(replace(e, invited=bool(invites[e.player_id])) for e in entrants)
        consumed = tuple((user, i.invitation_id) for user, held in invites.items() for i in held)
        return Joining(lobby, joiners, consumed, guard)
