"""Party calls (PGOS Party), chat, the social graph and logout: one method per SDK call, in snake_case."""

from __future__ import annotations

from collections.abc import Sequence

from partylobby_client.calls import Calls, seg
from partylobby_client.errors import PartyError
from partylobby_client.models import (
    ChatMsgInfo,
    ChatType,
    FriendList,
    InviteStrategy,
    JoinStrategy,
    PartyCustomData,
    PartyInfo,
    PartyInvitation,
)


class PartyCalls(Calls):
    async def create_party(
        self,
        party_name: str = "",
        max_player: int = 0,
        enable_chatting: bool = False,
        join_strategy: JoinStrategy | str = JoinStrategy.PUBLIC,
        invite_strategy: InviteStrategy | str = InviteStrategy.ALL_MEMBERS_CAN_INVITE,
        *,
        idempotency_key: str | None = None,
    ) -> PartyInfo:
        """CreateParty: the caller leads it. Sends an Idempotency-Key (yours, or a new one) on every try."""
        body = {
            "party_name": party_name,
            "max_player": max_player,
            "enable_chatting": enable_chatting,
            "join_strategy": str(join_strategy),
            "invite_strategy": str(invite_strategy),
        }
        answer = await self._call("POST", "/parties", body, idempotent=True, idempotency_key=idempotency_key)
        info = PartyInfo.model_validate(answer)
        self._sync.observe_party(info, created=True)
        return info

    async def join_party(self, party_id: str, *, idempotency_key: str | None = None) -> PartyInfo:
        answer = await self._call(
            "POST", f"/parties/{seg(party_id)}/members", idempotent=True, idempotency_key=idempotency_key
        )
        info = PartyInfo.model_validate(answer)
        self._sync.observe_party(info)
        return info

    async def invite_player_to_party(
        self, party_id: str, invitee_player_ids: str | Sequence[str]
    ) -> list[PartyInvitation]:
        """InvitePlayerToParty: all or nothing (one refused invitee fails the call and sends none)."""
        invitees = [invitee_player_ids] if isinstance(invitee_player_ids, str) else list(invitee_player_ids)
        answer = await self._call("POST", f"/parties/{seg(party_id)}/invitations", {"invitee_player_ids": invitees})
        return [PartyInvitation.model_validate(i) for i in answer["invitations"]]

    async def get_party_invitations(self) -> list[PartyInvitation]:
        """The caller's pending (unexpired) party invitations."""
        answer = await self._call("GET", "/me/party-invitations")
        return [PartyInvitation.model_validate(i) for i in answer["invitations"]]

    async def decline_invitation(self, party_id: str) -> None:
        await self._call("DELETE", f"/me/party-invitations/{seg(party_id)}")

    async def leave_party(self, party_id: str) -> None:
        await self._call("DELETE", f"/parties/{seg(party_id)}/members/me")
        self._sync.forget_party(party_id)

    async def kick_party_member(self, party_id: str, player_id: str) -> None:
        await self._call("DELETE", f"/parties/{seg(party_id)}/members/{seg(player_id)}")

    async def transfer_party_leader(self, party_id: str, new_leader_id: str) -> PartyInfo:
        answer = await self._call("PUT", f"/parties/{seg(party_id)}/leader", {"new_leader_id": new_leader_id})
        info = PartyInfo.model_validate(answer)
        self._sync.observe_party(info)
        return info

    async def dismiss_party(self, party_id: str) -> None:
        await self._call("DELETE", f"/parties/{seg(party_id)}")
        self._sync.forget_party(party_id)

    async def get_party_info(self, party_id: str) -> PartyInfo:
        info = PartyInfo.model_validate(await self._call("GET", f"/parties/{seg(party_id)}"))
        if self.player_id in info.member_ids:
            self._sync.observe_party(info)
        return info

    async def get_current_party(self) -> PartyInfo | None:
        """CurrentParty: the caller's party, or None when they are in none."""
        info = await self.fetch_current_party()
        if info is not None:
            self._sync.observe_party(info)
        return info

    async def fetch_current_party(self) -> PartyInfo | None:
        try:
            return PartyInfo.model_validate(await self._call("GET", "/me/party"))
        except PartyError as error:
            if error.status == 404:
                return None
            raise

    async def set_party_strategy(
        self,
        party_id: str,
        join_strategy: JoinStrategy | str | None = None,
        invite_strategy: InviteStrategy | str | None = None,
    ) -> PartyInfo:
        body = {
            key: str(value)
            for key, value in (("join_strategy", join_strategy), ("invite_strategy", invite_strategy))
            if value is not None
        }
        info = PartyInfo.model_validate(await self._call("PUT", f"/parties/{seg(party_id)}/strategy", body))
        self._sync.observe_party(info)
        return info

    async def set_global_custom_data(self, party_id: str, data: str) -> PartyCustomData:
        answer = await self._call("PUT", f"/parties/{seg(party_id)}/custom-data/global", {"data": data})
        return PartyCustomData.model_validate(answer)

    async def set_player_custom_data(self, party_id: str, data: str) -> PartyCustomData:
        answer = await self._call("PUT", f"/parties/{seg(party_id)}/custom-data/players/me", {"data": data})
        return PartyCustomData.model_validate(answer)

    async def send_party_chat_msg(
        self,
        party_id: str,
        content: str,
        type: ChatType | str = ChatType.TEXT,  # the contract's field name
        *,
        idempotency_key: str | None = None,
    ) -> ChatMsgInfo:
        """SendPartyChatTextMsg / SendPartyChatCustomMsg (`type="custom"`). Sends an Idempotency-Key."""
        body = {"type": str(type), "content": content}
        answer = await self._call(
            "POST", f"/parties/{seg(party_id)}/chat", body, idempotent=True, idempotency_key=idempotency_key
        )
        message = ChatMsgInfo.model_validate(answer)
        self._sync.observe_chat(message)
        return message

    async def send_party_chat_text_msg(self, party_id: str, content: str) -> ChatMsgInfo:
        return await self.send_party_chat_msg(party_id, content, ChatType.TEXT)

    async def send_party_chat_custom_msg(self, party_id: str, content: str) -> ChatMsgInfo:
        return await self.send_party_chat_msg(party_id, content, ChatType.CUSTOM)

    async def get_party_chat(self, party_id: str, after_seq: int = 0) -> list[ChatMsgInfo]:
        """Chat messages after a sequence number, oldest first (the last 100, kept 24 h); members only."""
        return await self.fetch_chat(party_id, after_seq)

    async def fetch_chat(self, party_id: str, after_seq: int) -> list[ChatMsgInfo]:
        answer = await self._call("GET", f"/parties/{seg(party_id)}/chat", params={"after_seq": after_seq})
        return [ChatMsgInfo.model_validate(m) for m in answer["messages"]]

    # -- social graph ------------------------------------------------------------------

    async def add_friend(self, player_id: str) -> str:
        """Send a friend request, or accept theirs; the relation's status after it."""
        answer = await self._call("PUT", f"/me/friends/{seg(player_id)}")
        return str(answer["status"])

    async def remove_friend(self, player_id: str) -> None:
        await self._call("DELETE", f"/me/friends/{seg(player_id)}")

    async def get_friends(self) -> FriendList:
        return FriendList.model_validate(await self._call("GET", "/me/friends"))

    async def block_player(self, player_id: str) -> None:
        await self._call("PUT", f"/me/blocks/{seg(player_id)}")

    async def unblock_player(self, player_id: str) -> None:
        await self._call("DELETE", f"/me/blocks/{seg(player_id)}")

    async def get_blocked_players(self) -> list[str]:
        return [str(p) for p in (await self._call("GET", "/me/blocks"))["blocked"]]

    async def logout(self) -> None:
        """Leaves every party and lobby at once and closes the player's sockets (the client stops reconnecting
        only when closed: call `close()` after this to sign out for good)."""
        await self._call("DELETE", "/me/session")
        if self._sync.party is not None:
            self._sync.forget_party(self._sync.party.party_id)
        for lobby_id in list(self._sync.lobbies):
            self._sync.forget_lobby(lobby_id)

    @property
    def player_id(self) -> str:
        return self._sync.me
