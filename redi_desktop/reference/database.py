"""budgets.db: written once by the build, opened read-only by the app and loaded into plain objects."""

from __future__ import annotations

import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..domain.canonical import canonical_json
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
from ..domain.money import from_cents, to_cents
from .schema import (
    Base,
    CpiRow,
    DatasetRow,
    IndexRow,
    IntegrationIncomeRow,
    LineRow,
    LineValueRow,
    SourceRow,
)


class DatasetError(RuntimeError):
    """budgets.db cannot be used: missing, unreadable, or not what its hash says."""

    def __init__(self, key: str, path: Path):
        self.key, self.path = key, path
        super().__init__(f"{key}: {path}")


def write_database(datasets: list[Dataset], target: Path) -> None:
    """Write the datasets to a new SQLite file, then move it over the target in one step."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(suffix=".db", dir=target.parent)
    os.close(fd)
    engine = create_engine(f"sqlite+pysqlite:///{tmp}")
    try:
        Base.metadata.create_all(engine)
        with Session(engine) as s, s.begin():
            for d in datasets:
                _add_dataset(s, d)
        with engine.connect() as c:
            c.exec_driver_sql("VACUUM")
    finally:
        engine.dispose()
    os.chmod(tmp, 0o644)  # a shared, read-only resource, not a private temp file
    os.replace(tmp, target)


def _add_dataset(s: Session, d: Dataset) -> None:
    rules = {k: v for k, v in d.content().items() if k in ("categories", "indexation")}
    s.add(DatasetRow(id=d.id, title=d.title, price_date=d.price_date, description=d.description,
                     sha256=d.sha256(), rules=canonical_json(rules) if rules else None))
    for src in sorted(d.sources.values(), key=lambda x: x.id):
        s.add(SourceRow(dataset_id=d.id, **src.to_dict()))
    for position, line in enumerate(d.lines):
        s.add(LineRow(
            dataset_id=d.id, id=line.id, position=position, category=line.category, label=line.label,
            scope=line.scope, condition=canonical_json(line.when.to_dict()), quantity=line.quantity,
            lifetime_months=line.lifetime_months, table_kind=line.table, actual=line.actual,
        ))
        for v in line.values:
            s.add(LineValueRow(
                dataset_id=d.id, line_id=line.id, valid_from=v.valid_from, step=v.step,
                unit_price_cents=to_cents(v.unit_price), price_date=v.price_date, source_id=v.source,
                estimate=v.estimate,
            ))
    for p in d.index:
        s.add(IndexRow(dataset_id=d.id, month=p.month, value=f"{p.value}", source_id=p.source))
    for p in d.cpi:
        s.add(CpiRow(dataset_id=d.id, month=p.month, value=f"{p.value}", source_id=p.source))
    for b in d.integration_income:
        s.add(IntegrationIncomeRow(
            dataset_id=d.id, valid_from=b.valid_from, cohabitant_cents=to_cents(b.cohabitant),
            single_cents=to_cents(b.single), family_cents=to_cents(b.family), source_id=b.source,
            estimate=b.estimate,
        ))


def dataset_ids(path: Path) -> list[tuple[str, str]]:
    """(id, title) of every dataset in the file, newest price date first."""
    with _read_only(path) as s:
        rows = s.execute(select(DatasetRow).order_by(*NEWEST_FIRST)).scalars()
        return [(r.id, r.title) for r in rows]


def load_dataset(path: Path, dataset_id: str | None = None) -> Dataset:
    """Load one dataset (the newest if none is named: latest price date, then the later id, so a revision
    `be-2023-12-r2` comes before `be-2023-12`) and check it against its stored sha256."""
    path = Path(path)
    if not path.is_file():
        raise DatasetError("dataset_missing", path)
    try:
        with _read_only(path) as s:
            query = select(DatasetRow).order_by(*NEWEST_FIRST)
            if dataset_id:
                query = query.where(DatasetRow.id == dataset_id)
            row = s.execute(query).scalars().first()
            if row is None:
                raise DatasetError("dataset_unknown", path)
            dataset = _read(s, row)
    except SQLAlchemyError as exc:
        raise DatasetError("dataset_unreadable", path) from exc
    if dataset.sha256() != row.sha256:
        raise DatasetError("dataset_damaged", path)
    return dataset


def _read(s: Session, row: DatasetRow) -> Dataset:
    did = row.id
    sources = {r.id: Source(r.id, r.title, r.url, r.publisher, r.date)
               for r in s.execute(select(SourceRow).where(SourceRow.dataset_id == did)).scalars()}
    values: dict[str, list[LineValue]] = {}
    for v in s.execute(select(LineValueRow).where(LineValueRow.dataset_id == did)
                       .order_by(LineValueRow.pk)).scalars():
        values.setdefault(v.line_id, []).append(LineValue(
            valid_from=v.valid_from, unit_price=from_cents(v.unit_price_cents), price_date=v.price_date,
            source=v.source_id, estimate=v.estimate, step=v.step,
        ))
    lines = []
    for r in s.execute(select(LineRow).where(LineRow.dataset_id == did).order_by(LineRow.position)).scalars():
        cond = {k: tuple(v) if isinstance(v, list) else v for k, v in json.loads(r.condition).items()}
        lines.append(LineDef(
            id=r.id, category=r.category, label=r.label, scope=r.scope, when=Condition(**cond),
            quantity=r.quantity, lifetime_months=r.lifetime_months, values=tuple(values.get(r.id, ())),
            table=r.table_kind, actual=r.actual,
        ))
    index = tuple(IndexPoint(r.month, Decimal(r.value), r.source_id) for r in s.execute(
        select(IndexRow).where(IndexRow.dataset_id == did).order_by(IndexRow.month)).scalars())
    scales = tuple(IntegrationIncome(
        r.valid_from, from_cents(r.cohabitant_cents), from_cents(r.single_cents), from_cents(r.family_cents),
        r.source_id, r.estimate,
    ) for r in s.execute(select(IntegrationIncomeRow).where(IntegrationIncomeRow.dataset_id == did)
                         .order_by(IntegrationIncomeRow.valid_from)).scalars())
    cpi = [[r.month.isoformat(), r.value, r.source_id] for r in s.execute(
        select(CpiRow).where(CpiRow.dataset_id == did).order_by(CpiRow.month)).scalars()]
    extras = content_extras({**(json.loads(row.rules) if row.rules else {}), **({"cpi": cpi} if cpi else {})})
    return Dataset(id=did, title=row.title, price_date=row.price_date, description=row.description,
                   sources=sources, lines=tuple(lines), index=index, integration_income=scales, **extras)


NEWEST_FIRST = (DatasetRow.price_date.desc(), DatasetRow.id.desc())


class _read_only:
    """A session on the file opened read-only (SQLite URI mode=ro): the app never writes budgets.db."""

    def __init__(self, path: Path):
        uri = Path(path).resolve().as_uri()
        self.engine = create_engine(f"sqlite+pysqlite:///{uri}?mode=ro&uri=true")

    def __enter__(self) -> Session:
        self.session = Session(self.engine)
        return self.session

    def __exit__(self, *exc) -> None:
        self.session.close()
        self.engine.dispose()
