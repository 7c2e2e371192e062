"""webinars: a version on each live question's vote count, so browsers keep the newest count
when coalesced vote broadcasts from several processes arrive out of order

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-28 04:15:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("webinar_question") as batch_op:
        batch_op.add_column(
            sa.Column("vote_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("webinar_question") as batch_op:
        batch_op.drop_column("vote_version")
