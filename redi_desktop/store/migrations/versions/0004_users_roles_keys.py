"""Users who sign in: the four roles of a CPAS (caseworker, head of service, committee secretary,
administrator), each user's key entry (office databases; a laptop keeps them in its keyring file), who a
case is assigned to, the office's blind index of names (case_tokens). On PostgreSQL the identity columns
become unbounded text: they hold ciphertext.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD_ROLES = {"manager": "head", "administrator": "admin"}


def _roles(names: dict[str, str], allowed: str) -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("ck_users_role", type_="check")
    for old, new in names.items():
        op.execute(sa.text("UPDATE users SET role = :new WHERE role = :old").bindparams(new=new, old=old))
    with op.batch_alter_table("users") as batch:
        batch.create_check_constraint("ck_users_role", f"role IN ({allowed})")


def upgrade() -> None:
    _roles(OLD_ROLES, "'caseworker', 'head', 'secretary', 'admin'")
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("assigned_to", sa.Integer, sa.ForeignKey("users.id", name="fk_cases_assigned_to")))
        if op.get_context().dialect.name == "postgresql":
            batch.alter_column("client_first_name", type_=sa.Text)
            batch.alter_column("client_last_name", type_=sa.Text)
    op.create_table(
        "user_keys",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("entry_json", sa.Text, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )


    op.create_table(
        "case_tokens",
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("token", sa.String(16), primary_key=True),
    )
    op.create_index("ix_case_tokens_token", "case_tokens", ["token"])


def downgrade() -> None:
    op.drop_table("case_tokens")
    op.drop_table("user_keys")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("assigned_to")
    _roles({new: old for old, new in OLD_ROLES.items()}, "'caseworker', 'manager', 'administrator'")
