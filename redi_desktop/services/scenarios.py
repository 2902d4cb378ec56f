"""The budget conversation: scenarios the guidance names, made for a household, computed beside its
assessment, and their charts (for the GUI; the command line reads them from the case file).

The federal guidance says the balance is a starting point: first claim unused rights (the increased
reimbursement, BIM; child benefit supplements), reduce costs (social housing, a cheaper energy contract, a
debt plan renegotiated), raise income (a part-time job); only then top up what remains. Each preset makes
the JSON of one scenario (domain/scenario.py), which is checked and computed like any other.

Nothing here imports reportlab until a chart is asked for: the application starts without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..domain.assessment import Assessment
from ..domain.dataset import Dataset
from ..domain.household import Household
from ..domain.messages import N_, InvalidInput, Problem
from ..domain.money import money_str
from ..domain.policy import Policy
from ..domain.scenario import read_scenarios
from ..engine.scenarios import ScenarioResult, closing_income, compute_scenario


@dataclass(frozen=True)
class Preset:
    key: str
    label: str  # English msgid: how the list names it
    name: str  # English msgid: the scenario's name, with {amount} where it takes one
    amount: str | None  # the amount it proposes ("" for none asked); None: it takes no amount


PRESETS = (
    Preset("social_housing", N_("Social housing at a given rent"), N_("Social housing at {amount}"), "450.00"),
    Preset("bim", N_("Increased reimbursement (BIM) claimed"), N_("Increased reimbursement (BIM) claimed"), None),
    Preset("part_time_job", N_("A part-time job at a given wage"), N_("Part-time job at {amount}"), "900.00"),
    Preset("cheaper_energy", N_("A cheaper energy contract"), N_("Energy contract at {amount}"), "120.00"),
    Preset("child_supplement", N_("Child benefit supplements"), N_("Child benefit supplements of {amount}"), "60.00"),
    Preset("debt_plan", N_("A debt plan renegotiated"), N_("Debt repayments of {amount}"), "50.00"),
    Preset("closing_wage", N_("The wage that closes the gap"), N_("A wage of {amount} closes the gap"), None),
    Preset("custom", N_("Another amount (custom)"), N_("{field} at {amount}"), ""),
)
PRESET = {p.key: p for p in PRESETS}


def preset_scenario(key: str, name: str, household: Household, amount: Decimal | None = None,
                    path: str | None = None) -> dict[str, Any] | None:
    """The JSON of a preset's scenario for this household (None when it does not apply: no debt to
    renegotiate, no gap to close)."""
    applicant = next(i for i, m in enumerate(household.members) if m.role == "applicant")
    value = None if amount is None else money_str(amount)
    if key == "social_housing":
        return {"name": name, "set": {"housing.tenure": "social_rent", "housing.rent": value}}
    if key == "bim":
        return {"name": name, "set": {"health.increased_reimbursement": True}}
    if key == "part_time_job":
        return {"name": name, "add": {"resources": [{"type": "wage", "member": applicant, "amount": value}]}}
    if key == "cheaper_energy":
        return {"name": name, "set": {"housing.energy": value}}
    if key == "child_supplement":
        return {"name": name, "add": {"resources": [{"type": "child_benefit", "amount": value}]}}
    if key == "debt_plan":
        debts = [i for i, c in enumerate(household.charges) if c.type == "debt_repayment"]
        if not debts:
            return None
        return {"name": name, "set": {f"charges[{i}].amount": value if n == 0 else "0.00"
                                      for n, i in enumerate(debts)}}
    if key == "custom" and path:
        return {"name": name, "set": {path: value}}
    return None


def closing_wage(assessment: Assessment, policy: Policy) -> Decimal | None:
    """The applicant's wage that would bring the gap to 0.00 (None when the policy does not count wages)."""
    return closing_income(assessment, policy, "wage")


def amount_paths(household: Household) -> list[str]:
    """The amounts a custom scenario may change: the rent and bills, each income and each charge."""
    paths = ["housing.rent", "housing.energy", "housing.water", "housing.charges", "health.extra_costs"]
    paths += [f"resources[{i}].amount" for i in range(len(household.resources))]
    paths += [f"charges[{i}].amount" for i in range(len(household.charges))]
    return paths


@dataclass(frozen=True)
class Outcome:
    """A scenario of the case beside its assessment: its result, or what makes it impossible."""

    name: str
    result: ScenarioResult | None
    problems: tuple[Problem, ...] = ()


def outcomes(scenarios: Any, household: Household, dataset: Dataset, policy: Policy,
             assessment: Assessment) -> list[Outcome]:
    """Each scenario the case keeps, checked and computed on its own: one that cannot be (a field its
    household no longer has, an impossible value) says why, the others and the assessment stand."""
    found = []
    for i, data in enumerate(scenarios if isinstance(scenarios, list) else []):
        name = data.get("name", "") if isinstance(data, dict) else ""
        try:
            (scenario,) = read_scenarios([data], household)
        except InvalidInput as exc:
            problems = tuple(Problem(p.key, p.path.replace("scenarios[0]", f"scenarios[{i}]", 1), p.params)
                             for p in exc.problems)
            found.append(Outcome(str(name), None, problems))
            continue
        result = compute_scenario(scenario, household, dataset, policy, assessment)
        found.append(Outcome(scenario.name, result if not result.problems else None, result.problems))
    return found


def budget_chart_svg(assessment: Assessment, lang: str, small: bool = False) -> bytes:
    """The budget chart of the sheets; `small`, narrower and without its key (larger text in a side panel)."""
    from ..report.charts import SMALL_WIDTH, budget_chart, svg

    return svg(budget_chart(assessment, lang, SMALL_WIDTH, key=False) if small else budget_chart(assessment, lang))


def scenario_chart_svg(assessment: Assessment, found: list[Outcome], lang: str) -> bytes:
    from ..report.charts import scenario_chart, svg

    rows = [(o.name, o.result.totals) for o in found if o.result is not None]
    return svg(scenario_chart(assessment.totals, rows, lang))
