"""Forms of the administration pages."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from community.forms import Form, PrivacyConfirmation


class DeclineForm(PrivacyConfirmation, Form):
    note = TextAreaField(
        _l("Reason (sent to the applicant)"),
        validators=[
            DataRequired(message=_l("Explain briefly why, so the applicant knows what to do.")),
            Length(max=500, message=_l("At most 500 characters.")),
        ],
    )


class RolesForm(Form):
    roles = SelectMultipleField(
        _l("Roles"),
        choices=[],
        validate_choice=True,
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )


class EraseAccountForm(Form):
    reason = TextAreaField(
        _l("Reason (for the erasure log)"),
        validators=[
            DataRequired(message=_l("Write down why, for instance how the person asked.")),
            Length(max=500, message=_l("At most 500 characters.")),
        ],
        description=_l(
            "For instance: asked by e-mail to the privacy officer on 3 March. Do not write the "
            "person's name: the log keeps only the account number."
        ),
    )
