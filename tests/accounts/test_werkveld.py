"""The list of fields of work (werkveld) fits the professionals who use the meldcode, shows in
Dutch, and keeps every value stored before."""

import pytest

from community.accounts.models import FUNCTION_LABELS, Function, User
from tests.accounts.test_registration import register
from tests.helpers import page_text

STORED_BEFORE = (
    "wijkteam",
    "jgz",
    "kinderopvang",
    "onderwijs",
    "veilig_thuis",
    "gemeente",
    "other",
)


def test_every_value_stored_before_is_still_valid():
    assert set(STORED_BEFORE) <= {function.value for function in Function}
    assert all(len(function.value) <= 20 for function in Function)  # the column is String(20)
    assert set(FUNCTION_LABELS) == set(Function)


def test_registration_form_lists_the_fields_in_dutch(client):
    html = page_text(client.get("/account/register"))
    for label in (
        "GGZ",
        "Huisarts of huisartsenpraktijk",
        "Jeugdhulp",
        "Jeugdbescherming of jeugdreclassering",
        "Politie",
        "Verloskunde of kraamzorg",
        "Maatschappelijke opvang of vrouwenopvang",
        "Veilig Thuis",
        "Anders",
    ):
        assert f">{label}</option>" in html


@pytest.mark.parametrize("function", ["ggz", "huisarts", "jeugdbescherming", "politie"])
def test_a_new_field_can_be_chosen_at_registration(app, client, mail_log, function):
    assert register(client, function=function).status_code == 200
    with app.app_context():
        assert User.by_email("anouk.peters@wijkteam.example").function == function
