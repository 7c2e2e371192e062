"""Account forms; each validates length and type on the server, messages in the user's language."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Regexp

from community.accounts.models import EMAIL_NOTIFICATION_LABELS, FUNCTION_LABELS, Function
from community.forms import Form

EMAIL_MAX = 254
PASSWORD_MAX = 200


def _function_choices():
    return [SelectChoice(function.value, FUNCTION_LABELS[function]) for function in Function]


def _notification_choices():
    return [
        SelectChoice(choice.value, label) for choice, label in EMAIL_NOTIFICATION_LABELS.items()
    ]


def _language_choices():
    return [SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]


def _email_field(label=None):
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            DataRequired(message=_l("Fill in your e-mail address.")),
            Length(max=EMAIL_MAX, message=_l("An e-mail address has at most 254 characters.")),
            Email(message=_l("This is not a valid e-mail address."), check_deliverability=False),
        ],
    )


def _new_password_fields():
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(message=_l("Choose a password.")),
            Length(max=PASSWORD_MAX, message=_l("A password has at most 200 characters.")),
        ],
        description=_l("At least 10 characters. A sentence of a few words works well."),
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[
            DataRequired(message=_l("Repeat your password.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )
    return password, confirm


class ProfileFields:
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(message=_l("Fill in your name.")),
            Length(max=100, message=_l("A name has at most 100 characters.")),
        ],
    )
    organisation = StringField(
        _l("Organisation"),
        validators=[
            DataRequired(message=_l("Fill in your organisation.")),
            Length(max=150, message=_l("An organisation has at most 150 characters.")),
        ],
    )
    function = SelectField(
        _l("Field of work"),
        choices=_function_choices,
        validators=[InputRequired(message=_l("Choose your field of work."))],
        validate_choice=True,
    )
    gemeente = StringField(
        _l("Municipality (gemeente)"),
        validators=[
            DataRequired(message=_l("Fill in the municipality you work in.")),
            Length(max=100, message=_l("A municipality has at most 100 characters.")),
        ],
        description=_l("The municipality where you mostly work."),
    )


class RegistrationForm(ProfileFields, Form):
    email = _email_field()
    password, password_repeat = _new_password_fields()
    request_verification = BooleanField(
        _l("I work with children or families and want to post in the forum"),
        default=True,
        description=_l(
            "A moderator checks your details before you can ask and answer questions. "
            "Reading, courses and webinars are open to every member."
        ),
    )


class LoginForm(Form):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(message=_l("Fill in your e-mail address.")),
            Length(max=EMAIL_MAX, message=_l("An e-mail address has at most 254 characters.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(message=_l("Fill in your password.")),
            Length(max=PASSWORD_MAX, message=_l("A password has at most 200 characters.")),
        ],
    )
    remember = BooleanField(_l("Remember me on this device"))


class EmailOnlyForm(Form):
    email = _email_field()


class ResetPasswordForm(Form):
    password, password_repeat = _new_password_fields()


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Current password"),
        validators=[
            DataRequired(message=_l("Fill in your current password.")),
            Length(max=PASSWORD_MAX, message=_l("A password has at most 200 characters.")),
        ],
    )
    password, password_repeat = _new_password_fields()


class ProfileForm(ProfileFields, Form):
    handle = StringField(
        _l("Mention name"),
        validators=[
            DataRequired(message=_l("Choose a mention name.")),
            Regexp(
                r"^[a-z0-9_]{3,30}$",
                message=_l("Use 3 to 30 lower-case letters, digits or underscores."),
            ),
        ],
        description=_l("Colleagues mention you in the forum with @ and this name."),
    )
    locale = SelectField(
        _l("Language"),
        choices=_language_choices,
        validators=[InputRequired()],
        validate_choice=True,
    )
    notify_email = SelectField(
        _l("E-mail about notifications"),
        choices=_notification_choices,
        validators=[InputRequired()],
        validate_choice=True,
    )


class DeleteAccountForm(Form):
    password = PasswordField(
        _l("Your password"),
        validators=[
            DataRequired(message=_l("Fill in your password to delete your account.")),
            Length(max=PASSWORD_MAX, message=_l("A password has at most 200 characters.")),
        ],
    )
