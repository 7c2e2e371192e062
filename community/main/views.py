"""The home page and the language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from community.extensions import db
from community.main import home
from community.security import safe_redirect_target

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    features = home.enabled_features(current_app.view_functions)
    if current_user.is_authenticated:
        return render_template(
            "main/index.html", mine=home.personal_home(current_user, features), features=features
        )
    return render_template("main/index.html", public=home.public_home(features), features=features)


@bp.route("/language", methods=["POST"])
def set_language():
    # CSRF is checked by CSRFProtect before this view runs.
    chosen = request.form.get("locale", "")
    if chosen in current_app.config["LANGUAGES"]:
        session["locale"] = chosen
        if current_user.is_authenticated:
            current_user.locale = chosen
            db.session.commit()
    return redirect(safe_redirect_target(request.form.get("next")) or url_for("main.index"))


@bp.route("/help")
def help_page():
    return render_template("main/help.html")


@bp.route("/privacy")
def privacy():
    return render_template("main/privacy.html")
