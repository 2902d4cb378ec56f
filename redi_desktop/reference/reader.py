"""Reading budgets.db at run time with the standard library's sqlite3, read-only.

The build writes the file through the SQLAlchemy tables of schema.py; the application only reads it, and
importing the ORM would cost a third of a second at every start. The rows read here are the same tables,
and the dataset read is checked against the sha256 the build stored: a reader that drifted from the
schema would be caught as a damaged database, never used silently.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from decimal import Decimal
from pathlib import Path

from ..domain.dataset import (
    Condition,
    Dataset,
    IndexPoint,
    IntegrationIncome,
    LineDef,
    LineValue,
    Source,
    content_extras,
)
from ..domain.money import from_cents


class DatasetError(RuntimeError):
    """budgets.db cannot be used: missing, unreadable, or not what its hash says."""

    def __init__(self, key: str, path: Path):
        self.key, self.path = key, path
        super().__init__(f"{key}: {path}")


# the newest dataset first: the latest price date, then the later id (a revision "be-2023-12-r2" comes before
# "be-2023-12")
NEWEST_FIRST = "price_date DESC, id DESC"


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def dataset_ids(path: Path) -> list[tuple[str, str]]:
    """(id, title) of every dataset in the file, newest price date first."""
    con = _connect(path)
    try:
        return con.execute(f"SELECT id, title FROM dataset ORDER BY {NEWEST_FIRST}").fetchall()
    finally:
        con.close()


def load_dataset(path: Path, dataset_id: str | None = None) -> Dataset:
    """Load one dataset (the newest if none is named) and check it against its stored sha256."""
    path = Path(path)
    if not path.is_file():
        raise DatasetError("dataset_missing", path)
    try:
        con = _connect(path)
        try:
            query = "SELECT id, title, price_date, description, sha256, rules FROM dataset"
            params: tuple = ()
            if dataset_id:
                query, params = query + " WHERE id = ?", (dataset_id,)
            row = con.execute(f"{query} ORDER BY {NEWEST_FIRST} LIMIT 1", params).fetchone()
            if row is None:
                raise DatasetError("dataset_unknown", path)
            dataset, stored_sha = _read(con, row), row[4]
        finally:
            con.close()
    except (sqlite3.Error, ValueError, KeyError, TypeError) as exc:
        raise DatasetError("dataset_unreadable", path) from exc
    if dataset.sha256() != stored_sha:
        raise DatasetError("dataset_damaged", path)
    return dataset


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _read(con: sqlite3.Connection, row) -> Dataset:
    did, title, price_date, description, _sha, rules = row
    sources = {r[0]: Source(*r) for r in con.execute(
        "SELECT id, title, url, publisher, date FROM source WHERE dataset_id = ?", (did,))}
    values: dict[str, list[LineValue]] = {}
    for line_id, valid_from, cents, price, source, estimate, step in con.execute(
            "SELECT line_id, valid_from, unit_price_cents, price_date, source_id, estimate, step FROM line_value "
            "WHERE dataset_id = ? ORDER BY pk", (did,)):
        values.setdefault(line_id, []).append(LineValue(
            valid_from=_date(valid_from), unit_price=from_cents(cents), price_date=_date(price), source=source,
            estimate=estimate, step=step))
    lines = []
    for lid, category, label, scope, condition, quantity, lifetime, table, actual in con.execute(
            "SELECT id, category, label, scope, condition, quantity, lifetime_months, table_kind, actual FROM line "
            "WHERE dataset_id = ? ORDER BY position", (did,)):
        cond = {k: tuple(v) if isinstance(v, list) else v for k, v in json.loads(condition).items()}
        lines.append(LineDef(id=lid, category=category, label=label, scope=scope, when=Condition(**cond),
                             quantity=quantity, lifetime_months=lifetime, values=tuple(values.get(lid, ())),
                             table=table, actual=actual))
    index = tuple(IndexPoint(_date(m), Decimal(v), s) for m, v, s in con.execute(
        "SELECT month, value, source_id FROM health_index WHERE dataset_id = ? ORDER BY month", (did,)))
    scales = tuple(IntegrationIncome(_date(f), from_cents(a), from_cents(b), from_cents(c), s, e)
                   for f, a, b, c, s, e in con.execute(
                       "SELECT valid_from, cohabitant_cents, single_cents, family_cents, source_id, estimate "
                       "FROM integration_income WHERE dataset_id = ? ORDER BY valid_from", (did,)))
    cpi = [list(r) for r in con.execute(
        "SELECT month, value, source_id FROM consumer_price_index WHERE dataset_id = ? ORDER BY month", (did,))]
    # what a later dataset declares beyond the first one's defaults (categories, indexation rule, CPI)
    extras = content_extras({**(json.loads(rules) if rules else {}), **({"cpi": cpi} if cpi else {})})
    return Dataset(id=did, title=title, price_date=_date(price_date), description=description, sources=sources,
                   lines=tuple(lines), index=index, integration_income=scales, **extras)
