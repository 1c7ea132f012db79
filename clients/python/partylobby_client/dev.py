"""Local stack helpers: a player's token from `POST /dev/token` (the local stack only, never deployed)."""

from __future__ import annotations

import base64
import json

import httpx

from partylobby_client.errors import error_from_answer


async def dev_token(base_url: str, player_id: str, *, admin: bool = False, timeout: float = 10.0) -> str:
    """A token for `player_id` from the local stack (`make run`): `POST /dev/token {"player_id"}`."""
    async with httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout) as http:
        response = await http.post("/dev/token", json={"player_id": player_id, "admin": admin})
    if response.status_code != 200:
        raise error_from_answer(response.status_code, _json(response))
    return str(response.json()["token"])


def token_subject(token: str) -> str:
    """The player id a JWT names (`sub`), read without checking the signature (the service checks it)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return str(claims["sub"])
    except (IndexError, ValueError, KeyError, TypeError) as error:
        raise ValueError("not a JWT with a `sub` claim") from error


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return response.text
