"""fair quizzes: when a quiz shows the right answers, an optional waiting time before a new
attempt, and extra attempts moderators grant to a learner (the log of grants)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27 22:10:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('course_quiz') as batch_op:
        batch_op.add_column(
            sa.Column('show_answers', sa.String(length=40), nullable=False,
                      server_default='after_passing_or_last_attempt')
        )
        batch_op.add_column(sa.Column('retry_after_hours', sa.Integer(), nullable=True))
    op.create_table('course_extra_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['granted_by_id'], ['user.id'], name=op.f('fk_course_extra_attempts_granted_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['quiz_id'], ['course_quiz.id'], name=op.f('fk_course_extra_attempts_quiz_id_course_quiz'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_course_extra_attempts_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_extra_attempts'))
    )
    with op.batch_alter_table('course_extra_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_extra_attempts_quiz_id'), ['quiz_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_course_extra_attempts_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('course_extra_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_extra_attempts_user_id'))
        batch_op.drop_index(batch_op.f('ix_course_extra_attempts_quiz_id'))
    op.drop_table('course_extra_attempts')
    with op.batch_alter_table('course_quiz') as batch_op:
        batch_op.drop_column('retry_after_hours')
        batch_op.drop_column('show_answers')
