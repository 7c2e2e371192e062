"""UTCDateTime: aware UTC in, aware UTC out; a naive datetime is refused as a bug."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from community.accounts.models import User
from community.clock import utcnow
from community.db_types import UTCDateTime
from community.extensions import db
from community.webinars.models import Webinar
from tests.helpers import make_user

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def sqlite_table():
    engine = sa.create_engine("sqlite://")
    metadata = sa.MetaData()
    table = sa.Table(
        "moment",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", UTCDateTime()),
    )
    metadata.create_all(engine)
    with engine.begin() as connection:
        yield connection, table
    engine.dispose()


def test_a_naive_datetime_is_refused(sqlite_table):
    connection, table = sqlite_table

    with pytest.raises(sa.exc.StatementError) as raised:
        connection.execute(table.insert().values(at=datetime(2026, 1, 15, 18, 30)))
    assert isinstance(raised.value.orig, ValueError)


def test_an_aware_time_in_another_zone_is_stored_as_utc(sqlite_table):
    connection, table = sqlite_table
    connection.execute(table.insert().values(at=datetime(2026, 7, 15, 20, 30, tzinfo=AMSTERDAM)))

    stored = connection.scalar(sa.select(table.c.at))
    text = connection.scalar(sa.text("SELECT at FROM moment"))

    assert stored == datetime(2026, 7, 15, 18, 30, tzinfo=UTC)
    assert stored.tzinfo is UTC
    assert text.startswith("2026-07-15 18:30:00")  # SQLite keeps UTC text, as before


def test_a_round_trip_through_sqlite_gives_aware_utc(sqlite_table):
    connection, table = sqlite_table
    moment = datetime(2026, 10, 25, 1, 30, 15, 123456, tzinfo=UTC)
    connection.execute(table.insert().values(at=moment))
    connection.execute(table.insert().values(at=None))

    assert connection.scalars(sa.select(table.c.at).order_by(table.c.id)).all() == [moment, None]
    assert connection.scalar(sa.select(table.c.at).limit(1)).tzinfo is UTC


def test_comparisons_in_queries_take_aware_values(sqlite_table):
    connection, table = sqlite_table
    moment = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    connection.execute(table.insert().values(at=moment))
    just_before = datetime(2026, 3, 29, 1, 59, tzinfo=AMSTERDAM)  # 00:59 UTC, winter time

    just_after = datetime(2026, 3, 29, 3, 1, tzinfo=AMSTERDAM)  # 01:01 UTC, summer time

    assert connection.scalar(sa.select(sa.func.count()).where(table.c.at > just_before)) == 1
    assert connection.scalar(sa.select(sa.func.count()).where(table.c.at > just_after)) == 0


def test_every_datetime_column_of_the_models_is_utc_datetime(app):
    plain = [
        f"{table.name}.{column.name}"
        for table in db.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, sa.DateTime)
    ]
    assert plain == []


def test_a_stored_row_has_aware_utc_datetimes_after_a_reload(app_ctx):
    host = make_user(roles=("organiser",))
    starts = utcnow().replace(microsecond=0) + timedelta(days=3)
    webinar = Webinar(
        title="Meldcode in de praktijk",
        description="Over de meldcode.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        capacity=10,
        host_id=host.id,
    )
    db.session.add(webinar)
    db.session.commit()
    webinar_id, user_id = webinar.id, host.id
    db.session.remove()

    webinar = db.session.get(Webinar, webinar_id)
    user = db.session.get(User, user_id)
    assert webinar.starts_at == starts
    for value in (webinar.starts_at, webinar.ends_at, webinar.created_at, user.created_at):
        assert value.tzinfo is UTC
    assert user.email_confirmed_at.tzinfo is UTC
