"""Scenarios computed beside an assessment, and the income that would close its gap: pure functions.

A scenario's result is computed exactly as the assessment is (engine.compute), on the assessment's date,
from the household and policy the scenario makes; the assessment itself is never touched, so its identity
and hashes are the same with or without scenarios.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from ..domain.assessment import Assessment, Totals
from ..domain.dataset import Dataset
from ..domain.household import Household
from ..domain.messages import InvalidInput, Problem
from ..domain.money import CENT, ZERO, money_str, round_cents
from ..domain.policy import Policy
from ..domain.scenario import Scenario
from .compute import compute

TOTAL_KEYS = ("reference_budget", "resources", "charges", "gap", "proposed_aid")


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario's totals and their difference from the assessment (scenario minus assessment); or,
    for a scenario that cannot be computed, its problems (and no totals)."""

    name: str
    totals: Totals | None
    difference: Totals | None
    problems: tuple[Problem, ...] = ()
    assessment: Assessment | None = None  # the scenario's own budget, for its chart

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "totals": self.totals.to_dict(), "difference": self.difference.to_dict()}


def difference(scenario: Totals, reference: Totals) -> Totals:
    return Totals(**{k: getattr(scenario, k) - getattr(reference, k) for k in TOTAL_KEYS})


def compute_scenario(scenario: Scenario, household: Household, dataset: Dataset, policy: Policy,
                     reference: Assessment) -> ScenarioResult:
    """One scenario beside the assessment it varies; a scenario that does not hold together gives its
    problems instead of totals (the assessment stands)."""
    try:
        varied = scenario.household(household)
        result = compute(varied, dataset, scenario.policy_of(policy), dt.date.fromisoformat(reference.date))
    except InvalidInput as exc:
        return ScenarioResult(scenario.name, None, None, tuple(exc.problems))
    return ScenarioResult(scenario.name, result.totals, difference(result.totals, reference.totals), (), result)


def compute_scenarios(scenarios: tuple[Scenario, ...], household: Household, dataset: Dataset, policy: Policy,
                      reference: Assessment) -> tuple[ScenarioResult, ...]:
    return tuple(compute_scenario(s, household, dataset, policy, reference) for s in scenarios)


def closing_income(reference: Assessment, policy: Policy, income_type: str = "wage") -> Decimal | None:
    """The smallest monthly amount of one more income of this type that brings the gap to 0.00 exactly;
    0.00 when there is no gap; None when the policy does not count this type at all.

    The engine counts an income as round_cents(amount × share) and the budget does not depend on the
    income, so the gap falls by exactly that counted part: the amount is the gap divided by the share,
    rounded up to the cent, and one cent less when that already counts enough (half-up rounding). With a
    share of at most 1 each cent of income adds at most a cent counted, so the gap lands on 0.00."""
    gap = reference.totals.gap
    if gap <= 0:
        return ZERO
    share = policy.income_shares.get(income_type, Decimal("1"))
    if share <= 0:
        return None
    amount = (gap / share).quantize(CENT, rounding=ROUND_CEILING)
    while amount > CENT and round_cents((amount - CENT) * share) >= gap:
        amount -= CENT
    return amount


def closing_scenario(reference: Assessment, household: Household, policy: Policy, name: str,
                     income_type: str = "wage") -> Scenario | None:
    """The closing income as a scenario: one more income of the applicant."""
    amount = closing_income(reference, policy, income_type)
    if amount is None:
        return None
    applicant = next(i for i, m in enumerate(household.members) if m.role == "applicant")
    return Scenario(name, add={"resources": [{"type": income_type, "member": applicant,
                                              "amount": money_str(amount)}]})
