"""Fields declared once: a table of `Field`s says, for each part of a case file, its JSON keys, what kind
of value each holds, its default, its choices and how messages name it. From the table come the record
class (a frozen dataclass), the reader (every problem found, as message keys) and the writer (every value
that is not its default, amounts as strings, dates ISO), so that adding a field is one line.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from collections.abc import Callable
from dataclasses import dataclass, make_dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any

from .dates import FIRST_DATE, ISO_DATE, LAST_DATE
from .messages import Problem
from .money import MoneyError, money_str, to_money

MAX_AMOUNT = Decimal("1000000.00")
MAX_ROWS = 100  # incomes, charges, corrections: a household has a handful; a file with thousands is a mistake
MAX_TEXT = 5000  # characters of a text field (a motivation is a few paragraphs)
OLDEST_BIRTH = dt.date(1900, 1, 1)
# Tab and new lines are text; other controls, lone surrogates, the Unicode line and paragraph separators and
# the bidi embeddings, overrides and isolates are not (they reorder or break what a sheet or a list shows).
_NOT_TEXT = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff"
                       "\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]")
_REPR = reprlib.Repr(maxlevel=2, maxstring=200, maxother=200, maxlist=4, maxdict=4)


@dataclass(frozen=True)
class Field:
    key: str  # the JSON key
    kind: str  # text, texts, choice, choices (a list of them), bool, count, date, birth_date, amount
    label: str  # how messages name it (English msgid, translated at the edge)
    default: Any = None  # what an absent (or null) optional field means
    choices: tuple[str, ...] = ()
    required: bool = False  # absent or null is a problem (the default is then only a stand-in)
    always: bool = False  # written even when it holds its default
    low: int = 0  # a count's smallest and largest values
    high: int = 0
    problem: str = ""  # the message key when the value is not right (else the kind's own)
    check: Callable[[Any], bool] | None = None  # a further test of a value read (check digits)


def record(name: str, fields: tuple[Field, ...], doc: str) -> type:
    """The frozen dataclass of a table: one attribute per field, with its default."""
    cls = make_dataclass(name, [(f.key, Any, dataclass_field(default=f.default)) for f in fields], frozen=True)
    cls.__doc__ = doc
    return cls


def document(name: str, fields: tuple[Field, ...], root: str) -> type:
    """The record of a table that stands alone in a case file (a decision, a request, a profile): with
    `from_dict` (every problem found, under `root`) and `to_dict` (the fields given, amounts as strings,
    dates ISO: what `from_dict` reads)."""
    base = record(name, fields, "")
    base.from_dict = classmethod(lambda cls, data: read_record(cls, data, root, fields))
    base.to_dict = lambda self: write_group(self, fields)
    return base


def read_record(cls: type, data: Any, root: str, fields: tuple[Field, ...]):
    """A record of one table read from its JSON object, or InvalidInput with every problem found."""
    from .messages import InvalidInput

    r = FieldReader()
    found = cls(**r.group(data, root, fields, root=root))
    if r.problems:
        raise InvalidInput(r.problems)
    return found


class FieldReader:
    """Reads a case file's parts, collecting every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, key: str, path: str, **params: Any) -> None:
        self.problems.append(Problem(key, path, {k: short(v) for k, v in params.items()}))

    def obj(self, data: Any, path: str, allowed, required=(), root: str = "household") -> dict:
        if not isinstance(data, dict):
            self.fail("not_an_object", path or root)
            return {}
        for key in data:
            if key not in allowed:
                self.fail("unknown_field", join(path, str(key)))
        for key in required:
            if data.get(key) is None:  # null is as good as absent: never a silent default
                self.fail("missing_field", join(path, key))
        return data

    def group(self, data: Any, path: str, fields: tuple[Field, ...], root: str = "household") -> dict[str, Any]:
        """Every field of a table read from one JSON object: {key: value}, defaults where absent."""
        d = self.obj(data, path, {f.key for f in fields}, [f.key for f in fields if f.required], root)
        return {f.key: self.value(d, f, path) for f in fields}

    def value(self, d: dict, f: Field, path: str) -> Any:
        read = getattr(self, f"_{f.kind}")
        value = read(d, f, path)
        if value is not None and f.check is not None and value != f.default and not f.check(value):
            self.fail(f.problem, join(path, f.key))
            return f.default
        return value

    def list(self, data: dict, key: str, path: str, limit: int = MAX_ROWS, problem: str = "too_many_rows") -> list:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail("not_a_list", join(path, key))
            return []
        if len(value) > limit:  # refused before reading a row: a list of 100,000 is answered at once
            self.fail(problem, join(path, key), value=limit)
            return []
        return value

    # -- the kinds ---------------------------------------------------------------------------------------

    def _text(self, d: dict, f: Field, path: str) -> str:
        value = d.get(f.key)
        if value is None:
            return f.default
        where = join(path, f.key)
        if not isinstance(value, str):
            self.fail("bad_text", where)
            return f.default
        if len(value) > MAX_TEXT:
            self.fail("text_too_long", where, value=MAX_TEXT)
            return f.default
        if _NOT_TEXT.search(value):
            self.fail("bad_characters", where)
            return f.default
        return value.strip()

    def _choice(self, d: dict, f: Field, path: str):
        value = d.get(f.key)
        if value is None:
            return f.default
        if value not in f.choices:
            self.fail("bad_choice", join(path, f.key), value=value)
            return f.default
        return value

    def _choices(self, d: dict, f: Field, path: str) -> tuple[str, ...]:
        found: list[str] = []
        for i, item in enumerate(self.list(d, f.key, path)):
            if item not in f.choices:
                self.fail("bad_choice", f"{join(path, f.key)}[{i}]", value=item)
            elif item not in found:
                found.append(item)
        return tuple(sorted(found))

    def _texts(self, d: dict, f: Field, path: str) -> tuple[str, ...]:
        items = self.list(d, f.key, path)
        return tuple(self._text({"item": t}, Field("item", "text", f.label, ""), f"{join(path, f.key)}[{i}]")
                     for i, t in enumerate(items))

    def _bool(self, d: dict, f: Field, path: str) -> bool:
        value = d.get(f.key, f.default)
        if not isinstance(value, bool):
            self.fail("bad_bool", join(path, f.key))
            return f.default
        return value

    def _count(self, d: dict, f: Field, path: str):
        value = d.get(f.key)
        if value is None:
            return f.default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f.problem or "bad_number", join(path, f.key))
            return f.default
        if not f.low <= value <= f.high:
            if f.problem:
                self.fail(f.problem, join(path, f.key))
            else:
                self.fail("number_out_of_range", join(path, f.key), low=f.low, high=f.high)
            return f.default
        return value

    def _date(self, d: dict, f: Field, path: str, bounded: bool = True) -> dt.date | None:
        value = d.get(f.key)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
                raise ValueError
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            self.fail("bad_date", join(path, f.key), value=value)
            return None
        if bounded and not FIRST_DATE <= parsed <= LAST_DATE:
            self.fail("date_out_of_range", join(path, f.key))
            return None
        if not bounded and parsed < OLDEST_BIRTH:
            self.fail("bad_date", join(path, f.key), value=value)
            return None
        return parsed

    def _birth_date(self, d: dict, f: Field, path: str) -> dt.date | None:
        return self._date(d, f, path, bounded=False)

    def _amount(self, d: dict, f: Field, path: str) -> Decimal | None:
        value = d.get(f.key)
        if value is None:
            return f.default
        where = join(path, f.key)
        try:
            if not isinstance(value, str):
                raise MoneyError(value)
            amount = to_money(value)
        except MoneyError:
            self.fail("bad_amount", where, value=value)
            return f.default
        if amount < 0:
            self.fail("negative_amount", where)
            return f.default
        if amount > MAX_AMOUNT:
            self.fail("amount_too_large", where)
            return f.default
        return amount


def short(value: Any) -> str:
    """A value quoted in a problem, cut before it is made into text: a megabyte string, a YAML bomb or a
    list nested 900 deep costs no more than a word (messages show 40 characters of it)."""
    if isinstance(value, str):
        return value[:200]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**50:
        return "…"  # str() of a 5,000-digit number is refused by Python itself
    return _REPR.repr(value)


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def write_group(obj: Any, fields: tuple[Field, ...]) -> dict[str, Any]:
    """The JSON of a record: each field that is set and not its default (unless always written)."""
    out: dict[str, Any] = {}
    for f in fields:
        value = getattr(obj, f.key)
        if value is None or (value == f.default and not f.always):
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = money_str(value)
        elif isinstance(value, tuple):
            value = list(value)
        elif hasattr(value, "to_json"):  # a text given in each language
            value = value.to_json()
        out[f.key] = value
    return out


def labels(*tables: tuple[Field, ...]) -> dict[str, str]:
    """How messages name each key of the tables (one name per key: a test checks they agree)."""
    return {f.key: f.label for table in tables for f in table}
