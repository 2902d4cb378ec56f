"""Read the human-readable dataset in resources/budgets/ (YAML) into a checked `Dataset`.

Layout of the folder:
  dataset.yaml             id, title, price_date, description
  sources.yaml             every source: id, title, url, publisher, date
  health_index.yaml        the monthly health index, each value with its source
  integration_income.yaml  the revenu d'intégration / leefloon scale by date
  <category>.yaml          the lines of one budget category (see README in that folder)

Anything unknown or missing fails with the file and line it is in: a figure without a source never gets in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..domain.dataset import (
    ACTUAL_INPUTS,
    MEMBER_QUANTITIES,
    Condition,
    Dataset,
    IndexPoint,
    IntegrationIncome,
    LineDef,
    LineValue,
    Source,
)
from ..domain.household import (
    ACTIVITIES,
    CATEGORIES,
    ROLES,
    SCHOOL_LEVELS,
    SEXES,
    SPECIAL_NEEDS,
    TENURES,
)
from ..domain.money import MoneyError, to_money
from ..domain.validators import REGIONS

NEEDS = ("car", "childcare", "public_transport", *SPECIAL_NEEDS)
LINE_KEYS = {"id", "label", "scope", "when", "quantity", "lifetime_months", "table", "actual", "values",
             "source", "price_date", "estimate", "valid_from"}
VALUE_KEYS = {"valid_from", "unit_price", "by_step", "price_date", "source", "estimate"}
WHEN_KEYS = {"age": None, "sex": SEXES, "activity": ACTIVITIES, "school_level": SCHOOL_LEVELS, "role": ROLES,
             "region": REGIONS, "tenure": TENURES, "needs": NEEDS, "without": NEEDS, "bim": None}


class BuildError(ValueError):
    """The source files are not a valid dataset; the message names the file and the line."""


def read_dataset(folder: Path) -> Dataset:
    folder = Path(folder)
    meta = _load(folder / "dataset.yaml")
    _keys(meta, {"id", "title", "price_date", "description", "valid_from"}, "dataset.yaml")
    start = _date(meta.get("valid_from", "2023-01-01"), "dataset.yaml valid_from")
    sources = {}
    for i, s in enumerate(_load(folder / "sources.yaml")):
        where = f"sources.yaml entry {i + 1}"
        _keys(s, {"id", "title", "url", "publisher", "date"}, where, required={"id", "title", "publisher", "date"})
        if s["id"] in sources:
            raise BuildError(f"{where}: source id {s['id']!r} is given twice")
        sources[s["id"]] = Source(s["id"], s["title"], s.get("url", ""), s["publisher"], str(s["date"]))

    def source(sid: Any, where: str) -> str:
        if sid not in sources:
            raise BuildError(f"{where}: unknown or missing source {sid!r}")
        return sid

    index_doc = _load(folder / "health_index.yaml")
    _keys(index_doc, {"values", "note"}, "health_index.yaml", required={"values"})
    index = []
    for row in index_doc["values"]:
        where = f"health_index.yaml {row.get('month')}"
        _keys(row, {"month", "value", "source", "estimate"}, where, required={"month", "value", "source"})
        month = _date(f"{row['month']}-01", where)
        index.append(IndexPoint(month, _decimal(row["value"], where), source(row.get("source"), where)))
    index.sort(key=lambda p: p.month)
    if not index or index[0].month > start:
        raise BuildError(f"health_index.yaml: the index must start by {start:%Y-%m}")

    scales = []
    for row in _load(folder / "integration_income.yaml"):
        where = f"integration_income.yaml {row.get('valid_from')}"
        _keys(row, {"valid_from", "cohabitant", "single", "family", "source", "estimate"}, where,
              required={"valid_from", "cohabitant", "single", "family", "source"})
        scales.append(IntegrationIncome(
            _date(row["valid_from"], where), _money(row["cohabitant"], where), _money(row["single"], where),
            _money(row["family"], where), source(row.get("source"), where), str(row.get("estimate", "")),
        ))
    scales.sort(key=lambda s: s.valid_from)

    lines: list[LineDef] = []
    seen: set[str] = set()
    for category in CATEGORIES:
        path = folder / f"{category}.yaml"
        if not path.exists():
            raise BuildError(f"{path.name}: missing (every category has its file)")
        doc = _load(path)
        _keys(doc, {"category", "note", "lines"}, path.name, required={"category", "lines"})
        if doc["category"] != category:
            raise BuildError(f"{path.name}: category must be {category!r}")
        for raw in doc["lines"]:
            line = _line(raw, category, path.name, start, source)
            if line.id in seen:
                raise BuildError(f"{path.name} {line.id}: line id given twice")
            seen.add(line.id)
            lines.append(line)
    for extra in folder.glob("*.yaml"):
        known = {"dataset", "sources", "health_index", "integration_income", *CATEGORIES}
        if extra.stem not in known:
            raise BuildError(f"{extra.name}: not a file of the dataset")
    for line in lines:
        for v in line.values:
            if v.price_date < index[0].month:
                raise BuildError(f"{line.id}: price date {v.price_date} is before the health index starts; "
                                 "give the first month of the index and say so in the estimate")
    return Dataset(
        id=str(meta["id"]), title=str(meta["title"]), price_date=_date(meta["price_date"], "dataset.yaml"),
        description=str(meta.get("description", "")).strip(), sources=sources, lines=tuple(lines),
        index=tuple(index), integration_income=tuple(scales),
    )


def _line(raw: Any, category: str, file: str, start: dt.date, source) -> LineDef:
    where = f"{file} {raw.get('id') if isinstance(raw, dict) else raw!r}"
    _keys(raw, LINE_KEYS, where, required={"id", "label", "scope", "values"})
    if raw["scope"] not in ("person", "household"):
        raise BuildError(f"{where}: scope must be person or household")
    table = raw.get("table")
    if table not in (None, "size", "bedrooms"):
        raise BuildError(f"{where}: table must be size or bedrooms")
    actual = raw.get("actual")
    if actual is not None and actual not in ACTUAL_INPUTS:
        raise BuildError(f"{where}: actual must be one of {', '.join(ACTUAL_INPUTS)}")
    quantity = str(raw.get("quantity", "1"))
    if quantity not in MEMBER_QUANTITIES:
        _decimal(quantity, where)
    lifetime = raw.get("lifetime_months", 1)
    if not isinstance(lifetime, int) or lifetime < 1:
        raise BuildError(f"{where}: lifetime_months must be a whole number from 1")
    values = []
    for v in raw["values"]:
        _keys(v, VALUE_KEYS, where)
        merged = {k: raw[k] for k in ("source", "price_date", "estimate", "valid_from") if k in raw} | v
        if "price_date" not in merged:
            raise BuildError(f"{where}: a value has no price_date")
        common = dict(
            valid_from=_date(merged.get("valid_from", start), where),
            price_date=_date(merged["price_date"], where),
            source=source(merged.get("source"), where),
            estimate=" ".join(str(merged.get("estimate", "")).split()),
        )
        if table:
            if "by_step" not in v or "unit_price" in v:
                raise BuildError(f"{where}: a table line gives by_step, not unit_price")
            for step, price in sorted(v["by_step"].items()):
                values.append(LineValue(unit_price=_money(price, where), step=int(step), **common))
        else:
            if "unit_price" not in v or "by_step" in v:
                raise BuildError(f"{where}: a value gives unit_price")
            values.append(LineValue(unit_price=_money(v["unit_price"], where), **common))
    if not values:
        raise BuildError(f"{where}: no values")
    return LineDef(
        id=raw["id"], category=category, label=str(raw["label"]), scope=raw["scope"],
        when=_condition(raw.get("when", {}), where), quantity=quantity, lifetime_months=lifetime,
        values=tuple(values), table=table, actual=actual,
    )


def _condition(when: Any, where: str) -> Condition:
    _keys(when, set(WHEN_KEYS), where)
    fields: dict[str, Any] = {}
    for key, allowed in WHEN_KEYS.items():
        if key not in when:
            continue
        value = when[key]
        if key == "age":
            if not (isinstance(value, list) and len(value) == 2):
                raise BuildError(f"{where}: age is [min, max] (max may be null)")
            fields["age_min"], fields["age_max"] = value
        elif key == "bim":
            if not isinstance(value, bool):
                raise BuildError(f"{where}: bim is true or false")
            fields["bim"] = value
        else:
            items = value if isinstance(value, list) else [value]
            bad = [x for x in items if x not in allowed]
            if bad:
                raise BuildError(f"{where}: {key} {bad!r} unknown")
            name = {"sex": "sexes", "activity": "activities", "school_level": "school_levels", "role": "roles",
                    "region": "regions", "tenure": "tenures", "needs": "needs", "without": "without"}[key]
            fields[name] = tuple(items)
    return Condition(**fields)


def _load(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except FileNotFoundError as exc:
        raise BuildError(f"{path.name}: missing") from exc
    except yaml.YAMLError as exc:
        raise BuildError(f"{path.name}: not valid YAML ({exc})") from exc


def _keys(d: Any, allowed: set[str], where: str, required: set[str] = frozenset()) -> None:
    if not isinstance(d, dict):
        raise BuildError(f"{where}: expected a mapping")
    unknown = set(d) - allowed
    if unknown:
        raise BuildError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    missing = set(required) - set(d)
    if missing:
        raise BuildError(f"{where}: missing key(s) {', '.join(sorted(missing))}")


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise BuildError(f"{where}: {value!r} is not a date") from exc


def _money(value: Any, where: str) -> Decimal:
    try:
        if isinstance(value, float):
            raise MoneyError(value)
        return to_money(str(value))
    except MoneyError as exc:
        raise BuildError(f"{where}: {value!r} is not an amount; write it as a quoted string") from exc


def _decimal(value: Any, where: str) -> Decimal:
    try:
        if isinstance(value, float):
            raise InvalidOperation
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise BuildError(f"{where}: {value!r} is not an exact number; write it as a quoted string") from exc
