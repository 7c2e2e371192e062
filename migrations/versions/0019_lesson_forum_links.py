"""lessons and the forum: a lesson's tags (forum tag names), and the lesson a forum question
was asked at

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 10:00:00

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

FOREIGN_KEY = "fk_forum_post_lesson_id_course_lesson"


def upgrade():
    op.create_table(
        "course_lesson_tag",
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["course_lesson.id"],
            name=op.f("fk_course_lesson_tag_lesson_id_course_lesson"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lesson_id", "name", name=op.f("pk_course_lesson_tag")),
    )
    # On SQLite batch mode rebuilds forum_post for the foreign key, and a rebuilt table loses
    # its triggers (the full-text index's): they are put back as they were.
    triggers = _forum_post_triggers()
    with op.batch_alter_table("forum_post") as batch_op:
        batch_op.add_column(sa.Column("lesson_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            FOREIGN_KEY, "course_lesson", ["lesson_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index(batch_op.f("ix_forum_post_lesson_id"), ["lesson_id"], unique=False)
    _restore(triggers)


def downgrade():
    triggers = _forum_post_triggers()
    with op.batch_alter_table("forum_post") as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_post_lesson_id"))
        batch_op.drop_constraint(FOREIGN_KEY, type_="foreignkey")
        batch_op.drop_column("lesson_id")
    _restore(triggers)
    op.drop_table("course_lesson_tag")


def _forum_post_triggers():
    if op.get_bind().dialect.name != "sqlite":
        return []
    return (
        op.get_bind()
        .exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'forum_post'"
        )
        .scalars()
        .all()
    )


def _restore(triggers):
    existing = _forum_post_triggers()
    for trigger in triggers:
        if trigger not in existing:
            op.execute(trigger)
