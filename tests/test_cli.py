"""Command-line commands: create an administrator, load the demo."""

import pytest

from community.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.helpers import log_in, page_text


def test_create_admin_makes_a_confirmed_administrator(app, runner):
    result = runner.invoke(
        args=["users", "create-admin", "--name", "Els de Wit", "--email", "Els@Verbind.example",
              "--password", "een-lang-beheerderswachtwoord"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "els@verbind.example is now an administrator." in result.output
    client = app.test_client()
    assert log_in(client, "els@verbind.example", "een-lang-beheerderswachtwoord").status_code == 302
    assert client.get("/admin/users").status_code == 200


def test_create_admin_refuses_a_weak_password(runner):
    result = runner.invoke(
        args=["users", "create-admin", "--name", "Els", "--email", "els@verbind.example",
              "--password", "kort"],
    )  # fmt: skip
    assert result.exit_code != 0
    assert "10" in result.output


def test_create_admin_prompts_when_options_are_missing(runner):
    result = runner.invoke(
        args=["users", "create-admin"],
        input="Els de Wit\nels@verbind.example\neen-lang-wachtwoord\neen-lang-wachtwoord\n",
    )
    assert result.exit_code == 0, result.output
    assert "now an administrator" in result.output


def test_demo_load_prints_one_login_per_role(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    for role, _name, email, *_ in DEMO_ACCOUNTS:
        assert role.value in result.output
        assert email in result.output
    assert DEMO_PASSWORD in result.output


def test_demo_load_refuses_a_database_with_users_unless_if_empty(runner):
    runner.invoke(args=["demo", "load"])
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code != 0
    assert "already has users" in again.output
    tolerant = runner.invoke(args=["demo", "load", "--if-empty"])
    assert tolerant.exit_code == 0
    assert "Demo not loaded" in tolerant.output


# What each demo account may open: the administration is for moderators and admins.
EXPECTED_ADMIN_STATUS = {
    "member": 403,
    "professional": 403,
    "organiser": 403,
    "moderator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role, name, email", [(r.value, n, e) for r, n, e, *_ in DEMO_ACCOUNTS])
def test_each_demo_account_logs_in_and_sees_what_its_role_allows(app, runner, role, name, email):
    runner.invoke(args=["demo", "load"])
    client = app.test_client()
    assert log_in(client, email, DEMO_PASSWORD).status_code == 302
    assert name in page_text(client.get("/account/profile"))
    assert client.get("/admin/users").status_code == EXPECTED_ADMIN_STATUS[role]


def test_demo_has_members_waiting_for_verification(app, runner):
    runner.invoke(args=["demo", "load"])
    client = app.test_client()
    log_in(client, "moderator@verbind.example", DEMO_PASSWORD)
    html = page_text(client.get("/admin/users?filter=pending"))
    assert "Fatima Bakker" in html and "Tom Verhoeven" in html
