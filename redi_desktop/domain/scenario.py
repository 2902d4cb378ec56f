"""What-if scenarios: variations of a household (and of the policy) computed beside the assessment.

A case file may carry, beside the household's fields,
`"scenarios": [{"name": ..., "set": {PATH: VALUE}, "add": {LIST: [ROW, ...]}, "policy": {FIELD: VALUE}}]`
(DESIGN.md, Scenarios). PATH is the widget-path syntax: `housing.rent`, `resources[0].amount`,
`members[1].activity`, a whole part or row (`housing`, `charges[0]`) or list (`charges`). A value of null
removes the field (the standard rent counts again).

A scenario is applied to the household's JSON and read back by the household's own reader, so an
impossible value (a negative rent, an unknown tenure) gets the same message as in a household file; every
problem is placed under the scenario (`scenarios[1].housing.rent`: "scenario 2 › housing › rent").
A scenario never changes the household it varies, nor the assessment, its identity or its hashes.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from . import household as hh
from .fields import Field, FieldReader, join, short
from .household import HOUSEHOLD_FIELDS, Household
from .messages import N_, InvalidInput, Problem
from .policy import Policy

MAX_SCENARIOS = 12  # a conversation compares a handful; a file with hundreds is a mistake
MAX_CHANGES = 50
# the parts and rows a path may name, with the fields of each
PART_TABLES = {"client": hh.CLIENT_FIELDS, "housing": hh.HOUSING_FIELDS, "mobility": hh.MOBILITY_FIELDS,
               "health": hh.HEALTH_FIELDS}
LIST_TABLES = {"members": hh.MEMBER_FIELDS, "resources": hh.RESOURCE_FIELDS, "charges": hh.CHARGE_FIELDS,
               "overrides": hh.OVERRIDE_FIELDS}
# the policy's rules a scenario may change (not its identity, its letters or its version)
POLICY_RULES = ("share", "cap", "minimum", "count_debt_repayments", "max_rent", "count_car_costs",
                "income_shares", "actual_cost_categories")
_SEGMENT = re.compile(r"([a-z_]+)(?:\[(\d{1,3})\])?")
SCENARIO_FIELDS = (Field("name", "text", N_("name"), "", required=True),)
SCENARIO_LABELS = {"scenarios": N_("scenario"), "policy": N_("policy")}


@dataclass(frozen=True)
class Scenario:
    """A named variation: fields set, rows added, policy rules changed (JSON values, already checked)."""

    name: str
    set: dict[str, Any] = field(default_factory=dict)
    add: dict[str, list] = field(default_factory=dict)
    policy: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        for key in ("set", "add", "policy"):
            if getattr(self, key):
                out[key] = copy.deepcopy(getattr(self, key))
        return out

    def household(self, household: Household) -> Household:
        """The household as this scenario makes it (InvalidInput if it cannot be)."""
        return apply_to_household(household, self.set, self.add)

    def policy_of(self, policy: Policy) -> Policy:
        return apply_to_policy(policy, self.policy) if self.policy else policy


def parse_path(path: str) -> list[tuple[str, int | None]] | None:
    """`members[1].activity` -> [("members", 1), ("activity", None)]; None when it is not a path."""
    segments = []
    for segment in path.split(".", 3):
        m = _SEGMENT.fullmatch(segment)
        if m is None:
            return None
        segments.append((m.group(1), None if m.group(2) is None else int(m.group(2))))
    return segments


def _path_problem(household: dict, path: str) -> str | None:
    """Why a path does not name a field of this household (a message key), or None when it does."""
    segments = parse_path(path) if isinstance(path, str) else None
    if not segments or len(segments) > 2:
        return "unknown_field"
    (head, index), rest = segments[0], segments[1:]
    own = {f.key for f in HOUSEHOLD_FIELDS}
    if head in own or head in PART_TABLES:
        if index is not None or (rest and (head in own or rest[0][1] is not None
                                           or rest[0][0] not in {f.key for f in PART_TABLES[head]})):
            return "unknown_field"
        return None
    if head not in LIST_TABLES:
        return "unknown_field"
    if rest and (index is None or rest[0][1] is not None or rest[0][0] not in {f.key for f in LIST_TABLES[head]}):
        return "unknown_field"
    if index is not None and index >= len(household.get(head, [])):
        return "row_out_of_range"
    return None


def apply_to_household(household: Household, set_: dict[str, Any], add: dict[str, list]) -> Household:
    data = household.to_dict()
    for path, value in set_.items():
        segments = parse_path(path)
        target, (key, index) = data, segments[-1]
        for name, i in segments[:-1]:
            target = target.setdefault(name, {}) if i is None else target[name][i]
        if index is not None:
            target[key][index] = copy.deepcopy(value)
        elif value is None:
            target.pop(key, None)
        else:
            target[key] = copy.deepcopy(value)
    for name, rows in add.items():
        data.setdefault(name, []).extend(copy.deepcopy(rows))
    return Household.from_dict(data)


def apply_to_policy(policy: Policy, rules: dict[str, Any]) -> Policy:
    data = policy.to_dict()
    for key, value in rules.items():
        if value is None:
            data.pop(key, None)
        elif key == "income_shares" and isinstance(value, dict):  # the types named change, the others stay
            data[key] = {**data[key], **copy.deepcopy(value)}
        else:
            data[key] = copy.deepcopy(value)
    return Policy.from_dict(data)


# -- reading ----------------------------------------------------------------------------------------------

# a household problem without a field of its own, said of the scenario that causes it
_OF_SCENARIO = {"no_members": "scenario_no_members", "no_applicant": "scenario_no_applicant"}


def read_scenarios(data: Any, household: Household) -> tuple[Scenario, ...]:
    """The scenarios of a case file, each checked against the household it varies; InvalidInput with
    every problem found, each placed under its scenario."""
    r = FieldReader()
    found = []
    rows = r.list({"scenarios": data}, "scenarios", "", MAX_SCENARIOS)
    for i, item in enumerate(rows):
        where = f"scenarios[{i}]"
        d = r.obj(item, where, {"name", "set", "add", "policy"}, ("name",))
        name = r.value(d, SCENARIO_FIELDS[0], where) if "name" in d else ""
        if "name" in d and not name:
            r.fail("missing_field", join(where, "name"))
        parts = {key: r.obj(d.get(key, {}), join(where, key), _Any()) for key in ("set", "add", "policy")}
        if sum(len(p) for p in parts.values()) > MAX_CHANGES:
            r.fail("too_many_rows", where, value=MAX_CHANGES)
            continue
        scenario = Scenario(name, dict(parts["set"]), dict(parts["add"]), dict(parts["policy"]))
        before = len(r.problems)
        _check(r, scenario, household, where)
        if len(r.problems) == before:
            found.append(scenario)
    if r.problems:
        raise InvalidInput(r.problems)
    return tuple(found)


class _Any:
    """Any key is allowed (the paths are checked one by one, with their own message)."""

    def __contains__(self, _key) -> bool:
        return True


def _check(r: FieldReader, s: Scenario, household: Household, where: str) -> None:
    data = household.to_dict()
    for path in s.set:
        problem = _path_problem(data, path)
        if problem:
            r.fail(problem, join(where, short(path)))
    for name, rows in s.add.items():
        if name not in LIST_TABLES:
            r.fail("unknown_field", join(where, short(name)))
        elif not isinstance(rows, list):
            r.fail("not_a_list", join(where, name))
    for key in s.policy:
        if key not in POLICY_RULES:
            r.fail("unknown_field", join(where, join("policy", short(key))))
    if r.problems:
        return
    try:
        s.household(household)
    except InvalidInput as exc:
        found = [Problem(_OF_SCENARIO[p.key], where) for p in exc.problems if p.key in _OF_SCENARIO]
        # a household without members or applicant: that is the one thing to say (not its consequences)
        r.problems += found[:1] or [Problem(p.key, join(where, p.path), p.params) for p in exc.problems]
    try:
        s.policy_of(Policy())
    except InvalidInput as exc:
        r.problems += [Problem(p.key, join(where, join("policy", p.path)), p.params) for p in exc.problems]


def write_scenarios(scenarios: tuple[Scenario, ...]) -> list[dict[str, Any]]:
    return [s.to_dict() for s in scenarios]
