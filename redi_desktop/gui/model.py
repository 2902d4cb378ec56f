"""The household being entered, as its JSON dict, shared by the wizard, the expert form and the live panel.

Widgets change it through `set(path, value)` with the JSON paths of DESIGN.md ("members[1].birth_date").
It says what changed: `valueChanged(path)` for one value, `rowsChanged(list_path)` when a list's rows were
added, removed or moved, `reset()` for a new household; then `computed()` once it has asked the domain
and the engine again. Checking and computing belong to the domain and the engine: this model only asks
them (`problems()`, `assessment()`) and remembers the last answer.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..domain.decision import Decision
from ..domain.household import Household
from ..domain.messages import InvalidInput, Problem
from ..services import ServiceError

_SEGMENT = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


def split_path(path: str) -> list[str | int]:
    keys: list[str | int] = []
    for segment in path.split("."):
        name, index = _SEGMENT.fullmatch(segment).groups()
        keys.append(name)
        if index is not None:
            keys.append(int(index))
    return keys


def get_path(data: Any, path: str, default: Any = None) -> Any:
    for key in split_path(path):
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return default
    return data


def set_path(data: dict, path: str, value: Any) -> None:
    """Set a value, creating the dicts on the way; None removes the key (an optional field left empty)."""
    keys = split_path(path)
    for key, following in zip(keys, keys[1:], strict=False):
        if isinstance(key, int):
            data = data[key]
        else:
            data = data.setdefault(key, [] if isinstance(following, int) else {})
    last = keys[-1]
    if value is None and isinstance(data, dict):
        data.pop(last, None)
    else:
        data[last] = value


def empty_household(today: dt.date) -> dict[str, Any]:
    return {
        "assessment_date": today.isoformat(), "language": "fr", "postal_code": "",
        "members": [{"role": "applicant", "sex": "F", "activity": "unemployed"}],
        "housing": {"tenure": "private_rent"}, "mobility": {"car_needed": False},
        "health": {"increased_reimbursement": False}, "resources": [], "charges": [], "overrides": [],
    }


class HouseholdModel(QObject):
    valueChanged = Signal(str)  # the path of the value set
    rowsChanged = Signal(str)  # the list whose rows were added, removed or moved
    reset = Signal()  # a new household: every path may mean something else
    computed = Signal()

    def __init__(self, data: dict[str, Any] | None = None, calculator=None):
        super().__init__()
        self.data: dict[str, Any] = data or empty_household(dt.date.today())
        self.calculator = calculator  # callable(Household) -> Assessment
        self.field_problems: dict[str, Problem] = {}  # text the widgets could not read, by path
        self._problems: list[Problem] = []
        self._assessment = None
        self.refresh()

    # -- editing ------------------------------------------------------------------------------------------

    def get(self, path: str, default: Any = None) -> Any:
        return get_path(self.data, path, default)

    def set(self, path: str, value: Any) -> None:
        self.field_problems.pop(path, None)
        if get_path(self.data, path) == value and value is not None:
            return
        try:
            set_path(self.data, path, value)
        except (IndexError, KeyError, TypeError):
            return  # a field of a row that no longer exists: nothing to keep
        self.refresh()
        self.valueChanged.emit(path)

    def set_unreadable(self, path: str, problem: Problem) -> None:
        """The user typed something that is not a value of this field: keep it out, say why."""
        self.field_problems[path] = problem
        self.valueChanged.emit(path)

    def add_row(self, list_path: str, row: dict[str, Any]) -> None:
        rows = self.get(list_path)
        if rows is None:
            set_path(self.data, list_path, [])
            rows = self.get(list_path)
        rows.append(row)
        self.refresh()
        self.rowsChanged.emit(list_path)

    def remove_row(self, list_path: str, index: int) -> None:
        rows = self.get(list_path, [])
        del rows[index]
        self.generation += 1
        if list_path == "members":  # resources name members by index: keep them pointing right
            for r in self.data.get("resources", []):
                member = r.get("member")
                if member == index:
                    r.pop("member")
                elif isinstance(member, int) and member > index:
                    r["member"] = member - 1
        self._drop_field_problems(list_path)
        self.refresh()
        self.rowsChanged.emit(list_path)

    def move_row(self, list_path: str, index: int, step: int) -> None:
        rows = self.get(list_path, [])
        other = index + step
        if not 0 <= other < len(rows):
            return
        rows[index], rows[other] = rows[other], rows[index]
        self.generation += 1
        if list_path == "members":
            for r in self.data.get("resources", []):
                if r.get("member") == index:
                    r["member"] = other
                elif r.get("member") == other:
                    r["member"] = index
        self._drop_field_problems(list_path)
        self.refresh()
        self.rowsChanged.emit(list_path)

    generation = 0  # raised whenever paths stop meaning what they meant: a new household, rows moved

    def load(self, data: dict[str, Any]) -> None:
        self.generation += 1
        self.data = copy.deepcopy(data)
        self.field_problems.clear()
        self.refresh()
        self.reset.emit()

    def _drop_field_problems(self, prefix: str) -> None:
        for path in [p for p in self.field_problems if p.startswith(prefix)]:
            del self.field_problems[path]

    # -- asking the domain and the engine -----------------------------------------------------------------

    def refresh(self) -> None:
        """Check the household and, when it holds together, compute it."""
        household_data = {k: v for k, v in self.data.items() if k != "decision"}
        try:
            household = Household.from_dict(household_data)
            self._problems = []
        except InvalidInput as exc:
            self._problems, household = exc.problems, None
        try:
            Decision.from_dict(self.data.get("decision", {}))
        except InvalidInput as exc:
            self._problems += exc.problems
        self.household_object = household
        if household is not None and self.calculator is not None:
            try:
                self._assessment = self.calculator(household) or self._assessment
            except ServiceError as exc:  # a member born after the date: the input's problems
                self._problems += exc.problems
        self.computed.emit()

    def problems(self) -> list[Problem]:
        return list(self.field_problems.values()) + self._problems

    def problems_at(self, path: str) -> list[Problem]:
        return [p for p in self.problems() if p.path == path or p.path.startswith(path + ".")
                or (p.path and path.startswith(p.path + ".") and p.key in ("age_missing", "birth_after_assessment"))]

    def assessment(self):
        """The last assessment computed; it stays on screen while the household is being corrected."""
        return self._assessment

    def warnings(self) -> list[Problem]:
        a = self._assessment
        return list(a.warnings) if a is not None and not self._problems else []

    def valid(self) -> bool:
        return not self.problems()

    def household(self) -> Household:
        household_data = {k: v for k, v in self.data.items() if k != "decision"}
        return Household.from_dict(household_data)
