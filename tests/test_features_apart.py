"""Each feature stands on the shared parts, not on another feature: with one feature's blueprints
left out, the other features' pages still work (shared filters, forms and time helpers are the
app's, not a feature's)."""

import re

import flask
import pytest

from community import create_app
from community.demo import DEMO_PASSWORD, load_demo
from community.extensions import db
from tests.helpers import log_in

FEATURE_BLUEPRINTS = {
    "forum": {"forum", "forum_moderation"},
    "courses": {"courses", "certificates"},
    "webinars": {"webinars"},
    "events": {"events"},
}
# A list page of each feature, and the first detail page it links to.
FEATURE_PAGES = {
    "forum": ("/forum/", r'href="(/forum/q/\d+)"'),
    "courses": ("/courses/", r'href="(/courses/(?!mine)[\w-]+)"'),
    "webinars": ("/webinars/", r'href="(/webinars/\d+)"'),
    "events": ("/week/", r'href="(/week/events/\d+[^"]*)"'),
}


@pytest.fixture
def app_without(request, tmp_path, monkeypatch):
    left_out = FEATURE_BLUEPRINTS[request.param]
    register = flask.Flask.register_blueprint

    def register_unless_left_out(app, blueprint, **options):
        if blueprint.name not in left_out:
            register(app, blueprint, **options)

    monkeypatch.setattr(flask.Flask, "register_blueprint", register_unless_left_out)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'apart.sqlite'}"})
    monkeypatch.undo()
    with app.app_context():
        db.create_all()
        accounts = load_demo()
    yield app, request.param, accounts
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("app_without", sorted(FEATURE_BLUEPRINTS), indirect=True)
def test_the_other_features_work_without_one_feature(app_without):
    app, left_out, accounts = app_without
    admin_email = next(email for role, email, _password in accounts if role == "admin")
    client = app.test_client()
    assert log_in(client, admin_email, DEMO_PASSWORD).status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert f'href="{FEATURE_PAGES[left_out][0]}"' not in home.get_data(as_text=True)
    for feature, (list_page, detail_link) in FEATURE_PAGES.items():
        if feature == left_out:
            assert client.get(list_page).status_code == 404
            continue
        listing = client.get(list_page)
        assert listing.status_code == 200, (feature, list_page)
        detail = re.search(detail_link, listing.get_data(as_text=True))
        assert detail, f"{list_page} links to no {feature} page"
        page = client.get(detail.group(1))
        assert page.status_code == 200, (feature, detail.group(1))
        assert "0800-2000" in page.get_data(as_text=True)
