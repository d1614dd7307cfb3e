"""Need-to-know access: an object belongs to one party and reaches another only through a share.

Every read or write of a party-owned object goes through :func:`check_access`. An object the caller
may not see raises :class:`NotFound` exactly as an absent one does.
"""

from __future__ import annotations

from sqlalchemy import Select, select

from lawbridge.domain.roles import Permission, SharePermission
from lawbridge.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from lawbridge.store.models import Share, utcnow
from lawbridge.workflows.parties import get_party
from lawbridge.workflows.unit import Unit


def active_share(unit: Unit, object_type: str, object_id: str, party_id: str) -> Share | None:
    return unit.session.scalar(
        select(Share).where(
            Share.object_type == object_type,
            Share.object_id == object_id,
            Share.grantee_party_id == party_id,
            Share.revoked_at.is_(None),
        )
    )


def check_access(
    unit: Unit, object_type: str, object_id: str, owner_party_id: str, *, write: bool = False
) -> None:
    """Raise unless the actor may read (or write) the object owned by ``owner_party_id``."""
    actor = unit.actor
    if actor.is_system:
        return
    needed = Permission.WRITE_RECORDS if write else Permission.READ_RECORDS
    if actor.party_id == owner_party_id:
        unit.require(needed)
        return
    share = active_share(unit, object_type, object_id, actor.party_id or "")
    if share is None:
        raise NotFound(f"no {object_type} '{object_id}'")
    if write and share.permission != SharePermission.WRITE:
        raise PermissionDenied(f"this {object_type} is shared with your party read-only")
    unit.require(needed)


def shared_ids(unit: Unit, object_type: str) -> Select[str]:
    """A subquery of the ids of ``object_type`` objects shared with the actor's party."""
    return select(Share.object_id).where(
        Share.object_type == object_type,
        Share.grantee_party_id == unit.actor.party_id,
        Share.revoked_at.is_(None),
    )


def clean_permission(permission: str) -> SharePermission:
    try:
        return SharePermission(permission)
    except ValueError as exc:
        choices = [p.value for p in SharePermission]
        raise InvalidInput(f"permission must be one of {choices}") from exc


def grant(
    unit: Unit,
    *,
    object_type: str,
    object_id: str,
    owner_party_id: str,
    grantee: str,
    permission: str,
) -> Share:
    """Share one object of the actor's own party with another party."""
    if unit.actor.party_id != owner_party_id:
        raise NotFound(f"no {object_type} '{object_id}'")
    unit.require(Permission.SHARE_RECORDS)
    level = clean_permission(permission)
    target = get_party(unit, grantee)
    if target.id == owner_party_id:
        raise InvalidInput("an object cannot be shared with its own party")
    if active_share(unit, object_type, object_id, target.id) is not None:
        raise Conflict(f"this {object_type} is already shared with '{target.slug}'")
    share = Share(
        object_type=object_type,
        object_id=object_id,
        owner_party_id=owner_party_id,
        grantee_party_id=target.id,
        permission=level.value,
        granted_by=unit.actor.account_id or "",
    )
    unit.session.add(share)
    unit.session.flush()
    unit.record(
        "share.grant",
        object_type,
        object_id,
        {"share": share.id, "grantee": target.id, "permission": level.value},
    )
    # The receiving party's auditors see what reached them, in their own view of the log.
    unit.record(
        "share.receive",
        object_type,
        object_id,
        {"share": share.id, "owner": owner_party_id, "permission": level.value},
        party_id=target.id,
    )
    return share


def revoke(unit: Unit, share_id: str) -> Share:
    share = unit.session.get(Share, share_id)
    if share is None or share.owner_party_id != unit.actor.party_id:
        raise NotFound(f"no share '{share_id}'")
    unit.require(Permission.SHARE_RECORDS)
    if share.revoked_at is None:
        share.revoked_at = utcnow()
        unit.record("share.revoke", share.object_type, share.object_id, {"share": share.id})
        unit.record(
            "share.withdraw",
            share.object_type,
            share.object_id,
            {"share": share.id, "owner": share.owner_party_id},
            party_id=share.grantee_party_id,
        )
    return share


def list_shares(unit: Unit, object_type: str, object_id: str, owner_party_id: str) -> list[Share]:
    """The live shares of one object; only its owner sees who else it is shared with."""
    if unit.actor.party_id != owner_party_id:
        return []
    return list(
        unit.session.scalars(
            select(Share)
            .where(
                Share.object_type == object_type,
                Share.object_id == object_id,
                Share.revoked_at.is_(None),
            )
            .order_by(Share.created_at)
        )
    )
