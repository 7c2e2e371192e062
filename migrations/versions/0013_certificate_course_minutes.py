"""certificates keep the course's duration (minutes, the sum of its lessons) as it was when
issued, like its title and accreditation; existing certificates get the present sum. The
shipped course (kindcheck) claimed an SKJ accreditation Verbind never held: that claim goes from
the course and from the certificates already issued for it (not restored on downgrade)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('course_certificate') as batch_op:
        batch_op.add_column(
            sa.Column('course_minutes', sa.Integer(), nullable=False, server_default='0')
        )
    op.execute(
        sa.text(
            "UPDATE course_certificate SET course_minutes = ("
            " SELECT COALESCE(SUM(course_lesson.minutes), 0) FROM course_lesson"
            " JOIN course_module ON course_module.id = course_lesson.module_id"
            " WHERE course_module.course_id = course_certificate.course_id"
            " AND course_module.removed = :no AND course_lesson.removed = :no)"
        ).bindparams(no=False)
    )

    # The claim was never true; a certificate's verification page must not repeat it.
    for table, course_column in (("course", "id"), ("course_certificate", "course_id")):
        op.execute(
            sa.text(
                f"UPDATE {table} SET accreditation_body = '', accreditation_points = 0"
                f" WHERE {course_column} IN (SELECT id FROM course WHERE slug = 'kindcheck')"
                " AND accreditation_body = 'SKJ'"
            )
        )


def downgrade():
    with op.batch_alter_table('course_certificate') as batch_op:
        batch_op.drop_column('course_minutes')
