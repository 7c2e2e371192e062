"""webinars: poll answers are stored without locking the poll; the results' version is the sum
of the answers' revisions (1 when stored, one more per change) instead of a counter on the poll

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-28 16:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("webinar_poll_answer") as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))
    # The versions go on from where they were: each poll's first answer carries the changes
    # the old counter counted beyond one per answer (result_version - answers).
    op.execute(
        """
        UPDATE webinar_poll_answer SET revision = 1 + (
            SELECT CASE WHEN p.result_version > n.answers THEN p.result_version - n.answers
                        ELSE 0 END
            FROM webinar_poll p
            JOIN (SELECT poll_id, count(*) AS answers FROM webinar_poll_answer GROUP BY poll_id) n
              ON n.poll_id = p.id
            WHERE p.id = webinar_poll_answer.poll_id)
        WHERE id IN (SELECT min(id) FROM webinar_poll_answer GROUP BY poll_id)
        """
    )
    with op.batch_alter_table("webinar_poll") as batch_op:
        batch_op.drop_column("result_version")


def downgrade():
    with op.batch_alter_table("webinar_poll") as batch_op:
        batch_op.add_column(
            sa.Column("result_version", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute(
        """
        UPDATE webinar_poll SET result_version = (
            SELECT coalesce(sum(a.revision), 0) FROM webinar_poll_answer a
            WHERE a.poll_id = webinar_poll.id)
        """
    )
    with op.batch_alter_table("webinar_poll_answer") as batch_op:
        batch_op.drop_column("revision")
