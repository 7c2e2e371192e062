"""The base class of every form, and validators more than one form needs.

`Form` reads only the text fields of a submitted form (request.form): never an uploaded file or
a JSON body, which would put a file object, a number or a list where the form and the views
expect text. A file sent in place of a field is refused on that field, so the form comes back
with what the user typed in the other fields.
"""

from datetime import datetime

from flask import request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto  # FlaskForm's "no formdata given": read the request
from wtforms.validators import ValidationError

from community.arguments import EARLIEST_DATE, LATEST_DATE, outside_calendar_message


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
