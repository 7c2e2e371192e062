"""Pages of the Week tegen Kindermishandeling: the calendar (list, week, month) with filters in
the URL and the Verbind webinars during the Week, event pages, iCal and JSON feeds, submitting
and reviewing events, registration."""

import calendar as month_calendar
import json
from dataclasses import replace
from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload
from wtforms.fields import SelectChoice

from community.access_log import AccessKind, log_access
from community.arguments import page_arg
from community.clock import amsterdam_today, local_time, utcnow
from community.csv_export import csv_download
from community.errors import apply_error
from community.events import policies, services
from community.events.forms import (
    AUDIENCE_LABELS,
    EVENT_STATUS_LABELS,
    REGISTRATION_STATUS_LABELS,
    CancelEventForm,
    ChangeReviewForm,
    EditionForm,
    EventForm,
    ReviewForm,
)
from community.events.ical import place_text, split_address, week_calendar, week_feed
from community.events.models import Event, EventChange, EventStatus, WeekEdition
from community.extensions import db
from community.forms import ActionForm, announcement_warnings, privacy_warnings
from community.mail import absolute_url
from community.markup import markdown_to_text
from community.permissions import Permission, can, permission_required
from community.templating import when
from community.webinars import services as webinar_services

bp = Blueprint("events", __name__, url_prefix="/week")

VIEWS = ("list", "week", "month")


def _webinars_shown():
    """Webinars have pages only when their feature is on: without it the Week shows none."""
    return "webinars" in current_app.blueprints


def _event_or_404(event_id, *, public_only=True):
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    if public_only and not policies.may_see_event(current_user, event):
        abort(404)
    return event


def _grid_range(view, anchor):
    """The days a week or month grid shows around `anchor`."""
    if view == "month":
        first = anchor.replace(day=1)
        last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
        return first, last
    monday = anchor - timedelta(days=anchor.weekday())
    return monday, monday + timedelta(days=6)


@bp.route("/")
def index():
    view = request.args.get("view", "list")
    if view not in VIEWS:
        view = "list"
    edition = services.current_edition()
    editions = db.session.scalars(select(WeekEdition).order_by(WeekEdition.year.desc())).all()
    event_filter, problems = services.EventFilter.read(request.args)
    # What the visitor chose, for the form and the fold's "Filters (2)": the edition's or the
    # grid's days fill in below.
    chosen = replace(event_filter)
    active_filters = sum(1 for name in services.EventFilter.names() if request.args.get(name))
    if request.args.get("edition"):
        year = request.args["edition"]
        edition = next((e for e in editions if str(e.year) == year), None)
        if edition is None:
            problems.append(_("There is no edition %(year)s of the Week.", year=year[:30]))
    anchor = event_filter.start or (edition.starts_on if edition else amsterdam_today())
    if view != "list":
        event_filter.start, event_filter.end = _grid_range(view, anchor)
    elif not (event_filter.start or event_filter.end or "all" in request.args) and edition:
        # The calendar opens on the coming or current edition of the Week.
        event_filter.start, event_filter.end = edition.starts_on, edition.ends_on
    # A filter the calendar does not know shows what is wrong and the form, never all events.
    page = (
        None
        if problems
        else services.calendar_page(
            event_filter,
            editions,
            page=page_arg(),
            per_page=50,
            with_webinars=_webinars_shown(),
        )
    )
    days = _days(event_filter, page.items) if page and view != "list" else []
    filter_args = event_filter.as_args()
    return render_template(
        "events/index.html",
        view=view,
        edition=edition,
        editions=editions,
        event_filter=event_filter,
        chosen=chosen,
        chosen_edition=edition.year if request.args.get("edition") and edition else None,
        filter_args=filter_args,
        problems=problems,
        active_filters=active_filters,
        page=page,
        days=days,
        provinces=services.PROVINCES,
        audiences=AUDIENCE_LABELS,
        navigation=_navigation(view, event_filter),
        feed_url=absolute_url("events.feed_ics", **filter_args),
        webinars_shown=_webinars_shown(),
    ), 400 if problems else 200


