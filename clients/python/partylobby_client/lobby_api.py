"""Lobby calls (EOS Lobby), lobby invites and search: one method per SDK call, in snake_case."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from partylobby_client.calls import Calls, seg
from partylobby_client.errors import LobbyError
from partylobby_client.models import (
    Attribute,
    AttributeValue,
    LobbyDetails,
    LobbyInvite,
    PermissionLevel,
    SearchParameter,
    attributes_body,
)

Attributes = dict[str, AttributeValue] | list[Attribute]


class LobbyCalls(Calls):
    async def create_lobby(
        self,
        bucket_id: str,
        max_members: int,
        permission_level: PermissionLevel | str = PermissionLevel.PUBLIC_ADVERTISED,
        *,
        allow_invites: bool = True,
        disable_host_migration: bool = False,
        attributes: Attributes | None = None,
        idempotency_key: str | None = None,
    ) -> LobbyDetails:
        """CreateLobby: the caller joins as owner. `attributes` as a dict are Public. Sends an Idempotency-Key."""
        body = {
            "bucket_id": bucket_id,
            "max_members": max_members,
            "permission_level": str(permission_level),
            "allow_invites": allow_invites,
            "disable_host_migration": disable_host_migration,
            "attributes": attributes_body(attributes),
        }
        answer = await self._call("POST", "/lobbies", body, idempotent=True, idempotency_key=idempotency_key)
        return self._observed(answer)

    async def join_lobby(
        self, lobby_id: str, party_id: str | None = None, *, idempotency_key: str | None = None
    ) -> LobbyDetails:
        """JoinLobby / JoinLobbyById; with `party_id` the caller (its leader) brings the whole party."""
        body = {"party_id": party_id} if party_id is not None else None
        answer = await self._call(
            "POST", f"/lobbies/{seg(lobby_id)}/members", body, idempotent=True, idempotency_key=idempotency_key
        )
        return self._observed(answer)

    async def leave_lobby(self, lobby_id: str) -> None:
        await self._call("DELETE", f"/lobbies/{seg(lobby_id)}/members/me")
        self._sync.forget_lobby(lobby_id)

    async def update_lobby(
        self,
        lobby_id: str,
        *,
        permission_level: PermissionLevel | str | None = None,
        max_members: int | None = None,
        allow_invites: bool | None = None,
        set_attributes: Attributes | None = None,
        remove_attributes: Sequence[str] = (),
    ) -> LobbyDetails:
        """UpdateLobby (the lobby's settings and attributes): owner only, all or nothing."""
        body: dict[str, Any] = {}
        if permission_level is not None:
            body["permission_level"] = str(permission_level)
        if max_members is not None:
            body["max_members"] = max_members
        if allow_invites is not None:
            body["allow_invites"] = allow_invites
        if set_attributes:
            body["set_attributes"] = attributes_body(set_attributes)
        if remove_attributes:
            body["remove_attributes"] = list(remove_attributes)
        return self._observed(await self._call("PATCH", f"/lobbies/{seg(lobby_id)}", body))

    async def update_lobby_member(
        self, lobby_id: str, *, set_attributes: Attributes | None = None, remove_attributes: Sequence[str] = ()
    ) -> LobbyDetails:
        """UpdateLobby (the caller's own member attributes)."""
        body: dict[str, Any] = {}
        if set_attributes:
            body["set_attributes"] = attributes_body(set_attributes)
        if remove_attributes:
            body["remove_attributes"] = list(remove_attributes)
        return self._observed(await self._call("PATCH", f"/lobbies/{seg(lobby_id)}/members/me", body))

    async def kick_member(self, lobby_id: str, user_id: str) -> None:
        await self._call("DELETE", f"/lobbies/{seg(lobby_id)}/members/{seg(user_id)}")

    async def promote_member(self, lobby_id: str, target_user_id: str) -> LobbyDetails:
        answer = await self._call("PUT", f"/lobbies/{seg(lobby_id)}/owner", {"target_user_id": target_user_id})
        return self._observed(answer)

    async def destroy_lobby(self, lobby_id: str) -> None:
        await self._call("DELETE", f"/lobbies/{seg(lobby_id)}")
        self._sync.forget_lobby(lobby_id)

    async def get_lobby(self, lobby_id: str) -> LobbyDetails:
        """CopyLobbyDetailsHandle: members see everything, others the public view of a lobby they may find."""
        return self._observed(await self._call("GET", f"/lobbies/{seg(lobby_id)}"))

    async def fetch_lobby(self, lobby_id: str) -> LobbyDetails | None:
        try:
            return LobbyDetails.model_validate(await self._call("GET", f"/lobbies/{seg(lobby_id)}"))
        except LobbyError as error:
            if error.status in (403, 404):
                return None
            raise

    async def search_lobbies(
        self,
        *,
        bucket_id: str | None = None,
        lobby_id: str | None = None,
        target_user_id: str | None = None,
        parameters: Sequence[SearchParameter] = (),
        max_results: int | None = None,
    ) -> list[LobbyDetails]:
        """CreateLobbySearch + LobbySearch_Find: exactly one of bucket_id, lobby_id, target_user_id."""
        body: dict[str, Any] = {"parameters": [p.model_dump(mode="json") for p in parameters]}
        for key, value in (("bucket_id", bucket_id), ("lobby_id", lobby_id), ("target_user_id", target_user_id)):
            if value is not None:
                body[key] = value
        if max_results is not None:
            body["max_results"] = max_results
        answer = await self._call("POST", "/lobbies/search", body)
        return [LobbyDetails.model_validate(lobby) for lobby in answer["lobbies"]]

    async def send_invite(self, lobby_id: str, target_user_id: str) -> str:
        """SendInvite: the invite's id."""
        answer = await self._call("POST", f"/lobbies/{seg(lobby_id)}/invites", {"target_user_id": target_user_id})
        return str(answer["invite_id"])

    async def query_invites(self) -> list[LobbyInvite]:
        answer = await self._call("GET", "/me/lobby-invites")
        return [LobbyInvite.model_validate(invite) for invite in answer["invites"]]

    async def get_invite(self, invite_id: str) -> LobbyInvite:
        return LobbyInvite.model_validate(await self._call("GET", f"/me/lobby-invites/{seg(invite_id)}"))

    async def accept_invite(self, invite_id: str) -> LobbyDetails:
        return self._observed(await self._call("POST", f"/me/lobby-invites/{seg(invite_id)}/accept"))

    async def reject_invite(self, invite_id: str) -> None:
        await self._call("DELETE", f"/me/lobby-invites/{seg(invite_id)}")

    def _observed(self, answer: Any) -> LobbyDetails:
        details = LobbyDetails.model_validate(answer)
        self._sync.observe_lobby(details)
        return details
