"""Take turns on one row: for writes that read first and then write what they read (a recount
of votes, the places left), so simultaneous requests cannot both act on the same old count."""

from sqlalchemy import select, update

from community.extensions import db


def lock_row(table, key):
    """Hold row `key` of `table` (a Table, e.g. Post.__table__) until the transaction ends; call
    it before the reads it protects. PostgreSQL: SELECT ... FOR UPDATE, so others wait and then
    read the committed result. SQLite locks the whole database for writing, but only at the first
    write, after the reads: a no-op UPDATE takes that lock first (waiting up to busy_timeout)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(table.c.id).where(table.c.id == key).with_for_update())
    else:
        db.session.execute(update(table).where(table.c.id == key).values(id=table.c.id))
