"""The household: the engine's input, read from and written to the JSON of DESIGN.md without loss.

`Household.from_dict` checks everything and raises `InvalidInput` with every problem found (message keys,
translated at the edge). Optional fields take the defaults written here; `to_dict` writes back exactly
what `from_dict` reads, so `Household.from_dict(h.to_dict()) == h`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from .fields import Field, FieldReader, join, labels, record, write_group
from .messages import N_, InvalidInput, Problem
from .validators import REGIONS, region_of_postal_code, valid_iban, valid_national_number

ROLES = ("applicant", "partner", "child", "other_adult")
SEXES = ("F", "M", "X")
ACTIVITIES = (
    "employed", "self_employed", "unemployed", "student", "pupil", "retired", "disabled", "at_home", "infant",
)
SCHOOL_LEVELS = ("none", "nursery", "primary", "secondary", "higher")
SPECIAL_NEEDS = ("diet", "disability", "pregnancy")
TENURES = ("private_rent", "social_rent", "owner_mortgage", "owner", "hosted", "homeless")
RESOURCE_TYPES = (
    "wage", "self_employment", "unemployment", "sickness_disability", "pension", "integration_income",
    "child_benefit", "alimony_received", "study_grant", "other",
)
CHARGE_TYPES = ("debt_repayment", "alimony_paid", "other")
CATEGORIES = (
    "food", "clothing", "personal_care", "health", "housing", "furnishing", "rest_sleep", "leisure",
    "social_relations", "safe_childhood", "mobility", "security", "unforeseen",
)
LANGUAGES = ("fr", "nl")
MAX_MEMBERS = 20


# -- the fields of each part, declared once (domain/fields.py) ----------------------------------------------

HOUSEHOLD_FIELDS = (  # the household's own values; its parts and lists follow
    Field("assessment_date", "date", N_("assessment date")),
    Field("file_reference", "text", N_("file reference"), ""),
    Field("postal_code", "text", N_("postal code"), ""),
    Field("region", "choice", N_("region"), None, REGIONS, always=True),
    Field("language", "choice", N_("language"), "fr", LANGUAGES, always=True),
)
PARTS = ("client", "housing", "mobility", "health")
LISTS = ("members", "resources", "charges", "overrides")

CLIENT_FIELDS = (
    Field("first_name", "text", N_("first name"), ""),
    Field("last_name", "text", N_("last name"), ""),
    Field("national_register_number", "text", N_("national register number"), "", problem="bad_national_number",
          check=valid_national_number),
    Field("iban", "text", N_("IBAN"), "", problem="bad_iban", check=valid_iban),
    Field("address", "text", N_("address"), ""),
)
MEMBER_FIELDS = (
    Field("role", "choice", N_("role"), "applicant", ROLES, required=True, always=True),
    Field("first_name", "text", N_("first name"), ""),
    Field("birth_date", "birth_date", N_("birth date")),
    Field("age", "count", N_("age"), high=120, problem="bad_age"),
    Field("sex", "choice", N_("sex"), "X", SEXES, required=True, always=True),
    Field("activity", "choice", N_("activity"), "at_home", ACTIVITIES, required=True, always=True),
    Field("school_level", "choice", N_("school level"), "none", SCHOOL_LEVELS),
    Field("special_needs", "choices", N_("special needs"), (), SPECIAL_NEEDS),
    # the standard assumes everyone travels by public transport
    Field("public_transport", "bool", N_("public transport"), True),
    Field("childcare_days", "count", N_("childcare days"), 0, high=31),  # days a month in paid childcare
    # actual monthly costs: they replace the standard when given
    Field("childcare_cost", "amount", N_("childcare cost")),
    Field("school_cost", "amount", N_("school costs")),
)
HOUSING_FIELDS = (
    Field("tenure", "choice", N_("tenure"), "private_rent", TENURES, always=True),
    # rent or mortgage repayment; absent for a tenant: the standard rent
    Field("rent", "amount", N_("rent")),
    Field("charges", "amount", N_("charges"), Decimal("0.00")),
    Field("energy", "amount", N_("energy")),  # actual monthly bills
    Field("water", "amount", N_("water")),
)
MOBILITY_FIELDS = (
    Field("car_needed", "bool", N_("car needed"), False, always=True),
    Field("car_reason", "text", N_("reason for the car"), ""),
    Field("car_cost", "amount", N_("car cost")),  # actual monthly cost, replaces the standard car line
)
HEALTH_FIELDS = (
    Field("increased_reimbursement", "bool", N_("increased reimbursement"), False, always=True),  # BIM
    Field("extra_costs", "amount", N_("extra illness costs"), Decimal("0.00"), always=True),  # on top
)
RESOURCE_FIELDS = (
    Field("type", "choice", N_("type"), "other", RESOURCE_TYPES, required=True, always=True),
    Field("member", "member", N_("member")),  # an index into members
    Field("amount", "amount", N_("amount"), Decimal("0.00"), required=True, always=True),
    Field("note", "text", N_("note"), ""),
)
CHARGE_FIELDS = (
    Field("type", "choice", N_("type"), "other", CHARGE_TYPES, required=True, always=True),
    Field("amount", "amount", N_("amount"), Decimal("0.00"), required=True, always=True),
    Field("note", "text", N_("note"), ""),
)
OVERRIDE_FIELDS = (
    Field("category", "choice", N_("category"), "food", CATEGORIES, required=True, always=True),
    Field("amount", "amount", N_("amount"), Decimal("0.00"), required=True, always=True),
    Field("reason", "text", N_("reason"), "", always=True),
)

Client = record("Client", CLIENT_FIELDS, "Who the file is about: never changes an amount.")
Housing = record("Housing", HOUSING_FIELDS, "Where the household lives and what it pays for it.")
Mobility = record("Mobility", MOBILITY_FIELDS, "Whether a car is needed, why, and its actual cost.")
Health = record("Health", HEALTH_FIELDS, "The increased reimbursement (BIM) and actual illness costs.")
Resource = record("Resource", RESOURCE_FIELDS, "An income of the household, of a member if given.")
Charge = record("Charge", CHARGE_FIELDS, "A charge the household pays (debt repayment, alimony...).")
Override = record("Override", OVERRIDE_FIELDS, "The caseworker's amount for a category, with the reason.")


def age_from(birth_date: str | None, age: int | None, on: dt.date) -> int | None:
    """A member's age on a date from what a case file holds (a birth date as ISO text, or an age)."""
    if birth_date:
        try:
            born = dt.date.fromisoformat(birth_date)
        except ValueError:
            return None
        return max(on.year - born.year - ((on.month, on.day) < (born.month, born.day)), 0)
    return age if isinstance(age, int) and not isinstance(age, bool) else None


