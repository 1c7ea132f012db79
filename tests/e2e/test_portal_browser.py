"""The portal page (`GET /portal`) in a real headless Chromium against the local stack: an operator pastes an
admin token, lists the parties this module created over the HTTP API, filters them by player, pages through
them, and opens one to see its members' timeline. Playwright's Python package drives Debian's Chromium
(`make test` installs it); no browser is downloaded."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import requests
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.conftest import Player, Stack

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package `chromium`
# Headless on a closed network: no sandbox (root), no GPU, and none of Chromium's own calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PER_PAGE = 3
NO_VALUE = "—"  # what the page shows for a null


@dataclass(frozen=True)
class History:
    """What this module created through the HTTP API, and the window (whole UTC seconds) it created it in."""

    party_ids: list[str]  # in creation order
    rover: str  # a player who was in two of them
    loner: str  # a player who was in one
    since: str  # datetime-local values, as an operator types them
    until: str

    def newest_first(self) -> list[str]:
        return self.party_ids[::-1]


def local_value(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def ok(response: requests.Response, expected: int = 200) -> requests.Response:
    assert response.status_code == expected, response.text
    return response


def admin_token(stack: Stack) -> str:
    """A fresh operator for each use, so that no test spends another's read quota."""
    return stack.token(f"ops-{uuid4().hex[:8]}", admin=True)


