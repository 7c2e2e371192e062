"""webinars: when each attendee got the recording link (with the follow-up, or in the mail that
goes when the host adds the recording later), so each person gets it once

Registrations whose follow-up went for a webinar that has a recording now count as mailed:
their follow-up most likely carried it, and a second mail with the same link is worse than none.

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-28 16:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("webinar_registration") as batch_op:
        batch_op.add_column(
            sa.Column("recording_mailed_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.execute(
        "UPDATE webinar_registration SET recording_mailed_at = follow_up_sent_at"
        " WHERE follow_up_sent_at IS NOT NULL AND webinar_id IN"
        " (SELECT id FROM webinar WHERE recording_url <> '')"
    )


def downgrade():
    with op.batch_alter_table("webinar_registration") as batch_op:
        batch_op.drop_column("recording_mailed_at")
