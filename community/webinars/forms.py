"""Webinar forms. Times are typed in Europe/Amsterdam and stored in UTC."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from community.forms import AnnouncementForm, Form, dutch_time_field
from community.webinars.polls import POLL_KIND_LABELS


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
        description=_l(
            "Attendees whose follow-up mail went without a recording get this link by e-mail "
            "once you save; changing it later sends nothing more."
        ),
    )
    questions_need_approval = BooleanField(_l("Questions need a moderator's approval"))
    related_course = SelectField(_l("Related course"), coerce=int, default=0)
    related_category = SelectField(_l("Related forum category"), coerce=int, default=0)


class PollForm(Form):
    """A poll the host prepares. The rules for its fields (lengths, 2-10 options without
    duplicates, the scale's bounds) are in polls.clean_poll, which the view asks."""

    kind = SelectField(
        _l("Kind of poll"),
        choices=[SelectChoice(str(kind), label) for kind, label in POLL_KIND_LABELS.items()],
        default="single",
    )
    question = StringField(
        _l("Question"),
        validators=[InputRequired(message=_l("Write the question.")), Length(max=300)],
    )
    options = TextAreaField(
        _l("Options, one per line"),
        validators=[Optional(), Length(max=2000)],
        description=_l("For single and multiple choice: 2 to 10 options."),
    )
    max_choices = IntegerField(
        _l("At most this many choices"),
        validators=[Optional()],
        description=_l("For multiple choice; empty: no limit."),
    )
    scale_min = IntegerField(_l("Scale from"), default=1, validators=[Optional()])
    scale_max = IntegerField(_l("Scale to"), default=5, validators=[Optional()])
    scale_min_label = StringField(
        _l("Label at the low end"), validators=[Optional(), Length(max=40)]
    )
    scale_max_label = StringField(
        _l("Label at the high end"), validators=[Optional(), Length(max=40)]
    )

    def poll_fields(self):
        """The fields as polls.clean_poll takes them."""
        return {
            "kind": self.kind.data,
            "question": self.question.data or "",
            "options": (self.options.data or "").splitlines(),
            "max_choices": self.max_choices.data,
            "scale_min": self.scale_min.data if self.scale_min.data is not None else 1,
            "scale_max": self.scale_max.data if self.scale_max.data is not None else 5,
            "scale_min_label": self.scale_min_label.data or "",
            "scale_max_label": self.scale_max_label.data or "",
        }
