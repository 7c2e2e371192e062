"""Short lists with an "all N …" link (the home page's cards): the first rows and the total."""

from sqlalchemy import func, select

from community.extensions import db


def first_and_total(statement, limit):
    """(the first `limit` rows of `statement`, and how many rows it has in all): two queries.
    A statement of one entity gives the entities, one of several gives rows (tuples)."""
    result = db.session.execute(statement.limit(limit))
    rows = result.scalars().all() if len(statement.column_descriptions) == 1 else result.all()
    counted = statement.order_by(None).subquery()
    return rows, db.session.scalar(select(func.count()).select_from(counted))
