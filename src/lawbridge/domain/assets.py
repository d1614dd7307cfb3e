"""Asset recovery: the stages an asset passes, money as exact decimals with an ISO 4217 currency.

An asset is traced, then frozen, confiscated and returned, one stage after the other::

    traced ──▶ frozen ──▶ confiscated ──▶ returned

Every stage is recorded with the date it happened and, where known, the asset's value at that date.
A value is a :class:`~decimal.Decimal` amount with its currency; an amount without a currency (or a
currency without an amount) is refused. Totals are kept per currency: amounts in different
currencies are never added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from enum import StrEnum

import pycountry

from lawbridge.domain.screening import parse_enum
from lawbridge.errors import InvalidInput, InvalidTransition

MAX_AMOUNT = Decimal("1e15")
MAX_PLACES = 4


class AssetStage(StrEnum):
    TRACED = "traced"
    FROZEN = "frozen"
    CONFISCATED = "confiscated"
    RETURNED = "returned"


class AssetKind(StrEnum):
    BANK_ACCOUNT = "bank_account"
    REAL_ESTATE = "real_estate"
    VEHICLE = "vehicle"
    SECURITIES = "securities"
    COMPANY_SHARES = "company_shares"
    CRYPTO = "crypto"
    CASH = "cash"
    OTHER = "other"


ORDER: tuple[AssetStage, ...] = tuple(AssetStage)
TRANSITIONS: dict[AssetStage, AssetStage] = dict(zip(ORDER, ORDER[1:], strict=False))


def next_stage(current: str, target: str) -> AssetStage:
    """``target`` when it is the stage right after ``current``; InvalidTransition otherwise."""
    stage = AssetStage(current)
    chosen = parse_enum(AssetStage, target, "stage")
    if TRANSITIONS.get(stage) is not chosen:
        following = TRANSITIONS.get(stage)
        allowed = following.value if following else "none (returned is final)"
        raise InvalidTransition(
            f"a {stage.value} asset cannot move to {chosen.value}; next: {allowed}",
            {"stage": stage.value, "target": chosen.value},
        )
    return chosen


def clean_currency(code: str) -> str:
    """An ISO 4217 alphabetic code, upper-cased; InvalidInput for anything else."""
    text = code.strip().upper()
    if len(text) != 3 or pycountry.currencies.get(alpha_3=text) is None:
        raise InvalidInput(f"'{code}' is not an ISO 4217 currency code", {"field": "currency"})
    return text


def clean_amount(value: Decimal | str | int) -> Decimal:
    """A non-negative amount with at most four decimal places (floats are refused: inexact)."""
    if isinstance(value, float | bool):
        raise InvalidInput("give amounts as decimal strings, not floats", {"field": "amount"})
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise InvalidInput(f"'{value}' is not a decimal amount", {"field": "amount"}) from exc
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
        raise InvalidInput("an amount must be a finite number in [0, 1e15)", {"field": "amount"})
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_PLACES:
        raise InvalidInput(f"at most {MAX_PLACES} decimal places", {"field": "amount"})
    return amount


def clean_value(
    amount: Decimal | str | int | None, currency: str | None
) -> tuple[Decimal, str] | None:
    """A (amount, currency) pair, or None when neither is given; one without the other is refused."""
    if amount is None and not currency:
        return None
    if amount is None:
        raise InvalidInput("a currency without an amount", {"field": "amount"})
    if not currency:
        raise InvalidInput("an amount needs its ISO 4217 currency", {"field": "currency"})
    return clean_amount(amount), clean_currency(currency)


def format_amount(amount: Decimal) -> str:
    """The amount as stored: plain decimal text, never exponent notation."""
    return format(amount, "f")


def totals(values: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Sum per currency, currencies sorted; different currencies are never added together."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for currency, amount in values:
        sums[currency] += amount
    return dict(sorted(sums.items()))
