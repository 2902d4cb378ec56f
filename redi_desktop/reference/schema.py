"""The tables of budgets.db (SQLAlchemy 2). Amounts are integer cents; the index is exact decimal text."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class DatasetRow(Base):
    __tablename__ = "dataset"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    price_date: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    # canonical JSON of what a later dataset declares beyond the first one's defaults (categories,
    # indexation rule); NULL when it declares nothing new
    rules: Mapped[str | None] = mapped_column(Text, nullable=True)


class SourceRow(Base):
    __tablename__ = "source"
    dataset_id: Mapped[str] = mapped_column(ForeignKey("dataset.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str] = mapped_column(Text)
    date: Mapped[str] = mapped_column(String)


class LineRow(Base):
    __tablename__ = "line"
    dataset_id: Mapped[str] = mapped_column(ForeignKey("dataset.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)  # order of the source files, kept for the trace
    category: Mapped[str] = mapped_column(String)
    label: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String)
    condition: Mapped[str] = mapped_column(Text)  # canonical JSON of the condition
    quantity: Mapped[str] = mapped_column(String)
    lifetime_months: Mapped[int] = mapped_column(Integer)
    table_kind: Mapped[str | None] = mapped_column(String, nullable=True)
    actual: Mapped[str | None] = mapped_column(String, nullable=True)


class LineValueRow(Base):
    __tablename__ = "line_value"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset_id: Mapped[str] = mapped_column(ForeignKey("dataset.id"), index=True)
    line_id: Mapped[str] = mapped_column(String)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    unit_price_cents: Mapped[int] = mapped_column(Integer)
    price_date: Mapped[dt.date] = mapped_column(Date)
    source_id: Mapped[str] = mapped_column(String)
    estimate: Mapped[str] = mapped_column(Text)


class IndexRow(Base):
    __tablename__ = "health_index"
    dataset_id: Mapped[str] = mapped_column(ForeignKey("dataset.id"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    value: Mapped[str] = mapped_column(String)
    source_id: Mapped[str] = mapped_column(String)


class CpiRow(Base):
    __tablename__ = "consumer_price_index"
    dataset_id: Mapped[str] = mapped_column(ForeignKey("dataset.id"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    value: Mapped[str] = mapped_column(String)
    source_id: Mapped[str] = mapped_column(String)


class IntegrationIncomeRow(Base):
    __tablename__ = "integration_income"
    dataset_id: Mapped[str] = mapped_column(ForeignKey("dataset.id"), primary_key=True)
    valid_from: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    cohabitant_cents: Mapped[int] = mapped_column(Integer)
    single_cents: Mapped[int] = mapped_column(Integer)
    family_cents: Mapped[int] = mapped_column(Integer)
    source_id: Mapped[str] = mapped_column(String)
    estimate: Mapped[str] = mapped_column(Text)
