"""accounts: erasure (an erased account keeps its row, without personal data, as the author of
what stays) with its log, and the retention warning of inactive accounts

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 10:00:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user") as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("retention_warned_at", sa.DateTime(timezone=True), nullable=True)
        )
    # A live question loses its author when they are erased or the archive period is over.
    with op.batch_alter_table("webinar_question") as batch_op:
        batch_op.alter_column("author_id", existing_type=sa.Integer(), nullable=True)
    op.create_table(
        "account_erasure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=20), nullable=False),
        sa.Column("erased_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["erased_by_id"],
            ["user.id"],
            name=op.f("fk_account_erasure_erased_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_erasure")),
    )
    with op.batch_alter_table("account_erasure") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_erasure_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_account_erasure_created_at"), ["created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("account_erasure") as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_erasure_created_at"))
        batch_op.drop_index(batch_op.f("ix_account_erasure_account_id"))
    op.drop_table("account_erasure")
    # Questions without author cannot go back to a required author: they go.
    op.execute("DELETE FROM webinar_question WHERE author_id IS NULL")
    with op.batch_alter_table("webinar_question") as batch_op:
        batch_op.alter_column("author_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("user") as batch_op:
        batch_op.drop_column("retention_warned_at")
        batch_op.drop_column("erased_at")
