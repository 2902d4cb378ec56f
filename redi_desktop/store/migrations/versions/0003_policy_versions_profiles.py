"""The CPAS's policy, versioned (each version with its author, date and reason), and the caseworkers'
profiles (name, phone, e-mail, service printed on letters).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from redi_desktop.store.schema import drop_trigger, refuse_changes

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False, unique=True),
        sa.Column("policy_sha256", sa.String(64), sa.ForeignKey("policies.sha256"), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.CheckConstraint("length(trim(reason)) > 0", name="ck_policy_versions_reason"),
    )
    refuse_changes(op, "policy_versions", "policy_versions_append_only")
    op.create_table(
        "profiles",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("profile_json", sa.Text, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("profiles")
    drop_trigger(op, "policy_versions", "policy_versions_append_only")
    op.drop_table("policy_versions")
