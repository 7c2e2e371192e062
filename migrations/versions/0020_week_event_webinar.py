"""week events: an online event can be a Verbind webinar (week_event.webinar_id, and the same
on a waiting change of a published event's time and place)

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-28 12:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = "0019"
branch_labels = None
depends_on = None

TABLES = ('week_event', 'week_event_change')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('webinar_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_webinar_id'), ['webinar_id'])
            batch_op.create_foreign_key(
                batch_op.f(f'fk_{table}_webinar_id_webinar'),
                'webinar',
                ['webinar_id'],
                ['id'],
                ondelete='SET NULL',
            )


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_webinar_id_webinar'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_webinar_id'))
            batch_op.drop_column('webinar_id')
