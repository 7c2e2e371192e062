"""Webinar forms. Times are typed in Europe/Amsterdam and stored in UTC."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from community.forms import AnnouncementForm, dutch_time_field


class WebinarForm(AnnouncementForm):
    speakers = StringField(_l("Speakers"), validators=[Optional(), Length(max=300)])
    starts_at = dutch_time_field(_l("Starts (Dutch time)"), _l("Give a start date and time."))
    ends_at = dutch_time_field(_l("Ends (Dutch time)"), _l("Give an end date and time."))
    capacity = IntegerField(
        _l("Places"),
        default=100,
        validators=[
            InputRequired(message=_l("Give the number of places.")),
            NumberRange(min=1, max=10_000, message=_l("Between 1 and 10,000 places.")),
        ],
    )
    stream_url = StringField(
        _l("Link to the stream or meeting"),
        validators=[
            Optional(),
            Length(max=500),
            URL(require_tld=False, message=_l("This is not a valid link.")),
        ],
        description=_l("Shown to registered attendees from 15 minutes before the start."),
    )
    recording_url = StringField(
        _l("Link to the recording"),
        validators=[
            Optional(),
            Length(max=500),
            URL(require_tld=False, message=_l("This is not a valid link.")),
        ],
    )
    questions_need_approval = BooleanField(_l("Questions need a moderator's approval"))
    related_course = SelectField(_l("Related course"), coerce=int, default=0)
    related_category = SelectField(_l("Related forum category"), coerce=int, default=0)
