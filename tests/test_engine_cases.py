"""The household cases of tests/cases/*.yaml: input, expected amounts to the cent, and what each checks."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from redi_desktop.domain.household import Household
from redi_desktop.domain.policy import Policy
from redi_desktop.engine import compute

CASES = [
    pytest.param(case, id=f"{path.stem}: {case['name']}")
    for path in sorted((Path(__file__).parent / "cases").glob("*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]


def test_there_are_enough_cases():
    assert len(CASES) >= 25
    assert all(c.values[0].get("checks") for c in CASES)


@pytest.mark.parametrize("case", CASES)
def test_case(case, dataset_2023):
    """Worked out by hand from the lines of the first dataset (resources/budgets/be-2023-12)."""
    household = Household.from_dict(case["household"])
    policy = Policy.from_dict(case["policy"]) if "policy" in case else Policy()
    a = compute(household, dataset_2023, policy, dt.date.fromisoformat(str(case["date"])))
    expect = case["expect"]
    for key, fields in expect.get("categories", {}).items():
        got = a.category(key)
        for field, value in fields.items():
            actual = getattr(got, field)
            assert (str(actual) if isinstance(actual, Decimal) else actual) == value, (key, field)
    for line_id, amount in expect.get("lines", {}).items():
        total = sum((line.amount for c in a.categories for line in c.lines if line.line_id == line_id),
                    Decimal("0.00"))
        assert f"{total:.2f}" == amount, line_id
    for key, amount in expect.get("totals", {}).items():
        assert str(getattr(a.totals, key)) == amount, key
    if "bedrooms" in expect:
        assert a.bedrooms == expect["bedrooms"]
