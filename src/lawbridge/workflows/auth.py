"""Authentication: passwords, API tokens and browser sessions, each resolving to an :class:`Actor`.

API tokens look like ``lb_<token id>_<secret>``: the id finds the row, the secret is checked against
an argon2 hash. Browser sessions keep only the SHA-256 of the cookie value. Every failure raises
the same :class:`AuthenticationFailed` message so the answer reveals nothing about which part was
wrong.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from lawbridge.domain.actor import Actor
from lawbridge.errors import AuthenticationFailed, InvalidInput, NotFound
from lawbridge.store.models import Account, ApiToken, WebSession, utcnow
from lawbridge.workflows import passwords
from lawbridge.workflows.accounts import _manageable, actor_for, get_account
from lawbridge.workflows.unit import Unit

TOKEN_PREFIX = "lb_"
TOKEN_FORMAT = re.compile(r"lb_([0-9a-f-]{36})_([A-Za-z0-9_-]{16,128})")
MAX_TOKEN_NAME = 120
BAD_CREDENTIALS = "invalid or expired credentials"


def _expired(expires_at: datetime | None) -> bool:
    return expires_at is not None and expires_at <= utcnow()


def login(unit: Unit, username: str, password: str) -> Account:
    """The active account whose password matches, or AuthenticationFailed."""
    account = unit.session.scalar(
        select(Account).where(Account.username == username.strip().lower())
    )
    ok = passwords.check_password(account.password_hash if account else None, password)
    if account is None or not ok or not account.active:
        raise AuthenticationFailed(BAD_CREDENTIALS)
    return account


# --- API tokens -----------------------------------------------------------------------------


def issue_token(
    unit: Unit, account_ref: str, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token for an account; returns the row and the plaintext, shown once."""
    account = get_account(unit, account_ref)
    if account.id != unit.actor.account_id:
        _manageable(unit, account.party_id)
    if not name.strip():
        raise InvalidInput("a token needs a name")
    if len(name.strip()) > MAX_TOKEN_NAME:
        raise InvalidInput(f"a token name must be at most {MAX_TOKEN_NAME} characters")
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise InvalidInput("expires_in_days must be between 1 and 3650")
    secret = secrets.token_urlsafe(32)
    token = ApiToken(
        account_id=account.id,
        name=name.strip(),
        secret_hash=passwords.hash_secret(secret),
        expires_at=utcnow() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    unit.session.add(token)
    unit.session.flush()
    unit.record(
        "token.issue",
        "api_token",
        token.id,
        {"account": account.id, "name": token.name},
        party_id=account.party_id,
    )
    return token, f"{TOKEN_PREFIX}{token.id}_{secret}"


def authenticate_token(unit: Unit, presented: str) -> Actor:
    """The actor a bearer token stands for; the token must be known, live and its account active."""
    match = TOKEN_FORMAT.fullmatch(presented)
    if match is None:
        raise AuthenticationFailed(BAD_CREDENTIALS)
    token_id, secret = match.groups()
    token = unit.session.get(ApiToken, token_id)
    if token is None or token.revoked_at is not None or _expired(token.expires_at):
        raise AuthenticationFailed(BAD_CREDENTIALS)
    if not passwords.check_secret(token.secret_hash, secret):
        raise AuthenticationFailed(BAD_CREDENTIALS)
    account = unit.session.get(Account, token.account_id)
    if account is None or not account.active:
        raise AuthenticationFailed(BAD_CREDENTIALS)
    return actor_for(account)


def list_tokens(unit: Unit, account_ref: str) -> list[ApiToken]:
    account = get_account(unit, account_ref)
    if account.id != unit.actor.account_id:
        _manageable(unit, account.party_id)
    return list(
        unit.session.scalars(
            select(ApiToken).where(ApiToken.account_id == account.id).order_by(ApiToken.created_at)
        )
    )


def revoke_token(unit: Unit, token_id: str) -> ApiToken:
    token = unit.session.get(ApiToken, token_id)
    account = unit.session.get(Account, token.account_id) if token else None
    if token is None or account is None:
        raise NotFound(f"no token '{token_id}'")
    if account.id != unit.actor.account_id:
        try:
            _manageable(unit, account.party_id)
        except NotFound as exc:
            raise NotFound(f"no token '{token_id}'") from exc
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        unit.record("token.revoke", "api_token", token.id, {}, party_id=account.party_id)
    return token


# --- Browser sessions -------------------------------------------------------------------------


def _session_key(cookie_value: str) -> str:
    return hashlib.sha256(cookie_value.encode("utf-8")).hexdigest()


def start_session(unit: Unit, account: Account) -> tuple[WebSession, str]:
    """A new browser session; returns the row and the cookie value (shown to the browser only)."""
    cookie_value = secrets.token_urlsafe(32)
    web_session = WebSession(
        id=_session_key(cookie_value),
        account_id=account.id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=utcnow() + timedelta(minutes=unit.settings.session_ttl_minutes),
    )
    unit.session.add(web_session)
    unit.session.flush()
    unit.record("session.start", "account", account.id, {}, party_id=account.party_id)
    return web_session, cookie_value


def resolve_session(unit: Unit, cookie_value: str) -> tuple[Actor, WebSession]:
    web_session = unit.session.get(WebSession, _session_key(cookie_value))
    if web_session is None or web_session.revoked_at is not None:
        raise AuthenticationFailed(BAD_CREDENTIALS)
    if _expired(web_session.expires_at):
        raise AuthenticationFailed(BAD_CREDENTIALS)
    account = unit.session.get(Account, web_session.account_id)
    if account is None or not account.active:
        raise AuthenticationFailed(BAD_CREDENTIALS)
    return actor_for(account), web_session


def end_session(unit: Unit, cookie_value: str) -> None:
    web_session = unit.session.get(WebSession, _session_key(cookie_value))
    if web_session is not None and web_session.revoked_at is None:
        web_session.revoked_at = utcnow()
        unit.record("session.end", "account", web_session.account_id, {})
