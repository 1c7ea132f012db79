"""TTL deletes late (DynamoDB Local never does): an expired invitation must still count for nothing."""

from __future__ import annotations

import pytest

from partylobby.bootstrap import Container
from partylobby.clock import epoch_seconds
from partylobby.domain.invitations import InvitationKind
from partylobby.domain.party.errors import NoInvitation, NotPartyMember
from partylobby.domain.party.model import JoinStrategy, NewParty
from partylobby.store import keys
from partylobby.store.table import Table
from tests.integration.conftest import INVITATION_TTL_SECONDS
from tests.support.fakes import FakeClock

pytestmark = pytest.mark.integration


def test_expired_invitation_that_ttl_has_not_deleted_neither_lists_nor_admits(
    services: Container, table: Table, clock: FakeClock
) -> None:
    parties = services.parties
    party_id = parties.create("lead", NewParty(join_strategy=JoinStrategy.ONLY_INVITED)).party.party_id
    (invitation,) = parties.invite("lead", party_id, ["bob"])

    clock.advance(INVITATION_TTL_SECONDS - 1)
    assert [i.target_id for i in parties.pending_invitations("bob")] == [party_id]

    clock.advance(1)  # now == expires_at: expired
    item = table.get(keys.invitation("bob", InvitationKind.PARTY, party_id))
    assert item is not None, "DynamoDB Local never runs TTL deletion"
    assert item["expires_at"] == epoch_seconds(invitation.expires_at) <= epoch_seconds(clock())
    assert parties.pending_invitations("bob") == []
    with pytest.raises(NotPartyMember):
        parties.get("bob", party_id)
    with pytest.raises(NoInvitation):
        parties.join("bob", party_id)
    assert parties.get("lead", party_id).party.member_ids == {"lead"}


def test_a_fresh_invitation_after_an_expired_one_admits_and_is_consumed(
    services: Container, table: Table, clock: FakeClock
) -> None:
    parties = services.parties
    party_id = parties.create("lead", NewParty(join_strategy=JoinStrategy.ONLY_INVITED)).party.party_id
    parties.invite("lead", party_id, ["bob"])
    clock.advance(INVITATION_TTL_SECONDS + 5)

    parties.invite("lead", party_id, ["bob"])  # re-inviting refreshes the expiry
    joined = parties.join("bob", party_id).party

    assert joined.member_ids == {"lead", "bob"}
    assert table.get(keys.invitation("bob", InvitationKind.PARTY, party_id)) is None
    assert parties.pending_invitations("bob") == []
