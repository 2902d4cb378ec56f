"""Assessing a household: the one place that decides the assessment date, then the engine computes."""

from __future__ import annotations

import datetime as dt

from ..domain.assessment import Assessment
from ..domain.dataset import Dataset
from ..domain.dates import assessment_date
from ..domain.household import Household
from ..domain.messages import InvalidInput, Problem
from ..domain.policy import Policy
from ..domain.scenario import Scenario
from ..engine import compute
from ..engine.scenarios import ScenarioResult, compute_scenarios
from .errors import ServiceError


def parse_date(text: str | None) -> dt.date | None:
    """A date typed on the command line (YYYY-MM-DD); None when none was given."""
    from ..domain.dates import parse_iso_date

    if text is None:
        return None
    try:
        return parse_iso_date(text, "assessment_date")
    except InvalidInput as exc:
        raise ServiceError.invalid(exc) from None


def assess(household: Household, dataset: Dataset, policy: Policy, on: dt.date | None = None,
           today: dt.date | None = None, file: str = "") -> Assessment:
    """The assessment of a household on the date the rule gives (explicit, else the household's, else
    today), which must lie in the range the data cover."""
    try:
        return compute(household, dataset, policy, assessment_date(on, household, today))
    except InvalidInput as exc:  # a date out of range, a member born after the date asked for
        raise ServiceError.invalid(exc, file) from None


def assess_scenarios(scenarios: tuple[Scenario, ...], household: Household, dataset: Dataset, policy: Policy,
                     assessment: Assessment, file: str = "") -> tuple[ScenarioResult, ...]:
    """Each scenario computed beside the assessment (which it never changes); a scenario that cannot be
    computed is invalid input, said of that scenario."""
    results = compute_scenarios(scenarios, household, dataset, policy, assessment)
    for i, r in enumerate(results):
        if r.problems:
            raise ServiceError.invalid(InvalidInput([
                Problem(p.key, f"scenarios[{i}]" + (f".{p.path}" if p.path else ""), p.params) for p in r.problems
            ]), file)
    return results
