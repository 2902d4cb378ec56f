"""Read the human-readable dataset in resources/budgets/ (YAML) into a checked `Dataset`.

resources/budgets/ holds one folder per dataset (`read_datasets`); the layout of each (`read_dataset`):
  dataset.yaml             id, title, price_date, description, categories (in order), indexation rule
  sources.yaml             every source: id, title, url, publisher, date
  health_index.yaml        the monthly health index, each value with its source
  consumer_price_index.yaml  the monthly consumer price index (when the indexation rule uses it)
  integration_income.yaml  the revenu d'intégration / leefloon scale by date
  <category>.yaml          the lines of one budget category, one file per declared category

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
    SERIES,
    Condition,
    Dataset,
    Indexation,
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


def read_datasets(folder: Path) -> list[Dataset]:
    """Every dataset of the folder (one sub-folder with a dataset.yaml each), oldest price date first."""
    found = []
    for sub in sorted(Path(folder).iterdir()):
        if (sub / "dataset.yaml").is_file():
            found.append(read_dataset(sub))
            if found[-1].id != sub.name:
                raise BuildError(f"{sub.name}: the folder of dataset {found[-1].id!r} must be named by its id")
    if not found:
        raise BuildError(f"{Path(folder).name}: no dataset folder (a folder with a dataset.yaml)")
    ids = [d.id for d in found]
    if len(set(ids)) != len(ids):
        raise BuildError(f"{Path(folder).name}: two datasets have the same id")
    return sorted(found, key=lambda d: (d.price_date, d.id))


def read_dataset(folder: Path) -> Dataset:
    folder = Path(folder)
    meta = _load(folder / "dataset.yaml")
    _keys(meta, {"id", "title", "price_date", "description", "valid_from", "categories", "indexation"},
          "dataset.yaml")
    categories = tuple(meta.get("categories", CATEGORIES))
    if not categories or len(set(categories)) != len(categories) or not set(categories) <= set(CATEGORIES):
        raise BuildError("dataset.yaml categories: a list of distinct category keys the app knows "
                         f"({', '.join(CATEGORIES)})")
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

    index = _series(folder / "health_index.yaml", source)
    if not index or index[0].month > start:
        raise BuildError(f"health_index.yaml: the index must start by {start:%Y-%m}")
    indexation = _indexation(meta.get("indexation"), source)
    cpi = _series(folder / "consumer_price_index.yaml", source) if indexation.series == "cpi" else ()
    if (folder / "consumer_price_index.yaml").exists() and indexation.series != "cpi":
        raise BuildError("consumer_price_index.yaml: the indexation rule does not use it")
    series = cpi if indexation.series == "cpi" else index
    if not series or series[0].month > indexation.reference_month(start):
        raise BuildError(f"the {indexation.series} series must start by "
                         f"{indexation.reference_month(start):%Y-%m} (the month the first covered date needs)")

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
    for category in categories:
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
        known = {"dataset", "sources", "health_index", "consumer_price_index", "integration_income", *categories}
        if extra.stem not in known:
            raise BuildError(f"{extra.name}: not a file of the dataset (a category not declared in dataset.yaml?)")
    for line in lines:
        for v in line.values:
            if indexation.reference_month(v.price_date) < series[0].month:
                raise BuildError(f"{line.id}: price date {v.price_date} is before the {indexation.series} "
                                 "series starts; give the first month of the index and say so in the estimate")
    return Dataset(
        id=str(meta["id"]), title=str(meta["title"]), price_date=_date(meta["price_date"], "dataset.yaml"),
        description=str(meta.get("description", "")).strip(), sources=sources, lines=tuple(lines),
        index=tuple(index), integration_income=tuple(scales), categories=categories,
        indexation=indexation, cpi=tuple(cpi),
    )


def _series(path: Path, source) -> list[IndexPoint]:
    """A monthly index file: {note, values: [{month, value, source}]}, sorted by month."""
    doc = _load(path)
    _keys(doc, {"values", "note", "base"}, path.name, required={"values"})
    points = []
    for row in doc["values"]:
        where = f"{path.name} {row.get('month')}"
        _keys(row, {"month", "value", "source", "estimate"}, where, required={"month", "value", "source"})
        month = _date(f"{row['month']}-01", where)
        points.append(IndexPoint(month, _decimal(row["value"], where), source(row.get("source"), where)))
    points.sort(key=lambda p: p.month)
    months = [p.month for p in points]
    if len(set(months)) != len(months):
        raise BuildError(f"{path.name}: a month is given twice")
    return points


def _indexation(raw: Any, source) -> Indexation:
    """dataset.yaml `indexation: {series, months, lag_months, source, note}`; absent: the health index,
    month by month (the rule of the first dataset)."""
    if raw is None:
        return Indexation()
    where = "dataset.yaml indexation"
    _keys(raw, {"series", "months", "lag_months", "source", "note"}, where, required={"series", "source"})
    if raw["series"] not in SERIES:
        raise BuildError(f"{where}: series must be one of {', '.join(SERIES)}")
    months = raw.get("months", [])
    if not isinstance(months, list) or any(not isinstance(m, int) or not 1 <= m <= 12 for m in months):
        raise BuildError(f"{where}: months is a list of month numbers (1-12)")
    lag = raw.get("lag_months", 0)
    if not isinstance(lag, int) or lag < 0:
        raise BuildError(f"{where}: lag_months is a whole number from 0")
    return Indexation(series=raw["series"], months=tuple(sorted(months)), lag_months=lag,
                      source=source(raw["source"], where), note=" ".join(str(raw.get("note", "")).split()))


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
