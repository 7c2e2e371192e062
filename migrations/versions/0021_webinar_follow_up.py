"""webinars: when the follow-up mail after a webinar went, for the webinar (the host sent it or
the cron job started it) and for each registration (so each person gets it once)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("webinar") as batch_op:
        batch_op.add_column(
            sa.Column("follow_up_sent_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("webinar_registration") as batch_op:
        batch_op.add_column(
            sa.Column("follow_up_sent_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("webinar_registration") as batch_op:
        batch_op.drop_column("follow_up_sent_at")
    with op.batch_alter_table("webinar") as batch_op:
        batch_op.drop_column("follow_up_sent_at")
