"""live questions keep what the asker typed when a moderator edits them: original_text, and who
edited when

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27 22:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('webinar_question') as batch_op:
        batch_op.add_column(sa.Column('original_text', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('edited_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_webinar_question_edited_by_id_user'),
            'user',
            ['edited_by_id'],
            ['id'],
            ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('webinar_question') as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_webinar_question_edited_by_id_user'), type_='foreignkey'
        )
        batch_op.drop_column('edited_at')
        batch_op.drop_column('edited_by_id')
        batch_op.drop_column('original_text')
