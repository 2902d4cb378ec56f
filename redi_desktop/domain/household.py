"""The household: the engine's input, read from and written to the JSON of DESIGN.md without loss.

`Household.from_dict` checks everything and raises `InvalidInput` with every problem found (message keys,
translated at the edge). Optional fields take the defaults written here; `to_dict` writes back exactly
what `from_dict` reads, so `Household.from_dict(h.to_dict()) == h`.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from .dates import FIRST_DATE, ISO_DATE, LAST_DATE
from .messages import InvalidInput, Problem
from .money import MoneyError, money_str, to_money
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
MAX_ROWS = 100  # incomes, charges, corrections: a household has a handful; a file with thousands is a mistake
MAX_TEXT = 5000  # characters of a text field (a motivation is a few paragraphs)
# Tab and new lines are text; other controls, lone surrogates, the Unicode line and paragraph separators and the
# bidi embeddings, overrides and isolates are not (they reorder or break what a sheet or a list shows).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")
MAX_AMOUNT = Decimal("1000000.00")
OLDEST_BIRTH = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class Client:
    first_name: str = ""
    last_name: str = ""
    national_register_number: str = ""
    iban: str = ""
    address: str = ""


@dataclass(frozen=True)
class Member:
    role: str
    sex: str
    activity: str
    birth_date: dt.date | None = None
    age: int | None = None
    first_name: str = ""
    school_level: str = "none"
    special_needs: tuple[str, ...] = ()
    public_transport: bool = True  # the standard assumes everyone travels by public transport
    childcare_days: int = 0  # days a month in paid childcare
    childcare_cost: Decimal | None = None  # actual monthly cost, replaces the standard when given
    school_cost: Decimal | None = None  # actual monthly school costs, replace the standard when given

    def age_on(self, on: dt.date) -> int:
        if self.birth_date is None:
            return self.age or 0
        years = on.year - self.birth_date.year
        if (on.month, on.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return max(years, 0)


@dataclass(frozen=True)
class Housing:
    tenure: str = "private_rent"
    rent: Decimal | None = None  # rent or mortgage repayment; absent for a tenant: the standard rent
    charges: Decimal = Decimal("0.00")
    energy: Decimal | None = None  # actual monthly energy bill
    water: Decimal | None = None  # actual monthly water bill


@dataclass(frozen=True)
class Mobility:
    car_needed: bool = False
    car_reason: str = ""
    car_cost: Decimal | None = None  # actual monthly car cost, replaces the standard car line


@dataclass(frozen=True)
class Health:
    increased_reimbursement: bool = False  # BIM / verhoogde tegemoetkoming
    extra_costs: Decimal = Decimal("0.00")  # actual illness costs on top of the standard


@dataclass(frozen=True)
class Resource:
    type: str
    amount: Decimal
    member: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Charge:
    type: str
    amount: Decimal
    note: str = ""


@dataclass(frozen=True)
class Override:
    category: str
    amount: Decimal
    reason: str


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
        return _Reader().household(data)

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


class _Reader:
    """Reads a household dict, collecting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, key: str, path: str, **params: Any) -> None:
        self.problems.append(Problem(key, path, {k: _short(v) for k, v in params.items()}))

    def obj(self, data: Any, path: str, allowed: tuple[str, ...], required: tuple[str, ...] = (),
            root: str = "household") -> dict:
        if not isinstance(data, dict):
            self.fail("not_an_object", path or root)
            return {}
        for key in data:
            if key not in allowed:
                self.fail("unknown_field", _join(path, str(key)))
        for key in required:
            if data.get(key) is None:  # null is as good as absent: never a silent default
                self.fail("missing_field", _join(path, key))
        return data

    def list(self, data: dict, key: str, path: str, limit: int = MAX_ROWS, problem: str = "too_many_rows") -> list:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail("not_a_list", _join(path, key))
            return []
        if len(value) > limit:  # refused before reading a row: a list of 100,000 is answered at once
            self.fail(problem, _join(path, key), value=limit)
            return []
        return value

    def text(self, data: dict, key: str, path: str, default: str = "") -> str:
        value = data.get(key, default)
        if value is None:
            return default
        return self.text_value(value, _join(path, key), default)

    def text_value(self, value: Any, where: str, default: str = "") -> str:
        """A text, wherever it is (a field, or an item of a list of texts)."""
        if not isinstance(value, str):
            self.fail("bad_text", where)
            return default
        if len(value) > MAX_TEXT:
            self.fail("text_too_long", where, value=MAX_TEXT)
            return default
        if _NOT_TEXT.search(value):
            self.fail("bad_characters", where)
            return default
        return value.strip()

    def choice(self, data: dict, key: str, path: str, choices: tuple[str, ...], default: str | None = None):
        value = data.get(key, default)
        if value is None:
            return default
        if value not in choices:
            self.fail("bad_choice", _join(path, key), value=value)
            return default
        return value

    def boolean(self, data: dict, key: str, path: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail("bad_bool", _join(path, key))
            return default
        return value

    def integer(self, data: dict, key: str, path: str, low: int, high: int, problem: str = "bad_number"):
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(problem, _join(path, key))
            return None
        if not low <= value <= high:
            if problem == "bad_number":
                self.fail("number_out_of_range", _join(path, key), low=low, high=high)
            else:
                self.fail(problem, _join(path, key))
            return None
        return value

    def date(self, data: dict, key: str, path: str, bounded: bool = True) -> dt.date | None:
        value = data.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
                raise ValueError
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            self.fail("bad_date", _join(path, key), value=value)
            return None
        if bounded and not FIRST_DATE <= parsed <= LAST_DATE:
            self.fail("date_out_of_range", _join(path, key))
            return None
        return parsed

    def amount(self, data: dict, key: str, path: str, default: Decimal | None = None) -> Decimal | None:
        value = data.get(key)
        if value is None:
            return default
        where = _join(path, key)
        try:
            if not isinstance(value, str):
                raise MoneyError(value)
            amount = to_money(value)
        except MoneyError:
            self.fail("bad_amount", where, value=value)
            return default
        if amount < 0:
            self.fail("negative_amount", where)
            return default
        if amount > MAX_AMOUNT:
            self.fail("amount_too_large", where)
            return default
        return amount

    # -- the parts ------------------------------------------------------------------------------------

    def household(self, data: Any) -> Household:
        d = self.obj(
            data, "",
            ("assessment_date", "file_reference", "client", "postal_code", "region", "language", "members",
             "housing", "mobility", "health", "resources", "charges", "overrides"),
            ("members",),
        )
        assessment_date = self.date(d, "assessment_date", "")
        postal_code = self.text(d, "postal_code", "")
        region = self.choice(d, "region", "", REGIONS)
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
            self.member(m, f"members[{i}]", assessment_date)
            for i, m in enumerate(self.list(d, "members", "", MAX_MEMBERS, "too_many_members"))
        )
        self.household_rules(members, d)
        resources = tuple(
            self.resource(r, f"resources[{i}]", len(members)) for i, r in enumerate(self.list(d, "resources", ""))
        )
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
            language=self.choice(d, "language", "", LANGUAGES, "fr"),
            assessment_date=assessment_date,
            file_reference=self.text(d, "file_reference", ""),
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

    def member(self, data: Any, path: str, assessment_date: dt.date | None) -> Member:
        d = self.obj(
            data, path,
            ("role", "birth_date", "age", "sex", "activity", "first_name", "school_level", "special_needs",
             "public_transport", "childcare_days", "childcare_cost", "school_cost"),
            ("role", "sex", "activity"),
        )
        birth_date = self.date(d, "birth_date", path, bounded=False)
        age = self.integer(d, "age", path, 0, 120, "bad_age")
        if birth_date is not None:
            if birth_date < OLDEST_BIRTH:
                self.fail("bad_date", _join(path, "birth_date"), value=d["birth_date"])
        elif age is None and d.get("age") is None and d.get("birth_date") is None and isinstance(data, dict):
            self.fail("age_missing", path)
        needs = []
        for i, need in enumerate(self.list(d, "special_needs", path)):
            if need not in SPECIAL_NEEDS:
                self.fail("bad_choice", f"{path}.special_needs[{i}]", value=need)
            elif need not in needs:
                needs.append(need)
        return Member(
            role=self.choice(d, "role", path, ROLES, "applicant"),
            sex=self.choice(d, "sex", path, SEXES, "X"),
            activity=self.choice(d, "activity", path, ACTIVITIES, "at_home"),
            birth_date=birth_date,
            age=age,
            first_name=self.text(d, "first_name", path),
            school_level=self.choice(d, "school_level", path, SCHOOL_LEVELS, "none"),
            special_needs=tuple(sorted(needs)),
            public_transport=self.boolean(d, "public_transport", path, True),
            childcare_days=self.integer(d, "childcare_days", path, 0, 31) or 0,
            childcare_cost=self.amount(d, "childcare_cost", path),
            school_cost=self.amount(d, "school_cost", path),
        )

    def client(self, data: Any, path: str) -> Client:
        d = self.obj(data, path, ("first_name", "last_name", "national_register_number", "iban", "address"))
        number = self.text(d, "national_register_number", path)
        if number and not valid_national_number(number):
            self.fail("bad_national_number", _join(path, "national_register_number"))
        iban = self.text(d, "iban", path)
        if iban and not valid_iban(iban):
            self.fail("bad_iban", _join(path, "iban"))
        return Client(
            first_name=self.text(d, "first_name", path),
            last_name=self.text(d, "last_name", path),
            national_register_number=number,
            iban=iban,
            address=self.text(d, "address", path),
        )

    def housing(self, data: Any, path: str) -> Housing:
        d = self.obj(data, path, ("tenure", "rent", "charges", "energy", "water"))
        return Housing(
            tenure=self.choice(d, "tenure", path, TENURES, "private_rent"),
            rent=self.amount(d, "rent", path),
            charges=self.amount(d, "charges", path, Decimal("0.00")),
            energy=self.amount(d, "energy", path),
            water=self.amount(d, "water", path),
        )

    def mobility(self, data: Any, path: str) -> Mobility:
        d = self.obj(data, path, ("car_needed", "car_reason", "car_cost"))
        mobility = Mobility(
            car_needed=self.boolean(d, "car_needed", path, False),
            car_reason=self.text(d, "car_reason", path),
            car_cost=self.amount(d, "car_cost", path),
        )
        if mobility.car_needed and not mobility.car_reason:
            self.fail("reason_required", _join(path, "car_reason"))
        return mobility

    def health(self, data: Any, path: str) -> Health:
        d = self.obj(data, path, ("increased_reimbursement", "extra_costs"))
        return Health(
            increased_reimbursement=self.boolean(d, "increased_reimbursement", path, False),
            extra_costs=self.amount(d, "extra_costs", path, Decimal("0.00")),
        )

    def resource(self, data: Any, path: str, n_members: int) -> Resource:
        d = self.obj(data, path, ("type", "amount", "member", "note"), ("type", "amount"))
        member = d.get("member")
        if member is not None and (isinstance(member, bool) or not isinstance(member, int)
                                   or not 0 <= member < n_members):
            self.fail("member_out_of_range", _join(path, "member"), value=member)
            member = None
        return Resource(
            type=self.choice(d, "type", path, RESOURCE_TYPES, "other"),
            amount=self.amount(d, "amount", path, Decimal("0.00")),
            member=member,
            note=self.text(d, "note", path),
        )

    def charge(self, data: Any, path: str) -> Charge:
        d = self.obj(data, path, ("type", "amount", "note"), ("type", "amount"))
        return Charge(
            type=self.choice(d, "type", path, CHARGE_TYPES, "other"),
            amount=self.amount(d, "amount", path, Decimal("0.00")),
            note=self.text(d, "note", path),
        )

    def override(self, data: Any, path: str) -> Override:
        d = self.obj(data, path, ("category", "amount", "reason"), ("category", "amount"))
        reason = self.text(d, "reason", path)
        if isinstance(data, dict) and not reason:
            self.fail("reason_required", _join(path, "reason"))
        return Override(
            category=self.choice(d, "category", path, CATEGORIES, "food"),
            amount=self.amount(d, "amount", path, Decimal("0.00")),
            reason=reason,
        )


