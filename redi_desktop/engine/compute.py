"""compute(household, dataset, policy, on_date) -> Assessment: the reference budget, the gap, the aid.

The whole method, in order:
1. Each dataset line whose condition matches is priced for each matching member (or once for the
   household): value in force on the date (a table line at the household's size or bedrooms), times its
   quantity, divided by its lifetime in months, times the index factor from its price date to the
   assessment date under the dataset's indexation rule; rounded half-up to the cent per line.
2. Actual costs the household gives replace the standard lines they stand for (rent, energy, water,
   school, childcare, car) or come on top (rental charges, extra illness costs), in the categories where
   the policy lets actual costs count; a rent above the policy's highest rent counts as that highest rent;
   a car counts only if the policy counts car costs (otherwise the standard mobility does).
3. An override replaces a category's amount; its reason is kept.
4. Resources and charges count as the policy says; gap = budget + charges - resources; the proposed aid is
   the policy's share of a positive gap, capped, and dropped under the policy's minimum.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .. import __version__
from ..domain.assessment import Assessment, BudgetLine, CategoryResult, CountedItem, Identity, Totals
from ..domain.canonical import sha256_of
from ..domain.dataset import Condition, Dataset, LineDef, LineValue
from ..domain.dates import check_assessment_date
from ..domain.household import Household, Member
from ..domain.messages import N_, InvalidInput, Problem
from ..domain.money import ZERO, round_cents
from ..domain.policy import Policy

ENGINE_VERSION = __version__
ONE = Decimal("1")

# Where each actual cost goes, and its label (English msgid).
ACTUAL_CATEGORY = {
    "rent": "housing", "energy": "housing", "water": "housing",
    "school": "safe_childhood", "childcare": "safe_childhood", "car": "mobility",
    "charges": "housing", "illness": "health",  # these come on top of the standard, replacing nothing
}
ACTUAL_LABEL = {
    "rent": N_("Rent (actual)"), "mortgage": N_("Mortgage repayment (actual)"),
    "energy": N_("Energy (actual bill)"), "water": N_("Water (actual bill)"),
    "school": N_("School costs (actual)"), "childcare": N_("Childcare (actual cost)"),
    "car": N_("Car (actual cost)"), "charges": N_("Rental charges (actual)"),
    "illness": N_("Illness costs (actual)"),
    "rent_limited": N_("Rent (actual, up to the highest rent the policy counts)"),
    "mortgage_limited": N_("Mortgage repayment (actual, up to the highest amount the policy counts)"),
}


def compute(household: Household, dataset: Dataset, policy: Policy, on_date: dt.date | None = None) -> Assessment:
    on = on_date or household.assessment_date
    if on is None:
        raise ValueError("an assessment needs a date")
    check_assessment_date(on)  # outside the data's range the budget would be made of missing lines
    household = household.on(on)
    problems = household.date_problems(on)
    if problems:
        raise InvalidInput(problems)
    ages = [m.age_on(on) for m in household.members]
    size = len(household.members)
    rooms = bedrooms_needed(household.members, ages)
    car = household.mobility.car_needed and policy.count_car_costs
    household_needs = {"car"} if car else set()
    bim = household.health.increased_reimbursement
    actual = _actual_costs(household, policy, car)
    needs = [household_needs | _member_needs(m) for m in household.members]
    factors: dict[dt.date, Decimal] = {}  # index factor by price date, computed once per assessment

    by_category: dict[str, list[BudgetLine]] = {c: [] for c in dataset.categories}
    standard: dict[str, Decimal] = dict.fromkeys(dataset.categories, ZERO)
    for line in dataset.lines:
        if not _fits_household(line.when, household, bim):
            continue
        if line.scope == "household":
            targets = [None] if _fits(line.when, None, 0, household_needs) else []
        else:
            targets = [i for i, m in enumerate(household.members) if _fits(line.when, m, ages[i], needs[i])]
        if not targets:
            continue
        step = {"size": size, "bedrooms": rooms}.get(line.table) if line.table else None
        value = _value(line, on, step)
        if value is None:
            continue
        for i in targets:
            if value.price_date not in factors:
                factors[value.price_date] = dataset.index_factor(on, value.price_date)
            priced = _price(line, value, household.members, i, factors[value.price_date])
            if priced is None:
                continue
            standard[line.category] += priced.amount
            if line.actual and (line.actual, i) in actual:
                continue  # the household's actual cost stands for this line
            by_category[line.category].append(priced)
    for (_key, _member), priced in actual.items():
        by_category[ACTUAL_CATEGORY[_key]].append(priced)

    overrides = {o.category: o for o in household.overrides}
    categories = []
    for key in dataset.categories:
        lines = tuple(by_category[key])
        used = sum((line.amount for line in lines), ZERO)
        basis = "actual" if any(line.basis == "actual" for line in lines) else "standard"
        reason = None
        if key in overrides:
            used, basis, reason = overrides[key].amount, "override", overrides[key].reason
        categories.append(CategoryResult(key, standard[key], used, basis, reason, lines))

    resources = tuple(
        CountedItem(r.type, r.member, r.amount, round_cents(r.amount * policy.income_shares.get(r.type, ONE)))
        for r in household.resources
    )
    charges = tuple(
        CountedItem(c.type, None, c.amount,
                    c.amount if c.type != "debt_repayment" or policy.count_debt_repayments else ZERO)
        for c in household.charges
    )
    budget = sum((c.used for c in categories), ZERO)
    counted_resources = sum((r.counted for r in resources), ZERO)
    counted_charges = sum((c.counted for c in charges), ZERO)
    gap = budget + counted_charges - counted_resources
    totals = Totals(budget, counted_resources, counted_charges, gap, proposed_aid(gap, policy))

    identity = Identity(
        dataset=dataset.id, dataset_sha256=dataset.sha256(), policy=policy.id, policy_version=policy.version,
        engine_version=ENGINE_VERSION, inputs_sha256=sha256_of(household.to_dict()),
    )
    result = Assessment(
        date=on.isoformat(), region=household.region, household_size=size, bedrooms=rooms,
        categories=tuple(categories), resources=resources, charges=charges, totals=totals,
        warnings=tuple(household.warnings(on) + _index_warning(dataset, on)), identity=identity,
    )
    identity = Identity(**{**identity.to_dict(), "outputs_sha256": sha256_of(result.outputs())})
    return Assessment(**{**vars(result), "identity": identity})


def _index_warning(dataset: Dataset, on: dt.date) -> list[Problem]:
    last = dataset.index_stale(on)
    return [Problem("index_stale", "", {"month": f"{last:%m/%Y}"})] if last else []


def proposed_aid(gap: Decimal, policy: Policy) -> Decimal:
    if gap <= 0:
        return ZERO
    aid = round_cents(gap * policy.share)
    if policy.cap is not None:
        aid = min(aid, policy.cap)
    if policy.minimum is not None and aid < policy.minimum:
        return ZERO
    return aid


def bedrooms_needed(members: tuple[Member, ...], ages: list[int]) -> int:
    """The housing standard: one bedroom for the couple, one for each other adult, one per two children,
    children of different sex not sharing once one of them is 12 or older. At least one bedroom."""
    adults = sum(1 for m in members if m.role in ("applicant", "partner"))
    rooms = (1 if adults else 0) + sum(1 for m in members if m.role == "other_adult")
    children: dict[str, list[int]] = {}
    for m, age in zip(members, ages, strict=True):
        if m.role == "child":
            children.setdefault(m.sex, []).append(age)
    leftovers = []
    for sex_ages in children.values():
        rooms += len(sex_ages) // 2
        if len(sex_ages) % 2:
            leftovers.append(min(sex_ages))  # the youngest is the one left to pair across sexes
    young = sorted(a for a in leftovers if a < 12)
    rooms += len(leftovers) - len(young) + (len(young) + 1) // 2
    return max(rooms, 1)


def _value(line: LineDef, on: dt.date, step: int | None) -> LineValue | None:
    """The line's value on the date; beyond a table's last step, the last value plus one last increment
    per extra step (a household of ten pays the 8-member amount plus twice the 7-to-8 difference)."""
    if step is None:
        return line.value_on(on)
    steps = line.steps()
    if step in steps:
        return line.value_on(on, step)
    if not steps or step < steps[0]:
        return None
    last, before = line.value_on(on, steps[-1]), line.value_on(on, steps[-2]) if len(steps) > 1 else None
    if last is None:
        return None
    increment = last.unit_price - before.unit_price if before is not None else ZERO
    return LineValue(
        valid_from=last.valid_from, unit_price=last.unit_price + increment * (step - steps[-1]),
        price_date=last.price_date, source=last.source,
        estimate=last.estimate or f"extrapolated beyond {steps[-1]}", step=step,
    )


def _price(line: LineDef, value: LineValue, members: tuple[Member, ...], i: int | None,
           factor: Decimal) -> BudgetLine | None:
    if line.member_quantity:  # a quantity the member gives, such as childcare days
        quantity = Decimal(getattr(members[i], line.quantity))
    else:
        quantity = line.fixed_quantity
    if quantity == 0:
        return None
    amount = round_cents(value.unit_price * quantity / line.lifetime_months * factor)
    return BudgetLine(
        label=line.label, member=i, quantity=quantity,
        unit_price=value.unit_price, lifetime_months=line.lifetime_months, index_factor=factor, amount=amount,
        source=value.source, price_date=value.price_date.isoformat(), estimate=bool(value.estimate),
        basis="standard", line_id=line.id,
    )


def _fits_household(c: Condition, h: Household, bim: bool) -> bool:
    return not ((c.regions and h.region not in c.regions)
                or (c.tenures and h.housing.tenure not in c.tenures)
                or (c.bim is not None and c.bim != bim))


def _fits(c: Condition, m: Member | None, age: int, needs: set[str]) -> bool:
    """Whether a member (or, with None, the household) matches the personal part of a condition."""
    if c.needs and not needs.issuperset(c.needs):
        return False
    if c.without and not needs.isdisjoint(c.without):
        return False
    if m is None:
        return True
    return not (
        (c.age_min is not None and age < c.age_min)
        or (c.age_max is not None and age > c.age_max)
        or (c.sexes and m.sex not in c.sexes)
        or (c.activities and m.activity not in c.activities)
        or (c.school_levels and m.school_level not in c.school_levels)
        or (c.roles and m.role not in c.roles)
    )


def _member_needs(m: Member) -> set[str]:
    needs = set(m.special_needs)
    if m.public_transport:
        needs.add("public_transport")
    if m.childcare_days or m.childcare_cost is not None:
        needs.add("childcare")
    return needs


def _actual_costs(h: Household, policy: Policy, car: bool) -> dict[tuple[str, int | None], BudgetLine]:
    """The actual costs the household gave, as lines, keyed by (input, member)."""
    allowed = set(policy.actual_cost_categories)
    found: dict[tuple[str, int | None], BudgetLine] = {}

    def add(key: str, label_key: str, amount: Decimal | None, member: int | None = None) -> None:
        category = ACTUAL_CATEGORY[key]
        if amount is None or category not in allowed:
            return
        found[(key, member)] = BudgetLine(
            label=ACTUAL_LABEL[label_key], member=member, quantity=ONE, unit_price=amount, lifetime_months=1,
            index_factor=ONE, amount=amount, source="household", price_date="", estimate=False,
            basis="actual", line_id=f"actual.{label_key}",
        )

    rent, label = h.housing.rent, "mortgage" if h.housing.tenure == "owner_mortgage" else "rent"
    if rent is not None and policy.max_rent is not None and rent > policy.max_rent:
        rent, label = policy.max_rent, f"{label}_limited"
    add("rent", label, rent)
    add("energy", "energy", h.housing.energy)
    add("water", "water", h.housing.water)
    add("charges", "charges", h.housing.charges or None)
    add("illness", "illness", h.health.extra_costs or None)
    if car:
        add("car", "car", h.mobility.car_cost)
    for i, m in enumerate(h.members):
        add("school", "school", m.school_cost, i)
        add("childcare", "childcare", m.childcare_cost, i)
    return found
