"""Invitations of every kind, in the invitee's partition: `INVITE#<KIND>#<id>`, expiring by TTL."""

from __future__ import annotations

from collections.abc import Sequence

from partylobby.clock import epoch_seconds, from_epoch
from partylobby.domain.invitations import Invitation, InvitationKind
from partylobby.store import keys
from partylobby.store.table import Item, Table, Write


class InvitationStore:
    def __init__(self, table: Table) -> None:
        self.table = table

    def of(self, invitee_id: str, kind: InvitationKind) -> list[Invitation]:
        """Every stored invitation of that kind, expired ones included (TTL deletes late): one Query."""
        items = self.table.query(
            "pk = :pk AND begins_with(sk, :kind)",
            {":pk": keys.player_pk(invitee_id), ":kind": keys.invitation_prefix(kind)},
            ConsistentRead=True,
        )
        return [invitation_from_item(i, kind) for i in items]

    def get(self, invitee_id: str, kind: InvitationKind, invitation_id: str) -> Invitation | None:
        item = self.table.get(keys.invitation(invitee_id, kind, invitation_id))
        return invitation_from_item(item, kind) if item else None

    def save(self, invitations: Sequence[Invitation], guard: Write) -> None:
        """All or nothing, and only while `guard` (the target's version, say) still holds."""
        self.table.transact([guard, *(self.table.put_write(invitation_item(i)) for i in invitations)])

    def delete(self, invitee_id: str, kind: InvitationKind, invitation_id: str) -> None:
        self.table.delete(keys.invitation(invitee_id, kind, invitation_id))

    def delete_many(self, invitee_ids_and_ids: Sequence[tuple[str, str]], kind: InvitationKind) -> None:
        self.table.batch_delete([keys.invitation(invitee, kind, i) for invitee, i in invitee_ids_and_ids])


def invitation_item(invitation: Invitation) -> Item:
    return {
        **keys.invitation(invitation.invitee_id, invitation.kind, invitation.invitation_id),
        "target_id": invitation.target_id,
        "target_name": invitation.target_name,
        "inviter_id": invitation.inviter_id,
        "expires_at": epoch_seconds(invitation.expires_at),
    }


def invitation_from_item(item: Item, kind: InvitationKind) -> Invitation:
    return Invitation(
        kind=kind,
        invitation_id=keys.invitation_id_of(item, kind),
        target_id=item["target_id"],
        invitee_id=keys.player_id_of(item),
        inviter_id=item["inviter_id"],
        expires_at=from_epoch(int(item["expires_at"])),
        target_name=item.get("target_name", ""),
    )
