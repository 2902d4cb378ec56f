"""A reference dataset as plain objects: what the engine reads, whatever database it came from.

A line is an item of a reference budget: a quantity of something at a unit price, lasting a number of
months, for each person who matches its condition or once for the household. Its price moves in time in
two ways: a new value from a `valid_from` date (a new fare, a new rent table), and between price dates by
the health index.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from .canonical import sha256_of

# What the household can give as an actual cost, and the standard lines it replaces.
ACTUAL_INPUTS = ("rent", "energy", "water", "school", "childcare", "car")
# A quantity can be a number or taken from the member.
MEMBER_QUANTITIES = ("childcare_days",)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str
    publisher: str
    date: str  # publication or consultation date, as the source gives it

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass(frozen=True)
class Condition:
    """Who a line is for. An empty field matches everyone."""

    age_min: int | None = None
    age_max: int | None = None
    sexes: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    school_levels: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    tenures: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()  # car, childcare, public_transport, diet, disability, pregnancy
    without: tuple[str, ...] = ()  # needs that must be absent (car-sharing: only without a car)
    bim: bool | None = None  # increased health reimbursement (BIM / verhoogde tegemoetkoming)

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in vars(self).items() if v not in (None, ())}


@dataclass(frozen=True)
class LineValue:
    valid_from: dt.date
    unit_price: Decimal
    price_date: dt.date
    source: str
    estimate: str = ""  # how the value was derived, when it is not a published figure
    step: int | None = None  # household size or bedrooms, for a line priced by a table

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid_from": self.valid_from.isoformat(), "unit_price": f"{self.unit_price}",
            "price_date": self.price_date.isoformat(), "source": self.source, "estimate": self.estimate,
            "step": self.step,
        }


@dataclass(frozen=True)
class LineDef:
    id: str
    category: str
    label: str  # English msgid, translated by the catalogs
    scope: str  # "person" or "household"
    when: Condition
    quantity: str  # a decimal, or one of MEMBER_QUANTITIES
    lifetime_months: int
    values: tuple[LineValue, ...]
    table: str | None = None  # "size" or "bedrooms": the value depends on it
    actual: str | None = None  # the actual-cost input that replaces this line (ACTUAL_INPUTS)
    _by_date: dict = field(default_factory=dict, compare=False, repr=False)

    def value_on(self, on: dt.date, step: int | None = None) -> LineValue | None:
        """The value in force on a date (for a table: at that step; beyond its last step, None)."""
        versions = self._by_date.get(step)
        if versions is None:
            versions = sorted((v for v in self.values if v.step == step), key=lambda v: v.valid_from)
            self._by_date[step] = (tuple(v.valid_from for v in versions), tuple(versions))
            versions = self._by_date[step]
        dates, values = versions
        i = bisect_right(dates, on)
        return values[i - 1] if i else None

    @cached_property
    def member_quantity(self) -> bool:
        return self.quantity in MEMBER_QUANTITIES

    @cached_property
    def fixed_quantity(self) -> Decimal:
        return Decimal(self.quantity)

    def steps(self) -> list[int]:
        return sorted({v.step for v in self.values if v.step is not None})

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "category": self.category, "label": self.label, "scope": self.scope,
            "when": self.when.to_dict(), "quantity": self.quantity, "lifetime_months": self.lifetime_months,
            "table": self.table, "actual": self.actual, "values": [v.to_dict() for v in self.values],
        }


@dataclass(frozen=True)
class IndexPoint:
    month: dt.date  # first day of the month
    value: Decimal
    source: str


@dataclass(frozen=True)
class IntegrationIncome:
    """The revenu d'intégration / leefloon scale in force from a date, per month."""

    valid_from: dt.date
    cohabitant: Decimal
    single: Decimal
    family: Decimal
    source: str
    estimate: str = ""


@dataclass(frozen=True)
class Dataset:
    id: str
    title: str
    price_date: dt.date
    description: str
    sources: dict[str, Source]
    lines: tuple[LineDef, ...]
    index: tuple[IndexPoint, ...]
    integration_income: tuple[IntegrationIncome, ...]
    _index_by_month: dict = field(default_factory=dict, compare=False, repr=False)

    def content(self) -> dict[str, Any]:
        """Everything that makes the dataset what it is, in a canonical form: its sha256 is its identity."""
        return {
            "id": self.id, "title": self.title, "price_date": self.price_date.isoformat(),
            "description": self.description,
            "sources": [self.sources[k].to_dict() for k in sorted(self.sources)],
            "lines": [line.to_dict() for line in sorted(self.lines, key=lambda x: x.id)],
            "index": [[p.month.isoformat(), f"{p.value}", p.source] for p in self.index],
            "integration_income": [
                [b.valid_from.isoformat(), f"{b.cohabitant}", f"{b.single}", f"{b.family}", b.source, b.estimate]
                for b in self.integration_income
            ],
        }

    def sha256(self) -> str:
        return self._sha256

    @cached_property
    def _sha256(self) -> str:  # computed once: every assessment names it
        return sha256_of(self.content())

    def index_on(self, on: dt.date) -> Decimal:
        """The health index of the month of a date; past the table's ends, its first or last value."""
        month = on.replace(day=1)
        value = self._index_by_month.get(month)
        if value is None:
            months = [p.month for p in self.index]
            i = bisect_right(months, month)
            value = self.index[max(i - 1, 0)].value
            self._index_by_month[month] = value
        return value

    def integration_income_on(self, on: dt.date) -> IntegrationIncome | None:
        current = None
        for scale in self.integration_income:
            if scale.valid_from <= on:
                current = scale
        return current
