"""What-if scenarios computed beside the assessment: what a caseworker compares with a client, and what a
scenario must never do (change the assessment, or pass an impossible household)."""

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from redi_desktop.domain.household import Household
from redi_desktop.domain.messages import InvalidInput
from redi_desktop.domain.policy import Policy
from redi_desktop.domain.scenario import Scenario, read_scenarios
from redi_desktop.engine import compute
from redi_desktop.engine.scenarios import closing_income, closing_scenario, compute_scenario, compute_scenarios
from redi_desktop.services.casefile import case_from_data

HOUSEHOLD = {
    "assessment_date": "2023-12-15", "postal_code": "1000", "language": "fr",
    "members": [{"role": "applicant", "age": 35, "sex": "F", "activity": "unemployed"},
                {"role": "child", "age": 2, "sex": "M", "activity": "infant"}],
    "housing": {"tenure": "private_rent", "rent": "850.00"},
    "resources": [{"type": "integration_income", "member": 0, "amount": "1707.15"}],
    "charges": [{"type": "debt_repayment", "amount": "120.00"}],
}


def household(**changes) -> Household:
    return Household.from_dict({**HOUSEHOLD, **changes})


def beside(scenario: Scenario, dataset, policy=None, h=None):
    h, policy = h or household(), policy or Policy()
    reference = compute(h, dataset, policy)
    return reference, compute_scenario(scenario, h, dataset, policy, reference)


def test_a_rent_lowered_by_100_lowers_the_gap_by_exactly_100(dataset):
    reference, result = beside(Scenario("cheaper", set={"housing.rent": "750.00"}), dataset)
    assert result.difference.gap == Decimal("-100.00")
    assert result.difference.reference_budget == Decimal("-100.00")
    assert result.totals.gap == reference.totals.gap - 100


def test_a_wage_of_500_counted_in_full_lowers_the_gap_by_500(dataset):
    wage = Scenario("part time", add={"resources": [{"type": "wage", "member": 0, "amount": "500.00"}]})
    reference, result = beside(wage, dataset)
    assert result.difference.gap == Decimal("-500.00") and result.difference.resources == Decimal("500.00")
    assert result.totals.proposed_aid == max(reference.totals.gap - 500, Decimal("0.00"))


def test_a_wage_counted_at_half_by_the_policy_lowers_the_gap_by_half(dataset):
    policy = Policy(income_shares={**Policy().income_shares, "wage": Decimal("0.5")})
    wage = Scenario("part time", add={"resources": [{"type": "wage", "member": 0, "amount": "500.00"}]})
    _reference, result = beside(wage, dataset, policy)
    assert result.difference.gap == Decimal("-250.00")


def test_the_assessment_is_the_same_with_and_without_scenarios(dataset):
    data = {**HOUSEHOLD, "scenarios": [{"name": "social housing",
                                        "set": {"housing.tenure": "social_rent", "housing.rent": "450.00"}}]}
    with_scenarios, without = case_from_data(json.loads(json.dumps(data))), case_from_data(dict(HOUSEHOLD))
    assert with_scenarios.household == without.household and len(with_scenarios.scenarios) == 1
    a = compute(with_scenarios.household, dataset, Policy())
    compute_scenarios(with_scenarios.scenarios, with_scenarios.household, dataset, Policy(), a)
    b = compute(without.household, dataset, Policy())
    assert a.identity == b.identity and a.to_dict() == b.to_dict()


@pytest.mark.parametrize("share", ["1", "0.75", "0.5", "0.3", "0.07"])
@pytest.mark.parametrize("income_type", ["wage", "unemployment"])
def test_the_income_that_closes_the_gap_added_as_a_scenario_gives_a_gap_of_zero(dataset, share, income_type):
    policy = Policy(income_shares={**Policy().income_shares, income_type: Decimal(share)})
    h = household()
    reference = compute(h, dataset, policy)
    assert reference.totals.gap > 0
    scenario = closing_scenario(reference, h, policy, "closing", income_type)
    result = compute_scenario(scenario, h, dataset, policy, reference)
    assert result.totals.gap == Decimal("0.00") and result.totals.proposed_aid == Decimal("0.00")
    # and not a cent more than needed
    amount = closing_income(reference, policy, income_type) - Decimal("0.01")
    less = Scenario("less", add={"resources": [{**scenario.add["resources"][0], "amount": str(amount)}]})
    assert compute_scenario(less, h, dataset, policy, reference).totals.gap == Decimal("0.01")


def test_no_income_closes_a_gap_the_policy_does_not_count_and_none_is_needed_without_a_gap(dataset):
    policy = Policy(income_shares={**Policy().income_shares, "wage": Decimal("0")})
    assert closing_income(compute(household(), dataset, policy), policy) is None
    rich = household(resources=[{"type": "wage", "member": 0, "amount": "5000.00"}])
    assert closing_income(compute(rich, dataset, Policy()), Policy()) == Decimal("0.00")


def test_a_policy_change_in_a_scenario_changes_only_the_aid(dataset):
    reference, result = beside(Scenario("half", policy={"share": "0.5", "count_debt_repayments": False}), dataset)
    assert result.difference.charges == Decimal("-120.00")
    assert result.totals.proposed_aid == (reference.totals.gap - 120) * Decimal("0.5")


