"""Forms of the Week calendar. Times are typed in Dutch time."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from community.events.models import Audience, EventRegistrationStatus, EventStatus
from community.forms import (
    AnnouncementForm,
    Form,
    InCalendar,
    PrivacyConfirmation,
    dutch_time_field,
)

AUDIENCE_LABELS = {
    Audience.EVERYONE: _l("Everyone"),
    Audience.PROFESSIONALS: _l("Professionals"),
    Audience.PARENTS: _l("Parents"),
    Audience.YOUTH: _l("Children and young people"),
}

# What organisers see for a registration's state (page and CSV export).
REGISTRATION_STATUS_LABELS = {
    EventRegistrationStatus.REGISTERED: _l("registered"),
    EventRegistrationStatus.WAITING: _l("on the waiting list"),
    EventRegistrationStatus.CANCELLED: _l("cancelled"),
}


# What organisers and moderators see for an event's review state.
EVENT_STATUS_LABELS = {
    EventStatus.PENDING: _l("waiting for review"),
    EventStatus.CHANGES_REQUESTED: _l("changes requested"),
    EventStatus.APPROVED: _l("published"),
    EventStatus.REJECTED: _l("rejected"),
}


class EventForm(AnnouncementForm):
    starts = dutch_time_field(_l("Starts (Dutch time)"), _l("Give a start date and time."))
    ends = dutch_time_field(_l("Ends (Dutch time)"), _l("Give an end date and time."))
    online = BooleanField(_l("This event is online"))
    online_url = StringField(
        _l("Link for the online event"),
        description=_l("Only people who registered see it, on the page and in their calendar."),
        validators=[
            Optional(),
            Length(max=500),
            URL(require_tld=False, message=_l("This is not a valid link.")),
        ],
    )
    # The choices are the webinars this person may link (set by the view); the service checks
    # the choice, so a number that is not among them gets its reason, not "not a valid choice".
    webinar_id = SelectField(
        _l("Verbind webinar"),
        coerce=int,
        default=0,
        validate_choice=False,
        description=_l(
            "An online event can be a Verbind webinar you host: people register on the "
            "webinar's page and ask questions and answer polls live. The webinar's time must "
            "lie within the event's time."
        ),
    )
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=200)])
    address = StringField(
        _l("Address"),
        validators=[Optional(), Length(max=300)],
        description=_l("Street and house number."),
    )
    postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=10)])
    gemeente = StringField(_l("Municipality (gemeente)"), validators=[Optional(), Length(max=100)])
    audience = RadioField(
        _l("For whom"),
        default=Audience.EVERYONE.value,
        choices=[SelectChoice(a.value, label) for a, label in AUDIENCE_LABELS.items()],
        validators=[InputRequired(message=_l("Choose for whom."))],
    )
    organisation = StringField(
        _l("Organisation"),
        validators=[DataRequired(message=_l("Fill in your organisation.")), Length(max=150)],
    )
    capacity = IntegerField(
        _l("Places (optional)"),
        validators=[Optional(), NumberRange(min=1, max=100_000, message=_l("At least 1 place."))],
    )
    contact = StringField(
        _l("Contact"),
        validators=[Optional(), Length(max=200)],
        description=_l("An e-mail address or phone number for questions."),
    )
    registration_mode = SelectField(
        _l("Registration"),
        default="none",
        choices=[
            SelectChoice("none", _l("No registration needed")),
            SelectChoice("verbind", _l("Register on Verbind")),
            SelectChoice("external", _l("Register elsewhere (link)")),
        ],
    )
    external_url = StringField(
        _l("Registration link"),
        validators=[
            Optional(),
            Length(max=500),
            URL(require_tld=False, message=_l("This is not a valid link.")),
        ],
    )

    def values(self):
        return {
            "title": self.title.data,
            "description": self.description.data,
            "starts": self.starts.data,
            "ends": self.ends.data,
            "online": self.online.data,
            "online_url": self.online_url.data,
            "webinar_id": self.webinar_id.data or None,
            "venue": self.venue.data,
            "address": self.address.data,
            "postcode": self.postcode.data,
            "gemeente": self.gemeente.data,
            "audience": self.audience.data,
            "organisation": self.organisation.data,
            "capacity": self.capacity.data,
            "contact": self.contact.data,
            "registration_mode": self.registration_mode.data,
            "external_url": self.external_url.data,
            "privacy_confirmed": self.privacy_confirmed,
        }


class ReviewForm(PrivacyConfirmation, Form):
    decision = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice("approve", _l("Approve and publish")),
            SelectChoice("changes", _l("Ask for changes")),
            SelectChoice("reject", _l("Reject")),
        ],
        validators=[InputRequired(message=_l("Choose a decision."))],
    )
    # The organiser reads the note: it must not repeat what made the event identifying.
    note = TextAreaField(_l("Note to the organiser"), validators=[Optional(), Length(max=1000)])


class ChangeReviewForm(PrivacyConfirmation, Form):
    """A moderator's decision on a new time or place of a published event."""

    decision = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice("approve", _l("Approve: registrants get the new time and place")),
            SelectChoice("decline", _l("Decline: the published time and place stay")),
        ],
        validators=[InputRequired(message=_l("Choose a decision."))],
    )
    note = TextAreaField(_l("Note to the organiser"), validators=[Optional(), Length(max=1000)])


class CancelEventForm(PrivacyConfirmation, Form):
    # Everyone registered reads the reason (on the page and in the mail): the privacy guard reads
    # it first.
    reason = TextAreaField(
        _l("Reason (optional, shown on the page and in the mail)"),
        validators=[Optional(), Length(max=1000, message=_l("At most 1,000 characters."))],
    )


class EditionForm(Form):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    theme = StringField(_l("Theme"), validators=[Optional(), Length(max=200)])
    starts_on = DateField(_l("First day"), validators=[InputRequired(), InCalendar()])
    ends_on = DateField(_l("Last day"), validators=[InputRequired(), InCalendar()])
