"""Idempotent retries over real HTTP: a chat message retried with its Idempotency-Key is sent once."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e.conftest import Player

pytestmark = pytest.mark.e2e
NewPlayer = Callable[[str], Player]


def test_a_chat_message_retried_with_its_key_is_sent_once(new_player: NewPlayer) -> None:
    alice = new_player("alice")
    party_id = alice.post("/parties", {"enable_chatting": True}).json()["party_id"]
    path, body = f"/parties/{party_id}/chat", {"type": "text", "content": "gg"}
    headers = {"Authorization": f"Bearer {alice.token}", "Idempotency-Key": "chat-1"}

    first = alice.http.post(alice.url + path, json=body, headers=headers, timeout=10)
    again = alice.http.post(alice.url + path, json=body, headers=headers, timeout=10)

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    messages = alice.get(f"{path}?after=0").json()
    assert [m["msg_id"] for m in messages["messages"]] == [first.json()["msg_id"]]
