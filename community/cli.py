"""Command-line commands: `flask users create-admin`, `flask demo load`, `flask mail work`,
`flask backup` / `flask restore` and the cron tasks."""

import click
from flask.cli import AppGroup, with_appcontext

from community.accounts import services
from community.extensions import db

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo content for local use.")


@users_cli.command("create-admin")
@click.option("--name", prompt="Name")
@click.option("--email", prompt="E-mail address")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin_command(name, email, password):
    """Create a confirmed administrator (or make an existing account administrator)."""
    try:
        user = services.create_admin(name=name, email=email, password=password)
    except services.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"{user.email} is now an administrator.")


@demo_cli.command("load")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Do nothing (and succeed) when the database already has users.",
)
def load_demo_command(if_empty):
    """Fill an empty database with demo content and one account per role."""
    from community.demo import DemoError, load_demo

    try:
        logins = load_demo()
    except DemoError as error:
        if if_empty:
            click.echo(f"Demo not loaded: {error}")
            return
        raise click.ClickException(str(error)) from error
    click.echo("Demo loaded. Log in with one of these accounts:")
    for role, email, password in logins:
        click.echo(f"  {role:<13} {email:<34} {password}")


forum_cli = AppGroup("forum", help="Forum tasks for cron.")


@forum_cli.command("send-digests")
def send_digests_command():
    """E-mail each digest subscriber a summary of their notifications of the last day."""
    from community.forum.notifications import send_digests

    sent = send_digests()
    click.echo(f"Digest e-mails sent: {sent}")


@forum_cli.command("seed-categories")
def seed_categories_command():
    """Add the default forum categories that are missing (safe to run again)."""
    from community.forum.categories import seed_categories

    seed_categories()
    click.echo("Forum categories are in place.")


courses_cli = AppGroup("courses", help="Course content.")


@courses_cli.command("import")
@click.argument("path", type=click.Path(file_okay=False))
def import_course_command(path):
    """Import (or update in place) the course in folder PATH."""
    from courses.content import ContentError, import_course

    try:
        result = import_course(path)
    except ContentError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    verb = "Imported" if result.created else "Updated"
    counts = ", ".join(f"{number} {name}" for name, number in result.counts.items())
    click.echo(f"{verb} '{result.course.title}' ({result.course.slug}): {counts}.")


webinars_cli = AppGroup("webinars", help="Webinar tasks for cron.")


@webinars_cli.command("send-reminders")
@click.option("--hours", default=24, show_default=True, help="Remind this long before the start.")
def send_reminders_command(hours):
    """E-mail a reminder to everyone registered for a webinar starting soon (once each)."""
    from datetime import timedelta

    from community.webinars.mail import send_reminders

    sent = send_reminders(timedelta(hours=hours))
    click.echo(f"Reminders sent: {sent}")


@webinars_cli.command("send-follow-ups")
@click.option(
    "--hours",
    type=float,
    default=None,
    help="Send this long after the end [WEBINAR_FOLLOW_UP_HOURS].",
)
def send_follow_ups_command(hours):
    """E-mail attendees of webinars that ended the recording, the Q&A and the forum questions,
    and the recording link to those whose follow-up went before the host added the recording
    (once each, safe to run again or twice at once)."""
    from datetime import timedelta

    from flask import current_app

    from community.webinars.mail import send_follow_ups, send_recording_mails

    hours = current_app.config["WEBINAR_FOLLOW_UP_HOURS"] if hours is None else hours
    sent = send_follow_ups(timedelta(hours=hours))
    click.echo(f"Follow-up mails sent: {sent}")
    click.echo(f"Recording mails sent: {send_recording_mails()}")


mail_cli = AppGroup("mail", help="The mail outbox.")


@mail_cli.command("work")
@click.option("--once", is_flag=True, help="Send what is due once and stop (for cron).")
@click.option(
    "--interval",
    type=float,
    default=None,
    help="Seconds between looks at the outbox when it is empty [MAIL_WORKER_INTERVAL_SECONDS].",
)
def mail_work_command(once, interval):
    """Send queued mail, retrying failures with backoff, and build requested data exports;
    runs until stopped (or --once)."""
    from community.data_rights import work_on_exports
    from community.outbox import run_worker

    sent, failed = run_worker(once=once, interval=interval, jobs=(work_on_exports,))
    click.echo(f"Mail sent: {sent}, failed attempts: {failed}")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(path):
    """Write a consistent copy of the SQLite database to PATH, while the app runs."""
    from flask import current_app

    from community.operations.backup import BackupError, backup_database

    try:
        result = backup_database(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Back-up written to {result.path} ({result.size:,} bytes, revision {result.revision})."
    )


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path, yes):
    """Replace the SQLite database with the back-up in PATH (after a safety copy of it)."""
    from flask import current_app

    from community.clock import utcnow
    from community.operations.backup import (
        BackupError,
        check_backup,
        restore_database,
        sqlite_database_path,
    )

    uri = current_app.config["SQLALCHEMY_DATABASE_URI"]
    migrations = current_app.extensions["migrate"].directory
    try:
        database = sqlite_database_path(uri)
        revision = check_backup(path, migrations)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    if not yes:
        click.confirm(
            f"Replace everything in {database} with the back-up {path} (revision {revision})? "
            "Stop the app's processes first.",
            abort=True,
        )
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    safety = database.with_name(f"{database.stem}.before-restore-{stamp}{database.suffix}")
    try:
        result = restore_database(uri, path, migrations, safety_copy=safety)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    if result.safety_copy:
        click.echo(f"The database as it was is kept in {result.safety_copy}.")
    click.echo(f"Restored {path} into {database} (revision {result.revision}).")
    if not result.at_head:
        click.echo("The back-up is from an older version: run `flask db upgrade` now.")


retention_cli = AppGroup("retention", help="Retention periods (run daily from cron).")


@retention_cli.command("run")
def retention_run_command():
    """Remove what is past its retention period (RETENTION_* settings); prints the counts."""
    from community.retention import run_retention

    for line in run_retention().lines():
        click.echo(line)


def register(app):
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(retention_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(webinars_cli)
    app.cli.add_command(courses_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(forum_cli)
