"""forum search on PostgreSQL: a stored tsvector column with a GIN index replaces the
expression index, so ranking no longer rebuilds each post's vector

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 12:25:00

"""
from alembic import op

from community.forum.search import POSTGRES_INDEX_DDL, POSTGRES_VECTOR


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    # SQLite keeps its FTS5 table; nothing changes there.
    if op.get_bind().dialect.name != 'postgresql':
        return
    for statement in POSTGRES_INDEX_DDL:  # idempotent: a new database already has them
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute(
        f"CREATE INDEX IF NOT EXISTS ix_forum_post_search ON forum_post USING gin ({POSTGRES_VECTOR})"
    )
    op.execute("DROP INDEX IF EXISTS ix_forum_post_search_vector")
    op.execute("ALTER TABLE forum_post DROP COLUMN IF EXISTS search_vector")
