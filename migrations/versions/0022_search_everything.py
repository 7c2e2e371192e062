"""search everything: full-text indexes for lessons, webinars and Week events (SQLite FTS5
tables with triggers, filled from the existing rows; PostgreSQL generated weighted Dutch
tsvector columns with GIN indexes); on SQLite also the forum index's triggers, lost in 0007

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-10 10:00:00

"""
from alembic import op

from community.events.search import INDEX as EVENT_INDEX
from community.forum.search import INDEX as FORUM_INDEX
from community.webinars.search import INDEX as WEBINAR_INDEX
from courses.search import INDEX as LESSON_INDEX


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = "0021"
branch_labels = None
depends_on = None

INDEXES = (LESSON_INDEX, WEBINAR_INDEX, EVENT_INDEX)


def upgrade():
    dialect = op.get_bind().dialect.name
    for index in INDEXES:  # idempotent: a database made by create_all already has them
        for statement in index.ddl(dialect) + index.fill_ddl(dialect):
            op.execute(statement)
    if dialect == "sqlite":
        # Revision 0007 rebuilt forum_post on SQLite, which dropped the forum index's triggers:
        # posts written since were not indexed. Put the triggers back and index every post.
        for statement in FORUM_INDEX.ddl(dialect) + FORUM_INDEX.fill_ddl(dialect):
            op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for index in INDEXES:
        for statement in index.drop_ddl(dialect):
            op.execute(statement)
