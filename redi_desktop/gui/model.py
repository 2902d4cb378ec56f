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
from ..domain.household import Household, activity_for_age, age_from, file_language
from ..domain.messages import InvalidInput, Problem
from ..domain.validators import region_of_postal_code
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


IDENTITY = ("client", "file_reference", "decision", "scenarios")  # who and which file: never an amount
BESIDE = ("decision", "scenarios")  # kept with the household, never part of it (nor of its assessment)
_MEMBER_FIELD = re.compile(r"members\[(\d+)\]\.([a-z_]+)")


def date_or_today(text: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return dt.date.today()


def _budget_input(path: str) -> bool:
    return path.split(".")[0].split("[")[0] not in IDENTITY


def empty_household(today: dt.date, language: str = "fr") -> dict[str, Any]:
    """A new household: the file in the interface's language until the postal code says otherwise."""
    return {
        "assessment_date": today.isoformat(), "language": language, "postal_code": "",
        "members": [{"role": "applicant"}],  # nothing preset that the caseworker has not said
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
        self.typed: dict[str, str] = {}  # that text, as typed
        self.stale: Problem | None = None  # why the budget on screen is not the household's as typed
        self.chosen: set[tuple[int, str]] = set()  # (member, activity or school_level) the caseworker chose
        self._problems: list[Problem] = []
        self._assessment = None
        self.refresh()

    # -- editing ------------------------------------------------------------------------------------------

    def get(self, path: str, default: Any = None) -> Any:
        return get_path(self.data, path, default)

    def set(self, path: str, value: Any) -> None:
        was_unreadable = self.field_problems.pop(path, None) is not None
        self.typed.pop(path, None)
        if get_path(self.data, path) == value and value is not None and not was_unreadable:
            return
        try:
            set_path(self.data, path, value)
        except (IndexError, KeyError, TypeError):
            return  # a field of a row that no longer exists: nothing to keep
        self._propose_activity(path)
        self._propose_language(path)
        self.dirty = True
        self.refresh()
        self.valueChanged.emit(path)

    dirty = False  # changed since it was loaded, saved or finished

    def _propose_language(self, path: str) -> None:
        """The file's language from the postal code's region (language laws: Dutch in Flanders, French in
        Wallonia; in Brussels the one already chosen, the interface's by default), unless chosen."""
        if path == "language":
            self.chosen.add((-1, "language"))
        elif path == "postal_code" and (-1, "language") not in self.chosen:
            language = file_language(region_of_postal_code(str(self.data.get("postal_code") or "")),
                                     self.data.get("language"))
            if language:
                self.data["language"] = language

    def _propose_activity(self, path: str) -> None:
        """A child's age given: the activity and school level its age suggests (domain rule), unless the
        caseworker chose them herself."""
        m = _MEMBER_FIELD.fullmatch(path)
        if m is None:
            return
        index, key = int(m.group(1)), m.group(2)
        if key in ("activity", "school_level"):
            self.chosen.add((index, key))
            return
        if key not in ("birth_date", "age"):
            return
        member = self.data["members"][index]
        on = date_or_today(self.data.get("assessment_date"))
        age = age_from(member.get("birth_date"), member.get("age"), on)
        proposal = activity_for_age(age) if age is not None and member.get("role") != "applicant" else None
        if proposal is None:
            return
        for key_, value in zip(("activity", "school_level"), proposal, strict=True):
            if (index, key_) not in self.chosen:
                if value == "none":
                    member.pop(key_, None)
                else:
                    member[key_] = value
    def set_unreadable(self, path: str, problem: Problem, text: str) -> None:
        """The user typed something that is not a value of this field: the household keeps no value
        of it that is not what was typed (the field shows the text as typed, its page is incomplete)."""
        self.field_problems[path] = problem
        self.typed[path] = text
        self.refresh()
        self.valueChanged.emit(path)

    def typed_text(self, path: str) -> str | None:
        """What was typed in a field that could not be read, to be shown as typed."""
        return self.typed.get(path)

    def add_row(self, list_path: str, row: dict[str, Any]) -> None:
        rows = self.get(list_path)
        if rows is None:
            set_path(self.data, list_path, [])
            rows = self.get(list_path)
        rows.append(row)
        self.dirty = True
        self.refresh()
        self.rowsChanged.emit(list_path)

    def remove_row(self, list_path: str, index: int) -> None:
        rows = self.get(list_path, [])
        del rows[index]
        self.generation += 1
        if list_path == "members":
            self.chosen = {(i - (i > index), k) for i, k in self.chosen if i != index}
        if list_path == "members":  # resources name members by index: keep them pointing right
            for r in self.data.get("resources", []):
                member = r.get("member")
                if member == index:
                    r.pop("member")
                elif isinstance(member, int) and member > index:
                    r["member"] = member - 1
        self._drop_field_problems(list_path)
        self.dirty = True
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
            swap = {index: other, other: index}
            self.chosen = {(swap.get(i, i), k) for i, k in self.chosen}
        if list_path == "members":
            for r in self.data.get("resources", []):
                if r.get("member") == index:
                    r["member"] = other
                elif r.get("member") == other:
                    r["member"] = index
        self._drop_field_problems(list_path)
        self.dirty = True
        self.refresh()
        self.rowsChanged.emit(list_path)

    generation = 0  # raised whenever paths stop meaning what they meant: a new household, rows moved

    def load(self, data: dict[str, Any]) -> None:
        self.generation += 1
        self.data = copy.deepcopy(data)
        self.field_problems.clear()
        self.typed.clear()
        self.dirty = False
        self.chosen = {(i, k) for i, m in enumerate(self.data.get("members", []) if isinstance(
            self.data.get("members"), list) else []) for k in ("activity", "school_level") if isinstance(m, dict) and k in m}
        self.refresh()
        self.reset.emit()

    def _drop_field_problems(self, prefix: str) -> None:
        for path in [p for p in self.field_problems if p.startswith(prefix)]:
            del self.field_problems[path]
            self.typed.pop(path, None)

    # -- asking the domain and the engine -----------------------------------------------------------------

    def refresh(self) -> None:
        """Check the household and compute its budget. Who the client is never changes an amount, so a
        problem there (an IBAN mistyped) does not stop the budget; a problem in what the budget is made of
        keeps the last budget on screen, marked as not up to date with the reason."""
        household_data = {k: v for k, v in self.data.items() if k not in BESIDE}
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
        budget = household
        if budget is None and not any(_budget_input(p.path) for p in self._problems):
            try:
                budget = Household.from_dict({k: v for k, v in household_data.items() if k not in IDENTITY})
            except InvalidInput:
                budget = None
        blocking = [p for p in self.problems() if _budget_input(p.path)]
        if budget is not None and self.calculator is not None:
            try:
                self._assessment = self.calculator(budget) or self._assessment
            except ServiceError as exc:  # a member born after the date: the input's problems
                self._problems += exc.problems
                blocking += exc.problems
        elif budget is None and not blocking:
            blocking = list(self._problems)
        unreadable = [p for path, p in self.field_problems.items() if _budget_input(path)]
        self.stale = next(iter(unreadable or (blocking if budget is None else [])), None)
        if self._assessment is None:
            self.stale = None  # nothing on screen yet: nothing to call out of date
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
        household_data = {k: v for k, v in self.data.items() if k not in BESIDE}
        return Household.from_dict(household_data)
