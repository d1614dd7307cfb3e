"""Authentication: passwords, API tokens and browser sessions, each resolving to an :class:`Actor`.

API tokens look like ``lb_<token id>_<secret>``: the id finds the row, the secret is checked against
an argon2 hash. Browser sessions keep only the SHA-256 of the cookie value. Every failure raises
the same :class:`AuthenticationFailed` message so the answer reveals nothing about which part was
wrong.

Failed sign-ins are counted per account name and per client address (``login_throttle``, keyed by a
SHA-256, shared by every server process). After ``login_max_failures`` failures within
``login_failure_window_minutes`` the name or address is locked for ``login_lockout_minutes``: sign-in
is refused without checking the password, and the lockout is an ``auth.login_throttled`` audit
event. Time comes from the caller's clock, so tests run on a simulated one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from lawbridge.domain.actor import Actor
from lawbridge.errors import AuthenticationFailed, InvalidInput, NotFound
from lawbridge.store.models import Account, ApiToken, LoginThrottle, WebSession, utcnow
from lawbridge.workflows import passwords
from lawbridge.workflows.accounts import _manageable, actor_for, get_account
from lawbridge.workflows.unit import Unit

TOKEN_PREFIX = "lb_"
TOKEN_FORMAT = re.compile(r"lb_([0-9a-f-]{36})_([A-Za-z0-9_-]{16,128})")
MAX_TOKEN_NAME = 120
BAD_CREDENTIALS = "invalid or expired credentials"
THROTTLED = "too many failed sign-ins; try again later"


class LoginThrottled(AuthenticationFailed):
    """Sign-in refused: too many recent failures for this account name or client address."""

    def __init__(self, until: datetime) -> None:
        super().__init__(THROTTLED, {"retry_after": until.isoformat()})
        self.until = until


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


# --- Failed sign-ins -------------------------------------------------------------------------


def _throttle_keys(username: str, address: str | None) -> dict[str, str]:
    """scope -> row key; the key is a digest so the table holds no names or addresses."""
    names = {"account": f"account:{username.strip().lower()}"}
    if address:
        names["address"] = f"address:{address}"
    return {
        scope: hashlib.sha256(name.encode("utf-8")).hexdigest() for scope, name in names.items()
    }


def address_pseudonym(secret_key: str, address: str) -> str:
    """What an ``auth.login_throttled`` event records of a client address: HMAC-SHA256 under the
    deployment's secret key. Whoever holds the key can test a suspect address; the log alone
    does not reveal it (a plain digest of an IPv4 address is undone by trying all 2³² of them)."""
    mac = hmac.new(secret_key.encode("utf-8"), f"address:{address}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def login_locked_until(
    unit: Unit, username: str, address: str | None, now: datetime
) -> datetime | None:
    """When sign-in for this name or from this address opens again, or None when it is open."""
    keys = list(_throttle_keys(username, address).values())
    rows = unit.session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys)))
    ends = [row.locked_until for row in rows if row.locked_until and row.locked_until > now]
    return max(ends) if ends else None


def check_login_allowed(unit: Unit, username: str, address: str | None, now: datetime) -> None:
    """Raise :class:`LoginThrottled` while this name or address is locked."""
    until = login_locked_until(unit, username, address, now)
    if until is not None:
        raise LoginThrottled(until)


def _locked_row(unit: Unit, key: str, now: datetime) -> LoginThrottle:
    """The counter row for ``key``, created if missing and locked for this transaction."""
    values = {"key": key, "failures": 0, "window_start": now, "locked_until": None}
    dialect = unit.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    for _ in range(3):
        unit.session.execute(insert(LoginThrottle).values(**values).on_conflict_do_nothing())
        row = unit.session.scalars(
            select(LoginThrottle)
            .where(LoginThrottle.key == key)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one_or_none()
        if row is not None:
            return row
        # The row existed at the insert and was gone at the select: the retention purge
        # (workflows/retention.py) deleted a stale counter in between. Insert it again.
    raise RuntimeError(f"login_throttle row {key[:8]}… keeps disappearing")


def record_login_failure(
    unit: Unit, username: str, address: str | None, now: datetime
) -> datetime | None:
    """Count one failed sign-in against the name and the address.

    Returns the end of the lockout when this failure started one (and records it in the audit
    log: the account, or the address, and until when; never the password or an unknown name).
    """
    settings = unit.settings
    window = timedelta(minutes=settings.login_failure_window_minutes)
    started: datetime | None = None
    for scope, key in sorted(_throttle_keys(username, address).items()):
        row = _locked_row(unit, key, now)
        if row.locked_until is not None and row.locked_until > now:
            continue  # already locked (a request that raced the lock)
        if now - row.window_start >= window or row.locked_until is not None:
            row.failures, row.window_start, row.locked_until = 0, now, None
        row.failures += 1
        if row.failures < settings.login_max_failures:
            continue
        until = now + timedelta(minutes=settings.login_lockout_minutes)
        row.locked_until = until
        started = until if started is None else max(started, until)
        payload: dict[str, str | None] = {"scope": scope, "until": until.isoformat()}
        account = None
        if scope == "account":
            account = unit.session.scalar(
                select(Account).where(Account.username == username.strip().lower())
            )
        else:
            # The audit log is kept for ever (never purged): a keyed pseudonym, not the address.
            payload["address_pseudonym"] = address_pseudonym(settings.secret_key, address or "")
        unit.record(
            "auth.login_throttled",
            "account" if account else None,
            account.id if account else None,
            payload,
            party_id=account.party_id if account else None,
        )
    unit.session.flush()
    return started


def clear_login_failures(unit: Unit, username: str) -> None:
    """A successful sign-in forgets the account name's failures (the address keeps its count)."""
    key = _throttle_keys(username, None)["account"]
    row = unit.session.get(LoginThrottle, key)
    if row is not None:
        unit.session.delete(row)


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
