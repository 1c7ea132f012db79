"""bench/load.py's event-integrity check: which versions of a stay a player must have seen or resynced past."""

from __future__ import annotations

from typing import Any

from bench.loadtest.ledger import LOBBY, PARTY, Final, Ledger

PARTY_KEY = (PARTY, "p1")
LOBBY_KEY = (LOBBY, "l1")


def party_push(event: str, version: int, **data: Any) -> dict[str, Any]:
    return {"event": event, "data": {"party_id": "p1", "version": version, **data}}


def lobby_status(status: str, version: int, target: str) -> dict[str, Any]:
    data = {"lobby_id": "l1", "version": version, "target_user_id": target, "status": status}
    return {"event": "OnLobbyMemberStatusReceived", "data": data}


def custom_data(version: int) -> dict[str, Any]:
    return party_push("OnCustomDataChanged", version, custom_data={})


def missing(ledger: Ledger, player: str, key: tuple[str, str], final: Final | None) -> list[int]:
    stays, problem = ledger.stays(player, key, final)
    assert problem == ""
    return [v for stay in stays for v in ledger.missing(player, key, stay)]


def test_a_stay_whose_every_version_was_seen_passes() -> None:
    ledger = Ledger()
    ledger.answered("bob", PARTY_KEY, 2, joined=True)
    for version in (3, 4):
        ledger.push("bob", custom_data(version))
    assert missing(ledger, "bob", PARTY_KEY, Final(4, frozenset({"bob"}))) == []


def test_a_version_missing_in_the_middle_or_at_the_end_is_reported() -> None:
    ledger = Ledger()
    ledger.answered("bob", PARTY_KEY, 2, joined=True)
    ledger.push("bob", custom_data(4))
    assert missing(ledger, "bob", PARTY_KEY, Final(5, frozenset({"bob"}))) == [3, 5]


def test_a_resync_covers_the_versions_below_what_it_read() -> None:
    ledger = Ledger()
    ledger.answered("bob", PARTY_KEY, 2, joined=True)
    ledger.resynced("bob", PARTY_KEY, 6, "reconnect")
    ledger.push("bob", custom_data(7))
    assert missing(ledger, "bob", PARTY_KEY, Final(7, frozenset({"bob"}))) == []


def test_a_resync_before_leaving_still_covers_the_gap_it_healed() -> None:
    ledger = Ledger()
    ledger.answered("bob", PARTY_KEY, 1, joined=True)
    ledger.push("bob", custom_data(3))
    ledger.resynced("bob", PARTY_KEY, 4, "gap")
    ledger.left("bob", PARTY_KEY)
    assert missing(ledger, "bob", PARTY_KEY, None) == []


def test_a_leaver_is_judged_up_to_the_version_before_the_departure_others_were_pushed() -> None:
    ledger = Ledger()
    ledger.answered("bob", PARTY_KEY, 2, joined=True)
    ledger.left("bob", PARTY_KEY)  # answered 204 having seen only v2
    ledger.push("alice", party_push("OnPartyMemberLeft", 5, player_id="bob", reason="left"))
    assert missing(ledger, "bob", PARTY_KEY, Final(5, frozenset({"alice"}))) == [3, 4]


def test_the_last_member_out_is_judged_up_to_what_it_saw() -> None:
    ledger = Ledger()
    ledger.answered("bob", PARTY_KEY, 1, joined=True)
    ledger.push("bob", custom_data(2))
    ledger.left("bob", PARTY_KEY)  # the party ends with it: nobody is pushed the departure
    stays, problem = ledger.stays("bob", PARTY_KEY, None)
    assert (problem, [(s.first, s.last, s.bounded) for s in stays]) == ("", [(1, 2, True)])


def test_a_kicked_member_must_see_its_kick() -> None:
    ledger = Ledger()
    ledger.answered("bob", LOBBY_KEY, 3, joined=True)
    ledger.push("alice", lobby_status("EOS_LMS_KICKED", 4, "bob"))
    assert missing(ledger, "bob", LOBBY_KEY, Final(4, frozenset({"alice"}))) == [4]


def test_a_stay_a_resync_found_over_is_covered() -> None:
    ledger = Ledger()
    ledger.answered("bob", PARTY_KEY, 2, joined=True)
    ledger.gone("bob", PARTY_KEY, "reconnect", covering=True)  # kicked while its socket was closed
    ledger.push("alice", party_push("OnPartyMemberLeft", 6, player_id="bob", reason="kicked"))
    assert missing(ledger, "bob", PARTY_KEY, Final(6, frozenset({"alice"}))) == []


def test_a_member_brought_in_by_its_party_is_judged_from_the_join_others_saw() -> None:
    ledger = Ledger()
    ledger.push("alice", lobby_status("EOS_LMS_JOINED", 3, "bob"))
    assert missing(ledger, "bob", LOBBY_KEY, Final(4, frozenset({"alice", "bob"}))) == [3, 4]


def test_a_membership_the_final_state_contradicts_is_reported() -> None:
    ledger = Ledger()
    ledger.answered("bob", PARTY_KEY, 2, joined=True)
    assert ledger.stays("bob", PARTY_KEY, Final(3, frozenset({"alice"})))[1] != ""
    assert ledger.stays("carol", PARTY_KEY, Final(3, frozenset({"carol"})))[1] != ""
