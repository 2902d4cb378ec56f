"""The newest dataset against what the published Belgian reference budgets and rules say.

Each published statement is a test, so a change of the data that breaks one fails here. The structure,
the child-cost profile and the couple ratio come from redi_desktop.services.dataset_audit, the module
`redi-desktop dataset audit` prints, so the audit and these tests cannot disagree. Sources: see
resources/budgets/<dataset>/sources.yaml; the rules (health fund, exemptions, school, energy, water,
childcare, rents, basket items, indexation) are checked on the lines that carry them.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest

from redi_desktop.domain.household import Household
from redi_desktop.engine import compute
from redi_desktop.services.dataset_audit import audit, statements

DERIVATION = "redi-desktop-derivation"
DEC_2023 = dt.date(2023, 12, 15)
# Published statements this dataset does not meet, and why (resources/budgets/README.md): in Flanders,
# where the child-cost shares were published, the published 2025 rents make the childless budget
# 1,810 euro instead of the 1,273 of the published budget, so the same child costs a smaller share; the
# Brussels totals leave no room to raise the cost of a child of 8 or 15 (the couple with two children is
# already 4.4 % above its published total).
NOT_MET = {"child_share:primary", "child_share:adolescent"}


@pytest.fixture(scope="module")
def result(dataset):
    return audit(dataset)


@pytest.fixture(scope="module")
def met(result):
    return {s.key: s.ok for s in statements(result)}


def household(members, region="BRU", tenure="private_rent", bim=False, **extra):
    data = {"region": region, "members": members, "housing": {"tenure": tenure},
            "health": {"increased_reimbursement": bim}, **extra}
    return Household.from_dict(data)


def adult(role="applicant", sex="F", activity="unemployed", age=40):
    return {"role": role, "age": age, "sex": sex, "activity": activity}


def child(age, sex="M", level="none", **extra):
    return {"role": "child", "age": age, "sex": sex, "activity": "pupil" if level != "none" else "infant",
            "school_level": level, **extra}


def lines(a, prefix):
    return [line for c in a.categories for line in c.lines if line.line_id.startswith(prefix)]


def amount(a, prefix):
    return sum((line.amount for line in lines(a, prefix)), Decimal(0))


# --- every figure where its source says it is ---------------------------------------------------------

def figures(value):
    if value == 0:
        return None
    found = {f"{value:.2f}", f"{value:,.2f}"}
    if value == value.to_integral_value():
        found |= {f"{int(value)}", f"{int(value):,}"}
    return found


def test_every_published_value_is_stated_by_the_source_it_cites(dataset):
    """A value that cites a page must be a figure that page states (sources.yaml quotes it in the title);
    a free service (0.00) must be said free by its source."""
    wrong = []
    for line in dataset.lines:
        for v in line.values:
            if v.source == DERIVATION:
                continue
            title = dataset.sources[v.source].title
            wanted = figures(v.unit_price)
            if wanted is None:
                ok = "free" in title or "nothing" in title
            else:
                ok = any(re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d]|[.,]\d)", title) for f in wanted)
            if not ok:
                wrong.append((line.id, str(v.unit_price), v.source))
    assert wrong == []


def test_every_derived_value_says_how_it_was_derived_and_on_what_it_was_calibrated(dataset):
    for line in dataset.lines:
        for v in line.values:
            if v.source == DERIVATION:
                assert v.estimate.startswith("REDI Desktop derivation:"), line.id
                assert "calibrated" in v.estimate, line.id
    for scale in dataset.integration_income:
        assert scale.source != DERIVATION or scale.estimate.startswith("REDI Desktop derivation:")


def test_the_sources_are_not_cited_for_figures_they_do_not_hold(dataset):
    cited = {v.source for line in dataset.lines for v in line.values}
    # pages of totals, shares or item lists without prices are calibration targets, never a line's source
    assert not cited & {"cebud-bxl-totals", "csb-method", "referentiebudget-relations", "rtbf-2023-school-costs",
                        "menswaardiginkomen-child-cost"}


# --- the published Brussels totals and structure ------------------------------------------------------

@pytest.mark.parametrize("name", ["bxl-single-woman", "bxl-parent-one-child", "bxl-couple-two-children"])
def test_the_brussels_model_household_meets_its_published_total_and_order(name, met):
    assert met[f"total:{name}"]
    assert met[f"order:{name}"]  # housing first, food second, social relations third
    for key in ("security", "rest_sleep", "unforeseen"):
        assert met[f"at_most_2:{name}:{key}"]


def test_housing_is_more_than_half_for_a_single_person_and_a_parent_with_a_young_child(met):
    assert met["housing_half:bxl-single-woman"] and met["housing_half:bxl-parent-one-child"]


@pytest.mark.parametrize("key", ["clothing", "leisure", "health", "personal_care", "safe_childhood", "mobility"])
def test_the_middle_posts_are_4_to_8_percent_on_average(key, met):
    assert met[f"band_4_8:{key}"]


def test_a_first_child_costs_more_as_it_grows_and_the_young_ages_meet_the_published_shares(met):
    for label in ("under 3", "3-5", "primary", "adolescent"):
        assert met[f"child_rises:{label}"]
    assert met["child_share:under 3"] and met["child_share:3-5"]


def test_the_statements_not_met_are_exactly_the_documented_ones(met):
    assert {k for k, ok in met.items() if not ok} == NOT_MET


def test_a_couple_costs_about_30_percent_more_than_a_single_person(met, result):
    assert met["couple"], result.couple_ratio


# --- published rules -------------------------------------------------------------------------------------

def test_the_health_fund_contribution_is_paid_per_titular(dataset, policy):
    on = dt.date(2023, 3, 15)  # in the half-year of the price date: no index movement
    single = compute(household([adult()]), dataset, policy, on)
    at_home = compute(household([adult(), adult("partner", "M", "at_home"), child(8, level="primary")]),
                      dataset, policy, on)
    working = compute(household([adult(), adult("partner", "M", "employed")]), dataset, policy, on)
    assert len(lines(single, "health.mutuality")) == 1
    assert len(lines(at_home, "health.mutuality")) == 1  # the partner at home and the child are dependants
    assert len(lines(working, "health.mutuality")) == 2
    student = compute(household([adult(), adult("other_adult", activity="student", age=20),
                                 adult("other_adult", activity="employed", age=22)]), dataset, policy, on)
    assert sorted(line.member for line in lines(student, "health.mutuality")) == [0, 2]
    assert amount(single, "health.mutuality") == Decimal("13.75")  # MC, 2023


def test_children_are_exempt_from_hospitalisation_premiums_at_first(dataset, policy):
    a = compute(household([adult(), child(1), child(2, sex="F")]), dataset, policy, DEC_2023)
    assert sorted(line.member for line in lines(a, "health.hospital")) == [0, 2]


def test_basic_dental_care_costs_nothing_under_19(dataset, policy):
    a = compute(household([adult(), child(18, level="secondary"), adult("other_adult", age=19)]),
                dataset, policy, DEC_2023)
    assert sorted(line.member for line in lines(a, "health.dentist")) == [0, 2]


def test_specialists_are_free_for_bim_patients_up_to_24_from_october_2023(dataset, policy):
    h = household([adult(), child(10, level="primary")], bim=True)
    before = compute(h, dataset, policy, dt.date(2023, 9, 15))
    after = compute(h, dataset, policy, DEC_2023)
    assert amount(before, "health.specialist_bim_young") == Decimal("0.25")
    assert amount(after, "health.specialist_bim_young") == 0


def test_school_costs_are_the_published_ones(dataset, policy):
    fwb = compute(household([adult(), child(4, level="nursery"), child(8, level="primary"),
                             child(14, level="secondary")]), dataset, policy, DEC_2023)
    # Ligue des familles, rentrée 2023: 152, 290 and 486 euro a year (priced in August 2023, same half-year)
    assert [line.amount for line in lines(fwb, "childhood.school")] == [Decimal("12.67"), Decimal("24.17"),
                                                                        Decimal("40.50")]
    vla = compute(household([adult(), child(4, level="nursery")], region="VLA"), dataset, policy,
                  dt.date(2023, 3, 15))
    assert amount(vla, "childhood.school") == Decimal("4.17")  # maximumfactuur, 50 euro a year


def test_energy_is_priced_at_the_regulators_bills_of_december_2023(dataset, policy):
    for size in (1, 4):
        members = [adult()] + [child(8, level="primary")] * (size - 1)
        a = compute(household(members), dataset, policy, DEC_2023)
        kwh = (Decimal(1000 + 500 * size) * 1234 / 3500 + Decimal(7000 + 2500 * size) * 1587 / 17000) / 12
        assert amount(a, "housing.energy") == kwh.quantize(Decimal("0.01"))


def test_brussels_water_follows_the_vivaqua_tariff(dataset, policy):
    a = compute(household([adult(), adult("partner", "M")]), dataset, policy, dt.date(2023, 3, 15))
    assert amount(a, "housing.water") == ((Decimal("29.02") + 70 * Decimal("3.86")) / 12).quantize(Decimal("0.01"))


def test_childcare_is_income_related_not_a_flemish_average_everywhere(dataset, policy):
    toddler = child(2, childcare_days=18)
    vla = compute(household([adult(), toddler], region="VLA"), dataset, policy, dt.date(2023, 3, 15))
    bru_2025 = compute(household([adult(), toddler]), dataset, policy, dt.date(2025, 3, 15))
    assert amount(vla, "childhood.childcare") == Decimal("101.88")  # 18 days at the lowest IKT rate, 5.66
    assert amount(bru_2025, "childhood.childcare") == 0  # reformed ONE scale: free at the lowest incomes


def test_rents_are_the_published_regional_figures(dataset, policy):
    def rent(members, region, tenure, on):
        return amount(compute(household(members, region, tenure), dataset, policy, on), "housing.rent")
    spring_2023, spring_2025 = dt.date(2023, 3, 15), dt.date(2025, 3, 15)
    assert rent([adult()], "WAL", "private_rent", spring_2023) == Decimal("728.00")
    assert rent([adult(), child(3)], "WAL", "private_rent", spring_2023) == Decimal("817.00")
    assert rent([adult()], "VLA", "private_rent", spring_2025) == Decimal("893.00")
    assert rent([adult(), child(3)], "VLA", "private_rent", spring_2025) == Decimal("1014.00")
    assert rent([adult()], "VLA", "social_rent", dt.date(2023, 9, 15)) == Decimal("341.00")
    # the Walloon private-over-social difference is near the 430-530 euro of the published Walloon budgets
    difference = (rent([adult()], "WAL", "private_rent", spring_2023)
                  - rent([adult()], "WAL", "social_rent", spring_2023))
    assert 400 <= difference <= 550


def test_the_basket_holds_the_citizenship_items_the_method_lists(dataset, policy):
    a = compute(household([adult(), child(12, level="secondary"), child(11, sex="F", level="primary")]),
                dataset, policy, DEC_2023)
    for prefix in ("social.identity_card", "social.local_taxes", "social.union_fee", "social.laptop"):
        assert lines(a, prefix), prefix
    assert [line.member for line in lines(a, "social.printer")] == [1]  # from age 12
    assert amount(a, "mobility.car_sharing") == (Decimal(370) / 12).quantize(Decimal("0.01"))


# --- indexation as data ----------------------------------------------------------------------------------

def test_the_newest_dataset_indexes_half_yearly_with_the_consumer_price_index(dataset):
    assert dataset.indexation.series == "cpi" and dataset.indexation.months == (1, 7)
    assert dataset.index_month(dt.date(2024, 3, 10)) == dt.date(2023, 12, 1)
    assert dataset.index_month(dt.date(2024, 11, 30)) == dt.date(2024, 6, 1)


def test_two_dates_in_one_indexation_period_give_the_same_standard_budget(dataset, policy):
    """July to December 2025: no published price changes then, so only the index could move amounts."""
    h = household([adult(), child(8, level="primary")])
    early, late = compute(h, dataset, policy, dt.date(2025, 7, 1)), compute(h, dataset, policy, dt.date(2025, 12, 31))
    assert [c.standard for c in early.categories] == [c.standard for c in late.categories]
    january = compute(h, dataset, policy, dt.date(2026, 1, 2))
    assert january.totals.reference_budget > late.totals.reference_budget


def test_a_new_period_moves_prices_by_the_consumer_price_index(dataset, policy):
    h = household([adult()])
    a = compute(h, dataset, policy, dt.date(2024, 1, 10))  # December 2023 CPI over June 2023 CPI
    food = next(line for line in lines(a, "food.age25_64.f"))
    assert food.index_factor == Decimal("129.45") / Decimal("127.11")


def test_an_assessment_dated_today_has_no_stale_index_warning_when_its_month_is_published(dataset, policy):
    h = household([adult()])
    today = compute(h, dataset, policy, dt.date(2026, 12, 1))  # needs June 2026, published
    assert "index_stale" not in {w.key for w in today.warnings}
    next_year = compute(h, dataset, policy, dt.date(2027, 1, 4))  # needs December 2026, not yet in the data
    assert "index_stale" in {w.key for w in next_year.warnings}


def test_the_integration_income_keeps_its_own_dated_scale(dataset):
    assert dataset.integration_income_on(dt.date(2025, 3, 1)).single == Decimal("1314.20")


# --- categories as data ----------------------------------------------------------------------------------

def test_the_assessment_shows_the_categories_the_dataset_declares_in_their_order(dataset, policy):
    import dataclasses

    a = compute(household([adult()]), dataset, policy, DEC_2023)
    assert [c.key for c in a.categories] == list(dataset.categories)
    fewer = dataclasses.replace(dataset, categories=tuple(c for c in dataset.categories if c != "furnishing"),
                                lines=tuple(line for line in dataset.lines if line.category != "furnishing"))
    b = compute(household([adult()]), fewer, policy, DEC_2023)
    assert "furnishing" not in [c.key for c in b.categories]
    assert b.totals.reference_budget == a.totals.reference_budget - a.category("furnishing").used
