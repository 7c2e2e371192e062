"""Forms of the courses: a moderator's grant of extra quiz attempts to a learner."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from community.forms import Form, PrivacyConfirmation
from courses.learning import MAX_EXTRA_ATTEMPTS


class ExtraAttemptsForm(PrivacyConfirmation, Form):
    email = StringField(
        _l("E-mail address of the learner"),
        validators=[
            DataRequired(message=_l("Fill in the learner's e-mail address.")),
            Length(max=254, message=_l("At most 254 characters.")),
        ],
    )
    count = IntegerField(
        _l("Extra attempts"),
        default=1,
        validators=[
            InputRequired(message=_l("Fill in a number of attempts.")),
            NumberRange(
                min=1,
                max=MAX_EXTRA_ATTEMPTS,
                message=_l("Grant 1 to %(max)d attempts.", max=MAX_EXTRA_ATTEMPTS),
            ),
        ],
    )
    note = TextAreaField(
        _l("Note (the learner reads it)"),
        validators=[Length(max=500, message=_l("At most 500 characters."))],
        description=_l("Why, or what to read again first. No details about clients."),
    )
