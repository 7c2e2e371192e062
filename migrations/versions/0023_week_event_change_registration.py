"""week event changes: how people register travels with a waiting change that links, changes or
unlinks a Verbind webinar (registration_mode, external_url, capacity), so the published event
keeps its own registration until a moderator approves; NULL: the change leaves it as it is

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-14 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("week_event_change") as batch_op:
        batch_op.add_column(sa.Column("registration_mode", sa.String(length=10), nullable=True))
        batch_op.add_column(
            sa.Column("external_url", sa.String(length=500), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("capacity", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("week_event_change") as batch_op:
        batch_op.drop_column("capacity")
        batch_op.drop_column("external_url")
        batch_op.drop_column("registration_mode")
