"""What the engine returns: the budget per category with the lines it is made of, the totals, and the
identity of everything used. Its JSON form (`to_dict`) is the contract of DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .canonical import sha256_of
from .messages import Problem
from .money import money_str


@dataclass(frozen=True)
class BudgetLine:
    label: str  # English msgid
    member: int | None
    quantity: Decimal
    unit_price: Decimal  # at the price date
    lifetime_months: int
    index_factor: Decimal  # from the price date to the assessment date, under the dataset's indexation rule
    amount: Decimal  # per month, at the assessment date
    source: str  # source id, or "household" for an actual cost the household gave
    price_date: str  # ISO date, or "" for an actual cost
    estimate: bool
    basis: str  # "standard" or "actual"
    line_id: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label, "member": self.member, "quantity": f"{self.quantity.normalize():f}",
            # both are whole cents already (database cents, rounded line amounts): plain formatting is exact
            "unit_price": f"{self.unit_price:.2f}", "lifetime_months": self.lifetime_months,
            "index_factor": f"{self.index_factor:.4f}", "amount": f"{self.amount:.2f}", "source": self.source,
            "price_date": self.price_date, "estimate": self.estimate, "basis": self.basis, "line": self.line_id,
        }


@dataclass(frozen=True)
class CategoryResult:
    key: str
    standard: Decimal
    used: Decimal
    basis: str  # standard, actual or override
    reason: str | None
    lines: tuple[BudgetLine, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "standard": f"{self.standard:.2f}", "used": f"{self.used:.2f}",  # sums of cents
            "basis": self.basis, "reason": self.reason, "lines": [line.to_dict() for line in self.lines],
        }


@dataclass(frozen=True)
class CountedItem:
    """A resource or a charge, with the part of it the policy counts."""

    type: str
    member: int | None
    amount: Decimal
    counted: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "member": self.member, "amount": money_str(self.amount),
                "counted": money_str(self.counted)}


@dataclass(frozen=True)
class Totals:
    reference_budget: Decimal
    resources: Decimal
    charges: Decimal
    gap: Decimal
    proposed_aid: Decimal

    def to_dict(self) -> dict[str, str]:
        return {k: money_str(v) for k, v in vars(self).items()}


@dataclass(frozen=True)
class Identity:
    dataset: str
    dataset_sha256: str
    policy: str
    policy_version: int
    engine_version: str
    inputs_sha256: str
    outputs_sha256: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))

    @property
    def run_id(self) -> str:
        """One short id for this exact computation, derived from its hashes (printed on sheets)."""
        return sha256_of([self.inputs_sha256, self.outputs_sha256])[:16]


@dataclass(frozen=True)
class Assessment:
    date: str
    region: str
    household_size: int
    bedrooms: int
    categories: tuple[CategoryResult, ...]
    resources: tuple[CountedItem, ...]
    charges: tuple[CountedItem, ...]
    totals: Totals
    warnings: tuple[Problem, ...]  # plausibility warnings
    identity: Identity

    def category(self, key: str) -> CategoryResult:
        return next(c for c in self.categories if c.key == key)

    def outputs(self) -> dict[str, Any]:
        """Everything computed, without the output hash itself: what outputs_sha256 is the hash of."""
        return {
            "date": self.date, "region": self.region, "household_size": self.household_size,
            "bedrooms": self.bedrooms,
            "categories": [c.to_dict() for c in self.categories],
            "resources": [r.to_dict() for r in self.resources],
            "charges": [c.to_dict() for c in self.charges],
            "totals": self.totals.to_dict(),
            "warnings": [{"key": w.key, "path": w.path} for w in self.warnings],
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.outputs(), "identity": self.identity.to_dict()}
