"""Friends and blocks: the social graph the join and invite rules read."""

from __future__ import annotations

from dataclasses import dataclass

from partylobby.clock import Clock
from partylobby.domain.social import FriendStatus, SocialView, befriend, check_other_player
from partylobby.services.commands import attempts
from partylobby.store.social import SocialStore


@dataclass(frozen=True, kw_only=True)
class SocialService:
    social: SocialStore
    clock: Clock

    def view(self, player_id: str) -> SocialView:
        return self.social.view(player_id)

    def befriend(self, player_id: str, other_id: str) -> FriendStatus:
        """Send a friend request, or accept the one `other_id` sent."""

        for attempt in attempts():
            with attempt:
                mine = self.social.friend_status(player_id, other_id)
                theirs = self.social.friend_status(other_id, player_id)
                blocks = self.social.blocks_among([(player_id, other_id), (other_id, player_id)])
                statuses = befriend(player_id, other_id, mine, bool(blocks))
                if statuses != (mine, theirs):
                    self.social.save_friendship(player_id, other_id, statuses, (mine, theirs))
        return statuses[0]

    def unfriend(self, player_id: str, other_id: str) -> None:
        check_other_player(player_id, other_id, "unfriend")
        for attempt in attempts():
            with attempt:
                self.social.remove_friendship(player_id, other_id)

    def block(self, player_id: str, other_id: str) -> None:
        check_other_player(player_id, other_id, "block")
        for attempt in attempts():
            with attempt:
                self.social.block(player_id, other_id, self.clock())

    def unblock(self, player_id: str, other_id: str) -> None:
        self.social.unblock(player_id, other_id)
