"""week events that change: a published event's new time or place waits for review in
week_event_change; cancelled events stay public (cancelled_at, cancel_reason); changed_at

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27 22:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('week_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column('cancel_reason', sa.String(length=1000), nullable=False, server_default='')
        )

    op.create_table('week_event_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('gemeente', sa.String(length=100), nullable=False),
    sa.Column('province', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['week_event.id'], name=op.f('fk_week_event_change_event_id_week_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user.id'], name=op.f('fk_week_event_change_proposed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_week_event_change')),
    sa.UniqueConstraint('event_id', name=op.f('uq_week_event_change_event_id'))
    )


def downgrade():
    op.drop_table('week_event_change')
    with op.batch_alter_table('week_event', schema=None) as batch_op:
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('changed_at')
