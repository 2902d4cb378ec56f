"""The local policy of a CPAS: how the gap becomes a proposed aid. It belongs to the CPAS, not to us.

Read from a YAML or JSON policy file (resources/policies/default.yaml is the default) through
`Policy.from_dict`, which checks every field like the household does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .household import CATEGORIES, RESOURCE_TYPES, _Reader
from .messages import InvalidInput

ACTUAL_COST_CATEGORIES = ("housing", "safe_childhood", "health", "mobility")


@dataclass(frozen=True)
class PolicyIdentity:
    """Who decides, printed on every decision sheet."""

    cpas_name: str = ""
    address: str = ""
    deciding_body: str = ""
    service: str = ""  # the service handling the file, where explanations can be obtained
    tribunal_address: str = ""  # the labour tribunal competent for appeals
    signatories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    id: str = "default"
    version: int = 1
    name: str = ""
    share: Decimal = Decimal("1")  # share of the gap covered
    cap: Decimal | None = None  # monthly maximum of the proposed aid
    minimum: Decimal | None = None  # a proposed aid below this is not proposed (administrative threshold)
    count_debt_repayments: bool = True
    income_shares: dict[str, Decimal] = field(default_factory=lambda: {t: Decimal("1") for t in RESOURCE_TYPES})
    actual_cost_categories: tuple[str, ...] = ACTUAL_COST_CATEGORIES
    duration_months: int = 3
    identity: PolicyIdentity = field(default_factory=PolicyIdentity)

    @classmethod
    def from_dict(cls, data: Any) -> Policy:
        r = _Reader()
        d = r.obj(data, "", ("id", "version", "name", "share", "cap", "minimum", "count_debt_repayments",
                             "income_shares", "actual_cost_categories", "duration_months", "identity"),
                  ("id", "version"), root="policy")
        version = r.integer(d, "version", "", 1, 1_000_000, "bad_policy_version")
        shares = {t: Decimal("1") for t in RESOURCE_TYPES}
        given = r.obj(d.get("income_shares", {}), "income_shares", RESOURCE_TYPES)
        for key in given:
            if key in shares:
                shares[key] = _share(r, given, key, "income_shares")
        categories = []
        for i, c in enumerate(r.list(d, "actual_cost_categories", "")):
            if c not in CATEGORIES:
                r.fail("bad_choice", f"actual_cost_categories[{i}]", value=c)
            else:
                categories.append(c)
        ident = r.obj(d.get("identity", {}), "identity",
                      ("cpas_name", "address", "deciding_body", "service", "tribunal_address", "signatories"))
        signatories = [r.text_value(s, f"identity.signatories[{i}]")  # never dropped silently
                       for i, s in enumerate(r.list(ident, "signatories", "identity"))]
        policy = cls(
            id=r.text(d, "id", "", "default"),
            version=version or 1,
            name=r.text(d, "name", ""),
            share=_share(r, d, "share", "") if "share" in d else Decimal("1"),
            cap=r.amount(d, "cap", ""),
            minimum=r.amount(d, "minimum", ""),
            count_debt_repayments=r.boolean(d, "count_debt_repayments", "", True),
            income_shares=shares,
            actual_cost_categories=tuple(categories) if "actual_cost_categories" in d else ACTUAL_COST_CATEGORIES,
            duration_months=r.integer(d, "duration_months", "", 1, 120) or 3,
            identity=PolicyIdentity(
                cpas_name=r.text(ident, "cpas_name", "identity"),
                address=r.text(ident, "address", "identity"),
                deciding_body=r.text(ident, "deciding_body", "identity"),
                service=r.text(ident, "service", "identity"),
                tribunal_address=r.text(ident, "tribunal_address", "identity"),
                signatories=tuple(signatories),
            ),
        )
        if r.problems:
            raise InvalidInput(r.problems)
        return policy


def _share(r: _Reader, d: dict, key: str, path: str) -> Decimal:
    value = d.get(key)
    try:
        # YAML writes 0.75 as a float: its shortest repr is the text the manager typed
        share = Decimal(str(value)) if isinstance(value, str | int | float) and not isinstance(value, bool) else None
    except InvalidOperation:
        share = None
    if share is None or not share.is_finite() or not 0 <= share <= 1:
        r.fail("bad_share", f"{path}.{key}" if path else key)
        return Decimal("1")
    return share
