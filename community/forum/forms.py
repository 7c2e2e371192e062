"""Forum forms. Length and type are checked here and again in the services."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from community.forms import Form, PrivacyConfirmation
from community.forum.models import FlagReason
from community.markup import FormattingWithinLimits

FLAG_REASON_LABELS = {
    FlagReason.PERSONAL_DATA: _l("Contains personal data of a client or family"),
    FlagReason.INAPPROPRIATE: _l("Inappropriate or disrespectful"),
    FlagReason.SPAM: _l("Spam or advertising"),
    FlagReason.ACUTE: _l("Describes an acute unsafe situation"),
    FlagReason.OTHER: _l("Something else"),
}


class GuardFields(PrivacyConfirmation):
    """Set when the author has seen the privacy or acute-danger warning and posts anyway."""

    acknowledge_danger = HiddenField(default="")


def _body_field(label, maximum, minimum):
    return TextAreaField(
        label,
        validators=[
            DataRequired(message=_l("Write your text.")),
            Length(
                min=minimum,
                max=maximum,
                message=_l("Write between %(min)d and %(max)d characters."),
            ),
            FormattingWithinLimits(),
        ],
        description=_l("You can use Markdown: **bold**, *italic*, lists and links."),
    )


class QuestionForm(GuardFields, Form):
    category = SelectField(
        _l("Category"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose a category."))],
    )
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Write a title.")),
            Length(min=10, max=200, message=_l("A title has 10 to 200 characters.")),
        ],
        description=_l("Your question in one sentence."),
    )
    body = _body_field(_l("Your question"), 20_000, 20)
    tags = StringField(
        _l("Tags"),
        validators=[Optional(), Length(max=200, message=_l("At most 200 characters."))],
        description=_l("Up to 5, separated by commas, for example: baby, blauwe plekken"),
    )
    anonymous = BooleanField(
        _l("Ask without my name"),
        description=_l(
            "Other professionals see only 'a professional (without name)'. "
            "Moderators can see who asked."
        ),
    )
    # The lesson the question is asked at ("Ask about this lesson"): checked again on sending.
    lesson = HiddenField(default="")


class EditQuestionForm(GuardFields, Form):
    title = QuestionForm.title
    body = _body_field(_l("Question"), 20_000, 20)
    tags = QuestionForm.tags
    note = StringField(
        _l("What did you change? (optional)"), validators=[Optional(), Length(max=200)]
    )


class AnswerForm(GuardFields, Form):
    body = _body_field(_l("Your answer"), 20_000, 20)


class EditPostForm(GuardFields, Form):
    body = _body_field(_l("Text"), 20_000, 2)
    note = EditQuestionForm.note


class CommentForm(GuardFields, Form):
    body = TextAreaField(
        _l("Comment"),
        validators=[
            DataRequired(message=_l("Write your comment.")),
            Length(min=2, max=1000, message=_l("A comment has 2 to 1000 characters.")),
            FormattingWithinLimits(),
        ],
    )


class FlagForm(PrivacyConfirmation, Form):
    reason = SelectField(
        _l("Why should a moderator look at this?"),
        choices=[SelectChoice(reason.value, label) for reason, label in FLAG_REASON_LABELS.items()],
        validators=[InputRequired(message=_l("Choose a reason."))],
    )
    note = TextAreaField(
        _l("Explanation"),
        validators=[Optional(), Length(max=500, message=_l("At most 500 characters."))],
    )


class MoveForm(Form):
    category = SelectField(_l("Move to category"), coerce=int, validators=[InputRequired()])


class HideForm(PrivacyConfirmation, Form):
    reason = StringField(
        _l("Reason (shown to the author)"), validators=[Optional(), Length(max=300)]
    )


class DangerPhraseForm(Form):
    phrase = StringField(
        _l("New phrase"),
        validators=[
            DataRequired(message=_l("Write a phrase.")),
            Length(min=3, max=100, message=_l("A phrase has 3 to 100 characters.")),
        ],
    )
