"""Who am I, the party directory, accounts of one's own party and API tokens."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from lawbridge.domain.roles import permissions_of
from lawbridge.server.api.params import AccountRef, ObjectId
from lawbridge.server.api.responses import AUTHENTICATED
from lawbridge.server.api.schemas import (
    AccountCreate,
    AccountPublic,
    AccountUpdate,
    Me,
    PartyPublic,
    TokenCreate,
    TokenIssued,
    TokenPublic,
)
from lawbridge.server.deps import ActorDep, ContextDep
from lawbridge.server.idempotency import PostDep
from lawbridge.workflows import accounts, auth, parties
from lawbridge.workflows.unit import Unit

router = APIRouter(tags=["accounts"], responses=AUTHENTICATED)


@router.get("/me", response_model=Me)
def me(context: ContextDep, actor: ActorDep) -> Me:
    with context.read(actor) as unit:
        account = accounts.get_account(unit, actor.account_id or "")
        party = parties.get_party(unit, account.party_id)
        return Me(
            account=AccountPublic.model_validate(account),
            party=PartyPublic.model_validate(party),
            permissions=sorted(permissions_of(actor.roles)),
        )


@router.get("/parties", response_model=list[PartyPublic])
def list_parties(context: ContextDep, actor: ActorDep) -> list[PartyPublic]:
    with context.read(actor) as unit:
        return [PartyPublic.model_validate(p) for p in parties.list_parties(unit)]


@router.get("/accounts", response_model=list[AccountPublic])
def list_accounts(context: ContextDep, actor: ActorDep) -> list[AccountPublic]:
    with context.read(actor) as unit:
        return [AccountPublic.model_validate(a) for a in accounts.list_accounts(unit)]


@router.post("/accounts", response_model=AccountPublic, status_code=201)
def create_account(
    body: AccountCreate,
    post: PostDep,
) -> Response:
    def work(unit: Unit) -> AccountPublic:
        account = accounts.create_account(
            unit, party=unit.actor.party_id or "", **body.model_dump(exclude_none=True)
        )
        return AccountPublic.model_validate(account)

    return post(work)


@router.get("/accounts/{account_id}", response_model=AccountPublic)
def get_account(account_id: AccountRef, context: ContextDep, actor: ActorDep) -> AccountPublic:
    with context.read(actor) as unit:
        return AccountPublic.model_validate(accounts.view_account(unit, account_id))


@router.patch("/accounts/{account_id}", response_model=AccountPublic)
def update_account(
    account_id: AccountRef, body: AccountUpdate, context: ContextDep, actor: ActorDep
) -> AccountPublic:
    with context.write(actor) as unit:
        account = accounts.update_account(unit, account_id, **body.model_dump(exclude_none=True))
        return AccountPublic.model_validate(account)


@router.get("/accounts/{account_id}/tokens", response_model=list[TokenPublic])
def list_tokens(account_id: AccountRef, context: ContextDep, actor: ActorDep) -> list[TokenPublic]:
    with context.read(actor) as unit:
        return [TokenPublic.model_validate(t) for t in auth.list_tokens(unit, account_id)]


@router.post("/accounts/{account_id}/tokens", response_model=TokenIssued, status_code=201)
def issue_token(
    account_id: AccountRef,
    body: TokenCreate,
    post: PostDep,
) -> Response:
    def work(unit: Unit) -> TokenIssued:
        token, secret = auth.issue_token(unit, account_id, body.name, body.expires_in_days)
        public = TokenPublic.model_validate(token)
        return TokenIssued(**public.model_dump(), token=secret)

    return post(work)


@router.post("/tokens/{token_id}/revoke", response_model=TokenPublic)
def revoke_token(
    token_id: ObjectId,
    post: PostDep,
) -> Response:
    def work(unit: Unit) -> TokenPublic:
        return TokenPublic.model_validate(auth.revoke_token(unit, token_id))

    return post(work, status_code=200)