_REPR = reprlib.Repr(maxlevel=2, maxstring=200, maxother=200, maxlist=4, maxdict=4)


def _short(value: Any) -> str:
    """A value quoted in a problem, cut before it is made into text: a megabyte string, a YAML bomb or a
    list nested 900 deep costs no more than a word (messages show 40 characters of it)."""
    if isinstance(value, str):
        return value[:200]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**50:
        return "…"  # str() of a 5,000-digit number is refused by Python itself
    return _REPR.repr(value)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# ---------------------------------------------------------------------------------------------------------
# writing: every field that differs from its default, amounts as strings, dates ISO


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else money_str(value)


def _clean(d: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and not (k in defaults and defaults[k] == v)}


def _write_household(h: Household) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if h.assessment_date:
        out["assessment_date"] = h.assessment_date.isoformat()
    if h.file_reference:
        out["file_reference"] = h.file_reference
    client = _clean(vars(h.client).copy(), vars(Client()))
    if client:
        out["client"] = client
    if h.postal_code:
        out["postal_code"] = h.postal_code
    out["region"] = h.region
    out["language"] = h.language
    out["members"] = [_write_member(m) for m in h.members]
    out["housing"] = _clean(
        {"tenure": h.housing.tenure, "rent": _amount(h.housing.rent), "charges": _amount(h.housing.charges),
         "energy": _amount(h.housing.energy), "water": _amount(h.housing.water)},
        {"charges": "0.00"},
    )
    out["mobility"] = _clean(
        {"car_needed": h.mobility.car_needed, "car_reason": h.mobility.car_reason,
         "car_cost": _amount(h.mobility.car_cost)},
        {"car_reason": ""},
    )
    out["health"] = {"increased_reimbursement": h.health.increased_reimbursement,
                     "extra_costs": money_str(h.health.extra_costs)}
    out["resources"] = [
        _clean({"type": r.type, "member": r.member, "amount": money_str(r.amount), "note": r.note}, {"note": ""})
        for r in h.resources
    ]
    out["charges"] = [
        _clean({"type": c.type, "amount": money_str(c.amount), "note": c.note}, {"note": ""}) for c in h.charges
    ]
    out["overrides"] = [
        {"category": o.category, "amount": money_str(o.amount), "reason": o.reason} for o in h.overrides
    ]
    return out


def _write_member(m: Member) -> dict[str, Any]:
    return _clean(
        {
            "role": m.role,
            "first_name": m.first_name,
            "birth_date": m.birth_date.isoformat() if m.birth_date else None,
            "age": m.age,
            "sex": m.sex,
            "activity": m.activity,
            "school_level": m.school_level,
            "special_needs": list(m.special_needs),
            "public_transport": m.public_transport,
            "childcare_days": m.childcare_days,
            "childcare_cost": _amount(m.childcare_cost),
            "school_cost": _amount(m.school_cost),
        },
        {"first_name": "", "school_level": "none", "special_needs": [], "public_transport": True,
         "childcare_days": 0},
    )
