"""week events: the postcode apart from the street (structured address for schema.org and a
calendar location without the place twice), the start before a change of time
(previousStartDate), and online events take registration on Verbind (only registered people
get the meeting link)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28 10:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('week_event') as batch_op:
        batch_op.add_column(
            sa.Column('postcode', sa.String(length=7), nullable=False, server_default='')
        )
        batch_op.add_column(
            sa.Column('previous_starts_at', sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table('week_event_change') as batch_op:
        batch_op.add_column(
            sa.Column('postcode', sa.String(length=7), nullable=False, server_default='')
        )
    # An online event without registration showed its meeting link to nobody; from now on the
    # link is for the people registered on Verbind, so such events take registration there.
    op.execute(
        "UPDATE week_event SET registration_mode = 'verbind' "
        "WHERE online AND registration_mode = 'none'"
    )


def downgrade():
    with op.batch_alter_table('week_event_change') as batch_op:
        batch_op.drop_column('postcode')
    with op.batch_alter_table('week_event') as batch_op:
        batch_op.drop_column('previous_starts_at')
        batch_op.drop_column('postcode')
