"""The household JSON: lossless round trip, every validation message, plausibility warnings."""

import copy
import json
import random

import pytest

from redi_desktop import paths
from redi_desktop.domain.household import Household
from redi_desktop.domain.messages import InvalidInput
from redi_desktop.domain.validators import region_of_postal_code, valid_iban, valid_national_number

from .synthetic import iban, national_number

BASE = {
    "assessment_date": "2026-11-28",
    "postal_code": "1000",
    "members": [
        {"role": "applicant", "birth_date": "1985-04-02", "sex": "F", "activity": "unemployed"},
        {"role": "child", "birth_date": "2016-09-10", "sex": "M", "activity": "pupil", "school_level": "primary"},
    ],
    "housing": {"tenure": "private_rent", "rent": "750.00"},
    "resources": [{"type": "integration_income", "member": 0, "amount": "1314.20"}],
    "charges": [{"type": "debt_repayment", "amount": "50.00"}],
    "overrides": [{"category": "health", "amount": "80.00", "reason": "chronic treatment"}],
}


def problems(data) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as info:
        Household.from_dict(data)
    return [(p.key, p.path) for p in info.value.problems]


def changed(**edits):
    data = copy.deepcopy(BASE)
    for path, value in edits.items():
        target = data
        keys = path.split("__")
        for k in keys[:-1]:
            target = target[int(k)] if k.isdigit() else target[k]
        target[int(keys[-1]) if keys[-1].isdigit() else keys[-1]] = value
    return data