def _days(event_filter, events):
    """[(day, [entries on that day])] for the week and month grids, in Dutch time."""
    by_day = {}
    for event in events:
        day = services.local_day(event.starts_at)
        last = services.local_day(event.ends_at)
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += timedelta(days=1)
    start, end = event_filter.start, event_filter.end
    days = []
    day = start
    while start and end and day <= end:
        days.append((day, by_day.get(day, [])))
        day += timedelta(days=1)
    return days


def _navigation(view, event_filter):
    if view == "list" or not event_filter.start:
        return None
    if view == "week":
        step = timedelta(days=7)
        previous_start, next_start = event_filter.start - step, event_filter.start + step
    else:
        previous_start = (event_filter.start - timedelta(days=1)).replace(day=1)
        next_start = event_filter.end + timedelta(days=1)
    args = event_filter.as_args()
    args.pop("end", None)
    return (
        url_for("events.index", **{**args, "view": view, "start": previous_start.isoformat()}),
        url_for("events.index", **{**args, "view": view, "start": next_start.isoformat()}),
    )


def _event_status(event):
    """schema.org's eventStatus: cancelled, moved to another time (a new place alone is not a
    new date), or as announced."""
    if event.is_cancelled:
        return "https://schema.org/EventCancelled"
    if event.previous_starts_at is not None and event.previous_starts_at != event.starts_at:
        return "https://schema.org/EventRescheduled"
    return "https://schema.org/EventScheduled"


def _schema_org(event):
    """schema.org Event data for search engines and partner sites. Public: an online event's
    meeting link is never in it (its location is the event's page)."""
    page = absolute_url("events.detail", event_id=event.id)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "eventStatus": _event_status(event),
        "name": event.title,
        "description": markdown_to_text(event.description)[:500],
        "startDate": local_time(event.starts_at).isoformat(),
        "endDate": local_time(event.ends_at).isoformat(),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
        if event.online
        else "https://schema.org/OfflineEventAttendanceMode",
        "organizer": {"@type": "Organization", "name": event.organisation},
        "url": page,
    }
    if data["eventStatus"].endswith("Rescheduled"):
        data["previousStartDate"] = local_time(event.previous_starts_at).isoformat()
    if event.online:
        data["location"] = {"@type": "VirtualLocation", "url": page}
    else:
        street, postcode = split_address(event.address, event.gemeente, event.postcode)
        address = {
            "@type": "PostalAddress",
            "streetAddress": street,
            "postalCode": postcode,
            "addressLocality": event.gemeente,
            "addressRegion": event.province,
            "addressCountry": "NL",
        }
        data["location"] = {
            "@type": "Place",
            "name": event.venue or event.gemeente,
            "address": {name: value for name, value in address.items() if value},
        }
    # Escaped so that no text can close the <script> element it sits in.
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text)  # noqa: S704 - JSON with < and > escaped


@bp.route("/events/<int:event_id>")
def detail(event_id):
    event = _event_or_404(event_id)
    registration = (
        services.registration_of(current_user.id, event.id)
        if current_user.is_authenticated
        else None
    )
    may_edit = policies.may_edit_event(current_user, event)
    meeting_link = policies.may_see_meeting_link(current_user, event)
    webinars_shown = _webinars_shown()
    webinar = (
        webinar_services.webinar_by_id(event.webinar_id)
        if event.webinar_id and webinars_shown
        else None
    )
    # The organiser (and moderators) see what waits for review; everyone the published event.
    pending_change = event.pending_change if may_edit else None
    pending_moved, pending_webinar_changed = (
        services.pending_parts(event) if pending_change else (False, False)
    )
    pending_webinar = (
        webinar_services.webinar_by_id(pending_change.webinar_id)
        if pending_webinar_changed and pending_change.webinar_id and webinars_shown
        else None
    )
    return render_template(
        "events/detail.html",
        event=event,
        registration=registration,
        meeting_link=event.online_url if meeting_link else "",
        place=place_text(event),
        pending_place=place_text(pending_change) if pending_change else "",
        registered_count=services.registered_count(event.id),
        is_past=event.ends_at <= utcnow(),
        may_edit=may_edit,
        pending_change=pending_change,
        pending_moved=pending_moved,
        pending_webinar_changed=pending_webinar_changed and webinars_shown,
        pending_webinar=pending_webinar,
        pending_registration=services.registration_text(
            getattr(pending_change, "registration_mode", None) or event.registration_mode
        ),
        webinar=webinar,
        # Cancelled, moved by its host (its own page has the time that holds) or deleted.
        webinar_state=services.webinar_state(event, webinar),
        changed_on=format_date(services.local_day(event.changed_at), "long")
        if event.changed_at
        else None,
        audiences=AUDIENCE_LABELS,
        status_labels=EVENT_STATUS_LABELS,
        schema_org=_schema_org(event) if event.is_public else None,
        action_form=ActionForm(),
    )


