"""PostgreSQL: a transaction that only read ends with COMMIT instead of ROLLBACK, so psycopg
keeps its prepared statements from one request to the next.

psycopg prepares a statement on the server once it has run it five times, so PostgreSQL no
longer parses and plans it each time; but every ROLLBACK makes psycopg forget them all (and
start counting again). Each request ends its transaction with a ROLLBACK when the session
closes, so no statement was ever prepared and every page planned all its queries anew. For a
transaction of SELECTs only, COMMIT and ROLLBACK do the same to the data (and both release a
SELECT ... FOR UPDATE lock); anything else, or any error, still ends with a real ROLLBACK."""

from contextlib import suppress

from sqlalchemy import event


def end_reads_with_commit(engine):
    """Listen on `engine` (PostgreSQL with psycopg) for the rest of its life."""

    @event.listens_for(engine, "begin")
    def start_reading(connection):
        connection.info["only_read"] = True

    @event.listens_for(engine, "before_cursor_execute")
    def note_other_statements(connection, cursor, statement, parameters, context, many):
        # SAVEPOINT, SET LOCAL, DML, a WITH that may write: all count as more than reading.
        if connection.info.get("only_read") and statement.lstrip()[:6].upper() != "SELECT":
            connection.info["only_read"] = False

    @event.listens_for(engine, "handle_error")
    def note_error(context):
        if context.connection is not None:
            context.connection.info["only_read"] = False

    @event.listens_for(engine, "commit")
    def forget_on_commit(connection):
        connection.info.pop("only_read", None)

    @event.listens_for(engine, "rollback")
    def commit_reads_instead(connection):
        if not connection.info.pop("only_read", False):
            return
        # Afterwards SQLAlchemy's own rollback finds no transaction, and psycopg sends none. If
        # the COMMIT fails, that rollback deals with the broken connection, as it always did.
        with suppress(engine.dialect.loaded_dbapi.Error):
            connection.connection.dbapi_connection.commit()