@pytest.fixture(scope="module")
def history(stack: Stack) -> History:
    """Seven parties with member timelines: joins, a kick, leaves, a leader change and a dismissal.

    They are created from the start of a whole second on, so that a window of whole seconds (the page's From
    and To) holds them and no party of an earlier test."""
    time.sleep(1 - datetime.now(UTC).microsecond / 1_000_000 + 0.01)
    since = datetime.now(UTC)
    names = "abcdefghijk"
    a, b, c, d, e, f, g, *leaders = [stack.player(f"portal-{name}") for name in names]
    rover = stack.player("portal-rover")

    def party(leader: Player, name: str) -> str:
        party_id: str = leader.create_party(party_name=name)["party_id"]
        return party_id

    def join(player: Player, party_id: str) -> None:
        ok(player.post(f"/parties/{party_id}/members"))

    alpha = party(a, "alpha")
    for member in (b, c, rover):
        join(member, alpha)
    ok(a.delete(f"/parties/{alpha}/members/{c.id}"), 204)  # kicked
    ok(b.delete(f"/parties/{alpha}/members/me"), 204)  # left
    ok(rover.delete(f"/parties/{alpha}/members/me"), 204)

    bravo = party(d, "bravo")
    join(e, bravo)
    ok(d.put(f"/parties/{bravo}/leader", {"new_leader_id": e.id}))
    ok(d.delete(f"/parties/{bravo}/members/me"), 204)

    charlie = party(f, "charlie")
    for member in (rover, g):
        join(member, charlie)
    ok(f.delete(f"/parties/{charlie}"), 204)  # dismissed: every member leaves with it

    rest = [party(leader, f"squad {n}") for n, leader in enumerate(leaders)]
    until = datetime.now(UTC)
    assert until - since < timedelta(seconds=30)
    return History([alpha, bravo, charlie, *rest], rover.id, d.id, local_value(since), local_value(until))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make chromium` (or `apt-get install chromium`) installs it")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, stack: Stack) -> Iterator[Page]:
    """The portal in a fresh context (its own sessionStorage); fails the test on any uncaught script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: errors.append(message.text) if "Content Security" in message.text else None)
    response = opened.goto(f"{stack.url}/portal")
    assert response is not None and response.status == 200
    yield opened
    context.close()
    assert errors == []


def sign_in(page: Page, token: str) -> None:
    page.fill("#token", token)
    page.click("#auth button[type=submit]")


def search(page: Page, history: History, player: str = "", per_page: int = PER_PAGE, window: bool = True) -> list[str]:
    page.fill("#player", player)
    page.fill("#from", history.since if window else "")
    page.fill("#to", history.until if window else "")
    page.fill("#limit", str(per_page))
    page.click("#search")
    return listed(page)


def listed(page: Page) -> list[str]:
    """The listed party ids, once the page has its answer (it marks the table busy while it waits)."""
    page.wait_for_selector('#parties[aria-busy="false"]', state="attached")
    ids: list[str] = page.eval_on_selector_all("#parties tbody tr.party", "rows => rows.map(r => r.dataset.partyId)")
    return ids


def table(page: Page, selector: str) -> list[list[str]]:
    texts: list[list[str]] = page.eval_on_selector_all(
        f"{selector} tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
    )
    return texts


def status(page: Page) -> str:
    return page.text_content("#status") or ""


def record(stack: Stack, party_id: str) -> dict[str, Any]:
    response = ok(
        requests.get(
            f"{stack.url}/admin/parties/{party_id}",
            headers={"Authorization": f"Bearer {admin_token(stack)}"},
            timeout=10,
        )
    )
    answer: dict[str, Any] = response.json()
    return answer


def test_the_page_loads_and_asks_for_a_token(page: Page) -> None:
    assert page.title().startswith("Party history")
    for element in ("#token", "#auth", "#player", "#from", "#to", "#limit", "#search", "#parties", "#older"):
        assert page.is_visible(element), element
    assert page.text_content("#who") == "no token"
    assert page.is_hidden("#details")
    assert page.is_disabled("#older") and page.is_disabled("#newer")

    page.click("#search")

    page.wait_for_selector('#parties[aria-busy="false"]', state="attached")
    assert status(page) == "paste an admin token first"
    assert listed(page) == []


def test_an_admin_token_lists_the_parties_the_test_created(page: Page, stack: Stack, history: History) -> None:
    sign_in(page, admin_token(stack))
    listed(page)  # the newest parties the stack holds, whoever made them
    assert (page.text_content("#who") or "").startswith("token of ops-")

    assert search(page, history, per_page=100) == history.newest_first()

    assert status(page) == ""
    summaries = [record(stack, party_id) for party_id in history.newest_first()]
    assert table(page, "#parties") == [
        [
            s["party_id"],
            s["party_name"],
            s["leader_id"],
            str(s["max_player"]),
            s["created_at"],
            s["dismissed_at"] or NO_VALUE,
        ]
        for s in summaries
    ]
    assert [s["party_name"] for s in summaries[-3:]] == ["charlie", "bravo", "alpha"]


def test_filtering_by_player_shows_only_that_players_parties(page: Page, stack: Stack, history: History) -> None:
    sign_in(page, admin_token(stack))
    listed(page)
    alpha, bravo, charlie = history.party_ids[:3]

    assert search(page, history, player=history.rover) == [charlie, alpha]  # newest join first
    assert search(page, history, player=history.loner) == [bravo]
    assert search(page, history, player=history.rover, window=False) == [charlie, alpha]
    assert search(page, history, player=f"nobody-{uuid4().hex[:8]}", window=False) == []
    assert (page.text_content("#page") or "").endswith("no parties")


def test_older_and_newer_walk_every_party_a_page_at_a_time(page: Page, stack: Stack, history: History) -> None:
    sign_in(page, admin_token(stack))
    listed(page)
    expected = history.newest_first()
    pages = [expected[start : start + PER_PAGE] for start in range(0, len(expected), PER_PAGE)]

    walked = [search(page, history)]
    assert page.is_disabled("#newer")
    while page.is_enabled("#older"):
        page.click("#older")
        walked.append(listed(page))
        assert page.text_content("#page") == f"page {len(walked)}"
    assert walked == pages

    back = []
    while page.is_enabled("#newer"):
        page.click("#newer")
        back.append(listed(page))
    assert back == pages[-2::-1]
    assert page.text_content("#page") == "page 1" and status(page) == ""


def test_paging_keeps_the_search_while_its_fields_are_edited(page: Page, stack: Stack, history: History) -> None:
    """An operator who edits a filter but pages before pressing Search gets the next page of what is shown
    (the cursor belongs to that query), not an error."""
    sign_in(page, admin_token(stack))
    listed(page)
    search(page, history)
    page.fill("#player", history.rover)

    page.click("#older")

    assert listed(page) == history.newest_first()[PER_PAGE : 2 * PER_PAGE]
    assert status(page) == ""


def test_a_party_shows_its_members_timeline(page: Page, stack: Stack, history: History, tmp_path: Path) -> None:
    sign_in(page, admin_token(stack))
    listed(page)
    search(page, history, per_page=100)

    for party_id in history.party_ids[:3]:
        page.click(f'#parties tbody tr.party[data-party-id="{party_id}"]')
        page.wait_for_selector('#details:not([hidden])[aria-busy="false"]')

        expected = record(stack, party_id)
        assert page.text_content("#details-id") == party_id
        assert table(page, "#members") == [
            [m["player_id"], m["joined_at"], m["left_at"] or NO_VALUE, m["reason"] or NO_VALUE]
            for m in expected["members"]
        ]
        changes = [[c["old_leader_id"], c["new_leader_id"], c["at"]] for c in expected["leader_changes"]]
        assert table(page, "#leaders") == (changes or [["none"]])
        assert page.get_attribute(f'tr.party[data-party-id="{party_id}"]', "aria-current") == "true"

    alpha, bravo, charlie = (record(stack, party_id) for party_id in history.party_ids[:3])
    assert [m["reason"] for m in alpha["members"]] == [None, "left", "kicked", "left"]
    assert len(bravo["leader_changes"]) == 1
    assert [m["reason"] for m in charlie["members"]] == ["dismissed"] * 3
    assert f"dismissed {charlie['dismissed_at']}" in (page.text_content("#details-summary") or "")

    screenshot = tmp_path / "portal.png"
    page.screenshot(path=screenshot, full_page=True)
    assert screenshot.read_bytes().startswith(PNG_SIGNATURE) and screenshot.stat().st_size > 10_000


def test_a_token_without_the_admin_claim_shows_the_403(page: Page, stack: Stack) -> None:
    sign_in(page, stack.token(f"player-{uuid4().hex[:8]}"))

    assert listed(page) == []
    assert status(page).startswith("403 kBackendAdminRequired")

    page.click("#forget")
    assert page.text_content("#who") == "no token" and status(page) == ""
