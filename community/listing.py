"""Lists with a total: the home page's short lists with an "all N …" link (the first rows and
the total), and pages whose total comes with the rows."""

from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import func, select

from community.extensions import db


def first_and_total(statement, limit):
    """(the first `limit` rows of `statement`, and how many rows it has in all): two queries.
    A statement of one entity gives the entities, one of several gives rows (tuples)."""
    result = db.session.execute(statement.limit(limit))
    rows = result.scalars().all() if len(statement.column_descriptions) == 1 else result.all()
    counted = statement.order_by(None).subquery()
    return rows, db.session.scalar(select(func.count()).select_from(counted))


class _WindowCountedPagination(SelectPagination):
    """Flask-SQLAlchemy's page of a select() of one entity, whose total comes with the rows (a
    window count) instead of from a second query. Only a page past the end, which has no rows
    to carry it, counts apart."""

    def _query_items(self):
        statement = self._query_args["select"].add_columns(func.count().over())
        statement = statement.limit(self.per_page).offset(self._query_offset)
        rows = self._query_args["session"].execute(statement).unique().all()
        self._counted_total = rows[0][1] if rows else None
        return [row[0] for row in rows]

    def _query_count(self):
        if self._counted_total is not None:
            return self._counted_total
        return 0 if self.page == 1 else super()._query_count()


def page_with_total(statement, *, page, per_page):
    """db.paginate(statement, page=page, per_page=per_page, error_out=False) in one query
    instead of two: for busy pages, where each round trip to the database counts."""
    return _WindowCountedPagination(
        select=statement, session=db.session(), page=page, per_page=per_page, error_out=False
    )