@pytest.mark.parametrize("path", sorted(paths.examples_dir().glob("*.json")), ids=lambda p: p.stem)
def test_example_files_round_trip(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("decision", None)  # a case file may carry the decision beside the household
    household = Household.from_dict(data)
    again = Household.from_dict(json.loads(json.dumps(household.to_dict())))
    assert again == household
    assert again.to_dict() == household.to_dict()


def test_design_example_is_accepted_as_written_but_its_placeholder_number_is_refused():
    data = changed(client={"first_name": "Marie", "last_name": "Exemple", "national_register_number": "85040212345",
                           "iban": "BE68539007547034", "address": "Rue de l'Exemple 1, 1000 Bruxelles"})
    assert problems(data) == [("bad_national_number", "client.national_register_number")]


def test_region_is_derived_from_the_postal_code():
    assert Household.from_dict(BASE).region == "BRU"
    assert region_of_postal_code("5000") == "WAL"
    assert region_of_postal_code("9000") == "VLA"
    assert region_of_postal_code("1300") == "WAL"
    assert region_of_postal_code("0999") is None


@pytest.mark.parametrize(
    "data, expected",
    [
        (changed(pets=2), [("unknown_field", "pets")]),
        (changed(members__0__role="boss"), [("bad_choice", "members[0].role")]),
        (changed(members__1__activity="sleeping"), [("bad_choice", "members[1].activity")]),
        (changed(members__0__birth_date="02/04/1985"), [("bad_date", "members[0].birth_date")]),
        (changed(members__1__birth_date="2027-01-01"), [("birth_after_assessment", "members[1]")]),
        (changed(assessment_date="2022-12-31"), [("date_out_of_range", "assessment_date")]),
        (changed(housing__rent="-10.00"), [("negative_amount", "housing.rent")]),
        (changed(housing__rent="7 50"), [("bad_amount", "housing.rent")]),
        (changed(housing__rent=750.0), [("bad_amount", "housing.rent")]),
        (changed(housing__rent="750.505"), [("bad_amount", "housing.rent")]),
        (changed(resources__0__member=5), [("member_out_of_range", "resources[0].member")]),
        (changed(postal_code="12345"), [("bad_postal_code", "postal_code")]),
        (changed(region="VLA"), [("region_mismatch", "region")]),
        (changed(overrides__0__reason="  "), [("reason_required", "overrides[0].reason")]),
        (changed(mobility={"car_needed": True}), [("reason_required", "mobility.car_reason")]),
        (changed(members__1__role="applicant"), [("several_applicants", "members")]),
        (changed(members=[]), [("no_members", "members"), ("member_out_of_range", "resources[0].member")]),
        (changed(client={"iban": "BE00123456789012"}), [("bad_iban", "client.iban")]),
    ],
)
def test_each_problem_is_reported_with_its_key_and_place(data, expected):
    assert problems(data) == expected


def test_every_problem_is_reported_at_once():
    data = changed(pets=1, housing__rent="-1", members__1__sex="?")
    assert len(problems(data)) == 3


def test_missing_age_is_reported():
    data = changed()
    del data["members"][1]["birth_date"]
    assert problems(data) == [("age_missing", "members[1]")]


def test_optional_fields_take_their_defaults():
    h = Household.from_dict({"region": "WAL", "members": [{"role": "applicant", "age": 30, "sex": "M",
                                                             "activity": "employed"}]})
    assert h.language == "fr" and h.housing.tenure == "private_rent" and h.housing.rent is None
    assert h.members[0].public_transport is True and h.mobility.car_needed is False


def test_child_older_than_applicant_is_a_warning_not_an_error():
    data = changed(members__1__birth_date="1980-01-01")
    h = Household.from_dict(data)
    assert ("child_older_than_applicant", "members[1]") in [(w.key, w.path) for w in h.warnings()]


def test_rent_above_income_and_working_without_income_warn():
    data = changed(housing__rent="1500.00", members__0__activity="employed", resources=[])
    keys = {w.key for w in Household.from_dict(data).warnings()}
    assert {"rent_above_income", "working_without_income"} <= keys


def test_synthetic_identifiers_pass_their_checks():
    rng = random.Random(7)
    for _ in range(50):
        assert valid_national_number(national_number(rng))
        assert valid_iban(iban(rng))
    number = national_number(rng)
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not valid_national_number(wrong)


@pytest.mark.parametrize("edit, expected", [
    ({"members__0__role": None}, ("missing_field", "members[0].role")),
    ({"members__0__sex": None}, ("missing_field", "members[0].sex")),
    ({"resources__0__amount": None}, ("missing_field", "resources[0].amount")),
    ({"overrides__0__category": None}, ("missing_field", "overrides[0].category")),
    ({"members__1__birth_date": None}, ("age_missing", "members[1]")),
    ({"housing__rent": "1e100"}, ("bad_amount", "housing.rent")),
    ({"housing__rent": "9" * 40}, ("bad_amount", "housing.rent")),
    ({"housing__rent": "1_000"}, ("bad_amount", "housing.rent")),
    ({"assessment_date": "2023-W01-1"}, ("bad_date", "assessment_date")),
    ({"members__0__birth_date": "1899-12-31"}, ("bad_date", "members[0].birth_date")),
])
def test_null_or_odd_values_never_become_silent_defaults(edit, expected):
    assert expected in problems(changed(**edit))


def test_null_region_without_postal_code_is_reported():
    data = changed(region=None)
    del data["postal_code"]
    assert ("no_region", "region") in problems(data)


def test_a_member_born_after_the_date_used_is_refused(dataset, policy):
    import datetime as dt

    from redi_desktop.engine import compute

    data = changed()
    del data["assessment_date"]
    data["members"][1]["birth_date"] = "2027-01-01"
    household = Household.from_dict(data)
    with pytest.raises(InvalidInput) as info:
        compute(household, dataset, policy, dt.date(2026, 11, 28))
    assert info.value.problems[0].key == "birth_after_assessment"


def test_a_pupil_without_school_level_is_flagged():
    data = changed()
    del data["members"][1]["school_level"]
    assert "school_level_missing" in {w.key for w in Household.from_dict(data).warnings()}


def test_every_field_is_named_once_for_messages():
    """The field tables are the one place a field is declared: a key that several tables share has one
    name in messages, and every key a reader can complain about has a name."""
    from redi_desktop.domain import decision, household, policy
    from redi_desktop.i18n import FIELD_NAMES

    tables = [getattr(m, n) for m in (household, decision, policy) for n in dir(m) if n.endswith("_FIELDS")]
    seen: dict[str, str] = {}
    for table in tables:
        for f in table:
            assert seen.setdefault(f.key, f.label) == f.label, f.key
            assert f.key in FIELD_NAMES
    assert len(tables) >= 10