def activity_for_age(age: int) -> tuple[str, str] | None:
    """What a child of this age usually does in Belgium (compulsory school from 5, nursery school from 2½):
    under 3 an infant, then nursery, primary from 6 and secondary from 12 until 18. A proposal the
    caseworker sees and changes; adults get none."""
    if age < 3:
        return "infant", "none"
    if age < 6:
        return "pupil", "nursery"
    if age < 12:
        return "pupil", "primary"
    if age < 18:
        return "pupil", "secondary"
    return None


class Member(record("MemberFields", MEMBER_FIELDS, "")):
    """A person of the household."""

    __slots__ = ()

    def age_on(self, on: dt.date) -> int:
        if self.birth_date is None:
            return self.age or 0
        years = on.year - self.birth_date.year
        if (on.month, on.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return max(years, 0)


@dataclass(frozen=True)
class Household:
    members: tuple[Member, ...]
    region: str
    postal_code: str = ""
    language: str = "fr"
    assessment_date: dt.date | None = None
    file_reference: str = ""
    client: Client = field(default_factory=Client)
    housing: Housing = field(default_factory=Housing)
    mobility: Mobility = field(default_factory=Mobility)
    health: Health = field(default_factory=Health)
    resources: tuple[Resource, ...] = ()
    charges: tuple[Charge, ...] = ()
    overrides: tuple[Override, ...] = ()

    @classmethod
    def from_dict(cls, data: Any) -> Household:
        return _HouseholdReader().household(data)

    def to_dict(self) -> dict[str, Any]:
        return _write_household(self)

    def on(self, date: dt.date) -> Household:
        """The same household assessed on another date."""
        return replace(self, assessment_date=date)

    def date_problems(self, on: dt.date) -> list[Problem]:
        """What is wrong with the household on a given date: a member not yet born or older than 120."""
        found = []
        for i, m in enumerate(self.members):
            if m.birth_date is not None and m.birth_date > on:
                found.append(Problem("birth_after_assessment", f"members[{i}]"))
            elif m.age_on(on) > 120:
                found.append(Problem("bad_age", f"members[{i}]"))
        return found

    def warnings(self, on: dt.date | None = None) -> list[Problem]:
        """Plausibility warnings: the household may be right, but the caseworker should look again."""
        on = on or self.assessment_date or dt.date.today()
        found: list[Problem] = []
        applicant_age = next(m.age_on(on) for m in self.members if m.role == "applicant")
        for i, m in enumerate(self.members):
            if m.role == "child" and m.age_on(on) > applicant_age:
                found.append(Problem("child_older_than_applicant", f"members[{i}]"))
            if m.activity in ("pupil", "student") and m.school_level == "none":
                found.append(Problem("school_level_missing", f"members[{i}]"))
            if m.activity in ("employed", "self_employed") and not any(
                r.member == i and r.amount > 0 for r in self.resources
            ):
                found.append(Problem("working_without_income", f"members[{i}]"))
        income = sum((r.amount for r in self.resources), Decimal("0"))
        if self.housing.rent is not None and self.housing.rent > income:
            found.append(Problem("rent_above_income", "housing.rent"))
        return found


# ---------------------------------------------------------------------------------------------------------
# reading


class _HouseholdReader(FieldReader):
    """The household's own rules on top of the tables: the region from the postal code, one applicant, a
    member's age or birth date, an income's member."""

    # -- the parts ------------------------------------------------------------------------------------

    def household(self, data: Any) -> Household:
        d = self.obj(data, "", {f.key for f in HOUSEHOLD_FIELDS} | set(PARTS) | set(LISTS), ("members",))
        own = {f.key: self.value(d, f, "") for f in HOUSEHOLD_FIELDS}
        assessment_date, postal_code, region = own["assessment_date"], own["postal_code"], own["region"]
        if postal_code:
            derived = region_of_postal_code(postal_code)
            if derived is None:
                self.fail("bad_postal_code", "postal_code", value=postal_code)
            elif region is not None and region != derived:
                self.fail("region_mismatch", "region", value=postal_code)
            region = region or derived
        elif region is None and d.get("region") is None:
            self.fail("no_region", "region")
        members = tuple(
            self.member(m, f"members[{i}]")
            for i, m in enumerate(self.list(d, "members", "", MAX_MEMBERS, "too_many_members"))
        )
        self.household_rules(members, d)
        self.n_members = len(members)
        resources = tuple(self.resource(r, f"resources[{i}]") for i, r in enumerate(self.list(d, "resources", "")))
        charges = tuple(self.charge(c, f"charges[{i}]") for i, c in enumerate(self.list(d, "charges", "")))
        overrides = tuple(self.override(o, f"overrides[{i}]") for i, o in enumerate(self.list(d, "overrides", "")))
        seen: set[str] = set()
        for o in overrides:
            if o.category in seen:
                self.fail("duplicate_override", "overrides", value=o.category)
            seen.add(o.category)
        household = Household(
            members=members,
            region=region or "BRU",
            postal_code=postal_code,
            language=own["language"],
            assessment_date=assessment_date,
            file_reference=own["file_reference"],
            client=self.client(d.get("client", {}), "client"),
            housing=self.housing(d.get("housing", {}), "housing"),
            mobility=self.mobility(d.get("mobility", {}), "mobility"),
            health=self.health(d.get("health", {}), "health"),
            resources=resources,
            charges=charges,
            overrides=overrides,
        )
        if assessment_date is not None and not self.problems:
            self.problems += household.date_problems(assessment_date)
        if self.problems:
            raise InvalidInput(self.problems)
        return household

    def household_rules(self, members: tuple[Member, ...], d: dict) -> None:
        if "members" in d and not members and d.get("members") == []:
            self.fail("no_members", "members")
        roles = [m.role for m in members]
        if members and "applicant" not in roles:
            self.fail("no_applicant", "members")
        if roles.count("applicant") > 1:
            self.fail("several_applicants", "members")
        if roles.count("partner") > 1:
            self.fail("several_partners", "members")

    def member(self, data: Any, path: str) -> Member:
        values = self.group(data, path, MEMBER_FIELDS)
        if values["birth_date"] is None and values["age"] is None and isinstance(data, dict) \
                and data.get("age") is None and data.get("birth_date") is None:
            self.fail("age_missing", path)
        return Member(**values)

    def client(self, data: Any, path: str) -> Client:
        return Client(**self.group(data, path, CLIENT_FIELDS))

    def housing(self, data: Any, path: str) -> Housing:
        return Housing(**self.group(data, path, HOUSING_FIELDS))

    def mobility(self, data: Any, path: str) -> Mobility:
        mobility = Mobility(**self.group(data, path, MOBILITY_FIELDS))
        if mobility.car_needed and not mobility.car_reason:
            self.fail("reason_required", join(path, "car_reason"))
        return mobility

    def health(self, data: Any, path: str) -> Health:
        return Health(**self.group(data, path, HEALTH_FIELDS))

    def resource(self, data: Any, path: str) -> Resource:
        return Resource(**self.group(data, path, RESOURCE_FIELDS))

    def _member(self, d: dict, f: Field, path: str) -> int | None:
        member = d.get(f.key)
        if member is not None and (isinstance(member, bool) or not isinstance(member, int)
                                   or not 0 <= member < self.n_members):
            self.fail("member_out_of_range", join(path, f.key), value=member)
            return None
        return member

    n_members = 0

    def charge(self, data: Any, path: str) -> Charge:
        return Charge(**self.group(data, path, CHARGE_FIELDS))

    def override(self, data: Any, path: str) -> Override:
        override = Override(**self.group(data, path, OVERRIDE_FIELDS))
        if isinstance(data, dict) and not override.reason:
            self.fail("reason_required", join(path, "reason"))
        return override


# ---------------------------------------------------------------------------------------------------------
# writing: every field that differs from its default, amounts as strings, dates ISO (domain/fields.py)


def _write_household(h: Household) -> dict[str, Any]:
    out = write_group(h, HOUSEHOLD_FIELDS)
    client = write_group(h.client, CLIENT_FIELDS)
    if client:
        out["client"] = client
    out["members"] = [write_group(m, MEMBER_FIELDS) for m in h.members]
    out["housing"] = write_group(h.housing, HOUSING_FIELDS)
    out["mobility"] = write_group(h.mobility, MOBILITY_FIELDS)
    out["health"] = write_group(h.health, HEALTH_FIELDS)
    out["resources"] = [write_group(r, RESOURCE_FIELDS) for r in h.resources]
    out["charges"] = [write_group(c, CHARGE_FIELDS) for c in h.charges]
    out["overrides"] = [write_group(o, OVERRIDE_FIELDS) for o in h.overrides]
    return out


# How messages name every key of a household file (the lists by one of their rows: "member 2 › age").
FIELD_LABELS = {
    **labels(HOUSEHOLD_FIELDS, CLIENT_FIELDS, MEMBER_FIELDS, HOUSING_FIELDS, MOBILITY_FIELDS, HEALTH_FIELDS,
             RESOURCE_FIELDS, CHARGE_FIELDS, OVERRIDE_FIELDS),
    "household": N_("household"), "client": N_("client"), "members": N_("member"), "housing": N_("housing"),
    "mobility": N_("mobility"), "health": N_("health"),
    "resources": N_("income"), "overrides": N_("override"),
}
