"""Money as Decimal: built from strings, rounded half-up to the cent, stored as integer cents."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

# Plain ASCII digits, an optional sign, at most two decimals, at most twelve digits before the point:
# no exponent, no underscore, no other script's digits.
_AMOUNT = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,2})?")

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class MoneyError(ValueError):
    """Raised for text that is not an amount; carries no user message (validators add one)."""


def to_money(value: str | int | Decimal) -> Decimal:
    """Parse an amount written with a dot and at most two decimals ("750", "750.5", "750.50")."""
    if isinstance(value, bool) or isinstance(value, float):
        raise MoneyError("amounts are written as strings, never floats")
    text = str(value).strip()
    if not _AMOUNT.fullmatch(text):
        raise MoneyError(text)
    return Decimal(text).quantize(CENT)


def round_cents(value: Decimal) -> Decimal:
    """Round half-up to the cent: the one rounding rule of the product."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    return int(round_cents(amount) * 100)


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def money_str(amount: Decimal) -> str:
    """The contract form of an amount: plain, two decimals, no grouping ("1314.20")."""
    return f"{round_cents(amount) + 0:.2f}"  # + 0 turns -0.00 into 0.00
