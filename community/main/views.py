"""The home page, the site's search and the language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from community import search as site_search
from community.arguments import InvalidArgument, page_arg
from community.extensions import db
from community.fulltext import search_terms
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


@bp.route("/search")
def search():
    """Forum questions, lessons, webinars and Week events in one list, filtered by kind."""
    typed = request.args.get("q", "")
    query_text = typed[: site_search.MAX_QUERY_LENGTH]
    kind = request.args.get("kind", "")
    if kind and kind not in site_search.KINDS:
        raise InvalidArgument(_("“kind” in the address must be one of: %(kinds)s.",
                                kinds=", ".join(site_search.KINDS)))  # fmt: skip
    page = page_arg()
    problem, status, results = None, 200, None
    if query_text.strip() and not search_terms(query_text):
        problem, status = _("Type at least one word with letters or digits to search."), 400
    elif query_text.strip():
        results = site_search.search_everything(
            current_user,
            query_text,
            kinds=[kind] if kind else None,
            page=page,
            per_page=current_app.config["SEARCH_RESULTS_PER_PAGE"],
        )
    return render_template(
        "main/search.html",
        query_text=query_text,
        shortened=len(typed) > len(query_text),
        kind=kind,
        problem=problem,
        results=results,
        kinds=[source.kind for source in site_search.searchable_sources(current_user)],
        labels=site_search.KIND_LABELS,
        icons=site_search.KIND_ICONS,
        kind_count=site_search.kind_count,
        total_count=site_search.total_count,
        hit_url=site_search.hit_url,
    ), status