# --- feeds ---------------------------------------------------------------------------------------

FEED_MAX_AGE = 300  # seconds


def _ics(text, *, meeting_link=False):
    response = Response(
        text,
        mimetype="text/calendar",
        headers={"Content-Disposition": "inline; filename=verbind-week.ics"},
    )
    # Calendar apps poll subscriptions: an unchanged feed answers 304 without the body, and a
    # few minutes of caching lets nginx and the apps skip most requests altogether. A file with
    # the meeting link is one person's: no shared cache keeps it.
    if meeting_link:
        response.cache_control.private = True
        response.cache_control.no_store = True
    else:
        response.cache_control.public = True
        response.cache_control.max_age = FEED_MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/events/<int:event_id>.ics")
def event_ics(event_id):
    """The event's `.ics`; for someone registered for an online event (and its organiser) with
    the meeting link."""
    event = _event_or_404(event_id)
    meeting_link = policies.may_see_meeting_link(current_user, event)
    response = _ics(
        week_calendar([event], event.title, meeting_link=meeting_link), meeting_link=meeting_link
    )
    response.vary.add("Cookie")  # a shared cache must not give one person's copy to another
    return response


def _feed_entries():
    """The feeds' entries: the calendar's, for the filters in the address."""
    event_filter = services.EventFilter.from_args(request.args)
    editions = db.session.scalars(select(WeekEdition)).all()
    return services.calendar_entries(
        event_filter, editions, limit=1000, with_webinars=_webinars_shown()
    )


@bp.route("/feed.ics")
def feed_ics():
    """A subscribable calendar for any filtered view (filters as in the calendar's URL), with
    the Verbind webinars during the Week."""
    return _ics(week_feed(_feed_entries(), _("Week against Child Abuse")))


def _json_item(entry):
    if entry.webinar is not None:
        webinar = entry.webinar
        return {
            "id": webinar.id,
            "type": "webinar",
            "title": webinar.title,
            "url": absolute_url("webinars.detail", webinar_id=webinar.id),
            "starts": local_time(webinar.starts_at).isoformat(),
            "ends": local_time(webinar.ends_at).isoformat(),
            "online": True,
            "venue": "",
            "address": "",
            "gemeente": "",
            "province": "",
            "audience": services.WEBINAR_AUDIENCE.value,
            "organisation": "Verbind",
            "cancelled": webinar.cancelled,
        }
    e = entry.event
    item = {
        "id": e.id,
        "type": "event",
        "title": e.title,
        "url": absolute_url("events.detail", event_id=e.id),
        "starts": local_time(e.starts_at).isoformat(),
        "ends": local_time(e.ends_at).isoformat(),
        "online": e.online,
        "venue": e.venue,
        "address": e.address,
        "gemeente": e.gemeente,
        "province": e.province,
        "audience": e.audience,
        "organisation": e.organisation,
        "cancelled": e.is_cancelled,
    }
    if e.webinar_id and _webinars_shown():
        item["webinar_url"] = absolute_url("webinars.detail", webinar_id=e.webinar_id)
        # What the event page says of it: the webinar was cancelled, or moved (to these times).
        state = entry.webinar_state
        item["webinar_cancelled"] = state == services.WebinarState.CANCELLED
        if state == services.WebinarState.MOVED:
            item["webinar_starts"] = local_time(entry.linked_webinar.starts_at).isoformat()
            item["webinar_ends"] = local_time(entry.linked_webinar.ends_at).isoformat()
    return item


