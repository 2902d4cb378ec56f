"""The first schema: cases, household snapshots, assessments, decisions, users, datasets, policies, audit log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from redi_desktop.store.schema import refuse_changes

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY = ("household_snapshots", "assessments", "audit_log")


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.Text),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.CheckConstraint("role IN ('caseworker', 'manager', 'administrator')", name="ck_users_role"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("file_reference", sa.String(80), nullable=False),
        sa.Column("client_first_name", sa.String(200), nullable=False),
        sa.Column("client_last_name", sa.String(200), nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id")),
        sa.CheckConstraint("status IN ('open', 'closed')", name="ck_cases_status"),
    )
    op.create_index("ix_cases_updated", "cases", ["updated_at"])
    op.create_table(
        "household_snapshots",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("household_json", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_household_snapshots_case_id", "household_snapshots", ["case_id"])
    op.create_table(
        "datasets",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("dataset_id", sa.String(80), nullable=False),
        sa.Column("content_json", sa.Text, nullable=False),
        sa.Column("stored_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "policies",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("policy_id", sa.String(80), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("policy_json", sa.Text, nullable=False),
        sa.Column("stored_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("household_snapshots.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("on_date", sa.String(10), nullable=False),
        sa.Column("output_json", sa.Text, nullable=False),
        sa.Column("dataset_id", sa.String(80), nullable=False),
        sa.Column("dataset_sha256", sa.String(64), sa.ForeignKey("datasets.sha256"), nullable=False),
        sa.Column("policy_id", sa.String(80), nullable=False),
        sa.Column("policy_version", sa.Integer, nullable=False),
        sa.Column("policy_sha256", sa.String(64), sa.ForeignKey("policies.sha256"), nullable=False),
        sa.Column("engine_version", sa.String(40), nullable=False),
        sa.Column("inputs_sha256", sa.String(64), nullable=False),
        sa.Column("outputs_sha256", sa.String(64), nullable=False),
        sa.Column("run_id", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_assessments_case_id", "assessments", ["case_id"])
    op.create_index("ix_assessments_run_id", "assessments", ["run_id"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id", ondelete="CASCADE")),
        sa.Column("decision_json", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("decided_on", sa.String(10)),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_decisions_case_id", "decisions", ["case_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("user_id", sa.Integer),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("case_id", sa.String(36)),
        sa.Column("ref", sa.String(40)),
        sa.Column("digest", sa.String(64)),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_log_case_id", "audit_log", ["case_id"])
    for table in APPEND_ONLY:
        refuse_changes(op, table, f"{table}_no_update")
    refuse_changes(op, "audit_log", "audit_log_no_delete", "DELETE")


def downgrade() -> None:
    for table in ("audit_log", "decisions", "assessments", "policies", "datasets", "household_snapshots",
                  "cases", "users", "meta"):
        op.drop_table(table)
