"""The admin claim is a template parameter: overridden locally, the functions and `/dev/token` agree on it."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from tests.e2e.conftest import start_stack, stop, wait_until_ready

pytestmark = pytest.mark.e2e


def test_an_overridden_admin_claim_is_what_dev_admin_tokens_carry_and_the_routes_check(tmp_path: Path) -> None:
    overrides = ["AdminClaim=roles", "AdminClaimValue=operators", "--embedded-db", "moto"]
    running = start_stack(tmp_path / "stack.log", "a" * 43, "--parameter-overrides", *overrides)
    try:
        url = wait_until_ready(running)

        def listing(admin: bool) -> int:
            body = {"player_id": "ops", "admin": admin}
            token = requests.post(f"{url}/dev/token", json=body, timeout=10).json()["token"]
            headers = {"Authorization": f"Bearer {token}"}
            return requests.get(f"{url}/admin/parties", headers=headers, timeout=10).status_code

        assert (listing(admin=True), listing(admin=False)) == (200, 403)
    finally:
        stop(running)