def test_an_income_share_changed_by_a_scenario_keeps_the_policys_other_shares(dataset):
    policy = Policy(income_shares={**Policy().income_shares, "integration_income": Decimal("0.5")})
    reference, result = beside(Scenario("wage at half", policy={"income_shares": {"wage": "0.5"}},
                                        add={"resources": [{"type": "wage", "member": 0, "amount": "500.00"}]}),
                               dataset, policy)
    assert result.difference.resources == Decimal("250.00")  # the integration income still counts at half


def test_scenarios_round_trip_through_the_case_file(dataset):
    given = [{"name": "debt plan", "set": {"charges[0].amount": "60.00"}},
             {"name": "BIM", "set": {"health.increased_reimbursement": True}},
             {"name": "standard rent", "set": {"housing.rent": None}, "policy": {"cap": "300.00"}}]
    scenarios = read_scenarios(json.loads(json.dumps(given)), household())
    assert [s.to_dict() for s in scenarios] == given
    results = compute_scenarios(scenarios, household(), dataset, Policy(), compute(household(), dataset, Policy()))
    assert results[0].difference.gap == Decimal("-60.00")
    assert results[1].difference.reference_budget < 0  # the increased reimbursement lowers health costs
    assert results[2].totals.proposed_aid <= Decimal("300.00")


@pytest.mark.parametrize(("scenario", "key", "path"), [
    ({"name": "x", "set": {"housing.rnet": "1.00"}}, "unknown_field", "scenarios[0].housing.rnet"),
    ({"name": "x", "set": {"pets": 2}}, "unknown_field", "scenarios[0].pets"),
    ({"name": "x", "set": {"housing.rent": "-5.00"}}, "negative_amount", "scenarios[0].housing.rent"),
    ({"name": "x", "set": {"housing.tenure": "castle"}}, "bad_choice", "scenarios[0].housing.tenure"),
    ({"name": "x", "set": {"resources[3].amount": "5.00"}}, "row_out_of_range", "scenarios[0].resources[3].amount"),
    ({"name": "x", "set": {"members": []}}, "scenario_no_members", "scenarios[0]"),
    ({"name": "x", "set": {"members[0].role": "child"}}, "scenario_no_applicant", "scenarios[0]"),
    ({"name": "x", "add": {"pets": []}}, "unknown_field", "scenarios[0].pets"),
    ({"name": "x", "policy": {"share": "3"}}, "bad_share", "scenarios[0].policy.share"),
    ({"name": "x", "policy": {"version": 9}}, "unknown_field", "scenarios[0].policy.version"),
    ({"set": {}}, "missing_field", "scenarios[0].name"),
])
def test_a_scenario_that_cannot_be_is_refused_with_its_place(scenario, key, path):
    with pytest.raises(InvalidInput) as caught:
        read_scenarios([scenario], household())
    assert [(p.key, p.path) for p in caught.value.problems] == [(key, path)]


def run(*args):
    return subprocess.run([sys.executable, "-m", "redi_desktop", *args], capture_output=True, text=True, timeout=120)


def test_compute_json_prints_each_scenario_and_its_difference(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**HOUSEHOLD, "scenarios": [
        {"name": "Logement social", "set": {"housing.tenure": "social_rent", "housing.rent": "450.00"}},
        {"name": "Mi-temps", "add": {"resources": [{"type": "wage", "member": 0, "amount": "500.00"}]}}]}),
        encoding="utf-8")
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(HOUSEHOLD), encoding="utf-8")
    r = run("compute", str(path), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [s["name"] for s in data["scenarios"]] == ["Logement social", "Mi-temps"]
    wage = data["scenarios"][1]
    assert wage["difference"]["gap"] == "-500.00" and set(wage["difference"]) == set(data["totals"])
    without = json.loads(run("compute", str(plain), "--json").stdout)
    assert "scenarios" not in without
    assert without["identity"] == data["identity"] and without["totals"] == data["totals"]


@pytest.mark.parametrize(("scenario", "fr", "nl"), [
    ({"name": "x", "set": {"housing.rnet": "1.00"}}, "Champ inconnu", "Onbekend veld"),
    ({"name": "x", "set": {"housing.rent": "-5.00"}}, "ne peut pas être négatif", "mag niet negatief zijn"),
    ({"name": "x", "set": {"housing.tenure": "castle"}}, "n'est pas une valeur valide", "is geen geldige waarde"),
    ({"name": "x", "set": {"members": []}}, "sans membres", "zonder leden"),
])
def test_a_bad_scenario_exits_2_with_one_sentence_in_french_and_dutch(tmp_path, scenario, fr, nl):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**HOUSEHOLD, "scenarios": [scenario]}), encoding="utf-8")
    for lang, expected, scenario_word in (("fr", fr, "scénario 1"), ("nl", nl, "scenario 1")):
        r = run("compute", str(path), "--json", "--lang", lang)
        assert r.returncode == 2 and r.stdout == ""
        assert expected in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert scenario_word in r.stderr and "Traceback" not in r.stderr


def test_the_clients_sheet_from_a_case_file_with_scenarios_has_its_page_what_could_help(tmp_path):
    from pypdf import PdfReader

    path, out = tmp_path / "case.json", tmp_path / "client.pdf"
    path.write_text(json.dumps({**HOUSEHOLD, "language": "nl", "scenarios": [
        {"name": "Sociale woning", "set": {"housing.tenure": "social_rent", "housing.rent": "450.00"}}]}),
        encoding="utf-8")
    r = run("sheet", str(path), "--client", "-o", str(out))
    assert r.returncode == 0, r.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 2 and "Wat zou kunnen helpen" in reader.pages[1].extract_text()
    assert "Sociale woning" in reader.pages[1].extract_text()
