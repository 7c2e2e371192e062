"""every datetime column holds aware UTC: timestamp with time zone on PostgreSQL (the stored
naive values were UTC); SQLite keeps its text, read back as UTC by community.db_types.UTCDateTime

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 10:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# Every DateTime column of revisions 0001-0007, by table.
DATETIME_COLUMNS = {
    'user': ('created_at', 'email_confirmed_at', 'last_login_at', 'verification_requested_at',
             'verification_decided_at'),
    'user_role': ('granted_at',),
    'forum_danger_phrase': ('created_at',),
    'forum_post': ('created_at', 'edited_at', 'status_changed_at', 'last_activity_at'),
    'forum_flag': ('created_at', 'resolved_at'),
    'forum_moderation_log': ('created_at',),
    'forum_revision': ('created_at',),
    'forum_vote': ('created_at',),
    'forum_watch': ('created_at',),
    'notification': ('created_at', 'read_at', 'emailed_at'),
    'course': ('imported_at',),
    'course_certificate': ('issued_at',),
    'course_enrolment': ('enrolled_at', 'completed_at'),
    'course_attempt': ('started_at', 'submitted_at'),
    'course_lesson_completion': ('completed_at',),
    'webinar': ('starts_at', 'ends_at', 'created_at'),
    'webinar_question': ('created_at',),
    'webinar_registration': ('status_since', 'created_at', 'reminder_sent_at'),
    'webinar_question_vote': ('created_at',),
    'week_event': ('starts_at', 'ends_at', 'reviewed_at', 'created_at', 'updated_at'),
    'week_event_registration': ('status_since', 'created_at'),
}


def _alter_all(new_type):
    # One ALTER TABLE per table, so each table is rewritten once. AT TIME ZONE 'UTC' reads a
    # naive value as UTC (upgrade) and gives an aware value's UTC wall time (downgrade), whatever
    # the session's TimeZone.
    for table, columns in DATETIME_COLUMNS.items():
        clauses = ', '.join(
            f'ALTER COLUMN "{column}" TYPE {new_type} USING "{column}" AT TIME ZONE \'UTC\''
            for column in columns
        )
        op.execute(f'ALTER TABLE "{table}" {clauses}')


def upgrade():
    # SQLite has no time zone type: its UTC text stays as it is.
    if op.get_bind().dialect.name != 'postgresql':
        return
    _alter_all('timestamp with time zone')


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    _alter_all('timestamp without time zone')
