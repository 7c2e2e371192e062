"""The base class of every form, validators more than one form needs, and the privacy guard's
confirmation that every form with text for other readers carries.

`Form` reads only the text fields of a submitted form (request.form): never an uploaded file or
a JSON body, which would put a file object, a number or a list where the form and the views
expect text. A file sent in place of a field is refused on that field, so the form comes back
with what the user typed in the other fields.
"""

from datetime import datetime

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto  # FlaskForm's "no formdata given": read the request
from wtforms import BooleanField, DateTimeLocalField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from community.arguments import EARLIEST_DATE, LATEST_DATE, outside_calendar_message
from community.markup import FormattingWithinLimits
from community.privacy import (
    confirmation_digest,
    confirmation_matches,
    identifiers_readers_see,
    privacy_excerpts,
)


class Form(FlaskForm):
    class Meta:
        def wrap_formdata(self, form, formdata):
            if formdata is _Auto:
                # Empty when nothing but a file or a JSON body came: then the fields are
                # empty, rather than left at their defaults as if nothing had been sent.
                return request.form if form.is_submitted() else None
            return formdata

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field in self:
            if field.name in request.files:
                # Instead of "fill this in": the field was sent, but as a file.
                field.errors = [_("Type text here: this field does not take a file.")]
                valid = False
        return valid


class InCalendar:
    """A date (or date and time) from EARLIEST_DATE to LATEST_DATE: outside them, converting
    to UTC or showing a week around it would leave the dates Python and the database hold."""

    def __call__(self, form, field):
        value = field.data
        if value is None:
            return
        day = value.date() if isinstance(value, datetime) else value
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValidationError(outside_calendar_message())


class PrivacyConfirmation:
    """For forms with text that other people read: the author's "I have checked" and the
    signature of the findings they were shown (see privacy_warnings)."""

    confirm_privacy = BooleanField(_l("I have checked: nobody can be recognised from this text"))
    privacy_digest = HiddenField(default="")
    privacy_confirmed = False  # set by privacy_warnings when the author confirmed what was shown


def privacy_warnings(form, user_id, *texts, markdown=()):
    """[(label, excerpt)] for the author to see before anything is stored, or [] when nothing
    was found or the author ticked the box for exactly the findings shown to them (then
    form.privacy_confirmed is True, to be recorded with the text). `texts` are field values;
    those whose position is in `markdown` are read as rendered Markdown."""
    found = [
        (text, identifiers_readers_see(text, markdown=index in markdown))
        for index, text in enumerate(texts)
        if text
    ]
    findings = [finding for _, text_findings in found for finding in text_findings]
    if not findings:
        return []
    if form.confirm_privacy.data and confirmation_matches(
        user_id, findings, form.privacy_digest.data
    ):
        form.privacy_confirmed = True
        return []
    form.privacy_digest.data = confirmation_digest(user_id, findings)
    form.confirm_privacy.data = False  # a box ticked for other findings does not count
    return [excerpt for text, found_here in found for excerpt in privacy_excerpts(text, found_here)]


class AnnouncementForm(PrivacyConfirmation, Form):
    """What a webinar and a Week event are announced with: a title and a Markdown description,
    both read by every visitor, so both go through the privacy guard (announcement_warnings)."""

    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Write a title.")),
            Length(min=5, max=200, message=_l("A title has 5 to 200 characters.")),
        ],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[
            DataRequired(message=_l("Write a description.")),
            Length(max=10_000, message=_l("At most 10,000 characters.")),
            FormattingWithinLimits(hard_breaks=False),
        ],
        description=_l("You can use Markdown."),
    )


def dutch_time_field(label, missing_message):
    """A date and time as the Dutch read a clock (a datetime-local input); the view turns it into
    UTC with community.clock.to_utc."""
    return DateTimeLocalField(
        label,
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(message=missing_message), InCalendar()],
    )


def announcement_warnings(form, user_id):
    """{"privacy": excerpts} for what visitors of a webinar or Week event read (its title and
    Markdown description), or {} when it may be saved. Other fields, such as an event's venue,
    are public on purpose."""
    privacy = privacy_warnings(form, user_id, form.title.data, form.description.data, markdown=(1,))
    return {"privacy": privacy} if privacy else {}


class ActionForm(Form):
    """A form with only a CSRF token, for buttons that change something."""
