"""privacy_confirmed on forum posts, live questions, webinars and Week events: the author was
shown the privacy guard's findings and confirmed nobody can be recognised

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 18:10:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TABLES = ('forum_post', 'webinar_question', 'webinar', 'week_event')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column('privacy_confirmed', sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('privacy_confirmed')
