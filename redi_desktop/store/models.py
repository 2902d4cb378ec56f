"""The case database's tables as SQLAlchemy 2 typed models (the schema at the newest migration).

Times are ISO 8601 UTC text; amounts in JSON are strings (DESIGN.md), never floats. Assessments, household
snapshots and the audit log are append-only: triggers created by the migrations refuse UPDATE on them
(and DELETE on the audit log); only erasure deletes a case's snapshots and assessments.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from .keys import FIELDS

STATUSES = ("open", "closed")


class SealedText(TypeDecorator):
    """Text that names or describes the client: encrypted by the program before it reaches an office's
    server (keys.FieldSealer), kept as it is in the laptop's file (encrypted whole). The sealer is the one of
    the store whose session is running (keys.FIELDS)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        sealer = FIELDS.get()
        if dialect.name != "sqlite" and not sealer.seals:
            raise RuntimeError("an identity field would reach the server in clear")
        return sealer.seal(value)

    def process_result_value(self, value, dialect):
        return None if value is None else FIELDS.get().open(value)


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Small facts about the store itself (the audit chain's head, the version that created it)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('caseworker', 'head', 'secretary', 'admin')", name="ck_users_role"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(Text)  # unused since schema 0004: see UserKey
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[str] = mapped_column(String(32))


class UserKey(Base):
    """A user's key entry in an office database (schema 0004; keys.make_entry). A laptop keeps the entries
    in its keyring file instead: they must be read before the file can be opened."""

    __tablename__ = "user_keys"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    entry_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(32))


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed')", name="ck_cases_status"),
        Index("ix_cases_updated", "updated_at"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # a random UUID: says nothing about anyone
    file_reference: Mapped[str] = mapped_column(String(80), default="")
    client_first_name: Mapped[str] = mapped_column(SealedText, default="")
    client_last_name: Mapped[str] = mapped_column(SealedText, default="")
    # lower-case names and reference (laptop), their blind index (office): what the case list searches
    search_text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(2), default="fr")
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    retain_until: Mapped[str | None] = mapped_column(String(10))  # schema 0002: erase after this date
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # schema 0004: who follows it

    snapshots: Mapped[list[HouseholdSnapshot]] = relationship(back_populates="case", passive_deletes=True)
    assessments: Mapped[list[AssessmentRow]] = relationship(back_populates="case", passive_deletes=True,
                                                            order_by="AssessmentRow.id")


class CaseToken(Base):
    """The office's blind index of a case (schema 0004): one row per keyed hash of a name or reference
    prefix (keys.FieldSealer), so a search is an index look-up, not a scan. A laptop searches search_text."""

    __tablename__ = "case_tokens"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)


class HouseholdSnapshot(Base):
    """The household exactly as assessed (Household.to_dict() as canonical JSON): the assessment's input."""

    __tablename__ = "household_snapshots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    household_json: Mapped[str] = mapped_column(SealedText)
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
    output_json: Mapped[str] = mapped_column(SealedText)  # Assessment.to_dict(), canonical JSON
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
    decision_json: Mapped[str] = mapped_column(SealedText)
    outcome: Mapped[str] = mapped_column(String(20))
    decided_on: Mapped[str | None] = mapped_column(String(10))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[str] = mapped_column(String(32))


class RequestRow(Base):
    """A request for aid in the register (schema 0005): numbered in order within the year it was received."""

    __tablename__ = "requests"
    __table_args__ = (UniqueConstraint("year", "number", name="uq_requests_year_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    received: Mapped[str] = mapped_column(String(10))
    how: Mapped[str] = mapped_column(String(20))
    received_by: Mapped[str] = mapped_column(Text, default="")  # a colleague of the CPAS
    asked: Mapped[str] = mapped_column(SealedText, default="")  # what the client asks: it may name people
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[str] = mapped_column(String(32))


class MeetingRow(Base):
    """A meeting of the deciding body (schema 0005); its agenda is the cases of meeting_cases, in order."""

    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    on_date: Mapped[str] = mapped_column(String(10), index=True)
    body: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[str] = mapped_column(String(32))


class MeetingCase(Base):
    __tablename__ = "meeting_cases"
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)


class NotificationRow(Base):
    """How and when a decision was notified (schema 0005): posted by registered letter or handed."""

    __tablename__ = "notifications"
    __table_args__ = (CheckConstraint("method IN ('registered', 'by_hand')", name="ck_notifications_method"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"))
    on_date: Mapped[str] = mapped_column(String(10))
    method: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[str] = mapped_column(String(32))


class Draft(Base):
    """The wizard's autosave (schema 0002)."""

    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    household_json: Mapped[str] = mapped_column(SealedText)
    page: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[str] = mapped_column(String(32))


class CaseScenarios(Base):
    """The what-if scenarios kept with a case (schema 0006): beside its history, never part of it."""

    __tablename__ = "case_scenarios"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    scenarios_json: Mapped[str] = mapped_column(SealedText)  # household values: sealed at the office
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
