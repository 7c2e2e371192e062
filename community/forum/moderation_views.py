"""Moderation pages: the flag queue, actions on posts, the moderation log, acute-danger phrases."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields import SelectChoice

from community.access_log import AccessKind, log_access
from community.arguments import paginate
from community.errors import apply_error
from community.extensions import db
from community.forms import ActionForm, privacy_warnings
from community.forum import moderation
from community.forum.danger import DEFAULT_DANGER_PHRASES
from community.forum.forms import DangerPhraseForm, HideForm, MoveForm
from community.forum.models import Category, DangerPhrase, Post, Question
from community.forum.services import ForumError
from community.permissions import Permission, permission_required

bp = Blueprint("forum_moderation", __name__, url_prefix="/forum/moderation")


def _post_or_404(post_id):
    post = db.session.get(Post, post_id)
    if post is None:
        abort(404)
    return post


def _question_or_404(question_id):
    question = db.session.get(Question, question_id)
    if question is None:
        abort(404)
    return question


def _back_to(post):
    target = request.form.get("next")
    if target == "queue":
        return redirect(url_for("forum_moderation.queue"))
    question_id = post.question_id or post.id
    return redirect(url_for("forum.question", question_id=question_id) + f"#post-{post.id}")


def _run(action, post):
    """Do a moderation action; a user-fixable problem becomes a flash, not an error page."""
    try:
        action()
    except ForumError as error:
        db.session.rollback()
        if error.status == 403:
            abort(403)
        flash(str(error), "error")
        return False
    return True


@bp.route("/")
@permission_required(Permission.MODERATE_FORUM)
def queue():
    page = paginate(moderation.flag_queue(), per_page=20)
    flags = moderation.open_flags_for([post.id for post in page.items])
    rows = [(post, len(flags.get(post.id, []))) for post in page.items]
    # The queue names the authors of posts written without a name.
    log_access(
        current_user,
        [post.author_id for post in page.items if post.anonymous],
        AccessKind.ANONYMOUS_AUTHOR,
    )
    return render_template(
        "forum/moderation/queue.html",
        page=page,
        rows=rows,
        flags=flags,
        action_form=ActionForm(),
        hide_form=HideForm(),
    )


@bp.route("/posts/<int:post_id>/hide", methods=["POST"])
@permission_required(Permission.MODERATE_FORUM)
def hide(post_id):
    post = _post_or_404(post_id)
    form = HideForm()
    if not form.validate_on_submit():
        abort(400)
    # The author reads the reason in a notification: it passes the privacy guard like a post.
    # The forms that send it are small and inline, so the warning comes on a page of its own.
    privacy = privacy_warnings(form, current_user.id, form.reason.data)
    if privacy:
        return render_template(
            "forum/moderation/hide.html",
            post=post,
            form=form,
            back_to=request.form.get("next", ""),
            warnings={"privacy": privacy},
        ), 422
    if _run(lambda: moderation.hide_post(current_user, post, form.reason.data or ""), post):
        flash(_("The post is hidden."), "success")
    return _back_to(post)


@bp.route("/posts/<int:post_id>/restore", methods=["POST"])
@permission_required(Permission.MODERATE_FORUM)
def restore(post_id):
    post = _post_or_404(post_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if _run(lambda: moderation.restore_post(current_user, post), post):
        flash(_("The post is visible again."), "success")
    return _back_to(post)


@bp.route("/posts/<int:post_id>/dismiss", methods=["POST"])
@permission_required(Permission.MODERATE_FORUM)
def dismiss(post_id):
    post = _post_or_404(post_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if _run(lambda: moderation.dismiss_flags(current_user, post), post):
        flash(_("The flags have been dismissed; the post stays as it is."), "info")
    return _back_to(post)


@bp.route("/questions/<int:question_id>/lock", methods=["POST"])
@permission_required(Permission.MODERATE_FORUM)
def lock(question_id):
    question = _question_or_404(question_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    locked = request.form.get("locked") == "1"
    if _run(lambda: moderation.set_locked(current_user, question, locked), question):
        flash(_("The question is locked.") if locked else _("The question is open again."), "info")
    return _back_to(question)


@bp.route("/questions/<int:question_id>/pin", methods=["POST"])
@permission_required(Permission.MODERATE_FORUM)
def pin(question_id):
    question = _question_or_404(question_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    pinned = request.form.get("pinned") == "1"
    if _run(lambda: moderation.set_pinned(current_user, question, pinned), question):
        flash(
            _("The question is pinned at the top of its category.")
            if pinned
            else _("The question is no longer pinned."),
            "info",
        )
    return _back_to(question)


@bp.route("/questions/<int:question_id>/move", methods=["POST"])
@permission_required(Permission.MODERATE_FORUM)
def move(question_id):
    question = _question_or_404(question_id)
    form = MoveForm()
    form.category.choices = [SelectChoice(c.id, c.label) for c in moderation.categories()]
    if not form.validate_on_submit():
        flash(_("Choose a category."), "error")
        return _back_to(question)
    category = db.session.get(Category, form.category.data)
    if _run(lambda: moderation.move_question(current_user, question, category), question):
        flash(_("The question has been moved to %(category)s.", category=category.label), "info")
    return _back_to(question)


@bp.route("/log")
@permission_required(Permission.MODERATE_FORUM)
def log():
    page = paginate(moderation.moderation_log(), per_page=50)
    return render_template(
        "forum/moderation/log.html", page=page, action_labels=moderation.ACTION_LABELS
    )


@bp.route("/danger-phrases", methods=["GET", "POST"])
@permission_required(Permission.MODERATE_FORUM)
def danger_phrases():
    form = DangerPhraseForm()
    status = 200
    if form.validate_on_submit():
        try:
            moderation.add_danger_phrase(current_user, form.phrase.data)
        except ForumError as error:
            db.session.rollback()
            apply_error(form, error, default_field="phrase")
            status = 422
        else:
            flash(_("The phrase has been added."), "success")
            return redirect(url_for("forum_moderation.danger_phrases"))
    elif form.is_submitted():
        status = 422
    extra = db.session.scalars(db.select(DangerPhrase).order_by(DangerPhrase.phrase)).all()
    return render_template(
        "forum/moderation/danger.html",
        form=form,
        defaults=DEFAULT_DANGER_PHRASES,
        extra=extra,
        action_form=ActionForm(),
    ), status


@bp.route("/danger-phrases/<int:phrase_id>/delete", methods=["POST"])
@permission_required(Permission.MODERATE_FORUM)
def delete_danger_phrase(phrase_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        moderation.remove_danger_phrase(current_user, phrase_id)
    except ForumError as error:
        abort(error.status)
    flash(_("The phrase has been removed."), "info")
    return redirect(url_for("forum_moderation.danger_phrases"))
