"""The case database's tables as SQLAlchemy 2 typed models (the schema at the newest migration).

Times are ISO 8601 UTC text; amounts in JSON are strings (DESIGN.md), never floats. Assessments, household
snapshots and the audit log are append-only: triggers created by the migrations refuse UPDATE on them
(and DELETE on the audit log); only erasure deletes a case's snapshots and assessments.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("caseworker", "manager", "administrator")
STATUSES = ("open", "closed")


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Small facts about the store itself (the audit chain's head, the version that created it)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('caseworker', 'manager', 'administrator')", name="ck_users_role"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(Text)  # argon2id; None: unlocks with the store passphrase
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[str] = mapped_column(String(32))


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed')", name="ck_cases_status"),
        Index("ix_cases_updated", "updated_at"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # a random UUID: says nothing about anyone
    file_reference: Mapped[str] = mapped_column(String(80), default="")
    client_first_name: Mapped[str] = mapped_column(String(200), default="")
    client_last_name: Mapped[str] = mapped_column(String(200), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")  # lower-case names and reference, for search
    language: Mapped[str] = mapped_column(String(2), default="fr")
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    retain_until: Mapped[str | None] = mapped_column(String(10))  # schema 0002: erase after this date

    snapshots: Mapped[list[HouseholdSnapshot]] = relationship(back_populates="case", passive_deletes=True)
    assessments: Mapped[list[AssessmentRow]] = relationship(back_populates="case", passive_deletes=True,
                                                            order_by="AssessmentRow.id")


class HouseholdSnapshot(Base):
    """The household exactly as assessed (Household.to_dict() as canonical JSON): the assessment's input."""

    __tablename__ = "household_snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    household_json: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))
    case: Mapped[Case] = relationship(back_populates="snapshots")


class DatasetCopy(Base):
    """A copy of every reference dataset ever used, by hash, so that any assessment can be recomputed."""

    __tablename__ = "datasets"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    dataset_id: Mapped[str] = mapped_column(String(80))
    content_json: Mapped[str] = mapped_column(Text)
    stored_at: Mapped[str] = mapped_column(String(32))


class PolicyCopy(Base):
    """Every local policy ever used, by id, version and hash of its content."""

    __tablename__ = "policies"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    policy_json: Mapped[str] = mapped_column(Text)
    stored_at: Mapped[str] = mapped_column(String(32))


class PolicyVersion(Base):
    """A version of the CPAS's own policy (schema 0003): the newest is the active one. Append-only."""

    __tablename__ = "policy_versions"
    __table_args__ = (CheckConstraint("length(trim(reason)) > 0", name="ck_policy_versions_reason"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    policy_sha256: Mapped[str] = mapped_column(ForeignKey("policies.sha256"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author: Mapped[str] = mapped_column(String(80))  # the user's name as it was then
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))


class ProfileRow(Base):
    """A caseworker's profile (schema 0003): Profile.to_dict() as canonical JSON."""

    __tablename__ = "profiles"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    profile_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(32))


class AssessmentRow(Base):
    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("household_snapshots.id", ondelete="CASCADE"))
    on_date: Mapped[str] = mapped_column(String(10))
    output_json: Mapped[str] = mapped_column(Text)  # Assessment.to_dict(), canonical JSON
    dataset_id: Mapped[str] = mapped_column(String(80))
    dataset_sha256: Mapped[str] = mapped_column(ForeignKey("datasets.sha256"))
    policy_id: Mapped[str] = mapped_column(String(80))
    policy_version: Mapped[int] = mapped_column(Integer)
    policy_sha256: Mapped[str] = mapped_column(ForeignKey("policies.sha256"))
    engine_version: Mapped[str] = mapped_column(String(40))
    inputs_sha256: Mapped[str] = mapped_column(String(64))
    outputs_sha256: Mapped[str] = mapped_column(String(64))
    run_id: Mapped[str] = mapped_column(String(16), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[str] = mapped_column(String(32))
    case: Mapped[Case] = relationship(back_populates="assessments")
    snapshot: Mapped[HouseholdSnapshot] = relationship()


class DecisionRow(Base):
    """The caseworker's proposal and the committee's decision (the "decision" object of a case file)."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    decision_json: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20))
    decided_on: Mapped[str | None] = mapped_column(String(10))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[str] = mapped_column(String(32))


class Draft(Base):
    """The wizard's autosave (schema 0002)."""

    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    household_json: Mapped[str] = mapped_column(Text)
    page: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[str] = mapped_column(String(32))


class CaseScenarios(Base):
    """The what-if scenarios kept with a case (schema 0006): beside its history, never part of it."""

    __tablename__ = "case_scenarios"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    scenarios_json: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[str] = mapped_column(String(32))


class AuditEntry(Base):
    """Who did what to which case, when: ids and hashes only. hash = sha256(prev_hash + canonical row)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(Integer)  # no foreign key: the log outlives everything
    action: Mapped[str] = mapped_column(String(20))
    case_id: Mapped[str | None] = mapped_column(String(36), index=True)
    ref: Mapped[str | None] = mapped_column(String(40))
    digest: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