@bp.route("/feed.json")
def feed_json():
    """The calendar for partner sites: events (type "event") and Verbind webinars during the
    Week (type "webinar"; their id is the webinar's)."""
    items = [_json_item(entry) for entry in _feed_entries()]
    return Response(json.dumps({"events": items}, ensure_ascii=False), mimetype="application/json")


# --- organisers ----------------------------------------------------------------------------------


def _webinar_choices(form, event):
    """The webinars the form offers: the person's own coming ones (a webinar moderator's: all),
    and the ones the event already links, whatever became of them."""
    webinars = []
    if _webinars_shown():
        host_id = policies.webinar_host_to_offer(current_user)
        webinars = list(webinar_services.webinars_to_link(host_id))
        if event is not None:
            shown = {webinar.id for webinar in webinars}
            linked = {event.webinar_id}
            if event.pending_change is not None:
                linked.add(event.pending_change.webinar_id)
            webinars += webinar_services.webinars_by_ids(linked - shown).values()
    form.webinar_id.choices = [SelectChoice(0, _("No: our own online event (link below)"))] + [
        SelectChoice(webinar.id, f"{webinar.title} ({when(webinar.starts_at, webinar.ends_at)})")
        for webinar in webinars
    ]


def _render_form(form, event, warnings=None, *, status):
    return render_template(
        "events/form.html",
        form=form,
        event=event,
        warnings=warnings or {},
        gemeenten=services.gemeente_names(),
    ), status


@bp.route("/events/new", methods=["GET", "POST"])
@permission_required(Permission.SUBMIT_EVENTS)
def submit():
    form = EventForm()
    _webinar_choices(form, None)
    if request.method == "GET" and current_user.organisation:
        form.organisation.data = current_user.organisation
    warnings = {}
    if form.validate_on_submit():
        warnings = announcement_warnings(form, current_user.id)
        if not warnings:
            try:
                event = services.submit_event(current_user, form.values())
            except services.EventError as error:
                db.session.rollback()
                apply_error(form, error)
                return _render_form(form, None, status=error.status)
            flash(_("Thank you. A moderator reviews your event before it is published."), "success")
            return redirect(url_for("events.detail", event_id=event.id))
    return _render_form(form, None, warnings, status=422 if form.is_submitted() else 200)


EDIT_MESSAGES = {
    services.EditOutcome.SAVED: lambda: (_("Your changes have been saved."), "success"),
    services.EditOutcome.CHANGE_WAITS: lambda: (
        _(
            "A moderator reviews the new time or place. Until then the event shows the "
            "published time and place."
        ),
        "info",
    ),
    services.EditOutcome.WEBINAR_CHANGE_WAITS: lambda: (
        _(
            "A moderator reviews the change of the Verbind webinar. Until then the event "
            "shows the published version, with its webinar and registration."
        ),
        "info",
    ),
    services.EditOutcome.CHANGE_APPLIED: lambda: (
        _("The new time or place is published; everyone registered gets a mail."),
        "success",
    ),
}


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MEMBER_AREA)
def edit(event_id):
    event = _event_or_404(event_id, public_only=False)
    if not policies.may_edit_event(current_user, event):
        abort(403)
    form = EventForm(obj=event)
    _webinar_choices(form, event)
    if request.method == "GET":
        form.webinar_id.data = event.webinar_id or 0
        form.starts.data = local_time(event.starts_at).replace(tzinfo=None)
        form.ends.data = local_time(event.ends_at).replace(tzinfo=None)
        # A new time or place that waits for review is what the organiser last asked for.
        for name, value in services.pending_change_form_values(event).items():
            form[name].data = value
    warnings = {}
    if form.validate_on_submit():
        warnings = announcement_warnings(form, current_user.id)
        if not warnings:
            try:
                outcome = services.edit_event(current_user, event, form.values())
            except services.EventError as error:
                db.session.rollback()
                apply_error(form, error)
                return _render_form(form, event, status=error.status)
            flash(*EDIT_MESSAGES[outcome]())
            return redirect(url_for("events.detail", event_id=event.id))
    return _render_form(form, event, warnings, status=422 if form.is_submitted() else 200)


