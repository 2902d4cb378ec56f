"""budgets.db: written once by the build through the SQLAlchemy tables of schema.py (reader.py reads it)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from ..domain.canonical import canonical_json
from ..domain.dataset import Dataset
from ..domain.money import to_cents
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
