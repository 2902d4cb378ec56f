"""How a dataset compares with what the published Belgian reference budgets say.

For the published model households (referentiebudgetten-bxl.be, 2023 Q4: a single woman 1,680, one parent
with one child 2,391, a couple with two growing children 3,219 euro a month) it computes the totals and
the shares of the posts, and for the households the other published statements speak of, the cost of a
first child by age and the cost of a couple over a single person (menswaardiginkomen.be). `statements()`
turns them into the published statements, each true or false: what `redi-desktop dataset audit` prints
and what tests/test_published.py asserts, so the two cannot disagree.

Our assumptions where the publications say nothing (ages, tenure, rooms, childcare days) are in the
household files resources/examples/bxl-*.json and in CHILD_AGES below.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from .. import paths
from ..domain.dataset import Dataset
from ..domain.household import Household
from ..domain.policy import Policy
from ..engine import compute

PUBLISHED_TOTALS = {"bxl-single-woman": 1680, "bxl-parent-one-child": 2391, "bxl-couple-two-children": 3219}
TOLERANCE = Decimal("0.05")  # the totals are met within 5 %
BAND_4_8 = ("clothing", "leisure", "health", "personal_care", "safe_childhood", "mobility")
AT_MOST_2 = ("security", "rest_sleep", "unforeseen")
# A first child's cost as a share of the childless budget (menswaardiginkomen.be): our model ages.
CHILD_AGES = {"under 3": (2, "none", 19), "3-5": (4, "nursery", 23), "primary": (8, "primary", 33),
              "adolescent": (15, "secondary", 43)}
CHILD_TOLERANCE = Decimal("3")  # percentage points
CHILD_EUROS = {"under 3": 248, "adolescent": 545}  # the same source, euro a month (its price date not stated)
COUPLE_RATIO, COUPLE_TOLERANCE = Decimal("1.30"), Decimal("0.03")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ModelHousehold:
    name: str
    published: Decimal
    total: Decimal
    shares: dict[str, Decimal]  # category -> percent of the total

    @property
    def deviation(self) -> Decimal:
        return (self.total - self.published) / self.published * HUNDRED

    def ranked(self) -> list[str]:
        return sorted(self.shares, key=lambda k: self.shares[k], reverse=True)


@dataclass(frozen=True)
class Audit:
    dataset: str
    models: tuple[ModelHousehold, ...]
    average_shares: dict[str, Decimal]  # over the model households where the post has an amount
    child_costs: dict[str, tuple[Decimal, Decimal, Decimal]]  # label -> (published %, computed %, computed euro)
    couple_ratio: Decimal
    region: str  # where the child-cost profile and the couple ratio are computed


@dataclass(frozen=True)
class Statement:
    key: str  # stable: tests name the statements by it
    text: str
    ok: bool


def _model(name: str) -> Household:
    return Household.from_dict(json.loads((paths.examples_dir() / f"{name}.json").read_text(encoding="utf-8")))


def _total(household: Household, dataset: Dataset, policy: Policy, on: dt.date):
    return compute(household, dataset, policy, on)


def _adult(sex: str, role: str = "applicant") -> dict:
    return {"role": role, "age": 40, "sex": sex, "activity": "unemployed"}


def _simple(members: list[dict], region: str) -> Household:
    return Household.from_dict({"region": region, "members": members, "housing": {"tenure": "private_rent"}})


def audit(dataset: Dataset, region: str = "VLA") -> Audit:
    """The audit on the model households' date (15 December 2023). The child-cost profile and the couple
    ratio are computed in Flanders by default: they come from the Flemish budgets (menswaardiginkomen.be)."""
    policy = Policy()
    models = []
    for name, published in PUBLISHED_TOTALS.items():
        household = _model(name)
        a = _total(household, dataset, policy, household.assessment_date)
        total = a.totals.reference_budget
        shares = {c.key: c.used / total * HUNDRED for c in a.categories}
        models.append(ModelHousehold(name, Decimal(published), total, shares))
    average = {}
    for key in dataset.categories:
        present = [m.shares[key] for m in models if m.shares.get(key)]
        average[key] = sum(present, Decimal(0)) / len(present) if present else Decimal(0)
    on = _model(next(iter(PUBLISHED_TOTALS))).assessment_date  # the date of the published totals
    single = _total(_simple([_adult("F")], region), dataset, policy, on).totals.reference_budget
    child_costs = {}
    for label, (age, level, published) in CHILD_AGES.items():
        child = {"role": "child", "age": age, "sex": "M", "activity": "pupil" if level != "none" else "infant",
                 "school_level": level}
        with_child = _total(_simple([_adult("F"), child], region), dataset, policy, on).totals.reference_budget
        child_costs[label] = (Decimal(published), (with_child - single) / single * HUNDRED, with_child - single)
    couple = _total(_simple([_adult("F"), _adult("M", "partner")], region), dataset, policy, on)
    return Audit(dataset.id, tuple(models), average, child_costs, couple.totals.reference_budget / single, region)


def statements(a: Audit) -> list[Statement]:
    """Each published statement, and whether the dataset meets it."""
    out = []
    for m in a.models:
        out.append(Statement(f"total:{m.name}", f"{m.name}: total {m.total:.2f} within 5 % of the published "
                             f"{m.published:.0f}", abs(m.total - m.published) <= m.published * TOLERANCE))
        ranked = m.ranked()
        out.append(Statement(f"order:{m.name}", f"{m.name}: housing first, food second, social relations third "
                             f"({', '.join(ranked[:3])})", ranked[:3] == ["housing", "food", "social_relations"]))
        for key in AT_MOST_2:
            out.append(Statement(f"at_most_2:{m.name}:{key}", f"{m.name}: {key} at most 2 % ({m.shares[key]:.1f} %)",
                                 m.shares[key] <= 2))
    for name in ("bxl-single-woman", "bxl-parent-one-child"):
        m = next(x for x in a.models if x.name == name)
        out.append(Statement(f"housing_half:{name}", f"{name}: housing more than half the budget "
                             f"({m.shares['housing']:.1f} %)", m.shares["housing"] > 50))
    for key in BAND_4_8:
        share = a.average_shares[key]
        out.append(Statement(f"band_4_8:{key}", f"{key}: 4-8 % on average ({share:.1f} %)", 4 <= share <= 8))
    previous = Decimal(0)
    for label, (published, computed, euros) in a.child_costs.items():
        out.append(Statement(f"child_share:{label}", f"first child {label}: {computed:.1f} % of the childless "
                             f"budget, {euros:.2f} euro (published {published} %)",
                             abs(computed - published) <= CHILD_TOLERANCE))
        out.append(Statement(f"child_rises:{label}", f"first child {label} dearer than a younger one",
                             computed > previous))
        previous = computed
    out.append(Statement("couple", f"couple: {a.couple_ratio:.3f} times a single person (published about 1.30)",
                         abs(a.couple_ratio - COUPLE_RATIO) <= COUPLE_TOLERANCE))
    return out


def table(a: Audit) -> str:
    """The audit as plain text: the model households, their shares, then every published statement."""
    lines = [f"dataset {a.dataset}", "model household              published   computed   deviation"]
    for m in a.models:
        lines.append(f"{m.name:<28} {m.published:>9.0f} {m.total:>10.2f} {m.deviation:>+10.1f} %")
    keys = list(a.average_shares)
    lines.append("shares %      " + " ".join(f"{k[:8]:>8}" for k in keys))
    for m in a.models:
        lines.append(f"{m.name[4:17]:<13} " + " ".join(f"{m.shares[k]:>8.1f}" for k in keys))
    lines.append(f"{'average':<13} " + " ".join(f"{a.average_shares[k]:>8.1f}" for k in keys))
    lines.append(f"child-cost profile and couple ratio computed in {a.region}; published in euro: "
                 + ", ".join(f"{k} {v}" for k, v in CHILD_EUROS.items()))
    lines.extend(f"{'ok ' if st.ok else 'NO '} {st.text}" for st in statements(a))
    return "\n".join(lines)