@bp.route("/events/<int:event_id>/cancel-event", methods=["GET", "POST"])
@permission_required(Permission.MEMBER_AREA)
def cancel_event(event_id):
    """Cancelling asks first (this page), then tells everyone registered."""
    event = _event_or_404(event_id, public_only=False)
    if not policies.may_edit_event(current_user, event):
        abort(403)
    try:
        services.check_cancellable(event)
    except services.EventError as error:
        flash(str(error), "error")
        return redirect(url_for("events.detail", event_id=event.id))
    form = CancelEventForm()
    warnings = {}
    if form.validate_on_submit():
        privacy = privacy_warnings(form, current_user.id, form.reason.data)
        if privacy:
            warnings = {"privacy": privacy}
        else:
            try:
                services.cancel_event(current_user, event, form.reason.data)
            except services.EventError as error:
                db.session.rollback()
                apply_error(form, error)
                return _render_cancel_form(form, event, warnings, status=error.status)
            flash(_("The event has been cancelled; everyone registered gets a mail."), "info")
            return redirect(url_for("events.detail", event_id=event.id))
    return _render_cancel_form(form, event, warnings, status=422 if form.is_submitted() else 200)


def _render_cancel_form(form, event, warnings, *, status):
    return render_template(
        "events/cancel.html",
        form=form,
        event=event,
        warnings=warnings,
        people=len(services.people_to_tell(event)),
    ), status


@bp.route("/mine")
@permission_required(Permission.SUBMIT_EVENTS)
def mine():
    events = db.session.scalars(
        select(Event).where(Event.organiser_id == current_user.id).order_by(Event.starts_at.desc())
    ).all()
    counts = {event.id: services.registered_count(event.id) for event in events}
    return render_template(
        "events/mine.html", events=events, counts=counts, status_labels=EVENT_STATUS_LABELS
    )


@bp.route("/events/<int:event_id>/registrations")
@permission_required(Permission.MEMBER_AREA)
def registrations(event_id):
    event = _event_or_404(event_id, public_only=False)
    if not policies.may_see_registrations(current_user, event):
        abort(403)
    rows = services.registrations_for(event)
    csv_wanted = request.args.get("format") == "csv"
    log_access(
        current_user,
        [row.user_id for row in rows],
        AccessKind.EVENT_REGISTRATIONS_CSV if csv_wanted else AccessKind.EVENT_REGISTRATIONS,
        detail=event.title,
    )
    if csv_wanted:
        header = [_("Name"), _("E-mail address"), _("Organisation"), _("Status"), _("Since")]
        registrants = [
            [
                row.user.name,
                row.user.email,
                row.user.organisation,
                REGISTRATION_STATUS_LABELS.get(row.status, row.status),
                local_time(row.status_since).strftime("%d-%m-%Y %H:%M"),
            ]
            for row in rows
        ]
        return csv_download([header, *registrants], f"aanmeldingen-{event.id}.csv")
    return render_template(
        "events/registrations.html",
        event=event,
        rows=rows,
        status_labels=REGISTRATION_STATUS_LABELS,
    )


# --- visitors: registration ----------------------------------------------------------------------


