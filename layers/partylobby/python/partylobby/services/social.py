"""Friends and blocks: the social graph the join and invite rules read."""

from __future__ import annotations

from partylobby.clock import Clock
from partylobby.domain.social import FriendStatus, PlayerView, befriend, check_block_target
from partylobby.services.commands import replayed
from partylobby.store.players import PlayerStore


class SocialService:
    def __init__(self, players: PlayerStore, clock: Clock) -> None:
        self.players = players
        self.clock = clock

    def view(self, player_id: str) -> PlayerView:
        return self.players.view(player_id)

    def befriend(self, player_id: str, other_id: str) -> FriendStatus:
        """Send a friend request, or accept the one `other_id` sent."""

        def attempt() -> FriendStatus:
            mine = self.players.friend_status(player_id, other_id)
            theirs = self.players.friend_status(other_id, player_id)
            blocks = self.players.blocks_among([(player_id, other_id), (other_id, player_id)])
            statuses = befriend(player_id, other_id, mine, bool(blocks))
            if statuses != (mine, theirs):
                self.players.save_friendship(player_id, other_id, statuses, (mine, theirs))
            return statuses[0]

        return replayed(attempt)

    def unfriend(self, player_id: str, other_id: str) -> None:
        replayed(lambda: self.players.remove_friendship(player_id, other_id))

    def block(self, player_id: str, other_id: str) -> None:
        check_block_target(player_id, other_id)
        replayed(lambda: self.players.block(player_id, other_id, self.clock()))

    def unblock(self, player_id: str, other_id: str) -> None:
        self.players.unblock(player_id, other_id)
