"""A reference dataset as plain objects: what the engine reads, whatever database it came from.

A line is an item of a reference budget: a quantity of something at a unit price, lasting a number of
months, for each person who matches its condition or once for the household. Its price moves in time in
two ways: a new value from a `valid_from` date (a new fare, a new rent table), and between price dates by
the index series and rule the dataset declares (`Indexation`: the first dataset follows the health index
month by month; later ones the consumer price index half-yearly, as the published budgets are indexed).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from .canonical import sha256_of
from .household import CATEGORIES

# The source every value our team derived cites (resources/budgets: sources.yaml says how and on what)
DERIVATION_SOURCE = "redi-desktop-derivation"
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


SERIES = ("health_index", "cpi")


@dataclass(frozen=True)
class Indexation:
    """How the dataset's prices follow an index series: which series, and from which months a new index
    value takes effect. With no months, every month (the index of the month itself). With months (e.g. 1
    and 7), a half-year period: every date from one of those months to the next uses the index of the month
    `lag_months` before the period starts, and a price counts as priced at the index of its own period, so
    two dates in one period give the same amounts and a price is unchanged within its period."""

    series: str = "health_index"
    months: tuple[int, ...] = ()
    lag_months: int = 0
    source: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"series": self.series, "months": list(self.months), "lag_months": self.lag_months,
                "source": self.source, "note": self.note}

    def reference_month(self, on: dt.date) -> dt.date:
        """The month whose index value applies on a date."""
        month = on.replace(day=1)
        if not self.months:
            return _add_months(month, -self.lag_months)
        start = max((m for m in self.months if m <= on.month), default=None)
        period = (month.replace(month=start) if start is not None
                  else month.replace(year=on.year - 1, month=max(self.months)))
        return _add_months(period, -self.lag_months)


def _add_months(month: dt.date, n: int) -> dt.date:
    total = month.year * 12 + month.month - 1 + n
    return dt.date(total // 12, total % 12 + 1, 1)


MONTHLY_HEALTH_INDEX = Indexation()


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
    categories: tuple[str, ...] = CATEGORIES  # the budget's posts, in the order the assessment shows them
    indexation: Indexation = MONTHLY_HEALTH_INDEX
    cpi: tuple[IndexPoint, ...] = ()  # the consumer price index, month by month, when the rule uses it
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
            **self._content_extras(),
        }

    def _content_extras(self) -> dict[str, Any]:
        """What a later dataset declares beyond the first one's implicit defaults. Written only when it
        differs from them, so the content (and sha256) of a dataset that keeps them is what it always was."""
        extras: dict[str, Any] = {}
        if self.categories != CATEGORIES:
            extras["categories"] = list(self.categories)
        if self.indexation != MONTHLY_HEALTH_INDEX:
            extras["indexation"] = self.indexation.to_dict()
        if self.cpi:
            extras["cpi"] = [[p.month.isoformat(), f"{p.value}", p.source] for p in self.cpi]
        return extras

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

    @property
    def index_series(self) -> tuple[IndexPoint, ...]:
        """The series the dataset's indexation rule follows."""
        return self.cpi if self.indexation.series == "cpi" else self.index

    def index_month(self, on: dt.date) -> dt.date:
        """The month of the series whose value applies on a date under the dataset's rule."""
        return self.indexation.reference_month(on)

    def index_factor(self, on: dt.date, price_date: dt.date) -> Decimal:
        """How much a price of `price_date` is multiplied by on `on`, under the dataset's rule."""
        if self.indexation == MONTHLY_HEALTH_INDEX:
            return self.index_on(on) / self.index_on(price_date)
        return self._series_on(self.index_month(on)) / self._series_on(self.index_month(price_date))

    def _series_on(self, month: dt.date) -> Decimal:
        series = self.index_series
        i = bisect_right(self._series_months, month)
        return series[max(i - 1, 0)].value

    @cached_property
    def _series_months(self) -> list[dt.date]:
        return [p.month for p in self.index_series]

    def index_stale(self, on: dt.date) -> dt.date | None:
        """The last month of the series when the date needs a later one (its value is not yet known)."""
        last = self.index_series[-1].month
        return last if self.index_month(on) > last else None

    def integration_income_on(self, on: dt.date) -> IntegrationIncome | None:
        current = None
        for scale in self.integration_income:
            if scale.valid_from <= on:
                current = scale
        return current


def content_extras(content: dict[str, Any]) -> dict[str, Any]:
    """The Dataset fields a content dict (Dataset.content()) declares beyond the first dataset's defaults."""
    extras: dict[str, Any] = {}
    if "categories" in content:
        extras["categories"] = tuple(content["categories"])
    if "indexation" in content:
        rule = dict(content["indexation"])
        extras["indexation"] = Indexation(**{**rule, "months": tuple(rule["months"])})
    if "cpi" in content:
        extras["cpi"] = tuple(IndexPoint(dt.date.fromisoformat(m), Decimal(v), s) for m, v, s in content["cpi"])
    return extras