@bp.route("/events/<int:event_id>/register", methods=["POST"])
@permission_required(Permission.MEMBER_AREA)
def register(event_id):
    event = _event_or_404(event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        registration = services.register(current_user, event)
    except services.EventError as error:
        flash(str(error), "error")
    else:
        if registration.status == "registered":
            flash(_("You are registered."), "success")
        else:
            flash(
                _("This event is full: you are on the waiting list and move up automatically."),
                "info",
            )
    return redirect(url_for("events.detail", event_id=event.id))


@bp.route("/events/<int:event_id>/cancel", methods=["POST"])
@permission_required(Permission.MEMBER_AREA)
def cancel(event_id):
    event = _event_or_404(event_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.cancel(current_user, event)
    except services.EventError as error:
        flash(str(error), "error")
    else:
        flash(_("Your registration has been cancelled."), "info")
    return redirect(url_for("events.detail", event_id=event.id))


# --- moderators ----------------------------------------------------------------------------------


def _render_review_queue(
    reviewing=None, review_form=None, warnings=None, status=200, *, change_form=None
):
    """The pending events and the waiting changes of published ones, each with its own
    decision form; `reviewing` is the event whose decision (on the event, or with change_form
    on its change) came back with the privacy guard's warning, shown with what was typed."""
    pending = db.session.scalars(
        select(Event)
        .where(Event.status == EventStatus.PENDING)
        .options(selectinload(Event.pending_change))
        .order_by(Event.updated_at)
    ).all()
    changed = db.session.scalars(
        select(Event)
        .join(Event.pending_change)
        .where(Event.status == EventStatus.APPROVED)
        .options(contains_eager(Event.pending_change))
        .order_by(EventChange.created_at)
    ).all()
    webinar_titles = services.webinar_titles_of(changed)
    if reviewing is not None and change_form is None and reviewing not in pending:
        pending = [reviewing, *pending]
    return render_template(
        "events/review.html",
        events=pending,
        changes=[(event, services.change_rows(event, webinar_titles)) for event in changed],
        form=ReviewForm(formdata=None),
        blank_change_form=ChangeReviewForm(formdata=None),
        reviewing_id=reviewing.id if reviewing is not None and change_form is None else None,
        reviewing_change_id=reviewing.id if change_form is not None else None,
        review_form=review_form,
        change_form=change_form,
        audiences=AUDIENCE_LABELS,
        warnings=warnings or {},
    ), status


@bp.route("/review")
@permission_required(Permission.APPROVE_EVENTS)
def review_queue():
    return _render_review_queue()


@bp.route("/events/<int:event_id>/review", methods=["POST"])
@permission_required(Permission.APPROVE_EVENTS)
def review(event_id):
    event = _event_or_404(event_id, public_only=False)
    return _decide(
        event,
        ReviewForm(),
        services.review_event,
        lambda form, warnings: _render_review_queue(event, form, warnings, status=422),
    )


@bp.route("/events/<int:event_id>/change/review", methods=["POST"])
@permission_required(Permission.APPROVE_EVENTS)
def review_change(event_id):
    event = _event_or_404(event_id, public_only=False)
    return _decide(
        event,
        ChangeReviewForm(),
        services.review_change,
        lambda form, warnings: _render_review_queue(
            event, warnings=warnings, change_form=form, status=422
        ),
    )


def _decide(event, form, decide, render_with_warnings):
    """A moderator's decision on an event or on a change to it. The organiser reads the note,
    so it passes the privacy guard like the event itself."""
    if not form.validate_on_submit():
        flash(_("Choose a decision."), "error")
        return redirect(url_for("events.review_queue"))
    privacy = privacy_warnings(form, current_user.id, form.note.data)
    if privacy:
        return render_with_warnings(form, {"privacy": privacy})
    try:
        decide(current_user, event, form.decision.data, form.note.data)
    except services.EventError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("events.review_queue"))
    flash(_("Your decision has been saved."), "success")
    return redirect(url_for("events.review_queue"))


@bp.route("/editions", methods=["GET", "POST"])
@permission_required(Permission.GRANT_ROLES)
def editions():
    form = EditionForm()
    if form.validate_on_submit():
        if form.ends_on.data < form.starts_on.data:
            form.ends_on.errors = [_("The end must be after the start.")]
        else:
            edition = db.session.scalar(
                select(WeekEdition).where(WeekEdition.year == form.year.data)
            ) or WeekEdition(year=form.year.data)
            edition.theme = form.theme.data or ""
            edition.starts_on, edition.ends_on = form.starts_on.data, form.ends_on.data
            db.session.add(edition)
            db.session.commit()
            flash(_("The edition has been saved."), "success")
            return redirect(url_for("events.editions"))
    all_editions = db.session.scalars(select(WeekEdition).order_by(WeekEdition.year.desc())).all()
    status = 422 if form.is_submitted() and form.errors else 200
    return render_template("events/editions.html", form=form, editions=all_editions), status


@bp.app_template_global()
def week_can_review():
    return can(current_user, Permission.APPROVE_EVENTS)
