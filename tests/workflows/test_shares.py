"""Shares: the only way one party's object reaches another; revocable; read or write."""

from __future__ import annotations

import pytest

from lawbridge.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from lawbridge.workflows import audit, documents, shares
from lawbridge.workflows.unit import Context
from tests.conftest import World


def _document(context: Context, world: World) -> str:
    with context.write(world.cn["analyst"].actor) as unit:
        return documents.create_document(unit, title="Letter", body="text").id


def test_grant_check_and_revoke(context: Context, world: World) -> None:
    document_id = _document(context, world)
    us = world.us["reviewer"].actor
    with context.read(us) as unit, pytest.raises(NotFound):
        shares.check_access(unit, "document", document_id, world.cn.id)
    with context.write(world.cn["analyst"].actor) as unit:
        share = documents.share_document(unit, document_id, grantee="us-agency", permission="read")
        assert [s.id for s in documents.document_shares(unit, document_id)] == [share.id]
    with context.read(us) as unit:
        shares.check_access(unit, "document", document_id, world.cn.id)
        with pytest.raises(PermissionDenied):
            shares.check_access(unit, "document", document_id, world.cn.id, write=True)
        assert [d.id for d in documents.list_documents(unit)] == [document_id]
    with context.write(world.cn["admin"].actor) as unit:
        assert shares.revoke(unit, share.id).revoked_at is not None
    with context.read(us) as unit:
        with pytest.raises(NotFound):
            shares.check_access(unit, "document", document_id, world.cn.id)
        assert documents.list_documents(unit) == []


def test_grant_refusals(context: Context, world: World) -> None:
    document_id = _document(context, world)
    analyst = world.cn["analyst"].actor
    with context.write(analyst) as unit:
        documents.share_document(unit, document_id, grantee="provider", permission="write")
    cases: list[tuple[str, str, type[Exception]]] = [
        ("provider", "read", Conflict),
        ("cn-agency", "read", InvalidInput),
        ("us-agency", "admin", InvalidInput),
        ("nowhere", "read", NotFound),
    ]
    for grantee, permission, error in cases:
        with context.write(analyst) as unit, pytest.raises(error):
            documents.share_document(unit, document_id, grantee=grantee, permission=permission)


def test_only_sharers_of_the_owner_party_share(context: Context, world: World) -> None:
    document_id = _document(context, world)
    with context.write(world.cn["reviewer"].actor) as unit, pytest.raises(PermissionDenied):
        documents.share_document(unit, document_id, grantee="us-agency", permission="read")
    with context.write(world.us["admin"].actor) as unit, pytest.raises(NotFound):
        documents.share_document(unit, document_id, grantee="provider", permission="read")
    with context.write(world.cn["analyst"].actor) as unit:
        documents.share_document(unit, document_id, grantee="us-agency", permission="write")
    # The grantee sees the document, so it is told it may not share, not that it is missing.
    with context.write(world.us["admin"].actor) as unit, pytest.raises(PermissionDenied):
        documents.share_document(unit, document_id, grantee="provider", permission="read")


def test_revoke_by_other_party_or_role(context: Context, world: World) -> None:
    document_id = _document(context, world)
    with context.write(world.cn["analyst"].actor) as unit:
        share = documents.share_document(unit, document_id, grantee="us-agency", permission="read")
    with context.write(world.us["admin"].actor) as unit, pytest.raises(NotFound):
        shares.revoke(unit, share.id)  # not even the grantee may revoke
    with context.write(world.cn["auditor"].actor) as unit, pytest.raises(PermissionDenied):
        shares.revoke(unit, share.id)
    with context.read(world.us["admin"].actor) as unit:
        assert shares.list_shares(unit, "document", document_id, world.cn.id) == []


def test_both_parties_audit_a_share_in_their_own_view(context: Context, world: World) -> None:
    document_id = _document(context, world)
    with context.write(world.cn["analyst"].actor) as unit:
        share = documents.share_document(unit, document_id, grantee="us-agency", permission="read")
    with context.write(world.cn["admin"].actor) as unit:
        shares.revoke(unit, share.id)

    def actions(party: str) -> list[tuple[str, str | None]]:
        with context.read(getattr(world, party)["auditor"].actor) as unit:
            found = audit.list_events(unit, limit=500)
        return [(e.action, e.object_id) for e in found if e.action.startswith("share.")]

    assert actions("cn") == [("share.revoke", document_id), ("share.grant", document_id)]
    assert actions("us") == [("share.withdraw", document_id), ("share.receive", document_id)]
    assert actions("provider") == []
