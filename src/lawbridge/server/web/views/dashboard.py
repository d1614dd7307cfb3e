"""The dashboard: who am I, for which party, with which roles, and a few counts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lawbridge.domain.roles import Permission
from lawbridge.server.deps import ContextDep
from lawbridge.server.web.page import render_page
from lawbridge.server.web.session import UserDep
from lawbridge.workflows import accounts, audit, documents, parties

router = APIRouter()


@router.get("/")
def dashboard(request: Request, context: ContextDep, user: UserDep) -> Response:
    actor = user.actor
    with context.read(actor) as unit:
        account = accounts.get_account(unit, actor.account_id or "")
        party = parties.get_party(unit, account.party_id)
        document_count = (
            documents.count_documents(unit) if actor.can(Permission.READ_RECORDS) else None
        )
        can_audit = actor.can(Permission.READ_AUDIT)
        event_count = audit.count_events(unit) if can_audit else None
        tree_head = audit.current_tree_head(unit) if can_audit else None
        return render_page(
            request,
            user,
            "pages/dashboard.html",
            active="dashboard",
            account=account,
            party=party,
            roles=sorted(account.roles),
            document_count=document_count,
            event_count=event_count,
            tree_head=tree_head,
        )
