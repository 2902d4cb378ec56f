"""The household cases of tests/cases/*.yaml: input, expected amounts to the cent, and what each checks."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from redi_desktop.domain.household import Household
from redi_desktop.domain.policy import Policy
from redi_desktop.engine import compute
from redi_desktop.engine.compute import ACTUAL_LABEL

CASES = [
    pytest.param(case, id=f"{path.stem}: {case['name']}")
    for path in sorted((Path(__file__).parent / "cases").glob("*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]


CASE_KEYS = {"name", "checks", "date", "household", "policy", "expect"}
EXPECT_KEYS = {"categories", "lines", "totals", "bedrooms"}
CATEGORY_FIELDS = {"standard", "used", "basis", "reason"}
TOTAL_FIELDS = {"reference_budget", "resources", "charges", "gap", "proposed_aid"}


def test_there_are_enough_cases():
    assert len(CASES) >= 25
    assert all(c.values[0].get("checks") for c in CASES)


def problems_of(case: dict, dataset) -> list[str]:
    """What makes a case file say less than it seems to: an unknown key (a misspelt line id would "pass"
    as 0.00), a category or total that does not exist, nothing expected."""
    found = [f"unknown key {k!r}" for k in set(case) - CASE_KEYS]
    found += [f"missing key {k!r}" for k in ("name", "checks", "date", "household", "expect") if k not in case]
    expect = case.get("expect") or {}
    found += [f"unknown expectation {k!r}" for k in set(expect) - EXPECT_KEYS]
    if not expect:
        found.append("nothing is expected")
    categories = set(dataset.categories)
    for key, fields in expect.get("categories", {}).items():
        if key not in categories:
            found.append(f"unknown category {key!r}")
        found += [f"unknown field {f!r} of {key}" for f in set(fields) - CATEGORY_FIELDS]
    line_ids = {line.id for line in dataset.lines} | {f"actual.{k}" for k in ACTUAL_LABEL}
    found += [f"unknown line {i!r}" for i in expect.get("lines", {}) if i not in line_ids]
    found += [f"unknown total {k!r}" for k in set(expect.get("totals", {})) - TOTAL_FIELDS]
    return found


def test_the_case_runner_refuses_a_case_that_would_pass_for_nothing(dataset_2023):
    good = CASES[0].values[0]
    assert problems_of(good, dataset_2023) == []
    misspelt = {**good, "expect": {"lines": {"food.age25_64.female": "196.16"}}}
    assert problems_of(misspelt, dataset_2023) == ["unknown line 'food.age25_64.female'"]
    assert problems_of({**good, "expected": {}}, dataset_2023) == ["unknown key 'expected'"]
    assert problems_of({**good, "expect": {"categories": {"food": {"usd": "1.00"}}}}, dataset_2023) == \
        ["unknown field 'usd' of food"]


@pytest.mark.parametrize("case", CASES)
def test_case(case, dataset_2023):
    """Worked out by hand from the lines of the first dataset (resources/budgets/be-2023-12)."""
    assert problems_of(case, dataset_2023) == []
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
