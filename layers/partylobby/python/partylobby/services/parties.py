"""Party use cases. Each command: load -> domain decides -> one transaction -> publish after commit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

from partylobby.clock import Clock
from partylobby.domain import party as rules
from partylobby.domain.errors import NotPartyMember, PartyDuplicated, PartyNotFound
from partylobby.domain.names import check_party_name
from partylobby.domain.party import Change, InviteStrategy, JoinerRelations, JoinStrategy, LeaveReason, Party
from partylobby.domain.social import Invitation
from partylobby.push.notifier import Notifier
from partylobby.services.replay import with_replay
from partylobby.store.parties import PartyStore
from partylobby.store.players import PlayerStore


@dataclass(frozen=True)
class NewParty:
    party_name: str = ""
    max_player: int = 0
    enable_chatting: bool = False
    join_strategy: JoinStrategy = JoinStrategy.PUBLIC
    invite_strategy: InviteStrategy = InviteStrategy.ALL_MEMBERS_CAN_INVITE


class PartyService:
    def __init__(
        self,
        *,
        parties: PartyStore,
        players: PlayerStore,
        notifier: Notifier,
        clock: Clock,
        invitation_ttl: timedelta,
        profanity_languages: tuple[str, ...] = ("english",),
        new_id: Callable[[], str] = lambda: str(uuid4()),
    ) -> None:
        self.parties = parties
        self.players = players
        self.notifier = notifier
        self.clock = clock
        self.invitation_ttl = invitation_ttl
        self.profanity_languages = profanity_languages
        self.new_id = new_id

    # -- reads ---------------------------------------------------------------

    def party_id_of(self, player_id: str) -> str | None:
        return self.parties.party_of(player_id)

    def current(self, player_id: str) -> Party:
        party_id = self.parties.party_of(player_id)
        party = self.parties.load(party_id) if party_id else None
        if party is None or not party.is_member(player_id):
            raise PartyNotFound("you are not in a party")
        return party

    def get(self, player_id: str, party_id: str) -> Party:
        """Members, and holders of a live invitation, may look."""
        party = self.parties.get(party_id)
        if not party.is_member(player_id) and not self._has_live_invitation(player_id, party_id):
            raise NotPartyMember("you are not a member of this party")
        return party

    def pending_invitations(self, player_id: str) -> list[Invitation]:
        now = self.clock()
        live = [i for i in self.players.view(player_id).invitations if i.is_live(now)]
        existing = self.parties.existing([i.party_id for i in live]) if live else set()
        return sorted((i for i in live if i.party_id in existing), key=lambda i: i.expires_at)

    def decline(self, player_id: str, party_id: str) -> None:
        self.players.delete_invitation(player_id, party_id)

    # -- commands ------------------------------------------------------------

    def create(self, player_id: str, params: NewParty) -> Party:
        check_party_name(params.party_name, self.profanity_languages)

        def attempt() -> Party:
            if self.parties.party_of(player_id):
                raise PartyDuplicated("you are already in a party")
            change = rules.create_party(
                party_id=self.new_id(),
                creator=player_id,
                party_name=params.party_name,
                max_player=params.max_player,
                enable_chatting=params.enable_chatting,
                join_strategy=params.join_strategy,
                invite_strategy=params.invite_strategy,
                now=self.clock(),
            )
            self.parties.commit(change)
            return change.party

        return with_replay(attempt)

    def join(self, player_id: str, party_id: str) -> Party:
        def decide(party: Party) -> Change:
            return rules.join(party, player_id, self._relations(player_id, party), self.clock())

        return self._run(party_id, decide)

    def leave(self, player_id: str, party_id: str, reason: LeaveReason = LeaveReason.LEFT) -> None:
        self._run(party_id, lambda party: rules.leave(party, player_id, self.clock(), reason))

    def kick(self, player_id: str, party_id: str, target_id: str) -> None:
        self._run(party_id, lambda party: rules.kick(party, player_id, target_id, self.clock()))

    def transfer_leader(self, player_id: str, party_id: str, new_leader_id: str) -> Party:
        return self._run(party_id, lambda party: rules.transfer_leader(party, player_id, new_leader_id))

    def dismiss(self, player_id: str, party_id: str) -> None:
        self._run(party_id, lambda party: rules.dismiss(party, player_id, self.clock()))

    def set_strategy(
        self,
        player_id: str,
        party_id: str,
        join_strategy: JoinStrategy | None,
        invite_strategy: InviteStrategy | None,
    ) -> Party:
        return self._run(
            party_id, lambda party: rules.set_strategy(party, player_id, join_strategy, invite_strategy)
        )

    def set_global_data(self, player_id: str, party_id: str, data: str) -> Party:
        return self._run(party_id, lambda party: rules.set_global_data(party, player_id, data))

    def set_player_data(self, player_id: str, party_id: str, data: str) -> Party:
        """Members' own entries are independent, so this write commutes (see PartyStore.set_player_data)."""

        def attempt() -> Party:
            party = self.parties.get(party_id)
            rules.set_player_data(party, player_id, data)  # the rules' verdict; the store writes the entry
            return self.parties.set_player_data(party, player_id, data)

        after = with_replay(attempt)
        self.notifier.publish([rules.custom_data_changed(after)])
        return after

    def invite(self, player_id: str, party_id: str, invitee_ids: Sequence[str]) -> list[Invitation]:
        def attempt() -> list[Invitation]:
            party = self.parties.get(party_id)
            pairs = [
                pair
                for invitee in invitee_ids
                for other in {party.leader_id, player_id}
                for pair in ((other, invitee), (invitee, other))
            ]
            # Whole seconds: the TTL attribute is epoch seconds, and reads must agree with this answer.
            expires_at = (self.clock() + self.invitation_ttl).replace(microsecond=0)
            events = rules.invite(party, player_id, invitee_ids, self.players.blocks_among(pairs), expires_at)
            invitations = [
                Invitation(party_id, next(iter(e.recipients)), player_id, party.party_name, expires_at)
                for e in events
            ]
            self.players.save_invitations(party_id, party.version, invitations)
            self.notifier.publish(events)
            return invitations

        return with_replay(attempt)

    # -- helpers -------------------------------------------------------------

    def _run(self, party_id: str, decide: Callable[[Party], Change]) -> Party:
        def attempt() -> Change:
            change = decide(self.parties.get(party_id))
            self.parties.commit(change)
            return change

        change = with_replay(attempt)
        self.notifier.publish(change.events)
        return change.party

    def _has_live_invitation(self, player_id: str, party_id: str) -> bool:
        return self.players.view(player_id).live_invitation(party_id, self.clock()) is not None

    def _relations(self, player_id: str, party: Party) -> JoinerRelations:
        view = self.players.view(player_id)
        leader = party.leader_id
        blocks = self.players.blocks_among([(leader, player_id), (player_id, leader)])
        friends = view.friends()
        return JoinerRelations(
            holds_party_lock=view.party_id is not None,
            has_invitation=view.live_invitation(party.party_id, self.clock()) is not None,
            blocked_with_leader=bool(blocks),
            friend_of_leader=leader in friends,
            friend_of_a_member=bool(friends & party.member_ids),
        )
