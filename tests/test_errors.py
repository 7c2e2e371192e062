"""UserError, the base of the errors a user can fix, and apply_error, which shows one on its
form: on the field it names, on a default field, or flashed above the form."""

import pytest
from flask import get_flashed_messages
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired

from community.accounts.services import AccountError
from community.errors import UserError, apply_error
from community.events.services import EventError
from community.forms import Form
from community.forum.services import ForumError
from community.webinars.services import WebinarError
from courses.learning import LearningError


class NoteForm(Form):
    class Meta:
        csrf = False

    title = StringField("Title", validators=[DataRequired(message="Give a title.")])
    note = TextAreaField("Note")


def test_a_user_error_takes_its_field_and_status_as_keywords():
    error = UserError("Write more.", field="title", status=403)
    assert str(error) == "Write more."
    assert error.field == "title"
    assert error.status == 403


def test_a_user_error_without_keywords_is_about_the_whole_form_and_a_422():
    error = UserError("Check the form.")
    assert error.field is None
    assert error.status == 422


def test_field_and_status_cannot_be_passed_in_order():
    with pytest.raises(TypeError):
        UserError("Write more.", "title")
    with pytest.raises(TypeError):
        UserError("Write more.", "title", 403)


@pytest.mark.parametrize(
    ("error_class", "status"),
    [
        (ForumError, 422),
        (EventError, 422),
        (AccountError, 422),
        (WebinarError, 409),
        (LearningError, 409),
    ],
)
def test_each_feature_error_is_a_user_error_with_its_own_default_status(error_class, status):
    assert issubclass(error_class, UserError)
    assert error_class("Nope.").status == status
    assert error_class("Nope.", status=403).status == 403
    # A status given to one error is not the class's default for the next.
    assert error_class("Nope.").status == status


def test_apply_error_puts_the_message_on_the_field_it_names(app):
    with app.test_request_context(method="POST", data={"title": "Een titel"}):
        form = NoteForm()
        apply_error(form, ForumError("Too short.", field="title"))
        assert form.title.errors == ["Too short."]
        assert get_flashed_messages() == []


def test_apply_error_keeps_the_errors_validation_found(app):
    with app.test_request_context(method="POST", data={"title": ""}):
        form = NoteForm()
        assert not form.validate()
        apply_error(form, ForumError("Too short.", field="title"))
        assert form.title.errors == ["Give a title.", "Too short."]


def test_apply_error_flashes_an_error_about_the_whole_form(app):
    with app.test_request_context(method="POST", data={"title": "Een titel"}):
        form = NoteForm()
        apply_error(form, EventError("You may not edit this event.", status=403))
        assert get_flashed_messages(with_categories=True) == [
            ("error", "You may not edit this event.")
        ]
        assert not form.title.errors and not form.note.errors


@pytest.mark.parametrize("field", ["reason", "validate", "data"])
def test_apply_error_flashes_an_error_for_a_field_the_form_does_not_have(app, field):
    # "validate" and "data" are attributes of every form, but not fields.
    with app.test_request_context(method="POST", data={"title": "Een titel"}):
        form = NoteForm()
        apply_error(form, ForumError("Choose a reason.", field=field))
        assert get_flashed_messages(with_categories=True) == [("error", "Choose a reason.")]


def test_apply_error_puts_an_error_without_a_field_on_the_default_field(app):
    with app.test_request_context(method="POST", data={"title": "Een titel"}):
        form = NoteForm()
        apply_error(form, AccountError("No pending request."), default_field="note")
        apply_error(form, AccountError("Too short.", field="title"), default_field="note")
        assert form.note.errors == ["No pending request."]
        assert form.title.errors == ["Too short."]
        assert get_flashed_messages() == []
